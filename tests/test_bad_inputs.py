"""Every bad input the robustness probe found gets its own coded error, never NG010 and
never a traceback, and no input is changed.

Each case is a folder under tests/cases/bad-inputs/ named ``<code>-<what>``: ``case.json``
gives the command line (``{here}`` is the case's copy of ``files/``, ``{root}`` the
repository) and what cannot be stored in git, made at run time (``make``):

- ``fifo``: paths to make named pipes at; ``symlink``: path -> target; ``outside``: the
  content of a file next to the case's folder (the target of a link that leaves it);
- ``gold``: the repository's gold copied to ``to``, with ``set`` (JSON pointer -> value),
  ``drop`` (JSON pointers) and ``replace`` ([old, new], on the text) applied;
- ``repository``: the command runs on a copy of the repository with ``files/<name>`` put at
  this path.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import CASES, DOC_ID, ROOT

FOLDER = CASES / "bad-inputs"
ALL = sorted(p for p in FOLDER.iterdir() if p.is_dir())


def _walk(data, pointer: str):
    *parents, last = [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]
    for p in parents:
        data = data[p]
    return data, last


def _gold(spec: dict) -> str:
    record = json.loads((ROOT / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    for pointer, value in spec.get("set", {}).items():
        parent, key = _walk(record, pointer)
        parent[key] = value
    for pointer in spec.get("drop", []):
        parent, key = _walk(record, pointer)
        del parent[key]
    text = json.dumps(record, indent=2, ensure_ascii=False)
    if "replace" in spec:
        old, new = spec["replace"]
        assert old in text
        text = text.replace(old, new, 1)
    return text


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p)] = "-> " + os.readlink(p)
        elif p.is_file():
            out[str(p)] = p.read_bytes()
    return out


def test_the_cases_cover_the_probe() -> None:
    names = {p.name for p in ALL}
    for needed in ("ng110-deep-predictions", "ng110-deep-gold", "ng110-deep-label-map", "ng110-deep-compare",
                   "ng111-huge-integer-jsonl", "ng301-huge-integer-conll", "ng301-huge-integer-brat", "ng111-huge-integer-gold",
                   "ng107-folder-as-jsonl", "ng615-brat-dangling-trigger", "ng615-brat-argument-to-nothing",
                   "ng615-brat-headof-to-nothing", "ng107-brat-folder-named-ann", "ng201-validate-offset-float",
                   "ng201-diff-missing-id", "ng201-diff-missing-type", "ng201-diff-entities-null", "ng007-export-into-a-file",
                   "ng003-compare-negative-seed", "ng201-leaderboard-metadata-list", "ng114-brat-link-out-of-the-folder",
                   "ng114-brat-link-to-dev-zero", "ng107-brat-fifo"):
        assert needed in names
    assert sum(n.startswith("ng612-label-studio-") for n in names) >= 12


@pytest.mark.parametrize("case", ALL, ids=lambda p: p.name)
def test_each_bad_input_gets_its_own_code(case: Path, tmp_path: Path, capsys) -> None:
    spec = json.loads((case / "case.json").read_text(encoding="utf-8"))
    make = spec.get("make", {})
    here = tmp_path / "case"
    if (case / "files").is_dir():
        shutil.copytree(case / "files", here, symlinks=True)
    else:
        here.mkdir()
    fill = lambda s: s.replace("{here}", str(here)).replace("{root}", str(ROOT))  # noqa: E731
    root = ROOT
    if "repository" in make:
        root = tmp_path / "repo"
        for part in ("corpus", "annotations", "submissions"):
            shutil.copytree(ROOT / part, root / part)
        shutil.copy(LEADERBOARD := ROOT / "LEADERBOARD.md", root / LEADERBOARD.name)
        target = root / make["repository"]
        shutil.copy(here / target.name, target)
    if "outside" in make:
        (tmp_path / "outside.ann").write_text(make["outside"], encoding="utf-8")
    for rel, target in make.get("symlink", {}).items():
        (here / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(fill(target), here / rel)
    for rel in make.get("fifo", []):
        (here / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(here / rel)
    if "gold" in make:
        (here / make["gold"]["to"]).parent.mkdir(parents=True, exist_ok=True)
        (here / make["gold"]["to"]).write_text(_gold(make["gold"]), encoding="utf-8")
    before = _snapshot(here)

    rc = main([*map(fill, spec["argv"]), "--root", str(root)])
    out, err = capsys.readouterr()

    expected = case.name.split("-")[0].upper()
    assert rc == (1 if spec.get("note", "").startswith("exit 1") else 2), out + err
    errors = [line for line in (out + err).splitlines() if " error NG" in line or line.startswith("error NG")]
    assert errors and f"error {expected}" in errors[0], out + err
    assert "NG010" not in out + err and "Traceback" not in out + err
    assert "root:x:0:0" not in out + err  # what a link points at is never echoed
    assert _snapshot(here) == before
