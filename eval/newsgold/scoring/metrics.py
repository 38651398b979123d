"""Counts first, divide last.

A :class:`Counts` holds integers that add; precision, recall and F1 come from them at the
end. The 0/0 policy, stated once: a ratio with a zero denominator is ``None`` (``null`` in
JSON), never 0 and never an epsilon. So precision is None when nothing was predicted,
recall is None when there is no gold, and F1 = 2tp / (2tp + fp + fn) is None only when
both are empty.

SemEval-2013's partial credit is a fourth count, ``par``: a pair that overlaps without the
same boundaries earns half. Then tp' = tp + par/2, predicted = tp + fp + par, gold = tp + fn + par.

>>> c = Counts(tp=3, fp=1, fn=2) + Counts(tp=1, fn=1)
>>> c, c.precision, round(c.recall, 4), round(c.f1, 4)
(Counts(tp=4, fp=1, fn=3, par=0), 0.8, 0.5714, 0.6667)
>>> Counts().precision is None, Counts(fn=2).f1
(True, 0.0)
>>> Counts(tp=1, par=2, fp=1).precision   # (1 + 2/2) / (1 + 1 + 2)
0.5
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import fsum


def ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    par: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.par + other.par)

    @property
    def credit(self) -> float:
        return self.tp + self.par / 2

    @property
    def predicted(self) -> int:
        return self.tp + self.fp + self.par

    @property
    def support(self) -> int:
        """Gold items counted (what recall divides by)."""
        return self.tp + self.fn + self.par

    @property
    def precision(self) -> float | None:
        return ratio(self.credit, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.credit, self.support)

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.credit, self.predicted + self.support)

    def to_dict(self) -> dict[str, float | int | None]:
        out: dict[str, float | int | None] = {"tp": self.tp, "fp": self.fp, "fn": self.fn}
        if self.par:
            out["par"] = self.par
        out.update(
            support=self.support, predicted=self.predicted, precision=self.precision, recall=self.recall, f1=self.f1
        )
        return out


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


def _mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return fsum(vals) / len(vals) if vals else None


def averages(per_type: Mapping[str, Counts]) -> dict[str, dict[str, float | None]]:
    """Micro (from summed counts), macro (mean of per-type values) and weighted (by support).

    Macro and weighted averages skip a type whose value is None (undefined), and say so by
    the policy above; seqeval would count it as 0. Float sums are exact (math.fsum): the
    built-in sum rounds differently from Python 3.12 on, and the reports must not.

    >>> avg = averages({"PER": Counts(tp=1), "ORG": Counts(tp=1, fp=1, fn=2)})
    >>> round(avg["micro"]["f1"], 4), avg["macro"]["precision"], avg["weighted"]["recall"]
    (0.5714, 0.75, 0.5)
    """
    micro = total(per_type.values())
    weight = sum(c.support for c in per_type.values())

    def weighted(metric: str) -> float | None:
        pairs = [(getattr(c, metric), c.support) for c in per_type.values() if getattr(c, metric) is not None]
        den = sum(w for _, w in pairs)
        return fsum(v * w for v, w in pairs) / den if den and weight else None

    metrics = ("precision", "recall", "f1")
    return {
        "micro": {m: getattr(micro, m) for m in metrics},
        "macro": {m: _mean(getattr(c, m) for c in per_type.values()) for m in metrics},
        "weighted": {m: weighted(m) for m in metrics},
    }
