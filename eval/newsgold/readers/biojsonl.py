"""BIO tags as JSON Lines, one sentence a line: what ``newsgold export --format bio-jsonl``
writes, and what token classifiers' evaluation scripts commonly save::

    {"doc_id": "...", "sentence": 0, "tokens": ["Washington", ","], "token_offsets": [[0, 10], [10, 11]],
     "tags": ["B-GPE", "O"]}

``tags`` may be named ``ner_tags`` (as strings); ``token_offsets`` is optional. Tokens with
offsets are checked against the text and must come in reading order (a chunk spans from its
first token to its last); tokens without are aligned to the document in order
(a document's lines in reading order), as the ``conll`` reader aligns them. Chunks are
decoded as the ``conll`` reader decodes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, incident
from ..gold.io import parse_json
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from ..tables.rules import BadRecord
from .align import follow, not_following
from .conll import decode
from .jsonl import JSONL_SUFFIXES
from .lines import Note, read_records
from .records import DocPredictions, PredEntity, Reader, TokenTags


def _tag_key(record: Mapping[str, Any]) -> str | None:
    return next((k for k in ("tags", "ner_tags") if k in record), None)


def _tokens(record: Mapping[str, Any], doc: Document, cursor: int) -> list[tuple[int, int]]:
    """The code point span of each token of one line (raises BadRecord)."""
    tokens = record.get("tokens")
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
        raise BadRecord("/tokens", "'tokens' must be a list of strings")
    offsets = record.get("token_offsets")
    spans: list[tuple[int, int]] = []
    if offsets is not None:
        if not isinstance(offsets, list) or len(offsets) != len(tokens):
            raise BadRecord("/token_offsets", f"'token_offsets' must be a list of {len(tokens)} [start, end] pairs")
        for i, (token, pair) in enumerate(zip(tokens, offsets)):
            ok = isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)
            if not ok or not 0 <= pair[0] < pair[1] <= len(doc.text):
                raise BadRecord(f"/token_offsets/{i}", f"{pair!r} is not a span inside [0, {len(doc.text)})", "NG301")
            s, e = pair
            if doc.text[s:e] != token:
                cause = explain_mismatch(doc.text, s, e, token)
                raise BadRecord(
                    f"/tokens/{i}",
                    f"token {token!r} but [{s}, {e}) holds {doc.text[s:e]!r}",
                    "NG302",
                    f"{cause}; offsets are code points" if cause else None,
                )
            if spans and s < spans[-1][1]:
                raise BadRecord(
                    f"/token_offsets/{i}",
                    f"token {i} [{s}, {e}) starts before token {i - 1} {list(spans[-1])} ends",
                    "NG301",
                    "give a line's tokens in reading order, each starting at or after the end of the one before",
                )
            spans.append((s, e))
        return spans
    for i, token in enumerate(tokens):
        found = follow(doc.text, token, cursor)
        if found is None:
            raise BadRecord(
                f"/tokens/{i}",
                not_following(f"token {token!r}", doc.doc_id, doc.text, cursor),
                "NG608",
                "give token_offsets, or tokens in reading order",
            )
        spans.append(found)
        cursor = found[1]
    return spans


def read_bio_jsonl(path: Path, documents: Mapping[str, Document]) -> tuple[list[DocPredictions], list[Incident]]:
    file = str(path)
    entities: dict[str, list[PredEntity]] = {}
    sentences: dict[str, list[tuple[tuple[int, int, str], ...]]] = {}
    cursors: dict[str, int] = {}
    ill: dict[str, int] = {}

    def read(number: int, record: dict[str, Any]) -> list[Note]:
        if not isinstance(record.get("doc_id"), str):
            raise BadRecord("", "each line must be an object with a string 'doc_id'")
        doc = documents.get(record["doc_id"])
        if doc is None:
            raise BadRecord("/doc_id", f"unknown doc_id {record['doc_id']!r}", "NG602")
        key = _tag_key(record)
        tags = record.get(key) if key else None
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise BadRecord(
                f"/{key or 'tags'}",
                f"'{key or 'tags'}' must be a list of tag strings such as 'B-GPE'",
                hint="ClassLabel ids (integers) need their names: convert them to strings first",
            )
        spans = _tokens(record, doc, cursors.get(doc.doc_id, 0))
        if len(spans) != len(tags):
            raise BadRecord(f"/{key}", f"{len(tags)} tags for {len(spans)} tokens")
        if spans:
            cursors[doc.doc_id] = spans[-1][1]
        chunks, bad_tags = decode(tags)
        ill[doc.doc_id] = ill.get(doc.doc_id, 0) + bad_tags
        found = entities.setdefault(doc.doc_id, [])
        if spans:
            sentences.setdefault(doc.doc_id, []).append(tuple((s, e, t) for (s, e), t in zip(spans, tags)))
        for label, first, last in chunks:
            s, e = spans[first][0], spans[last - 1][1]
            found.append(PredEntity(s, e, label, doc.text[s:e]))
        return []

    warnings = read_records(path, read)
    warnings += [
        incident("NG613", file, severity="warning", message=f"{n} I- tags in {doc_id} continue no chunk of their type")
        for doc_id, n in ill.items()
        if n
    ]
    return [
        DocPredictions(
            doc_id,
            tuple(sorted(found, key=lambda e: (e.start, e.end))),
            (),
            frozenset({"entities"}),
            TokenTags.of(sentences.get(doc_id, ())),
        )
        for doc_id, found in entities.items()
    ], warnings


def _looks_bio(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            record = parse_json(f.readline().decode("utf-8-sig"), str(path))[0]
    except (OSError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and "tokens" in record and _tag_key(record) is not None


READER = Reader(
    name="bio-jsonl",
    summary="one sentence a line: tokens, BIO tags, optional token offsets (what export --format bio-jsonl writes)",
    suffixes=JSONL_SUFFIXES,
    read=lambda path, documents, subtypes: read_bio_jsonl(path, documents),
    sniff=_looks_bio,
)
