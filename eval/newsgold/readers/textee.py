"""TextEE's processed JSON Lines (OneIE writes the same shape): one text window a line.

::

    {"doc_id": "...", "wnd_id": "...-3", "text": "The US and Cuba ...", "tokens": ["The", "US", ...],
     "entity_mentions": [{"id": "T25", "start": 1, "end": 2, "entity_type": "GPE", "mention_type": "NAM",
                          "text": "US"}],
     "event_mentions": [{"event_type": "Contact:Meet", "trigger": {"start": 9, "end": 10, "text": "discussions"},
                         "arguments": [{"entity_id": "T25", "role": "Entity", "text": "US"}]}]}

OneIE names the window ``sent_id`` and its text ``sentence``; both spellings are read.
Indices count the window's tokens from 0, end exclusive. Also read as they are: TextEE's
``save_predictions`` output (arguments by ``start``/``end``, ``text`` only when it was given
``data``), its raw-text predictor's (``predict_end2end.py``: ids ``DOC_000000``, ... numbering
the input lines), and OneIE's ``predict.py`` output (a ``graph`` of entities, triggers and
roles by index). How a line is read:

0. The document is the line's ``doc_id``; an id of TextEE's raw-text predictor names the one
   document that holds the line's ``text`` (none, several, or no text: NG602, saying what to
   do).
1. The window is found in the document: its ``text`` at the first occurrence at or after the
   end of the document's previous window (files list windows in order), else the first
   anywhere; whitespace runs match any whitespace. A text found nowhere is an error (NG608).
   A window without ``text`` is found by its tokens the same way.
2. Its ``tokens`` are found in the window's text in order (``readers.align``); a token that
   does not follow is an error naming it (NG608), and so are tokens that stop short of the text.
3. Token spans become code point spans: from the first token's start to the last one's end. A
   span's ``text``, when given, must say what the tokens hold (NG302).
4. Entity mentions are entity predictions, except nominal and pronominal ones
   (``mention_type`` NOM or PRO): the gold's flat layer holds names and values. Every
   mention can fill an argument.
5. An argument takes its entity mention's span (as TextEE's scorer does); an ``entity_id``
   that names no mention of the window is an error (NG405). An argument without
   ``entity_id`` may give its own ``start`` and ``end``.
6. Event types are ACE subtypes (``Contact:Meet``, or the leaf ``Meet``); a role the subtype
   does not allow is a warning (NG403) and scores as wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident
from ..gold.model import Document
from ..gold.spans import Span
from ..tables.rules import BadRecord, objects
from .align import follow, locate_tokens, locate_window, not_following, same_text
from .jsonl import JSONL_SUFFIXES, field_of
from .lines import Note, ace_subtype, first_record, read_records, role_note
from .records import DocPredictions, PredArgument, PredEntity, PredEvent, Reader


def _either(record: dict[str, Any], keys: tuple[str, str], kinds: type) -> Any:
    key = keys[1] if keys[0] not in record and keys[1] in record else keys[0]
    return field_of(record, key, kinds, "")


class _Window:
    """One line's window, found in its document: token spans by index, in code points."""

    def __init__(self, record: dict[str, Any], doc: Document, after: int):
        self.doc, self.record = doc, record
        self.tokens = field_of(record, "tokens", list, "")
        for i, token in enumerate(self.tokens):
            if not isinstance(token, str) or not token.strip():
                raise BadRecord(f"/tokens/{i}", f"a token is a non-empty string, got {token!r}")
        if "text" not in record and "sentence" not in record:  # save_predictions without data, OneIE's predict.py
            self.spans = locate_tokens(doc.text, self.tokens, after) or []
            if not self.spans:
                raise BadRecord(
                    "/tokens",
                    f"the window's tokens follow one another nowhere in {doc.doc_id}: {' '.join(self.tokens)[:60]!r}",
                    "NG608",
                    "give tokens that spell a stretch of the document text in order (or the window's text)",
                )
            self.end = self.spans[-1][1]
            return
        text = _either(record, ("text", "sentence"), str)
        found = locate_window(doc.text, text, after)
        if found is None:
            raise BadRecord(
                "/text",
                f"the window's text occurs nowhere in {doc.doc_id}: {text[:60]!r}",
                "NG608",
                "give the window's text as the document writes it",
            )
        start, self.end = found
        self.spans = []
        cursor = start
        for i, token in enumerate(self.tokens):
            span = follow(doc.text, token, cursor, self.end)
            if span is None:
                raise BadRecord(
                    f"/tokens/{i}",
                    not_following(f"token {i} {token!r}", "the window's text", doc.text, cursor),
                    "NG608",
                    "give tokens that spell the window's text in order",
                )
            self.spans.append(span)
            cursor = span[1]
        rest = doc.text[cursor : self.end].strip()
        if rest:
            raise BadRecord(
                "/tokens",
                f"the tokens stop before the window's text does: {rest[:40]!r} is left over",
                "NG608",
                "give tokens that spell the whole window's text",
            )

    def span(self, obj: dict[str, Any], ptr: str) -> tuple[int, int]:
        start = field_of(obj, "start", int, ptr)
        end = field_of(obj, "end", int, ptr)
        n = len(self.spans)
        if not 0 <= start < end <= n:
            raise BadRecord(
                ptr, f"token span [{start}, {end}) is not inside the window's {n} tokens (end is exclusive)", "NG301"
            )
        s, e = self.spans[start][0], self.spans[end - 1][1]
        text = field_of(obj, "text", str, ptr, required=False)
        if text is not None and not same_text(text, self.doc.text[s:e], self.tokens[start:end]):
            raise BadRecord(
                f"{ptr}/text",
                f"text {text!r} but tokens [{start}, {end}) hold {self.doc.text[s:e]!r}",
                "NG302",
                "token indices count the window's tokens from 0, end exclusive",
            )
        return s, e


class _Reading:
    """The windows read so far, gathered by document."""

    def __init__(self, documents: Mapping[str, Document], subtypes: Mapping[str, str]):
        self.documents, self.subtypes = documents, subtypes
        self.entities: dict[str, list[PredEntity]] = {}
        self.events: dict[str, list[PredEvent]] = {}
        self.layers: dict[str, set[str]] = {}
        self.last_end: dict[str, int] = {}
        self.windows: dict[tuple[str, str], int] = {}
        self.raw: dict[str, str] = {}  # a raw-text line's id (DOC_000000) -> the document holding its text

    def line(self, number: int, record: dict[str, Any]) -> list[Note]:
        if "graph" in record:
            record = _from_graph(record)
        doc = self._document(field_of(record, "doc_id", str, ""), record)
        doc_id = doc.doc_id
        wnd_id = _either(record, ("wnd_id", "sent_id"), str)
        if (doc_id, wnd_id) in self.windows:
            raise BadRecord(
                "/wnd_id", f"window {wnd_id!r} was already given on line {self.windows[doc_id, wnd_id]}", "NG603"
            )
        window = _Window(record, doc, self.last_end.get(doc_id, 0))
        self.windows[doc_id, wnd_id] = number
        self.last_end[doc_id] = window.end
        entities = self.entities.setdefault(doc_id, [])
        events = self.events.setdefault(doc_id, [])
        self.layers.setdefault(doc_id, set()).update(
            layer for key, layer in (("entity_mentions", "entities"), ("event_mentions", "events")) if key in record
        )
        filler: dict[str, tuple[int, int]] = {}
        for ptr, m in objects(
            field_of(record, "entity_mentions", list, "", required=False) or [], "/entity_mentions", "an entity mention"
        ):
            ident = field_of(m, "id", str, ptr)
            if ident in filler:
                raise BadRecord(f"{ptr}/id", f"entity mention id {ident!r} is given twice in this window", "NG501")
            filler[ident] = s, e = window.span(m, ptr)
            label = field_of(m, "entity_type", str, ptr)
            if field_of(m, "mention_type", str, ptr, required=False) not in ("NOM", "PRO"):
                entities.append(
                    PredEntity(s, e, label, doc.text[s:e], None, field_of(m, "value", str, ptr, required=False))
                )
        notes: list[Note] = []
        for ptr, ev in objects(
            field_of(record, "event_mentions", list, "", required=False) or [], "/event_mentions", "an event mention"
        ):
            subtype = ace_subtype(field_of(ev, "event_type", str, ptr), self.subtypes)
            ts, te = window.span(field_of(ev, "trigger", dict, ptr), f"{ptr}/trigger")
            args = []
            for aptr, a in objects(
                field_of(ev, "arguments", list, ptr, required=False) or [], f"{ptr}/arguments", "an argument"
            ):
                role = field_of(a, "role", str, aptr)
                if "entity_id" in a or "start" not in a:
                    ident = field_of(a, "entity_id", str, aptr)
                    if ident not in filler:
                        raise BadRecord(
                            f"{aptr}/entity_id",
                            f"entity_id {ident!r} names no entity mention of window {wnd_id!r}",
                            "NG405",
                            "point entity_id at the id of one of this line's entity_mentions",
                        )
                    s, e = filler[ident]
                else:
                    s, e = window.span(a, aptr)
                args.append(PredArgument(role, s, e))
                notes += role_note(subtype, role, self.subtypes, f"{aptr}/role")
            events.append(PredEvent(subtype, Span(ts, te), tuple(args)))
        return notes

    def _document(self, doc_id: str, record: dict[str, Any]) -> Document:
        """The document a line is about: by ``doc_id``, or, for the ids TextEE's raw-text
        predictor numbers its input lines with (``DOC_000000``), the one document holding the
        line's text."""
        doc = self.documents.get(doc_id) or self.documents.get(self.raw.get(doc_id, ""))
        if doc is not None:
            return doc
        corpus = f"corpus: {', '.join(sorted(self.documents)[:5])}"
        if not _RAW_ID.fullmatch(doc_id):
            raise BadRecord("/doc_id", f"unknown doc_id {doc_id!r} ({corpus})", "NG602")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadRecord(
                "/doc_id",
                f"{doc_id!r} numbers a line of TextEE's raw-text input, and this line carries no text "
                f"to find its document by ({corpus})",
                "NG602",
                "write the file with save_predictions(path, predictions, data, offset_map), as "
                "predict_end2end.py does (it keeps each input line's text), or put the corpus doc_id in doc_id",
            )
        holding = [d.doc_id for d in self.documents.values() if locate_window(d.text, text, 0) is not None]
        if len(holding) != 1:
            where = f"in {len(holding)} documents ({', '.join(holding[:5])})" if holding else "in no document"
            raise BadRecord(
                "/text",
                f"{doc_id!r} numbers a line of TextEE's raw-text input, and its text is {where}: {text[:60]!r}",
                "NG602",
                "give the raw-text predictor one corpus document a line (its text on one line), "
                "or put the corpus doc_id in doc_id",
            )
        self.raw[doc_id] = holding[0]
        return self.documents[holding[0]]

    def predictions(self) -> list[DocPredictions]:
        return [
            DocPredictions(d, tuple(self.entities[d]), tuple(self.events[d]), frozenset(self.layers[d]))
            for d in self.entities
        ]


_RAW_ID = re.compile(r"DOC_\d{6,}")


def _from_graph(record: dict[str, Any]) -> dict[str, Any]:
    """A line of OneIE's ``predict.py`` (``{"doc_id", "sent_id", "tokens", "graph": {"entities":
    [[start, end, type, mention type, score]], "triggers": [[start, end, type, score]], "roles":
    [[trigger index, entity index, role, score]]}}``) in the processed shape: entities become
    entity mentions named by their index, roles the arguments of their trigger."""
    graph = field_of(record, "graph", dict, "")

    def rows(key: str, shape: tuple[type, ...]) -> list[list[Any]]:
        items = field_of(graph, key, list, "/graph", required=False) or []
        for i, item in enumerate(items):
            if (
                not isinstance(item, list)
                or len(item) < len(shape)
                or any(isinstance(v, bool) or not isinstance(v, k) for v, k in zip(item, shape))
            ):
                names = ", ".join(k.__name__ for k in shape)
                raise BadRecord(f"/graph/{key}/{i}", f"a {key[:-1]} must be a list [{names}, ...], got {item!r}")
        return items

    entities = rows("entities", (int, int, str))
    triggers = rows("triggers", (int, int, str))
    arguments: list[list[dict[str, Any]]] = [[] for _ in triggers]
    for i, (t, e, role, *_) in enumerate(rows("roles", (int, int, str))):
        if not (0 <= t < len(triggers) and 0 <= e < len(entities)):
            raise BadRecord(
                f"/graph/roles/{i}",
                f"role {i} joins trigger {t} and entity {e}, but the graph has {len(triggers)} triggers "
                f"and {len(entities)} entities",
                "NG405",
                "roles are [trigger index, entity index, role, score], indices into the graph's lists",
            )
        arguments[t].append({"entity_id": str(e), "role": role})
    return {
        **{k: v for k, v in record.items() if k != "graph"},
        "entity_mentions": [
            {"id": str(i), "start": s, "end": e, "entity_type": label}
            | ({"mention_type": rest[0]} if rest and isinstance(rest[0], str) else {})
            for i, (s, e, label, *rest) in enumerate(entities)
        ],
        "event_mentions": [
            {"event_type": label, "trigger": {"start": s, "end": e}, "arguments": args}
            for (s, e, label, *_), args in zip(triggers, arguments)
        ],
    }


def read_textee(
    path: Path, documents: Mapping[str, Document], subtypes: Mapping[str, str]
) -> tuple[list[DocPredictions], list[Incident]]:
    reading = _Reading(documents, subtypes)
    warnings = read_records(path, reading.line)
    return reading.predictions(), warnings


def _looks_textee(path: Path) -> bool:
    r = first_record(path)
    return (
        r is not None
        and "tokens" in r
        and ("wnd_id" in r or "sent_id" in r)
        and ("event_mentions" in r or "entity_mentions" in r or isinstance(r.get("graph"), dict))
    )


READER = Reader(
    name="textee",
    summary="TextEE/OneIE processed JSON Lines: one window a line, token indices, event_mentions",
    suffixes=(*JSONL_SUFFIXES, ".json"),
    read=read_textee,
    sniff=_looks_textee,
)
