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
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, count, islice
from operator import eq, itemgetter, not_
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
        if g[3] != p[3]:  # before the head is looked up, which may cost more
            return False
        hs, he = heads.get(g, (g[1], g[2]))
        return p[1] <= hs and he <= p[2]

    return [KeyTier(_bounds_type, "correct"), OverlapTier("correct", covers_head), OverlapTier("incorrect")]


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
    gold: list[Item], pred: list[Item], modes: Mapping[str, Sequence[KeyTier | OverlapTier]]
) -> dict[str, tuple[Steps, list[Item], list[Item]]]:
    """Each mode's pairs tier by tier, and what stays unpaired; ``gold`` and ``pred`` sorted.

    The lists returned may be shared between modes: read them, do not change them.
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
    return out


# Keys under which equal items have the same bounds, so equal items overlap.
_BOUNDED_KEYS: tuple[Key, ...] = (_bounds_type, _bounds)


class _Rest:
    """What is still unpaired: sorted lists, or marks on an overlap graph shared by later tiers.

    After the exact tier the unpaired items are few, and every later tier of every mode
    pairs overlapping items: the overlaps are found once (a sweep), and each tier then
    walks the candidates of the gold items still unpaired.
    """

    __slots__ = ("gold", "pred", "graph", "alive_g", "alive_p", "n_g", "n_p", "_as_graph", "_done")

    def __init__(
        self,
        gold: list[Item],
        pred: list[Item],
        graph: _Graph | None = None,
        alive_g: bytearray | None = None,
        alive_p: bytearray | None = None,
        n_g: int = -1,
        n_p: int = -1,
    ):
        self.gold, self.pred, self.graph = gold, pred, graph
        self.alive_g, self.alive_p = alive_g, alive_p
        self.n_g = len(gold) if n_g < 0 else n_g
        self.n_p = len(pred) if n_p < 0 else n_p
        self._as_graph: _Rest | None = None
        self._done: dict[tuple[object, object], tuple[list[Pair], _Rest]] = {}

    def lists(self) -> tuple[list[Item], list[Item]]:
        if self.graph is None:
            return self.gold, self.pred
        return list(compress(self.gold, self.alive_g)), list(compress(self.pred, self.alive_p))  # type: ignore[arg-type]

    def on_graph(self) -> _Rest:
        if self.graph is not None:
            return self
        if self._as_graph is None:
            self._as_graph = _Rest(
                self.gold,
                self.pred,
                _Graph(self.gold, self.pred),
                bytearray(b"\x01") * len(self.gold),
                bytearray(b"\x01") * len(self.pred),
            )
        return self._as_graph

    def pair(self, tier: KeyTier | OverlapTier) -> tuple[list[Pair], _Rest]:
        """The tier's pairs and what it leaves: this state itself when it pairs nothing."""
        k = (KeyTier, tier.key) if isinstance(tier, KeyTier) else (OverlapTier, tier.test)
        hit = self._done.get(k)
        if hit is None:
            hit = self._done[k] = self._pair(tier)
        return hit

    def _pair(self, tier: KeyTier | OverlapTier) -> tuple[list[Pair], _Rest]:
        if isinstance(tier, KeyTier):
            if self.graph is None and (tier.key is _bounds_type or tier.key not in _BOUNDED_KEYS):
                pairs, g, p = _key_pairs(self.gold, self.pred, tier.key)
                return (pairs, _Rest(g, p)) if pairs else ([], self)
            if tier.key not in _BOUNDED_KEYS:  # equal keys need not overlap: leave the graph
                pairs, g, p = _key_pairs(*self.lists(), tier.key)
                return (pairs, _Rest(g, p)) if pairs else ([], self)
        if self.graph is None:
            return self.on_graph().pair(tier)
        pairs, rest = (
            self._graph_key_pairs(tier.key) if isinstance(tier, KeyTier) else self._graph_overlap_pairs(tier.test)
        )
        return (pairs, rest) if pairs else ([], self)

    def _next(self, pairs: list[Pair], alive_g: bytearray, alive_p: bytearray) -> tuple[list[Pair], _Rest]:
        return pairs, _Rest(
            self.gold, self.pred, self.graph, alive_g, alive_p, self.n_g - len(pairs), self.n_p - len(pairs)
        )

    def _graph_key_pairs(self, key: Key) -> tuple[list[Pair], _Rest]:
        """As :func:`_key_pairs`: each gold in order takes the first unpaired equal prediction."""
        gold, pred, graph = self.gold, self.pred, self.graph
        assert graph is not None and self.alive_g is not None and self.alive_p is not None
        adj = graph.adj
        alive_g, alive_p = bytearray(self.alive_g), bytearray(self.alive_p)
        pairs: list[Pair] = []
        bounds = key is _bounds  # within one document: same start and end
        for i in graph.linked:
            if not alive_g[i]:
                continue
            g = gold[i]
            k = None if bounds else key(g)
            best = -1
            for j in adj[i]:
                if alive_p[j] and (best < 0 or j < best):
                    p = pred[j]
                    if (p[1] == g[1] and p[2] == g[2]) if bounds else key(p) == k:
                        best = j
            if best >= 0:
                alive_g[i] = alive_p[best] = 0
                pairs.append((g, pred[best]))
        return self._next(pairs, alive_g, alive_p)

    def _graph_overlap_pairs(self, test: Test | None) -> tuple[list[Pair], _Rest]:
        """A maximum one-to-one assignment over overlapping pairs that pass ``test``, among the unpaired."""
        gold, pred, graph = self.gold, self.pred, self.graph
        assert graph is not None and self.alive_g is not None and self.alive_p is not None
        alive_g, alive_p = bytearray(self.alive_g), bytearray(self.alive_p)
        # A gold and a prediction that overlap nothing else: no choice to make, only the test.
        if test is None:
            chosen = [(i, j) for i, j in graph.simple if alive_g[i] and alive_p[j]]
        elif test is _same_type:  # the same test, without a call per pair
            chosen = [(i, j) for i, j in graph.simple if alive_g[i] and alive_p[j] and gold[i][3] == pred[j][3]]
        else:
            chosen = [(i, j) for i, j in graph.simple if alive_g[i] and alive_p[j] and test(gold[i], pred[j])]
        if graph.tangled:
            chosen = sorted(chosen + self._assign(test, alive_g, alive_p))
        for i, j in chosen:
            alive_g[i] = alive_p[j] = 0
        return self._next([(gold[i], pred[j]) for i, j in chosen], alive_g, alive_p)

    def _assign(self, test: Test | None, alive_g: bytearray, alive_p: bytearray) -> list[tuple[int, int]]:
        """Augmenting paths over the gold items that share predictions (or the reverse)."""
        gold, pred, graph = self.gold, self.pred, self.graph
        assert graph is not None
        every_p = self.n_p == len(pred)
        # Wide predictions over a dense gold made every gold item walk the whole component
        # again (k^2 x gold size); these shortcuts give the same pairs in time near the
        # candidate pairs: equal candidate lists are one list (here and in _overlap_graph), so
        # a search skips the prefix it already walked once per list, not once per gold item;
        # a failed search marks what it walked as dead for good (see augment); once every
        # candidate is taken no later gold item can be paired, so the loop stops there.
        same: dict[tuple[int, ...], list[int]] = {}
        sub: dict[int, list[int]] = {}
        for i in graph.tangled:
            if not alive_g[i]:
                continue
            cands = graph.adj[i]
            if test is not None or not every_p:
                g = gold[i]
                cands = [j for j in cands if alive_p[j] and (test is None or test(g, pred[j]))]
                if not cands:
                    continue
                cands = same.setdefault(tuple(cands), cands)
            sub[i] = cands
        match_g: list[int | None] = [None] * len(gold)
        match_p: list[int | None] = [None] * len(pred)
        dead = bytearray(len(pred))
        free = len({j for cands in {id(c): c for c in sub.values()}.values() for j in cands})
        for root, cands in sub.items():
            if not free:
                break
            first = cands[0]
            if match_p[first] is None:
                match_g[root] = first
                match_p[first] = root
                free -= 1
            elif augment(root, sub, match_g, match_p, dead):  # type: ignore[arg-type]
                free -= 1
        return [(i, j) for i in sub if (j := match_g[i]) is not None]


class _Graph:
    """Overlaps of sorted gold and predicted items, in order of preference, found once."""

    __slots__ = ("adj", "linked", "simple", "tangled")

    def __init__(self, gold: list[Item], pred: list[Item]):
        self.adj = adj = _overlap_graph(gold, pred)
        self.linked = [i for i, cands in enumerate(adj) if cands]  # gold items that overlap any prediction
        golds_of = [0] * len(pred)
        for i in self.linked:
            for j in adj[i]:
                golds_of[j] += 1
        self.simple: list[tuple[int, int]] = []  # (gold, prediction) overlapping each other only
        self.tangled: list[int] = []  # gold items of the other components
        for i in self.linked:
            cands = adj[i]
            if len(cands) == 1 and golds_of[cands[0]] == 1:
                self.simple.append((i, cands[0]))
            else:
                self.tangled.append(i)


def _key_pairs(gold: list[Item], pred: list[Item], key: Key) -> tuple[list[Pair], list[Item], list[Item]]:
    """Pair items with equal keys; both inputs sorted, outputs stay sorted."""
    if key is _bounds_type and not _repeats(gold):
        # Whole items as keys and no gold item twice: a set lookup per gold item finds the
        # pairs, and both sides stay sorted, so the predictions left are a merge away (it
        # takes one prediction per pair: a repeated prediction stays over).
        found = list(map(set(pred).__contains__, gold))
        hit = list(compress(gold, found))
        if not hit:
            return [], gold, pred
        rest_p: list[Item] = []
        keep = rest_p.append
        hits = iter(hit)
        h: Item | None = next(hits)
        for p in pred:
            if p == h:
                h = next(hits, None)
            else:
                keep(p)
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


def _overlap_graph(gold: list[Item], pred: list[Item]) -> list[list[int]]:
    """For each gold index, the overlapping predictions in order of preference (a sweep)."""
    adj: list[list[int]] = []
    same: dict[tuple[int, ...], list[int]] = {}  # equal lists as one (see _Rest._assign)
    active: list[int] = []
    n = len(pred)
    nxt = 0
    for g in gold:  # gold is sorted by (doc, start, ...), and so is pred
        doc, gs, ge = g[0], g[1], g[2]
        # Predictions starting before this gold ends (in its document or before) join the sweep.
        while nxt < n:
            p = pred[nxt]
            if p[0] < doc or (p[0] == doc and p[1] < ge):
                active.append(nxt)
                nxt += 1
            else:
                break
        if not active:
            adj.append([])
            continue
        # Drop predictions that end before this gold starts: later golds start later still.
        active = [j for j in active if pred[j][0] == doc and pred[j][2] > gs]
        cands = [j for j in active if pred[j][1] < ge]
        if len(cands) > 1:
            cands.sort(key=lambda j: (pred[j][3] != g[3], -(min(ge, pred[j][2]) - max(gs, pred[j][1])), pred[j]))
            cands = same.setdefault(tuple(cands), cands)
        adj.append(cands)
    return adj


def augment(
    root: int, adj: list[list[int]], match_g: list[int | None], match_p: list[int | None], dead: bytearray | None = None
) -> bool:
    """Find an augmenting path from gold ``root`` (iterative depth-first search).

    ``dead`` (kept by the caller across roots) marks the predictions a failed search went
    through: that search walked every candidate of every gold it reached, so they form a
    closed set with no free prediction, and a later path never enters it (it skips them), so
    flipping that path leaves the set's owners as they are: it stays closed and free-less.
    Skipping them gives the same paths as walking them again, once each instead of once per root.
    """
    blocked: MutableMapping[int, int] | bytearray = (
        dead if dead is not None else defaultdict(int)
    )  # 1: dead, 2: seen here
    seen: list[int] = []
    came_from: dict[int, int] = {}
    passed: dict[int, int] = {}  # per candidate list (gold items may share one): a prefix seen or dead
    stack = [(root, 0)]
    while stack:
        g, i = stack[-1]
        cands = adj[g]
        i = max(i, passed.get(id(cands), 0))
        # The first candidate from i on that is neither seen nor dead.
        i = next(compress(count(i), map(not_, map(blocked.__getitem__, islice(cands, i, None)))), len(cands))
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
    return False
