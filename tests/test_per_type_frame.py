"""per_type_frame gives the report's own per-type numbers, for every mode and event metric."""

from __future__ import annotations

import math
from pathlib import Path

import newsgold
from newsgold.outputs.analysis import per_type_frame
from newsgold.outputs.report import render_text

from tests.conftest import FROZEN

BASELINE = Path(__file__).resolve().parents[1] / "submissions" / "baseline" / "predictions.jsonl"


def test_every_per_type_row_of_the_report_is_a_row_of_the_frame() -> None:
    report = newsgold.report(newsgold.score(gold=FROZEN, predictions=BASELINE, intervals=False))
    frame = per_type_frame(report)
    expected = {(layer, mode, t): o for layer in ("entities", "events") for mode, b in report[layer].items()
                for t, o in b["per_type"].items()}
    assert len(frame) == len(expected) and set(frame.index) == set(expected)
    assert {m for _, m, _ in frame.index} == set(report["entities"]) | set(report["events"])
    for key, o in expected.items():
        row = frame.loc[key]
        for k in ("precision", "recall", "f1"):
            assert (math.isnan(row[k]) if o[k] is None else row[k] == o[k]), (key, k)
        assert [int(row[k]) for k in ("tp", "fp", "fn", "support", "predicted")] == [o[k] for k in ("tp", "fp", "fn", "support", "predicted")]
    # per type and mode, the frame adds up to each overall row
    for layer in ("entities", "events"):
        for mode, b in report[layer].items():
            sums = frame.loc[(layer, mode)][["tp", "fp", "fn", "support"]].sum()
            assert [int(sums[k]) for k in ("tp", "fp", "fn", "support")] == [b["overall"][k] for k in ("tp", "fp", "fn", "support")]


def test_the_frame_shows_what_the_text_report_prints() -> None:
    report = newsgold.report(newsgold.score(gold=FROZEN, predictions=BASELINE, intervals=False))
    text = render_text(report)
    strict = per_type_frame(report).loc[("entities", "strict")]
    for t, row in strict.iterrows():
        cells = [("-" if math.isnan(row[k]) else f"{row[k] * 100:.2f}") for k in ("precision", "recall", "f1")]
        line = next(line for line in text.splitlines() if line.split()[:1] == [t])
        assert line.split()[1:4] == cells, t


def test_an_empty_report_gives_an_empty_frame_with_the_columns() -> None:
    frame = per_type_frame({"config": {}})
    assert frame.empty and list(frame.columns)[:3] == ["precision", "recall", "f1"]
