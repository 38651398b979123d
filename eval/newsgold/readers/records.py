"""What a reader returns: predictions as values, and what a reader is.

Predictions are code point spans checked against the document (``readers.jsonl`` says how);
every reader of every format returns the same :class:`DocPredictions`. A :class:`Reader`
describes one format to the registry (``readers.registry``): its name, the file suffixes it
claims, a look at the content that recognises it, and the function that reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document, Gold
from ..gold.spans import Span


@dataclass(frozen=True, slots=True)
class PredEntity:
    start: int
    end: int
    type: str
    text: str | None = None
    score: float | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class PredArgument:
    role: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PredEvent:
    type: str
    trigger: Span
    arguments: tuple[PredArgument, ...] = ()
    modality: str | None = None
    polarity: str | None = None
    genericity: str | None = None
    tense: str | None = None


@dataclass(frozen=True, slots=True)
class DocPredictions:
    doc_id: str
    entities: tuple[PredEntity, ...] = ()
    events: tuple[PredEvent, ...] = ()
    layers: frozenset[str] = frozenset({"entities"})
    """The layers the input gave (an extractor of entities only says nothing about events)."""
    tags: TokenTags | None = None
    """The tags as submitted, for formats of tags (CoNLL, BIO JSON Lines): the token modes
    score these, as seqeval reads them, not tags written again from the entities."""


    @property
    def columns(self) -> EventColumns | None:
        """The columns the events were read in, when they were (see :class:`ColumnPredictions`)."""
        return None


TokenTags = tuple[tuple[tuple[int, int, str], ...], ...]
"""Sentences of ``(start, end, tag)``: each token's code point span in the document and its tag."""


@dataclass(frozen=True, slots=True)
class EventColumns:
    """A document's predicted events as a JSON Lines line gives them, in its order."""

    events: list[tuple[int, int, str, tuple[str | None, ...] | None]]
    """``(trigger start, trigger end, subtype, attributes)`` of each event; the attributes
    (modality, polarity, genericity, tense) are None when the event gives none of them."""
    arguments: list[tuple[int, str, int, int]]
    """``(event, role, start, end)`` of each argument, ``event`` its event's place in ``events``."""


def pred_events(columns: EventColumns) -> tuple[PredEvent, ...]:
    """The :class:`PredEvent` values of ``columns``."""
    args: list[list[PredArgument]] = [[] for _ in columns.events]
    for row, role, start, end in columns.arguments:
        args[row].append(PredArgument(role, start, end))
    return tuple(PredEvent(label, Span(ts, te), tuple(a), *(attrs or ())) for (ts, te, label, attrs), a in zip(columns.events, args))


_EVENTS_SLOT = DocPredictions.__dict__["events"]
_FIELDS = tuple(f.name for f in fields(DocPredictions))
_DEFAULTS = tuple((f.name, f.default) for f in fields(DocPredictions) if f.name not in {"doc_id", "entities", "events", "layers"})


class ColumnPredictions(DocPredictions):
    """Predictions whose events are kept as the :class:`EventColumns` they were read in: the
    :class:`PredEvent` values are made on first use (:func:`pred_events`), and the event
    scorer reads the columns. On 100,000 predicted events, making the objects cost more
    than scoring them. Equal to (both ways), and read like, the :class:`DocPredictions` of
    the same line; a pickled copy keeps the columns, ``dataclasses.replace`` makes a plain one.
    """

    __slots__ = ("_columns",)
    _columns: EventColumns

    @classmethod
    def of(cls, doc_id: str, entities: tuple[PredEntity, ...], columns: EventColumns, layers: frozenset[str]) -> ColumnPredictions:
        self = object.__new__(cls)
        for name, value in (("doc_id", doc_id), ("entities", entities), ("layers", layers), *_DEFAULTS, ("_columns", columns)):
            object.__setattr__(self, name, value)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocPredictions):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = DocPredictions.__hash__

    def __reduce__(self) -> Any:
        columns = self.columns
        if columns is None:
            return super().__reduce__()
        return (ColumnPredictions.of, (self.doc_id, self.entities, columns, self.layers))

    @property
    def columns(self) -> EventColumns | None:
        try:
            return self._columns
        except AttributeError:  # a copy
            return None

    def _events(self) -> tuple[PredEvent, ...]:
        try:
            return _EVENTS_SLOT.__get__(self)
        except AttributeError:
            value = pred_events(self._columns)
            _EVENTS_SLOT.__set__(self, value)
            return value

    events = property(_events, lambda self, v: _EVENTS_SLOT.__set__(self, v))


def in_slices(
    predictions: Iterable[DocPredictions], index: Mapping[str, int], size: int, seen: set[int]
) -> Iterator[tuple[list[int], list[DocPredictions]]]:
    """``predictions`` ``size`` documents at a time, each with its position in ``index``.

    The positions go into ``seen``; a document given twice is refused (NG603).
    """
    stream = iter(predictions)
    for part in iter(lambda: list(islice(stream, size)), []):
        docs = list(map(index.__getitem__, map(_doc_id, part)))
        if not seen.isdisjoint(docs) or len(set(docs)) < len(docs):
            again = next(part[k].doc_id for k, di in enumerate(docs) if di in seen or di in docs[:k])
            raise NewsgoldError(
                incident("NG603", "predictions", message=f"{again!r} is predicted twice", hint="give each document's predictions once")
            )
        seen.update(docs)
        yield docs, part


_doc_id = attrgetter("doc_id")



EntityReader = Callable[[list[Any], Document], tuple[list[PredEntity], list[str]]]
"""Turns a record's ``entities`` list into predicted entities, with notes worth a warning."""

EventReader = Callable[[list[Any], Document], tuple[list[PredEvent], list[str]]]
"""Turns a record's ``events`` list into predicted events, with notes worth a warning."""

ReadFunction = Callable[[Path, Mapping[str, Document], Mapping[str, str]], tuple[list[DocPredictions], list[Incident]]]
"""Reads a file (or folder) against the corpus documents by doc_id, with the event subtypes
by name (``Meet`` and ``Contact:Meet``): predictions and warnings; raises on errors."""


@dataclass(frozen=True)
class Reader:
    """One prediction format, as the registry knows it.

    ``sniff`` looks at a file (or folder) whose suffix the reader claims and says whether
    it is this format; a reader without one is what its suffixes mean when no sniffer
    speaks. ``folder`` readers take a folder. ``lines`` is set for JSON Lines dialects:
    how one line's entities are read, so a large file can be scored as it is read, and
    ``line_events`` how its events are (None: with offsets, as the canonical form gives them).
    """

    name: str
    summary: str
    suffixes: tuple[str, ...]
    read: ReadFunction
    sniff: Callable[[Path], bool] | None = None
    folder: bool = False
    lines: EntityReader | None = None
    line_events: EventReader | None = None


@dataclass
class Predictions:
    """Read predictions: the documents (a list, or a JSON Lines file read again as it is
    scored), the reader's warnings, the format read, and what the documents cover."""

    documents: Iterable[DocPredictions]
    warnings: list[Incident]
    format: str
    source: str  # where they came from, as reports name them
    doc_ids: frozenset[str]
    layers: frozenset[str]  # the layers any document gives (an entity extractor says nothing about events)


def from_gold(pairs: Sequence[tuple[Document, Gold]], *, layer: str = "entities") -> list[DocPredictions]:
    """A gold layer as predictions (for agreement, checks, and as a perfect system)."""
    return [
        DocPredictions(
            doc.doc_id,
            tuple(PredEntity(e.span.start, e.span.end, e.type, e.text, None, e.value) for e in getattr(gold, layer)),
        )
        for doc, gold in pairs
    ]
