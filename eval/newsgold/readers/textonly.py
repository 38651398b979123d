"""Aligning entities given as text only (what LLM extractors return) to the document.

The policy, in order:

1. Each distinct (text, type) pair is looked up in the document at canonical token
   boundaries: first exactly; if absent, ignoring case; if still absent, with straight and
   curly quotes and apostrophes treated as equal and runs of whitespace as one space.
2. A pair labels **every** occurrence it finds: an extractor that names "Cuba" once means
   each mention of Cuba. Listing the same pair twice changes nothing.
3. Longer texts claim their occurrences first; an occurrence inside or across one already
   claimed is skipped, so the result is flat (``Cuban`` inside ``Cuban Interests Section``
   is not labelled again).
4. The same text listed with two types is ambiguous: the first type listed wins, and the
   conflict is reported.

Texts found nowhere, and ambiguous texts, are reported as warnings (NG608); nothing is
guessed beyond these rules.

>>> from newsgold.gold.model import Document
>>> from newsgold.gold.spans import Span
>>> doc = Document("d", "Cuba and the Cuban Interests Section in Cuba.", (Span(0, 45),), (), {})
>>> ents, notes = align_text_entities([{"text": "Cuba", "type": "GPE"}, {"text": "Cuban Interests Section", "type": "ORG"},
...                                    {"text": "Havana", "type": "GPE"}], doc)
>>> [(e.start, e.end, e.type) for e in ents]
[(0, 4, 'GPE'), (13, 36, 'ORG'), (40, 44, 'GPE')]
>>> notes
["'Havana' (GPE) occurs nowhere in the document"]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..gold.errors import pointer
from ..gold.model import Document
from .jsonl import BadRecord, field_of, first_entity, jsonl_reader
from .records import PredEntity

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES))


def _occurrences(doc: Document, needle: str) -> list[tuple[int, int]]:
    """Occurrences of ``needle`` on token boundaries, by the policy's three tries."""
    index = doc.token_index
    for haystack, probe, flags in (
        (doc.text, needle, 0),
        (doc.text, needle, re.IGNORECASE),
        (doc.text.translate(_QUOTES), _normal(needle), re.IGNORECASE),
    ):
        pattern = re.escape(probe).replace(r"\ ", r"\s+")
        found = [
            (m.start(), m.end())
            for m in re.finditer(pattern, haystack, flags)
            if index.is_boundary(m.start()) and index.is_boundary(m.end())
        ]
        if found:
            return found
    return []


def align_text_entities(items: list[Any], doc: Document) -> tuple[list[PredEntity], list[str]]:
    pairs: dict[str, str] = {}
    notes: list[str] = []
    for i, e in enumerate(items):
        ptr = pointer("entities", i)
        if not isinstance(e, dict):
            raise BadRecord(ptr, f"an entity must be an object, got {e!r}")
        text = field_of(e, "text", str, ptr)
        label = field_of(e, "type", str, ptr)
        if not text.strip():
            raise BadRecord(ptr + "/text", "empty entity text")
        if text in pairs and pairs[text] != label:
            notes.append(f"{text!r} is listed as {pairs[text]} and as {label}: kept {pairs[text]} (listed first)")
            continue
        pairs.setdefault(text, label)
    claimed: list[tuple[int, int]] = []
    out: list[PredEntity] = []
    for text, label in sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        spans = _occurrences(doc, text)
        if not spans:
            notes.append(f"{text!r} ({label}) occurs nowhere in the document")
            continue
        for s, e in spans:
            if any(a < e and s < b for a, b in claimed):
                continue
            claimed.append((s, e))
            out.append(PredEntity(s, e, label, doc.text[s:e]))
    out.sort(key=lambda p: (p.start, p.end))
    return out, notes


def _looks_text_only(path: Path) -> bool:
    e = first_entity(path)
    return e is not None and "start" not in e and "end" not in e and "text" in e


READER = jsonl_reader(
    "text-only", "JSON Lines whose entities have text and type but no offsets (LLM output): each text labels every "
    "occurrence at token edges (exact, then ignoring case and quote style; longer texts first), with a warning for "
    "each text not found or given two types",
    align_text_entities, _looks_text_only,
)
