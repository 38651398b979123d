from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from newsgold.gold.repo import Repo, find_repo
from newsgold.gold.validate import validate


ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
# The gold as it was when the golden files and the tests' numbers were written: it never follows
# a correction of annotations/gold (tests/cases/frozen/README.md). Tests of the harness read it;
# tests of the live gold (validation, checksums, data/, the data card, LEADERBOARD.md) read ROOT.
FROZEN = CASES / "frozen"
DOC_ID = "efe-2010-02-18-us-cuba-migration-talks"
GOLD = Path("annotations") / "gold" / f"{DOC_ID}.json"


@pytest.fixture(scope="session")
def repo() -> Repo:
    return find_repo(ROOT)


@pytest.fixture(scope="session")
def frozen_repo() -> Repo:
    return find_repo(FROZEN)


@pytest.fixture(scope="session")
def frozen_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository root holding the frozen gold and the repository's submissions, to run commands
    in the way the documentation does (from the root, with relative paths). Read-only: a test that
    writes into a root copies it first."""
    root = tmp_path_factory.mktemp("frozen") / "repo"
    shutil.copytree(FROZEN, root, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(ROOT / "submissions", root / "submissions")
    return root


@pytest.fixture(scope="session")
def article_text() -> str:
    # Not through the repo fixture, which some modules replace with the frozen one: the text is
    # the same in both (a document's text is never edited).
    return find_repo(ROOT).text_path(DOC_ID).read_text(encoding="utf-8")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A repository a test may change: the frozen corpus and gold (a correction of the live gold
    moves no test's edit or expectation) and the repository's submissions."""
    root = tmp_path / "repo"
    for part in ("corpus", "annotations"):
        shutil.copytree(FROZEN / part, root / part)
    shutil.copytree(ROOT / "submissions", root / "submissions")
    return root


def first_event_with_arguments(copy: Path) -> str:
    """The id of the gold's first event that has an argument (the one the tool tests edit), read
    from the copy so that a correction of the gold moves the test with it."""
    record = json.loads((copy / GOLD).read_text(encoding="utf-8"))
    return next(e["id"] for e in record["events"] if e["arguments"])


def assert_the_tools_three_edits(copy: Path, before: Path, capsys, start: int, end: int, removed: list) -> None:
    """After an annotation tool's round trip with three edits (Latin America retyped to GPE, a new
    NOM mention "a new round" with head "round", one argument of the first event with arguments
    removed), the gold validates and `diff` shows exactly those three changes."""
    from newsgold.cli import main

    assert main(["validate", "--root", str(copy)]) == 0
    capsys.readouterr()
    assert main(["diff", "--root", str(copy), str(before), str(copy / GOLD), "--json", "--no-scores"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    record = json.loads(before.read_text(encoding="utf-8"))
    la_id = next(x["id"] for x in record["entities"] if x["text"] == "Latin America")
    new_id = f"M{max(int(m['id'][1:]) for m in record['mentions']) + 1}"  # the next free number (guideline 1.4)
    edited = next(e["id"] for e in record["events"] if e["arguments"])
    assert [(c["kind"], c["id"]) for c in changes] == [("changed", la_id), ("added", new_id), ("changed", edited)]
    assert changes[0]["fields"] == {"type": {"before": "LOC", "after": "GPE"}}
    assert changes[2]["fields"] == {"arguments": {"removed": [removed], "added": []}}
    added = json.loads((copy / GOLD).read_text(encoding="utf-8"))["mentions"][-1]
    assert added == {"id": new_id, "start": start, "end": end, "text": "a new round", "type": "EVENT", "level": "NOM",
                     "head": {"start": end - len("round"), "end": end}}


def with_argument_notes(copy: Path) -> tuple[dict, int]:
    """Give the copy's gold two argument notes (event 0's second argument, and the first argument
    of the next event that has one); the record written and that event's index."""
    record = json.loads((copy / GOLD).read_text(encoding="utf-8"))
    record["events"][0]["arguments"][1]["note"] = "The diplomat meets for the US (6.4)."
    k = next(i for i, e in enumerate(record["events"]) if i and e["arguments"])
    record["events"][k]["arguments"][0]["note"] = "A second note."
    (copy / GOLD).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record, k


def role_misfits(report: dict) -> int:
    """How many predicted arguments a score report's NG617 warning counts (0 without one)."""
    found = [w for w in report["warnings"] if w["code"] == "NG617"]
    return sum(int(re.search(r": (\d+) \(", w["message"]).group(1)) for w in found)


def gold_role_misfits(repo: Repo) -> int:
    """How many gold arguments have a filler of a type their role does not take (NG409): the
    gold read back as predictions warns of as many (NG617)."""
    return sum(i.code == "NG409" for i in validate(repo))
