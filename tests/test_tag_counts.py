"""Both token modes on tags as submitted (``scoring.tokens.tag_counts``): the newsgold engine
counts what seqeval itself reads, in its default mode and in strict mode with the scheme the
tags show, on random B/I/O tags with ill-formed inside tags and types that begin or end with
a dash (where the two modes read different chunks), over several documents at once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.scoring.tokens import ill_formed, read_side, tag_counts
from newsgold.tags import IOB2

pytest.importorskip("seqeval")

TAGS = ["O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B--X", "I--X", "B-Y-", "I-Y-"]
sentences = st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=8), min_size=1, max_size=4)


@st.composite
def batches(draw):
    """Documents (by index) of gold and predicted sentences of equal lengths."""
    gold, pred = {}, {}
    for di in range(draw(st.integers(1, 5))):
        g = draw(sentences)
        gold[di] = g
        pred[di] = [draw(st.lists(st.sampled_from(TAGS), min_size=len(s), max_size=len(s))) for s in g]
    return gold, pred


@settings(max_examples=300, deadline=None)
@given(batches())
def test_tag_counts_are_what_seqeval_reads(batch) -> None:
    gold, pred = (read_side(side, None, where) for side, where in zip(batch, ("gold", "pred")))
    assert tag_counts(gold, pred, "newsgold") == tag_counts(gold, pred, "seqeval")


@pytest.mark.parametrize(
    ("gold", "pred", "strict_tp"),
    [
        ([["B-PER", "I-PER", "O"]], [["B-PER", "I-PER", "O"]], 1),  # well formed: the modes agree
        ([["O", "I-PER", "I-PER"]], [["O", "I-PER", "I-PER"]], 0),  # an I- opens the chunk: no strict chunk
        ([["B--X", "I--X"]], [["B--X", "I--X"]], 1),  # a type with a dash: strict mode strips it
    ],
)
def test_the_strict_mode_shares_the_default_modes_chunks_only_where_it_reads_them_alike(gold, pred, strict_tp) -> None:
    counts = tag_counts(read_side({0: gold}, "IOB2", "gold"), read_side({0: pred}, "IOB2", "pred"), "newsgold")
    assert sum(c.tp for c in counts[False].values()) == 1
    assert sum(c.tp for c in counts[True].values()) == strict_tp
    if gold == [["B--X", "I--X"]]:
        assert set(counts[False]) == {"-X"} and set(counts[True]) == {"X"}


@settings(max_examples=300, deadline=None)
@given(sentences)
def test_ill_formed_counts_each_inside_tag_that_follows_no_chunk_of_its_type(tags) -> None:
    expected = 0
    for sentence in tags:
        for prev, tag in zip(["O", *sentence], sentence):
            if tag.startswith("I-") and not (prev != "O" and prev[2:] == tag[2:]):
                expected += 1
    assert ill_formed(tags, IOB2) == expected
