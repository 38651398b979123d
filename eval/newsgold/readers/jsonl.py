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
from dataclasses import dataclass, replace
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..gold.errors import Incident, NewsgoldError, incident, pointer
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
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


class _Bad(Exception):
    """One problem in one record: where (JSON pointer), what, and its code."""

    def __init__(self, ptr: str, message: str, code: str = "NG201", hint: str | None = None):
        self.ptr, self.message, self.code, self.hint = ptr, message, code, hint


def _field(obj: Mapping[str, Any], key: str, kinds: type | tuple[type, ...], ptr: str, *, required: bool = True) -> Any:
    if key not in obj:
        if required:
            raise _Bad(ptr, f"missing field {key!r}")
        return None
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, kinds):
        names = "/".join(k.__name__ for k in (kinds if isinstance(kinds, tuple) else (kinds,)))
        raise _Bad(f"{ptr}/{key}", f"{key!r} must be {names}, got {type(value).__name__} {value!r}")
    return value


def _span(obj: Mapping[str, Any], ptr: str, doc: Document) -> tuple[int, int]:
    start = _field(obj, "start", int, ptr)
    end = _field(obj, "end", int, ptr)
    n = len(doc.text)
    if not 0 <= start < end <= n:
        raise _Bad(ptr, f"[{start}, {end}) is not a non-empty span inside [0, {n}) of {doc.doc_id}", "NG301")
    text = _field(obj, "text", str, ptr, required=False)
    if text is not None and doc.text[start:end] != text:
        cause = explain_mismatch(doc.text, start, end, text)
        raise _Bad(
            f"{ptr}/text",
            f"text {text!r} but [{start}, {end}) holds {doc.text[start:end]!r}",
            "NG302",
            f"{cause}; offsets are code points, half-open" if cause else None,
        )
    return start, end


EntityReader = Callable[[list[Any], Document], tuple[list[PredEntity], list[str]]]
"""Turns a record's ``entities`` list into predicted entities, with notes worth a warning."""


def canonical_entities(items: list[Any], doc: Document, *, label_key: str = "type") -> tuple[list[PredEntity], list[str]]:
    """Entities with offsets: ``{"start", "end", "type", "text"?, "score"?, "value"?}``."""
    entities = []
    for i, e in enumerate(items):
        ptr = f"/entities/{i}"  # pointer("entities", i) without its escaping, which nothing here needs
        if not isinstance(e, dict):
            raise _Bad(ptr, f"an entity must be an object, got {e!r}")
        if "start" not in e and "end" not in e and "text" in e:
            raise _Bad(ptr, "entity has text but no offsets", hint="give start and end, or use --format text-only to align text to the document")
        start, end = _span(e, ptr, doc)
        label = _field(e, label_key, str, ptr)
        score = _field(e, "score", (int, float), ptr, required=False)
        value = _field(e, "value", str, ptr, required=False)
        entities.append(PredEntity(start, end, label, e.get("text"), score, value))
    return entities, []


def gliner_entities(items: list[Any], doc: Document) -> tuple[list[PredEntity], list[str]]:
    """GLiNER's dicts: ``{"start", "end", "label", "score", "text"}`` (character offsets)."""
    return canonical_entities(items, doc, label_key="label")


def parse_document(record: Any, doc: Document, *, entity_reader: EntityReader = canonical_entities) -> tuple[DocPredictions, list[str]]:
    """Check one record against its document (raises _Bad on the first problem)."""
    entities, notes = entity_reader(_field(record, "entities", list, "", required=False) or [], doc)
    events = []
    for i, ev in enumerate(_field(record, "events", list, "", required=False) or []):
        ptr = pointer("events", i)
        if not isinstance(ev, dict):
            raise _Bad(ptr, f"an event must be an object, got {ev!r}")
        label = _field(ev, "type", str, ptr)
        trigger = _field(ev, "trigger", dict, ptr)
        ts, te = _span(trigger, ptr + "/trigger", doc)
        args = []
        for j, a in enumerate(_field(ev, "arguments", list, ptr, required=False) or []):
            aptr = f"{ptr}/arguments/{j}"
            if not isinstance(a, dict):
                raise _Bad(aptr, f"an argument must be an object, got {a!r}")
            role = _field(a, "role", str, aptr)
            s, e = _span(a, aptr, doc)
            args.append(PredArgument(role, s, e))
        attrs = {k: _field(ev, k, str, ptr, required=False) for k in ("modality", "polarity", "genericity", "tense")}
        events.append(PredEvent(label, Span(ts, te), tuple(args), **attrs))
    layers = frozenset(k for k in ("entities", "events") if k in record)
    return DocPredictions(doc.doc_id, tuple(entities), tuple(events), layers), notes


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as f:
        for number, line in enumerate(f, 1):
            yield number, line


_MAX_ERRORS = 20  # reading stops after this many errors: enough to fix a file in one go


def read_jsonl(
    path: Path, documents: Mapping[str, Document], *, entity_reader: EntityReader = canonical_entities, max_errors: int = _MAX_ERRORS
) -> tuple[list[DocPredictions], list[Incident]]:
    """Read JSON Lines, one document a line; returns predictions and warnings, raises on errors."""
    errors: list[Incident] = []
    warnings: list[Incident] = []
    out = list(_records(path, documents, entity_reader, errors, warnings, max_errors))
    if errors:
        raise NewsgoldError(errors)
    return out, warnings


class JsonlFile:
    """A JSON Lines predictions file, checked whole once, then read again each time it is
    iterated: scoring from it holds a slice of documents at a time, never the whole file.

    ``doc_ids`` and ``layers`` are what the check found (the documents predicted, the layers
    any line gives).
    """

    def __init__(self, path: Path, documents: Mapping[str, Document], entity_reader: EntityReader):
        self.path, self.documents, self.entity_reader = path, documents, entity_reader
        errors: list[Incident] = []
        self.warnings: list[Incident] = []
        self.doc_ids: list[str] = []
        layers: set[str] = set()
        for p in _records(path, documents, entity_reader, errors, self.warnings, _MAX_ERRORS):
            self.doc_ids.append(p.doc_id)
            layers |= p.layers
        if errors:
            raise NewsgoldError(errors)
        self.layers = frozenset(layers)

    def __iter__(self) -> Iterator[DocPredictions]:
        errors: list[Incident] = []
        yield from _records(self.path, self.documents, self.entity_reader, errors, [], 1)
        if errors:  # it passed the check: it changed since
            raise NewsgoldError([replace(errors[0], message=errors[0].message + " (the file changed while it was scored)")])


def _records(
    path: Path, documents: Mapping[str, Document], entity_reader: EntityReader,
    errors: list[Incident], warnings: list[Incident], max_errors: int,
) -> Iterator[DocPredictions]:
    """Each line's predictions, as the lines are read; problems go into ``errors`` and ``warnings``."""
    file = str(path)
    if not path.exists():
        errors.append(incident("NG002", file, message="no such file"))
        return
    seen: dict[str, int] = {}
    crlf = 0
    any_line = False
    for number, raw in _lines(path):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            errors.append(incident("NG102", file, line=1, column=1, message="file begins with a UTF-8 BOM"))
            raw = raw[3:]
        if raw.endswith(b"\r\n"):
            crlf += 1
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            errors.append(
                incident("NG101", file, line=number, column=e.start + 1, message=f"byte 0x{raw[e.start]:02X} is not UTF-8")
            )
            continue
        if not line.strip():
            continue
        any_line = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(incident("NG103", file, line=number, column=e.colno, message=e.msg))
            continue
        try:
            if not isinstance(record, dict):
                raise _Bad("", f"each line must be a JSON object, got {type(record).__name__}")
            doc_id = _field(record, "doc_id", str, "")
            doc = documents.get(doc_id)
            if doc is None:
                known = ", ".join(sorted(documents)[:5])
                raise _Bad("/doc_id", f"unknown doc_id {doc_id!r} (corpus: {known})", "NG602")
            if doc_id in seen:
                raise _Bad("/doc_id", f"{doc_id!r} was already predicted on line {seen[doc_id]}", "NG603")
            seen[doc_id] = number
            parsed, notes = parse_document(record, doc, entity_reader=entity_reader)
            warnings += [incident("NG608", file, line=number, severity="warning", message=n) for n in notes]
            if not errors:  # after an error nothing is scored: the rest is only checked
                yield parsed
        except _Bad as bad:
            errors.append(incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=bad.hint))
        if len(errors) >= max_errors:
            break
    if not any_line and not errors:
        errors.append(incident("NG601", file, message="the file has no predictions"))
    if crlf:
        warnings.append(
            incident("NG606", file, severity="warning", message=f"{crlf} lines end in CRLF; read as LF (offsets are unaffected)")
        )


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
