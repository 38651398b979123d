"""CoNLL-2012 coreference columns (``*_conll`` files, the reference scorer's key and response).

::

    #begin document (nw/wsj/00/wsj_0001); part 000
    wsj_0001   0   0   Pierre   NNP   (TOP(S(NP*   -   -   -   -   (PERSON*   (0
    wsj_0001   0   1   Vinken   NNP   *)           -   -   -   -   *)         0)
    ...
    #end document

Columns are separated by tabs (or, in a file without tabs, by runs of spaces); the word is
the fourth column and the coreference cell the last: ``-`` (or ``_``) for none, else parts
``(n)`` (a one-token mention of entity n), ``(n`` (one begins) and ``n)`` (one ends), joined
by ``|``. Tokens are counted over the document (blank lines between sentences do not count).
A cell is read as the reference scorer (v8.01) reads it: its ``(n)`` parts, then its
openings, then its endings, an ending closing its entity's latest opening; entities are
listed in the order their numbers first appear and mentions in the order they end, so a
response that gives a key mention twice keeps the one the reference keeps.

A document is named by its ``#begin document`` line: ``(name); part 000`` is ``name``, any
other part ``name; part 003``. Scored against a corpus with text, its words are found in the
document of that name (``readers.align``) and the mentions become code point spans;
against a CoNLL-2012 key they stay token spans.

Errors (NG650, naming the line): a cell that is none of these, an ending without its
opening, a mention left open at ``#end document``, a document without ``#end document``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..gold.errors import Incident
from ..gold.model import Document
from .coref import CorefDoc, CorefReader, LineErrors, Span, from_words, numbered_lines

_BEGIN = re.compile(r"#\s*begin document (.*?)\r?$")
_END = re.compile(r"#\s*end document")
_CELL = re.compile(r"(?:\(\d+\)|\(\d+|\d+\))(?:\|?(?:\(\d+\)|\(\d+|\d+\)))*")
_SINGLE = re.compile(r"\((\d+)\)")
_OPEN = re.compile(r"\((\d+)")
_CLOSE = re.compile(r"(\d+)\)")
_NAME = re.compile(r"\((.*)\);?\s*(?:part\s+(\d+))?")
WORD = 3  # the fourth column
_NONE = ("\t-", " -", "\t_", " _")  # a line whose coreference cell is empty


def doc_name(begin: str) -> str:
    """The document a ``#begin document`` line names.

    >>> doc_name("(nw/wsj/00/wsj_0001); part 000"), doc_name("(a); part 002"), doc_name("d7")
    ('nw/wsj/00/wsj_0001', 'a; part 002', 'd7')
    """
    name = begin.strip()
    m = _NAME.fullmatch(name)
    if m is None:
        return name
    inner, part = m.groups()
    return inner if part is None or int(part) == 0 else f"{inner}; part {part}"


class _Doc:
    """One document as it is read: its clusters of token spans and, when kept, its words."""

    def __init__(self, name: str, line: int):
        self.name, self.line = name, line
        self.tokens = 0
        self.words: list[str] = []
        self.entities: dict[str, list[Span]] = {}
        self.open: dict[str, list[tuple[int, int]]] = {}  # entity -> (token, line) of its openings

    def mark(self, cell: str, token: int, line: int) -> str | None:
        """Read one token's coreference cell as the reference does; what is wrong with it, if anything."""
        if "|" not in cell:  # one part, the usual cell: read without a regular expression
            if cell[0] == "(":
                n = cell[1:-1] if cell[-1] == ")" else cell[1:]
                if n.isdigit() and cell[-1] == ")":
                    self.entities.setdefault(n, []).append((token, token + 1))
                    return None
                if n.isdigit():
                    self.entities.setdefault(n, [])
                    self.open.setdefault(n, []).append((token, line))
                    return None
            elif cell[-1] == ")" and cell[:-1].isdigit():
                return self._close(cell[:-1], token)
        if "(" not in cell and ")" not in cell:
            if cell not in ("-", "_") and any(c.isdigit() for c in cell):
                return f"coreference cell {cell!r} has a number without a bracket"
            return None
        if not _CELL.fullmatch(cell):
            return f"coreference cell {cell!r} is not (n), (n or n) parts joined by |"
        entities = self.entities
        for n in _SINGLE.findall(cell):
            entities.setdefault(n, []).append((token, token + 1))
        rest = _SINGLE.sub("", cell)
        for n in _OPEN.findall(rest):
            entities.setdefault(n, [])
            self.open.setdefault(n, []).append((token, line))
        rest = _OPEN.sub("", rest)
        for n in _CLOSE.findall(rest):
            problem = self._close(n, token)
            if problem:
                return problem
        return None

    def _close(self, n: str, token: int) -> str | None:
        """A mention of entity ``n`` ends at ``token``: it closes the entity's latest opening."""
        pending = self.open.get(n)
        if not pending:
            return f"entity {n} ends here but no mention of it is open"
        start, _ = pending.pop()
        if not pending:
            del self.open[n]
        self.entities.setdefault(n, []).append((start, token + 1))
        return None


def read_conll2012(path: Path, keep_words: bool) -> list[_Doc]:
    """Every document of a CoNLL-2012 file, in file order; raises every error at once."""
    if not keep_words:
        docs = _read_quickly(path)
        if docs is not None:
            return docs
    return _read_lines(path, keep_words)


_DOC_LINE = re.compile(r"#\s*(begin|end) document(.*?)\r?$")


def _read_quickly(path: Path) -> list[_Doc] | None:
    """The documents of a well-formed, tab-separated file; None for anything else
    (``_read_lines`` then reads it, and names each problem's line).

    A speed step (issue 32's benchmark: reading is most of a large corpus's time): the file
    is cut into documents and lines by C string methods, a line whose last column is ``-``
    costs one comparison, and only the other cells reach Python code.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if "\t" not in text or "\r" in text:
        return None
    marks: list[
        tuple[str, str, int, int]
    ] = []  # (begin or end, the rest of the line, where the line starts, where it ends)
    at = 0 if text.startswith("#") else text.find("\n#") + 1  # 0: no more (or the first line)
    while at > 0 or (not marks and text.startswith("#")):
        stop = text.find("\n", at)
        stop = len(text) if stop < 0 else stop
        m = _DOC_LINE.match(text, at, stop)
        if m is None:
            return None  # another comment line: read line by line
        marks.append((m.group(1), m.group(2), at, stop))
        at = text.find("\n#", stop) + 1
    if not marks or len(marks) % 2 or any(k[0] != ("begin", "end")[i % 2] for i, k in enumerate(marks)):
        return None
    docs = []
    for (_, name, _, body_start), (_, _, body_end, _) in zip(marks[::2], marks[1::2]):
        doc = _Doc(doc_name(name[1:]), 0)
        body = text[body_start + 1 : body_end]
        if " \n" in body or "\t\n" in body:  # white space after the last column: read line by line
            return None
        rows = [line for line in body.split("\n") if line]
        doc.tokens = len(rows)
        mark = doc.mark
        for token, row in [(t, row) for t, row in enumerate(rows) if row[-1] != "-"]:
            cell = row.rpartition("\t")[2]
            if cell != "_" and mark(cell, token, 0):
                return None
        if doc.open:
            return None
        docs.append(doc)
    return docs


def _read_lines(path: Path, keep_words: bool) -> list[_Doc]:
    error = LineErrors(path)
    docs: list[_Doc] = []
    doc: _Doc | None = None
    for number, raw in numbered_lines(path, newline=""):
        line = raw.rstrip()
        if line.endswith(_NONE) and line[0] != "#" and not keep_words:  # most lines: no mention here
            if doc is not None:
                doc.tokens += 1
            continue
        if line.startswith("#"):
            begin = _BEGIN.match(line)
            if begin:
                if doc is not None:
                    error(number, f"document {doc.name!r} (line {doc.line}) has no #end document line")
                doc = _Doc(doc_name(begin.group(1)), number)
                continue
            if _END.match(line):
                if doc is None:
                    error(number, "#end document without a #begin document")
                    continue
                for n, opened in doc.open.items():
                    for _, at in opened:
                        error(at, f"the mention of entity {n} that begins here is not closed by #end document")
                docs.append(doc)
                doc = None
                continue
        if doc is None or not line:
            continue
        columns = line.split("\t") if "\t" in line else line.split()
        while columns and columns[-1] == "":
            columns.pop()
        cell = columns[-1].strip() if columns else "-"
        token = doc.tokens
        doc.tokens += 1
        if keep_words:
            doc.words.append(columns[WORD] if len(columns) > WORD + 1 else "")
        problem = doc.mark(cell, token, number)
        if problem:
            error(number, problem)
    if doc is not None:
        error(doc.line, f"document {doc.name!r} has no #end document line")
    error.raise_any(docs, "no #begin document ... #end document in the file")
    return docs


def read(path: Path, documents: Mapping[str, Document] | None) -> tuple[list[CorefDoc], list[Incident]]:
    docs = read_conll2012(path, keep_words=documents is not None)
    return from_words(path, [(d.name, d.line, d.words, d.entities.values(), None) for d in docs], documents), []


def _looks_conll2012(start: str) -> bool:
    return any(_BEGIN.match(line) for line in start.splitlines()[:50] if line.startswith("#"))


READER = CorefReader(
    name="conll2012",
    summary="CoNLL-2012 *_conll columns: the last column's (n, n), (n) coreference brackets "
    "(the reference scorer's key and response)",
    read=read,
    sniff=_looks_conll2012,
)
