"""CoNLL-style columns with BIO tags: one token a line, a blank line between sentences.

Accepted layouts (tab- or space-separated; a tab-separated file may have empty columns):

- ``TOKEN [OTHER COLUMNS ...] TAG``, the tag last (CoNLL-2003's four columns included);
- ``TOKEN START END TYPE IOB``, spaCy's view (``token.idx``, its end, ``ent_type_``, ``ent_iob_``).

Tags may be IOB2, IOB1 or BIOES/BILOU; chunks are decoded as conlleval does (an ``I-`` after
``O`` or after another type starts a chunk, and is counted as ill-formed).

Documents are separated by ``-DOCSTART- DOC_ID``, ``# doc_id = DOC_ID`` or ``#begin document
DOC_ID``; a file without them is taken as the corpus's only document. A ``-DOCSTART-`` line
without an id (CoNLL-2003's own ``-DOCSTART- -X- -X- O``) starts the corpus's only document,
or the k-th document ``doc-k`` of a gold read from a CoNLL file without ids, which numbers its
documents the same way, or, when the file has one document per corpus document, the k-th in
doc_id order (the order newsgold's CoNLL export writes them in; a document out of order does
not align: NG608). Tokens with ``START
END`` columns are checked against the text; other tokens are aligned to the text in order,
skipping whitespace, with Penn Treebank escapes (``-LRB-``, ``````, ``''``) and straight vs
curly quotes treated as equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..gold.conll_gold import document_start
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import read_text
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from .align import follow
from .records import DocPredictions, PredEntity, Reader

_DOC = re.compile(r"^(?:#\s*doc_id\s*=\s*(?P<b>\S+)|#begin document\s*\(?(?P<c>[^)\s]+)\)?).*$")


@dataclass
class _Doc:
    doc_id: str | None
    line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line number, columns); [] marks a sentence break


def split_tag(tag: str) -> tuple[str, str | None]:
    """``("B", "PER")`` from ``B-PER``; ``("O", None)`` from ``O``; a bare label is ``I``.

    >>> split_tag("B-PER"), split_tag("O"), split_tag("S-ORG"), split_tag("GPE")
    (('B', 'PER'), ('O', None), ('S', 'ORG'), ('I', 'GPE'))
    """
    if tag in ("O", "_", "-", ""):
        return "O", None
    m = re.match(r"^([BIESLU])[-_](.+)$", tag)
    return (m.group(1), m.group(2)) if m else ("I", tag)


def decode(tags: list[str]) -> tuple[list[tuple[str, int, int]], int]:
    """Chunks ``(type, first, last + 1)`` of one sentence, conlleval-style, and the ill-formed count.

    >>> decode(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-LOC"])
    ([('PER', 0, 2), ('LOC', 3, 4), ('ORG', 4, 5), ('LOC', 5, 6)], 2)
    >>> decode(["S-GPE", "B-ORG", "E-ORG"])
    ([('GPE', 0, 1), ('ORG', 1, 3)], 0)
    """
    chunks: list[tuple[str, int, int]] = []
    ill = 0
    label: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        prefix, t = split_tag(tag)
        continues = label is not None and t == label and prefix in ("I", "E", "L")
        if label is not None and not continues:
            chunks.append((label, start, i))
            label = None
        if prefix != "O" and not continues:
            if prefix in ("I", "E", "L") and tag[1:2] in ("-", "_"):  # a bare label (IO tagging) is no error
                ill += 1
            label, start = t, i
        if label is not None and prefix in ("E", "L", "S", "U"):
            chunks.append((label, start, i + 1))
            label = None
    if label is not None:
        chunks.append((label, start, len(tags)))
    return chunks, ill


def _columns(line: str, tabs: bool, file: str, number: int) -> list[str]:
    """One row's columns, split as the file's first row is (by tabs, or by spaces); a row
    split otherwise, or whose tag holds whitespace, is refused (it would read as junk tags)."""

    def bad(message: str) -> NewsgoldError:
        return NewsgoldError(incident("NG625", file, line=number, message=message))

    if tabs:
        if "\t" not in line and len(line.split()) > 1:
            raise bad("columns separated by spaces where the file's first row separates them by tabs")
        cols = line.split("\t")
    else:
        if "\t" in line:
            raise bad("a tab where the file's first row separates columns by spaces")
        cols = line.split()
    if len(cols) > 1 and (not cols[-1].isprintable() or any(c.isspace() for c in cols[-1])):
        raise bad(f"the tag column holds whitespace: {cols[-1][:40]!r}")
    return cols


def _documents(text: str, file: str, documents: Mapping[str, Document]) -> list[_Doc]:
    docs: list[_Doc] = []
    current: _Doc | None = None
    tabs: bool | None = None  # how the file separates columns, from its first row
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        starts, given = document_start(line)
        m = _DOC.match(line.strip())
        if starts or m:
            current = _Doc(given if m is None else m.group("b") or m.group("c"), number)
            docs.append(current)
            continue
        if line.startswith("#"):
            continue
        if current is None:
            current = _Doc(None, number)
            docs.append(current)
        if not line.strip():
            current.rows.append((number, []))
            continue
        if tabs is None:
            tabs = "\t" in line
        current.rows.append((number, _columns(line, tabs, file, number)))
    if not any(cols for d in docs for _, cols in d.rows):
        raise NewsgoldError(incident("NG601", file, message="no token lines"))
    in_order = sorted(documents) if len(docs) == len(documents) else []
    for k, d in enumerate(docs, 1):
        if d.doc_id is not None:
            continue
        if len(documents) == 1:  # the corpus's only document
            d.doc_id = next(iter(documents))
        elif f"doc-{k}" in documents:  # a gold read from CoNLL without ids numbers its documents so
            d.doc_id = f"doc-{k}"
        elif in_order:  # one document per corpus document, in doc_id order (as newsgold's export writes them)
            d.doc_id = in_order[k - 1]
        else:
            raise NewsgoldError(
                incident(
                    "NG201",
                    file,
                    line=d.line,
                    message="no document id",
                    hint="start each document with '# doc_id = DOC_ID' or '-DOCSTART- DOC_ID'",
                )
            )
    return docs


_OFFSET = re.compile(r"[0-9]+")
_TOO_LONG = 10**18  # an offset of more digits lies outside any document; int() of thousands of digits raises


def _is_int(s: str) -> bool:
    return _OFFSET.fullmatch(s) is not None


def _int(s: str) -> int:
    return int(s) if len(s) < 19 else _TOO_LONG


def _row(cols: list[str]) -> tuple[str, int | None, int | None, str]:
    """(token, start, end, tag) from one line's columns."""
    if len(cols) >= 5 and _is_int(cols[1]) and _is_int(cols[2]) and cols[-1] in ("B", "I", "O", ""):
        iob, etype = cols[-1], cols[-2]
        return cols[0], _int(cols[1]), _int(cols[2]), "O" if iob in ("O", "") or not etype else f"{iob}-{etype}"
    if len(cols) >= 4 and _is_int(cols[1]) and _is_int(cols[2]):
        return cols[0], _int(cols[1]), _int(cols[2]), cols[-1]
    if len(cols) < 2:
        return cols[0], None, None, "O"
    return cols[0], None, None, cols[-1]


def read_conll(path: Path, documents: Mapping[str, Document]) -> tuple[list[DocPredictions], list[Incident]]:
    file = str(path)
    text, problems = read_text(path)
    if text is None:
        raise NewsgoldError(problems)
    if not text.strip():
        raise NewsgoldError(incident("NG601", file, message="the file is empty"))
    out: list[DocPredictions] = []
    warnings: list[Incident] = []
    seen: dict[str, int] = {}
    for d in _documents(text, file, documents):
        assert d.doc_id is not None
        doc = documents.get(d.doc_id)
        if doc is None:
            raise NewsgoldError(incident("NG602", file, line=d.line, message=f"unknown doc_id {d.doc_id!r}"))
        if d.doc_id in seen:
            raise NewsgoldError(
                incident("NG603", file, line=d.line, message=f"{d.doc_id!r} already began on line {seen[d.doc_id]}")
            )
        seen[d.doc_id] = d.line
        cursor = 0
        sentence: list[tuple[int, int, str]] = []
        sentences: list[list[tuple[int, int, str]]] = [sentence]
        for number, cols in d.rows:
            if not cols:
                sentence = []
                sentences.append(sentence)
                continue
            token, start, end, tag = _row(cols)
            if start is not None and end is not None:
                if not 0 <= start < end <= len(doc.text):
                    shown = f"[{cols[1][:20]}, {cols[2][:20]})" + (
                        " (offsets of more than 18 digits)" if _TOO_LONG in (start, end) else ""
                    )
                    raise NewsgoldError(
                        incident("NG301", file, line=number, message=f"{shown} is outside the document")
                    )
                if doc.text[start:end] != token:
                    cause = explain_mismatch(doc.text, start, end, token)
                    raise NewsgoldError(
                        incident(
                            "NG302",
                            file,
                            line=number,
                            message=f"token {token!r} but [{start}, {end}) holds {doc.text[start:end]!r}",
                            hint=f"{cause}; offsets are code points" if cause else None,
                        )
                    )
                span = (start, end)
            else:
                found = follow(doc.text, token, cursor)
                if found is None:
                    ahead = doc.text[cursor : cursor + 20]
                    raise NewsgoldError(
                        incident(
                            "NG608",
                            file,
                            line=number,
                            column=1,
                            message=f"token {token!r} does not follow in {d.doc_id} at offset {cursor} "
                            f"(text there: {ahead!r})",
                            hint="give START END columns, or tokens that spell the document text in order",
                        )
                    )
                span = found
            cursor = span[1]
            sentence.append((span[0], span[1], tag))
        entities: list[PredEntity] = []
        ill = 0
        for sent in sentences:
            chunks, bad = decode([t for _, _, t in sent])
            ill += bad
            for label, first, last in chunks:
                s, e = sent[first][0], sent[last - 1][1]
                entities.append(PredEntity(s, e, label, doc.text[s:e]))
        if ill:
            warnings.append(
                incident(
                    "NG613",
                    file,
                    line=d.line,
                    severity="warning",
                    message=f"{ill} I- tags in {d.doc_id} continue no chunk of their type",
                )
            )
        tags = tuple(tuple(sent) for sent in sentences if sent)
        out.append(DocPredictions(d.doc_id, tuple(entities), (), frozenset({"entities"}), tags))
    return out, warnings


READER = Reader(
    name="conll",
    summary="token columns with BIO, IOB1 or BIOES tags in the last column (CoNLL-2003 style), "
    "or spaCy token start end type iob columns",
    suffixes=(".conll", ".conllu", ".bio", ".iob", ".tsv", ".txt", ".iob2", ".bioes"),
    read=lambda path, documents, subtypes: read_conll(path, documents),
)
