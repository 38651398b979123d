"""Determiner mode's search: which items lose a leading *the*/*a*/*an*, and the overlap
clusters around them (the only places where dropping it can change a match).

Items are the scorer's tuples ``(doc, start, end, type)``; a determiner is dropped only when
something is left after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import compress
from operator import attrgetter, sub

from ..gold.model import Document
from .match import Item, item_doc, item_end, item_start

_DETERMINER = re.compile(r"(?i)(?:the|a|an)\s+")
_DETERMINER_FIRST = frozenset("tTaA")
_text = attrgetter("text")


def without_determiners(items: list[Item], documents: Sequence[Document]) -> dict[int, Item]:
    """Position -> item without its leading determiner, for the items that have one."""
    texts = list(map(_text, map(documents.__getitem__, map(item_doc, items))))
    try:
        # The regex only where it can match: a first character read in C rules out most items.
        firsts = list(map(str.__getitem__, texts, map(item_start, items)))
    except IndexError:  # an offset past its text (items not checked against documents)
        firsts = [text[it[1] : it[1] + 1] for text, it in zip(texts, items)]
    where = list(compress(range(len(items)), map(_DETERMINER_FIRST.__contains__, firsts)))
    cands = list(map(items.__getitem__, where))
    found = map(_DETERMINER.match, map(texts.__getitem__, where), map(item_start, cands), map(item_end, cands))
    out: dict[int, Item] = {}
    for k, it, m in zip(where, cands, found):
        if m is not None and m.end() < it[2]:
            out[k] = (it[0], m.end(), it[2], it[3])
    return out


def clusters_of(
    gold: list[Item], pred: list[Item], changed_g: Mapping[int, Item], changed_p: Mapping[int, Item]
) -> tuple[list[int], list[int]]:
    """Positions of the items in the overlap clusters of the changed ones (both lists sorted).

    A cluster grows from a changed item's original span by every item overlapping it, until
    none is left; only items starting less than the document's longest item before the span
    can reach it, so the search stays near the changed items.
    """
    seeds: dict[int, list[tuple[int, int]]] = {}  # document -> spans of its changed items
    for items, keys in ((gold, changed_g), (pred, changed_p)):
        for k in keys:
            seeds.setdefault(items[k][0], []).append((items[k][1], items[k][2]))
    in_g: list[int] = []
    in_p: list[int] = []
    for d, spans in sorted(seeds.items()):
        sides = []
        longest = 0
        for items in (gold, pred):
            lo, hi = bisect_left(items, (d,)), bisect_left(items, (d + 1,))
            sides.append((items, lo, hi))
            if hi > lo:
                part = items[lo:hi]
                longest = max(longest, max(map(sub, map(item_end, part), map(item_start, part))))
        done = -1  # end of the last cluster found: seeds come in order
        for start, end in sorted(spans):
            if start < done:
                continue  # inside the cluster just found
            grown = _grow(sides, d, (start, end), longest)
            while grown != (start, end):
                start, end = grown
                grown = _grow(sides, d, grown, longest)
            (g_items, g_lo, g_hi), (p_items, p_lo, p_hi) = sides
            in_g += range(bisect_left(g_items, (d, start), g_lo, g_hi), bisect_left(g_items, (d, end), g_lo, g_hi))
            in_p += range(bisect_left(p_items, (d, start), p_lo, p_hi), bisect_left(p_items, (d, end), p_lo, p_hi))
            done = end
    return in_g, in_p


def _grow(sides: list[tuple[list[Item], int, int]], doc: int, span: tuple[int, int], longest: int) -> tuple[int, int]:
    """``span`` widened to every item of ``doc`` (on either side) that overlaps it."""
    start, end = span
    for items, lo, hi in sides:
        for k in range(
            bisect_left(items, (doc, span[0] - longest + 1), lo, hi), bisect_left(items, (doc, span[1]), lo, hi)
        ):
            it = items[k]
            if it[2] > span[0]:
                start, end = min(start, it[1]), max(end, it[2])
    return start, end
