"""Two-way links between the book's equations and the package's code, and the API page's coverage.

- Every equation label a docstring of backprop_core cites (the Sphinx role :eq:`label`, which
  links to the equation in its chapter) is a labelled equation `$$ ... $$ (label)` of a chapter,
  and a docstring names an equation only through that role (a bare label would not link). Labels
  in code comments must exist too.
- Every labelled equation that some docstring cites is followed, in its chapter's markdown cell,
  by an "Implemented by" paragraph of links [`name`](#backprop_core.module.function) to the API
  page; every function it links to cites that equation (or, for a paragraph after two equations,
  one of them), and each link's text names the same object as its target.
- book/api.md documents every public module and every name of backprop_core.__all__.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sphinx.pycode import ModuleAnalyzer

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "backprop_core"
API_PAGE = ROOT / "book" / "api.md"

LABEL = r"eq-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*"
EQ_ROLE = re.compile(rf":eq:`({LABEL})`")
ANY_LABEL = re.compile(rf"(?<![\w-])({LABEL})")
EQUATION_END = re.compile(rf"^[ \t]*\$\$[ \t]*\(({LABEL})\)[ \t]*$", re.M)
LINK = re.compile(r"\[`([^`]+)`\]\(#([\w.]+)\)")
BACKLINK = "Implemented by"


def chapters() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]


def markdown_cells() -> Iterator[tuple[str, int, str]]:
    for path in chapters():
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            if cell["cell_type"] == "markdown":
                yield path.stem, i, "".join(cell["source"])


def defined_labels() -> dict[str, str]:
    """{label: chapter} for every labelled display equation of the book."""
    labels: dict[str, str] = {}
    for chapter, _, text in markdown_cells():
        for label in EQUATION_END.findall(text):
            assert label not in labels, f"{label} is defined twice ({labels[label]}, {chapter})"
            labels[label] = chapter
    return labels


def modules() -> list[str]:
    walk = pkgutil.walk_packages([str(PACKAGE)], "backprop_core.")
    return sorted(["backprop_core", *(info.name for info in walk)])


def public_modules() -> list[str]:
    return [m for m in modules() if not any(p.startswith("_") for p in m.split("."))]


def module_file(name: str) -> Path:
    return Path(importlib.import_module(name).__file__)


def docstrings() -> dict[str, str]:
    """{qualified name: docstring} of every module, class, function and documented attribute
    (a string after it, or #: comments before it) of the package."""
    found: dict[str, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}.{child.name}"
                doc = ast.get_docstring(child, clean=False)
                if doc:
                    found[name] = doc
                visit(child, name)

    for name in modules():
        tree = ast.parse(module_file(name).read_text())
        doc = ast.get_docstring(tree, clean=False)
        if doc:
            found[name] = doc
        visit(tree, name)
        for (owner, attr), lines in ModuleAnalyzer.for_module(name).find_attr_docs().items():
            found[".".join(p for p in (name, owner, attr) if p)] = "\n".join(lines)
    return found


def citations() -> dict[str, set[str]]:
    """{qualified name: labels its docstring cites with :eq:}."""
    return {name: set(EQ_ROLE.findall(doc)) for name, doc in docstrings().items()}


def resolve(target: str) -> object:
    """The object at a canonical path module.qualname (the longest importable prefix is the
    module: `backprop_core.gradcheck.gradcheck` is the function of module gradcheck)."""
    parts = target.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(target)


def as_reader_sees(name: str) -> object:
    """What `name` is for a reader who ran `import backprop_core as bc` (and imported the
    submodule it mentions): attributes first, so `bc.gradcheck` is the function of that name."""
    parts = ("backprop_core." + name[3:] if name.startswith("bc.") else name).split(".")
    obj, path = importlib.import_module(parts[0]), parts[0]
    for attr in parts[1:]:
        path = f"{path}.{attr}"
        obj = getattr(obj, attr) if hasattr(obj, attr) else importlib.import_module(path)
    return obj


def backlinks() -> list[dict]:
    """Every "Implemented by" paragraph: where it is, the labelled equations it follows (those
    after the previous such paragraph of its cell) and its links as (text, target)."""
    found = []
    for chapter, cell, text in markdown_cells():
        events = [(m.start(), "equation", m.group(1)) for m in EQUATION_END.finditer(text)]
        paragraphs = rf"(?:^|\n[ \t]*\n)[ \t]*({BACKLINK}\b.*?)(?=\n[ \t]*\n|\Z)"
        for m in re.finditer(paragraphs, text, re.S):
            events.append((m.start(1), "backlink", m.group(1)))
        covered: list[str] = []
        for _, kind, value in sorted(events):
            if kind == "equation":
                covered.append(value)
                continue
            found.append(
                {"where": f"{chapter} cell {cell}", "labels": covered,
                 "links": LINK.findall(value), "text": value}
            )  # fmt: skip
            covered = []
    return found


def cited_labels() -> dict[str, set[str]]:
    """{label: qualified names of the docstrings citing it}."""
    by_label: dict[str, set[str]] = {}
    for name, labels in citations().items():
        for label in labels:
            by_label.setdefault(label, set()).add(name)
    return by_label


def test_every_cited_label_is_a_labelled_equation() -> None:
    labels = defined_labels()
    assert len(labels) > 50, "the chapters' labelled equations were not found"
    missing = {
        name: sorted(cited - labels.keys())
        for name, cited in citations().items()
        if cited - labels.keys()
    }
    assert not missing, f"docstrings cite equations no chapter labels: {missing}"


def test_docstrings_name_equations_only_through_the_eq_role() -> None:
    bare = {}
    for name, doc in docstrings().items():
        rest = EQ_ROLE.sub("", doc)
        if ANY_LABEL.search(rest):
            bare[name] = ANY_LABEL.findall(rest)
    assert not bare, f"write :eq:`label` so that the API page links to the equation: {bare}"


def test_labels_in_code_comments_exist() -> None:
    labels = defined_labels()
    unknown = {}
    for name in modules():
        for lineno, line in enumerate(module_file(name).read_text().splitlines(), start=1):
            if "#" in line:
                for label in ANY_LABEL.findall(line.split("#", 1)[1]):
                    if label not in labels:
                        unknown[f"{name}:{lineno}"] = label
    assert not unknown, f"comments name equations no chapter labels: {unknown}"


def test_every_cited_equation_links_back_to_code_that_cites_it() -> None:
    cited = cited_labels()
    covering = {}
    for para in backlinks():
        for label in para["labels"]:
            covering.setdefault(label, []).append(para)
    problems = []
    for label, names in sorted(cited.items()):
        paras = covering.get(label, [])
        if len(paras) != 1:
            problems.append(f"{label} (cited by {sorted(names)}): {len(paras)} backlinks")
            continue
        targets = {target for _, target in paras[0]["links"]}
        if not targets & names:
            problems.append(f"{label}: backlink {sorted(targets)} names none of {sorted(names)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("para", backlinks(), ids=lambda p: p["where"])
def test_backlink_names_functions_that_cite_its_equations(para: dict) -> None:
    cites = citations()
    assert para["labels"], f"an {BACKLINK} paragraph must follow a labelled equation"
    assert para["links"], f"no [`name`](#target) link in: {para['text']}"
    assert len(para["links"]) == para["text"].count("](#"), "every link is [`name`](#target)"
    for text, target in para["links"]:
        assert target in cites, f"{target} is no documented function of backprop_core"
        assert cites[target] & set(para["labels"]), (
            f"{target}'s docstring cites none of {para['labels']} (it cites "
            f"{sorted(cites[target])})"
        )
        assert as_reader_sees(text) is resolve(target), f"the text {text} is not {target}"
        short = target.rsplit(".", 1)[-1]
        assert not short.startswith("_"), f"{target} is private: the API page omits it"


def automodules() -> dict[str, list[str]]:
    """{module: its options} for every automodule directive of the API page."""
    found: dict[str, list[str]] = {}
    lines = API_PAGE.read_text().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\.\. automodule:: ([\w.]+)\s*$", line)
        if m:
            options = []
            for opt in lines[i + 1 :]:
                if not re.match(r"\s+:", opt):
                    break
                options.append(opt.strip())
            found[m.group(1)] = options
    return found


def is_package(name: str) -> bool:
    return hasattr(importlib.import_module(name), "__path__")


def test_api_page_documents_every_public_module() -> None:
    options = automodules()
    missing = set(public_modules()) - options.keys()
    assert not missing, f"book/api.md has no automodule for {sorted(missing)}"
    for name in public_modules():
        # A package's names are documented where they are defined (a package's __all__ would
        # make autodoc describe them twice); a module lists its own members.
        if not is_package(name):
            assert ":members:" in options[name], f"{name}: automodule without :members:"
        assert not any(o.startswith(":exclude-members:") for o in options[name]), name


def documented_in(obj: object, name: str) -> str | None:
    """The module whose automodule documents `obj`, a package's `name`: a function's or class's
    own module; for data, the module with its #: doc comment (None if there is none)."""
    if inspect.isfunction(obj) or inspect.isclass(obj):
        return obj.__module__
    return next(
        (m for m in public_modules()
         if ("", name) in ModuleAnalyzer.for_module(m).find_attr_docs()
         and getattr(importlib.import_module(m), name, None) is obj),
        None,
    )  # fmt: skip


@pytest.mark.parametrize("package", [m for m in public_modules() if is_package(m)])
def test_api_page_documents_every_name_of_all(package: str) -> None:
    documented = automodules()
    problems = []
    for name in importlib.import_module(package).__all__:
        obj = getattr(importlib.import_module(package), name)
        if hasattr(obj, "__file__"):  # a module
            if obj.__name__ not in documented:
                problems.append(f"{name}: module {obj.__name__} not documented")
            continue
        home = documented_in(obj, name)
        if home is None:
            problems.append(f"{name}: data without a #: doc comment, so autodoc leaves it out")
            continue
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and not (obj.__doc__ or "").strip():
            problems.append(f"{name}: no docstring, so autodoc leaves it out")
        options = documented.get(home, [])
        explicit = [o.split(":", 2)[2].replace(",", " ").split() for o in options
                    if o.startswith(":members:") and o != ":members:"]  # fmt: skip
        if ":members:" not in options and not any(name in e for e in explicit):
            problems.append(f"{name}: its module {home} does not document it (:members:)")
        own_all = getattr(importlib.import_module(home), "__all__", None)
        if ":members:" in options and own_all is not None and name not in own_all:
            problems.append(f"{name}: not in {home}.__all__, so autodoc leaves it out")
    assert not problems, "\n".join(problems)
