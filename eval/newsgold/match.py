"""One-to-one matching of gold and predicted spans, independent of input order.

Items are plain tuples ``(doc, start, end, type)`` (the hot path works on tuples, sets and
sorted arrays). A mode is a list of *tiers* tried in order; each tier pairs what is still
unpaired and books each pair as correct, partial or incorrect:

- a key tier pairs items with equal keys (a multiset intersection: exact and fast);
- an overlap tier pairs overlapping items that pass its test, by a maximum one-to-one
  assignment (augmenting paths), preferring same-type pairs and larger overlaps.

Unpaired gold items are missed, unpaired predictions spurious. Items are sorted by value
before matching, so shuffling the input changes nothing; identical items are interchangeable.

>>> gold = [(0, 0, 2, "PER"), (0, 1, 2, "PER")]
>>> pred = [(0, 1, 2, "PER")]
>>> a = align(gold, pred, MODES["strict"])
>>> a.correct, a.missed
([((0, 1, 2, 'PER'), (0, 1, 2, 'PER'))], [(0, 0, 2, 'PER')])
>>> align(list(reversed(gold)), pred, MODES["strict"]) == a
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Literal, Mapping, Sequence

Item = tuple[int, int, int, str]
Pair = tuple[Item, Item]
Outcome = Literal["correct", "partial", "incorrect"]
Key = Callable[[Item], object]
Test = Callable[[Item, Item], bool]


@dataclass(frozen=True, slots=True)
class KeyTier:
    key: Key
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class OverlapTier:
    outcome: Outcome
    test: Test | None = None  # extra condition on an overlapping (gold, pred) pair


@dataclass
class Alignment:
    correct: list[Pair] = field(default_factory=list)
    partial: list[Pair] = field(default_factory=list)
    incorrect: list[Pair] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    spurious: list[Item] = field(default_factory=list)


def _bounds_type(i: Item) -> Item:
    return i


def _bounds(i: Item) -> tuple[int, int, int]:
    return i[0], i[1], i[2]


def _same_type(g: Item, p: Item) -> bool:
    return g[3] == p[3]


# SemEval-2013 Task 9.1 modes, as one-to-one tiers.
MODES: dict[str, list[KeyTier | OverlapTier]] = {
    "strict": [KeyTier(_bounds_type, "correct"), OverlapTier("incorrect")],
    "exact": [KeyTier(_bounds_type, "correct"), KeyTier(_bounds, "correct"), OverlapTier("incorrect")],
    "partial": [KeyTier(_bounds_type, "correct"), KeyTier(_bounds, "correct"), OverlapTier("partial")],
    "type": [KeyTier(_bounds_type, "correct"), OverlapTier("correct", _same_type), OverlapTier("incorrect")],
}


def head_tiers(heads: Mapping[Item, tuple[int, int]]) -> list[KeyTier | OverlapTier]:
    """Lenient head mode: a same-type prediction that equals or covers the gold head is correct."""

    def covers_head(g: Item, p: Item) -> bool:
        hs, he = heads.get(g, (g[1], g[2]))
        return g[3] == p[3] and p[1] <= hs and he <= p[2]

    return [KeyTier(_bounds_type, "correct"), OverlapTier("correct", covers_head), OverlapTier("incorrect")]


def align(gold: Sequence[Item], pred: Sequence[Item], tiers: Sequence[KeyTier | OverlapTier]) -> Alignment:
    out = Alignment()
    rest_g, rest_p = sorted(gold), sorted(pred)
    for tier in tiers:
        if not rest_g or not rest_p:
            break
        if isinstance(tier, KeyTier):
            pairs, rest_g, rest_p = _key_pairs(rest_g, rest_p, tier.key)
        else:
            pairs, rest_g, rest_p = _overlap_pairs(rest_g, rest_p, tier.test)
        getattr(out, tier.outcome).extend(pairs)
    out.missed.extend(rest_g)
    out.spurious.extend(rest_p)
    return out


def _key_pairs(gold: list[Item], pred: list[Item], key: Key) -> tuple[list[Pair], list[Item], list[Item]]:
    """Pair items with equal keys; both inputs sorted, outputs stay sorted."""
    waiting: dict[object, list[int]] = defaultdict(list)
    for j in range(len(pred) - 1, -1, -1):
        waiting[key(pred[j])].append(j)
    pairs: list[Pair] = []
    rest_g: list[Item] = []
    paired = bytearray(len(pred))
    for g in gold:
        stack = waiting.get(key(g))
        if stack:
            j = stack.pop()
            paired[j] = 1
            pairs.append((g, pred[j]))
        else:
            rest_g.append(g)
    rest_p = [p for j, p in enumerate(pred) if not paired[j]] if pairs else pred
    return pairs, rest_g, rest_p


def _overlap_pairs(gold: list[Item], pred: list[Item], test: Test | None) -> tuple[list[Pair], list[Item], list[Item]]:
    """Maximum one-to-one assignment over overlapping pairs (sorted inputs)."""
    adj = _overlap_graph(gold, pred, test)
    match_g: list[int | None] = [None] * len(gold)
    match_p: list[int | None] = [None] * len(pred)
    for root in range(len(gold)):
        if adj[root]:
            _augment(root, adj, match_g, match_p)
    pairs = [(gold[g], pred[p]) for g, p in enumerate(match_g) if p is not None]
    rest_g = [gold[g] for g, p in enumerate(match_g) if p is None]
    rest_p = [pred[p] for p, g in enumerate(match_p) if g is None]
    return pairs, rest_g, rest_p


def _overlap_graph(gold: list[Item], pred: list[Item], test: Test | None) -> list[list[int]]:
    """For each gold index, the overlapping predictions in order of preference (a sweep)."""
    adj: list[list[int]] = [[] for _ in gold]
    by_start = sorted(range(len(pred)), key=lambda j: pred[j])
    active: list[int] = []
    nxt = 0
    for gi, g in enumerate(gold):  # gold is sorted by (doc, start, ...)
        doc, gs, ge = g[0], g[1], g[2]
        while nxt < len(by_start) and pred[by_start[nxt]][:2] < (doc, ge):
            active.append(by_start[nxt])
            nxt += 1
        # Drop predictions that end before this gold starts: later golds start later still.
        active = [j for j in active if (pred[j][0], pred[j][2]) > (doc, gs)]
        cands = [j for j in active if pred[j][0] == doc and pred[j][1] < ge and (test is None or test(g, pred[j]))]
        cands.sort(key=lambda j: (pred[j][3] != g[3], -(min(ge, pred[j][2]) - max(gs, pred[j][1])), pred[j]))
        adj[gi] = cands
    return adj


def _augment(root: int, adj: list[list[int]], match_g: list[int | None], match_p: list[int | None]) -> bool:
    """Find an augmenting path from gold ``root`` (iterative depth-first search)."""
    seen: set[int] = set()
    came_from: dict[int, int] = {}
    stack = [(root, 0)]
    while stack:
        g, i = stack[-1]
        if i == len(adj[g]):
            stack.pop()
            continue
        stack[-1] = (g, i + 1)
        p = adj[g][i]
        if p in seen:
            continue
        seen.add(p)
        came_from[p] = g
        owner = match_p[p]
        if owner is None:
            while True:
                g2 = came_from[p]
                previous = match_g[g2]
                match_g[g2], match_p[p] = p, g2
                if g2 == root:
                    return True
                assert previous is not None
                p = previous
        stack.append((owner, 0))
    return False
