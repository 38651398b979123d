"""Counts by unit, for a bootstrap: booked as the scorers count, kept as integer arrays.

A unit is what a bootstrap resamples: a whole document (``by="documents"``), or one sentence
of one document (``by="sentences"``, numbered in document order, then sentence order). An
item belongs to the unit holding its start (an event argument: its trigger's start).

Asked to, the entity and event scorers book, batch by batch, the unit and the label of each
item they count in each column (tp, fp, fn, par), with the booking rule of their per-type
rows; :class:`UnitBook` keeps those as integer arrays, and :meth:`UnitBook.finish` adds them up
into a :class:`UnitCounts`, one per scored table (a span mode, a token mode, an event metric).
Summed over units, a table's counts are its per-type rows; summed over labels too, its overall
row. So a report's intervals need neither a second scoring nor the alignments kept.

The token modes count chunks, on several paths (``tokens.py``); each path books what it counts
in a :class:`ChunkBook` (a chunk's document, a character offset in it, its type and column, and
which token modes count it), which the entity scorer moves into its unit book batch by batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..gold.lazy import numpy
from ..gold.model import Document
from .metrics import Counts

if TYPE_CHECKING:
    import numpy as np

UNITS = ("documents", "sentences")
_first, _second = itemgetter(0), itemgetter(1)
TP, FP, FN, PAR = range(4)  # a count's column


class Units:
    """The units of a corpus, as flat integer ids: documents, or sentences."""

    def __init__(self, documents: Sequence[Document], by: str):
        if by not in UNITS:
            raise ValueError(f"units by {by!r}: choose {' or '.join(UNITS)}")
        self.by = by
        self.documents = documents
        self._begins: np.ndarray | None = None  # sentences: each unit's start, on one line of all the texts
        self._base: np.ndarray | None = None  # sentences: each document's offset on that line
        # each document's first unit, then the number of units
        sizes = [1] * len(documents) if by == "documents" else [len(d.sentences) for d in documents]
        self.first: np.ndarray = numpy().cumsum([0, *sizes], dtype=numpy().int64)

    @property
    def size(self) -> int:
        return int(self.first[-1])

    def of(self, docs: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """The unit of each item, given its document's position and its start offset."""
        np = numpy()
        docs = np.asarray(docs, dtype=np.int64)
        if self.by == "documents" or not len(docs):
            return docs
        if self._begins is None:
            lengths = [len(d.text) + 1 for d in self.documents]
            self._base = np.cumsum([0, *lengths[:-1]], dtype=np.int64)
            self._begins = np.fromiter(
                (b + s.start for b, d in zip(self._base.tolist(), self.documents) for s in d.sentences),
                np.int64,
                count=self.size,
            )
        assert self._base is not None
        found = np.searchsorted(self._begins, self._base[docs] + starts, side="right") - 1
        return np.maximum(found, self.first[docs])  # before its first sentence: the first

    def of_items(self, items: Sequence[tuple[int, int, Any, Any]]) -> np.ndarray:
        """The unit of each item ``(document, start, ...)``: its start is read only when units are
        sentences."""
        np = numpy()
        docs = np.fromiter(map(_first, items), np.int64, count=len(items))
        if self.by == "documents":
            return docs
        return self.of(docs, np.fromiter(map(_second, items), np.int64, count=len(items)))

    def pairs(self, units: np.ndarray) -> list[tuple[int, int]]:
        """``(document, sentence)`` of each unit (sentence 0 when units are documents)."""
        np = numpy()
        docs = np.searchsorted(self.first, units, side="right") - 1
        return list(zip(docs.tolist(), (units - self.first[docs]).tolist()))


@dataclass
class UnitCounts:
    """One table's tp/fp/fn/par by unit and label: a row per (unit, label) that has any."""

    units: Units
    labels: list[str]
    cell_units: np.ndarray  # the row's unit
    cell_labels: np.ndarray  # the row's label, a position in ``labels``
    counts: np.ndarray  # (rows, 4): tp, fp, fn, par

    def rows(self, label: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The units that have counts (each once, in order) and their counts summed over labels,
        or of ``label`` only: the table's non-zero rows of its unit-by-column matrix."""
        np = numpy()
        if label is not None:
            code = self.labels.index(label) if label in self.labels else -1
            keep = self.cell_labels == code
            return self.cell_units[keep], self.counts[keep]
        units, at = np.unique(self.cell_units, return_inverse=True)
        return units, _sums(at, self.counts, len(units))

    def by_unit(self, label: str | None = None) -> dict[tuple[int, int], Counts]:
        """The counts of each ``(document, sentence)`` unit that has any (of ``label`` only)."""
        units, counts = self.rows(label)
        return {u: Counts(*c) for u, c in zip(self.units.pairs(units), counts.tolist())}


class UnitBook:
    """Booked units and labels of each table, a batch at a time, until :meth:`finish`."""

    def __init__(self, units: Units):
        self.units = units
        # table -> booked (column, units, labels, sign)
        self.booked: dict[str, list[tuple[int, np.ndarray, np.ndarray, int]]] = {}

    def book(self, table: str, column: int, units: np.ndarray, labels: np.ndarray, sign: int = 1) -> None:
        """Count each (unit, label) given once in ``column`` of ``table`` (``sign`` -1: take it off)."""
        if len(units):
            self.booked.setdefault(table, []).append((column, units, labels, sign))

    def finish(self, table: str, labels: Sequence[str]) -> UnitCounts:
        """``table``'s counts, its label codes naming ``labels``; what was booked is let go."""
        np = numpy()
        booked = self.booked.pop(table, [])
        width = max(len(labels), 1)
        # each booked item as its cell's code and one of 8 slots: its column, added or taken off;
        # sorted once (a plain sort of integers, where finding each cell's place is an argsort)
        slots = _concat([np.full(len(u), 2 * c + (sign < 0)) for c, u, _, sign in booked])
        keys = np.sort(_concat([u * width + lab for _, u, lab, _ in booked]) * 8 + slots)
        code = keys >> 3
        new = np.empty(len(keys), bool)
        new[:1] = True
        np.not_equal(code[1:], code[:-1], out=new[1:])
        cells = code[new]
        tally = np.bincount((np.cumsum(new) - 1) * 8 + (keys & 7), minlength=8 * len(cells)).reshape(-1, 8)
        counts = (tally[:, 0::2] - tally[:, 1::2]).astype(np.int64)
        keep = counts.any(axis=1)
        cells, counts = cells[keep], counts[keep]
        return UnitCounts(self.units, list(labels), cells // width, cells % width, counts)


Where = Callable[[tuple], int]
"""A chunk's character offset in its document (its unit holds it), from the chunk's tuple."""


class ChunkBook:
    """The chunks a batch's token modes counted, by place, until :meth:`drain`.

    Each booking says which token modes it counts for: ``strict`` True (the strict mode),
    False (the other), None (both: chunks both modes read alike)."""

    def __init__(self, by_sentence: bool):
        self.by_sentence = by_sentence  # whether a place finer than a document is wanted
        # (strict, column, documents, offsets, types: names, or codes into the names given)
        self.booked: list[tuple[bool | None, int, Any, Any, Any, Sequence[str] | None]] = []

    def chunks(self, strict: bool | None, gold: Set[tuple], pred: Set[tuple], where: Where) -> None:
        """Chunks keyed ``(document, sentence, type, ...)`` of each side (sets): those on both are
        true positives, gold only false negatives, predicted only false positives."""
        for column, found in ((TP, gold & pred), (FN, gold - pred), (FP, pred - gold)):
            if found:
                self.booked.append(
                    (strict, column, [c[0] for c in found], list(map(where, found)), [c[2] for c in found], None)
                )

    def counts(self, strict: bool | None, doc: int, offset: int, per_type: Mapping[str, Counts]) -> None:
        """Counts of one place (a sentence, or a document), by type."""
        for t, c in per_type.items():
            for column, n in ((TP, c.tp), (FP, c.fp), (FN, c.fn)):
                if n:
                    self.booked.append((strict, column, [doc] * n, [offset] * n, [t] * n, None))

    def columns(
        self,
        strict: bool | None,
        column: int,
        docs: np.ndarray,
        offsets: np.ndarray,
        codes: np.ndarray,
        names: Sequence[str],
    ) -> None:
        """Chunks as integer columns, their types as codes into ``names``."""
        if len(docs):
            self.booked.append((strict, column, docs, offsets, codes, names))

    def drain(self, units: Units, codes: TypeCodes) -> Iterator[tuple[bool | None, int, np.ndarray, np.ndarray]]:
        """What was booked as ``(strict, column, units, type codes)`` (``codes``: :func:`type_codes`'s), let go."""
        np = numpy()
        booked, self.booked = self.booked, []
        for strict, column, docs, offsets, types, names in booked:
            docs = np.asarray(docs, dtype=np.int64)
            offsets = np.asarray(offsets, dtype=np.int64)
            if names is None:
                found = type_codes(types, codes, len(types))
            else:
                found = type_codes(names, codes, len(names))[types] if len(docs) else np.zeros(0, np.int64)
            yield strict, column, units.of(docs, offsets), found


class TypeCodes(dict[str, int]):
    """Types and their codes in a unit book: a type not seen before takes the next code."""

    def __missing__(self, key: str) -> int:
        code = self[key] = len(self)
        return code


def type_codes(types: Iterable[str], codes: TypeCodes, count: int) -> np.ndarray:
    """The code of each of ``count`` types, looked up in C (a new type costs one call in Python)."""
    return numpy().fromiter(map(codes.__getitem__, types), numpy().int64, count=count)


def _sums(at: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """``values`` (rows of 4) summed by ``at``, into ``n`` rows."""
    np = numpy()
    columns = [np.bincount(at, weights=values[:, c], minlength=n) for c in range(4)]
    return np.stack(columns, axis=1).astype(np.int64) if n else np.zeros((0, 4), dtype=np.int64)


def _concat(parts: Iterable[np.ndarray]) -> np.ndarray:
    np = numpy()
    parts = list(parts)
    return np.concatenate(parts).astype(np.int64, copy=False) if parts else np.zeros(0, np.int64)
