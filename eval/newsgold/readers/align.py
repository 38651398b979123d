"""Tokens that other formats carry, found in the document text.

Formats that count tokens instead of characters (CoNLL columns, TextEE windows, DyGIE++
sentences) carry the tokens themselves; their indices become code point offsets by finding
each token in the text, in order. Whitespace between tokens is skipped; Penn Treebank
escapes (``-LRB-``, ``````, ``''``) and straight vs curly quotes count as equal. Nothing else
is forgiven: a token that does not follow is the caller's error to report, naming it.

>>> text = "“The talks,” he said (in Havana)."
>>> follow(text, "``", 0), follow(text, "-LRB-", 20), follow(text, "Havana", 20)
((0, 1), (21, 22), None)
>>> locate_window(text, "he  said\\n(in", 0)
(13, 24)
"""

from __future__ import annotations

import re

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}", "``": "“", "''": "”"}
_QUOTE_FORMS = {'"': ("“", "”"), "'": ("‘", "’"), "“": ('"',), "”": ('"',)}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'"})


def follow(text: str, token: str, cursor: int, end: int | None = None) -> tuple[int, int] | None:
    """Where ``token`` lies in ``text`` after ``cursor`` and whitespace (before ``end``), or None."""
    limit = len(text) if end is None else end
    while cursor < limit and text[cursor].isspace():
        cursor += 1
    if token and text.startswith(token, cursor, limit):  # the token as it stands (most tokens)
        return cursor, cursor + len(token)
    for form in (token, _PTB.get(token, token)):
        stop = cursor + len(form)
        if stop <= limit and form and text[cursor:stop].translate(_QUOTES) == form.translate(_QUOTES):
            return cursor, stop
    if token in ("``", "''") and cursor < limit and text[cursor] in '"“”':
        return cursor, cursor + 1
    return None


def not_following(token: str, where: str, text: str, cursor: int) -> str:
    """NG608's words for ``token`` (as named, e.g. "token 3 'Obama'") that does not follow in
    ``where`` (the document's name, or the window's text) at ``cursor`` of ``text``."""
    return f"{token} does not follow in {where} at offset {cursor} (text there: {text[cursor : cursor + 20]!r})"


def locate_window(text: str, window: str, after: int) -> tuple[int, int] | None:
    """Where a window of text (a sentence a format copied) lies in ``text``: the first
    occurrence at or after ``after``, else the first anywhere; runs of whitespace match any
    run of whitespace (formats write line breaks as spaces)."""
    words = window.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    m = pattern.search(text, after) or pattern.search(text)
    return (m.start(), m.end()) if m else None


def follow_all(text: str, tokens: list[str], cursor: int, end: int | None = None) -> list[tuple[int, int]] | None:
    """The spans of ``tokens`` following one another from ``cursor`` (whitespace between), or None."""
    spans = []
    for token in tokens:
        span = follow(text, token, cursor, end)
        if span is None:
            return None
        spans.append(span)
        cursor = span[1]
    return spans


def locate_tokens(text: str, tokens: list[str], after: int) -> list[tuple[int, int]] | None:
    """Where a window given by its tokens alone lies in ``text``: the spans of its tokens at the
    first place at or after ``after`` where they all follow one another, else the first anywhere.

    >>> locate_tokens("Cuba met the US. The US met Cuba.", ["The", "US"], 5)
    [(17, 20), (21, 23)]
    """
    if not tokens:
        return None
    forms = {tokens[0], _PTB.get(tokens[0], tokens[0])}
    forms |= {q for f in forms for q in _QUOTE_FORMS.get(f, ())}
    first = re.compile("|".join(map(re.escape, sorted(forms, key=len, reverse=True))))
    for lo in (after, 0):
        for m in first.finditer(text, lo):
            spans = follow_all(text, tokens, m.start())
            if spans is not None:
                return spans
    return None


def same_text(given: str, found: str, tokens: list[str] | None = None) -> bool:
    """Whether a format's ``text`` of a span says what the span holds: equal but for
    whitespace and quote forms, or the span's tokens joined (as TextEE writes predicted
    triggers)."""
    squeeze = lambda s: "".join(s.split()).translate(_QUOTES)  # noqa: E731
    return squeeze(given) == squeeze(found) or (tokens is not None and squeeze(given) == squeeze("".join(tokens)))
