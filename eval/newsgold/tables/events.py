"""The events of one document as a table, gold or predicted: what the event scorer reads.

Row i is the i-th event: its trigger's offsets and its type. Its arguments are rows of their
own: the event's row, the role and the argument's offsets; a gold argument also keeps the id
of the span it refers to (``ref``: a gold entity or mention, whose head and cluster the head
and coreference matches read). Optional columns are None when no event gives them: ids then
number the rows (``E1``...), refs number the arguments (``A1``..., the gold's layer of
argument spans, for a gold that gives arguments as spans), and attributes (modality, polarity, genericity, tense) are
``default`` for gold and not given for predictions. The value objects (``gold.model.Event``,
``readers.records.PredEvent``) are made from rows, on first use.

>>> t = EventTable.build([6], [9], ["Contact:Meet"], [0], ["Entity"], [0], [5])
>>> t.type, t.arg_event, t.arg_role, (t.arg_start, t.arg_end), t.ids()
(['Contact:Meet'], [0], ['Entity'], ([0], [5]), ['E1'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import gt
from typing import Any

from .spans import said

Attributes = tuple[str | None, ...] | None
"""(modality, polarity, genericity, tense); None where an event gives none of them."""


@dataclass(slots=True)
class EventTable:
    trigger_start: list[int]
    trigger_end: list[int]
    type: list[str]
    arg_event: list[int]
    arg_role: list[str]
    arg_start: list[int]
    arg_end: list[int]
    arg_ref: list[str] | None = None
    id: list[str] | None = None
    attributes: list[Attributes] | None = None
    cluster: list[str | None] | None = None
    note: list[str | None] | None = None

    @classmethod
    def build(
        cls,
        trigger_start: list[int],
        trigger_end: list[int],
        type: list[str],
        arg_event: list[int],
        arg_role: list[str],
        arg_start: list[int],
        arg_end: list[int],
        arg_ref: list[str] | None = None,
        *,
        ids: list[str] | None = None,
        attributes: list[Attributes] | None = None,
        default: Attributes = None,
        clusters: list[str | None] | None = None,
        notes: list[str | None] | None = None,
    ) -> EventTable:
        """The one builder, from columns: the events' triggers and types, their arguments
        (event row, role, offsets and, for gold, the id each refers to) and the optional
        columns. Arguments are kept grouped by event; a column that says nothing (ids that
        number the rows, refs that number the arguments, every attribute tuple ``default``,
        every cluster or note None) is left out."""
        if not type:
            return NO_EVENTS
        if any(map(gt, arg_event, islice(arg_event, 1, None))):  # not grouped by event: group them, keeping their order
            order = sorted(range(len(arg_event)), key=arg_event.__getitem__)
            arg_event, arg_role = [arg_event[k] for k in order], [arg_role[k] for k in order]
            arg_start, arg_end = [arg_start[k] for k in order], [arg_end[k] for k in order]
            arg_ref = None if arg_ref is None else [arg_ref[k] for k in order]
        if arg_ref is not None and arg_ref == [f"A{k}" for k in range(1, len(arg_ref) + 1)]:
            arg_ref = None
        if ids is not None and ids == [f"E{i}" for i in range(1, len(type) + 1)]:
            ids = None
        if attributes is not None and attributes.count(default) == len(attributes):
            attributes = None
        return cls(
            trigger_start,
            trigger_end,
            type,
            arg_event,
            arg_role,
            arg_start,
            arg_end,
            arg_ref,
            ids,
            attributes,
            said(clusters),
            said(notes),
        )

    @classmethod
    def of_views(cls, events: Sequence[Any], argument_span: Callable[[Any], Any], **optional: Any) -> EventTable:
        """The table of event value objects (a ``trigger`` span, a ``type`` and ``arguments``
        with a ``role``), each argument's offsets those of ``argument_span(argument)``;
        ``optional``: :meth:`build`'s other columns."""
        links = [(row, a) for row, e in enumerate(events) for a in e.arguments]
        spans = [argument_span(a) for _, a in links]
        return cls.build(
            [e.trigger.start for e in events],
            [e.trigger.end for e in events],
            [e.type for e in events],
            [row for row, _ in links],
            [a.role for _, a in links],
            [s.start for s in spans],
            [s.end for s in spans],
            **optional,
        )

    def __len__(self) -> int:
        return len(self.type)

    def ids(self) -> list[str]:
        return self.id if self.id is not None else [f"E{i}" for i in range(1, len(self.type) + 1)]

    def refs(self) -> list[str]:
        return self.arg_ref if self.arg_ref is not None else [f"A{k}" for k in range(1, len(self.arg_role) + 1)]

    def arguments_by_event(self) -> list[list[int]]:
        """The argument rows of each event, in the order given."""
        out: list[list[int]] = [[] for _ in self.type]
        for k, row in enumerate(self.arg_event):
            out[row].append(k)
        return out


NO_EVENTS = EventTable([], [], [], [], [], [], [])
"""The table of a document without events (shared: tables are never changed once built)."""
