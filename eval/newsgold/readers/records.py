"""What a reader returns: predictions as values, and what a reader is.

Predictions are code point spans checked against the document (``readers.jsonl`` says how);
every reader of every format returns the same :class:`DocPredictions`. A :class:`Reader`
describes one format to the registry (``readers.registry``): its name, the file suffixes it
claims, a look at the content that recognises it, and the function that reads it.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document, Gold
from ..gold.spans import Span
from ..tables.events import NO_EVENTS, EventTable
from ..tables.values import made


@dataclass(frozen=True, slots=True)
class PredEntity:
    start: int
    end: int
    type: str
    text: str | None = None
    score: float | None = None
    value: str | None = None


def pred_entities(
    starts: Sequence[int],
    ends: Sequence[int],
    types: Sequence[str],
    texts: Sequence[str | None] | None = None,
    scores: Sequence[float | None] | None = None,
    values: Sequence[str | None] | None = None,
) -> list[PredEntity]:
    """The :class:`PredEntity` values of columns (None: a column no entity gives), made a
    field at a time (:func:`~newsgold.tables.values.made`)."""
    optional = {"text": texts, "score": scores, "value": values}
    columns = {k: repeat(None) if c is None else c for k, c in optional.items()}
    return made(PredEntity, len(starts), {"start": starts, "end": ends, "type": types, **columns})


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


@dataclass(frozen=True, slots=True, init=False)
class DocPredictions:
    """One document's predictions. The events are a table (``event_table``), the form the
    event scorer reads; ``events`` are the :class:`PredEvent` values made from its rows on
    first use. Give either the values (``events``) or the table (``event_table``).
    """

    doc_id: str
    entities: tuple[PredEntity, ...]
    event_table: EventTable
    layers: frozenset[str]
    """The layers the input gave (an extractor of entities only says nothing about events)."""
    tags: TokenTags | None
    """The tags as submitted, for formats of tags (CoNLL, BIO JSON Lines): the token modes
    score these, as seqeval reads them, not tags written again from the entities."""
    _made: tuple[PredEvent, ...] | None = field(init=False, compare=False, repr=False)

    def __init__(
        self,
        doc_id: str,
        entities: tuple[PredEntity, ...] = (),
        events: Iterable[PredEvent] = (),
        layers: frozenset[str] = frozenset({"entities"}),
        tags: TokenTags | None = None,
        event_table: EventTable | None = None,
    ):
        if event_table is None:
            given = tuple(events)
        if event_table is None and given:
            attributes = [(e.modality, e.polarity, e.genericity, e.tense) for e in given]
            event_table = EventTable.of_views(
                given, lambda a: a, attributes=[None if a == NO_ATTRIBUTES else a for a in attributes]
            )
        setattr_ = object.__setattr__  # frozen
        setattr_(self, "doc_id", doc_id)
        setattr_(self, "entities", entities)
        setattr_(self, "event_table", NO_EVENTS if event_table is None else event_table)
        setattr_(self, "layers", layers)
        setattr_(self, "tags", tags)
        setattr_(self, "_made", None)

    def __hash__(self) -> int:  # the event table's columns are lists; equal predictions share these
        return hash((self.doc_id, self.entities))

    @property
    def events(self) -> tuple[PredEvent, ...]:
        if self._made is None:
            object.__setattr__(self, "_made", pred_events(self.event_table))
        return self._made  # type: ignore[return-value]


def entity_predictions(
    doc_ids: Sequence[str], entities: Iterable[tuple[PredEntity, ...]], layers: Iterable[frozenset[str]]
) -> list[DocPredictions]:
    """Documents' predictions of entities only (no events, no tags), made a field at a time
    as :func:`pred_entities` makes entities."""
    none = repeat(None)
    columns = {"doc_id": doc_ids, "entities": entities, "event_table": repeat(NO_EVENTS), "layers": layers}
    return made(DocPredictions, len(doc_ids), {**columns, "tags": none, "_made": none})


def pred_events(t: EventTable) -> tuple[PredEvent, ...]:
    """The :class:`PredEvent` values of an event table's rows."""
    attributes = t.attributes if t.attributes is not None else [None] * len(t)
    return tuple(
        PredEvent(
            label,
            Span(ts, te),
            tuple(PredArgument(t.arg_role[k], t.arg_start[k], t.arg_end[k]) for k in args),
            *(attrs or ()),
        )
        for label, ts, te, args, attrs in zip(
            t.type, t.trigger_start, t.trigger_end, t.arguments_by_event(), attributes
        )
    )


NO_ATTRIBUTES = (None, None, None, None)
"""The attributes of a predicted event that gives none (modality, polarity, genericity, tense)."""


class TokenTags(NamedTuple):
    """Tags as submitted, in columns: each sentence's tags, and each token's code point span in
    the document (``starts`` and ``ends`` run over all the sentences' tokens in order)."""

    tags: tuple[tuple[str, ...], ...]
    starts: Sequence[int]
    ends: Sequence[int]

    @classmethod
    def of(cls, sentences: Iterable[Sequence[tuple[int, int, str]]]) -> TokenTags:
        """From sentences of ``(start, end, tag)``."""
        sentences = [s for s in sentences if s]
        flat = [t for s in sentences for t in s]
        return cls(
            tuple(tuple(t for _, _, t in s) for s in sentences),
            array("q", [t[0] for t in flat]),
            array("q", [t[1] for t in flat]),
        )


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
                incident(
                    "NG603",
                    "predictions",
                    message=f"{again!r} is predicted twice",
                    hint="give each document's predictions once",
                )
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

    @classmethod
    def of(cls, documents: Iterable[DocPredictions], warnings: list[Incident], format: str, source: str) -> Predictions:
        """Documents a reader has read and checked, as a list, with what they cover."""
        documents = list(documents)
        layers = frozenset().union(*(p.layers for p in documents))
        return cls(documents, warnings, format, source, frozenset(p.doc_id for p in documents), layers)


def from_gold(pairs: Sequence[tuple[Document, Gold]], *, layer: str = "entities") -> list[DocPredictions]:
    """A gold layer as predictions (for agreement, checks, and as a perfect system)."""
    return [
        DocPredictions(
            doc.doc_id,
            tuple(PredEntity(e.span.start, e.span.end, e.type, e.text, None, e.value) for e in getattr(gold, layer)),
        )
        for doc, gold in pairs
    ]
