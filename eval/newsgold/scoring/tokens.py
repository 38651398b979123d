"""Token-level entity scores through seqeval, over the canonical tokens, sentence by sentence.

Spans become IOB2 tags. A predicted span whose edges are not on token boundaries is
widened to the tokens it touches (counted as ``off_boundary``); where predicted spans
overlap, the one that starts first (the longer one on a tie) keeps its tokens and the
other's clashing tokens are left as they are (counted as ``overlap_dropped``).

Chunks are decoded by seqeval itself: ``token_conlleval`` with its default mode (the same
chunking as conlleval.pl), ``token_iob2`` with ``mode="strict"`` and the IOB2 scheme passed
explicitly (seqeval silently falls back to the default mode without it).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Sequence

from ..gold.model import Document
from ..gold.spans import Span
from .match import Item
from .metrics import Counts
from .results import ModeResult

Tags = list[list[str]]


def spans_to_tags(doc: Document, items: Sequence[tuple[int, int, str]]) -> tuple[Tags, int, int]:
    """Per-sentence IOB2 tags for ``(start, end, type)`` spans of one document."""
    tags = ["O"] * len(doc.tokens)
    off_boundary = dropped = 0
    index = doc.token_index
    for start, end, label in sorted(items, key=lambda i: (i[0], -i[1], i[2])):
        span = Span(start, end)
        first, last = index.covering_range(span)
        if index.token_range(span) is None:
            off_boundary += 1
        if first >= last:
            continue
        if any(t != "O" for t in tags[first:last]):
            dropped += 1
            continue
        tags[first] = f"B-{label}"
        for k in range(first + 1, last):
            tags[k] = f"I-{label}"
    return _by_sentence(doc, tags), off_boundary, dropped


def _by_sentence(doc: Document, tags: list[str]) -> Tags:
    out: Tags = []
    starts = [t.start for t in doc.tokens]
    for s in doc.sentences:
        a, b = bisect_left(starts, s.start), bisect_left(starts, s.end)
        out.append(tags[a:b])
    return out


def ill_formed(tags: Tags) -> int:
    """Predicted I- tags that continue no chunk of their type (an I- after O, another type, or at a sentence start)."""
    n = 0
    for sentence in tags:
        prev = "O"
        for t in sentence:
            if t.startswith("I-") and prev[2:] != t[2:]:
                n += 1
            prev = t
    return n


def chunks(tags: Tags, mode: str) -> list[tuple[int, str, int, int]]:
    """``(sentence, type, first token, last token)`` chunks as seqeval decodes them."""
    if mode == "token_iob2":
        from seqeval.scheme import IOB2, Entities

        return [e.to_tuple() for sentence in Entities(tags, IOB2).entities for e in sentence]
    from seqeval.metrics.sequence_labeling import get_entities

    return [(sid, label, first, last) for sid, sentence in enumerate(tags) for label, first, last in get_entities(sentence)]


def count_chunks(gold: Tags, pred: Tags, mode: str, labels: Sequence[str]) -> dict[str, Counts]:
    g = Counter(chunks(gold, mode))
    p = Counter(chunks(pred, mode))
    tp, gt, pt = Counter(), Counter(), Counter()
    for key, n in g.items():
        gt[key[1]] += n
        tp[key[1]] += min(n, p.get(key, 0))
    for key, n in p.items():
        pt[key[1]] += n
    names = sorted(set(labels) | set(gt) | set(pt))
    return {t: Counts(tp[t], pt[t] - tp[t], gt[t] - tp[t]) for t in names}


def token_results(
    documents: Sequence[Document], gold_items: Sequence[Item], pred_items: Sequence[Item], modes: Sequence[str], labels: Sequence[str]
):
    by_doc_g: dict[int, list[tuple[int, int, str]]] = {}
    by_doc_p: dict[int, list[tuple[int, int, str]]] = {}
    for d, s, e, t in gold_items:
        by_doc_g.setdefault(d, []).append((s, e, t))
    for d, s, e, t in pred_items:
        by_doc_p.setdefault(d, []).append((s, e, t))
    gold_tags: Tags = []
    pred_tags: Tags = []
    off = dropped = 0
    for di, doc in enumerate(documents):
        g, _, _ = spans_to_tags(doc, by_doc_g.get(di, []))
        p, o, dr = spans_to_tags(doc, by_doc_p.get(di, []))
        gold_tags += g
        pred_tags += p
        off += o
        dropped += dr
    extra = {"off_boundary": off, "overlap_dropped": dropped, "ill_formed": ill_formed(pred_tags)}
    return {m: ModeResult(count_chunks(gold_tags, pred_tags, m, labels), None, extra) for m in modes}
