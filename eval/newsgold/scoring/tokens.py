"""Token-level entity scores, sentence by sentence: ``token_conlleval`` by conlleval's rules
(seqeval's default mode on IOB2 tags), ``token_iob2`` by seqeval's strict mode (the IOB2
scheme for spans written as tags).

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
submitted are read, on the file's own tokens, against the gold's own tags or the gold written
on those tokens (:func:`tagged_counts`): ``token_conlleval`` as conlleval.pl reads a file of
tag pairs (:func:`conlleval_counts`), ``token_iob2`` as seqeval's strict mode with each side's
tagging scheme (:func:`tag_scheme`).
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from itertools import accumulate, chain, compress, groupby, islice, repeat
from operator import add, attrgetter, is_, itemgetter, not_, sub
from typing import Any, NamedTuple

from ..gold.conll_gold import unbare
from ..gold.errors import NewsgoldError, incident
from ..gold.lazy import numpy
from ..gold.model import Document
from ..gold.spans import Span
from ..gold.tokenize import whitespace_word, word_tokens
from ..readers.records import TokenTags
from ..tags import ANY, BILOU, IOB1, IOB2, IOBES, IOE1, IOE2, SCHEMES, Scheme, chunk_set, get_entities
from .match import Item, item_doc, item_end, item_start, item_type
from .metrics import Counts
from .modes import TOKEN_MODES
from .results import ModeResult
from .units import FN, FP, TP, ChunkBook, Where

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


def ill_formed(tags: Sequence[Sequence[str]], scheme: Scheme = IOB2) -> int:
    """Tags that say they continue a chunk (``I-``, ``E-``, ``L-``) but follow none of their
    type (after ``O``, another type or a chunk's end, or at a sentence start), where ``scheme``
    does not let them start one either: conlleval's rule reads each as starting a chunk. IOB1
    and the IOE schemes start chunks with ``I-`` tags; IOB2, IOBES and BILOU do not.

    >>> ill_formed([["I-PER", "O", "I-LOC"]]), ill_formed([["I-PER", "O", "I-LOC"]], IOB1)
    (2, 0)
    >>> ill_formed([["U-PER", "L-PER"]], BILOU), ill_formed([["S-GPE", "B-ORG", "E-ORG"]], IOBES)
    (1, 0)
    """
    flat = ["O"]  # the sentences, each after an O (as a sentence start reads: no chunk before)
    for sentence in tags:
        flat += sentence
        flat.append("O")
    pairs = Counter(zip(flat, islice(flat, 1, None)))  # counted in C: few distinct pairs, each judged once
    return sum(n for (prev, tag), n in pairs.items() if _ill_after(prev, tag, scheme))


@lru_cache(maxsize=4096)  # a file has few distinct tag pairs; a hostile one may have millions
def _ill_after(prev: str, tag: str, scheme: Scheme) -> bool:
    """Whether ``tag``, after ``prev`` in a sentence, is an inside tag that ``scheme`` lets
    neither start nor continue a chunk there (:func:`ill_formed`)."""
    if tag == "O" or tag[1:2] not in ("-", "_"):  # O, or a bare label (IO tagging): no error
        return False
    if prev == "O":
        before = "O", ""
    elif prev[1:2] in ("-", "_"):
        before = _prefix(prev, scheme), prev[2:]
    else:  # a bare label: an inside tag
        before = "I", prev
    prefix = _prefix(tag, scheme)
    return prefix in "IEL" and (before[0], prefix, before[1] == tag[2:]) not in _inside_after(scheme)


@cache
def _inside_after(scheme: Scheme) -> frozenset[tuple[str, str, bool]]:
    """The ``(previous prefix, prefix, same type)`` after which ``scheme`` lets an inside tag
    stand: where it starts a chunk or continues one."""
    return frozenset(
        (p, c, same)
        for p in ANY
        for c in "IEL"
        for same in (True, False)
        if any(
            p in pp and c in cc and (how == "any" or (how == "same") == same)
            for pp, cc, how in (*scheme.start, *scheme.inside)
        )
    )


def _prefix(tag: str, scheme: Scheme) -> str:
    """A prefixed tag's prefix as ``scheme`` spells it: IOBES's ``E`` and ``S`` for BILOU's
    ``L`` and ``U`` when the scheme has no ``L``."""
    return tag[0] if tag[0] in scheme.allowed else _AS_IOBES.get(tag[:2], tag[:2])[0]


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


class SpanChunks(NamedTuple):
    """What the token modes read from tags written for one side's spans of one document."""

    chunks: list[Chunk]  # what both modes read: each kept span, or its part in its first sentence
    later: list[Chunk]  # the parts of kept spans in the sentences after their first: the default mode's only
    off: int  # spans off token boundaries
    dropped: int  # spans dropped as overlapping


def span_chunks(doc: Document, items: Sequence[tuple[int, int, str]]) -> SpanChunks | None:
    """The chunks the token modes read from tags written for ``items``; None when a kept span
    does not start inside a sentence, or reaches past one into tokens that are in none or
    that cross a sentence's edge (then only the full tags say what each mode reads).

    A span across sentences is written ``B-`` in its first sentence and ``I-`` in the next
    ones, where each part starts its sentence: the default mode reads every part as a chunk,
    the strict mode only the first (an ``I-`` tag starts no chunk in IOB2).
    """
    text, sentences = doc.text, doc.sentences
    words = whitespace_word if doc.whitespace_tokens else word_tokens
    out: list[Chunk] = []
    later: list[Chunk] = []
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
        if k < 0 or first >= sentences[k].end:
            return None
        if last < sentences[k].end:
            out.append((k, label, first, last_end))
            continue
        parts = _parts(text, sentences, k, first, last, last_end, words)
        if parts is None:
            return None
        out.append((k, label, first, parts[0]))
        later.extend((j, label, a, e) for j, (a, e) in enumerate(zip(parts[1::2], parts[2::2]), k + 1))
    return SpanChunks(out, later, off, dropped)


def _parts(
    text: str, sentences: Sequence[Span], k: int, first: int, last: int, last_end: int, words: Words
) -> list[int] | None:
    """The edges of the parts of a span whose tokens run from ``first`` in sentence ``k`` to
    ``(last, last_end)`` in a later one: the end of the first part, then the start and end of
    each next one (one a sentence); None when a token of the span lies in no sentence or
    crosses a sentence's edge."""
    edges: list[int] = []
    while last >= sentences[k].end:
        s_end = sentences[k].end
        part_end = _last_token(text, first, s_end, words)[1]
        if part_end > s_end or k + 1 == len(sentences):
            return None
        after = sentences[k + 1]
        if text[s_end : after.start].strip():  # text between the sentences
            return None
        found = _first_token(text, after.start, last_end, words)
        if found is None or not after.start <= found[0] < after.end:
            return None
        first = found[0]
        edges += (part_end, first)
        k += 1
    return [*edges, last_end]


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
    documents: Sequence[Document], gold: Sequence[Item], pred: Sequence[Item], book: ChunkBook | None = None
) -> tuple[dict[str, Counts], int, list[Item], list[Item]] | None:
    """Both modes' per-type counts over the documents in which every span, gold and
    predicted, starts and ends a word and every span kept lies inside one sentence, the
    predicted spans dropped there as overlapping, and the gold and predicted items of the
    other documents (sorted); None when the columns would not fit in 64-bit keys.

    A span that starts and ends a whitespace-separated word (its first token starts where it
    starts, its last ends where it ends, whatever the tokenizer does inside words) and lies
    inside one sentence is its own chunk in both modes, unless it overlaps a span of its side
    written before it (:func:`_kept`): what :func:`span_chunks` finds one span at a time. Here
    it is checked for all items at once, on integer columns over the documents' texts laid
    end to end, each after a newline, and the chunks are matched as integer keys. With
    ``book``, each chunk counted is booked where its span starts.
    """
    np = numpy()
    gold, pred = sorted(gold), sorted(pred)  # (usually sorted already: then this is one pass each)
    items = [*gold, *pred]
    n, g = len(items), len(gold)
    if not n:
        return {}, 0, [], []
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
    whole = space[0] & ~space[1] & ~space[2] & space[3]
    # Sentences laid out the same way, after one that ends at 0: a span before any sentence finds it.
    sentences = [documents[d].sentences for d in docs.tolist()]
    spans = list(chain.from_iterable(sentences))
    s_base = np.repeat(base, np.fromiter(map(len, sentences), np.int64, len(sentences)))
    s_start = np.concatenate(([0], np.fromiter(map(_sentence_start, spans), np.int64, len(spans)) + s_base))
    s_end = np.concatenate(([0], np.fromiter(map(_sentence_end, spans), np.int64, len(spans)) + s_base))
    inside = stop <= s_end[np.searchsorted(s_start, first, "right") - 1]
    kept = np.concatenate([_kept(first[side], stop[side], label[side]) for side in (slice(0, g), slice(g, n))])
    plain = ~np.isin(doc, doc[~(whole & (inside | ~kept))])  # whole documents, both sides
    chunk = plain & kept
    key = (first * width + (stop - first)) * len(names) + label
    g_key, p_key = key[:g][chunk[:g]], key[g:][chunk[g:]]
    tp = np.bincount(np.intersect1d(g_key, p_key, assume_unique=True) % len(names), minlength=len(names)).tolist()
    if book is not None:
        g_at, p_at = np.flatnonzero(chunk[:g]), g + np.flatnonzero(chunk[g:])
        g_hit, p_hit = np.isin(g_key, p_key, assume_unique=True), np.isin(p_key, g_key, assume_unique=True)
        for column, at in ((TP, g_at[g_hit]), (FN, g_at[~g_hit]), (FP, p_at[~p_hit])):
            book.columns(None, column, doc[at], start[at], label[at], names)
    gt = np.bincount(label[:g][chunk[:g]], minlength=len(names)).tolist()
    pt = np.bincount(label[g:][chunk[g:]], minlength=len(names)).tolist()
    counts = {t: Counts(tp[i], pt[i] - tp[i], gt[i] - tp[i]) for i, t in enumerate(names)}
    dropped = int(np.count_nonzero(plain[g:] & ~kept[g:]))
    rest = (~plain).tolist()
    return counts, dropped, list(compress(gold, rest[:g])), list(compress(pred, rest[g:]))


def _kept(first: Any, stop: Any, label: Any) -> Any:
    """Which spans of one side (offsets in one coordinate, documents apart) keep their tokens
    when written as tags: in writing order (:func:`_writing_order`; label codes sort as the
    labels do), each span that starts at or after the end of the last one kept.

    From a span kept, the next one kept is the first that starts at or after its end, so the
    spans kept are a chain from the first. It is followed in columns, doubling: each round
    adds the spans one jump from those found, then doubles the jump (log2 of its length rounds).
    """
    np = numpy()
    n = len(first)
    order = np.lexsort((label, -stop, first))
    jump = np.append(np.maximum(np.searchsorted(first[order], stop[order]), np.arange(1, n + 1)), n)  # n: none
    on = np.zeros(n + 1, bool)
    on[0] = n > 0
    while jump[0] < n:  # the spans found so far reach past the last one: the chain is found
        on[jump[on]] = True
        jump = jump[jump]
    kept = np.zeros(n, bool)
    kept[order] = on[:n]
    return kept


def _writing_order(item: tuple[int, int, str]) -> tuple[int, int, str]:
    """Spans are written in order of start, the longer first, so the first written keeps its tokens."""
    start, end, label = item
    return start, -end, label


def _seqeval_chunks(
    tags: Sequence[Sequence[str]], strict: bool, scheme: Scheme = IOB2
) -> set[tuple[int, str, int, int]]:
    """What seqeval 1.2.2 itself reads from ``tags`` (``EntityConfig.token_engine``)."""
    try:
        from seqeval import scheme as schemes
        from seqeval.metrics.sequence_labeling import get_entities
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610",
                "seqeval",
                message="the seqeval token engine needs seqeval",
                hint="pip install 'newsgold[seqeval]'",
            )
        ) from None
    tags = [list(s) for s in tags]  # seqeval adds lists to them
    if strict:
        found = schemes.Entities(tags, getattr(schemes, scheme.name)).entities
        return {(k, label, a, b) for k, label, a, b in (e.to_tuple() for s in found for e in s)}
    return {(k, label, a, b + 1) for k, sentence in enumerate(tags) for label, a, b in get_entities(sentence)}


_NOT_A_TAG = re.compile(r"(.*) seems not to be NE tag\.\Z", re.S)


@contextmanager
def seqeval_unread() -> Iterator[Counter[str]]:
    """The tags that seqeval's default mode warns it cannot read ("... seems not to be NE
    tag.": no B-, I-, E- or S- prefix), counted by tag, in place of its warnings, which would
    reach the terminal as a Python traceback line: the scoring reports them as one coded
    warning (NG627). Any other warning passes on. The counter is filled when the block ends."""
    found: Counter[str] = Counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # one warning a token: the counts are counts of tokens
        yield found
    for w in caught:
        m = _NOT_A_TAG.match(str(w.message))
        if m:
            found[m.group(1)] += 1
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


_chunk_type = itemgetter(2)


def count_chunks(gold: set[DocChunk], pred: set[DocChunk], labels: Sequence[str]) -> dict[str, Counts]:
    """Per-type counts of chunks keyed ``(document, sentence, type, start, end)`` (a side
    never holds a chunk twice: overlapping spans are dropped before tags are written)."""
    tp = Counter(map(_chunk_type, gold & pred))
    gt = Counter(map(_chunk_type, gold))
    pt = Counter(map(_chunk_type, pred))
    names = sorted(set(labels) | set(gt) | set(pt))
    return {t: Counts(tp[t], pt[t] - tp[t], gt[t] - tp[t]) for t in names}


# ---------------------------------------------------------------- tagging schemes of submitted tags


def _kind(tag: str) -> str:
    return "" if tag == "O" else tag[2:]


def tag_scheme(sentences: Iterable[Sequence[str]], given: str | None, where: str) -> Scheme:
    """The scheme that reads ``sentences`` (tags with a scheme prefix, or ``O``): ``given``
    when set (a tag it does not allow is NG626), else the one their prefixes show. Prefixes
    B/I are IOB1 when some ``I-`` starts a chunk and every ``B-`` follows its own type, else
    IOB2; I/E are IOE1 when some ``I-`` ends a chunk and every ``E-`` precedes its own type,
    else IOE2; B/I/L/U are BILOU, any other mix IOBES (its ``L-`` read as ``E-``, ``U-`` as ``S-``).

    >>> tag_scheme([["I-PER", "B-PER", "O"]], None, "gold").name
    'IOB1'
    >>> tag_scheme([["B-PER", "E-PER", "S-LOC"]], None, "gold").name
    'IOBES'
    """
    sentences = list(sentences)
    distinct = set(chain.from_iterable(sentences))
    prefixes = {t[0] for t in distinct if t != "O"}
    if given is not None:
        scheme = SCHEMES[given]
        outside = {t for t in distinct if t != "O" and t[0] not in scheme.allowed}
        if outside:
            first = next(t for s in sentences for t in s if t in outside)
            raise _outside(where, f"tag {first!r} is not a tag of scheme {given}")
        return scheme
    if prefixes <= set("BI"):
        i_starts = b_after_other = False
        for s in sentences:
            for prev, tag in zip(["O", *s], s):
                if _kind(prev) != _kind(tag):
                    i_starts |= tag[0] == "I"
                    b_after_other |= tag[0] == "B"
            if b_after_other:  # IOB2, whatever follows
                break
        return IOB1 if i_starts and not b_after_other else IOB2
    if prefixes <= set("IE"):
        i_ends = e_before_other = False
        for s in sentences:
            for tag, after in zip(s, [*s[1:], "O"]):
                if _kind(after) != _kind(tag):
                    i_ends |= tag[0] == "I"
                    e_before_other |= tag[0] == "E"
            if e_before_other:  # IOE2, whatever follows
                break
        return IOE1 if i_ends and not e_before_other else IOE2
    return BILOU if prefixes <= set(BILOU.allowed) else IOBES  # (a mix of both reads L as E and U as S)


_AS_IOBES = {"L-": "E-", "U-": "S-"}


def _outside(where: str, message: str) -> NewsgoldError:
    return NewsgoldError(incident("NG626", where, message=message))


def _by_doc(items: Sequence[Item], docs: Mapping[int, object] | None) -> dict[int, list[tuple[int, int, str]]]:
    """The ``(start, end, type)`` spans of each document (of ``docs`` only, unless None)."""
    return {
        di: [(s, e, t) for _, s, e, t in group]
        for di, group in groupby(items, key=item_doc)
        if docs is None or di in docs
    }


def written_gold(tags: TokenTags, gold: Sequence[tuple[int, int, str]]) -> list[list[str]]:
    """The gold as IOB2 tags on a file's own tokens and sentences: a gold span takes the
    tokens it touches; one that would share a token with an earlier one is left out."""
    written = [["O"] * len(sentence) for sentence in tags.tags]
    places = [(k, i) for k, sentence in enumerate(tags.tags) for i in range(len(sentence))]
    starts, ends = tags.starts, tags.ends
    for start, end, label in sorted(gold, key=_writing_order):
        first, last = bisect_right(ends, start), bisect_left(starts, end)  # the tokens the span touches
        touched = places[first:last]
        if not touched or any(written[k][i] != "O" for k, i in touched):
            continue
        for n, (k, i) in enumerate(touched):
            written[k][i] = ("B-" if n == 0 or k != touched[n - 1][0] else "I-") + label
    return written


def _same_tokens(doc: Document, tags: TokenTags, own: Sequence[Sequence[str]]) -> bool:
    """Whether the submitted tags sit on the gold's own tokens, sentence for sentence (a gold
    given as tags has one sentence per line of text, its tokens separated by single spaces)."""
    if len(tags.tags) != len(own) or len(doc.sentences) != len(own):
        return False
    text = doc.text
    token = 0
    for sentence, words, span in zip(tags.tags, own, doc.sentences):
        if len(sentence) != len(words):
            return False
        pos = span.start
        for start, end in zip(tags.starts[token : token + len(sentence)], tags.ends[token : token + len(sentence)]):
            if start != pos or text.find(" ", start, end) >= 0:
                return False
            pos = end + 1
        if pos - 1 != span.end:
            return False
        token += len(sentence)
    return True


class Side(NamedTuple):
    """One side's tags of some documents (by document index): as given, as the strict mode
    reads them (bare labels as inside tags), and the scheme it reads them with."""

    tags: Mapping[int, Sequence[Sequence[str]]]
    strict: Mapping[int, Sequence[Sequence[str]]]
    scheme: Scheme
    written: frozenset[int] = frozenset()  # documents whose tags were written from spans: IOB2 whatever ``scheme``


def written(tags: Mapping[int, Sequence[Sequence[str]]]) -> Side:
    """Tags written from spans: IOB2, read as they are."""
    return Side(tags, tags, IOB2)


def submitted_sides(
    documents: Sequence[Document],
    tags: Mapping[int, TokenTags],
    gold_items: Sequence[Item],
    gold_tags: Mapping[int, Sequence[Sequence[str]]],
    scheme: str | None,
    pred: Side,
) -> tuple[Side, Side]:
    """The gold and predicted sides of the documents whose predictions came as tags (``pred``,
    read by :func:`judged`).

    The gold is the gold's own tags where it has them on the same tokens (a CoNLL gold),
    else the gold spans written as IOB2 on the file's tokens (:func:`written_gold`). The
    strict mode reads each side with ``scheme`` when given, else with the one that side's
    tags show (:func:`tag_scheme`)."""
    spans: dict[int, list[tuple[int, int, str]]] | None = None  # the gold spans by document, once one is written
    golds: dict[int, Sequence[Sequence[str]]] = {}
    written_docs: dict[int, Sequence[Sequence[str]]] = {}
    for di, submitted in tags.items():
        own = gold_tags.get(di)
        if own is not None and _same_tokens(documents[di], submitted, own):
            golds[di] = own
        else:
            spans = _by_doc(gold_items, tags) if spans is None else spans
            written_docs[di] = written_gold(submitted, spans.get(di, []))
    gold = read_side(golds, scheme, "gold tags")
    if written_docs:  # the gold spans written on the file's tokens: IOB2, whatever the scheme of the tags
        gold = Side(
            {**gold.tags, **written_docs}, {**gold.strict, **written_docs}, gold.scheme, frozenset(written_docs)
        )
    return gold, pred


def read_side(side: Mapping[int, Sequence[Sequence[str]]], scheme: str | None, where: str) -> Side:
    """One side's tags (by document index) with the scheme that reads them: ``scheme`` when
    given, else the one they show (:func:`tag_scheme`; bare labels as inside tags)."""
    distinct = set(chain.from_iterable(chain.from_iterable(side.values())))
    bare = side
    if any(unbare(t) != t for t in distinct):
        bare = {di: [[unbare(t) for t in s] for s in sents] for di, sents in side.items()}
    chosen = tag_scheme(chain.from_iterable(bare.values()), scheme, where)
    if chosen is IOBES and scheme is None and any(t[:2] in _AS_IOBES for t in distinct):
        bare = {di: [[_AS_IOBES.get(t[:2], t[:2]) + t[2:] for t in s] for s in sents] for di, sents in bare.items()}
    return Side(side, bare, chosen)


class Judged(NamedTuple):
    """A batch's predicted tags read with their scheme, and each document's ill-formed inside
    tags under it (:func:`ill_formed`), by document index."""

    side: Side
    ill: dict[int, int]


def judged(tags: Mapping[int, TokenTags], scheme: str | None) -> Judged:
    """Submitted tags (:class:`TokenTags`), by document index, read with ``scheme`` or
    the one they show, and judged by it."""
    side = read_side({di: submitted.tags for di, submitted in tags.items()}, scheme, "predicted tags")
    if not ill_formed(list(chain.from_iterable(side.tags.values())), side.scheme):  # none in the batch: none in any
        return Judged(side, dict.fromkeys(side.tags, 0))
    return Judged(side, {di: ill_formed(sentences, side.scheme) for di, sentences in side.tags.items()})


def tag_counts(
    gold: Side, pred: Side, engine: str, book: ChunkBook | None = None, where: Where | None = None
) -> dict[bool, dict[str, Counts]]:
    """Both token modes' per-type counts (``{strict: counts}``) of documents given as tags on
    both sides: ``token_conlleval`` pairs the tags as conlleval.pl does (:func:`conlleval_counts`),
    the strict mode reads each side as seqeval's strict mode with its scheme. With the
    seqeval engine, seqeval reads every document (its default mode for ``token_conlleval``).
    With ``book``, what each mode counts is booked (``where``: a chunk's offset, from its key)."""
    seqeval = engine == "seqeval"

    def reader(scheme: Scheme | None) -> Callable[[list[Sequence[str]]], Iterable[Chunk]]:
        """How one side's sentences are read: by the default mode (None), or strictly with ``scheme``."""
        if seqeval:
            return lambda s: _seqeval_chunks(s, scheme is not None, scheme or IOB2)
        return _default_chunks if scheme is None else lambda s: chunk_set(s, mode="strict", scheme=scheme)

    if seqeval:
        plain = set(gold.tags)
    else:
        every = [*chain.from_iterable(gold.tags.values()), *chain.from_iterable(pred.tags.values())]
        if _iob_only(every):  # every document's tags are (one look at the batch's distinct tags)
            plain = set(gold.tags)
        else:
            plain = {di for di, g in gold.tags.items() if _iob_only(g) and _iob_only(pred.tags[di])}
    loose_found = [_doc_chunks({di: side.tags[di] for di in plain}, reader(None)) for side in (gold, pred)]
    loose = _counted(*loose_found)
    for di, g in gold.tags.items():
        if di not in plain:
            found = (
                conlleval_counts(g, pred.tags[di])
                if book is None
                else _conlleval_booked(di, g, pred.tags[di], book, where)
            )
            loose = _added(loose, found)
    strict_found = [
        found if not seqeval and _strict_is_loose(side, plain, found) else _strict_chunks(side, reader)
        for side, found in zip((gold, pred), loose_found)
    ]
    same = all(map(is_, strict_found, loose_found))
    strict = dict(loose) if same else _counted(*strict_found)
    if book is not None and where is not None:
        if same:  # one booking for both modes
            book.chunks(None, loose_found[0], loose_found[1], where)
        else:
            book.chunks(False, loose_found[0], loose_found[1], where)
            book.chunks(True, strict_found[0], strict_found[1], where)
    return {False: loose, True: strict}


def _strict_is_loose(side: Side, plain: set[int], loose: set[DocChunk]) -> bool:
    """Whether the strict mode reads ``side`` as the default mode read it (``loose``): when
    the side is read as IOB2, its documents are all ``plain`` (``O``, ``B-TYPE``, ``I-TYPE``)
    and every chunk opens with a ``B-`` tag (as many ``B-`` tags as chunks: no ``I-`` opened
    one), and no type begins or ends with ``-`` (which the strict mode strips). The tags are
    counted in C; reading them strictly means a pass in Python over every chunk."""
    if side.scheme is not IOB2 or side.strict != side.tags or not plain.issuperset(side.tags):
        return False
    counts = Counter(chain.from_iterable(chain.from_iterable(side.tags.values())))
    opening = 0
    for tag, n in counts.items():
        if tag != "O":
            if tag[2:3] == "-" or tag[-1] == "-":
                return False
            opening += n if tag[0] == "B" else 0
    return opening == len(loose)


def _conlleval_booked(
    di: int, gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], book: ChunkBook, where: Where | None
) -> dict[str, Counts]:
    """:func:`conlleval_counts` of document ``di``, booked by sentence when ``book`` asks for it
    and every tag is ``O`` or typed (then a chunk ends with its sentence, and each sentence
    counted alone counts what the whole does), else on the document's first sentence."""
    assert where is not None
    if book.by_sentence and all(t == "O" or _typed(t) for t in set(chain.from_iterable((*gold, *pred)))):
        parts = [conlleval_counts([g], [p]) for g, p in zip(gold, pred)]
    else:
        parts = [conlleval_counts(gold, pred)]
    for k, part in enumerate(parts):
        book.counts(False, di, where((di, k, "", 0)), part)
    return _added({}, *parts)


def _typed(tag: str) -> bool:
    """A tag that conlleval.pl reads with a type and a chunk prefix (not O, ``.`` or a bracket)."""
    prefix, kind = _conll_split(tag)
    return bool(kind) and prefix not in ("O", ".", "[", "]")


def _strict_chunks(
    side: Side, reader: Callable[[Scheme | None], Callable[[list[Sequence[str]]], Iterable[Chunk]]]
) -> set[DocChunk]:
    """One side's strict chunks: its own tags with its scheme, tags written from spans as IOB2."""
    own = {di: s for di, s in side.strict.items() if di not in side.written}
    found = _doc_chunks(own, reader(side.scheme))
    if side.written:
        found |= _doc_chunks({di: side.strict[di] for di in side.written}, reader(IOB2))
    return found


def _doc_chunks(
    tags: Mapping[int, Sequence[Sequence[str]]], read: Callable[[list[Sequence[str]]], Iterable[Chunk]]
) -> set[DocChunk]:
    """The chunks ``read`` finds in every document's sentences, keyed by document: one call
    over all the sentences (per call, the tags module builds its tables anew)."""
    sentences: list[Sequence[str]] = list(chain.from_iterable(tags.values()))
    counts = list(map(len, tags.values()))
    # each sentence's document, and its place there (two columns: no tuple to unpack)
    doc_of = list(chain.from_iterable(map(repeat, tags, counts)))
    place = list(chain.from_iterable(map(range, counts)))
    found = list(read(sentences))  # (sentence, type, first, end)
    at = list(map(_first, found))  # the keys built column by column in C, not a tuple unpacked a chunk
    return set(zip(map(doc_of.__getitem__, at), map(place.__getitem__, at), *(map(g, found) for g in _REST)))


_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)
_REST = (_second, _third, itemgetter(3))


def _default_chunks(sentences: list[Sequence[str]]) -> Iterable[Chunk]:
    """The chunks of ``chunk_set(sentences)`` (the default mode), their keys built column by
    column in C rather than one tuple a chunk in Python."""
    flat = list(chain.from_iterable(chain.from_iterable(zip(sentences, repeat(("O",))))))  # each then an O
    starts = list(accumulate(map(add, map(len, sentences), repeat(1)), initial=0))  # where each begins in ``flat``
    found = get_entities([flat])  # (type, first, last) in ``flat``
    firsts = list(map(_second, found))
    at = list(map(sub, map(bisect_right, repeat(starts), firsts), repeat(1)))  # each chunk's sentence
    before = list(map(starts.__getitem__, at))
    ends = map(sub, map(_third, found), map(sub, before, repeat(1)))
    return zip(at, map(_first, found), map(sub, firsts, before), ends)


def _counted(gold: set[DocChunk], pred: set[DocChunk]) -> dict[str, Counts]:
    return count_chunks(gold, pred, ())


# ---------------------------------------------------------------- conlleval.pl, rule for rule
#
# conlleval.pl (CoNLL-2000, version 2004-01-26) reads a file of (gold tag, predicted tag)
# lines: a tag's prefix is the text before its first "-" (a tag without one is all prefix),
# its type the text after it ("" also for the type "0", which Perl takes as false). Its
# chunk rules know B, I, E, O, "." and brackets, and a change of type; S- and bare labels
# follow only the rule of type changes. A predicted chunk is correct when it starts with a
# gold chunk of its type and every token until both end agrees on the end and the type.

_CONLL_ENDS = frozenset({("B", "B"), ("B", "O"), ("I", "B"), ("I", "O"), ("E", "E"), ("E", "I"), ("E", "O")})
_CONLL_STARTS = frozenset({("B", "B"), ("I", "B"), ("O", "B"), ("O", "I"), ("E", "E"), ("E", "I"), ("O", "E")})


def _conll_split(tag: str) -> tuple[str, str]:
    prefix, dash, kind = tag.partition("-")
    return (prefix, "" if kind == "0" else kind) if dash else (tag, "")


def _chunk_ends(prev: str, tag: str, prev_type: str, kind: str) -> bool:
    return (prev, tag) in _CONLL_ENDS or (prev not in ("O", ".") and prev_type != kind) or prev in ("[", "]")


def _chunk_starts(prev: str, tag: str, prev_type: str, kind: str) -> bool:
    return (prev, tag) in _CONLL_STARTS or (tag not in ("O", ".") and prev_type != kind) or tag in ("[", "]")


def _iob_only(sentences: Sequence[Sequence[str]]) -> bool:
    """Whether every tag is ``O``, ``B-TYPE`` or ``I-TYPE``: there conlleval.pl counts the
    intersection of the chunk sets that seqeval's default mode reads (``chunk_set``), which
    is read in C; its rules for other tags are followed one token at a time."""
    return all(
        t == "O" or (t[:2] in ("B-", "I-") and t[2:] not in ("", "0")) for t in set(chain.from_iterable(sentences))
    )


def conlleval_counts(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Counts]:
    """Per-type counts of one document's gold and predicted tags (sentences of equal
    lengths), as conlleval.pl counts them on that document alone.

    >>> conlleval_counts([["S-PER", "S-PER"]], [["B-PER", "I-PER"]])
    {'PER': Counts(tp=1, fp=0, fn=0, par=0)}
    """
    correct: Counter[str] = Counter()
    found_gold: Counter[str] = Counter()
    found_pred: Counter[str] = Counter()
    last_g, last_gt, last_p, last_pt = "O", "", "O", ""
    inside = False  # the chunks that started together agree so far
    boundary = ("O", "")
    for g_sentence, p_sentence in zip(gold, pred):
        for g_tag, p_tag in chain(zip(map(_conll_split, g_sentence), map(_conll_split, p_sentence)), [(boundary,) * 2]):
            (g, gt), (p, pt) = g_tag, p_tag
            if inside:
                g_end, p_end = _chunk_ends(last_g, g, last_gt, gt), _chunk_ends(last_p, p, last_pt, pt)
                if g_end and p_end and last_pt == last_gt:
                    inside = False
                    correct[last_gt] += 1
                elif g_end != p_end or pt != gt:
                    inside = False
            g_start, p_start = _chunk_starts(last_g, g, last_gt, gt), _chunk_starts(last_p, p, last_pt, pt)
            if g_start and p_start and pt == gt:
                inside = True
            if g_start:
                found_gold[gt] += 1
            if p_start:
                found_pred[pt] += 1
            last_g, last_gt, last_p, last_pt = g, gt, p, pt
    if inside:
        correct[last_gt] += 1
    return {
        t: Counts(correct[t], found_pred[t] - correct[t], found_gold[t] - correct[t])
        for t in sorted(found_gold.keys() | found_pred.keys())
    }


def token_results(
    documents: Sequence[Document],
    gold_items: Sequence[Item],
    pred_items: Sequence[Item],
    modes: Sequence[str],
    labels: Sequence[str],
    engine: str = "newsgold",
    tags: Mapping[int, TokenTags] | None = None,
    gold_tags: Mapping[int, Sequence[Sequence[str]]] | None = None,
    scheme: str | None = None,
    judgement: Judged | None = None,
    book: ChunkBook | None = None,
) -> dict[str, ModeResult]:
    """The token modes' results for items ``(document index, start, end, type)``.

    Two paths. Spans that sit on tokens inside one sentence are chunks as they stand, read
    alike by both modes (:func:`whole_word_counts` for whole batches, :func:`span_chunks`
    document by document). Everything else is read as tags: a document whose predictions
    came as tags (``tags``, by document index; ``gold_tags`` are the gold's own tags,
    ``scheme`` the scheme the strict mode reads them with, None to detect it:
    :func:`submitted_sides`; ``judgement``, :func:`judged` of ``tags``, when already made),
    and a document with a span across sentences, or every document with ``engine="seqeval"``,
    whose spans are written as IOB2 tags (:func:`tag_counts`). With ``book``, every chunk
    counted is booked (``units.ChunkBook``) where it starts."""
    tags = tags or {}
    off = dropped = ill = 0
    plain: dict[str, Counts] = {}  # counts of the documents whose spans are all chunks as they stand
    if engine == "newsgold" and not tags and len(gold_items) + len(pred_items) >= COLUMNS_FROM:
        whole = whole_word_counts(documents, gold_items, pred_items, book)
        if whole is not None:
            plain, dropped, gold_items, pred_items = whole
    tagged: list[tuple[Side, Side, Where]] = []
    schemes: dict[str, dict[str, int]] = {}
    if tags:
        judgement = judgement or judged(tags, scheme)
        gold_side, pred_side = submitted_sides(documents, tags, gold_items, gold_tags or {}, scheme, judgement.side)
        tagged.append((gold_side, pred_side, _token_start(tags) if book else _chunk_start))
        ill += sum(judgement.ill.values())
        schemes = read_schemes(gold_side, pred_side)
    chunks: tuple[set[DocChunk], set[DocChunk]] = (set(), set())  # (gold, predicted): what both modes read
    later: tuple[set[DocChunk], set[DocChunk]] = (set(), set())  # what the default mode reads too
    if tags:  # the documents read as tags are done
        gold_items, pred_items = _untagged(gold_items, tags), _untagged(pred_items, tags)
    gold_by, pred_by = _by_doc(gold_items, None), _by_doc(pred_items, None)
    written_gold: dict[int, Tags] = {}
    written_pred: dict[int, Tags] = {}
    for di in sorted(gold_by.keys() | pred_by.keys()):
        doc, g, p = documents[di], gold_by.get(di, []), pred_by.get(di, [])
        if engine == "newsgold":
            g_found, p_found = span_chunks(doc, g), span_chunks(doc, p)
            if g_found is not None and p_found is not None:
                for side, found in enumerate((g_found, p_found)):
                    chunks[side].update([(di, *c) for c in found.chunks])
                    later[side].update([(di, *c) for c in found.later])
                # the gold's own counts say nothing; each later part starts with an I- tag IOB2 does not allow
                off, dropped, ill = off + p_found.off, dropped + p_found.dropped, ill + len(p_found.later)
                continue
        written_gold[di] = spans_to_tags(doc, g)[0]
        written_pred[di], o, dr = spans_to_tags(doc, p)
        off, dropped, ill = off + o, dropped + dr, ill + ill_formed(written_pred[di])
    if written_pred:
        tagged.append((written(written_gold), written(written_pred), lambda c: documents[c[0]].sentences[c[1]].start))
    strict = _added(count_chunks(chunks[0], chunks[1], labels), plain)
    by_strictness = {False: strict, True: strict}
    if later[0] or later[1]:
        every = chunks[0] | later[0], chunks[1] | later[1]
        by_strictness[False] = _added(count_chunks(*every, labels), plain)
        if book is not None:
            book.chunks(False, *every, _chunk_start)
            book.chunks(True, *chunks, _chunk_start)
    elif book is not None:
        book.chunks(None, *chunks, _chunk_start)
    extra: dict[str, Any] = {"off_boundary": off, "overlap_dropped": dropped, "ill_formed": ill}
    if tagged:
        read = [tag_counts(gold, pred, engine, book, where) for gold, pred, where in tagged]
        by_strictness = {mode: _added(by_strictness[mode], *(r[mode] for r in read)) for mode in (False, True)}
    return {
        m: ModeResult(
            dict(by_strictness[TOKEN_MODES[m].strict]),
            None,
            {**extra, "tag_schemes": schemes} if schemes and TOKEN_MODES[m].strict else dict(extra),
        )
        for m in modes
    }


_chunk_start = itemgetter(3)  # a span chunk's first token's start


def _untagged(items: Sequence[Item], tags: Mapping[int, TokenTags]) -> list[Item]:
    """The items of the documents without tags as submitted."""
    return list(compress(items, map(not_, map(tags.__contains__, map(item_doc, items)))))


def _token_start(tags: Mapping[int, TokenTags]) -> Where:
    """Where a chunk of submitted tags, ``(document, sentence, type, first token, ...)``, starts."""
    firsts = {di: list(accumulate(map(len, t.tags), initial=0)) for di, t in tags.items()}
    return lambda c: tags[c[0]].starts[firsts[c[0]][c[1]] + c[3]]


def read_schemes(gold: Side, pred: Side) -> dict[str, dict[str, int]]:
    """How many documents' tags the strict mode read with which scheme, by side: the
    predicted tags, and the gold's own tags where it has them (a gold written from spans is
    IOB2 by construction, and not listed)."""
    out = {"predicted": {pred.scheme.name: len(pred.tags)}}
    own = len(gold.tags) - len(gold.written)
    if own:
        out["gold"] = {gold.scheme.name: own}
    return out


def _added(*parts: Mapping[str, Counts]) -> dict[str, Counts]:
    """Per-type counts summed over ``parts``, types sorted."""
    if not any(parts[1:]):
        return dict(parts[0])
    names = sorted({t for part in parts for t in part})
    return {t: sum((part.get(t, Counts()) for part in parts), Counts()) for t in names}
