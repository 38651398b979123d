"""The token modes' column path (``scoring.tokens.whole_word_counts``): on documents where
every span is a chunk as it stands, or is dropped as overlapping one written before it, it counts
in columns, and gives what the document-by-document path gives (spans inside a sentence or
across sentences, else tags), and what seqeval reads from the tags, on every mix of such
documents and others."""

from __future__ import annotations

import pytest
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.gold.model import Document
from newsgold.gold.spans import Span
from newsgold.scoring import tokens
from newsgold.scoring.metrics import Counts, total
from newsgold.scoring.tokens import (
    WHITESPACE,
    ill_formed,
    span_chunks,
    spans_to_tags,
    token_results,
    whole_word_counts,
)

seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling")
scheme = pytest.importorskip("seqeval.scheme")

SPACES = [" ", " ", " ", "\t", "\u00a0", "\u2009", "\n"]
WORDS = ["Cuba", "talks", "U.S.", "Havana's", "(EFE)", "--", "é", "\U0001F600", "x"]
MODES = ["token_conlleval", "token_iob2"]


@st.composite
def documents(draw) -> Document:
    """Words and whitespace of several kinds; sentences that may leave gaps between them."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
    text = ""
    for w in words:
        text += w + draw(st.sampled_from(SPACES))
    text = text.rstrip() or "x"
    cuts = sorted(set(draw(st.lists(st.integers(1, len(text) - 1), max_size=3)))) if len(text) > 1 else []
    bounds = [0, *cuts, len(text)]
    sentences = []
    for a, b in zip(bounds, bounds[1:]):
        if draw(st.booleans()) or not sentences:  # some stretches are in no sentence
            sentences.append(Span(a, b))
    return Document("d", text, tuple(sentences), (), {"doc_id": "d"})


@st.composite
def spans_of(draw, doc: Document) -> list[tuple[int, int, str]]:
    """Mostly whole words (the column path's case), some anywhere."""
    text = doc.text
    starts = [i for i in range(len(text)) if not text[i].isspace() and (i == 0 or text[i - 1].isspace())]
    ends = [i + 1 for i in range(len(text)) if not text[i].isspace() and (i + 1 == len(text) or text[i + 1].isspace())]
    out = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)):
            a = draw(st.sampled_from(starts))
            b = draw(st.sampled_from([e for e in ends if e > a]))
        else:
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, len(text)))
        out.append((a, b, draw(st.sampled_from(["PER", "LOC", "ORG-X"]))))
    return out


@st.composite
def corpora(draw):
    docs = draw(st.lists(documents(), min_size=1, max_size=6))
    gold = [(di, *s) for di, doc in enumerate(docs) for s in draw(spans_of(doc))]
    pred = [(di, *s) for di, doc in enumerate(docs) for s in draw(spans_of(doc))]
    return docs, gold, pred


def by_tags(docs, pred) -> dict[str, int]:
    """The predicted spans' tallies as the tags written from them say."""
    off = dropped = ill = 0
    for di, doc in enumerate(docs):
        tags, o, d = spans_to_tags(doc, [i[1:] for i in pred if i[0] == di])
        off, dropped, ill = off + o, dropped + d, ill + ill_formed(tags)
    return {"off_boundary": off, "overlap_dropped": dropped, "ill_formed": ill}


def by_seqeval(docs, gold, pred, mode: str) -> tuple[int, int, int]:
    read = (lambda tags: {(k, *e) for k, s in enumerate(tags) for e in seqeval.get_entities(s)}) if mode == "token_conlleval" else \
        (lambda tags: {e.to_tuple() for s in scheme.Entities(tags, scheme.IOB2).entities for e in s})
    g = p = tp = 0
    for di, doc in enumerate(docs):
        gc = read(spans_to_tags(doc, [i[1:] for i in gold if i[0] == di])[0])
        pc = read(spans_to_tags(doc, [i[1:] for i in pred if i[0] == di])[0])
        g, p, tp = g + len(gc), p + len(pc), tp + len(gc & pc)
    return g, p, tp


def test_the_whitespace_table_is_what_str_isspace_says() -> None:
    assert list(WHITESPACE) == [c for c in range(0x110000) if chr(c).isspace()]


def test_the_column_path_counts_what_the_document_path_and_seqeval_count() -> None:
    routes: Counter[str] = Counter()  # the document path's routes, by the predicted side

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(corpora())
    def check(case) -> None:
        docs, gold, pred = case
        gold, pred = sorted(gold), sorted(pred)
        labels = sorted({i[3] for i in gold + pred})
        for di, doc in enumerate(docs):
            found = span_chunks(doc, [i[1:] for i in pred if i[0] == di])
            routes["tags" if found is None else "across sentences" if found.later else "within"] += 1
        by_docs = token_results(docs, gold, pred, MODES, labels)
        saved = tokens.COLUMNS_FROM
        tokens.COLUMNS_FROM = 0
        try:
            by_columns = token_results(docs, gold, pred, MODES, labels)
        finally:
            tokens.COLUMNS_FROM = saved
        for mode in MODES:
            assert by_columns[mode].per_type == by_docs[mode].per_type, mode
            assert by_columns[mode].extra == by_docs[mode].extra, mode
            o = total(by_columns[mode].per_type.values())
            assert (o.support, o.predicted, o.tp) == by_seqeval(docs, gold, pred, mode), mode
            assert by_docs[mode].extra == by_tags(docs, pred), mode

    check()
    assert min(routes[r] for r in ("tags", "across sentences", "within")) > 10, routes


def test_documents_of_whole_words_are_counted_in_columns_and_the_rest_is_handed_back() -> None:
    plain = Document("a", "Fidel Castro met Raul", (Span(0, 21),), (), {"doc_id": "a"})
    split = Document("b", "Cuba's talks end. Next", (Span(0, 17), Span(18, 22)), (), {"doc_id": "b"})
    gold = [(0, 0, 12, "PER"), (0, 17, 21, "PER"), (1, 0, 4, "LOC")]
    pred = [(0, 0, 12, "PER"), (0, 17, 21, "LOC"), (1, 0, 6, "LOC"), (1, 13, 22, "ORG")]
    counts, dropped, g_rest, p_rest = whole_word_counts([plain, split], gold, pred)
    assert (counts["PER"].tp, counts["PER"].fn, counts["LOC"].fp) == (1, 1, 1)
    # "Cuba" ends inside the word "Cuba's", and "end. Next" crosses a sentence: document b goes back
    assert g_rest == [(1, 0, 4, "LOC")] and p_rest == [(1, 0, 6, "LOC"), (1, 13, 22, "ORG")]


def test_overlapping_spans_are_counted_in_columns_with_those_dropped() -> None:
    doc = Document("a", "Fidel Castro met Raul Castro", (Span(0, 28),), (), {"doc_id": "a"})
    gold = [(0, 0, 12, "PER"), (0, 17, 28, "PER")]
    pred = [(0, 0, 5, "PER"), (0, 0, 12, "PER"), (0, 6, 16, "ORG"), (0, 13, 21, "LOC"), (0, 17, 28, "PER")]
    counts, dropped, g_rest, p_rest = whole_word_counts([doc], gold, pred)
    # written longest first from each start: "Fidel Castro" keeps its tokens, "Fidel" and "Castro met"
    # are dropped, "met Raul" is written, so "Raul Castro" is dropped
    assert dropped == 3 and g_rest == p_rest == []
    assert counts["PER"] == Counts(1, 0, 1) and counts["LOC"] == Counts(0, 1, 0) and "ORG" in counts


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 12), st.integers(0, 2)), max_size=200))
def test_the_spans_kept_are_those_written_one_at_a_time(spans) -> None:
    """Long chains too (the columns follow them by doubling jumps), against the rule as written."""
    np = pytest.importorskip("numpy")
    kept_by_loop, reach = set(), -1
    for start, length, label in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        if start >= reach:
            kept_by_loop.add((start, length, label))
            reach = start + length
    first = np.array([s[0] for s in spans], np.int64)
    stop = first + np.array([s[1] for s in spans], np.int64)
    label = np.array([s[2] for s in spans], np.int64)
    kept = tokens._kept(first, stop, label)
    assert {s for s, k in zip(spans, kept.tolist()) if k} == kept_by_loop
    assert int(kept.sum()) == len(kept_by_loop)  # a duplicate of a kept span is dropped
