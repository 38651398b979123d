"""A span layer of one document as a table: what the entity scorers read.

Row i is the layer's i-th span. ``start``, ``end`` and ``type`` are always columns; every
other column is None when the layer does not give it (a gold of your own corpus gives
offsets and types only), and then takes its default: ids number the rows (``prefix`` and
the row's number from 1), every row has the layer's ``level``, and there are no heads,
clusters, TIMEX values or notes. The value objects a reader of the API sees
(``gold.model.Mention``) are made from rows, on first use.

>>> t = SpanTable.build([0, 10], [5, 16], ["PER", "PER"], prefix="T", level="NAM")
>>> t.start, t.end, t.type, t.ids(), t.levels()
([0, 10], [5, 16], ['PER', 'PER'], ['T1', 'T2'], ['NAM', 'NAM'])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

Head = tuple[int, int] | None
T = TypeVar("T")


@dataclass(slots=True)
class SpanTable:
    start: list[int]
    end: list[int]
    type: list[str]
    prefix: str = "T"
    level: str = "NAM"
    id: list[str] | None = None
    levels_given: list[str] | None = None
    head: list[Head] | None = None
    cluster: list[str | None] | None = None
    value: list[str | None] | None = None
    note: list[str | None] | None = None

    @classmethod
    def build(
        cls,
        start: list[int],
        end: list[int],
        type: list[str],
        *,
        prefix: str,
        level: str,
        ids: list[str] | None = None,
        levels: list[str] | None = None,
        heads: list[Head] | None = None,
        clusters: list[str | None] | None = None,
        values: list[str | None] | None = None,
        notes: list[str | None] | None = None,
    ) -> SpanTable:
        """The one builder, from columns: the spans' offsets and types, and the optional
        columns. A column that says nothing (ids that number the rows, every level the
        default, every head, cluster, value or note None) is left out."""
        if ids is not None and ids == [f"{prefix}{i}" for i in range(1, len(start) + 1)]:
            ids = None
        if levels is not None and levels.count(level) == len(levels):
            levels = None
        return cls(start, end, type, prefix, level, ids, levels, said(heads), said(clusters), said(values), said(notes))

    def __len__(self) -> int:
        return len(self.start)

    def ids(self) -> list[str]:
        return self.id if self.id is not None else [f"{self.prefix}{i}" for i in range(1, len(self.start) + 1)]

    def levels(self) -> list[str]:
        return self.levels_given if self.levels_given is not None else [self.level] * len(self.start)

    def heads(self) -> list[Head]:
        return self.head if self.head is not None else [None] * len(self.start)

    def clusters(self) -> list[str | None]:
        return self.cluster if self.cluster is not None else [None] * len(self.start)

    def values(self) -> list[str | None]:
        return self.value if self.value is not None else [None] * len(self.start)

    def notes(self) -> list[str | None]:
        return self.note if self.note is not None else [None] * len(self.start)


def said(column: list[T | None] | None) -> list[T | None] | None:
    """``column``, or None when it says nothing (no column, or None in every row)."""
    return None if column is None or column.count(None) == len(column) else column
