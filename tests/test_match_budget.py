"""The overlap tiers' budget: past it a tier stops searching, and the report says so (NG618).

The exact assignment of k wide predictions over n gold items costs about k^2 x n; the
budget (match.WORK_FLOOR + match.WORK_PER_ITEM per item) keeps a call linear in its input.
Here it is set to nothing, so that small inputs reach it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.scoring import match
from newsgold.scoring.match import MODES, align_tiers

from tests.conftest import DOC_ID, FROZEN
from tests.test_match_reference import reference

# Ten one-word gold items and four predictions that each cover nearly all of them.
GOLD = [(0, 2 * i, 2 * i + 1, "PER") for i in range(10)]
WIDE = [(0, s, 19 - s, "PER") for s in range(4)]


@pytest.fixture(params=["graph", "tree"], autouse=True)
def candidates(request, monkeypatch) -> None:
    """Every test here twice: candidates read from the sweep's graph, and found down the tree."""
    if request.param == "tree":
        monkeypatch.setattr(match, "GRAPH_PER_ITEM", 0)


def _cut_modes() -> tuple[set[str], dict]:
    cut: set[str] = set()
    aligned = align_tiers(sorted(GOLD), sorted(WIDE), MODES, cut)
    return cut, aligned


def test_within_the_budget_nothing_is_cut_and_the_pairs_are_the_reference_s() -> None:
    cut, aligned = _cut_modes()
    assert cut == set()
    for mode, (steps, missed, spurious) in aligned.items():
        want = reference(GOLD, WIDE, MODES[mode])
        got = {o: sorted(p for s in steps if s.outcome == o for p in s.pairs) for o in ("correct", "partial", "incorrect")}
        assert got == {o: want[o] for o in got} and missed == want["missed"] and spurious == want["spurious"], mode


def test_past_the_budget_a_tier_stops_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(match, "WORK_FLOOR", 0)
    monkeypatch.setattr(match, "WORK_PER_ITEM", 0)
    cut, aligned = _cut_modes()
    assert cut == set(MODES)  # every mode has an overlap tier, and each stops after one search
    for mode, (steps, missed, spurious) in aligned.items():
        pairs = [p for s in steps for p in s.pairs]
        tiers = sum(isinstance(t, match.OverlapTier) for t in MODES[mode])
        assert len(pairs) == tiers, mode  # in each tier the first gold item took a prediction, no other was reached
        assert len({g for g, _ in pairs}) == len({p for _, p in pairs}) == len(pairs)  # still one to one
        assert len(missed) == len(GOLD) - tiers and len(spurious) == len(WIDE) - tiers


@pytest.fixture
def wide_predictions(tmp_path: Path, article_text: str) -> Path:
    """Predictions that each cover the whole article, as a system gone wrong might give."""
    n = len(article_text)
    ents = [{"start": s, "end": n - s, "type": "GPE"} for s in range(0, 40, 10)]
    path = tmp_path / "wide.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": ents}) + "\n", encoding="utf-8")
    return path


def _warnings(args: list[str], capsys) -> list[dict]:
    assert main(args) == 0
    return [w for w in json.loads(capsys.readouterr().out)["warnings"] if w["code"] == "NG618"]


def test_score_warns_when_the_assignment_stopped_short(wide_predictions: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    args = ["score", "--root", str(FROZEN), str(wide_predictions), "--json"]
    assert _warnings(args, capsys) == []
    monkeypatch.setattr(match, "WORK_FLOOR", 0)
    monkeypatch.setattr(match, "WORK_PER_ITEM", 0)
    [warning] = _warnings(args, capsys)
    assert warning["severity"] == "warning"
    modes = "determiner (1 batch), exact (1 batch), head (1 batch), partial (1 batch), strict (1 batch), type (1 batch)"
    assert f"stopped short in {modes}: " in warning["message"]
    # Counts files carry it, and merge adds the parts up.
    counts = tmp_path / "c.json"
    assert main(["score", "--root", str(FROZEN), str(wide_predictions), "--counts-only", "-o", str(counts)]) == 0
    [merged] = _warnings(["merge", str(counts), "--json"], capsys)
    assert merged["message"] == warning["message"]
