"""Gold for your own corpus as a CoNLL file: tokens and gold tags in columns.

One token a row, its tag in the last column (``B-PER``, IOB1, IOB2, BIOES; read by
conlleval's rules, as seqeval's default mode reads them), a blank line between sentences,
and ``-DOCSTART-`` (optionally followed by a doc_id, else ``doc-1``, ``doc-2``, ...) between
documents. A document's text is its tokens joined by single spaces, sentences by newlines;
its tokens are the file's tokens (whitespace-separated), so the token modes score on them.

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
from operator import itemgetter
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


def document_start(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` starts a document (``-DOCSTART-``), and the doc_id it gives. Only
    ``-DOCSTART- DOC_ID`` gives one: CoNLL-2003's own line, ``-DOCSTART- -X- -X- O``, is a token
    row of placeholders (as is ``-DOCSTART- O``), and gives none.

    >>> document_start("-DOCSTART- d1"), document_start("-DOCSTART- -X- -X- O"), document_start("Obama B-PER")
    ((True, 'd1'), (True, None), (False, None))
    """
    fields = line.split()
    if not fields or fields[0] != "-DOCSTART-":
        return False, None
    given = fields[1:]
    return True, given[0] if len(given) == 1 and given[0] not in ("-X-", "O") else None


_TAG = re.compile(r"^(?:O|[BIESLU]-\S+|[A-Za-z][\w:.]*)$")  # a bare label (PER: no scheme prefix) too
_PREFIXED = re.compile(r"[BIESLU]-.")
_tag = itemgetter(1)
_READ = {"L-": "E-", "U-": "S-"}  # BILOU's prefixes as the IOBES ones the chunk rules know


def unbare(tag: str) -> str:
    """A bare label (``GPE``: no scheme prefix) as the inside tag of its type, so that a run of
    one label is one chunk (IO tagging, read as IOB1); other tags unchanged.

    >>> unbare("GPE"), unbare("S-GPE"), unbare("O")
    ('I-GPE', 'S-GPE', 'O')
    """
    return tag if tag == "O" or _PREFIXED.match(tag) else f"I-{tag}"


@collector.paused()
def load_gold_conll(path: str | Path) -> Corpus:
    """The corpus of a CoNLL gold file; a malformed row is a coded error naming its line."""
    path = Path(path)
    file = str(path)
    text, problems = read_text(path)
    if text is None:
        raise NewsgoldError(problems)
    documents: list[tuple[str, int, list[list[tuple[str, str]]]]] = []
    sentences: list[list[tuple[str, str]]] = []
    errors = []
    for number, line in enumerate(text.split("\n"), 1):
        starts, given = document_start(line)
        if starts:
            sentences = [[]]
            doc_id = given or f"doc-{len(documents) + 1}"
            if not DOC_ID.match(doc_id):
                errors.append(
                    incident("NG201", file, line=number, message=f"doc_id {doc_id!r} does not match {DOC_ID.pattern}")
                )
            documents.append((doc_id, number, sentences))
            continue
        cols = line.split()
        if not cols:
            if sentences and sentences[-1]:
                sentences.append([])
            continue
        if not documents:  # tokens before any -DOCSTART-: one document
            sentences = [[]]
            documents.append(("doc-1", number, sentences))
        if len(cols) < 2 or not _TAG.match(cols[-1]):
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
        sentences[-1].append((cols[0], cols[-1]))
        if len(errors) >= 20:
            break
    seen: dict[str, int] = {}
    for doc_id, number, _ in documents:
        if doc_id in seen:
            errors.append(
                incident("NG505", file, line=number, message=f"{doc_id!r} already began on line {seen[doc_id]}")
            )
        seen.setdefault(doc_id, number)
    if not errors and not documents:
        errors.append(
            incident(
                "NG601", file, message="the gold file has no tokens", hint="one token a row, its tag in the last column"
            )
        )
    if errors:
        raise NewsgoldError(errors)
    pairs = sorted(
        (_document(doc_id, [s for s in sents if s]) for doc_id, _, sents in documents), key=lambda p: p[0].doc_id
    )
    return Corpus(tuple(pairs), *inventories(pairs), {})


def _document(doc_id: str, sentences: list[list[tuple[str, str]]]) -> tuple[Document, Gold]:
    parts: list[str] = []
    spans: list[Span] = []
    found: tuple[list[int], list[int], list[str]] = ([], [], [])  # the entities' starts, ends and types
    offset = 0
    for sentence in sentences:
        starts, position = [], offset
        for token, _ in sentence:
            starts.append(position)
            position += len(token) + 1
        line = " ".join(t for t, _ in sentence)
        spans.append(Span(offset, offset + len(line)))
        tags = [unbare(tag) for _, tag in sentence]
        for label, first, last in get_entities([_READ.get(t[:2], t[:2]) + t[2:] for t in tags]):
            start, end = starts[first], starts[last] + len(sentence[last][0])
            found[0].append(start)
            found[1].append(end)
            found[2].append(label)
        parts.append(line)
        offset += len(line) + 1
    text = "\n".join(parts)
    doc = Document(
        doc_id,
        text,
        tuple(spans),
        (("all", Span(0, len(text))),) if text else (),
        {"doc_id": doc_id, "tokenization": "whitespace", "tags": tuple(tuple(map(_tag, s)) for s in sentences)},
    )
    return doc, Gold(doc_id, VERSION, text, SpanTable(*found, "T", "NAM"), NO_MENTIONS, NO_EVENTS, NO_ARGUMENTS)
