"""The package's shape: layers that import downward only, no cycles, no hidden imports,
and extension points that take a new reader or mode through their registries alone."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import newsgold
import pytest
from newsgold.readers import registry
from newsgold.readers.records import DocPredictions, PredEntity, Reader
from newsgold.scoring import modes
from newsgold.scoring.match import KeyTier, OverlapTier

from tests.conftest import DOC_ID, ROOT

PACKAGE = ROOT / "eval" / "newsgold"
# Bottom to top: a module may import its own layer and the layers below it. A layer is a
# subpackage or a module; a module belongs to the longest layer its dotted name starts with.
LAYERS = ["version", "tags", "escape", "gold.errors", "gold.io", "tables", "gold", "readers", "scoring", "studies", "outputs", "baseline", "adapters", "api", "integrations", "dask", "cli", "__main__"]
# Modules that may import package modules inside a function: the CLI and the orchestrator
# (a command's modules load only when it runs, so scoring never pays for an import's), the adapter loader (each adapter pulls an optional extra) and the
# package itself (its public names load on first use; the imports it shows type checkers
# never run), and the entry point (it imports the command inside its Ctrl-C handler, so a
# Ctrl-C while the package loads is one line, not a traceback).
LAZY_ALLOWED = {"newsgold.cli", "newsgold.api", "newsgold.adapters", "newsgold", "newsgold.__main__"}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path) -> list[tuple[str, bool]]:
    """The package modules ``name`` imports, each with whether the import sits in a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("newsgold"):
                targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
                found += [(t, id(node) not in top_level) for t in targets]
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) not in top_level) for a in node.names if a.name.startswith("newsgold")]
    return found


def layer(module: str) -> str:
    name = module.partition(".")[2]
    return max((x for x in LAYERS if name == x or name.startswith(f"{x}.")), key=len, default=LAYERS[-1])  # the root: the top


def test_no_function_local_imports_of_the_package() -> None:
    hidden = [(m, t) for m, p in modules().items() if m not in LAZY_ALLOWED for t, local in imports(m, p) if local]
    assert hidden == []


def test_the_public_names_load_on_first_use_and_tags_loads_alone() -> None:
    code = ("import sys, newsgold.tags\n"
            "print(sorted(m for m in sys.modules if m.startswith('newsgold')))\n"
            "import newsgold\n"
            "print(sorted(n for n in newsgold.__all__ if getattr(newsgold, n, None) is None))")
    loaded, unresolved = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert loaded == "['newsgold', 'newsgold.tags']"
    assert unresolved == "[]"
    assert sorted(dir(newsgold)) == sorted(set(dir(newsgold)) | set(newsgold.__all__))


def test_imports_point_down_the_layers() -> None:
    known = modules()
    upward = []
    for m, p in known.items():
        if m == "newsgold":
            continue  # the package's __init__ re-exports the API
        for target, _ in imports(m, p):
            target = target if target in known else target.rpartition(".")[0]
            if LAYERS.index(layer(target)) > LAYERS.index(layer(m)):
                upward.append((m, target))
    assert upward == []


def test_no_import_cycles() -> None:
    known = modules()
    graph = {m: {t if t in known else t.rpartition(".")[0] for t, local in imports(m, p) if not local} - {"newsgold"} for m, p in known.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t] if t in stack else [m, t])
            elif t not in state:
                visit(t, [*stack, t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_every_subpackage_says_its_job() -> None:
    for sub in ("gold", "readers", "scoring", "outputs", "studies", "adapters", "baseline"):
        assert ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8"))), sub


def test_the_public_api_is_what_all_names() -> None:
    for name in newsgold.__all__:
        assert hasattr(newsgold, name), name
    for name in ("load_corpus", "read_predictions", "score", "report", "validate", "EntityConfig", "EventConfig", "Scored"):
        assert name in newsgold.__all__


# ---- extension points, used the way CONTRIBUTING.md describes ----------------------------


def _read_tsv(path: Path, documents, subtypes) -> tuple[list[DocPredictions], list]:
    """A toy format: ``doc_id<TAB>start<TAB>end<TAB>type`` per line."""
    by_doc: dict[str, list[PredEntity]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc_id, start, end, label = line.split("\t")
        by_doc.setdefault(doc_id, []).append(PredEntity(int(start), int(end), label))
    return [DocPredictions(d, tuple(es)) for d, es in by_doc.items()], []


@pytest.fixture
def toy_reader():
    reader = registry.register(Reader(
        name="toy-tsv", summary="doc_id, start, end, type per line", suffixes=(".toy",), read=_read_tsv,
        sniff=lambda path: path.read_text(encoding="utf-8").count("\t") >= 3,
    ))
    yield reader
    registry.unregister(reader.name)


def test_a_reader_added_through_the_registry_is_detected_offered_and_scored(toy_reader, tmp_path: Path, capsys) -> None:
    from newsgold.cli import main

    gold = json.loads((ROOT / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    path = tmp_path / "run.toy"
    path.write_text("".join(f"{DOC_ID}\t{e['start']}\t{e['end']}\t{e['type']}\n" for e in gold["entities"]), encoding="utf-8")
    assert registry.detect(path) == "toy-tsv"
    assert "toy-tsv" in registry.formats()
    scored = newsgold.score(gold=ROOT, predictions=path)
    assert scored.format == "toy-tsv"
    assert scored.entities.modes["strict"].overall.f1 == 1.0
    assert main(["score", "--root", str(ROOT), str(path), "--json", "--modes", "strict"]) == 0  # the CLI offers it too
    assert json.loads(capsys.readouterr().out)["config"]["format"] == "toy-tsv"
    with pytest.raises(ValueError):
        registry.register(toy_reader)  # a name is never replaced


@pytest.fixture
def start_mode():
    # Same start and type is correct; any other overlap is incorrect.
    mode = modes.register(newsgold.SpanMode(
        "start", "same start and type", lambda heads: [KeyTier(lambda i: (i[0], i[1], i[3]), "correct"), OverlapTier("incorrect")],
    ))
    yield mode
    modes.unregister(mode.name)


def test_a_mode_added_through_the_registry_is_scored_and_booked_like_the_others(start_mode) -> None:
    corpus = newsgold.load_corpus(ROOT)
    doc, gold = corpus[0]
    first = gold.entities[0]
    preds = [DocPredictions(doc.doc_id, (
        PredEntity(first.span.start, first.span.end + 1, first.type),  # same start, longer: correct here, wrong in strict
        *(PredEntity(e.span.start, e.span.end, e.type) for e in gold.entities[1:]),
    ))]
    scored = newsgold.score(gold=corpus, predictions=preds, entities=newsgold.EntityConfig(modes=("strict", "start")))
    start, strict = scored.entities.modes["start"].overall, scored.entities.modes["strict"].overall
    assert (start.tp, start.fp, start.fn) == (len(gold.entities), 0, 0)
    assert (strict.tp, strict.fp, strict.fn) == (len(gold.entities) - 1, 1, 1)
    assert "start" in newsgold.report(scored)["entities"]


def test_every_code_of_the_catalog_is_written_once() -> None:
    """A code written twice in the catalog's dict literal would silently keep only the last."""
    tree = ast.parse((PACKAGE / "gold" / "errors.py").read_text(encoding="utf-8"))
    [catalog] = [n.value for n in ast.walk(tree) if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "CATALOG"]
    codes = [k.value for k in catalog.keys]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
