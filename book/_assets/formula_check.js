/* Formula exercises in the static HTML book: read what the reader types with mathjs, show it
 * typeset by MathJax as they type, and check it numerically at random points (the method of
 * WeBWorK). The spec comes from backprop_core.answers (FormulaSpec.to_json), embedded in
 * <div class="bc-formula" data-spec="...">: the symbols with their sampling intervals, the
 * expected expression and the diagnoses (wrong expressions with their messages) in mathjs
 * syntax, and the message table. The lexical checks mirror backprop_core/formula_syntax.py
 * rule for rule, so the kernel and the page accept, refuse and explain the same inputs.
 *
 * Two values a (answer) and e (expected) agree at a point when |a - e| <= max(RTOL |e|, ATOL):
 * a relative tolerance with an absolute floor for points where e is (nearly) zero. Points are
 * drawn uniformly from each symbol's interval by a generator seeded from the spec, so a page
 * checks the same way every time; points where e is not a finite real number are skipped.
 * An answer equals a candidate when they agree at all NPOINTS points.
 *
 * Loaded by node too (tests/test_formula_js.py): then it only exports the checker.
 */
(function () {
  "use strict";
  const RTOL = 1e-9;
  const ATOL = 1e-12;
  const NPOINTS = 12;
  const MAX_DRAWS = 400;
  const MAX_LENGTH = 300;  // as formula_syntax.MAX_LENGTH
  const FUNCTIONS = {
    sigma: (a) => 1 / (1 + Math.exp(-a)), exp: null, log: null, sqrt: null, tanh: null,
  };
  const CONSTANTS = ["pi"];
  const TOKEN = /\s*(?:(\d+\.?\d*|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(\*\*|[-+*/^()])|(\S))/y;

  function fill(template, text, item, symbols) {
    return template.replace(/\{text\}/g, () => text).replace(/\{item\}/g, () => item)
      .replace(/\{symbols\}/g, () => symbols.join(", "));
  }

  // ---- the lexical checks of formula_syntax.py, in the same order ---------------------
  function tokenize(text) {
    const tokens = [];
    TOKEN.lastIndex = 0;
    let m;
    while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text)) !== null) {
      if (m[4] !== undefined) return { bad: m[4] };
      if (m[1] !== undefined) tokens.push(["num", m[1]]);
      else if (m[2] !== undefined) tokens.push(["name", m[2]]);
      else if (m[3] !== undefined) tokens.push(["op", m[3]]);
    }
    return { tokens };
  }
  const isOp = (t, s) => t !== undefined && t[0] === "op" && t[1] === s;
  const unary = (tokens, i) => i === 0 || (tokens[i - 1][0] === "op" && tokens[i - 1][1] !== ")");

  function termHasDivision(tokens, i) {
    let depth = 0;
    for (let j = i; j >= 0; j--) {
      const [kind, txt] = tokens[j];
      if (txt === ")") depth += 1;
      else if (txt === "(") { if (depth === 0) return false; depth -= 1; }
      else if (depth === 0 && kind === "op" && (txt === "+" || txt === "-") && !unary(tokens, j)) {
        return false;
      } else if (depth === 0 && txt === "/") return true;
    }
    return false;
  }

  function lexProblem(text, symbols) {
    if (text.length > MAX_LENGTH) return ["long", String(MAX_LENGTH)];
    const { tokens, bad } = tokenize(text);
    if (bad !== undefined) return ["char", bad];
    if (!tokens.length) return ["empty", ""];
    const names = {};
    for (const s of symbols.concat(CONSTANTS)) names[s] = "s";
    for (const f of Object.keys(FUNCTIONS)) names[f] = "f";
    let depth = 0;
    for (const t of tokens) {
      if (isOp(t, "(")) depth += 1;
      if (isOp(t, ")")) depth -= 1;
      if (depth < 0) return ["unbalanced", ""];
    }
    if (depth) return ["unbalanced", ""];
    for (let i = 0; i < tokens.length; i++) {
      const [kind, txt] = tokens[i];
      if (kind === "name" && !Object.prototype.hasOwnProperty.call(names, txt)) return ["unknown", txt];
      if (kind === "name" && names[txt] === "f" && !isOp(tokens[i + 1], "(")) return ["call", txt];
    }
    const operandEnd = (t) => t[0] === "num" || isOp(t, ")") || (t[0] === "name" && names[t[1]] !== "f");
    const operandStart = (t) => t[0] === "num" || t[0] === "name" || isOp(t, "(");
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      const nxt = tokens[i + 1];
      const binary = tok[0] === "op" && tok[1] !== "(" && tok[1] !== ")";
      if (binary && (nxt === undefined || isOp(nxt, ")"))) return ["dangling", tok[1]];
      if (binary && tok[1] !== "+" && tok[1] !== "-" && unary(tokens, i)) {
        return i === 0 ? ["starts", tok[1]] : ["operators", tokens[i - 1][1] + tok[1]];
      }
      if (isOp(tok, "(") && isOp(nxt, ")")) return ["empty_parens", ""];
      if (nxt !== undefined && tok[0] === "num" && nxt[0] === "num") {
        return ["numbers", tok[1] + " " + nxt[1]];
      }
      if (nxt !== undefined && operandEnd(tok) && operandStart(nxt) && termHasDivision(tokens, i)) {
        return ["ambiguous", ""];
      }
    }
    return null;
  }

  // ---- reading with mathjs ------------------------------------------------------------
  function makeChecker(math, spec) {
    const symbols = spec.symbols.map((s) => s[0]);
    const variables = new Set(symbols.concat(CONSTANTS));
    const texOf = { pi: "\\pi" };
    for (const [name, , , tex] of spec.symbols) texOf[name] = tex;
    const msg = spec.messages;

    // mathjs reads s(1-s) as a call of s: a call of a variable is a product.
    function products(node) {
      return node.transform(function (n) {
        if (n.type === "FunctionNode" && n.fn.type === "SymbolNode" && variables.has(n.fn.name)) {
          const factor = new math.ParenthesisNode(products(n.args[0]));
          return new math.OperatorNode("*", "multiply", [new math.SymbolNode(n.fn.name), factor], true);
        }
        return n;
      });
    }
    function texHandler(node, options) {
      if (node.type === "SymbolNode" && Object.prototype.hasOwnProperty.call(texOf, node.name)) {
        return " " + texOf[node.name];  // the space mathjs puts before a symbol (\cdot x)
      }
      if (node.type === "FunctionNode" && node.fn.name === "sigma") {
        return "\\sigma\\left(" + node.args[0].toTex(options) + "\\right)";
      }
      return undefined;
    }
    // Read a typed formula: {node, tex} or {problem: message}.
    function read(text) {
      const trimmed = text.trim();
      const problem = lexProblem(text, symbols);
      if (problem) return { problem: fill(msg[problem[0]], trimmed, problem[1], symbols) };
      let node;
      try {
        node = products(math.parse(trimmed.replace(/\*\*/g, "^")));
      } catch (err) {
        return { problem: fill(msg.unreadable, trimmed, "", symbols) };
      }
      // An implicit product is typeset with a thin space (mathjs writes "~", a full space).
      const tex = node.toTex({ parenthesis: "keep", implicit: "hide", handler: texHandler })
        .replace(/~/g, "\\,");
      return { node, tex };
    }

    // Seeded points (mulberry32), drawn once; those where the expected value is not finite
    // are skipped.
    let state = spec.seed >>> 0;
    function random() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    const scopeBase = { sigma: FUNCTIONS.sigma };
    const expected = math.compile(spec.expected);
    const finite = (v) => typeof v === "number" && Number.isFinite(v);
    const points = [];
    for (let draw = 0; draw < MAX_DRAWS && points.length < NPOINTS; draw++) {
      const scope = Object.assign({}, scopeBase);
      for (const [name, lo, hi] of spec.symbols) scope[name] = lo + (hi - lo) * random();
      const e = expected.evaluate(Object.assign({}, scope));
      if (finite(e)) points.push({ scope, e });
    }
    const values = (compiled) => points.map((p) => {
      try { return compiled.evaluate(Object.assign({}, p.scope)); } catch (err) { return NaN; }
    });
    const agree = (a, e) => Math.abs(a - e) <= Math.max(RTOL * Math.abs(e), ATOL);
    const same = (as, bs) => as.every((a, i) => finite(a) ? finite(bs[i]) && agree(a, bs[i])
      : !finite(bs[i]));
    const diagnoses = spec.diagnoses.map(([kind, expr, message]) => ({
      kind, message, values: values(math.compile(expr)),
    }));
    const expectedValues = points.map((p) => p.e);

    function ratioText(r) {
      for (let q = 1; q <= 1000; q++) {
        const p = Math.round(r * q);
        if (Math.abs(p / q - r) <= RTOL * Math.abs(r)) return q === 1 ? String(p) : p + "/" + q;
      }
      return String(Number(r.toPrecision(4)));
    }
    function constantRatio(answer) {
      const ratios = [];
      answer.forEach((a, i) => { if (Math.abs(expectedValues[i]) > ATOL) ratios.push(a / expectedValues[i]); });
      if (!ratios.length || !ratios.every(finite)) return null;
      const r = ratios[0];
      if (!ratios.every((x) => agree(x, r)) || agree(r, 0) || agree(r, 1) || agree(r, -1)) return null;
      return r;
    }
    const wrong = (item) => fill(msg.wrong, "", item, symbols);

    // {status, message, kind, tex}: the verdict of formula_syntax/answers.py, from numbers.
    function check(text) {
      if (points.length < NPOINTS) {
        return { status: "malformed", message: "This exercise cannot be checked here.", kind: "" };
      }
      const r = read(text);
      if (r.problem) return { status: "malformed", message: r.problem, kind: "" };
      const answer = values(r.node.compile());
      if (same(answer, expectedValues)) {
        return { status: "correct", message: msg.correct, kind: "", tex: r.tex };
      }
      for (const d of diagnoses) {
        if (same(answer, d.values)) return { status: "wrong", message: wrong(d.message), kind: d.kind, tex: r.tex };
      }
      const ratio = constantRatio(answer);
      if (ratio !== null) {
        const message = wrong(fill(msg.constant, "", ratioText(ratio), symbols));
        return { status: "wrong", message, kind: "constant", tex: r.tex };
      }
      return { status: "wrong", message: wrong(msg.nothing), kind: "", tex: r.tex };
    }
    return { read, check, points };
  }

  // ---- the page -------------------------------------------------------------------------
  function messageHtml(text) {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return escaped.replace(/`([^`]*)`/g, "<code>$1</code>").replace(/\$([^$]*)\$/g, "\\($1\\)");
  }
  let mathjaxQueue = Promise.resolve();
  function withMathJax(job) {
    // MathJax is loaded deferred; its calls must not overlap, so they queue up here.
    mathjaxQueue = mathjaxQueue.then(() => {
      const mj = window.MathJax;
      if (!mj || !mj.startup || !mj.startup.promise) return job(null);
      return mj.startup.promise.then(() => job(mj));
    }).catch((err) => console.warn("formula preview:", err));
    return mathjaxQueue;
  }
  function showPreview(el, tex) {
    return withMathJax((mj) => {
      if (tex === null) { el.replaceChildren(); return null; }
      if (!mj) { el.textContent = tex; return null; }
      mj.texReset();
      const options = mj.getMetricsFor(el);
      options.display = false;
      return mj.tex2chtmlPromise(tex, options).then((node) => {
        const label = document.createElement("span");
        label.className = "bc-answer-preview-label";
        label.textContent = "reads as ";
        el.replaceChildren(label, node);
        mj.startup.document.clear();
        mj.startup.document.updateDocument();
      });
    });
  }
  function showReply(el, verdict) {
    el.classList.remove("bc-correct", "bc-wrong", "bc-malformed");
    el.classList.add("bc-" + verdict.status);
    el.dataset.status = verdict.status;
    el.dataset.kind = verdict.kind;
    return withMathJax((mj) => {
      if (mj) mj.typesetClear([el]);
      el.innerHTML = messageHtml(verdict.message);
      return mj ? mj.typesetPromise([el]) : null;
    });
  }
  function setUp(box, math) {
    const checker = makeChecker(math, JSON.parse(box.dataset.spec));
    const input = box.querySelector(".bc-answer-input");
    const preview = box.querySelector(".bc-answer-preview");
    const reply = box.querySelector(".bc-answer-reply");
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const r = input.value.trim() ? checker.read(input.value) : {};
        showPreview(preview, r.tex === undefined ? null : r.tex);
      }, 150);
    });
    const run = () => showReply(reply, checker.check(input.value));
    box.querySelector(".bc-answer-check").addEventListener("click", run);
    input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") run(); });
    box.classList.add("bc-ready");
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { makeChecker, lexProblem, RTOL, ATOL, NPOINTS };
  } else {
    const start = () => {
      if (!window.math) { console.error("formula_check.js: mathjs is not loaded"); return; }
      document.querySelectorAll(".bc-formula[data-spec]").forEach((box) => setUp(box, window.math));
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
