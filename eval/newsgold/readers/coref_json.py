"""JSON Lines of coreference clusters, one document a line, in the shapes coreference systems return.

The document is named by ``doc_id`` (or DyGIE++'s ``doc_key``). Its clusters, by what the line gives:

- ``clusters`` of ``[start, end]`` pairs: code point spans, end excluded, what fastcoref and
  LingMess return (``CorefResult.get_clusters(as_strings=False)``);
- ``clusters`` of strings: mention texts, aligned as text-only entities are
  (``readers.textonly``: a text marks every occurrence at token edges, longer texts first;
  a text listed in two clusters stays in the first, with a warning);
- ``tokens`` with ``clusters_token_offsets`` and/or ``clusters_char_offsets``: what Maverick's
  ``predict`` returns, both with the last token (or character) included; character offsets
  are read when given, else the tokens are found in the text;
- ``sentences`` with ``clusters`` or ``predicted_clusters``: DyGIE++, ``[first, last]`` token
  indices over the document, the last included (a predicted line's ``predicted_clusters``
  win over the gold ``clusters`` it copied).

``event_clusters``, in the same units as the line's clusters, gives event coreference
(clusters of trigger spans). Against a CoNLL-2012 key (no text), only token shapes can be
scored; a line of code point spans is an error (NG651).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident
from ..gold.io import parse_json
from ..gold.model import Document
from ..tables.rules import BadRecord
from .align import not_following
from .coref import Clusters, CorefDoc, CorefReader, Span, find_words
from .lines import Note, read_records
from .textonly import align_text_entities

_TOKEN_SHAPES = ("sentences", "tokens")


def _clusters(value: Any, ptr: str) -> list[list[Any]]:
    if not isinstance(value, list) or not all(isinstance(c, list) for c in value):
        raise BadRecord(ptr, f"clusters must be a list of lists of mentions, got {str(value)[:80]}")
    return value


def _pairs(value: Any, ptr: str, limit: int, last_included: bool, what: str) -> Clusters:
    """Clusters of ``[start, end]`` pairs (scores may follow) as half-open spans inside ``limit``."""
    out = []
    for i, cluster in enumerate(_clusters(value, ptr)):
        spans: list[Span] = []
        for j, m in enumerate(cluster):
            at = f"{ptr}/{i}/{j}"
            if (
                not isinstance(m, list)
                or len(m) < 2
                or any(isinstance(v, bool) or not isinstance(v, int) for v in m[:2])
            ):
                raise BadRecord(at, f"a mention must be [start, end] ({what}), got {m!r}")
            start, end = m[0], m[1] + last_included
            if not 0 <= start < end <= limit:
                shown = f"[{m[0]}, {m[1]}]"
                raise BadRecord(at, f"mention {shown} is not a span inside the document's {limit} {what}", "NG301")
            spans.append((start, end))
        out.append(tuple(spans))
    return tuple(out)


def _words(record: dict[str, Any]) -> list[str]:
    if "sentences" in record:
        sentences = record["sentences"]
        if not isinstance(sentences, list) or not all(isinstance(s, list) for s in sentences):
            raise BadRecord("/sentences", "sentences must be a list of lists of tokens")
        words = [w for s in sentences for w in s]
        ptr = "/sentences"
    else:
        words = record["tokens"]
        ptr = "/tokens"
        if not isinstance(words, list):
            raise BadRecord(ptr, "tokens must be a list of strings")
    if not all(isinstance(w, str) for w in words):
        raise BadRecord(ptr, "every token must be a string")
    return words


def _to_chars(clusters: Clusters, spans: list[Span]) -> Clusters:
    return tuple(tuple((spans[s][0], spans[e - 1][1]) for s, e in c) for c in clusters)


def _token_clusters(record: dict[str, Any], key: str, doc: Document | None) -> Clusters:
    words = _words(record)
    clusters = _pairs(record[key], f"/{key}", len(words), True, "tokens")
    if doc is None:
        return clusters
    spans = find_words(doc.text, words)
    if isinstance(spans, tuple):
        i, cursor = spans
        raise BadRecord(
            "/sentences" if "sentences" in record else f"/tokens/{i}",
            not_following(f"token {i} {words[i]!r}", doc.doc_id, doc.text, cursor),
            "NG608",
            "give tokens that spell the document text in order",
        )
    return _to_chars(clusters, spans)


def _text_clusters(value: list[list[Any]], doc: Document, ptr: str) -> tuple[Clusters, list[str]]:
    items = []
    for i, cluster in enumerate(value):
        for j, text in enumerate(cluster):
            if not isinstance(text, str) or not text.strip():
                raise BadRecord(f"{ptr}/{i}/{j}", f"a mention text must be a non-empty string, got {text!r}")
            items.append({"text": text, "type": f"cluster {i}"})
    found, notes = align_text_entities(items, doc)
    by_cluster: dict[str, list[Span]] = {f"cluster {i}": [] for i in range(len(value))}
    for e in found:
        by_cluster[e.type].append((e.start, e.end))
    return tuple(tuple(spans) for spans in by_cluster.values() if spans), notes


def _char_clusters(record: dict[str, Any], key: str, doc: Document | None, notes: list[Note]) -> Clusters:
    ptr = f"/{key}"
    value = _clusters(record[key], ptr)
    texts = any(isinstance(m, str) for c in value for m in c)
    if doc is None:
        raise BadRecord(
            ptr,
            "mentions given as " + ("texts" if texts else "code point spans") + " cannot be scored against a "
            "CoNLL-2012 key, which has no text",
            "NG651",
        )
    if texts:
        clusters, found = _text_clusters(value, doc, ptr)
        notes += [("NG608", ptr, n) for n in found]
        return clusters
    return _pairs(value, ptr, len(doc.text), False, "code points")


def _document(record: dict[str, Any], documents: Mapping[str, Document] | None) -> tuple[str, Document | None]:
    key = "doc_id" if "doc_id" in record else "doc_key"
    doc_id = record.get(key)
    if not isinstance(doc_id, str):
        raise BadRecord(f"/{key}", f"give the document's name as doc_id (a string), got {doc_id!r}")
    if documents is None:
        return doc_id, None
    doc = documents.get(doc_id)
    if doc is None:
        raise BadRecord(f"/{key}", f"unknown doc_id {doc_id!r} (corpus: {', '.join(sorted(documents)[:5])})", "NG602")
    return doc_id, doc


def _line_clusters(record: dict[str, Any], doc: Document | None, notes: list[Note]) -> tuple[Clusters, Clusters | None]:
    if "clusters_char_offsets" in record or "clusters_token_offsets" in record:  # Maverick
        if record.get("clusters_char_offsets") is not None and doc is not None:
            entities = _pairs(
                record["clusters_char_offsets"], "/clusters_char_offsets", len(doc.text), True, "code points"
            )
        elif "clusters_token_offsets" in record and "tokens" in record:
            entities = _token_clusters(record, "clusters_token_offsets", doc)
        else:
            raise BadRecord("", "give tokens with clusters_token_offsets (or clusters_char_offsets)", "NG651")
        events_key = "event_clusters" if "event_clusters" in record else None
        tokens = record.get("clusters_char_offsets") is None or doc is None
    else:
        key = "predicted_clusters" if "predicted_clusters" in record else "clusters"
        if key not in record:
            raise BadRecord("", "no clusters: give clusters (or predicted_clusters, clusters_token_offsets)")
        tokens = any(k in record for k in _TOKEN_SHAPES)
        entities = _token_clusters(record, key, doc) if tokens else _char_clusters(record, key, doc, notes)
        events_key = "event_clusters" if "event_clusters" in record else None
    events = None
    if events_key is not None:
        events = _token_clusters(record, events_key, doc) if tokens else _char_clusters(record, events_key, doc, notes)
    return entities, events


def read(path: Path, documents: Mapping[str, Document] | None) -> tuple[list[CorefDoc], list[Incident]]:
    out: list[CorefDoc] = []
    seen: dict[str, int] = {}
    unit = "chars" if documents is not None else "tokens"

    def line(number: int, record: dict[str, Any]) -> list[Note]:
        doc_id, doc = _document(record, documents)
        if doc_id in seen:
            raise BadRecord("/doc_id", f"{doc_id!r} was already given on line {seen[doc_id]}", "NG603")
        seen[doc_id] = number
        notes: list[Note] = []
        entities, events = _line_clusters(record, doc, notes)
        out.append(CorefDoc(doc_id, entities, events, unit))  # type: ignore[arg-type]
        return notes

    warnings = read_records(path, line)
    return out, warnings


_CLUSTER_KEYS = ("clusters", "predicted_clusters", "clusters_token_offsets", "clusters_char_offsets")


_KEYS = re.compile(r'"(?:predicted_)?clusters(?:_token_offsets|_char_offsets)?"\s*:')


def _looks_clusters(start: str) -> bool:
    """A first line that is an object with a clusters field (a line longer than the look
    is judged by its field names)."""
    first = next((line for line in start.lstrip("\ufeff").splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    record, problems = parse_json(first, "")
    if problems or not isinstance(record, dict):
        return _KEYS.search(first) is not None
    return any(k in record for k in _CLUSTER_KEYS)


READER = CorefReader(
    name="json-clusters",
    summary="JSON Lines of clusters: fastcoref/LingMess [start, end) code points, mention texts, Maverick "
    "tokens and offsets, or DyGIE++ sentences with (predicted_)clusters",
    read=read,
    sniff=_looks_clusters,
)
