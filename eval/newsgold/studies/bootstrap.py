"""Uncertainty: seeded bootstrap confidence intervals and a paired significance test.

Scores are sums of counts over units, a unit being one sentence of one document. A
replicate resamples documents with replacement, then sentences with replacement within each
drawn document (the two-level scheme that keeps documents' internal correlation), sums the
drawn units' counts and computes F1 from the sums (count first, divide last). The interval
is the 2.5th to 97.5th percentile of the replicates' F1 (replicates where F1 is undefined
are skipped).

``compare`` runs the paired bootstrap test on two systems scored on the same gold: each
replicate draws the same units for both, and the p-value is the share of replicates whose
difference is at least twice the observed one in the observed direction (the test is on
the difference re-centred at zero). ``compare_all`` tests every pair of several systems on the
same replicates and adjusts the p-values for the number of pairs (Holm). A seed makes every
number reproducible.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ..gold.lazy import numpy, threadpoolctl, tqdm
from ..scoring.metrics import Counts
from ..scoring.results import EntityResult, EventResult
from ..scoring.units import UnitCounts, Units

if TYPE_CHECKING:
    import numpy as np

Unit = tuple[int, int]  # (document index, sentence index)
K = TypeVar("K", bound=Hashable)  # a report's name of a table


def entity_unit_counts(result: EntityResult, mode: str, type: str | None = None) -> dict[Unit, Counts]:
    """Per-unit counts of one span mode, as its scoring booked them (``score_corpus(units=...)``:
    the booking rule of entities.py); with ``type``, the counts of that type's per-type row only
    (a pair of two types books a false negative under the gold type and a false positive under
    the predicted one). Units are ``(document, sentence)``, or ``(document, 0)`` when the scoring
    booked documents."""
    units = result.modes[mode].units
    if units is None:
        raise ValueError(f"mode {mode!r} was scored without units (score_corpus(units=...))")
    return units.by_unit(type)


def event_unit_counts(result: EventResult, metric: str, type: str | None = None) -> dict[Unit, Counts]:
    """Per-unit counts of one event metric (by the sentence of each trigger), as its scoring
    booked them (``score_corpus(units=...)``); they add up to the corpus score."""
    if result.unit_counts is None:
        raise ValueError("events were scored without units (score_corpus(units=...))")
    return result.unit_counts[metric].by_unit(type)


def all_units(documents: Sequence) -> list[Unit]:
    return [(d, s) for d, doc in enumerate(documents) for s in range(len(doc.sentences))]


def _matrix(units: Sequence[Unit], counts: Mapping[Unit, Counts]) -> np.ndarray:
    np = numpy()
    zero = Counts()
    return np.array(
        [[c.tp, c.fp, c.fn, c.par] for c in (counts.get(u, zero) for u in units)], dtype=np.float64
    ).reshape(len(units), 4)


def _weights(units: Sequence[Unit], n: int, rng: np.random.Generator) -> np.ndarray:
    """How often each unit is drawn in each of ``n`` two-level replicates: shape (n, units)."""
    np = numpy()
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i, (d, _) in enumerate(units):
        by_doc[d].append(i)
    docs = sorted(by_doc)
    w = np.zeros((n, len(units)))
    doc_draws = rng.integers(0, len(docs), size=(n, len(docs)))
    for r in tqdm().trange(
        n, desc="bootstrap", unit="replicate", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False
    ):
        for k in doc_draws[r]:
            members = by_doc[docs[k]]
            picks = rng.integers(0, len(members), size=len(members))
            np.add.at(w[r], [members[p] for p in picks], 1)
    return w


def _f1(sums: np.ndarray) -> np.ndarray:
    np = numpy()
    tp, fp, fn, par = sums[:, 0], sums[:, 1], sums[:, 2], sums[:, 3]
    credit = tp + par / 2
    den = 2 * tp + fp + fn + 2 * par
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, 2 * credit / den, np.nan)


def confidence_interval(
    units: Sequence[Unit], counts: Mapping[Unit, Counts], *, replicates: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float | None, float | None]:
    """The bootstrap percentile interval of F1."""
    np = numpy()
    rng = np.random.default_rng(seed)
    f1 = _f1(_weights(units, replicates, rng) @ _matrix(units, counts))
    f1 = f1[~np.isnan(f1)]
    if f1.size == 0:
        return None, None
    lo, hi = np.percentile(f1, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])
    return float(lo), float(hi)


def compare(
    units: Sequence[Unit], a: Mapping[Unit, Counts], b: Mapping[Unit, Counts], *, replicates: int = 10000, seed: int = 0
) -> dict[str, float | int | None]:
    """Paired bootstrap test of F1(a) - F1(b) over the same units."""
    np = numpy()
    w = _weights(units, replicates, np.random.default_rng(seed))
    return _paired(_matrix(units, a), _matrix(units, b), w, seed)


def compare_all(
    units: Sequence[Unit], systems: Mapping[str, Mapping[Unit, Counts]], *, replicates: int = 10000, seed: int = 0
) -> list[dict[str, object]]:
    """The paired test of every pair of ``systems`` (in the order given: each with every later
    one), on the same replicates, with Holm-adjusted p-values over the whole family.

    Each pair's numbers equal :func:`compare` with the same seed; the replicates are drawn once.
    """
    np = numpy()
    w = _weights(units, replicates, np.random.default_rng(seed))
    names = list(systems)
    matrices = {n: _matrix(units, systems[n]) for n in names}
    tests: list[dict[str, object]] = [
        {"a": a, "b": b, **_paired(matrices[a], matrices[b], w, seed)}
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    ]
    for test, adjusted in zip(tests, holm([t["p_value"] for t in tests])):  # type: ignore[misc]
        test["p_holm"] = adjusted
    return tests


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of a family of p-values (None, an undefined test, stays None
    and does not count in the family): the k-th smallest of m is multiplied by m - k + 1, the
    results made non-decreasing and capped at 1.

    >>> holm([0.01, 0.04, 0.03])
    [0.03, 0.06, 0.06]
    """
    order = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(order)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for k, (p, i) in enumerate(order):
        running = max(running, min(1.0, (m - k) * p))
        out[i] = running
    return out


def _paired(ma: np.ndarray, mb: np.ndarray, w: np.ndarray, seed: int) -> dict[str, float | int | None]:
    np = numpy()
    observed = float(_f1(ma.sum(axis=0, keepdims=True))[0] - _f1(mb.sum(axis=0, keepdims=True))[0])
    delta = _f1(w @ ma) - _f1(w @ mb)
    delta = delta[~np.isnan(delta)]
    if np.isnan(observed) or delta.size == 0:
        return {"delta": None, "p_value": None, "replicates": int(delta.size)}
    if observed == 0:
        p = 1.0
    else:
        p = float(np.mean(np.sign(observed) * delta >= 2 * abs(observed)))
    lo, hi = np.percentile(delta, [2.5, 97.5])
    return {
        "delta": observed,
        "p_value": p,
        "delta_ci_low": float(lo),
        "delta_ci_high": float(hi),
        "replicates": int(delta.size),
        "seed": seed,
    }


# ---- intervals for a report: one flat resampling level, chosen by the corpus's size

MIN_DOCUMENTS = 10  # fewer documents than this are too few to resample: sentences are resampled
REPORT_REPLICATES = 1000
REPORT_SEED = 0
# Replicates drawn at once: as many as make about this many unit draws, so memory stays flat on a
# large corpus and a small one needs few products (numpy's stream is the same however it is cut).
_CHUNK_DRAWS = 1_000_000


def _drawn(distinct: np.ndarray, rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """``size`` replicates' sums of each row of ``distinct`` (one column per replicate), each
    replicate drawing ``n`` of its ``n`` unit columns with replacement."""
    np = numpy()
    # each replicate's weights count how often each unit is drawn: one bincount over the whole
    # chunk (each replicate's draws offset into a row of its own) costs what drawing does, where a
    # multinomial over n categories cost seconds on a large corpus
    drawn_units = rng.integers(0, n, size=(size, n))
    drawn_units += (np.arange(size) * n)[:, None]  # in place: the chunk's largest array, held once
    weights = np.bincount(drawn_units.ravel(), minlength=size * n).reshape(size, n)
    del drawn_units
    return distinct @ weights.astype(np.float64).T  # (counts, replicates): the fast way round for BLAS


def resampling_unit(documents: Sequence) -> str:
    """What a report's bootstrap resamples: ``documents`` when the corpus has at least
    :data:`MIN_DOCUMENTS` of them (their internal correlation stays whole), else ``sentences``
    (item-level: on one document, or a handful, the sentences are the only units there are)."""
    return "documents" if len(documents) >= MIN_DOCUMENTS else "sentences"


Interval = list[float] | None  # [low, high] of F1; None where F1 is undefined


def report_intervals(
    units: Units,
    tables: Mapping[K, UnitCounts],
    *,
    replicates: int = REPORT_REPLICATES,
    seed: int = REPORT_SEED,
    level: float = 0.95,
) -> tuple[dict[str, Any], dict[K, tuple[Interval, dict[str, Interval]]]]:
    """95% percentile intervals of F1 of each table (a mode's or a metric's counts by unit and
    label) and of each of its labels' rows, all from the same replicates: how they were drawn
    (the report's ``intervals`` block), and each table's ``(interval, {label: interval})``.

    The units resampled (with replacement, as many as there are) are those the scoring booked:
    documents or sentences, as :func:`resampling_unit` chooses. One matrix product a chunk of
    replicates sums every label's count columns of every table at once, each distinct non-zero
    column once; a table's overall sums are its labels' sums added up (the overall row is the
    sum of the per-type rows), so the overall rows cost no column of their own.
    """
    np = numpy()
    n = units.size
    names = list(tables)
    widths = [4 * len(tables[name].labels) for name in names]
    bases = np.cumsum([0, *widths])
    # A row per (table, label, count: tp, fp, fn, par), a column per unit, built a table at a time.
    # Only rows that count something are summed, and each distinct one once: modes that agree on a
    # type (strict, determiner, head and the token modes, often) share their sums, and memory holds
    # one table's rows and the distinct ones.
    used: list[int] = []  # the rows that count something
    same: list[int] = []  # each one's distinct row
    seen: dict[bytes, int] = {}
    rows: list[Any] = []
    for k, name in enumerate(names):
        t = tables[name]
        block = np.zeros((widths[k], n))
        for c in range(4):
            block[4 * t.cell_labels + c, t.cell_units] = t.counts[:, c]
        for i in np.flatnonzero(block.any(axis=1)).tolist():
            at = seen.setdefault(block[i].tobytes(), len(seen))
            if at == len(rows):
                rows.append(block[i].copy())  # not a view: the block is let go
            used.append(int(bases[k]) + i)
            same.append(at)
        del block
    distinct = np.stack(rows) if rows else np.zeros((0, n))
    rng = np.random.default_rng(seed)
    chunk = max(1, _CHUNK_DRAWS // max(n, 1))
    # One BLAS thread: the products are small, and a second thread cost more CPU in waiting for it
    # than it saved, the more so on a busy machine.
    with threadpoolctl().threadpool_limits(1, user_api="blas"):
        drawn = [
            _drawn(distinct, rng, n, min(chunk, replicates - done)) for done in range(0, replicates if n else 0, chunk)
        ]
    sums = np.zeros((int(bases[-1]), replicates if n else 0))
    if drawn:
        sums[used] = np.concatenate(drawn, axis=1)[same]  # (sums of integers: exact in any order)

    def interval(table_sums: Any) -> Interval:
        f1 = _f1(table_sums.T)
        f1 = f1[~np.isnan(f1)]
        if f1.size == 0:
            return None
        return [float(x) for x in np.percentile(f1, [(1 - level) / 2 * 100, (1 + level) / 2 * 100])]

    found: dict[K, tuple[Interval, dict[str, Interval]]] = {}
    for k, name in enumerate(names):
        labels = tables[name].labels
        by_label = sums[bases[k] : bases[k + 1]].reshape(len(labels), 4, sums.shape[1])
        found[name] = (interval(by_label.sum(axis=0)), {t: interval(by_label[i]) for i, t in enumerate(labels)})
    method = {
        "method": "bootstrap percentile",
        "resampled": units.by,
        "units": n,
        "documents": len(units.documents),
        "min_documents": MIN_DOCUMENTS,
        "replicates": replicates,
        "seed": seed,
        "level": level,
    }
    return method, found
