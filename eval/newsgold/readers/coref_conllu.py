"""CorefUD CoNLL-U: coreference in the ``Entity=`` attribute of the MISC column (udapi writes it).

::

    # newdoc id = efe-2010-02-18-us-cuba-migration-talks
    # global.Entity = eid-etype-head-other
    1	Washington	_	_	_	_	0	_	_	Entity=(e1--1)|SpaceAfter=No
    16	one	_	_	_	_	0	_	_	Entity=(e11--8(e5--1)
    23	America	_	_	_	_	0	_	_	Entity=e6)e11)

A document begins at ``# newdoc id = NAME``. Words are the lines whose ID is a whole number,
counted over the document (a multiword token's range line and empty nodes, which have no
words in the text, are left out). ``Entity=`` is read left to right: ``(eid`` (its other
fields after ``-``) opens a mention of entity ``eid``, ``(eid...)`` is a one-word mention,
``eid)`` closes the entity's latest opening. A mention's head is the word its third field
counts to (``global.Entity = eid-etype-head-other``, 1 the mention's first word; the first
word when not given, as udapi reads it). The words (FORM) are found in the document text,
as CoNLL-2012 words are; against a CoNLL-2012 key they stay word spans.

Errors (NG650, naming the line): an ``Entity=`` value that is none of these, a closing without
its opening, a mention left open at the document's end, a head that is not a number of a
word of its mention, a discontinuous mention (``e5[1/2]``:
its parts have no one span), words before any ``# newdoc id``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..gold.errors import Incident
from ..gold.model import Document
from .coref import CorefDoc, CorefReader, LineErrors, Span, from_words, numbered_lines

_PART = re.compile(r"\(([^()\-\[\]|=]+)(\[[^\]]*\])?((?:-[^()]*)?)(\)?)|([^()\-\[\]|=]+)(\[[^\]]*\])?\)")
_NEWDOC = re.compile(r"#\s*newdoc(?:\s+id\s*=\s*(.*?))?\s*$")
FORM, MISC = 1, 9


class _Doc:
    def __init__(self, name: str, line: int):
        self.name, self.line = name, line
        self.words: list[str] = []
        self.entities: dict[str, list[Span]] = {}
        self.heads: dict[Span, Span] = {}
        self.open: dict[str, list[tuple[int, int, int]]] = {}  # entity -> (word, line, head) of its openings

    def add(self, eid: str, span: Span, head: int, opened: int) -> str | None:
        if not 1 <= head <= span[1] - span[0]:
            return (
                f"head {head} of entity {eid}'s mention (opened on line {opened}) is not one of its "
                f"{span[1] - span[0]} words"
            )
        self.entities[eid].append(span)
        self.heads.setdefault(span, (span[0] + head - 1, span[0] + head))
        return None


def _mark(doc: _Doc, value: str, word: int, line: int) -> str | None:
    """Read one word's ``Entity=`` value; what is wrong with it, if anything."""
    at = 0
    for m in _PART.finditer(value):
        if m.start() != at:
            break
        at = m.end()
        eid, part, fields, closed, closing, closing_part = m.groups()
        if part or closing_part:
            return f"discontinuous mention {m.group(0)!r}: its parts have no one span"
        if eid is not None:
            given = fields.split("-")[2:3]  # after the empty field before the first -, the etype
            if given and given[0] and not given[0].isdigit():
                return f"head {given[0]!r} of entity {eid} is not a number (eid-etype-head-other)"
            head = int(given[0]) if given and given[0] else 1
            doc.entities.setdefault(eid, [])
            if closed:
                problem = doc.add(eid, (word, word + 1), head, line)
                if problem:
                    return problem
            else:
                doc.open.setdefault(eid, []).append((word, line, head))
            continue
        pending = doc.open.get(closing)
        if not pending:
            return f"entity {closing} ends here but no mention of it is open"
        start, opened, head = pending.pop()
        if not pending:
            del doc.open[closing]
        problem = doc.add(closing, (start, word + 1), head, opened)
        if problem:
            return problem
    if at != len(value):
        return f"Entity={value!r} is not (eid..., (eid...) and eid) brackets"
    return None


def read_conllu(path: Path) -> list[_Doc]:
    error = LineErrors(path)
    docs: list[_Doc] = []
    doc: _Doc | None = None

    def close(d: _Doc) -> None:
        for eid, opened in d.open.items():
            for _, at, _ in opened:
                error(at, f"the mention of entity {eid} that begins here is not closed by the document's end")
        docs.append(d)

    for number, raw in numbered_lines(path):
        line = raw.rstrip("\r\n")
        if line.startswith("#"):
            newdoc = _NEWDOC.match(line)
            if newdoc:
                if doc is not None:
                    close(doc)
                doc = _Doc(newdoc.group(1) or "", number)
                if not doc.name:
                    error(number, "# newdoc without an id: name the document (# newdoc id = NAME)")
            continue
        if not line.strip():
            continue
        columns = line.split("\t")
        if not columns[0].isdigit():  # a multiword token's range, or an empty node
            continue
        if doc is None:
            error(number, "a word before any # newdoc id = NAME line")
            doc = _Doc("", number)
        if len(columns) != 10:
            error(number, f"a CoNLL-U word line has 10 tab-separated columns, this one {len(columns)}")
            continue
        word = len(doc.words)
        doc.words.append(columns[FORM])
        for item in columns[MISC].split("|"):
            if item.startswith("Entity="):
                problem = _mark(doc, item[len("Entity=") :], word, number)
                if problem:
                    error(number, problem)
    if doc is not None:
        close(doc)
    error.raise_any(docs, "no # newdoc id = NAME and no words in the file")
    return docs


def read(path: Path, documents: Mapping[str, Document] | None) -> tuple[list[CorefDoc], list[Incident]]:
    docs = read_conllu(path)
    return from_words(path, [(d.name, d.line, d.words, d.entities.values(), d.heads) for d in docs], documents), []


def _looks_corefud(start: str) -> bool:
    lines = start.splitlines()[:200]
    return any(_NEWDOC.match(x) for x in lines if x.startswith("#")) and any(
        "Entity=" in x and x.count("\t") == 9 for x in lines
    )


READER = CorefReader(
    name="corefud",
    summary="CorefUD CoNLL-U: the Entity= MISC attribute's (eid, eid), (eid) brackets, one document a # newdoc id",
    read=read,
    sniff=_looks_corefud,
)
