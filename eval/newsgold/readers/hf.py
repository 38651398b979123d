"""Hugging Face token-classification pipeline output as predicted entities.

The pipeline answers in one of two shapes, and both are read here:

* per sub-word piece (``aggregation_strategy="none"``): ``{"entity": "B-PER", "score",
  "index", "word", "start", "end"}``, pieces labelled ``O`` already left out;
* grouped (any other strategy): ``{"entity_group": "PER", "score", "word", "start", "end"}``.

Offsets are code point offsets into the string the pipeline was given; ``offset`` says where
that string starts in the document (a sentence run on its own). ``word`` is never trusted for
the text: WordPiece lower-cases and marks pieces with ``##``, so the text is the document's
slice.

How pieces become spans (the policy, stated once). A *word* is a run of letters and digits,
as BERT-style pre-tokenizers cut text; spans are built word by word, so none ends inside one
(the pipeline's own ``first`` strategy decides the same way):

1. A piece that continues a word (marked ``##``, or starting right after a letter or digit)
   takes the label of the word's first piece, whatever its own: it extends that piece's span,
   or is dropped when that piece was outside every span.
2. A span ending inside a word is extended to the word's end: the pipeline left out the
   word's other pieces because they were labelled ``O``.
3. Otherwise the label's prefix decides (``_SCHEME``): ``B-``, ``S-``, ``U-`` start a span;
   ``I-``, ``E-``, ``L-`` and a bare label continue the span before them when it has the same
   type and nothing but whitespace lies between (else they start one, as conlleval reads a
   stray ``I-``); ``E-``, ``L-``, ``S-``, ``U-`` close it. Text between two pieces means a
   piece was left out as ``O``: ``B-PER O I-PER`` reaches us as two pieces that must not join.
4. The score of a merged span is the mean of its pieces' scores, as the pipeline's own
   grouping does; whitespace at a span's edges is trimmed, since gold spans never hold it.

Grouped items are taken as they are: the pipeline already decided their extent.

Malformed output raises ``ValueError`` naming the item, so a caller reading a file can say
which line was wrong.

>>> from newsgold.gold.model import Document
>>> from newsgold.gold.spans import Span
>>> text = "Craig Kelly met Bisa Williams"
>>> doc = Document("d", text, (Span(0, len(text)),), (), {})
>>> pieces = [
...     {"entity": "B-PER", "score": 0.9, "index": 1, "word": "craig", "start": 0, "end": 5},
...     {"entity": "I-PER", "score": 0.7, "index": 2, "word": "kelly", "start": 6, "end": 11},
...     {"entity": "B-PER", "score": 0.8, "index": 4, "word": "bis", "start": 16, "end": 19},
...     {"entity": "I-LOC", "score": 0.6, "index": 5, "word": "##a", "start": 19, "end": 20},
... ]
>>> [(e.text, e.type, round(e.score, 2)) for e in entities_from_hf(doc, pieces)]
[('Craig Kelly', 'PER', 0.8), ('Bisa', 'PER', 0.7)]
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..gold.model import Document
from ..tables.rules import BadRecord
from .jsonl import first_entity, jsonl_reader
from .records import PredEntity

# prefix: (continues an adjacent span of its type, closes the span after itself)
_SCHEME: dict[str, tuple[bool, bool]] = {
    "B": (False, False),
    "I": (True, False),
    "E": (True, True),
    "L": (True, True),
    "S": (False, True),
    "U": (False, True),
}
_BARE = (True, False)  # IO tagging: a bare label continues, as the pipeline itself reads it
_OUTSIDE = "O"
_CONTINUATION = "##"


def split_label(label: str) -> tuple[str | None, str]:
    """``"B-PER"`` -> ``("B", "PER")``; a bare label has no prefix.

    >>> split_label("I-WORK_OF_ART"), split_label("GPE"), split_label("O")
    (('I', 'WORK_OF_ART'), (None, 'GPE'), (None, 'O'))
    """
    head, sep, tail = label.partition("-")
    if sep and head in _SCHEME and tail:
        return head, tail
    return None, label


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    type: str
    scores: list[float | None] = field(default_factory=list)
    open: bool = True


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    label: str
    score: float | None
    word: str


def _offset(item: Mapping[str, Any], key: str, n: int) -> int:
    value = item.get(key)
    if value is None:
        raise ValueError(f"item {n} has no {key!r} offset; the pipeline gives offsets only with a fast tokenizer")
    if isinstance(value, bool):
        raise ValueError(f"item {n}: {key!r} must be an integer, got {value!r}")
    try:
        return operator.index(value)  # numpy integers pass, floats do not
    except TypeError:
        raise ValueError(f"item {n}: {key!r} must be an integer, got {value!r}") from None


def _score(item: Mapping[str, Any], n: int) -> float | None:
    value = item.get("score")
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"item {n}: 'score' must be a number, got {value!r}")
    try:
        return float(value)  # the pipeline's scores are numpy float32
    except (TypeError, ValueError):
        raise ValueError(f"item {n}: 'score' must be a number, got {value!r}") from None


def _piece(doc: Document, item: Any, n: int, key: str, offset: int) -> _Piece:
    if not isinstance(item, Mapping):
        raise ValueError(f"item {n} must be an object, got {item!r}")
    label = item.get(key)
    if not isinstance(label, str) or not label:
        raise ValueError(f"item {n} has no {key!r} label (both shapes need one: 'entity' or 'entity_group')")
    start = offset + _offset(item, "start", n)
    end = offset + _offset(item, "end", n)
    if not 0 <= start < end <= len(doc.text):
        raise ValueError(
            f"item {n}: [{start}, {end}) is not a non-empty span inside [0, {len(doc.text)}) of {doc.doc_id}"
        )
    word = item.get("word")
    return _Piece(
        start=start,
        end=end,
        label=label,
        score=_score(item, n),
        word=word if isinstance(word, str) else "",
    )


def _in_word(text: str, offset: int) -> bool:
    """Whether ``offset`` falls between two characters of one word."""
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def _word_end(text: str, offset: int) -> int:
    """``offset`` moved to the end of the word it falls inside (unchanged between words)."""
    if not _in_word(text, offset):
        return offset
    while offset < len(text) and text[offset].isalnum():
        offset += 1
    return offset


def _same_word(text: str, end: int, start: int) -> bool:
    """Whether a piece starting at ``start`` continues the word of one ending at ``end``.

    Pieces left out between them (labelled ``O``) leave only letters and digits in between.
    """
    gap = text[end:start]
    return end <= start and (gap == "" or gap.isalnum())


def _runs_from_pieces(doc: Document, pieces: Sequence[_Piece]) -> list[_Run]:
    text = doc.text
    runs: list[_Run] = []
    current: _Run | None = None  # the span the previous piece's word belongs to
    for piece in pieces:
        if piece.word.startswith(_CONTINUATION) or _in_word(text, piece.start):
            if current is not None and _same_word(text, current.end, piece.start):
                current.end = piece.end
                current.scores.append(piece.score)
            else:
                current = None  # its word began outside every span
            continue
        if piece.label == _OUTSIDE:
            current = None
            continue
        prefix, label = split_label(piece.label)
        continues, closes = _SCHEME[prefix] if prefix else _BARE
        end = _word_end(text, current.end) if current is not None else 0
        if (
            continues
            and current is not None
            and current.open
            and current.type == label
            and end <= piece.start
            and text[end : piece.start].strip() == ""
        ):
            current.end = piece.end
            current.scores.append(piece.score)
        else:
            current = _Run(piece.start, piece.end, label, [piece.score])
            runs.append(current)
        current.open = not closes
    for run in runs:
        run.end = _word_end(text, run.end)
    return runs


def _trimmed(doc: Document, run: _Run) -> PredEntity | None:
    start, end = run.start, run.end
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    known = [s for s in run.scores if s is not None]
    score = sum(known) / len(known) if known and len(known) == len(run.scores) else None
    return PredEntity(start, end, run.type, doc.text[start:end], score)


def entities_from_hf(doc: Document, output: list[dict[str, Any]], *, offset: int = 0) -> list[PredEntity]:
    """Predicted entities of ``doc`` from one pipeline call's output (either shape).

    ``offset`` is where the text given to the pipeline starts in ``doc.text``. The result is
    sorted by position; malformed items raise ``ValueError``.
    """
    if not isinstance(output, list):
        raise ValueError(f"the pipeline output is a list of objects, got {type(output).__name__}")
    if not output:
        return []
    grouped = [isinstance(item, Mapping) and "entity_group" in item for item in output]
    if any(grouped) and not all(grouped):
        raise ValueError("the output mixes grouped items ('entity_group') with per-piece items ('entity')")
    key = "entity_group" if grouped[0] else "entity"
    # The pipeline sorts by position already; sorting again keeps hand-made lists order-free.
    pieces = sorted(
        (_piece(doc, item, n, key, offset) for n, item in enumerate(output)),
        key=lambda p: (p.start, p.end, p.label),
    )
    if grouped[0]:
        runs = [_Run(p.start, p.end, split_label(p.label)[1], [p.score]) for p in pieces if p.label != _OUTSIDE]
    else:
        runs = _runs_from_pieces(doc, pieces)
    entities = (_trimmed(doc, run) for run in runs)
    return sorted((e for e in entities if e is not None), key=lambda e: (e.start, e.end, e.type))


def hf_entities(items: list[Any], doc: Document) -> tuple[list[PredEntity], list[str]]:
    """A JSON Lines record's ``entities`` as a token-classification pipeline gave them."""
    try:
        return list(entities_from_hf(doc, items)), []
    except (KeyError, TypeError, ValueError) as e:
        raise BadRecord("/entities", f"not a token-classification pipeline output: {e}") from None


def _looks_hf(path: Path) -> bool:
    e = first_entity(path)
    return e is not None and ("entity" in e or "entity_group" in e)


READER = jsonl_reader(
    "hf",
    "JSON Lines whose entities are a transformers token-classification pipeline's output (entity or entity_group)",
    hf_entities,
    _looks_hf,
)
