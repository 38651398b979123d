"""The rules a record's lists of spans are checked by, each written once: checking a whole
list fast and explaining what is wrong with it are the same rules.

A list of objects is read as columns, one per :class:`Field` of its :class:`Shape` (a
field's key, the types it may hold, whether it is required, whether it may be empty). :func:`columns` takes each column
whole (one comprehension and one set of types per field); only when that fails does it
walk the items in order, through the same fields, to name the first that breaks its rule:
its JSON pointer, what was expected and what was found. Rules over the columns return the
row of the first span that breaks them, or -1 (:func:`first_outside`,
:func:`first_misquoted`, :func:`first_across`, :func:`first_repeat`, :func:`first_overlap`,
:func:`first_unordered`); each reader words its own message from that row.

>>> fields = Shape(Field("start", (int,)), Field("end", (int,)), Field("type", (str,), nonempty=True))
>>> columns([{"start": 0, "end": 5, "type": "PER"}], "/entities", "an entity", fields)
[[0], [5], ['PER']]
>>> columns([{"start": 0, "end": 5, "type": ""}], "/entities", "an entity", fields)
Traceback (most recent call last):
newsgold.tables.rules.BadRecord: /entities/0/type: 'type' is empty
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import ge, gt, itemgetter, lt, methodcaller
from typing import Any


class BadRecord(Exception):
    """One problem in one record: where (JSON pointer), what, and its code."""

    def __init__(self, ptr: str, message: str, code: str = "NG201", hint: str | None = None):
        super().__init__(f"{ptr}: {message}")
        self.ptr, self.message, self.code, self.hint = ptr, message, code, hint


class _Absent:
    """What an optional field's column holds where an item does not give it."""


ABSENT = _Absent()


@dataclass(frozen=True)
class Field:
    key: str
    kinds: tuple[type, ...]
    required: bool = True
    nonempty: bool = False

    def value(self, obj: Mapping[str, Any], ptr: str) -> Any:
        """This field of one object (None when an optional field is absent), or BadRecord."""
        if self.key not in obj:
            if self.required:
                raise BadRecord(ptr, f"missing field {self.key!r}")
            return None
        value = obj[self.key]
        if type(value) not in self.kinds:  # exactly: a bool is no int here
            names = "/".join(k.__name__ for k in self.kinds)
            raise BadRecord(f"{ptr}/{self.key}", f"{self.key!r} must be {names}, got {type(value).__name__} {value!r}")
        if self.nonempty and not value:
            raise BadRecord(f"{ptr}/{self.key}", f"{self.key!r} is empty")
        return value


def objects(items: list[Any], at: str, what: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each item of a list that must hold objects, with its JSON pointer (``at``/index);
    raises :class:`BadRecord` at the first item that is not an object."""
    for i, item in enumerate(items):
        ptr = f"{at}/{i}"
        if not isinstance(item, dict):
            raise BadRecord(ptr, f"{what} must be an object, got {item!r}")
        yield ptr, item


def columns(items: list[Any], at: str, what: str, shape: Shape) -> list[Any]:
    """One column per field of ``shape`` for ``items``, a list of objects at JSON pointer ``at``: a list of
    values (:data:`ABSENT` where an optional field is not given), or None for an optional
    field that no item gives. Raises :class:`BadRecord` naming the first item and field
    that break their rule."""
    try:
        found = _whole(items, shape)
    except (KeyError, TypeError, AttributeError):  # an item is no object, or lacks a field
        found = None
    if found is not None:
        return found
    for ptr, item in objects(items, at, what):
        for f in shape.fields:
            f.value(item, ptr)
    raise AssertionError("the columns were refused, but no item breaks a rule")  # pragma: no cover


def flat(lists: list[list[Any]]) -> tuple[list[Any], list[int]]:
    """The items of ``lists`` laid end to end, and the row in ``lists`` of each.

    >>> flat([["a", "b"], [], ["c"]])
    (['a', 'b', 'c'], [0, 0, 2])
    """
    return list(chain.from_iterable(lists)), list(chain.from_iterable(map(repeat, range(len(lists)), map(len, lists))))


def repoint(bad: BadRecord, place: Callable[[int], str]) -> BadRecord:
    """``bad``, about item k of a list laid out flat (its pointer ``/k/...``), pointed at
    ``place(k)``: where that item stands in the record."""
    index, _, rest = bad.ptr[1:].partition("/")
    return BadRecord(place(int(index)) + (f"/{rest}" if rest else ""), bad.message, bad.code, bad.hint)


class Shape:
    """The fields of one kind of object, and how a list of them is checked whole: built
    once (at import), so checking a list costs one pass per field."""

    def __init__(self, *fields: Field):
        self.fields = fields
        self.required = sum(f.required for f in fields)
        self.plan = tuple(
            (
                f.key,
                itemgetter(f.key) if f.required else methodcaller("get", f.key, ABSENT),
                f.required,
                frozenset(f.kinds if f.required else (*f.kinds, _Absent)),
                f.nonempty,
            )
            for f in fields
        )


def _whole(items: list[Any], shape: Shape) -> list[Any] | None:
    # The optional fields any item gives (none can, when no item has more keys than the required).
    given = set().union(*items) if items and max(map(len, items)) > shape.required else ()
    out: list[Any] = []
    for key, get, needed, kinds, nonempty in shape.plan:
        if needed or key in given:  # an optional field given by one item at least: a column
            column = list(map(get, items))
            if not kinds.issuperset(map(type, column)) or (nonempty and not all(column)):
                return None
            out.append(column)
        else:
            out.append(None)
    return out


def first_outside(starts: list[int], ends: list[int], n: int | list[int]) -> int:
    """The first span that is empty, reversed, or not inside ``[0, n)`` (``n``: the length of
    the text, or of each span's own text)."""
    limits = [n] * len(starts) if isinstance(n, int) else n
    if not any(map(ge, starts, ends)) and (not starts or (min(starts) >= 0 and not any(map(gt, ends, limits)))):
        return -1
    return next(i for i, (s, e, m) in enumerate(zip(starts, ends, limits)) if not 0 <= s < e <= m)


def first_misquoted(starts: list[int], ends: list[int], texts: list[Any] | None, text: str) -> int:
    """The first span whose given ``text`` is not its slice of ``text``."""
    if texts is None:
        return -1
    return next((i for i, (s, e, t) in enumerate(zip(starts, ends, texts)) if t is not ABSENT and text[s:e] != t), -1)


def first_unordered(starts: list[int], ends: list[int]) -> int:
    """The first span that starts before the one before it ends."""
    if not any(map(lt, islice(starts, 1, None), ends)):
        return -1
    return next(i for i in range(1, len(starts)) if starts[i] < ends[i - 1])


def first_across(starts: list[int], ends: list[int], s_starts: list[int], s_ends: list[int]) -> int:
    """The first span not inside one of the sentences ``(s_starts, s_ends)`` (in order, not
    overlapping; spans already inside the text)."""
    if len(s_starts) == 1 and s_starts[0] == 0 and (not ends or max(ends) <= s_ends[0]):
        return -1  # one sentence holding them all (a text given without sentences)
    # The end of the sentence each span starts in (-1 before the first): one bisection a span.
    limits = list(map([-1, *s_ends].__getitem__, map(bisect_right, repeat(s_starts), starts)))
    return (
        next((i for i, (e, limit) in enumerate(zip(ends, limits)) if e > limit), -1)
        if any(map(gt, ends, limits))
        else -1
    )


def first_repeat(starts: list[int], ends: list[int], types: list[str]) -> tuple[int, int]:
    """The first span given again with the same type, and where it was first given; (-1, -1) if none."""
    keys = list(zip(starts, ends, types))
    if len(set(keys)) == len(keys):
        return -1, -1
    seen: dict[tuple[int, int, str], int] = {}
    for i, key in enumerate(keys):
        if key in seen:
            return i, seen[key]
        seen[key] = i
    raise AssertionError  # pragma: no cover


def first_overlap(starts: list[int], ends: list[int]) -> tuple[int, int]:
    """Two spans that overlap, ``(b, a)``: ``b`` the later in order of start (and end), ``a``
    the one before it; (-1, -1) if none."""
    if all(map(lt, starts, islice(starts, 1, None))) and not any(map(lt, islice(starts, 1, None), ends)):
        return -1, -1  # given in order of start, none reaching into the next: the usual
    order = sorted(range(len(starts)), key=lambda i: (starts[i], ends[i]))
    for a, b in zip(order, islice(order, 1, None)):
        if starts[b] < ends[a]:
            return b, a
    return -1, -1
