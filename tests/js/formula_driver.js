// Runs book/_assets/formula_check.js under node for tests/test_formula_js.py.
// stdin: {"mathjs": <path of the mathjs package>, "spec": <FormulaSpec.to_json()>,
//         "inputs": [...], "exprs": [...]}
// stdout: {"verdicts": [{status, message, kind, tex}], "values": [[...]], "points": [...]}:
// the verdict on each input, and each mathjs expression of "exprs" evaluated at the points.
"use strict";
const path = require("path");
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const math = require(job.mathjs);
  const { makeChecker } = require(path.join(__dirname, "..", "..", "book", "_assets", "formula_check.js"));
  const checker = makeChecker(math, job.spec);
  const verdicts = job.inputs.map((text) => checker.check(text));
  const scopes = checker.points.map((p) => p.scope);
  const values = (job.exprs || []).map((e) => {
    const c = math.compile(e);
    return scopes.map((s) => c.evaluate(Object.assign({}, s)));
  });
  const points = scopes.map((s) => {
    const out = {};
    for (const [name] of job.spec.symbols) out[name] = s[name];
    return out;
  });
  process.stdout.write(JSON.stringify({ verdicts, values, points }));
});
