"""Token-level entity scores over the canonical tokens, sentence by sentence, as seqeval
reads IOB2 tags: ``token_conlleval`` by its default (conlleval) rules, ``token_iob2`` by its
strict mode with the IOB2 scheme.

Spans become IOB2 tags. A predicted span whose edges are not on token boundaries is
widened to the tokens it touches (counted as ``off_boundary``); where predicted spans
overlap, the one that starts first (the longer one on a tie) keeps its tokens and the
other is left out (counted as ``overlap_dropped``).

Tags written from spans that way are well formed, and both modes read each span that lies
inside one sentence as one chunk: its type and its first and last tokens. So a document
whose spans each lie inside one sentence is scored without writing its tags, or even
tokenizing it: only the words at each span's edges are tokenized
(:func:`~newsgold.gold.tokenize.word_tokens`), and a chunk is named by its sentence, type
and the character offsets of its first token's start and last token's end. A document
with a span that reaches across sentences (where the modes differ: the part after the
break starts with an ``I-`` tag) is tagged in full and read by :mod:`newsgold.tags`, which
reads tags as seqeval does.

Predictions that came as tags (CoNLL, BIO JSON Lines) are not written again: the tags as
submitted are read, on the file's own tokens, against the gold written on those tokens
(:func:`submitted_chunks`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import chain, compress, groupby
from operator import attrgetter, itemgetter

from ..gold.errors import NewsgoldError, incident
from ..gold.lazy import numpy
from ..gold.model import Document
from ..gold.spans import Span
from ..gold.tokenize import whitespace_word, word_tokens
from ..readers.records import TokenTags
from ..tags import chunk_set
from .match import Item, item_doc, item_end, item_start, item_type
from .metrics import Counts
from .modes import TOKEN_MODES
from .results import ModeResult

Tags = list[list[str]]


def spans_to_tags(doc: Document, items: Sequence[tuple[int, int, str]]) -> tuple[Tags, int, int]:
    """Per-sentence IOB2 tags for ``(start, end, type)`` spans of one document."""
    tags = ["O"] * len(doc.tokens)
    off_boundary = dropped = 0
    index = doc.token_index
    for start, end, label in sorted(items, key=_writing_order):
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


Chunk = tuple[int, str, int, int]
"""``(sentence, type, start of the first token, end of the last token)``."""

DocChunk = tuple[int, int, str, int, int]
"""A :data:`Chunk` keyed by its document: ``(document, sentence, type, start, end)``."""


Words = Callable[[str, int], "list[tuple[int, int]]"]


def _first_token(text: str, start: int, end: int, words: Words = word_tokens) -> tuple[int, int] | None:
    """The first token that ``[start, end)`` touches, or None when it touches none; ``words``
    gives the tokens of the word at an offset."""
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i == end:
        return None
    return next(t for t in words(text, i) if t[0] <= i < t[1])


def _last_token(text: str, start: int, end: int, words: Words = word_tokens) -> tuple[int, int]:
    """The last token that ``[start, end)`` touches (it touches one: see :func:`_first_token`)."""
    i = end - 1
    while text[i].isspace():
        i -= 1
    return next(t for t in words(text, i) if t[0] <= i < t[1])


_sentence_start, _sentence_end = attrgetter("start"), attrgetter("end")


def _edges(text: str, start: int, end: int, words: Words) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first and the last token that ``[start, end)`` touches, or None when it touches none.

    A span that starts a word and ends one (whitespace or the text's edge on both sides) is
    its own first token's start and last token's end: no word needs tokenizing.
    """
    n = len(text)
    if (
        (start == 0 or text[start - 1].isspace())
        and (end == n or text[end].isspace())
        and not text[start].isspace()
        and not text[end - 1].isspace()
    ):
        return (start, start), (end - 1, end)  # only these ends are read
    first = _first_token(text, start, end, words)
    return None if first is None else (first, _last_token(text, start, end, words))


def span_chunks(doc: Document, items: Sequence[tuple[int, int, str]]) -> tuple[list[Chunk], int, int] | None:
    """The chunks both token modes read from tags written for ``items``, with the counts of
    spans off token boundaries and of spans dropped as overlapping; None when a kept span
    does not lie inside one sentence (then only the full tags say what each mode reads)."""
    text, sentences = doc.text, doc.sentences
    words = whitespace_word if doc.whitespace_tokens else word_tokens
    out: list[Chunk] = []
    off = dropped = 0
    reach = -1
    k = 0
    for start, end, label in sorted(items, key=_writing_order) if len(items) > 1 else items:
        edges = _edges(text, start, end, words)
        if edges is None:  # only whitespace: no token, no tag
            off += 1
            continue
        (first, _), (last, last_end) = edges
        if first != start or last_end != end:
            off += 1
        if first < reach:
            dropped += 1
            continue
        reach = last_end
        if not sentences[k].start <= first < sentences[k].end:
            k = bisect_right(sentences, first, key=_sentence_start) - 1
        if k < 0 or not (first < sentences[k].end and last < sentences[k].end):
            return None
        out.append((k, label, first, last_end))
    return out, off, dropped


WHITESPACE = (
    0x9,
    0xA,
    0xB,
    0xC,
    0xD,
    0x1C,
    0x1D,
    0x1E,
    0x1F,
    0x20,
    0x85,
    0xA0,
    0x1680,
    *range(0x2000, 0x200B),
    0x2028,
    0x2029,
    0x202F,
    0x205F,
    0x3000,
)
"""The code points ``str.isspace`` calls whitespace (a test checks them against it)."""

COLUMNS_FROM = 20_000
"""Items in a batch (both sides) from which :func:`whole_word_counts` counts what it can in
columns first: below it, importing numpy costs more than the columns save."""


def whole_word_counts(
    documents: Sequence[Document], gold: Sequence[Item], pred: Sequence[Item]
) -> tuple[dict[str, Counts], list[Item], list[Item]] | None:
    """Both modes' per-type counts over the documents in which every span, gold and
    predicted, is a chunk as it stands, and the gold and predicted items of the other
    documents (sorted); None when the columns would not fit in 64-bit keys.

    A span is its own chunk in both modes when it starts and ends a whitespace-separated
    word (its first token starts where it starts, its last ends where it ends, whatever the
    tokenizer does inside words), lies inside one sentence, and overlaps no other span of its
    side in its document (nothing is dropped): what :func:`span_chunks` finds one span at a
    time. Here it is checked for all items at once, on integer columns over the documents'
    texts laid end to end, each after a newline, and the chunks are matched as integer keys.
    """
    np = numpy()
    gold, pred = sorted(gold), sorted(pred)  # (usually sorted already: then this is one pass each)
    items = [*gold, *pred]
    n, g = len(items), len(gold)
    if not n:
        return {}, [], []
    doc = np.fromiter(map(item_doc, items), np.int64, n)
    start = np.fromiter(map(item_start, items), np.int64, n)
    end = np.fromiter(map(item_end, items), np.int64, n)
    names = sorted(set(map(item_type, items)))
    code = dict(zip(names, range(len(names))))
    label = np.fromiter(map(code.__getitem__, map(item_type, items)), np.int64, n)
    docs = np.unique(doc)
    texts = [documents[d].text for d in docs.tolist()]
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    base = np.cumsum(lengths + 1) - lengths  # where each text begins in "\n" + "\n".join(texts) + "\n"
    at = np.searchsorted(docs, doc)
    first, stop = base[at] + start, base[at] + end
    width = int((end - start).max()) + 1
    if (int(base[-1]) + int(lengths[-1]) + 2) * width * len(names) >= 1 << 62:  # keys beyond int64
        return None
    joined = "\n" + "\n".join(texts) + "\n"  # one byte a character when it can (memory: the text's size, not 4x)
    codes = (
        np.frombuffer(joined.encode("ascii"), np.uint8)
        if joined.isascii()
        else np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
    )
    del joined
    space = np.isin(codes[np.concatenate((first - 1, first, stop - 1, stop))], WHITESPACE).reshape(4, n)
    plain = space[0] & ~space[1] & ~space[2] & space[3]
    # Sentences laid out the same way, after one that ends at 0: a span before any sentence finds it.
    sentences = [documents[d].sentences for d in docs.tolist()]
    spans = list(chain.from_iterable(sentences))
    s_base = np.repeat(base, np.fromiter(map(len, sentences), np.int64, len(sentences)))
    s_start = np.concatenate(([0], np.fromiter(map(_sentence_start, spans), np.int64, len(spans)) + s_base))
    s_end = np.concatenate(([0], np.fromiter(map(_sentence_end, spans), np.int64, len(spans)) + s_base))
    plain &= stop <= s_end[np.searchsorted(s_start, first, "right") - 1]
    for side in (slice(0, g), slice(g, n)):  # each sorted: a span that starts before the one before it ends overlaps it
        f, e, ok = first[side], stop[side], plain[side]
        ok[1:] &= f[1:] >= e[:-1]
    plain = ~np.isin(doc, doc[~plain])  # whole documents, both sides
    key = (first * width + (stop - first)) * len(names) + label
    g_key, p_key = key[:g][plain[:g]], key[g:][plain[g:]]
    tp = np.bincount(np.intersect1d(g_key, p_key, assume_unique=True) % len(names), minlength=len(names)).tolist()
    gt = np.bincount(label[:g][plain[:g]], minlength=len(names)).tolist()
    pt = np.bincount(label[g:][plain[g:]], minlength=len(names)).tolist()
    counts = {t: Counts(tp[i], pt[i] - tp[i], gt[i] - tp[i]) for i, t in enumerate(names)}
    rest = (~plain).tolist()
    return counts, list(compress(gold, rest[:g])), list(compress(pred, rest[g:]))


def _writing_order(item: tuple[int, int, str]) -> tuple[int, int, str]:
    """Spans are written in order of start, the longer first, so the first written keeps its tokens."""
    start, end, label = item
    return start, -end, label


def _seqeval_chunks(tags: Tags, strict: bool) -> set[tuple[int, str, int, int]]:
    """What seqeval 1.2.2 itself reads from ``tags`` (``EntityConfig.token_engine``)."""
    try:
        from seqeval.metrics.sequence_labeling import get_entities
        from seqeval.scheme import IOB2, Entities
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610",
                "seqeval",
                message="the seqeval token engine needs seqeval",
                hint="pip install 'newsgold[seqeval]'",
            )
        ) from None
    if strict:
        return {(k, label, a, b) for k, label, a, b in (e.to_tuple() for s in Entities(tags, IOB2).entities for e in s)}
    return {(k, label, a, b + 1) for k, sentence in enumerate(tags) for label, a, b in get_entities(sentence)}


def tag_chunks(
    doc: Document, items: Sequence[tuple[int, int, str]], engine: str = "newsgold"
) -> tuple[list[Chunk], list[Chunk], int, int, int]:
    """Chunks read from the full tags by each mode (default, strict IOB2), the counts of
    :func:`span_chunks`, and the ``I-`` tags that continue no chunk."""
    tags, off, dropped = spans_to_tags(doc, items)
    starts = [t.start for t in doc.tokens]
    firsts = [bisect_left(starts, s.start) for s in doc.sentences]

    def chars(chunks: set[tuple[int, str, int, int]]) -> list[Chunk]:
        tokens = doc.tokens
        return [(k, label, tokens[firsts[k] + a].start, tokens[firsts[k] + b - 1].end) for k, label, a, b in chunks]

    if engine == "seqeval":
        default, strict = chars(_seqeval_chunks(tags, False)), chars(_seqeval_chunks(tags, True))
    else:
        default, strict = chars(chunk_set(tags)), chars(chunk_set(tags, mode="strict", scheme="IOB2"))
    return default, strict, off, dropped, ill_formed(tags)


_chunk_type = itemgetter(2)


def count_chunks(gold: set[DocChunk], pred: set[DocChunk], labels: Sequence[str]) -> dict[str, Counts]:
    """Per-type counts of chunks keyed ``(document, sentence, type, start, end)`` (a side
    never holds a chunk twice: overlapping spans are dropped before tags are written)."""
    tp = Counter(map(_chunk_type, gold & pred))
    gt = Counter(map(_chunk_type, gold))
    pt = Counter(map(_chunk_type, pred))
    names = sorted(set(labels) | set(gt) | set(pt))
    return {t: Counts(tp[t], pt[t] - tp[t], gt[t] - tp[t]) for t in names}


def submitted_chunks(
    tags: TokenTags, gold: Sequence[tuple[int, int, str]], engine: str = "newsgold"
) -> tuple[dict[bool, set[tuple[int, str, int, int]]], dict[bool, set[tuple[int, str, int, int]]], int]:
    """For tags as a file submitted them: the chunks of the gold, written as IOB2 tags on the
    file's own tokens and sentences (a gold span takes the tokens it touches; one that would
    share a token with an earlier one is left out), and of the submitted tags, each read by
    both modes (``{strict: chunks}``), keyed by the file's sentence and token indexes; and the
    submitted ``I-`` tags that continue no chunk."""
    submitted = [[tag for _, _, tag in sentence] for sentence in tags]
    written = [["O"] * len(sentence) for sentence in tags]
    places = [(k, i, start, end) for k, sentence in enumerate(tags) for i, (start, end, _) in enumerate(sentence)]
    starts = [p[2] for p in places]
    ends = [p[3] for p in places]
    for start, end, label in sorted(gold, key=_writing_order):
        first, last = bisect_right(ends, start), bisect_left(starts, end)  # the tokens the span touches
        touched = places[first:last]
        if not touched or any(written[k][i] != "O" for k, i, _, _ in touched):
            continue
        for n, (k, i, _, _) in enumerate(touched):
            written[k][i] = ("B-" if n == 0 or k != touched[n - 1][0] else "I-") + label
    read = (
        (lambda t, strict: _seqeval_chunks(t, strict))
        if engine == "seqeval"
        else (lambda t, strict: chunk_set(t, mode="strict", scheme="IOB2") if strict else chunk_set(t))
    )
    gold_chunks = {strict: read(written, strict) for strict in (False, True)}
    pred_chunks = {strict: read(submitted, strict) for strict in (False, True)}
    return gold_chunks, pred_chunks, ill_formed(submitted)


def token_results(
    documents: Sequence[Document],
    gold_items: Sequence[Item],
    pred_items: Sequence[Item],
    modes: Sequence[str],
    labels: Sequence[str],
    engine: str = "newsgold",
    tags: Mapping[int, TokenTags] | None = None,
) -> dict[str, ModeResult]:
    """The token modes' results for items ``(document index, start, end, type)``; with
    ``engine="seqeval"`` every document's tags are written and read by seqeval itself.

    A document whose predictions came as tags (``tags``, by document index) is scored on
    those tags as submitted, against the gold written on the file's own tokens
    (:func:`submitted_chunks`), whatever entities were decoded from them."""
    tags = tags or {}
    both: dict[bool, set[DocChunk]] = {False: set(), True: set()}  # by side (prediction or not): what both modes read
    apart: dict[bool, dict[bool, set[DocChunk]]] = {
        side: {False: set(), True: set()} for side in (False, True)
    }  # by side, then strictness: what one mode reads
    off = dropped = ill = 0
    if tags:  # documents whose tags were submitted: both sides on the file's tokens
        gold_by_doc = {
            di: [(s, e, t) for _, s, e, t in group] for di, group in groupby(gold_items, key=item_doc) if di in tags
        }
        for di, submitted in tags.items():
            g, p, i = submitted_chunks(submitted, gold_by_doc.get(di, []), engine)
            for strict in (False, True):
                apart[False][strict].update((di, *c) for c in g[strict])
                apart[True][strict].update((di, *c) for c in p[strict])
            ill += i
    plain: dict[str, Counts] | None = None  # counts of the documents whose spans are all chunks as they stand
    if engine == "newsgold" and not tags and len(gold_items) + len(pred_items) >= COLUMNS_FROM:
        whole = whole_word_counts(documents, gold_items, pred_items)
        if whole is not None:
            plain, gold_items, pred_items = whole
    for items, predicted in ((gold_items, False), (pred_items, True)):
        for di, group in groupby(items, key=item_doc):
            if di in tags:
                continue
            doc = documents[di]
            spans = [(s, e, t) for _, s, e, t in group]
            found = span_chunks(doc, spans) if engine == "newsgold" else None
            if found is not None:
                chunks, o, dr = found
                both[predicted].update([(di, *c) for c in chunks])
                i = 0
            else:
                default, strict_chunks, o, dr, i = tag_chunks(doc, spans, engine)
                apart[predicted][False].update([(di, *c) for c in default])
                apart[predicted][True].update([(di, *c) for c in strict_chunks])
            if predicted:  # the gold's own counts say nothing about the predictions
                off, dropped, ill = off + o, dropped + dr, ill + i
    # One set for both modes where nothing was read apart, so their counts are taken once.
    sides = [
        {strict: both[side] | apart[side][strict] if apart[side][strict] else both[side] for strict in (False, True)}
        for side in (False, True)
    ]
    extra = {"off_boundary": off, "overlap_dropped": dropped, "ill_formed": ill}
    counted: dict[
        tuple[int, int], dict[str, Counts]
    ] = {}  # the modes read the same sets when no document was tagged in full
    out = {}
    for m in modes:
        gold, pred = sides[0][TOKEN_MODES[m].strict], sides[1][TOKEN_MODES[m].strict]
        key = (id(gold), id(pred))
        if key not in counted:
            counted[key] = count_chunks(gold, pred, labels)
            if plain is not None:
                counted[key] = {
                    t: counted[key].get(t, Counts()) + plain.get(t, Counts()) for t in sorted({*counted[key], *plain})
                }
        out[m] = ModeResult(dict(counted[key]), None, dict(extra))
    return out
