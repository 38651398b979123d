"""spaCy's experimental coreference output: span groups ``coref_clusters_1``, ``coref_clusters_2``, ...

spacy-experimental's ``experimental_coref`` component writes each cluster it finds as one span
group of the Doc, ``doc.spans[f"{prefix}_{n}"]`` with n counted from 1; its
``experimental_span_resolver`` turns the coreference component's one-word clusters
(``coref_head_clusters_n``, in the trained pipeline) into full-span clusters
(``coref_clusters_n``), cluster for cluster and mention for mention. Read from:

- JSON Lines of ``Doc.to_json()``, one Doc a line: ``"spans": {"coref_clusters_1": [{"start":
  0, "end": 11, ...}, ...]}`` (code points, end excluded);
- a ``DocBin`` (``.spacy``, needs the spacy extra) of such Docs.

A key is read as a cluster when it is ``coref_clusters_`` or ``coref_head_clusters_`` and a
whole number (as spacy-experimental's ``matches_coref_prefix`` reads it); the full-span clusters
when the Doc has any, else the one-word ones. When both are given, cluster n's mention i has
cluster n's head mention i as its head (the span resolver's pairing), which head match reads.
Clusters are taken in their number's order.

The Doc is the corpus document named by ``doc_id`` (a JSON line's field, a DocBin Doc's
``user_data``), else the one whose text equals the Doc's text; the Doc's text must be that
document's text (NG608), since the spans are offsets into it. Against a CoNLL-2012 or CorefUD
key, which has no text, these code point spans are refused (NG651).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document
from ..tables.rules import BadRecord
from .coref import Clusters, CorefDoc, CorefReader, Span
from .lines import Note, read_records
from .spacy_docbin import load_docbin

_KEY = re.compile(r"(coref_clusters|coref_head_clusters)_(\d+)")
_SNIFF = re.compile(r'"spans"\s*:\s*\{[^}]*"coref_(?:head_)?clusters_\d+"')


def coref_groups(groups: Mapping[str, list[Span]]) -> tuple[Clusters, dict[Span, Span] | None]:
    """The clusters in span groups by name, and the heads when both kinds are given.

    >>> coref_groups({"coref_clusters_2": [(9, 12)], "coref_clusters_1": [(0, 11), (17, 19)], "ents": [(0, 5)]})
    ((((0, 11), (17, 19)), ((9, 12),)), None)
    >>> coref_groups({"coref_clusters_1": [(0, 11), (17, 19)], "coref_head_clusters_1": [(6, 11), (17, 19)]})[1]
    {(0, 11): (6, 11), (17, 19): (17, 19)}
    """
    by_kind: dict[str, dict[int, list[Span]]] = {"coref_clusters": {}, "coref_head_clusters": {}}
    for name, spans in groups.items():
        m = _KEY.fullmatch(name)
        if m:
            by_kind[m.group(1)][int(m.group(2))] = spans
    full, heads = by_kind["coref_clusters"], by_kind["coref_head_clusters"]
    chosen = full or heads
    clusters = tuple(tuple(chosen[n]) for n in sorted(chosen))
    if not clusters:
        return (), {}  # nothing to match, by head or otherwise
    paired = None
    if full and heads and full.keys() == heads.keys() and all(len(full[n]) == len(heads[n]) for n in full):
        paired = {m: h for n in full for m, h in zip(full[n], heads[n])}
    return clusters, paired if full else {m: m for c in clusters for m in c} if heads else None


def _document(
    doc_id: Any, text: str, documents: Mapping[str, Document], by_text: Mapping[str, Document], ptr: str
) -> Document:
    doc = documents.get(doc_id) if isinstance(doc_id, str) else None
    doc = doc or by_text.get(text)
    if doc is None:
        raise BadRecord(ptr, "a Doc matches no corpus document by doc_id or text", "NG602")
    if text != doc.text:
        at = next((k for k, (a, b) in enumerate(zip(text, doc.text)) if a != b), min(len(text), len(doc.text)))
        raise BadRecord(
            ptr,
            f"the Doc's text is not the corpus text of {doc.doc_id}: they differ from character {at} "
            f"(Doc: {text[at : at + 20]!r}, corpus: {doc.text[at : at + 20]!r})",
            "NG608",
            "make each Doc from the corpus text itself (nlp(text)), so that its span offsets point at its words",
        )
    return doc


def _no_text(path: Path) -> NewsgoldError:
    return NewsgoldError(
        incident(
            "NG651",
            str(path),
            message="spaCy's spans are code point offsets, which cannot be scored against a CoNLL-2012 or CorefUD "
            "key (it has no text)",
        )
    )


def _json_spans(value: Any, ptr: str, limit: int) -> dict[str, list[Span]]:
    if not isinstance(value, dict):
        raise BadRecord(ptr, "spans must be an object of span lists by key, as Doc.to_json() writes it")
    out: dict[str, list[Span]] = {}
    for name, spans in value.items():
        if not _KEY.fullmatch(name):
            continue
        if not isinstance(spans, list):
            raise BadRecord(f"{ptr}/{name}", "a span group must be a list of spans")
        out[name] = []
        for i, s in enumerate(spans):
            at = f"{ptr}/{name}/{i}"
            start, end = (s.get("start"), s.get("end")) if isinstance(s, dict) else (None, None)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
                raise BadRecord(at, f'a span must be {{"start": int, "end": int}} (code points), got {str(s)[:80]}')
            if not 0 <= start < end <= limit:  # type: ignore[operator]
                raise BadRecord(at, f"span [{start}, {end}) is not inside the Doc's {limit} code points", "NG301")
            out[name].append((start, end))  # type: ignore[arg-type]
    return out


def read_json(path: Path, documents: Mapping[str, Document] | None) -> tuple[list[CorefDoc], list[Incident]]:
    if documents is None:
        raise _no_text(path)
    by_text = {d.text: d for d in documents.values()}
    out: list[CorefDoc] = []
    seen: dict[str, int] = {}

    def line(number: int, record: dict[str, Any]) -> list[Note]:
        text = record.get("text")
        if not isinstance(text, str):
            raise BadRecord("/text", "a Doc.to_json() line gives the Doc's text")
        doc = _document(record.get("doc_id"), text, documents, by_text, "/text")
        if doc.doc_id in seen:
            raise BadRecord("/text", f"{doc.doc_id!r} was already given on line {seen[doc.doc_id]}", "NG603")
        seen[doc.doc_id] = number
        clusters, heads = coref_groups(_json_spans(record.get("spans", {}), "/spans", len(text)))
        out.append(CorefDoc(doc.doc_id, clusters, heads=heads))
        return []

    return out, read_records(path, line)


def read_docbin(path: Path, documents: Mapping[str, Document] | None) -> tuple[list[CorefDoc], list[Incident]]:
    if documents is None:
        raise _no_text(path)
    docs = load_docbin(path)
    by_text = {d.text: d for d in documents.values()}
    out = []
    seen: set[str] = set()
    for i, sdoc in enumerate(docs):
        try:
            doc = _document(sdoc.user_data.get("doc_id"), sdoc.text, documents, by_text, f"/{i}")
            if doc.doc_id in seen:
                raise BadRecord(f"/{i}", f"{doc.doc_id!r} is given by two Docs", "NG603")
        except BadRecord as bad:
            raise NewsgoldError(
                incident(bad.code, str(path), pointer=bad.ptr, message=bad.message, hint=bad.hint)
            ) from None
        seen.add(doc.doc_id)
        groups = {name: [(s.start_char, s.end_char) for s in group] for name, group in sdoc.spans.items()}
        clusters, heads = coref_groups(groups)
        out.append(CorefDoc(doc.doc_id, clusters, heads=heads))
    return out, []


def _looks_spacy_json(start: str) -> bool:
    first = next((line for line in start.lstrip("\ufeff").splitlines() if line.strip()), "")
    return first.lstrip().startswith("{") and _SNIFF.search(first) is not None


def _looks_docbin(path: Path, limit: int = 1 << 24) -> bool:
    """A zlib stream whose first 16 MiB, inflated, name a coreference span group."""
    try:
        with path.open("rb") as f:
            head = f.read(1 << 20)
    except OSError:
        return False
    if not head.startswith(b"\x78"):
        return False
    try:
        inflated = zlib.decompressobj().decompress(head, limit)
    except zlib.error:
        return False
    return re.search(rb"coref_(?:head_)?clusters_\d", inflated) is not None


JSON_READER = CorefReader(
    name="spacy-coref",
    summary="spaCy's experimental coref: Doc.to_json() lines with coref_clusters_N span groups",
    read=read_json,
    sniff=_looks_spacy_json,
)

DOCBIN_READER = CorefReader(
    name="spacy-coref-docbin",
    summary="spaCy's experimental coref: a DocBin of Docs with coref_clusters_N span groups (needs the spacy extra)",
    read=read_docbin,
    sniff=lambda start: False,
    sniff_path=_looks_docbin,
)
