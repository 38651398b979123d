"""The canonical tokenization: deterministic, offset-preserving, fine enough for every gold span.

Rules, tried in this order at each position (whitespace is skipped and never a token):

1. abbreviations of single letters with periods: ``U.S.``;
2. dotted words with a letter after each dot (domains): ``Inditop.com``;
3. numbers with inner separators: ``2,382``, ``3.5``, ``10:30``;
4. a possessive or contraction clitic after a word: ``’s``, ``'s``, ``n’t``;
5. a run of letters and digits (``1960s``, ``Obama``);
6. any other single character (punctuation, hyphens, slashes, quotes).

So hyphens and slashes always split: ``communist-ruled`` -> ``communist``, ``-``, ``ruled``.

>>> text = "Obama’s Inditop.com/EFE communist-ruled 47-year-old “U.S.”"
>>> [text[t.start:t.end] for t in tokenize(text)]  # doctest: +NORMALIZE_WHITESPACE
['Obama', '’s', 'Inditop.com', '/', 'EFE', 'communist', '-', 'ruled', '47', '-', 'year', '-',
 'old', '“', 'U.S.', '”']
>>> t2 = "Cuban-Americans’ travel"
>>> [t2[t.start:t.end] for t in tokenize(t2)]
['Cuban', '-', 'Americans', '’', 'travel']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cached_property
from operator import attrgetter

from .spans import Span

_TOKEN = re.compile(
    r"""
    [^\W_]+(?!\S)                          # a plain word up to a space (see below)
  | (?:[^\W\d_]\.){2,}                    # U.S.
  | [^\W_]+(?:\.[^\W\d_][^\W_]*)+          # Inditop.com
  | \d+(?:[.,:]\d+)+                       # 2,382  3.5  10:30
  | (?<=[^\W_])[’'][sS](?![^\W_])          # possessive clitic
  | (?<=[^\W_])[nN][’'][tT](?![^\W_])      # n't
  | [^\W_]+?(?=[nN][’'][tT](?![^\W_]))     # do|n't
  | [^\W_]+                                # words and numbers
  | \S                                     # any other character
    """,
    re.VERBOSE,
)


# The first alternative changes no token: where a run of letters and digits reaches a space or
# the end, no other rule can match there (each needs a dot, separator or apostrophe inside the
# run) and rule 5 would take the whole run. Tried first, it spares most words four failing scans.


def tokenize(text: str) -> tuple[Span, ...]:
    """Token spans of ``text`` in order."""
    return tuple(map(_span, *token_offsets(text)))


def token_offsets(text: str) -> tuple[list[int], list[int]]:
    """Token starts and ends of ``text``, without building a :class:`Span` per token."""
    starts: list[int] = []
    ends: list[int] = []
    add_start, add_end = starts.append, ends.append
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        add_start(a)
        add_end(b)
    return starts, ends


def word_tokens(text: str, i: int) -> list[tuple[int, int]]:
    """The canonical tokens of the run of non-whitespace characters that holds ``text[i]``.

    Tokens never reach across whitespace and every rule looks no further than the run's
    edges (whitespace, or the text's ends), so they are the tokens :func:`tokenize` finds
    there: a few edges of a long text are placed without tokenizing all of it.
    """
    a, b = _word(text, i)
    return [m.span() for m in _TOKEN.finditer(text, a, b)]


def whitespace_tokens(text: str) -> tuple[Span, ...]:
    """The whitespace-separated words of ``text`` as tokens (a gold that came as tokens)."""
    return tuple(_span(*m.span()) for m in _WORD.finditer(text))


def whitespace_word(text: str, i: int) -> list[tuple[int, int]]:
    """As :func:`word_tokens`, for a text whose tokens are its whitespace-separated words."""
    return [_word(text, i)]


def _word(text: str, i: int) -> tuple[int, int]:
    """The run of non-whitespace characters that holds ``text[i]``."""
    a = i
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = i + 1
    n = len(text)
    while b < n and not text[b].isspace():
        b += 1
    return a, b


_WORD = re.compile(r"\S+")


def _span(start: int, end: int) -> Span:
    # Regex matches are non-empty and in range, so Span's checks would only cost time here.
    s = _new(Span)
    _set(s, "start", start)
    _set(s, "end", end)
    return s


_new = object.__new__
_set = object.__setattr__


class TokenIndex:
    """Answers 'is this offset a token boundary?' and maps spans to token ranges.

    Built from token offsets alone (:func:`token_offsets`): validating a corpus asks it about
    every gold span and needs no token objects.

    >>> idx = TokenIndex.of_text("Barack Obama’s administration")
    >>> idx.is_boundary(6), idx.is_boundary(7), idx.is_boundary(8)
    (True, True, False)
    >>> idx.token_range(Span(7, 12))
    (1, 2)
    >>> idx.token_range(Span(8, 12)) is None
    True
    """

    def __init__(self, starts: list[int], ends: list[int]):
        self._starts, self._ends = starts, ends

    @classmethod
    def of_text(cls, text: str) -> TokenIndex:
        return cls(*token_offsets(text))

    @classmethod
    def of_tokens(cls, tokens: Sequence[Span]) -> TokenIndex:
        return cls(list(map(_start, tokens)), list(map(_end, tokens)))

    def is_boundary(self, offset: int) -> bool:
        # A boundary is any offset between two tokens (whitespace included) or at a token edge.
        i = bisect_left(self._ends, offset + 1)  # first token ending after offset
        return i == len(self._ends) or self._starts[i] >= offset

    @cached_property
    def _edges(self) -> tuple[set[int], set[int]]:
        return set(self._starts), set(self._ends)

    def token_range(self, span: Span) -> tuple[int, int] | None:
        """``(first, last + 1)`` token indexes when both edges sit on token edges, else None."""
        starts, ends = self._edges
        if span.start not in starts or span.end not in ends:
            return None
        return bisect_left(self._starts, span.start), bisect_left(self._ends, span.end) + 1

    def covering_range(self, span: Span) -> tuple[int, int]:
        """The tokens that ``span`` touches, as ``(first, last + 1)`` (may be empty)."""
        first = bisect_left(self._ends, span.start + 1)
        last = bisect_left(self._starts, span.end)
        return first, last


_start = attrgetter("start")
_end = attrgetter("end")
