"""Symbolic links (issue 30, item 5): one policy for every folder a command reads. A link that
leads out of the folder it lies in (the submissions, the gold, the corpus, a folder given on the
command line) is refused with NG114 before it is opened, so a pull request adding
``submissions/evil/predictions.jsonl -> a file elsewhere`` never makes CI read, or print, that
file; a link that stays inside its folder is read as the file it points to.

Table-driven: (name, links to make {link: target}, command, expected code or 0, files unchanged).
Paths are relative to the test's folder, which holds ``repo/`` (the frozen gold, one submission)
and ``elsewhere/`` (copies of the repository's own files: readable, valid, and not to be read)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, FROZEN, ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links as POSIX makes them")

GOLD = f"repo/annotations/gold/{DOC_ID}.json"
TEXT = f"repo/corpus/{DOC_ID}.txt"
SECRET = "elsewhere/secret.txt"


@pytest.fixture
def place(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FROZEN, root, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(ROOT / "submissions" / "baseline", root / "submissions" / "baseline")
    away = tmp_path / "elsewhere"
    away.mkdir()
    (away / "secret.txt").write_text("SECRET-VALUE\n", encoding="utf-8")
    shutil.copytree(root / "submissions" / "baseline", away / "entry")
    shutil.copy(root / "annotations" / "gold" / f"{DOC_ID}.json", away / f"{DOC_ID}.json")
    shutil.copy(root / "corpus" / f"{DOC_ID}.txt", away / f"{DOC_ID}.txt")
    (tmp_path / "folder").mkdir()
    (tmp_path / "other").mkdir()
    shutil.copy(away / f"{DOC_ID}.json", tmp_path / "other" / f"{DOC_ID}.json")
    assert main(["export", "--root", str(root), "--format", "brat", "-o", str(tmp_path / "exported")]) == 0
    return tmp_path


PLACES = ("repo", "elsewhere", "folder", "other", "exported")
EVIL = "repo/submissions/evil"
ENTRY_FILES = {f"{EVIL}/metadata.json": "repo/submissions/baseline/metadata.json"}
OUT_ENTRY = {**ENTRY_FILES, f"{EVIL}/predictions.jsonl": SECRET}
OUT_GOLD = {f"folder/{DOC_ID}.json": f"elsewhere/{DOC_ID}.json"}

# (name, links {link: target}, command (paths relative to the test folder), expected code or 0, unchanged)
CASES = [
    ("leaderboard --check, a submission's predictions linked out", OUT_ENTRY, ["leaderboard", "--check"], "NG114",
     ["repo/submissions/baseline/predictions.jsonl"]),
    ("leaderboard --html, a submission folder linked out", {EVIL: "elsewhere/entry"}, ["leaderboard", "--html"],
     "NG114", []),
    ("audit, a submission's predictions linked out", OUT_ENTRY, ["audit"], "NG114", []),
    ("diff's score effects, a submission's predictions linked out", OUT_ENTRY,
     ["diff", "other", "repo/annotations/gold"], "NG114", []),
    ("score, the corpus text linked out", {TEXT: f"elsewhere/{DOC_ID}.txt"},
     ["score", "repo/submissions/baseline/predictions.jsonl"], "NG114", []),
    ("validate, the corpus text linked out", {TEXT: f"elsewhere/{DOC_ID}.txt"}, ["validate"], "NG114", []),
    ("score, a gold file linked out", {GOLD: f"elsewhere/{DOC_ID}.json"},
     ["score", "repo/submissions/baseline/predictions.jsonl"], "NG114", []),
    ("validate, a gold file linked out", {GOLD: f"elsewhere/{DOC_ID}.json"}, ["validate"], "NG114", []),
    ("validate FOLDER, a file linked out", OUT_GOLD, ["validate", "folder"], "NG114", []),
    ("validate FOLDER, a subfolder linked out", {"folder/sub": "elsewhere"}, ["validate", "folder"], "NG114", []),
    ("diff FOLDER, a file linked out", OUT_GOLD, ["diff", "folder", "other", "--no-scores"], "NG114", []),
    ("agree FOLDER, a file linked out", OUT_GOLD, ["agree", "folder", "other"], "NG114", []),
    ("score a brat folder, an .ann linked out", {f"folder/{DOC_ID}.ann": SECRET},
     ["score", "folder", "--format", "brat"], "NG114", []),
    ("import an INCEpTION folder, an .xmi linked out", {f"folder/{DOC_ID}.xmi": SECRET},
     ["import", "folder", "--format", "inception"], "NG114", [GOLD]),
    ("import --write over a gold file linked out", {GOLD: f"elsewhere/{DOC_ID}.json"}, ["import", "exported", "--write"],
     "NG114", [f"elsewhere/{DOC_ID}.json"]),
    ("a submission linked inside submissions/ is read", {f"{EVIL}/predictions.jsonl": "repo/submissions/baseline/predictions.jsonl",
                                                         **ENTRY_FILES}, ["leaderboard", "--html"], 0, []),
    ("validate FOLDER, a file linked inside the folder is read", {f"folder/{DOC_ID}.json": f"other/{DOC_ID}.json"},
     ["validate", "other"], 0, []),
]


def _link(place: Path, link: str, target: str) -> None:
    path = place / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(place / target, path.parent), path)


@pytest.mark.parametrize(("name", "links", "command", "expected", "unchanged"), CASES, ids=[c[0] for c in CASES])
def test_a_link_out_of_a_folder_is_refused_before_it_is_read(place: Path, capsys, name, links, command, expected,
                                                              unchanged) -> None:
    for link, target in links.items():
        if (place / link).exists():
            (place / link).unlink()
        _link(place, link, target)
    before = {rel: (place / rel).read_bytes() for rel in unchanged}
    argv = [command[0], "--root", str(place / "repo")]
    argv += [str(place / a) if a.split("/")[0] in PLACES else a for a in command[1:]]
    code = main(argv)
    out, err = capsys.readouterr()
    said = out + err
    if expected:
        assert code in (1, 2) and f"error {expected} " in said, said
        assert "Traceback" not in said and "NG010" not in said and "SECRET" not in said
    else:
        assert code == 0, said
        assert "NG114" not in said
    assert {rel: (place / rel).read_bytes() for rel in unchanged} == before
    assert not list(place.rglob(".*.tmp"))


def test_the_refusal_names_the_link_and_where_it_leads(place: Path, capsys) -> None:
    for link, target in OUT_ENTRY.items():
        _link(place, link, target)
    assert main(["audit", "--root", str(place / "repo"), "--json"]) == 2
    err = capsys.readouterr().err
    [line] = [x for x in err.splitlines() if "NG114" in x]
    assert line.startswith(str(place / EVIL / "predictions.jsonl") + ":")
    assert str((place / SECRET).resolve()) in line and json.dumps("SECRET") not in line
