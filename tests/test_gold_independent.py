"""A gold correction made the way CONTRIBUTING.md says fails no test.

On a copy of the repository, `White House` is retyped ORG -> FAC through the JSON edit (the
brat and Label Studio round trips are checked to give the same file), the adjudication row, the changelog line
and the dataset version bump are added, what is derived from the gold is regenerated with the
documented commands, and the test suite then runs on that copy. Tests of the harness read the
frozen gold (tests/cases/frozen) and pass unchanged; the tests of the live gold (validation,
data/, the dataset card, LEADERBOARD.md, versions) pass because the copy was regenerated.

The nested run is the test command less what cannot tell, so that it adds under a minute of
processor time: this file (it would run itself), the browser tests (they render crafted
predictions against the frozen gold), the slowest tests that read no corpus (synthetic tags in
test_tags.py and test_token_columns.py, random inputs in tests/fuzz, the schema's thousand
mutations, concurrent writers) and test_dask.py, whose every assertion compares a Dask run with
one process on the same gold. Every other test runs, whether it reads the frozen gold or the
live one. `-m "not models and not nested"` skips this test while you work.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT

GOLD = Path("annotations") / "gold" / f"{DOC_ID}.json"
META = Path("corpus") / f"{DOC_ID}.meta.json"

LEFT_OUT = [
    "--ignore=tests/test_gold_independent.py",
    "--ignore=tests/test_tags.py",
    "--ignore=tests/test_token_columns.py",
    "--ignore=tests/fuzz",
    "--ignore=tests/test_dask.py",
    "--deselect=tests/test_schema.py::test_the_compiled_check_agrees_with_json_schema_on_a_thousand_mutations",
    "--deselect=tests/test_io_safety.py::test_concurrent_writers_leave_one_whole_file_and_no_temp_file",
    "-k", "not browser",
]


def repository_copy(dest: Path) -> Path:
    """What a clone holds (no virtual environment, caches or test artefacts)."""
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info",
                                    "build", "dist", "artifacts")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def write_json(path: Path, record: dict) -> None:
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def correct_by_json_edit(root: Path) -> None:
    """Step 1 of "Propose a correction": edit the gold file, keeping the id."""
    record = json.loads((root / GOLD).read_text(encoding="utf-8"))
    [entity] = [e for e in record["entities"] if e["text"] == "White House"]
    assert entity["type"] == "ORG"
    entity["type"] = "FAC"
    write_json(root / GOLD, record)


def correct_by_brat(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Step 1, in brat instead: export, edit the .ann, import --write."""
    out = root / "out"
    assert main(["export", "--format", "brat", "-o", "out"]) == 0
    ann = out / f"{DOC_ID}.ann"
    text = ann.read_text(encoding="utf-8")
    line = re.search(r"^(T\d+)\tORG (\d+) (\d+)\tWhite House$", text, re.M)
    assert line, "the brat export has no ORG line for White House"
    ann.write_text(text.replace(line.group(0), line.group(0).replace("\tORG ", "\tFAC ")), encoding="utf-8")
    assert main(["import", "out", "--write"]) == 0, capsys.readouterr().err
    shutil.rmtree(out)


def correct_by_label_studio(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Step 1, in Label Studio instead: export tasks, relabel the region, import the tool's export."""
    assert main(["export", "--format", "label-studio", "-o", "ls"]) == 0
    tasks = json.loads((root / "ls" / "tasks.json").read_text(encoding="utf-8"))
    [region] = [r for r in tasks[0]["annotations"][0]["result"]
                if r.get("from_name") == "entity" and r["value"]["text"] == "White House"]
    assert region["value"]["labels"] == ["ORG"]
    region["value"]["labels"] = ["FAC"]
    # what the tool's JSON export adds around each task and annotation
    exported = [{"id": 1, **tasks[0], "annotations": [{"id": 10, "completed_by": 1, "was_cancelled": False,
                                                        **tasks[0]["annotations"][0]}]}]
    (root / "project-export.json").write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    assert main(["import", "project-export.json", "--format", "label-studio", "--write"]) == 0, capsys.readouterr().err
    shutil.rmtree(root / "ls")
    (root / "project-export.json").unlink()


def record_the_correction(root: Path) -> None:
    """Steps 4 and 5: the adjudication row, the changelog line and a MINOR dataset version
    (CITATION.cff says it too)."""
    meta = json.loads((root / META).read_text(encoding="utf-8"))
    old = meta["dataset_version"]
    major, minor, _ = old.split(".")
    new = f"{major}.{int(minor) + 1}.0"
    # Every file of the document that carries the version: the validator and `agree` hold the
    # gold and the second passes (annotations/adjudication/) to the metadata's.
    for path in (root / META, *sorted((root / "annotations").rglob(f"{DOC_ID}.json"))):
        record = json.loads(path.read_text(encoding="utf-8"))
        assert record["dataset_version"] == old, path
        record["dataset_version"] = new
        write_json(path, record)
    citation = root / "CITATION.cff"
    citation.write_text(citation.read_text(encoding="utf-8").replace(f"\nversion: {old}\n", f"\nversion: {new}\n"), encoding="utf-8")
    changelog = root / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8")
    first = text.index("\n## ")
    changelog.write_text(text[:first] + f"\n## Dataset {new}\n\n- `White House` [1113, 1124) is FAC.\n" + text[first:], encoding="utf-8")
    with (root / "annotations" / "ADJUDICATION.md").open("a", encoding="utf-8") as f:
        f.write(f"\n## Corrections, dataset {new}\n\n| item | old | new | decision | rests on |\n|---|---|---|---|---|\n"
                "| `White House` [1113, 1124) | ORG | FAC | FAC (a test's correction). | 7.1 |\n")


@pytest.mark.nested
def test_a_documented_gold_correction_passes_the_test_suite(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository_copy(tmp_path / "repo")
    original = (root / GOLD).read_bytes()
    before = tmp_path / "before.json"
    before.write_bytes(original)
    monkeypatch.chdir(root)  # every command as CONTRIBUTING.md writes it, from the root

    correct_by_brat(root, capsys)
    by_brat = (root / GOLD).read_bytes()
    (root / GOLD).write_bytes(original)
    correct_by_label_studio(root, capsys)
    by_label_studio = (root / GOLD).read_bytes()
    (root / GOLD).write_bytes(original)
    correct_by_json_edit(root)
    assert (root / GOLD).read_bytes() == by_brat == by_label_studio != original  # the three paths make one file

    record_the_correction(root)
    assert main(["validate"]) == 0, capsys.readouterr().out
    capsys.readouterr()
    # Step 3 after the version bump: the old gold keeps its own version and is still scored.
    assert main(["diff", str(before), str(GOLD), "--json"]) == 0, capsys.readouterr().err
    shown = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["fields"]) for c in shown["changes"]] == [("changed", {"type": {"before": "ORG", "after": "FAC"}})]
    assert {e["system"] for e in shown["score_effects"]} >= {"baseline"}

    # Step 6: regenerate what is derived from the gold (one command); then the checks CI runs pass.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "eval"), os.environ.get("PYTHONPATH", "")])}
    assert main(["regenerate", "--check"]) == 1  # the correction made them stale, and the check says so
    assert "run `newsgold regenerate`" in capsys.readouterr().err
    assert main(["regenerate"]) == 0
    assert main(["regenerate", "--check"]) == 0
    assert main(["export", "--format", "hf", "--check"]) == 0
    assert main(["leaderboard", "--check"]) == 0
    card = subprocess.run([sys.executable, "scripts/update_data_card.py", "--check"], cwd=root, env=env, capture_output=True, text=True)
    assert card.returncode == 0, card.stderr[-3000:]
    capsys.readouterr()

    env.pop("NEWSGOLD_REQUIRE_BROWSER", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *LEFT_OUT],
                            cwd=root, env=env, capture_output=True, text=True, timeout=600)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary and "error" not in summary, summary
