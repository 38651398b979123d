"""Temporal expressions, TempEval-3 style, on the DATE/TIME items of an entity scoring.

Relaxed match: any overlap (one-to-one); strict match: same extent. Value accuracy is the
share of relaxed matches whose predicted TIMEX3 value equals the gold value (a missing
predicted value is wrong); the headline value F1 is value accuracy x relaxed F1. A system
that gives no value on any relaxed match predicts no values: its value accuracy and value
F1 are None (shown as "-", not predicted), not 0.

The scores come from four counts that add over documents (strict and relaxed counts, the
relaxed matches with a predicted value and those whose value is right), so a scoring done
in parts gives the same numbers:

>>> counts = timex_counts([(0, 0, 4, "DATE")], [(0, 0, 2, "DATE")], {}, {}, {"DATE"})
>>> report = timex_report(*counts)
>>> report["relaxed"]["f1"], report["strict"]["f1"], report["values_predicted"], report["value_accuracy"]
(1.0, 0.0, 0, None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .match import MODES, Item, align
from .metrics import Counts


def timex_counts(
    gold_items: Sequence[Item],
    pred_items: Sequence[Item],
    gold_values: Mapping[Item, str | None],
    pred_values: Mapping[Item, str | None],
    timex_types: set[str] | frozenset[str],
) -> tuple[Counts, Counts, int, int]:
    """Strict counts, relaxed counts, and how many relaxed matches have the right value and a
    predicted value at all."""
    # DATE and TIME are one class here: relaxed and strict matching ignore the type.
    gold = [(d, s, e, "TIMEX") for d, s, e, t in gold_items if t in timex_types]
    pred = [(d, s, e, "TIMEX") for d, s, e, t in pred_items if t in timex_types]
    if not gold and not pred:
        return Counts(), Counts(), 0, 0
    original_g = {i[:3]: gold_values.get(i) for i in gold_items if i[3] in timex_types}
    original_p = {i[:3]: pred_values.get(i) for i in pred_items if i[3] in timex_types}
    a = align(gold, pred, MODES["partial"])
    pairs = a.correct + a.partial
    relaxed = Counts(tp=len(pairs), fp=len(a.spurious), fn=len(a.missed))
    strict = Counts(tp=len(a.correct), fp=len(pred) - len(a.correct), fn=len(gold) - len(a.correct))
    right = sum(
        1 for g, p in pairs if original_p.get(p[:3]) is not None and original_p.get(p[:3]) == original_g.get(g[:3])
    )
    valued = sum(1 for _, p in pairs if original_p.get(p[:3]) is not None)
    return strict, relaxed, right, valued


def timex_report(strict: Counts, relaxed: Counts, right: int, valued: int) -> dict[str, Any]:
    """The TIMEX block of a report from its counts."""
    accuracy = right / relaxed.tp if relaxed.tp and valued else None
    relaxed_f1 = relaxed.f1
    return {
        "strict": strict.to_dict(),
        "relaxed": relaxed.to_dict(),
        "value_correct": right,
        "values_predicted": valued,
        "value_accuracy": accuracy,
        "value_f1": accuracy * relaxed_f1 if accuracy is not None and relaxed_f1 is not None else None,
    }
