"""backprop_core.sources.ledger and .refute: verdicts need proofs or numeric counterexamples;
the tables and their links; counterexamples against finite differences and SymPy; the
appendix's labels, one per paragraph, and its tables' links to them."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import backprop_core as bc
from backprop_core import sources
from backprop_core.symbolic import identical, symbolic_mlp


@pytest.fixture(scope="module")
def v23():
    return sources.probe(symbolic_mlp([2, 3, 2], "sigmoid", weight_names=["w", "u"]))


def test_ledger_verdicts_ids_counts_and_table(v23):
    ledger = sources.Ledger(seed=1)
    y1, t1 = v23.h(2, 1), v23.t(1)
    truth = v23.d("L", ("h", 2, 1))
    assert ledger.definition("D.1", "sec", "$L$", [(v23.loss, v23.loss)]) == "correct"
    assert ledger.check("D.2", "sec", "$a|b$", [(y1 - t1, truth)]) == "correct"
    with pytest.raises(ValueError, match="needs a checked correction"):
        ledger.check("D.3", "sec", "wrong", [(t1 - y1, truth)])
    with pytest.raises(ValueError, match="correction is not proved"):
        ledger.check("D.3", "sec", "wrong", [(t1 - y1, truth)], correction="x", fixed=[(t1, truth)])
    assert (
        ledger.check(
            "D.3", "sec", "wrong", [(t1 - y1, truth)], correction="fix", fixed=[(y1 - t1, truth)]
        )
        == "wrong"
    )
    assert (
        ledger.check(
            "D.4",
            "sec",
            "inh",
            [(2 * (y1 - t1), truth)],
            correction="fix",
            fixed=[(y1 - t1, truth)],
            inherited=True,
        )
        == "wrong (inherited)"
    )
    with pytest.raises(ValueError, match="needs no correction"):
        ledger.check("D.5", "sec", "ok", [(truth, truth)], correction="fix")
    assert ledger.slip("D.5", "sec", "$w_{ii}$", "$w_{ij}$", [(truth, truth)]) == "slip"
    assert ledger.lost("D.6", "sec", 'image "1"', "the loss") == "lost"
    with pytest.raises(ValueError, match=r"expected the id 'D\.7' next"):
        ledger.lost("D.9", "sec", "x", "y")
    assert ledger.claim("D.C1", "sec", "a claim", "holds", "always") == "holds"
    with pytest.raises(ValueError, match="a claim's verdict is one of"):
        ledger.claim("D.C2", "sec", "a claim", "maybe", "")
    counts = ledger.counts()
    assert counts["D"] == counts["all"]
    assert dict(counts["D"]) == {
        "correct": 2,
        "wrong": 1,
        "wrong (inherited)": 1,
        "slip": 1,
        "lost": 1,
    }
    assert ledger.verdicts("D.2", "D.4") == ["correct", "wrong", "wrong (inherited)"]
    assert ledger.report("D.1", "D.3") == "D.1 to D.2: correct\nD.3: wrong"
    table = str(ledger.table())
    lines = table.splitlines()
    assert lines[0] == "| entry | location | formula | verdict | correction |"
    assert len(lines) == 2 + 6
    assert r"$a\|b$" in table  # pipes are escaped
    assert "| $L$ (definition) | correct | — |" in lines[2]
    assert "| **wrong** |" in lines[4] and "| **wrong** (inherited) |" in lines[5]
    claims = ledger.table(claims=True)
    assert claims.header[-1] == "holds when" and len(claims.rows) == 1
    assert ledger.table(verdict="lost").rows[0][0] == "[D.6](#errata-d-6)"
    assert ledger.table(verdict="lost", links=False).rows[0][0] == "D.6"
    assert claims.rows[0][0] == "[D.C1](#errata-d-c1)"
    assert ledger.table()._repr_markdown_() == table
    errors = ledger.table(verdict=("wrong", "wrong (inherited)", "slip"))
    assert [r[0].split("]")[0] for r in errors.rows] == ["[D.3", "[D.4", "[D.5"]
    with pytest.raises(ValueError, match=r"no such verdict \['worng'\]"):
        ledger.table(verdict=("wrong", "worng"))
    with pytest.raises(ValueError, match="no such verdict"):
        ledger.table(claims=True, verdict="lost")
    assert [e.proofs for e in ledger.entries] == [1, 1, 1, 1, 1, 0, 0]
    counted = ledger.count_table()
    assert counted.header[:4] == ["document", "formulas", "correct", "of them definitions"]
    assert counted.rows == [["[D]", "6", "2", "1", "1", "1", "1", "1"],
                            ["all", "6", "2", "1", "1", "1", "1", "1"]]  # fmt: skip
    # Formulas quoted together link to their paragraph's one label; claims keep their own.
    ledger.paragraphs("D", [1, 3, 6])
    assert [e.anchor for e in ledger.entries] == [
        "errata-d-1", "errata-d-1", "errata-d-3", "errata-d-3", "errata-d-3", "errata-d-6",
        "errata-d-c1"]  # fmt: skip
    assert ledger.table().rows[1][0] == "[D.2](#errata-d-1)"
    for bad in ([2, 3], [1, 7], []):  # must start at D.1, only at formulas
        with pytest.raises(ValueError, match="paragraphs must start at formulas"):
            ledger.paragraphs("D", bad)


def test_entry_anchor_and_a_check_needs_pairs(v23):
    assert sources.Entry("F25.29", "s", "f", "wrong").anchor == "errata-f25-29"
    assert sources.Entry("V23.C2", "s", "c", "fails", kind="claim").anchor == "errata-v23-c2"
    with pytest.raises(ValueError, match="nothing to check"):
        sources.Ledger().check("D.1", "sec", "f", [])


def test_wrong_needs_a_numeric_difference(v23):
    ledger = sources.Ledger()
    truth = v23.d("L", ("h", 2, 1))
    # equal, but not provably so by independent atoms: sin^2 + cos^2 = 1
    y1, t1 = v23.h(2, 1), v23.t(1)
    same = y1 - t1 + sp.sin(y1) ** 2 + sp.cos(y1) ** 2 - 1
    assert not identical(same, truth)
    with pytest.raises(ValueError, match="no pair was shown to differ"):
        ledger.check("E.1", "sec", "f", [(same, truth)], correction="c", fixed=[(truth, truth)])


def test_counterexample_agrees_with_finite_differences():
    sym = symbolic_mlp([2, 2, 1], "sigmoid")
    P = sources.probe(sym)
    net = bc.MLP([2, 2, 1], "sigmoid", seed=3)
    rng = np.random.default_rng(3)
    net.b[1], net.b[2] = rng.normal(size=2), rng.normal(size=1)
    x, t = rng.normal(size=2), rng.uniform(size=1)
    w = P.w(2, 1, 1)
    delta = P.d("L", ("a", 2, 1))
    table = sources.counterexample(
        sym, net, x, t, {"w": (w, 2 * delta * P.h(1, 1), delta * P.h(1, 1))}
    )
    col = table.columns
    # Oracles: the symbolic gradient lambdified into mpmath (another evaluation path of the
    # same exact derivative, so equal after rounding) and the package's float64 backprop.
    exact = dict(zip(sym.params, sym.gradient(net, x, t)))[w]
    assert col["SymPy"][0] == exact and col["corrected"][0] == exact
    assert col["as stated"][0] == 2 * exact
    assert col["finite diff."][0] == pytest.approx(exact, rel=1e-7, abs=0)
    float64 = net.backprop(x[None, :], t[None, :]).dW[2][0, 0]
    assert float64 == pytest.approx(exact, rel=1e-12, abs=0)


def test_counterexample_on_a_bias_free_network():
    sym = symbolic_mlp([2, 2, 1], "sigmoid", biases=False)
    P = sources.probe(sym)
    net = bc.MLP([2, 2, 1], "sigmoid", seed=4)
    x, t = np.array([0.3, -0.7]), np.array([0.2])
    w = P.w(1, 2, 1)
    g = sp.diff(P.loss, w)
    table = sources.counterexample(sym, net, x, t, {"w": (w, g, g)})
    assert table.columns["finite diff."][0] == pytest.approx(
        table.columns["SymPy"][0], rel=1e-7, abs=0
    )


APPENDIX = Path(__file__).resolve().parents[1] / "book" / "appendix_errata.ipynb"
TARGET = re.compile(r"^ *(?:- )?\((errata-[a-z0-9-]+)\)=$", re.M)


def test_appendix_labels_one_per_paragraph_and_every_table_link_has_one():
    """JupyterLab keeps one label per paragraph (a second label in a row gets no anchor), and a
    table row linking to a label the markdown does not define goes nowhere there."""
    cells = json.loads(APPENDIX.read_text())["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    stacked = [m for md in markdown for m in re.findall(r"\)=\n(?= *\((errata-[a-z0-9-]+)\)=)", md)]
    assert not stacked, f"labels right after another label (no anchor in JupyterLab): {stacked}"
    labels = {m for md in markdown for m in TARGET.findall(md)}
    outputs = json.dumps([c.get("outputs", []) for c in cells if c["cell_type"] == "code"])
    links = set(re.findall(r"\]\(#(errata-[a-z0-9-]+)\)", outputs + "".join(markdown)))
    assert len(links) >= 40 and not links - labels, sorted(links - labels)  # 24 + 16 claims


def test_chapter_links_to_appendix_entries_reach_a_label():
    """A chapter's `[V23.22](appendix_errata.ipynb#errata-v23-22)` must name a label the
    appendix defines (the build also warns, but this names the chapter)."""
    cells = json.loads(APPENDIX.read_text())["cells"]
    labels = {m for c in cells if c["cell_type"] == "markdown"
              for m in TARGET.findall("".join(c["source"]))}  # fmt: skip
    found = 0
    for path in sorted(APPENDIX.parent.glob("*.ipynb")):
        for c in json.loads(path.read_text())["cells"]:
            if c["cell_type"] != "markdown":
                continue
            for label in re.findall(
                r"\[[^\]]*\]\(appendix_errata\.ipynb#([^)\s]+)\)", "".join(c["source"])
            ):
                found += 1
                assert label in labels, f"{path.name}: no label {label!r} in the appendix"
    assert found >= 10, "the chapters' links to appendix entries were not found"
