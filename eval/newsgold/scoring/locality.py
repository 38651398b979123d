"""One speed trick, kept apart: offsets copied into fresh integers laid out in reading order.

Integers past 256 are objects of their own, left wherever the reader or the caller made
them; the matching reads every offset many times (sorting, hashing, comparing). Copied as
items are built, they sit next to each other in the order the matching reads them.
Measured with ``benchmarks/bench_scoring.py`` on one 1M-token document (offsets in the
millions): the full entity report 241-274 ms without the copy, 194-221 ms with it; no
difference on 40,000 short documents. Offsets up to 256 are shared objects and stay shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from operator import add


def fresh(ints: Iterable[int]) -> Iterator[int]:
    """The same integers, as new objects made one after the other (``x + 0`` makes a new int)."""
    return map(add, ints, repeat(0))
