"""Gold for your own corpus as a CoNLL file: tokens and gold tags in columns.

One token a row, its tag in the last column (``B-PER``, IOB1, IOB2, BIOES; read by
conlleval's rules, as seqeval's default mode reads them), a blank line between sentences,
and ``-DOCSTART-`` (optionally followed by a doc_id, else ``doc-1``, ``doc-2``, ...) between
documents. ``O`` and the empty-field marks ``_`` and ``-`` say no entity is there: a gold and
a prediction read them alike (:func:`read_tag`). A document's text is its tokens joined by
single spaces, sentences by newlines; its tokens are the file's tokens (whitespace-separated),
so the token modes score on them.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.conll"
>>> _ = path.write_text("-DOCSTART- d1\\nObama B-PER\\nmet O\\nCastro B-PER\\n\\nIn O\\nHavana B-LOC\\n")
>>> corpus = load_gold_conll(path)
>>> doc, gold = corpus[0]
>>> doc.text
'Obama met Castro\\nIn Havana'
>>> [(e.text, e.type) for e in gold.entities]
[('Obama', 'PER'), ('Castro', 'PER'), ('Havana', 'LOC')]
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from itertools import accumulate
from pathlib import Path

from ..tables.events import NO_EVENTS
from ..tables.spans import SpanTable
from ..tags import get_entities
from . import collector
from .corpus import Corpus
from .errors import NewsgoldError, incident
from .io import read_text
from .jsonl_gold import DOC_ID, VERSION, inventories
from .model import NO_ARGUMENTS, NO_MENTIONS, Document, Gold
from .spans import Span


def document_start(fields: Sequence[str]) -> tuple[bool, str | None]:
    """Whether a row of ``fields`` (its whitespace-separated columns) starts a document
    (``-DOCSTART-``), and the doc_id it gives. Only ``-DOCSTART- DOC_ID`` gives one: CoNLL-2003's
    own line, ``-DOCSTART- -X- -X- O`` (``-DOCSTART- -X- -X- -X- O`` in its German data), is a
    token row of placeholders, as are CoNLL-2002's ``-DOCSTART- O`` and ``-DOCSTART- -DOCSTART-
    O`` (its Dutch data), and gives none.

    >>> document_start(["-DOCSTART-", "d1"]), document_start("-DOCSTART- -X- -X- O".split())
    ((True, 'd1'), (True, None))
    >>> document_start(["-DOCSTART-", "-X-"]), document_start(["Obama", "B-PER"])
    ((True, None), (False, None))
    """
    if not fields or fields[0] != "-DOCSTART-":
        return False, None
    return True, fields[1] if len(fields) == 2 and fields[1] not in _PLACEHOLDERS else None


_PLACEHOLDERS = ("-X-", "O")
_TAG = re.compile(r"^(?:O|[BIESLU]-\S+|[A-Za-z][\w:.]*)$")  # a bare label (PER: no scheme prefix) too
_PREFIXED = re.compile(r"[BIESLU]-.")
_READ = {"L-": "E-", "U-": "S-"}  # BILOU's prefixes as the IOBES ones the chunk rules know

EMPTY_MARKS = ("_", "-")
"""Marks of an empty field (``_`` in CoNLL-U and CoNLL-X columns): no entity, read as ``O`` in a
gold and in predictions alike, so a file scored against itself is perfect."""


def read_tag(tag: str) -> str:
    """A gold tag as read: ``O`` for an empty-field mark, the tag itself when it is one, ``""``
    when it is none (NG201).

    >>> read_tag("B-PER"), read_tag("_"), read_tag("GPE"), read_tag("1")
    ('B-PER', 'O', 'GPE', '')
    """
    if tag in EMPTY_MARKS:
        return "O"
    return tag if _TAG.match(tag) else ""


def _chunk_tag(tag: str) -> str:
    """A gold tag as the chunk rules read it: a bare label as an inside tag, BILOU's prefixes
    as IOBES's."""
    tag = unbare(tag)
    return _READ.get(tag[:2], tag[:2]) + tag[2:]


def unbare(tag: str) -> str:
    """A bare label (``GPE``: no scheme prefix) as the inside tag of its type, so that a run of
    one label is one chunk (IO tagging, read as IOB1); other tags unchanged.

    >>> unbare("GPE"), unbare("S-GPE"), unbare("O")
    ('I-GPE', 'S-GPE', 'O')
    """
    return tag if tag == "O" or _PREFIXED.match(tag) else f"I-{tag}"


def file_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` without their line ends, as a file is read line by line (split at
    ``\\n`` alone): split a block of about a megabyte at a time, where iterating over
    ``io.StringIO(text)`` first copies the whole text at four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _BLOCK)
        end = len(text) if end < 0 else end + 1
        lines = text[start:end].split("\n")
        if not lines[-1]:
            lines.pop()  # the end of the block's last line
        yield from lines
        start = end


_BLOCK = 1 << 20


@collector.paused()
def load_gold_conll(path: str | Path) -> Corpus:
    """The corpus of a CoNLL gold file; a malformed row is a coded error naming its line.

    The file is read once, row by row, into each document's token and tag columns (one string
    object per distinct tag); the chunks of all the documents are read in one pass."""
    path = Path(path)
    file = str(path)
    text, problems = read_text(path)
    if text is None:
        raise NewsgoldError(problems)
    documents: list[_Columns] = []
    current: _Columns | None = None
    known: dict[str, str] = {}  # each tag seen, as read (read_tag)
    errors = []
    for number, line in enumerate(file_lines(text), 1):
        cols = line.split()
        if not cols:
            if current is not None:
                current.end_sentence()
            continue
        if cols[0] == "-DOCSTART-":
            doc_id = document_start(cols)[1] or f"doc-{len(documents) + 1}"
            if not DOC_ID.match(doc_id):
                errors.append(
                    incident("NG201", file, line=number, message=f"doc_id {doc_id!r} does not match {DOC_ID.pattern}")
                )
            if current is not None:
                current.close()
            current = _Columns(doc_id, number)
            documents.append(current)
            continue
        if current is None:  # tokens before any -DOCSTART-: one document
            current = _Columns("doc-1", number)
            documents.append(current)
        tag = known.get(cols[-1])
        if tag is None:
            tag = known[cols[-1]] = read_tag(cols[-1])
        if len(cols) < 2 or not tag:
            errors.append(
                incident(
                    "NG201",
                    file,
                    line=number,
                    message=f"row {line.strip()!r} has no tag in its last column",
                    hint="one token a row, its tag (O, B-PER, I-PER, S-PER, PER, ...) in the last column",
                )
            )
            continue
        current.tokens.append(cols[0])
        current.tags.append(tag)
        if len(errors) >= 20:
            break
    if current is not None:
        current.close()
    del text
    seen: dict[str, int] = {}
    for d in documents:
        if d.doc_id in seen:
            errors.append(
                incident("NG505", file, line=d.line, message=f"{d.doc_id!r} already began on line {seen[d.doc_id]}")
            )
        seen.setdefault(d.doc_id, d.line)
    if not errors and not documents:
        errors.append(
            incident(
                "NG601", file, message="the gold file has no tokens", hint="one token a row, its tag in the last column"
            )
        )
    if errors:
        raise NewsgoldError(errors)
    tables = _entities(documents, {tag: _chunk_tag(tag) for tag in known.values()})
    pairs = sorted(map(_document, documents, tables), key=lambda p: p[0].doc_id)
    return Corpus(tuple(pairs), *inventories(pairs), {})


class _Columns:
    """One document of the file as read: its tokens and tags, and where each sentence ends;
    once closed, its text, and the tokens' lengths in place of the tokens."""

    __slots__ = ("doc_id", "line", "tokens", "tags", "ends", "text", "lengths")

    def __init__(self, doc_id: str, line: int):
        self.doc_id, self.line = doc_id, line
        self.tokens: list[str] = []
        self.tags: list[str] = []
        self.ends: list[int] = []  # the number of tokens before each sentence's end
        self.text = ""
        self.lengths = array("q")

    def end_sentence(self) -> None:
        if len(self.tokens) > (self.ends[-1] if self.ends else 0):
            self.ends.append(len(self.tokens))

    def close(self) -> None:
        """The text of the tokens read: joined by single spaces, sentences by newlines."""
        self.end_sentence()
        self.text = "\n".join(" ".join(self.tokens[a:b]) for a, b in self.bounds())
        self.lengths = array("q", map(len, self.tokens))
        self.tokens = []

    def bounds(self) -> Iterator[tuple[int, int]]:
        """Each sentence's first token and the token after its last."""
        return zip([0, *self.ends], self.ends)


def _entities(documents: list[_Columns], chunk_tags: Mapping[str, str]) -> list[SpanTable]:
    """Each document's entities: the chunks of all the file's sentences read in one pass, an
    ``O`` after each sentence (as seqeval joins sentences), each tag read as ``chunk_tags`` says."""
    flat: list[str] = []
    firsts: list[int] = []  # where each document begins in ``flat``
    for d in documents:
        firsts.append(len(flat))
        for a, b in d.bounds():
            flat += map(chunk_tags.__getitem__, d.tags[a:b])
            flat.append("O")
    found: list[tuple[list[int], list[int], list[str]]] = [([], [], []) for _ in documents]
    k = 0
    for label, first, last in get_entities([flat]):  # in file order; one sentence, so not scanned for others
        while k + 1 < len(firsts) and firsts[k + 1] <= first:
            k += 1
        found[k][0].append(first - firsts[k])
        found[k][1].append(last - firsts[k])
        found[k][2].append(label)
    tables = []
    for d, (firsts_d, lasts_d, types) in zip(documents, found):
        starts: list[int] = []
        ends: list[int] = []
        if types:
            # In ``flat``, each sentence is followed by its O; in the text, each token by one
            # space or newline: token j starts after the lengths of the tokens before it, plus j.
            lengths = [0, *accumulate(d.lengths)]
            flat_ends = [end + k for k, end in enumerate(d.ends)]
            for first, last in zip(firsts_d, lasts_d):
                before = bisect_right(flat_ends, first)  # sentences before the chunk's
                first, last = first - before, last - before
                starts.append(lengths[first] + first)
                ends.append(lengths[last + 1] + last)
        tables.append(SpanTable(starts, ends, types, "T", "NAM"))
    return tables


def _document(d: _Columns, entities: SpanTable) -> tuple[Document, Gold]:
    text = d.text
    spans: list[Span] = []
    offset = 0
    for length in map(len, text.split("\n")) if text else ():  # one line of text a sentence
        spans.append(Span(offset, offset + length))
        offset += length + 1
    doc = Document(
        d.doc_id,
        text,
        tuple(spans),
        (("all", Span(0, len(text))),) if text else (),
        {"doc_id": d.doc_id, "tokenization": "whitespace", "tags": tuple(tuple(d.tags[a:b]) for a, b in d.bounds())},
    )
    return doc, Gold(d.doc_id, VERSION, text, entities, NO_MENTIONS, NO_EVENTS, NO_ARGUMENTS)
