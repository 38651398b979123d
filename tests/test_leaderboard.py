"""The baseline and the leaderboard: deterministic, offline, current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newsgold.baseline import extract
from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.outputs.leaderboard import update


def test_baseline_is_deterministic_and_valid(repo) -> None:
    [(doc, _)] = load_corpus(repo)
    a, b = extract(doc), extract(doc)
    assert a == b
    assert all(doc.text[e.start : e.end] == e.text for e in a.entities)
    assert all(x.end <= y.start for x, y in zip(a.entities, a.entities[1:]))  # flat
    assert {e.type for e in a.entities} <= set(repo.entity_type_names)
    assert all(e.type in {s["subtype"] for s in repo.event_types["subtypes"]} for e in a.events)


def test_baseline_resolves_dates_against_the_dateline(repo) -> None:
    [(doc, _)] = load_corpus(repo)
    values = {e.text: e.value for e in extract(doc).entities if e.type == "DATE"}
    assert values["Wednesday"] == "2010-02-17" and values["Friday"] == "2010-02-19"
    assert values["Last April"] == "2009-04" and values["this week"] == "2010-W07" and values["47-year-old"] == "P47Y"


def test_submitted_baseline_predictions_are_current(repo, tmp_path: Path, capsys) -> None:
    out = tmp_path / "baseline.jsonl"
    assert main(["run", "--root", str(repo.root), "baseline", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (repo.root / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8")


def test_leaderboard_is_current(repo) -> None:
    assert update(repo, check=True), "LEADERBOARD.md is stale: run `newsgold leaderboard`"


def test_leaderboard_regenerates_from_scratch(repo, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(repo.root / part, copy / part)
    assert main(["leaderboard", "--root", str(copy), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert main(["leaderboard", "--root", str(copy)]) == 0
    assert (copy / "LEADERBOARD.md").read_text(encoding="utf-8") == (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")
    meta = copy / "submissions" / "baseline" / "metadata.json"
    meta.write_text(json.dumps({"system": "x"}), encoding="utf-8")
    assert main(["leaderboard", "--root", str(copy)]) == 2
    assert "NG201" in capsys.readouterr().err
    # nothing written half-way: the page from the last good run stays
    assert (copy / "LEADERBOARD.md").read_text(encoding="utf-8") == (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")


def test_a_system_without_events_shows_dashes_not_zeros(repo) -> None:
    from newsgold.outputs.leaderboard import score_submission

    corpus = load_corpus(repo)
    row = score_submission(repo, repo.root / "submissions" / "spacy-en-core-web-sm", corpus)
    assert row["scores"]["trigger classification F1"]["f1"] is None
    assert 0 < row["scores"]["entity strict F1"]["f1"] < 1
    lo, hi = row["scores"]["entity strict F1"]["ci"]
    assert lo < row["scores"]["entity strict F1"]["f1"] < hi
