"""One speed trick, kept apart: offsets copied into fresh integers laid out in reading order.

Integers past 256 are objects of their own, left wherever the reader or the caller made
them; the matching reads every offset many times (sorting, hashing, comparing). Copied as
items are built, they sit next to each other in the order the matching reads them.
It pays on long documents, whose offsets run into the millions
(``benchmarks/bench_scoring.py``, one 1M-token document), and costs nothing on short ones.
Offsets up to 256 are shared objects and stay shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import add


def fresh(ints: Iterable[int]) -> Iterator[int]:
    """The same integers, as new objects made one after the other (``x + 0`` makes a new int)."""
    return map(add, ints, repeat(0))
