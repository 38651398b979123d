"""Error analysis as pandas DataFrames (the same records the JSON report carries).

>>> from newsgold.gold.repo import find_repo
>>> import newsgold
>>> repo = find_repo()
>>> report = newsgold.report(newsgold.score(predictions=repo.root / "submissions" / "baseline" / "predictions.jsonl"))
>>> errors_frame(report).groupby("kind").size().to_dict()
{'type': 4}
>>> int(confusion_frame(report).loc["ORG", "PERSON"])
4
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

ERROR_COLUMNS = [
    "doc_id",
    "kind",
    "gold_start",
    "gold_end",
    "gold_text",
    "gold_type",
    "pred_start",
    "pred_end",
    "pred_text",
    "pred_type",
    "sentence",
    "sentence_text",
]


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


def event_errors_frame(report: Mapping[str, Any]) -> pd.DataFrame:
    """Missed, spurious and mistyped triggers; missed, spurious, wrong-role and wrong-trigger arguments."""
    return pd.DataFrame(
        report.get("event_errors", []),
        columns=[
            "doc_id",
            "kind",
            "start",
            "end",
            "text",
            "gold_type",
            "pred_type",
            "role",
            "trigger",
            "trigger_start",
            "trigger_end",
        ],
    )
