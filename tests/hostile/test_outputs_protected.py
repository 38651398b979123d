"""No `-o` replaces what a command reads (issue 30, item 1): table-driven cases of
(setup, command, expected code, files that must stay byte-identical), and a walk over every
subcommand of the parser proving that each path argument is among what the command reads."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest
from newsgold.cli import NOT_PATHS, build_parser, main, reads

from tests.conftest import DOC_ID, ROOT

# Free-text arguments, reviewed: a new one is a path (and protected) unless added here and in cli.NOT_PATHS.
REVIEWED_NOT_PATHS = {"output", "doc_id", "modes", "types", "labels", "passage", "layers"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository's data, a gold file of one's own corpus, a label map, a counts file."""
    root = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(ROOT / part, root / part)
    (root / "data").mkdir()
    (root / "data" / "kept.jsonl").write_text("{}\n", encoding="utf-8")
    gold = json.loads((root / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    text = (root / "corpus" / f"{DOC_ID}.txt").read_text(encoding="utf-8")
    own = {"doc_id": DOC_ID, "text": text, "entities": [{k: e[k] for k in ("start", "end", "type")} for e in gold["entities"]]}
    (tmp_path / "own.jsonl").write_text(json.dumps(own) + "\n", encoding="utf-8")
    (tmp_path / "map.json").write_text('{"MISC": null}\n', encoding="utf-8")
    preds = root / "submissions" / "baseline" / "predictions.jsonl"
    assert main(["score", "--root", str(root), str(preds), "--counts-only", "-o", str(tmp_path / "counts.json")]) == 0
    assert main(["export", "--root", str(root), "--format", "brat", "-o", str(tmp_path / "ann")]) == 0
    return root


PREDS = "repo/submissions/baseline/predictions.jsonl"
BRAT_ANN = f"out/{DOC_ID}.ann"

# (name, files to make first {path: text}, command (paths relative to tmp_path), expected code or 0, files unchanged
# or, when missing before, still missing)
CASES = [
    ("score -o the --gold file", {}, ["score", PREDS, "--gold", "own.jsonl", "-o", "own.jsonl"], "NG004", ["own.jsonl"]),
    ("counts-only -o the --gold file", {}, ["score", PREDS, "--gold", "own.jsonl", "--counts-only", "-o", "own.jsonl"],
     "NG004", ["own.jsonl"]),
    ("report -o the --gold file", {}, ["report", PREDS, "--gold", "own.jsonl", "-o", "own.jsonl"], "NG004", ["own.jsonl"]),
    ("score -o the label map", {}, ["score", PREDS, "--label-map", "map.json", "-o", "map.json"], "NG004", ["map.json"]),
    ("score -o the predictions", {}, ["score", PREDS, "-o", PREDS], "NG004", [PREDS]),
    ("merge -o a counts file", {}, ["merge", "counts.json", "-o", "counts.json"], "NG004", ["counts.json"]),
    ("leaderboard --html -o a submission", {}, ["leaderboard", "--html", "-o", PREDS], "NG006", [PREDS]),
    ("run -o a submission", {}, ["run", "baseline", "-o", PREDS], "NG006", [PREDS]),
    ("score -o into data/", {}, ["score", PREDS, "-o", "repo/data/kept.jsonl"], "NG006", ["repo/data/kept.jsonl"]),
    ("score -o into the gold", {}, ["score", PREDS, "-o", f"repo/annotations/gold/{DOC_ID}.json"], "NG006",
     [f"repo/annotations/gold/{DOC_ID}.json"]),
    ("export into a folder with an edited .ann", {BRAT_ANN: "T1\tGPE 0 10\tWashington\n"},
     ["export", "--format", "brat", "-o", "out"], "NG011", [BRAT_ANN]),
    ("export into a folder with another file", {"out/notes.txt": "mine"}, ["export", "--format", "conll", "-o", "out"],
     "NG011", ["out/notes.txt"]),
    ("label-studio export into a folder with another file", {"ls/notes.txt": "mine"},
     ["export", "--format", "label-studio", "-o", "ls"], "NG011", ["ls/notes.txt"]),
    ("export --force keeps the files of other names", {"out/notes.txt": "mine"},
     ["export", "--format", "conll", "-o", "out", "--force"], 0, ["out/notes.txt"]),
    *[(f"import -o into {folder}", {}, ["import", "ann", "-o", f"repo/{folder}", "--write"], "NG006",
       [f"repo/{folder}/{DOC_ID}.json"]) for folder in ("corpus", "data", "submissions/baseline", "annotations",
                                                        "annotations/gold/old")],
    ("import -o into corpus/, without --write", {}, ["import", "ann", "-o", "repo/corpus"], "NG006",
     [f"repo/corpus/{DOC_ID}.json"]),
    ("import --write into the gold folder itself", {}, ["import", "ann", "-o", "repo/annotations/gold", "--write"], 0,
     []),
    ("import -o elsewhere", {}, ["import", "ann", "-o", "out", "--write"], 0, []),
]


def run(tmp_path: Path, command: list[str], capsys) -> tuple[int, str]:
    argv = [command[0], "--root", str(tmp_path / "repo")]
    for arg in command[1:]:
        argv.append(str(tmp_path / arg) if ("/" in arg or arg.endswith((".json", ".jsonl")) or arg in ("out", "ls", "ann")) else arg)
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("name", "make", "command", "expected", "unchanged"), CASES, ids=[c[0] for c in CASES])
def test_an_output_never_replaces_what_is_read(repo: Path, tmp_path: Path, capsys, name, make, command, expected, unchanged) -> None:
    for rel, text in make.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    before = {rel: (tmp_path / rel).read_bytes() if (tmp_path / rel).exists() else None for rel in unchanged}
    code, err = run(tmp_path, command, capsys)
    if expected:
        assert code == 2 and f"error {expected} " in err, err
        assert "Traceback" not in err and "NG010" not in err
    else:
        assert code == 0, err
    assert {rel: (tmp_path / rel).read_bytes() if (tmp_path / rel).exists() else None for rel in unchanged} == before
    assert not list(tmp_path.rglob(".*.tmp"))


def test_an_export_runs_again_into_its_own_folder_and_force_replaces_an_edit(repo: Path, tmp_path: Path, capsys) -> None:
    args = ["export", "--format", "brat", "-o", "out"]
    assert run(tmp_path, args, capsys)[0] == 0
    written = {p: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    assert run(tmp_path, args, capsys)[0] == 0  # what it wrote, unchanged, is its own
    ann = tmp_path / BRAT_ANN
    ann.write_text("edited\n", encoding="utf-8")
    code, err = run(tmp_path, args, capsys)
    assert code == 2 and "NG011" in err and f"{DOC_ID}.ann" in err and ann.read_text(encoding="utf-8") == "edited\n"
    assert run(tmp_path, [*args, "--force"], capsys)[0] == 0
    assert {p: p.read_bytes() for p in (tmp_path / "out").iterdir()} == written


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_path_argument_of_every_subcommand_is_what_it_reads(name: str) -> None:
    assert set(NOT_PATHS) == REVIEWED_NOT_PATHS
    p = _subcommands()[name]
    taking_text = [a for a in p._actions if isinstance(a, argparse._StoreAction) and a.choices is None and a.type in (None, str)]
    paths = [a for a in taking_text if a.dest not in REVIEWED_NOT_PATHS]
    assert set(p.get_default("reads")) == {a.dest for a in paths}
    for a in paths:
        args = argparse.Namespace(**{x.dest: x.default for x in p._actions}, reads=p.get_default("reads"))
        value = "/nowhere/sentinel"
        setattr(args, a.dest, [value] if a.nargs in ("+", "*") else value)
        args.root = str(ROOT) if a.dest != "root" else value
        assert value in reads(args).inputs, (name, a.dest)
    args = argparse.Namespace(**{x.dest: x.default for x in p._actions}, reads=p.get_default("reads"))
    args.root = str(ROOT)
    protected = {q.name for q in reads(args).protected}
    assert {"annotations", "corpus", "data", "submissions"} <= protected
