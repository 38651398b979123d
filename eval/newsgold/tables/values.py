"""Value objects made a field at a time, for readers that make many of one class at once.

A frozen slotted class's ``__init__`` costs a call for each field of each value (and a
``__post_init__``, where it has one, another): on a block of records that is most of the
cost of making them. :func:`made` sets one whole column at a time through the slots
instead, so it is only for values whose fields a reader has already checked by the rules
the class's own constructor would apply.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, slots=True)
... class Pair:
...     a: int
...     b: str
>>> made(Pair, 2, {"a": [1, 2], "b": ["x", "y"]})
[Pair(a=1, b='x'), Pair(a=2, b='y')]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import Any, TypeVar

T = TypeVar("T")


def made(cls: type[T], n: int, columns: Mapping[str, Iterable[Any]]) -> list[T]:
    """``n`` values of ``cls``, field ``name`` of the k-th taken from the k-th item of
    ``columns[name]``; every slot of the class must be given a column."""
    assert columns.keys() == set(cls.__slots__), "a slot left unset raises AttributeError when read"  # type: ignore[attr-defined]
    values = list(map(object.__new__, repeat(cls, n)))
    for name, column in columns.items():
        deque(map(getattr(cls, name).__set__, values, column), 0)
    return values
