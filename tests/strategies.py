"""Hypothesis strategies: small documents with gold and predicted spans."""

from __future__ import annotations

from hypothesis import strategies as st
from newsgold.scoring.match import Item

TYPES = ["PER", "ORG", "LOC"]


@st.composite
def spans(draw, doc_count: int = 2, max_len: int = 40, max_items: int = 12) -> list[Item]:
    items = []
    for _ in range(draw(st.integers(0, max_items))):
        doc = draw(st.integers(0, doc_count - 1))
        start = draw(st.integers(0, max_len - 1))
        end = draw(st.integers(start + 1, min(max_len, start + 8)))
        items.append((doc, start, end, draw(st.sampled_from(TYPES))))
    return items


@st.composite
def flat_spans(draw, doc_count: int = 2, max_len: int = 60, max_items: int = 10) -> list[Item]:
    """Non-overlapping spans within each document."""
    items = []
    for doc in range(doc_count):
        cuts = sorted(draw(st.sets(st.integers(0, max_len), max_size=2 * max_items)))
        for a, b in zip(cuts[::2], cuts[1::2]):
            if draw(st.booleans()):
                items.append((doc, a, b, draw(st.sampled_from(TYPES))))
    return items
