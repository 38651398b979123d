"""Text-only alignment against a brute-force reference on small random documents.

The reference searches the document again for every text and every sentence, and checks
each occurrence against every occurrence already kept; the reader must place the very
same entities and events, with the same notes.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.gold.model import Document
from newsgold.gold.spans import Span
from newsgold.readers.records import PredArgument, PredEntity, PredEvent
from newsgold.readers.textonly import _QUOTES, _normal, align_text_entities, align_text_events

WORDS = ["a", "A", "b", "a b", "“a”", '"a"', "b.", "ab"]


def tiered(doc: Document, needle: str, within: Span | None = None) -> tuple[int, list[tuple[int, int]]]:
    """The first of the three tries that finds ``needle`` (0 exact, 1 ignoring case, 2 quote
    style too), and its occurrences."""
    index = doc.token_index
    lo, hi = (0, len(doc.text)) if within is None else (within.start, within.end)
    for k, (haystack, probe, flags) in enumerate(((doc.text, needle, 0), (doc.text, needle, re.IGNORECASE),
                                                  (doc.text.translate(_QUOTES), _normal(needle), re.IGNORECASE))):
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(probe).replace(r"\ ", r"\s+"), haystack, flags)
                 if lo <= m.start() and m.end() <= hi and index.is_boundary(m.start()) and index.is_boundary(m.end())]
        if found:
            return k, found
    return 3, []


def occurrences(doc: Document, needle: str, within: Span | None = None) -> list[tuple[int, int]]:
    return tiered(doc, needle, within)[1]


def reference_entities(items: list[dict], doc: Document) -> list[tuple[int, int, str]]:
    pairs: dict[str, str] = {}
    for e in items:
        pairs.setdefault(e["text"], e["type"])
    claimed: list[tuple[int, int]] = []
    out = []
    # every occurrence of every text: longer first, then exact before case- and quote-forgiving
    found = [(e - s, k, text, s, label) for text, label in pairs.items() for k, spans in [tiered(doc, text)]
             for s, e in spans]
    for length, _, _, s, label in sorted(found, key=lambda x: (-x[0], x[1], x[2], x[3])):
        e = s + length
        if not any(a < e and s < b for a, b in claimed):
            claimed.append((s, e))
            out.append((s, e, label))
    return sorted(out, key=lambda x: (x[0], x[1]))


def reference_events(items: list[dict], doc: Document) -> list[PredEvent]:
    out: dict[PredEvent, None] = {}
    bare = []
    for ev in items:
        spots = occurrences(doc, ev["trigger"])
        args = [(a["role"], a["text"]) for a in ev["arguments"]]
        if not spots:
            continue
        if not args:
            bare.append((ev["type"], spots))
            continue
        found = [[occurrences(doc, t, doc.sentences[doc.sentence_of(s)]) for _, t in args] for s, _ in spots]
        held = [sum(1 for f in per if f) for per in found]
        best = [k for k, n in enumerate(held) if n == max(held)]
        distance = [sum(min(abs(a - spots[k][0]) for a, _ in f) for f in found[k] if f) for k in range(len(spots))]
        best = [k for k in best if distance[k] == min(distance[j] for j in best)]
        if len(best) > 1:
            continue
        [k] = best
        placed = tuple(PredArgument(r, *w[0]) for (r, _), w in zip(args, found[k]) if len(w) == 1)
        out[PredEvent(ev["type"], Span(*spots[k]), placed)] = None
    for label, spots in bare:  # once each, at the first occurrence no event of the type holds
        taken = {(e.type, e.trigger.start, e.trigger.end) for e in out}
        free = [s for s in spots if (label, *s) not in taken]
        if free:
            out[PredEvent(label, Span(*free[0]), ())] = None
    return list(out)


@st.composite
def documents(draw) -> Document:
    sentences, parts, pos = [], [], 0
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
        text = " ".join(words) + " ."
        sentences.append(Span(pos, pos + len(text)))
        parts.append(text)
        pos += len(text) + 1
    return Document("d", " ".join(parts), tuple(sentences), (), {})


texts = st.sampled_from(WORDS + ["b a", "zzz", "A B"])


@settings(max_examples=200)
@given(documents(), st.lists(st.fixed_dictionaries({"text": texts, "type": st.sampled_from(["PER", "ORG"])}), max_size=6))
def test_entities_equal_the_reference(doc, items) -> None:
    got, _ = align_text_entities(items, doc)
    assert [(e.start, e.end, e.type) for e in got] == reference_entities(items, doc)
    assert all(isinstance(e, PredEntity) for e in got)


@settings(max_examples=200)
@given(documents(), st.lists(st.fixed_dictionaries({
    "type": st.sampled_from(["Contact:Meet", "Life:Die"]), "trigger": texts,
    "arguments": st.lists(st.fixed_dictionaries({"role": st.sampled_from(["Entity", "Place"]), "text": texts}), max_size=3),
}), max_size=4))
def test_events_equal_the_reference(doc, items) -> None:
    got, _ = align_text_events(items, doc)
    assert got == reference_events(items, doc)
