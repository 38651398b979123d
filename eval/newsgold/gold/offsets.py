"""Explaining why a span's ``text`` does not equal the slice its offsets name.

The usual causes: offsets counted in UTF-8 bytes or UTF-16 code units instead of code
points, a shift by one or two, an inclusive end. Saying which one saves the user an hour.

>>> text = "The “talks” in Havana"
>>> b = len(text[:15].encode("utf-8"))       # a byte offset for "Havana"
>>> explain_mismatch(text, b, b + 6, "Havana")
'the offsets fit UTF-8 byte counting: count Unicode code points instead (Havana is at [15, 21))'
>>> explain_mismatch(text, 16, 22, "Havana")
'the offsets are shifted by 1: Havana is at [15, 21)'
>>> explain_mismatch(text, 15, 20, "Havana")
'the end looks inclusive or off by one: end is exclusive, Havana is at [15, 21)'
"""

from __future__ import annotations

from typing import Any

from ..tables.rules import ABSENT, BadRecord, Field, Shape, columns, first_misquoted, first_outside, flat, repoint

_LONE = "surrogatepass"  # a text read from JSON may hold a lone surrogate: data, counted as a character


def _utf16_slice(text: str, start: int, end: int) -> str | None:
    try:
        return text.encode("utf-16-le", _LONE)[2 * start : 2 * end].decode("utf-16-le", _LONE)
    except UnicodeDecodeError:
        return None


def explain_mismatch(text: str, start: int, end: int, expected: str) -> str | None:
    """A sentence naming the likely cause, or None when no simple cause fits."""
    n = len(expected)
    try:
        as_bytes = text.encode("utf-8", _LONE)[start:end].decode("utf-8", _LONE)
    except UnicodeDecodeError:
        as_bytes = None
    nearest = _nearest(text, expected, start)
    where = f"{expected} is at [{nearest}, {nearest + n})" if nearest is not None else None
    if as_bytes == expected and text[start:end] != expected:
        return f"the offsets fit UTF-8 byte counting: count Unicode code points instead ({where})"
    if _utf16_slice(text, start, end) == expected and text[start:end] != expected:
        return f"the offsets fit UTF-16 code units (as JavaScript counts): count code points instead ({where})"
    for shift in (-1, 1, -2, 2):
        if 0 <= start - shift and text[start - shift : end - shift] == expected:
            return f"the offsets are shifted by {shift}: {where}"
    if text[start : end + 1] == expected:
        return f"the end looks inclusive or off by one: end is exclusive, {where}"
    if end - start > 1 and text[start : end - 1] == expected:
        return f"the end is off by one (one past the text): {where}"
    if where:
        return f"{where} (nearest occurrence to the given start)"
    return None


def byte_offsets_suspected(text: str, edges: set[int], spans: list[tuple[int, int]]) -> tuple[str, str] | None:
    """For spans given without ``text`` (nothing to check them against): when most fall off
    token edges and reading their offsets as UTF-8 byte counts puts most on edges, a message
    saying so and NG302's hint for the first such span; else None.

    >>> text = "Señor Díaz met Cuba"
    >>> b = len(text[:15].encode("utf-8"))
    >>> byte_offsets_suspected(text, {0, 5, 6, 10, 11, 14, 15, 19}, [(b, b + 4), (7, 12)])
    ('2 of 2 spans given without text are off token boundaries; read as UTF-8 byte offsets, 2 would sit on them', 'the offsets fit UTF-8 byte counting: count Unicode code points instead (Cuba is at [15, 19))')
    """  # noqa: E501 (the doctest's expected output above is one line by nature)
    if text.isascii() or not spans:
        return None
    data = text.encode("utf-8", _LONE)
    char_at = {}  # byte offset -> code point offset, at character starts (and the end)
    pos = 0
    for i, ch in enumerate(text):
        char_at[pos] = i
        pos += len(ch.encode("utf-8", _LONE))
    char_at[pos] = len(text)
    off = [(s, e) for s, e in spans if s not in edges or e not in edges]
    as_bytes = [(char_at[s], char_at[e]) for s, e in spans if s in char_at and e in char_at]
    fixed = [(s, e) for s, e in as_bytes if s in edges and e in edges]
    if 2 * len(off) <= len(spans) or 2 * len(fixed) <= len(spans) or len(fixed) <= len(spans) - len(off):
        return None
    # the example: the first span that bytes move, at its start or only at its end (one exists: more
    # spans sit on edges read as bytes than read as code points)
    s, e = next(
        (s, e)
        for s, e in spans
        if s in char_at
        and e in char_at
        and char_at[s] in edges
        and char_at[e] in edges
        and (char_at[s], char_at[e]) != (s, e)
    )
    cause = explain_mismatch(text, s, e, data[s:e].decode("utf-8"))
    message = (
        f"{len(off)} of {len(spans)} spans given without text are off token boundaries; "
        f"read as UTF-8 byte offsets, {len(fixed)} would sit on them"
    )
    return message, cause or "count Unicode code points, not UTF-8 bytes"


def _nearest(text: str, needle: str, near: int) -> int | None:
    best: int | None = None
    i = text.find(needle)
    while i != -1:
        if best is None or abs(i - near) < abs(best - near):
            best = i
        i = text.find(needle, i + 1)
    return best


def checked_spans(items: list[Any], at: str, what: str, shape: Shape, text: str, *, of: str = "") -> list[Any]:
    """The columns of a list of spans at JSON pointer ``at`` (``shape``: start, end, text,
    then any other field), every span inside ``text`` (``of`` names it in the message) and
    equal to its ``text`` where one is given; else :class:`~newsgold.tables.rules.BadRecord`
    (NG201, NG301, NG302). What the gold readers and the predictions readers check alike."""
    cols = columns(items, at, what, shape)
    starts, ends, texts = cols[:3]
    i = first_outside(starts, ends, len(text))
    if i >= 0:
        message = f"[{starts[i]}, {ends[i]}) is not a non-empty span inside [0, {len(text)}){of}"
        raise BadRecord(f"{at}/{i}", message, "NG301")
    i = first_misquoted(starts, ends, texts, text)
    if i >= 0:
        s, e = starts[i], ends[i]
        cause = explain_mismatch(text, s, e, texts[i])
        hint = f"{cause}; offsets are code points, half-open" if cause else None
        raise BadRecord(f"{at}/{i}/text", f"text {texts[i]!r} but [{s}, {e}) holds {text[s:e]!r}", "NG302", hint)
    return cols


def event_triggers(items: list[Any], text: str, *, of: str = "") -> list[Any]:
    """The columns (start, end, text) of each event's trigger, checked as :func:`checked_spans`
    checks spans; a problem is pointed at its event's ``/events/K/trigger``."""
    try:
        return checked_spans(items, "", "a trigger", SPAN, text, of=of)
    except BadRecord as bad:
        raise repoint(bad, lambda k: f"/events/{k}/trigger") from None


SPAN_FIELDS = (Field("start", (int,)), Field("end", (int,)), Field("text", (str,), required=False))
"""A span's fields: integer offsets, and optionally the text they hold."""
SPAN = Shape(*SPAN_FIELDS)
ARGUMENT = Shape(*SPAN_FIELDS, Field("role", (str,), nonempty=True))
"""An event argument given by its offsets and role."""


def event_arguments(given: list[Any] | None, text: str, *, of: str = "") -> tuple[list[int], list[Any]]:
    """Every event's arguments (``given``: each event's list, :data:`~newsgold.tables.rules.ABSENT`
    where an event gives none, or None when no event does) checked together as
    :func:`checked_spans` checks spans: the event row of each, and their columns (start, end,
    text, role); a problem is pointed at the argument in its event."""
    if given is None:
        return [], checked_spans([], "", "an argument", ARGUMENT, text, of=of)
    items, owner = flat([[] if a is ABSENT else a for a in given])
    try:
        return owner, checked_spans(items, "", "an argument", ARGUMENT, text, of=of)
    except BadRecord as bad:
        raise repoint(bad, lambda k: f"/events/{owner[k]}/arguments/{k - owner.index(owner[k])}") from None
