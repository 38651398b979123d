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

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count, islice
from operator import and_, eq, itemgetter, ne, not_, sub
from typing import Literal, NamedTuple

Item = tuple[int, int, int, str]
"""``(doc, start, end, type)``: ``doc`` is the document's position in the gold. Plain tuples,
read by the getters below everywhere outside this module's kernels."""
Pair = tuple[Item, Item]
"""``(gold item, predicted item)``."""

item_doc, item_start, item_end, item_type = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)
pair_gold, pair_pred = itemgetter(0), itemgetter(1)
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
    typed: bool = False  # the test holds only for items of the same type


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
    "type": [
        KeyTier(_bounds_type, "correct"),
        OverlapTier("correct", _same_type, typed=True),
        OverlapTier("incorrect"),
    ],
}


def head_tiers(heads: Mapping[Item, tuple[int, int]]) -> list[KeyTier | OverlapTier]:
    """Lenient head mode: a same-type prediction that equals or covers the gold head is correct."""

    def covers_head(g: Item, p: Item) -> bool:
        if g[3] != p[3]:  # before the head is looked up, which may cost more
            return False
        hs, he = heads.get(g, (g[1], g[2]))
        return p[1] <= hs and he <= p[2]

    return [KeyTier(_bounds_type, "correct"), OverlapTier("correct", covers_head, typed=True), OverlapTier("incorrect")]


def align(gold: Sequence[Item], pred: Sequence[Item], tiers: Sequence[KeyTier | OverlapTier]) -> Alignment:
    return align_modes(gold, pred, {"": tiers})[""]


def align_modes(
    gold: Sequence[Item], pred: Sequence[Item], modes: Mapping[str, Sequence[KeyTier | OverlapTier]]
) -> dict[str, Alignment]:
    """:func:`align` under several modes at once; modes that begin with the same tiers pair those once.

    >>> a = align_modes([(0, 0, 2, "PER")], [(0, 0, 2, "ORG")], {m: MODES[m] for m in ("strict", "exact")})
    >>> a["strict"].incorrect, a["exact"].correct
    ([((0, 0, 2, 'PER'), (0, 0, 2, 'ORG'))], [((0, 0, 2, 'PER'), (0, 0, 2, 'ORG'))])
    """
    out: dict[str, Alignment] = {}
    for name, (steps, missed, spurious) in align_tiers(sorted(gold), sorted(pred), modes).items():
        a = Alignment()
        for outcome, pairs in steps:
            getattr(a, outcome).extend(pairs)
        a.missed.extend(missed)
        a.spurious.extend(spurious)
        out[name] = a
    return out


class Step(NamedTuple):
    """One tier's result: its outcome and the pairs it made."""

    outcome: Outcome
    pairs: list[Pair]


Steps = list[Step]


def align_tiers(
    gold: list[Item],
    pred: list[Item],
    modes: Mapping[str, Sequence[KeyTier | OverlapTier]],
    cut: set[str] | None = None,
) -> dict[str, tuple[Steps, list[Item], list[Item]]]:
    """Each mode's pairs tier by tier, and what stays unpaired; ``gold`` and ``pred`` sorted.

    The lists returned may be shared between modes: read them, do not change them. A mode
    whose assignment was cut short (see :data:`WORK_FLOOR`) is added to ``cut``, if given.
    """
    # Every mode starts with the same exact tier and several share the next ones: a tier's
    # result depends only on what is left unpaired, so each state keeps the result of each
    # tier run on it (see _Rest.pair), and a tier that pairs nothing leaves the state as it was.
    out: dict[str, tuple[Steps, list[Item], list[Item]]] = {}
    start = _Rest(gold, pred)
    for name, tiers in modes.items():
        steps: Steps = []
        rest = start
        for tier in tiers:
            if not rest.n_g or not rest.n_p:
                break
            pairs, rest = rest.pair(tier)
            steps.append(Step(tier.outcome, pairs))
        missed, spurious = rest.lists()
        out[name] = (steps, missed, spurious)
        if cut is not None and rest.cut:
            cut.add(name)
    return out


# The steps an overlap tier may take (candidates listed, search turns), per call: past
# this it stops searching, leaves the gold items it has not reached unpaired and says so
# (align_tiers' ``cut``). The exact assignment of wide or nested predictions over a dense
# gold costs about k^2 x n; this keeps every tier linear in its input, a few seconds at most.
WORK_FLOOR, WORK_PER_ITEM = 500_000, 32

# The overlaps a sweep may list for the state after the exact tier, per item: within this
# every tier reads each gold item's candidates from that one list (see _Rest.graph); past
# it (wide or nested predictions) the tiers find them down a tree of ends (see _Live), so
# memory stays linear in the input.
GRAPH_PER_ITEM = 8

# Keys under which equal items have the same bounds, so equal items overlap.
_BOUNDED_KEYS: tuple[Key, ...] = (_bounds_type, _bounds)


class _Rest:
    """What is still unpaired: sorted lists, or marks on the sorted lists shared by later tiers.

    After the exact tier the unpaired items are few, and every later tier of every mode
    pairs overlapping items: they keep the sorted lists and mark what each tier pairs, and
    read the overlaps listed once for the first marked state and all that descend from it
    (``overlaps``, see :meth:`graph`).
    """

    __slots__ = (
        "gold",
        "pred",
        "alive_g",
        "alive_p",
        "n_g",
        "n_p",
        "cut",
        "overlaps",
        "_marked",
        "_done",
        "_groups",
    )

    def __init__(
        self,
        gold: list[Item],
        pred: list[Item],
        alive_g: bytearray | None = None,
        alive_p: bytearray | None = None,
        n_g: int = -1,
        n_p: int = -1,
        cut: bool = False,
        overlaps: _Overlaps | None = None,
    ):
        self.gold, self.pred, self.cut = gold, pred, cut  # cut: a tier on the way here stopped short
        self.alive_g, self.alive_p = alive_g, alive_p
        self.overlaps = _Overlaps(gold, pred) if overlaps is None else overlaps  # shared by the marked states
        self.n_g = len(gold) if n_g < 0 else n_g
        self.n_p = len(pred) if n_p < 0 else n_p
        self._marked: _Rest | None = None
        self._done: dict[tuple[object, ...], tuple[list[Pair], _Rest]] = {}
        self._groups: dict[bool, dict[str | None, _Live]] = {}

    def lists(self) -> tuple[list[Item], list[Item]]:
        if self.alive_g is None or self.alive_p is None:
            return self.gold, self.pred
        return list(compress(self.gold, self.alive_g)), list(compress(self.pred, self.alive_p))

    def marked(self) -> _Rest:
        if self.alive_g is not None:
            return self
        if self._marked is None:
            self._marked = _Rest(
                self.gold,
                self.pred,
                bytearray(b"\x01") * len(self.gold),
                bytearray(b"\x01") * len(self.pred),
                cut=self.cut,
            )
        return self._marked

    def pair(self, tier: KeyTier | OverlapTier) -> tuple[list[Pair], _Rest]:
        """The tier's pairs and what it leaves: this state itself when it pairs nothing."""
        k = (KeyTier, tier.key) if isinstance(tier, KeyTier) else (OverlapTier, tier.test, tier.typed)
        hit = self._done.get(k)
        if hit is None:
            hit = self._done[k] = self._pair(tier)
        return hit

    def _pair(self, tier: KeyTier | OverlapTier) -> tuple[list[Pair], _Rest]:
        if isinstance(tier, KeyTier):
            if self.alive_g is None and (tier.key is _bounds_type or tier.key not in _BOUNDED_KEYS):
                pairs, g, p = _key_pairs(self.gold, self.pred, tier.key)
                return (pairs, _Rest(g, p, cut=self.cut)) if pairs else ([], self)
            if tier.key not in _BOUNDED_KEYS:  # equal keys need not overlap: leave the marks
                pairs, g, p = _key_pairs(*self.lists(), tier.key)
                return (pairs, _Rest(g, p, cut=self.cut)) if pairs else ([], self)
        if self.alive_g is None:
            return self.marked().pair(tier)
        pairs, rest = self._marked_key_pairs(tier.key) if isinstance(tier, KeyTier) else self._overlap_pairs(tier)
        return (pairs, rest) if pairs or rest.cut != self.cut else ([], self)

    def _next(
        self, pairs: list[Pair], alive_g: bytearray, alive_p: bytearray, cut: bool = False
    ) -> tuple[list[Pair], _Rest]:
        n_g, n_p = self.n_g - len(pairs), self.n_p - len(pairs)
        return pairs, _Rest(self.gold, self.pred, alive_g, alive_p, n_g, n_p, self.cut or cut, self.overlaps)

    def graph(self) -> dict[int, list[int]] | None:
        """Each gold item's overlapping predictions in order of preference, as the marked state
        this one descends from holds them (see :func:`_overlap_graph`), or None past the bound."""
        return self.overlaps.graph()

    def _marked_key_pairs(self, key: Key) -> tuple[list[Pair], _Rest]:
        """As :func:`_key_pairs` among overlapping items: each gold in order takes the first
        unpaired prediction of equal key (equal bounds, so they overlap unless empty)."""
        gold, pred = self.gold, self.pred
        assert self.alive_g is not None and self.alive_p is not None
        alive_g, alive_p = bytearray(self.alive_g), bytearray(self.alive_p)
        pairs: list[Pair] = []
        graph = self.graph()
        if graph is not None:  # an equal prediction overlaps: it is among the gold item's overlaps
            for i, cands in graph.items():
                if alive_g[i]:
                    g = gold[i]
                    k = key(g)
                    j = min((j for j in cands if alive_p[j] and key(pred[j]) == k), default=-1)
                    if j >= 0:
                        alive_g[i] = alive_p[j] = 0
                        pairs.append((g, pred[j]))
            return self._next(pairs, alive_g, alive_p)
        waiting: dict[object, list[int]] = defaultdict(list)
        for j in reversed(list(compress(range(len(pred)), alive_p))):
            if pred[j][1] < pred[j][2]:
                waiting[key(pred[j])].append(j)
        for i in compress(range(len(gold)), alive_g):
            g = gold[i]
            stack = waiting.get(key(g)) if g[1] < g[2] else None
            if stack:
                j = stack.pop()
                alive_g[i] = alive_p[j] = 0
                pairs.append((g, pred[j]))
        return self._next(pairs, alive_g, alive_p)

    def _live(self, typed: bool) -> dict[str | None, _Live]:
        """The unpaired predictions as :class:`_Live` groups (by type if ``typed``), built once
        per state: the tiers run on one state (every mode's after the exact tier) copy them."""
        groups = self._groups.get(typed)
        if groups is None:
            assert self.alive_p is not None
            pred = self.pred
            by_group: dict[str | None, list[int]] = defaultdict(list)
            if typed:
                for j in compress(range(len(pred)), self.alive_p):
                    by_group[pred[j][3]].append(j)
            elif self.n_p:
                by_group[None] = list(compress(range(len(pred)), self.alive_p))
            groups = self._groups[typed] = {t: _Live(pred, js) for t, js in by_group.items()}
        return groups

    def _overlap_pairs(self, tier: OverlapTier) -> tuple[list[Pair], _Rest]:
        """A maximum one-to-one assignment over overlapping pairs that pass the tier's test,
        among the unpaired: one augmenting path search per gold item, in order.

        Wide or nested predictions over a dense gold overlap k x n pairs, and listing them
        all cost k^2 x n. When the overlaps are few (see GRAPH_PER_ITEM), a gold item's
        candidates are its overlaps listed once for every tier, less the paired and the dead;
        past that no pair is listed that a search could not take. A gold item's
        candidates are listed when it is searched from, and only the live ones (see _Live):
        a dead one (walked by a failed search, see augment) is one every search skips, so
        leaving it out changes no path, and a gold item with no live candidate is passed
        over (its search would fail and change nothing). Equal candidate lists are one list,
        so a search skips the prefix it walked once per list, not once per gold item. The
        searches themselves can still cost k^2 x n (each walks the chain of earlier owners):
        past a budget the tier stops (see WORK_FLOOR).
        """
        gold, pred = self.gold, self.pred
        assert self.alive_g is not None and self.alive_p is not None
        alive_g, alive_p = bytearray(self.alive_g), bytearray(self.alive_p)
        test, typed = tier.test, tier.typed
        if test is _same_type and typed:  # the same test, without a call per pair
            test = None
        graph = self.graph()
        groups = {t: live.copy() for t, live in self._live(typed).items()} if graph is None else {}
        adj: dict[int, list[int]] = {}
        same: dict[tuple[int, ...], list[int]] = {}
        match_g: list[int | None] = [None] * len(gold)
        match_p: list[int | None] = [None] * len(pred)
        dead = bytearray(len(pred))
        killed: list[int] = []
        work, budget, cut = [0], WORK_FLOOR + WORK_PER_ITEM * (self.n_g + self.n_p), False
        last = -1
        for i in compress(range(len(gold)), alive_g) if graph is None else graph:
            if not alive_g[i]:
                continue
            if work[0] > budget:  # the gold items from here on stay unpaired (see WORK_FLOOR)
                cut = True
                break
            last = i
            g = gold[i]
            if graph is not None:  # the overlaps still unpaired and not dead, in order of preference
                cands = [j for j in graph[i] if alive_p[j] and not dead[j]]
                if typed:
                    cands = [j for j in cands if pred[j][3] == g[3]]
            else:
                live = groups.get(g[3] if typed else None)
                if live is None:
                    continue
                cands = live.overlapping(*live.span(g), g[1])
            if test is not None:
                cands = [j for j in cands if test(g, pred[j])]
            if not cands:
                continue
            work[0] += len(cands)
            if len(cands) > 1:
                if graph is None:
                    cands.sort(key=_preference(g, pred))
                cands = same.setdefault(tuple(cands), cands)
            adj[i] = cands
            first = cands[0]
            if match_p[first] is None:
                match_g[i] = first
                match_p[first] = i
            elif not augment(i, adj, match_g, match_p, dead, killed, work):
                for p in killed if graph is None else ():
                    groups[pred[p][3] if typed else None].kill(p)
                killed.clear()
        if graph is not None and not cut and work[0] > budget and alive_g.find(1, last + 1) >= 0:
            cut = True  # as if every gold item were walked: one without overlaps is still reached
        chosen = [(i, q) for i in adj if (q := match_g[i]) is not None]
        for i, j in chosen:
            alive_g[i] = alive_p[j] = 0
        return self._next([(gold[i], pred[j]) for i, j in chosen], alive_g, alive_p, cut)


class _Overlaps:
    """The overlaps of sorted lists, swept when first asked for (a holder the states share,
    which refers to none of them, so they are freed as soon as they are unused)."""

    __slots__ = ("gold", "pred", "swept", "adj")

    def __init__(self, gold: list[Item], pred: list[Item]):
        self.gold, self.pred, self.swept = gold, pred, False
        self.adj: dict[int, list[int]] | None = None

    def graph(self) -> dict[int, list[int]] | None:
        if not self.swept:
            self.adj = _overlap_graph(self.gold, self.pred, GRAPH_PER_ITEM * (len(self.gold) + len(self.pred)))
            self.swept = True
        return self.adj


class _Live:
    """Some sorted predictions (one group of a tier), indexed by (document, start), with a
    max tree over the ends of those still live (not killed): the live ones that overlap a
    gold item, in O((1 + found) log n)."""

    __slots__ = ("js", "keys", "longest", "size", "tree")

    def __init__(self, pred: list[Item], js: list[int]):
        self.js = js
        items = list(map(pred.__getitem__, js))
        self.keys = list(zip(map(item_doc, items), map(item_start, items)))
        ends = list(map(item_end, items))
        self.longest = max(map(sub, ends, map(item_start, items)))
        self.size = size = 1 << (len(js) - 1).bit_length()
        self.tree = tree = [-1] * size + ends + [-1] * (size - len(ends))
        while size > 1:  # each level from the one below: nodes [size/2, size) have children [size, 2 size)
            tree[size // 2 : size] = map(max, tree[size : 2 * size : 2], tree[size + 1 : 2 * size : 2])
            size //= 2

    def copy(self) -> _Live:
        """The same predictions, all live again as here, killed apart (the tree is copied)."""
        live = object.__new__(_Live)
        live.js, live.keys, live.longest, live.size = self.js, self.keys, self.longest, self.size
        live.tree = self.tree.copy()
        return live

    def span(self, g: Item) -> tuple[int, int]:
        """The positions of the predictions in the gold item's document that start before it
        ends and late enough to reach its start (by the longest prediction's length)."""
        lo = bisect_left(self.keys, (g[0], g[1] - self.longest + 1))
        return lo, bisect_left(self.keys, (g[0], g[2]), lo)

    def overlapping(self, lo: int, hi: int, start: int) -> list[int]:
        """The live predictions in ``[lo, hi)`` that end after ``start``, in order: a scan of
        a short span, else down the tree from the nodes that cover the span (only into nodes
        that end after ``start``), so one long prediction does not make every span long."""
        tree, size, js = self.tree, self.size, self.js
        if hi - lo <= 64:
            return list(compress(js[lo:hi], map(start.__lt__, tree[size + lo : size + hi])))
        lo += size
        hi += size
        left: list[int] = []
        right: list[int] = []
        while lo < hi:
            if lo & 1:
                left.append(lo)
                lo += 1
            if hi & 1:
                hi -= 1
                right.append(hi)
            lo >>= 1
            hi >>= 1
        out: list[int] = []
        for node in left + right[::-1]:
            stack = [node] if tree[node] > start else []
            while stack:
                x = stack.pop()
                if x >= size:
                    out.append(js[x - size])
                    continue
                if tree[2 * x + 1] > start:
                    stack.append(2 * x + 1)
                if tree[2 * x] > start:
                    stack.append(2 * x)
        return out

    def kill(self, j: int) -> None:
        tree = self.tree
        x = bisect_left(self.js, j) + self.size  # js ascending
        tree[x] = -1
        x >>= 1
        while x and tree[x] != (m := max(tree[2 * x], tree[2 * x + 1])):
            tree[x] = m
            x >>= 1


def _key_pairs(gold: list[Item], pred: list[Item], key: Key) -> tuple[list[Pair], list[Item], list[Item]]:
    """Pair items with equal keys; both inputs sorted, outputs stay sorted."""
    if key is _bounds_type and not _repeats(gold):
        # Whole items as keys and no gold item twice: a set lookup per gold item finds the
        # pairs, and each pair takes the first copy of its prediction (sorted: the one unlike
        # the one before it; a repeated prediction stays over). Both sides stay sorted.
        found = list(map(set(pred).__contains__, gold))
        hit = list(compress(gold, found))
        if not hit:
            return [], gold, pred
        firsts = chain((True,), map(ne, islice(pred, 1, None), pred))
        taken = map(and_, map(set(hit).__contains__, pred), firsts)
        rest_p = list(compress(pred, map(not_, taken)))
        return list(zip(hit, hit)), list(compress(gold, map(not_, found))), rest_p
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


def _repeats(items: list[Item]) -> bool:
    """Whether a sorted list holds an item twice (equal items are neighbours)."""
    return any(map(eq, items, islice(items, 1, None)))


def _overlap_graph(gold: list[Item], pred: list[Item], bound: int) -> dict[int, list[int]] | None:
    """For each gold index with overlaps, the overlapping predictions in order of preference
    (a sweep over both sorted lists); None once the sweep has walked ``bound`` predictions."""
    adj: dict[int, list[int]] = {}
    active: list[int] = []
    n = len(pred)
    nxt = steps = 0
    for i, g in enumerate(gold):
        doc, gs, ge = g[0], g[1], g[2]
        # Predictions starting before this gold ends (in its document or before) join the sweep.
        while nxt < n and ((p := pred[nxt])[0] < doc or (p[0] == doc and p[1] < ge)):
            active.append(nxt)
            nxt += 1
        if not active:
            continue
        steps += len(active)
        if steps > bound:
            return None
        # Drop predictions that end before this gold starts: later golds start later still.
        active = [j for j in active if pred[j][0] == doc and pred[j][2] > gs]
        cands = [j for j in active if pred[j][1] < ge]
        if len(cands) > 1:
            cands.sort(key=_preference(g, pred))
        if cands:
            adj[i] = cands
    return adj


def _preference(g: Item, pred: list[Item]) -> Callable[[int], tuple[bool, int, Item]]:
    """The order in which a gold item tries its overlapping predictions: the same type first,
    then the larger overlap, then by value."""
    gs, ge, t = g[1], g[2], g[3]
    return lambda j: (pred[j][3] != t, -(min(ge, pred[j][2]) - max(gs, pred[j][1])), pred[j])


def augment(
    root: int,
    adj: Mapping[int, list[int]] | list[list[int]],
    match_g: list[int | None],
    match_p: list[int | None],
    dead: bytearray | None = None,
    killed: list[int] | None = None,
    work: list[int] | None = None,
) -> bool:
    """Find an augmenting path from gold ``root`` (iterative depth-first search).

    ``dead`` (kept by the caller across roots) marks the predictions a failed search went
    through: that search walked every candidate of every gold it reached, so they form a
    closed set with no free prediction, and a later path never enters it (it skips them), so
    flipping that path leaves the set's owners as they are: it stays closed and free-less.
    Skipping them gives the same paths as walking them again, once each instead of once per root.
    A failed search adds the predictions it marked dead to ``killed``, if given; a search
    adds the steps it took to ``work[0]``, if given.
    """
    blocked: MutableMapping[int, int] | bytearray = (
        dead if dead is not None else defaultdict(int)
    )  # 1: dead, 2: seen here
    seen: list[int] = []
    came_from: dict[int, int] = {}
    passed: dict[int, int] = {}  # per candidate list (gold items may share one): a prefix seen or dead
    stack = [(root, 0)]
    looked = 0
    while stack:
        g, i = stack[-1]
        cands = adj[g]
        i = start = max(i, passed.get(id(cands), 0))
        # The first candidate from i on that is neither seen nor dead.
        i = next(compress(count(i), map(not_, map(blocked.__getitem__, islice(cands, i, None)))), len(cands))
        looked += 1 + (i - start) // 16  # a turn costs about as much as skipping 16 candidates
        if i == len(cands):
            passed[id(cands)] = i
            stack.pop()
            continue
        passed[id(cands)] = i + 1
        stack[-1] = (g, i + 1)
        p = cands[i]
        blocked[p] = 2
        seen.append(p)
        came_from[p] = g
        owner = match_p[p]
        if owner is None:
            for q in seen:
                blocked[q] = 0
            if work is not None:
                work[0] += looked
            while True:
                g2 = came_from[p]
                previous = match_g[g2]
                match_g[g2], match_p[p] = p, g2
                if g2 == root:
                    return True
                assert previous is not None
                p = previous
        stack.append((owner, 0))
    for q in seen:
        blocked[q] = 1
    if killed is not None:
        killed.extend(seen)
    if work is not None:
        work[0] += looked
    return False
