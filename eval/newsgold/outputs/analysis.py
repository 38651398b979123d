"""Error analysis and scores as pandas DataFrames (the same records and numbers the JSON report carries).

>>> from newsgold.gold.repo import find_repo
>>> import newsgold
>>> repo = find_repo()
>>> report = newsgold.report(newsgold.score(predictions=repo.root / "submissions" / "baseline" / "predictions.jsonl"))
>>> errors_frame(report).groupby("kind").size().to_dict()
{'type': 4}
>>> int(confusion_frame(report).loc["ORG", "PERSON"])
4
>>> scores = per_type_frame(report)
>>> row = scores.loc[("entities", "strict", "ORG")]
>>> float(row["precision"]), float(row["recall"]), round(float(row["f1"]), 2), int(row["support"])
(1.0, 0.6, 0.75, 10)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..scoring.events import EVENT_ERROR_FIELDS
from ..scoring.listing import ERROR_FIELDS

ERROR_COLUMNS = list(ERROR_FIELDS)


def errors_frame(report: Mapping[str, Any]) -> pd.DataFrame:
    """Every strict false positive and false negative, classified, one row each."""
    return pd.DataFrame(report.get("entity_errors", []), columns=ERROR_COLUMNS)


def confusion_frame(report: Mapping[str, Any]) -> pd.DataFrame:
    """Gold type (rows, plus SPURIOUS) x predicted type (columns, plus MISSED), counts."""
    table = report.get("entity_confusion", {})
    rows = sorted(r for r in table if r != "SPURIOUS") + (["SPURIOUS"] if "SPURIOUS" in table else [])
    cols = sorted({c for r in table.values() for c in r} - {"MISSED"})
    cols += ["MISSED"] if any("MISSED" in r for r in table.values()) else []
    return pd.DataFrame([[table.get(r, {}).get(c, 0) for c in cols] for r in rows], index=rows, columns=cols)


PER_TYPE_COLUMNS = ["precision", "recall", "f1", "support", "predicted", "tp", "fp", "fn", "par"]


def per_type_frame(report: Mapping[str, Any]) -> pd.DataFrame:
    """Every per-type row of the report: one row per (layer, mode or event metric, type),
    indexed by those three (sorted), with P/R/F1 as fractions (NaN where undefined, 0/0), the gold
    support, the predicted count and the counts they come from (the report's own numbers)."""
    rows = [
        {"layer": layer, "mode": mode, "type": t, **{k: o.get(k, 0) if k == "par" else o[k] for k in PER_TYPE_COLUMNS}}
        for layer in ("entities", "events")
        for mode, block in report.get(layer, {}).items()
        for t, o in block["per_type"].items()
    ]
    frame = pd.DataFrame(rows, columns=["layer", "mode", "type", *PER_TYPE_COLUMNS])
    return (
        frame.astype(dict.fromkeys(("precision", "recall", "f1"), "float64"))
        .set_index(["layer", "mode", "type"])
        .sort_index()
    )


def event_errors_frame(report: Mapping[str, Any]) -> pd.DataFrame:
    """Missed, spurious and mistyped triggers; missed, spurious, wrong-role and wrong-trigger arguments."""
    return pd.DataFrame(
        report.get("event_errors", []),
        columns=list(EVENT_ERROR_FIELDS),
    )
