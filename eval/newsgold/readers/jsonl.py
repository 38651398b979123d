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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from operator import ge
from pathlib import Path
from typing import Any

from ..gold import collector
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import parse_json
from ..gold.model import Document
from ..gold.offsets import byte_offsets_suspected, explain_mismatch
from ..gold.spans import Span
from ..gold.tokenize import tokenize
from ..tables.events import EventTable
from ..tables.lines import MAX_ERRORS, JsonLines
from .records import (
    DocPredictions,
    EntityReader,
    EventReader,
    PredArgument,
    PredEntity,
    PredEvent,
    Reader,
    pred_events,
)


class BadRecord(Exception):
    """One problem in one record: where (JSON pointer), what, and its code."""

    def __init__(self, ptr: str, message: str, code: str = "NG201", hint: str | None = None):
        self.ptr, self.message, self.code, self.hint = ptr, message, code, hint


def field_of(obj: Mapping[str, Any], key: str, kinds: type | tuple[type, ...], ptr: str, *, required: bool = True) -> Any:
    if key not in obj:
        if required:
            raise BadRecord(ptr, f"missing field {key!r}")
        return None
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, kinds):
        names = "/".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
        raise BadRecord(f"{ptr}/{key}", f"{key!r} must be {names}, got {type(value).__name__} {value!r}")
    return value


def objects(items: list[Any], at: str, what: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each item of a list that must hold objects, with its JSON pointer (``at``/index);
    raises :class:`BadRecord` at the first item that is not an object."""
    for i, item in enumerate(items):
        ptr = f"{at}/{i}"
        if not isinstance(item, dict):
            raise BadRecord(ptr, f"{what} must be an object, got {item!r}")
        yield ptr, item


def _span(obj: Mapping[str, Any], ptr: str, doc: Document) -> tuple[int, int]:
    start = field_of(obj, "start", int, ptr)
    end = field_of(obj, "end", int, ptr)
    n = len(doc.text)
    if not 0 <= start < end <= n:
        raise BadRecord(ptr, f"[{start}, {end}) is not a non-empty span inside [0, {n}) of {doc.doc_id}", "NG301")
    text = field_of(obj, "text", str, ptr, required=False)
    if text is not None and doc.text[start:end] != text:
        cause = explain_mismatch(doc.text, start, end, text)
        raise BadRecord(
            f"{ptr}/text",
            f"text {text!r} but [{start}, {end}) holds {doc.text[start:end]!r}",
            "NG302",
            f"{cause}; offsets are code points, half-open" if cause else None,
        )
    return start, end


def canonical_entities(items: list[Any], doc: Document, *, label_key: str = "type") -> tuple[list[PredEntity], list[str]]:
    """Entities with offsets: ``{"start", "end", "type", "text"?, "score"?, "value"?}``.

    The usual list is checked a column at a time; any doubt sends it through the checks one
    entity and one field at a time, which name the problem.
    """
    try:
        usual = _usual_entities(items, doc.text, label_key)
    except (KeyError, TypeError, AttributeError):
        usual = None
    if usual is not None:
        return usual, []
    entities = []
    for ptr, e in objects(items, "/entities", "an entity"):
        if "start" not in e and "end" not in e and "text" in e:
            raise BadRecord(ptr, "entity has text but no offsets", hint="give start and end, or use --format text-only to align text to the document")
        start, end = _span(e, ptr, doc)
        label = field_of(e, label_key, str, ptr)
        score = field_of(e, "score", (int, float), ptr, required=False)
        value = field_of(e, "value", str, ptr, required=False)
        entities.append(PredEntity(start, end, label, e.get("text"), score, value))
    return entities, []


_USUAL_KEYS = frozenset({"start", "end", "text", "score", "value"})


def _usual_entities(items: list[Any], text: str, label_key: str) -> list[PredEntity] | None:
    """The entities when each has int offsets inside the text, a non-empty string label, a
    ``text`` (if any) equal to its slice, and nothing else but a number ``score`` and a string
    ``value``; None otherwise (the caller then checks one field at a time)."""
    starts, ends, labels = [e["start"] for e in items], [e["end"] for e in items], [e[label_key] for e in items]
    if (set(map(type, starts)) | set(map(type, ends))) - {int} or set(map(type, labels)) - {str} or not all(labels):
        return None
    if any(map(ge, starts, ends)) or (starts and (min(starts) < 0 or max(ends) > len(text))):
        return None
    if max(map(len, items), default=3) == 3:  # offsets and label only, the most usual
        return list(map(PredEntity, starts, ends, labels))
    keys = _USUAL_KEYS | {label_key}
    out = []
    for e, start, end, label in zip(items, starts, ends, labels):
        if len(e) > 3:
            if not keys.issuperset(e) or ("text" in e and e["text"] != text[start:end]):
                return None
            score, value = e.get("score"), e.get("value")
            if (score is not None and type(score) not in (int, float)) or (value is not None and type(value) is not str):
                return None
            out.append(PredEntity(start, end, label, e.get("text"), score, value))
        else:
            if len(e) != 3:
                return None
            out.append(PredEntity(start, end, label))
    return out


EVENT_ATTRIBUTES = ("modality", "polarity", "genericity", "tense")
_ATTRIBUTE_KEYS = frozenset(EVENT_ATTRIBUTES)
_EVENT_KEYS = frozenset({"type", "trigger", "arguments", *EVENT_ATTRIBUTES})
_SPAN_KEYS = frozenset({"start", "end", "text"})
_ARGUMENT_KEYS = frozenset({"role", "start", "end", "text"})


def _usual_events(items: list[Any], text: str) -> EventTable | None:
    """The events, as a table, when every field is of its kind and every span inside the
    text with a ``text`` (if any) equal to its slice; None otherwise (the caller then checks
    field by field)."""
    n = len(text)
    events: list[tuple[int, int, str]] = []
    attributes_given: list[tuple[str | None, ...] | None] = []
    arguments: list[tuple[int, str, int, int]] = []
    for row, ev in enumerate(items):
        if not _EVENT_KEYS.issuperset(ev):
            return None
        label, trigger, given = ev["type"], ev["trigger"], ev.get("arguments", [])
        if type(label) is not str or not label or type(trigger) is not dict or type(given) is not list:
            return None
        ts, te = trigger["start"], trigger["end"]
        if type(ts) is not int or type(te) is not int or not 0 <= ts < te <= n or not _SPAN_KEYS.issuperset(trigger) \
                or ("text" in trigger and trigger["text"] != text[ts:te]):
            return None
        for a in given:
            role, start, end = a["role"], a["start"], a["end"]
            if type(role) is not str or type(start) is not int or type(end) is not int or not 0 <= start < end <= n:
                return None
            if len(a) > 3 and (not _ARGUMENT_KEYS.issuperset(a) or ("text" in a and a["text"] != text[start:end])):
                return None
            arguments.append((row, role, start, end))
        attributes = None
        if not _ATTRIBUTE_KEYS.isdisjoint(ev):
            attributes = tuple(map(ev.get, EVENT_ATTRIBUTES))
            if any(v is not None and type(v) is not str for v in attributes):
                return None
            if attributes == _NO_ATTRIBUTES:
                attributes = None
        events.append((ts, te, label))
        attributes_given.append(attributes)
    return EventTable.build(events, arguments, attributes=attributes_given)


_NO_ATTRIBUTES = (None,) * len(EVENT_ATTRIBUTES)


def canonical_events(items: list[Any], doc: Document) -> tuple[list[PredEvent], list[str]]:
    """Events with offsets: ``{"type", "trigger": {"start", "end"}, "arguments": [{"role", "start", "end"}]}``.

    As for entities, the usual list is checked in one tight pass; any doubt sends it through
    the checks that name the problem.
    """
    usual = _event_table(items, doc.text)
    if usual is not None:
        return list(pred_events(usual)), []
    events = []
    for ptr, ev in objects(items, "/events", "an event"):
        label = field_of(ev, "type", str, ptr)
        if isinstance(ev.get("trigger"), str):
            raise BadRecord(f"{ptr}/trigger", "the trigger is text without offsets",
                            hint="give {\"start\", \"end\"}, or use --format text-only to align text to the document")
        trigger = field_of(ev, "trigger", dict, ptr)
        ts, te = _span(trigger, ptr + "/trigger", doc)
        args = []
        for aptr, a in objects(field_of(ev, "arguments", list, ptr, required=False) or [], f"{ptr}/arguments", "an argument"):
            role = field_of(a, "role", str, aptr)
            s, e = _span(a, aptr, doc)
            args.append(PredArgument(role, s, e))
        attrs = {k: field_of(ev, k, str, ptr, required=False) for k in EVENT_ATTRIBUTES}
        events.append(PredEvent(label, Span(ts, te), tuple(args), **attrs))
    return events, []


def _event_table(items: list[Any], text: str) -> EventTable | None:
    try:
        return _usual_events(items, text)
    except (KeyError, TypeError, AttributeError):
        return None


def parse_document(
    record: Any, doc: Document, *, entity_reader: EntityReader = canonical_entities, event_reader: EventReader = canonical_events
) -> tuple[DocPredictions, list[str]]:
    """Check one record against its document (raises BadRecord on the first problem).
    Canonical events of the usual shape go into their table with no value made."""
    entities, notes = entity_reader(field_of(record, "entities", list, "", required=False) or [], doc)
    items = field_of(record, "events", list, "", required=False) or []
    layers = frozenset(k for k in ("entities", "events") if k in record)
    if not items:
        return DocPredictions(doc.doc_id, tuple(entities), layers=layers), notes
    if event_reader is canonical_events:
        table = _event_table(items, doc.text)
        if table is not None:
            return DocPredictions(doc.doc_id, tuple(entities), layers=layers, event_table=table), notes
    events, event_notes = event_reader(items, doc)
    return DocPredictions(doc.doc_id, tuple(entities), tuple(events), layers), notes + event_notes


@collector.paused()
def read_jsonl(
    path: Path, documents: Mapping[str, Document], *, entity_reader: EntityReader = canonical_entities,
    event_reader: EventReader = canonical_events, max_errors: int = MAX_ERRORS,
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
        self, path: Path, documents: Mapping[str, Document], entity_reader: EntityReader, event_reader: EventReader | None = None
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
            raise NewsgoldError([replace(errors[0], message=errors[0].message + " (the file changed while it was scored)")])


def _records(
    path: Path, documents: Mapping[str, Document], readers: tuple[EntityReader, EventReader],
    errors: list[Incident], warnings: list[Incident], max_errors: int,
) -> Iterator[DocPredictions]:
    """Each line's predictions, as the lines are read; problems go into ``errors`` and ``warnings``."""
    file = str(path)
    if not path.exists():
        errors.append(incident("NG002", file, message="no such file"))
        return
    lines = JsonLines(path, errors=errors, max_errors=max_errors)
    seen: dict[str, int] = {}
    for number, record in lines:
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
            suspected = None
            if not doc.text.isascii():  # only non-ASCII text tells bytes from code points
                untexted = [(e.start, e.end) for e in parsed.entities if e.text is None]
                if untexted:
                    edges = {x for t in tokenize(doc.text) for x in (t.start, t.end)}  # not cached on the document
                    suspected = byte_offsets_suspected(doc.text, edges, untexted)
            if suspected:  # nothing to check these offsets against, but they look like byte counts
                warnings.append(incident("NG302", file, line=number, severity="warning", message=suspected[0], hint=suspected[1]))
            if not errors:  # after an error nothing is scored: the rest is only checked
                yield parsed
        except BadRecord as bad:
            errors.append(incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=bad.hint))
    warnings += lines.warnings
    if not lines.read and not errors:
        errors.append(incident("NG601", file, message="the file has no predictions"))


def dump_jsonl(predictions: Iterable[DocPredictions], texts: Mapping[str, str]) -> str:
    """The canonical JSON Lines text of predictions: one line per document.

    Every span carries its ``text`` (taken from ``texts``, by doc_id), so whoever reads the
    file back checks the offsets against the document; events are written when the
    predictions give that layer.
    """
    lines = []
    for p in predictions:
        text = texts[p.doc_id]
        record: dict[str, Any] = {"doc_id": p.doc_id, "entities": []}
        for e in p.entities:
            ent: dict[str, Any] = {"start": e.start, "end": e.end, "type": e.type, "text": text[e.start : e.end]}
            if e.score is not None:
                ent["score"] = e.score
            if e.value is not None:
                ent["value"] = e.value
            record["entities"].append(ent)
        if "events" in p.layers:
            record["events"] = [
                {
                    "type": ev.type,
                    "trigger": {"start": ev.trigger.start, "end": ev.trigger.end, "text": text[ev.trigger.start : ev.trigger.end]},
                    "arguments": [{"role": a.role, "start": a.start, "end": a.end, "text": text[a.start : a.end]} for a in ev.arguments],
                    **{k: v for k in ("modality", "polarity", "genericity", "tense") if (v := getattr(ev, k)) is not None},
                }
                for ev in p.events
            ]
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


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


def jsonl_reader(name: str, summary: str, entities: EntityReader, sniff: Any = None, events: EventReader | None = None) -> Reader:
    """A JSON Lines dialect: the canonical lines, with its own way of reading ``entities``
    (and ``events``, when not with offsets)."""
    return Reader(
        name=name, summary=summary, suffixes=JSONL_SUFFIXES, sniff=sniff, lines=entities, line_events=events,
        read=lambda path, documents, subtypes: read_jsonl(path, documents, entity_reader=entities, event_reader=events or canonical_events),
    )


# .json too: JSON Lines are often saved under it; the content tells them from a JSON list
# (a Label Studio export), which begins with "[".
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines", ".json")
READER = jsonl_reader("jsonl", "the canonical JSON Lines: entities (and events) with code point offsets", canonical_entities)
