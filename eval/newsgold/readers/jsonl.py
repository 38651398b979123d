"""Predictions: what an extractor produced, as code point spans checked against the document.

The canonical form is JSON Lines, one document per line::

    {"doc_id": "...",
     "entities": [{"start": 0, "end": 10, "type": "GPE", "text": "Washington", "score": 0.9}],
     "events": [{"type": "Contact:Meet", "trigger": {"start": 1, "end": 2},
                 "arguments": [{"role": "Entity", "start": 3, "end": 4}]}]}

``text``, ``score`` and ``value`` (a TIMEX3 value) are optional; when ``text`` is given it
must equal the slice. Every problem is a coded incident naming the file, the line and the
JSON pointer; the whole input is refused when any is an error (nothing is scored half-way).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

from ..gold import collector
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import parse_json
from ..gold.model import Document
from ..gold.offsets import SPAN_FIELDS, byte_offsets_suspected, checked_spans, event_arguments, event_triggers
from ..gold.tokenize import tokenize
from ..tables.events import EventTable
from ..tables.lines import MAX_ERRORS, JsonLines
from ..tables.rules import ABSENT, BadRecord, Field, Shape, columns, first_misquoted, first_outside
from .records import (
    NO_ATTRIBUTES,
    DocPredictions,
    EntityReader,
    EventReader,
    PredEntity,
    PredEvent,
    Reader,
    entity_predictions,
    pred_entities,
    pred_events,
)


def field_of(
    obj: Mapping[str, Any], key: str, kinds: type | tuple[type, ...], ptr: str, *, required: bool = True
) -> Any:
    """One field of one object, checked by its rule (:class:`~newsgold.tables.rules.Field`)."""
    return _field(key, kinds if isinstance(kinds, tuple) else (kinds,), required).value(obj, ptr)


_field = cache(Field)  # a reader asks for the same few fields of every record


_ATTRIBUTES = tuple(
    Field(k, (str, type(None)), required=False) for k in ("modality", "polarity", "genericity", "tense")
)
_EVENT = Shape(
    Field("type", (str,), nonempty=True),
    Field("trigger", (dict,)),
    Field("arguments", (list,), required=False),
    *_ATTRIBUTES,
)


@cache
def _entity_fields(label_key: str) -> Shape:
    return Shape(
        *SPAN_FIELDS,
        Field(label_key, (str,), nonempty=True),
        Field("score", (int, float), required=False),
        Field("value", (str,), required=False),
    )


def _spans(items: list[Any], at: str, what: str, shape: Shape, doc: Document) -> list[Any]:
    return checked_spans(items, at, what, shape, doc.text, of=f" of {doc.doc_id}")


def _given(column: list[Any] | None, n: int) -> list[Any]:
    return [None] * n if column is None else [None if v is ABSENT else v for v in column]


def canonical_entities(
    items: list[Any], doc: Document, *, label_key: str = "type"
) -> tuple[list[PredEntity], list[str]]:
    """Entities with offsets: ``{"start", "end", "type", "text"?, "score"?, "value"?}``."""
    try:
        starts, ends, texts, labels, scores, values = _spans(
            items, "/entities", "an entity", _entity_fields(label_key), doc
        )
    except BadRecord as bad:
        item = items[int(bad.ptr.split("/")[2])] if bad.message.startswith("missing field 'start'") else {}
        if "text" in item and "end" not in item:
            raise BadRecord(
                bad.ptr,
                "entity has text but no offsets",
                hint="give start and end, or use --format text-only to align text to the document",
            ) from None
        raise
    if texts is None and scores is None and values is None:  # offsets and labels only, the most usual
        return list(map(PredEntity, starts, ends, labels)), []
    n = len(starts)
    return list(map(PredEntity, starts, ends, labels, _given(texts, n), _given(scores, n), _given(values, n))), []


def _event_table(items: list[Any], doc: Document) -> EventTable:
    """Events with offsets: ``{"type", "trigger": {"start", "end"}, "arguments": [{"role",
    "start", "end"}], "modality"?, "polarity"?, "genericity"?, "tense"?}``, as their table."""
    try:
        types, triggers, given, *attributes = columns(items, "/events", "an event", _EVENT)
    except BadRecord as bad:
        if bad.ptr.endswith("/trigger") and "got str" in bad.message:
            raise BadRecord(
                bad.ptr,
                "the trigger is text without offsets",
                hint='give {"start", "end"}, or use --format text-only to align text to the document',
            ) from None
        raise
    t_starts, t_ends, _ = event_triggers(triggers, doc.text, of=f" of {doc.doc_id}")
    owner, (starts, ends, _, roles) = event_arguments(given, doc.text, of=f" of {doc.doc_id}")
    attrs = None
    if any(c is not None for c in attributes):
        n = len(types)
        attrs = [None if a == NO_ATTRIBUTES else a for a in zip(*(_given(c, n) for c in attributes))]
    return EventTable.build(t_starts, t_ends, types, owner, roles, starts, ends, attributes=attrs)


def canonical_events(items: list[Any], doc: Document) -> tuple[list[PredEvent], list[str]]:
    """The events of :func:`_event_table`, as values."""
    return list(pred_events(_event_table(items, doc))), []


def parse_document(
    record: Any,
    doc: Document,
    *,
    entity_reader: EntityReader = canonical_entities,
    event_reader: EventReader = canonical_events,
) -> tuple[DocPredictions, list[str]]:
    """Check one record against its document (raises BadRecord on the first problem).
    Canonical events of the usual shape go into their table with no value made."""
    entities, notes = entity_reader(field_of(record, "entities", list, "", required=False) or [], doc)
    items = field_of(record, "events", list, "", required=False) or []
    layers = frozenset(k for k in ("entities", "events") if k in record)
    if not items:
        return DocPredictions(doc.doc_id, tuple(entities), layers=layers), notes
    if event_reader is canonical_events:
        return DocPredictions(doc.doc_id, tuple(entities), layers=layers, event_table=_event_table(items, doc)), notes
    events, event_notes = event_reader(items, doc)
    return DocPredictions(doc.doc_id, tuple(entities), tuple(events), layers), notes + event_notes


def byte_offsets_in(parsed: DocPredictions, doc: Document) -> tuple[str, str] | None:
    """NG302's warning and hint when the entities given without ``text`` (nothing to check
    their offsets against) look like UTF-8 byte counts; else None."""
    if doc.text.isascii():  # only non-ASCII text tells bytes from code points
        return None
    untexted = [(e.start, e.end) for e in parsed.entities if e.text is None]
    if not untexted:
        return None
    edges = {x for t in tokenize(doc.text) for x in (t.start, t.end)}  # not cached on the document
    return byte_offsets_suspected(doc.text, edges, untexted)


@collector.paused()
def read_jsonl(
    path: Path,
    documents: Mapping[str, Document],
    *,
    entity_reader: EntityReader = canonical_entities,
    event_reader: EventReader = canonical_events,
    max_errors: int = MAX_ERRORS,
) -> tuple[list[DocPredictions], list[Incident]]:
    """Read JSON Lines, one document a line; returns predictions and warnings, raises on errors."""
    errors: list[Incident] = []
    warnings: list[Incident] = []
    out = list(_records(path, documents, (entity_reader, event_reader), errors, warnings, max_errors))
    if errors:
        raise NewsgoldError(errors)
    return out, warnings


class JsonlFile:
    """A JSON Lines predictions file, checked whole once, then read again each time it is
    iterated: scoring from it holds a slice of documents at a time, never the whole file.

    ``doc_ids`` and ``layers`` are what the check found (the documents predicted, the layers
    any line gives).
    """

    def __init__(
        self,
        path: Path,
        documents: Mapping[str, Document],
        entity_reader: EntityReader,
        event_reader: EventReader | None = None,
    ):
        self.path, self.documents, self.readers = path, documents, (entity_reader, event_reader or canonical_events)
        errors: list[Incident] = []
        self.warnings: list[Incident] = []
        self.doc_ids: list[str] = []
        layers: set[str] = set()
        for p in _records(path, documents, self.readers, errors, self.warnings, MAX_ERRORS):
            self.doc_ids.append(p.doc_id)
            layers |= p.layers
        if errors:
            raise NewsgoldError(errors)
        self.layers = frozenset(layers)

    def __iter__(self) -> Iterator[DocPredictions]:
        errors: list[Incident] = []
        yield from _records(self.path, self.documents, self.readers, errors, [], 1)
        if errors:  # it passed the check: it changed since
            raise NewsgoldError(
                [replace(errors[0], message=errors[0].message + " (the file changed while it was scored)")]
            )


def _records(
    path: Path,
    documents: Mapping[str, Document],
    readers: tuple[EntityReader, EventReader],
    errors: list[Incident],
    warnings: list[Incident],
    max_errors: int,
) -> Iterator[DocPredictions]:
    """Each line's predictions, as the lines are read; problems go into ``errors`` and ``warnings``."""
    file = str(path)
    if not path.exists():
        errors.append(incident("NG002", file, message="no such file"))
        return
    lines = JsonLines(path, errors=errors, max_errors=max_errors)
    seen: dict[str, int] = {}
    for first, values in lines.blocks():
        yield from _block(first, values, documents, readers, seen, file, errors, warnings, max_errors)
    warnings += lines.warnings
    if not lines.read and not errors:
        errors.append(incident("NG601", file, message="the file has no predictions"))


def _block(
    first: int,
    values: list[Any],
    documents: Mapping[str, Document],
    readers: tuple[EntityReader, EventReader],
    seen: dict[str, int],
    file: str,
    errors: list[Incident],
    warnings: list[Incident],
    max_errors: int,
) -> Iterator[DocPredictions]:
    """The predictions of a block of records (``first``: the first one's line): read whole
    when they are all of the usual shape (:func:`predictions_block`), else one at a time."""
    canonical = readers == (canonical_entities, canonical_events)
    read = predictions_block(first, values, documents, seen, file) if canonical and len(values) > 1 else None
    if read is not None:
        parsed_block, suspected = read
        warnings += suspected
        if not errors:
            yield from parsed_block
        return
    for number, record in enumerate(values, first):
        if number > first and len(errors) >= max_errors:  # the line reader's cap, inside a block
            break
        parsed = _record(number, record, documents, readers, seen, file, errors, warnings)
        if parsed is not None and not errors:  # after an error nothing is scored: the rest is only checked
            yield parsed


def _record(
    number: int,
    record: Any,
    documents: Mapping[str, Document],
    readers: tuple[EntityReader, EventReader],
    seen: dict[str, int],
    file: str,
    errors: list[Incident],
    warnings: list[Incident],
) -> DocPredictions | None:
    """One line's predictions; None when it breaks a rule, named in ``errors``."""
    try:
        if not isinstance(record, dict):
            raise BadRecord("", f"each line must be a JSON object, got {type(record).__name__}")
        doc_id = field_of(record, "doc_id", str, "")
        doc = documents.get(doc_id)
        if doc is None:
            known = ", ".join(sorted(documents)[:5])
            raise BadRecord("/doc_id", f"unknown doc_id {doc_id!r} (corpus: {known})", "NG602")
        if doc_id in seen:
            raise BadRecord("/doc_id", f"{doc_id!r} was already predicted on line {seen[doc_id]}", "NG603")
        seen[doc_id] = number
        parsed, notes = parse_document(record, doc, entity_reader=readers[0], event_reader=readers[1])
        warnings += [incident("NG608", file, line=number, severity="warning", message=n) for n in notes]
        warnings += _suspected(parsed, doc, file, number)
        return parsed
    except BadRecord as bad:
        errors.append(incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=bad.hint))
        return None


def _suspected(parsed: DocPredictions, doc: Document, file: str, number: int) -> list[Incident]:
    suspected = byte_offsets_in(parsed, doc)
    if suspected is None:
        return []
    return [incident("NG302", file, line=number, severity="warning", message=suspected[0], hint=suspected[1])]


_ENTITIES_ONLY = frozenset({"doc_id", "entities"})
_LAYERS: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset({"entities"}))


def predictions_block(
    first: int, values: list[Any], documents: Mapping[str, Document], seen: dict[str, int], file: str
) -> tuple[list[DocPredictions], list[Incident]] | None:
    """A block of canonical lines read whole, with their NG302 warnings, when every line is
    of the usual shape (a doc_id and entities, no events) and breaks no rule; else None, and
    the lines are read one at a time, which names each problem.

    The same rules as :func:`canonical_entities` (a test holds them equal): the entities'
    columns checked once for the block, each document's spans against its text, and the
    values made a field at a time; per line, this saves most of the calls.
    """
    docs: list[Document] = []
    lists: list[list[Any]] = []
    layers: list[frozenset[str]] = []
    here: dict[str, int] = {}
    for number, record in enumerate(values, first):
        if type(record) is not dict or not record.keys() <= _ENTITIES_ONLY:
            return None
        doc_id = record.get("doc_id")
        if type(doc_id) is not str:
            return None
        doc = documents.get(doc_id)
        if doc is None or doc_id in seen or doc_id in here:
            return None
        here[doc_id] = number
        items = record.get("entities", [])
        if type(items) is not list:
            return None
        docs.append(doc)
        lists.append(items)
        layers.append(_LAYERS["entities" in record])
    flat = list(chain.from_iterable(lists))
    try:
        starts, ends, texts, labels, scores, given_values = columns(flat, "", "an entity", _entity_fields("type"))
    except BadRecord:
        return None
    bounds = list(accumulate(map(len, lists), initial=0))
    for doc, a, b in zip(docs, bounds, bounds[1:]):
        if a < b and (
            first_outside(starts[a:b], ends[a:b], len(doc.text)) >= 0
            or first_misquoted(starts[a:b], ends[a:b], texts and texts[a:b], doc.text) >= 0
        ):
            return None
    n = len(starts)
    if texts is None and scores is None and given_values is None:
        made = tuple(pred_entities(starts, ends, labels))
    else:
        made = tuple(pred_entities(starts, ends, labels, _given(texts, n), _given(scores, n), _given(given_values, n)))
    parsed = entity_predictions(list(here), map(made.__getitem__, map(slice, bounds, bounds[1:])), layers)
    seen.update(here)
    suspected = [  # only text that is not ASCII tells bytes from code points
        w for p, d, k in zip(parsed, docs, here.values()) if not d.text.isascii() for w in _suspected(p, d, file, k)
    ]
    return parsed, suspected


def dump_jsonl(
    predictions: Iterable[DocPredictions],
    texts: Mapping[str, str],
    *,
    clusters: Mapping[str, Sequence[Sequence[tuple[int, int]]]] | None = None,
) -> str:
    """The canonical JSON Lines text of predictions: one line per document.

    Every span carries its ``text`` (taken from ``texts``, by doc_id), so whoever reads the
    file back checks the offsets against the document; events are written when the
    predictions give that layer. ``clusters`` (by doc_id) adds each document's coreference
    clusters as ``[start, end]`` code point pairs, the shape the JSON clusters reader reads
    beside entities.
    """
    lines = []
    for p in predictions:
        record = record_of(p, texts[p.doc_id])
        if clusters is not None:
            record["clusters"] = [[[s, e] for s, e in c] for c in clusters.get(p.doc_id, ())]
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def record_of(p: DocPredictions, text: str | None = None) -> dict[str, Any]:
    """The canonical JSON Lines record of one document's predictions, events from their table
    (no event value is made). Each span's ``text`` is the slice of ``text`` when given, else an
    entity's own ``text`` (if it has one)."""

    def quote(start: int, end: int, own: str | None = None) -> dict[str, str]:
        return _set({"text": text[start:end] if text is not None else own})

    entities = [
        {
            "start": e.start,
            "end": e.end,
            "type": e.type,
            **quote(e.start, e.end, e.text),
            **_set({"score": e.score, "value": e.value}),
        }
        for e in p.entities
    ]
    record: dict[str, Any] = {"doc_id": p.doc_id, "entities": entities}
    t = p.event_table
    if "events" in p.layers or t.type:
        attributes = t.attributes or [None] * len(t.type)
        record["events"] = [
            {
                "type": label,
                "trigger": {"start": ts, "end": te, **quote(ts, te)},
                "arguments": [
                    {
                        "role": t.arg_role[k],
                        "start": t.arg_start[k],
                        "end": t.arg_end[k],
                        **quote(t.arg_start[k], t.arg_end[k]),
                    }
                    for k in args
                ],
                **_set(dict(zip(("modality", "polarity", "genericity", "tense"), attrs or ()))),
            }
            for label, ts, te, args, attrs in zip(
                t.type, t.trigger_start, t.trigger_end, t.arguments_by_event(), attributes
            )
        ]
    return record


def _set(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


VALUES = "predictions"
"""What an error in predictions given as Python values names as its file (its line: the
value's place in the sequence, from 1)."""


_VALUES_BLOCK = 4096  # records made and checked at a time


def check_values(values: Sequence[Any], documents: Mapping[str, Document]) -> list[Incident]:
    """The warnings of predictions given as :class:`DocPredictions` values, each checked by the
    rules its JSON Lines line would be read by; raises
    :class:`~newsgold.gold.errors.NewsgoldError` with the errors (up to twenty)."""
    errors: list[Incident] = []
    warnings: list[Incident] = []
    seen: dict[str, int] = {}
    hint = "build each with newsgold.DocPredictions(doc_id, entities, events)"
    for number, p in enumerate(values, 1):
        if not isinstance(p, DocPredictions) and len(errors) < MAX_ERRORS:
            message = f"each prediction must be a DocPredictions, got {type(p).__name__}"
            errors.append(incident("NG201", VALUES, line=number, message=message, hint=hint))
    readers = (canonical_entities, canonical_events)
    for first in range(0, len(values) if not errors else 0, _VALUES_BLOCK):
        records = [record_of(p) for p in values[first : first + _VALUES_BLOCK]]
        for _ in _block(first + 1, records, documents, readers, seen, VALUES, errors, warnings, MAX_ERRORS):
            pass  # checked only: the values themselves are scored
        if len(errors) >= MAX_ERRORS:
            break
    if not values:  # as an empty file is refused: a document predicted empty is DocPredictions(doc_id)
        hint = "a document with nothing predicted is newsgold.DocPredictions(doc_id)"
        errors.append(incident("NG601", VALUES, message="no predictions were given", hint=hint))
    if errors:
        raise NewsgoldError(errors)
    return warnings


def first_entity(path: Path, lines: int = 50, *, key: str = "entities") -> dict[str, Any] | None:
    """The first entity object (with ``key="events"``, event object) among a JSON Lines
    file's first lines (what the dialect sniffers look at), or None: unreadable lines are
    left to the reader to report."""
    try:
        with path.open("rb") as f:
            for _, raw in zip(range(lines), f):
                try:
                    record, problems = parse_json(raw.decode("utf-8-sig"), str(path))
                except UnicodeDecodeError:
                    return None
                if problems:
                    return None
                ents = record.get(key) if isinstance(record, dict) else None
                if ents and isinstance(ents, list) and isinstance(ents[0], dict):
                    return ents[0]
    except OSError:
        pass
    return None


def jsonl_reader(
    name: str, summary: str, entities: EntityReader, sniff: Any = None, events: EventReader | None = None
) -> Reader:
    """A JSON Lines dialect: the canonical lines, with its own way of reading ``entities``
    (and ``events``, when not with offsets)."""
    return Reader(
        name=name,
        summary=summary,
        suffixes=JSONL_SUFFIXES,
        sniff=sniff,
        lines=entities,
        line_events=events,
        read=lambda path, documents, subtypes: read_jsonl(
            path, documents, entity_reader=entities, event_reader=events or canonical_events
        ),
    )


# .json too: JSON Lines are often saved under it; the content tells them from a JSON list
# (a Label Studio export), which begins with "[".
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines", ".json")
READER = jsonl_reader(
    "jsonl", "the canonical JSON Lines: entities (and events) with code point offsets", canonical_entities
)
