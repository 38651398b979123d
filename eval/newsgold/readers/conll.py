"""CoNLL-style columns with BIO tags: one token a line, a blank line between sentences.

Accepted layouts (tab- or space-separated; a tab-separated file may have empty columns):

- ``TOKEN [OTHER COLUMNS ...] TAG``, the tag last (CoNLL-2003's four columns included);
- ``TOKEN START END TYPE IOB``, spaCy's view (``token.idx``, its end, ``ent_type_``, ``ent_iob_``).

Tags may be IOB2, IOB1 or BIOES/BILOU; chunks are decoded as conlleval does (an ``I-`` after
``O`` or after another type starts a chunk, and is counted as ill-formed). ``O``, the
empty-field marks ``_`` and ``-``, and an empty tag column say no entity is there, and are
read as ``O`` (as a CoNLL gold reads them: ``gold.conll_gold.EMPTY_MARKS``).

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
from array import array
from bisect import bisect_right
from collections.abc import Mapping
from functools import lru_cache
from itertools import accumulate
from operator import add
from pathlib import Path

from ..gold import collector
from ..gold.conll_gold import EMPTY_MARKS, document_start, file_lines
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import read_text
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from .align import follow
from .records import DocPredictions, PredEntity, Reader, TokenTags

_DOC = re.compile(r"^(?:#\s*doc_id\s*=\s*(?P<b>\S+)|#begin document\s*\(?(?P<c>[^)\s]+)\)?).*$")
_NO_ENTITY = ("O", "", *EMPTY_MARKS)


class _Doc:
    """One document of the file as read: its tokens and tags (one string object per distinct
    tag), where each sentence ends, and the offsets a row gives; a token's line is found from
    the lines between rows (:meth:`line_of`)."""

    __slots__ = ("doc_id", "line", "before", "tokens", "words", "tags", "ends", "gaps", "given", "odd")

    def __init__(self, doc_id: str | None, line: int, before: int):
        self.doc_id, self.line, self.before = doc_id, line, before  # ``before``: the line before the first row
        self.tokens: list[str] = []
        self.words = ""  # once closed, the tokens joined by tabs (no token holds one): one string, not one a token
        self.tags: list[str] = []
        self.ends: list[int] = []  # the number of tokens before each sentence's end
        self.gaps: list[int] = []  # for each line of the document that is no row, the number of tokens before it
        self.given: dict[int, tuple[int, int, str, str]] = {}  # token -> start, end and their columns
        self.odd = False  # a token (of a tab-separated file) is empty or begins with whitespace

    def end_sentence(self) -> None:
        if len(self.tokens) > (self.ends[-1] if self.ends else 0):
            self.ends.append(len(self.tokens))

    def close(self) -> None:
        self.end_sentence()
        self.words, self.tokens = "\t".join(self.tokens), []

    def read_tokens(self) -> list[str]:
        return self.words.split("\t") if self.tags else []

    def line_of(self, token: int) -> int:
        return self.before + 1 + token + bisect_right(self.gaps, token)


@lru_cache(maxsize=4096)  # a file has few distinct tags; a hostile one may have millions
def split_tag(tag: str) -> tuple[str, str | None]:
    """``("B", "PER")`` from ``B-PER``; ``("O", None)`` from ``O``; a bare label is ``I``.

    >>> split_tag("B-PER"), split_tag("O"), split_tag("S-ORG"), split_tag("GPE")
    (('B', 'PER'), ('O', None), ('S', 'ORG'), ('I', 'GPE'))
    """
    if tag in _NO_ENTITY:
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
    for i, (prefix, t) in enumerate(map(split_tag, tags)):
        if prefix == "O" and label is None:
            continue
        continues = label is not None and t == label and prefix in ("I", "E", "L")
        if label is not None and not continues:
            chunks.append((label, start, i))
            label = None
        if prefix != "O" and not continues:
            if prefix in ("I", "E", "L") and tags[i][1:2] in ("-", "_"):  # a bare label (IO tagging) is no error
                ill += 1
            label, start = t, i
        if label is not None and prefix in ("E", "L", "S", "U"):
            chunks.append((label, start, i + 1))
            label = None
    if label is not None:
        chunks.append((label, start, len(tags)))
    return chunks, ill


def _documents(text: str, file: str, documents: Mapping[str, Document]) -> list[_Doc]:
    """The file's documents, read row by row; a row split otherwise than the file's first
    row (by tabs, or by spaces), or whose tag holds whitespace, is refused (it would read as
    junk tags)."""

    def bad(number: int, message: str) -> NewsgoldError:
        return NewsgoldError(incident("NG625", file, line=number, message=message))

    docs: list[_Doc] = []
    current: _Doc | None = None
    tabs: bool | None = None  # how the file separates columns, from its first row
    known: dict[str, str] = {}  # each tag seen, as read
    for number, line in enumerate(file_lines(text), 1):
        fields = line.split()
        if not fields:
            if current is not None:
                current.end_sentence()
                current.gaps.append(len(current.tokens))
            continue
        if fields[0] == "-DOCSTART-" or fields[0][0] == "#":
            starts, given = document_start(fields)
            m = _DOC.match(line.strip())
            if starts or m:
                if current is not None:
                    current.close()
                current = _Doc(given if m is None else m.group("b") or m.group("c"), number, number)
                docs.append(current)
                continue
            if line.startswith("#"):
                if current is not None:
                    current.gaps.append(len(current.tokens))
                continue
        if current is None:  # rows before any document line: the corpus's only document
            current = _Doc(None, number, number - 1)
            docs.append(current)
        if tabs is None:
            tabs = "\t" in line
        if tabs:
            line = line.rstrip("\r\n")
            if "\t" not in line and len(fields) > 1:
                raise bad(number, "columns separated by spaces where the file's first row separates them by tabs")
            cols = line.split("\t")
            if not cols[0] or cols[0][0].isspace():
                current.odd = True
        else:
            if "\t" in line:
                raise bad(number, "a tab where the file's first row separates columns by spaces")
            cols = fields
        if len(cols) >= 4:
            token, start, end, tag = _row(cols)
            if start is not None and end is not None:
                current.given[len(current.tokens)] = (start, end, cols[1], cols[2])
        else:
            token, tag = cols[0], cols[-1] if len(cols) > 1 else "O"
        read = known.get(tag)
        if read is None:
            if len(cols) > 1 and (not cols[-1].isprintable() or any(c.isspace() for c in cols[-1])):
                raise bad(number, f"the tag column holds whitespace: {cols[-1][:40]!r}")
            read = known[tag] = "O" if tag in _NO_ENTITY else tag
        current.tokens.append(token)
        current.tags.append(read)
    if current is not None:
        current.close()
    if not any(d.tags for d in docs):
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


def _spans(d: _Doc, doc: Document, file: str) -> tuple[array[int], array[int]]:
    """Each token's code point span in the document, as columns of starts and ends: the span
    its row gives, checked against the text, or where it follows the token before it."""
    text = doc.text
    tokens = d.read_tokens()
    laid = None if d.given or d.odd else _laid_out(tokens, text)
    if laid is not None:
        return laid
    starts, ends = array("q"), array("q")
    cursor = 0
    for k, token in enumerate(tokens):
        given = d.given.get(k) if d.given else None
        if given is not None:
            start, end, first, second = given
            if not 0 <= start < end <= len(text):
                shown = f"[{first[:20]}, {second[:20]})" + (
                    " (offsets of more than 18 digits)" if _TOO_LONG in (start, end) else ""
                )
                raise NewsgoldError(
                    incident("NG301", file, line=d.line_of(k), message=f"{shown} is outside the document")
                )
            if text[start:end] != token:
                cause = explain_mismatch(text, start, end, token)
                raise NewsgoldError(
                    incident(
                        "NG302",
                        file,
                        line=d.line_of(k),
                        message=f"token {token!r} but [{start}, {end}) holds {text[start:end]!r}",
                        hint=f"{cause}; offsets are code points" if cause else None,
                    )
                )
            span = (start, end)
        else:
            found = follow(text, token, cursor)
            if found is None:
                ahead = text[cursor : cursor + 20]
                raise NewsgoldError(
                    incident(
                        "NG608",
                        file,
                        line=d.line_of(k),
                        column=1,
                        message=f"token {token!r} does not follow in {d.doc_id} at offset {cursor} "
                        f"(text there: {ahead!r})",
                        hint="give START END columns, or tokens that spell the document text in order",
                    )
                )
            span = found
        starts.append(span[0])
        ends.append(span[1])
        cursor = span[1]
    return starts, ends


def _laid_out(tokens: list[str], text: str) -> tuple[array[int], array[int]] | None:
    """The tokens' spans when they spell ``text`` one space or line break apart (as the text of
    a gold read from CoNLL lays out its tokens), else None: one comparison of the whole text
    in place of a search for each token (:func:`follow` finds the same spans there)."""
    if " ".join(tokens) != text.replace("\n", " "):
        return None
    before = list(accumulate(map(len, tokens), initial=0))  # the lengths of the tokens before each
    return array("q", map(add, before, range(len(tokens)))), array("q", map(add, before[1:], range(len(tokens))))


@collector.paused()
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
    docs = _documents(text, file, documents)
    del text
    for d in docs:
        assert d.doc_id is not None
        doc = documents.get(d.doc_id)
        if doc is None:
            raise NewsgoldError(incident("NG602", file, line=d.line, message=f"unknown doc_id {d.doc_id!r}"))
        if d.doc_id in seen:
            raise NewsgoldError(
                incident("NG603", file, line=d.line, message=f"{d.doc_id!r} already began on line {seen[d.doc_id]}")
            )
        seen[d.doc_id] = d.line
        starts, ends = _spans(d, doc, file)
        entities: list[PredEntity] = []
        sentences: list[tuple[str, ...]] = []
        ill = 0
        for a, b in zip([0, *d.ends], d.ends):
            tags = d.tags[a:b]
            chunks, bad = decode(tags)
            ill += bad
            for label, first, last in chunks:
                s, e = starts[a + first], ends[a + last - 1]
                entities.append(PredEntity(s, e, label, doc.text[s:e]))
            sentences.append(tuple(tags))
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
        submitted = TokenTags(tuple(sentences), starts, ends)
        out.append(DocPredictions(d.doc_id, tuple(entities), (), frozenset({"entities"}), submitted))
    return out, warnings


READER = Reader(
    name="conll",
    summary="token columns with BIO, IOB1 or BIOES tags in the last column (CoNLL-2003 style), "
    "or spaCy token start end type iob columns",
    suffixes=(".conll", ".conllu", ".bio", ".iob", ".tsv", ".txt", ".iob2", ".bioes"),
    read=lambda path, documents, subtypes: read_conll(path, documents),
)
