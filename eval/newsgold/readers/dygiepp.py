"""DyGIE++'s document JSON Lines: one document a line, token indices over the whole document.

::

    {"doc_key": "...", "dataset": "ace-event", "sentences": [["Washington", ",", ...], ...],
     "ner": [[[0, 0, "GPE"], ...], ...],
     "events": [[], [[[16, "Contact.Meet"], [11, 11, "Entity"], [14, 14, "Entity"]]], ...]}

``ner`` and ``events`` hold one list per sentence; a named entity is ``[first, last, label]``
and an event ``[[trigger, type], [first, last, role], ...]``, token indices counted over the
document with the last token included (a trigger is one token). A file written by DyGIE++'s
predictor gives ``predicted_ner`` and ``predicted_events`` instead (each entry followed by
its logit and probability); when a line has any ``predicted_`` field those are read, and the
gold fields it copied from its input are ignored. A line the predictor marks
``"_FAILED_PREDICTION": true`` (it ran out of memory and wrote its input back) is a warning
(NG640) and predicts nothing.

The ``sentences`` are found in the document text in order (``readers.align``): a token that
does not follow is an error naming it (NG608). Event types are ACE subtypes in any of
``Contact.Meet``, ``Contact:Meet`` or ``Meet``; a role the subtype does not allow is a
warning (NG403) and scores as wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident
from ..gold.model import Document
from ..gold.spans import Span
from ..tables.rules import BadRecord
from .align import follow, not_following
from .jsonl import JSONL_SUFFIXES, field_of
from .lines import Note, ace_subtype, first_record, read_records, role_note
from .records import DocPredictions, PredArgument, PredEntity, PredEvent, Reader


def _list(value: Any, ptr: str, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise BadRecord(ptr, f"{what} must be a list, got {value!r}")
    return value


def _entry(value: Any, ptr: str, shape: tuple[type, ...], what: str) -> list[Any]:
    """A list that begins with values of the kinds in ``shape`` (scores may follow)."""
    if (
        not isinstance(value, list)
        or len(value) < len(shape)
        or any(isinstance(v, bool) or not isinstance(v, k) for v, k in zip(value, shape))
    ):
        names = ", ".join(k.__name__ for k in shape)
        raise BadRecord(ptr, f"{what} must be a list [{names}, ...], got {value!r}")
    return value


class _Document:
    """One line's document: its tokens found in the text."""

    def __init__(self, record: dict[str, Any], doc: Document):
        self.doc = doc
        self.spans: list[tuple[int, int]] = []
        self.sentences = _list(field_of(record, "sentences", list, ""), "/sentences", "sentences")
        cursor = 0
        for i, sentence in enumerate(self.sentences):
            for j, token in enumerate(_list(sentence, f"/sentences/{i}", "a sentence")):
                if not isinstance(token, str) or not token.strip():
                    raise BadRecord(f"/sentences/{i}/{j}", f"a token is a non-empty string, got {token!r}")
                span = follow(doc.text, token, cursor)
                if span is None:
                    raise BadRecord(
                        f"/sentences/{i}/{j}",
                        not_following(f"token {len(self.spans)} {token!r}", doc.doc_id, doc.text, cursor),
                        "NG608",
                        "give sentences whose tokens spell the document text in order",
                    )
                self.spans.append(span)
                cursor = span[1]

    def span(self, first: int, last: int, ptr: str) -> tuple[int, int]:
        n = len(self.spans)
        if not 0 <= first <= last < n:
            raise BadRecord(
                ptr,
                f"token span [{first}, {last}] (last token included) is not inside the document's {n} tokens",
                "NG301",
            )
        return self.spans[first][0], self.spans[last][1]

    def per_sentence(self, record: dict[str, Any], key: str) -> list[tuple[str, Any]]:
        """The entries of a per-sentence field, each with its JSON pointer."""
        lists = _list(record[key], f"/{key}", key)
        if len(lists) != len(self.sentences):
            raise BadRecord(
                f"/{key}", f"{key} has {len(lists)} sentence lists but there are {len(self.sentences)} sentences"
            )
        return [
            (f"/{key}/{i}/{j}", item)
            for i, items in enumerate(lists)
            for j, item in enumerate(_list(items, f"/{key}/{i}", "a sentence's list"))
        ]


def read_dygiepp(
    path: Path, documents: Mapping[str, Document], subtypes: Mapping[str, str]
) -> tuple[list[DocPredictions], list[Incident]]:
    out: list[DocPredictions] = []
    seen: dict[str, int] = {}

    def line(number: int, record: dict[str, Any]) -> list[Note]:
        doc_id = field_of(record, "doc_key", str, "")
        doc = documents.get(doc_id)
        if doc is None:
            raise BadRecord(
                "/doc_key", f"unknown doc_key {doc_id!r} (corpus: {', '.join(sorted(documents)[:5])})", "NG602"
            )
        if doc_id in seen:
            raise BadRecord("/doc_key", f"{doc_id!r} was already given on line {seen[doc_id]}", "NG603")
        seen[doc_id] = number
        document = _Document(record, doc)
        if record.get("_FAILED_PREDICTION") is True:  # the predictor's input echoed back, gold fields and all
            layers = frozenset(layer for key, layer in (("ner", "entities"), ("events", "events")) if key in record)
            out.append(DocPredictions(doc_id, (), (), layers or frozenset({"entities", "events"})))
            return [
                (
                    "NG640",
                    "/_FAILED_PREDICTION",
                    f"DyGIE++ failed to predict {doc_id} and wrote its input back; scored as predicting nothing",
                )
            ]
        prefix = "predicted_" if any(k.startswith("predicted_") for k in record) else ""
        entities = []
        if prefix + "ner" in record:
            for ptr, item in document.per_sentence(record, prefix + "ner"):
                first, last, label = _entry(item, ptr, (int, int, str), "a named entity")[:3]
                s, e = document.span(first, last, ptr)
                entities.append(PredEntity(s, e, label, doc.text[s:e]))
        events, notes = [], []
        if prefix + "events" in record:
            for ptr, item in document.per_sentence(record, prefix + "events"):
                parts = _list(item, ptr, "an event")
                if not parts:
                    raise BadRecord(ptr, "an event must begin with [trigger, type]")
                trigger, label = _entry(parts[0], f"{ptr}/0", (int, str), "an event's trigger")[:2]
                subtype = ace_subtype(label, subtypes)
                ts, te = document.span(trigger, trigger, f"{ptr}/0")
                args = []
                for k, part in enumerate(parts[1:], 1):
                    first, last, role = _entry(part, f"{ptr}/{k}", (int, int, str), "an argument")[:3]
                    s, e = document.span(first, last, f"{ptr}/{k}")
                    args.append(PredArgument(role, s, e))
                    notes += role_note(subtype, role, subtypes, f"{ptr}/{k}/2")
                events.append(PredEvent(subtype, Span(ts, te), tuple(args)))
        layers = frozenset(
            layer for key, layer in (("ner", "entities"), ("events", "events")) if prefix + key in record
        )
        out.append(DocPredictions(doc_id, tuple(entities), tuple(events), layers))
        return notes

    warnings = read_records(path, line)
    return out, warnings


def _looks_dygiepp(path: Path) -> bool:
    r = first_record(path)
    return r is not None and "doc_key" in r and "sentences" in r


READER = Reader(
    name="dygiepp",
    summary="DyGIE++ document JSON Lines: sentences, ner and events (or predicted_*) by document token index",
    suffixes=(*JSONL_SUFFIXES, ".json"),
    read=read_dygiepp,
    sniff=_looks_dygiepp,
)
