"""Coreference metrics as the CoNLL-2011/2012 reference scorer (v8.01) defines them.

A *clustering* is an iterable of clusters; a cluster is an iterable of mentions; a mention is
any hashable value, e.g. ``(doc_id, start, end)``. The *key* is the gold clustering, the
*response* the system's. One call scores one document; a corpus is the sum of its documents'
results (micro, as the reference scorer sums them): every result keeps its numerators and
denominators, and adding two results adds those.

Metrics: MUC (Vilain et al. 1995), B-cubed (Bagga and Baldwin 1998), CEAFm and CEAFe (Luo
2005), BLANC (Recasens and Hovy 2011, for predicted mentions Luo et al. 2014), LEA (Moosavi
and Strube 2016) and the CoNLL score, the mean of the MUC, B-cubed and CEAFe F1.

Predicted mentions follow Pradhan et al. (2014) as the reference scorer implements them:

- a key mention missing from the response and a response mention missing from the key
  (a *twinless* mention) are scored as they are, with no alignment step;
- a key mention that the response gives more than once (a *duplicate*) counts once, where the
  response first gives it (clusters in the order given, mentions in cluster order; the
  reference reads clusters in the order their numbers first appear in the file), and a cluster
  left empty is dropped;
- a twinless mention given twice stays twice: the reference only catches duplicates of key
  mentions, so such a mention counts as two response mentions (and BLANC sees a link from it
  to itself). The reference also refuses a file with more than ten duplicates; this module
  scores it.

A key that gives one mention twice is refused (``ValueError``): a key is a partition.

Options, as the literature names them: ``singletons`` (``True``, the reference's behaviour,
keeps clusters of one mention; ``False`` drops them from key and response first, the
OntoNotes/CoNLL-2012 convention) and ``mentions`` (``"predicted"``, the default, or
``"gold"``: the system was given the key mentions, so a response mention outside the key is
an error and a key mention it left out is its own singleton cluster). Matching mentions by
head (*head match*) or by minimum span (*partial match*) is a mapping step before scoring:
:func:`align`.

The 0/0 policy, stated once: a recall or precision whose denominator is 0 is 0, and F1 is 0
when recall and precision are both 0. This is how the reference scorer prints them and how
published CoNLL averages are built; it differs from :mod:`newsgold.scoring.metrics` (``None``)
on purpose, and the denominators stay in every result for a reader who wants to tell
"undefined" from "zero". Numerators are exact :class:`~fractions.Fraction` values.

>>> key = [["a"], ["b", "c"], ["d", "e", "f"]]
>>> scores = evaluate(key=key, response=[["a"], ["d", "e"]])
>>> scores.b_cubed
Score(recall=(7/3)/6, precision=3/3)
>>> scores.muc, scores.ceafe
(Score(recall=1/3, precision=1/1), Score(recall=(9/5)/3, precision=(9/5)/2))
>>> round(scores.conll, 4)
0.5933
>>> total = scores + evaluate(key=[["x", "y"]], response=[["x", "y"]])
>>> total.muc
Score(recall=2/4, precision=2/2)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb, lcm
from typing import Any, Literal, TypeVar

__all__ = [
    "Blanc",
    "CorefScores",
    "Score",
    "align",
    "b_cubed",
    "blanc",
    "ceafe",
    "ceafm",
    "evaluate",
    "lea",
    "linear_assignment",
    "mention_identification",
    "muc",
]

M = TypeVar("M", bound=Hashable)
Clustering = Iterable[Iterable[M]]
Mentions = Literal["predicted", "gold"]
ZERO = Fraction(0)


def _ratio(num: Fraction | int, den: int) -> float:
    # the same correctly rounded float as float(num / den), without building a Fraction
    return num.numerator / (num.denominator * den) if den else 0.0


def _f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def _show(num: Fraction | int, den: int) -> str:
    return f"{num}/{den}" if Fraction(num).denominator == 1 else f"({num})/{den}"


@dataclass(frozen=True, slots=True)
class Score:
    """Recall and precision as numerator over denominator; F1 their harmonic mean.

    >>> s = Score(Fraction(7, 3), 6, Fraction(3), 3) + Score(Fraction(1), 1, Fraction(1), 1)
    >>> s, round(s.recall, 4), s.precision, round(s.f1, 4)
    (Score(recall=(10/3)/7, precision=4/4), 0.4762, 1.0, 0.6452)
    >>> Score().f1
    0.0
    """

    recall_num: Fraction = ZERO
    recall_den: int = 0
    precision_num: Fraction = ZERO
    precision_den: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.recall_num + other.recall_num,
            self.recall_den + other.recall_den,
            self.precision_num + other.precision_num,
            self.precision_den + other.precision_den,
        )

    @staticmethod
    def total(scores: Sequence[Score]) -> Score:
        """The sum of many scores, as ``+`` adds them, with each numerator's fractions added once
        over their common denominator (a corpus's sum stays linear in its documents).

        >>> Score.total([Score(Fraction(1, 2), 1, Fraction(1), 1), Score(Fraction(1, 3), 2, Fraction(0), 1)])
        Score(recall=(5/6)/3, precision=1/2)
        """
        return Score(
            _exact_sum((x.recall_num.numerator, x.recall_num.denominator) for x in scores),
            sum(x.recall_den for x in scores),
            _exact_sum((x.precision_num.numerator, x.precision_num.denominator) for x in scores),
            sum(x.precision_den for x in scores),
        )

    def __repr__(self) -> str:
        return (
            f"Score(recall={_show(self.recall_num, self.recall_den)}, "
            f"precision={_show(self.precision_num, self.precision_den)})"
        )

    @property
    def recall(self) -> float:
        return _ratio(self.recall_num, self.recall_den)

    @property
    def precision(self) -> float:
        return _ratio(self.precision_num, self.precision_den)

    @property
    def f1(self) -> float:
        return _f1(self.recall, self.precision)


@dataclass(frozen=True, slots=True)
class Blanc:
    """BLANC: coreference links and non-coreference links, each a :class:`Score`.

    Recall, precision and F1 are the means of the two kinds' figures; when the key has links
    of one kind only, that kind's figures alone (the reference's rule for predicted mentions).

    >>> b = Blanc(coref=Score(1, 4, 1, 1), non_coref=Score(2, 11, 2, 2))
    >>> round(b.recall, 5), b.precision, round(b.f1, 5)
    (0.21591, 1.0, 0.35385)
    >>> Blanc(coref=Score(0, 0, 0, 3), non_coref=Score(2, 15, 2, 11)).f1 == Score(2, 15, 2, 11).f1
    True
    """

    coref: Score = field(default_factory=Score)
    non_coref: Score = field(default_factory=Score)

    def __add__(self, other: Blanc) -> Blanc:
        return Blanc(self.coref + other.coref, self.non_coref + other.non_coref)

    def _kinds(self) -> tuple[Score, ...]:
        return tuple(s for s in (self.coref, self.non_coref) if s.recall_den)

    @property
    def recall(self) -> float:
        kinds = self._kinds()
        return sum(s.recall for s in kinds) / len(kinds) if kinds else 0.0

    @property
    def precision(self) -> float:
        kinds = self._kinds()
        return sum(s.precision for s in kinds) / len(kinds) if kinds else 0.0

    @property
    def f1(self) -> float:
        kinds = self._kinds()
        return sum(s.f1 for s in kinds) / len(kinds) if kinds else 0.0


@dataclass(frozen=True, slots=True)
class CorefScores:
    """Every metric for one document, or (summed) for a corpus."""

    mentions: Score = field(default_factory=Score)
    muc: Score = field(default_factory=Score)
    b_cubed: Score = field(default_factory=Score)
    ceafm: Score = field(default_factory=Score)
    ceafe: Score = field(default_factory=Score)
    blanc: Blanc = field(default_factory=Blanc)
    lea: Score = field(default_factory=Score)

    def __add__(self, other: CorefScores) -> CorefScores:
        return CorefScores(
            self.mentions + other.mentions,
            self.muc + other.muc,
            self.b_cubed + other.b_cubed,
            self.ceafm + other.ceafm,
            self.ceafe + other.ceafe,
            self.blanc + other.blanc,
            self.lea + other.lea,
        )

    @staticmethod
    def total(scores: Sequence[CorefScores]) -> CorefScores:
        """The sum of many documents' scores (the corpus's), equal to adding them with ``+``."""
        return CorefScores(
            mentions=Score.total([s.mentions for s in scores]),
            muc=Score.total([s.muc for s in scores]),
            b_cubed=Score.total([s.b_cubed for s in scores]),
            ceafm=Score.total([s.ceafm for s in scores]),
            ceafe=Score.total([s.ceafe for s in scores]),
            blanc=Blanc(Score.total([s.blanc.coref for s in scores]), Score.total([s.blanc.non_coref for s in scores])),
            lea=Score.total([s.lea for s in scores]),
        )

    @property
    def conll(self) -> float:
        """The CoNLL-2012 score: the mean of the MUC, B-cubed and CEAFe F1."""
        return (self.muc.f1 + self.b_cubed.f1 + self.ceafe.f1) / 3


# ---- the one preparation step ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Doc:
    key: list[list[Hashable]]
    response: list[list[Hashable]]
    # (key cluster, response cluster) -> mentions they share
    overlap: dict[tuple[int, int], int]


def _prepare(key: Clustering, response: Clustering, singletons: bool, mentions: Mentions) -> _Doc:
    if mentions not in ("predicted", "gold"):
        raise ValueError(f"mentions must be 'predicted' or 'gold', not {mentions!r}")
    keys = [c for c in (list(c) for c in key) if c]
    responses = [c for c in (list(c) for c in response) if c]
    key_mentions = {m for c in keys for m in c}
    if len(key_mentions) < sum(map(len, keys)):
        counts = Counter(m for c in keys for m in c)
        twice = next(m for m, n in counts.items() if n > 1)
        raise ValueError(f"the key gives mention {twice!r} more than once; a key is a partition")
    if mentions == "gold":
        extra = [m for c in responses for m in c if m not in key_mentions]
        if extra:
            raise ValueError(f"mentions='gold' but the response has mentions outside the key, e.g. {extra[0]!r}")
    if not singletons:
        keys = [c for c in keys if len(c) > 1]
        responses = [c for c in responses if len(set(c)) > 1]
    cluster_of = {m: i for i, c in enumerate(keys) for m in c}
    given: set[Hashable] = set()
    deduped = []
    for c in responses:
        kept = []
        for m in c:
            if m in cluster_of:
                if m in given:
                    continue
                given.add(m)
            kept.append(m)
        if kept:
            deduped.append(kept)
    if mentions == "gold":
        deduped += [[m] for c in keys for m in c if m not in given]
    overlap: Counter[tuple[int, int]] = Counter(
        (cluster_of[m], j) for j, c in enumerate(deduped) for m in c if m in cluster_of
    )
    return _Doc(keys, deduped, dict(overlap))


# ---- the metrics -------------------------------------------------------------------------


def _mentions(doc: _Doc) -> Score:
    found = sum(doc.overlap.values())
    return Score(Fraction(found), sum(map(len, doc.key)), Fraction(found), len({m for c in doc.response for m in c}))


def _muc(doc: _Doc) -> Score:
    # A cluster of n mentions has n - 1 links; the links kept are n minus the parts the other
    # side cuts it into, which is the sum over the clusters it shares mentions with of shared - 1.
    correct = Fraction(sum(n - 1 for n in doc.overlap.values()))
    return Score(correct, sum(len(c) - 1 for c in doc.key), correct, sum(len(c) - 1 for c in doc.response))


def _exact_sum(terms: Iterable[tuple[int, int]]) -> Fraction:
    """The exact sum of fractions given as (numerator, denominator) integers: one Fraction
    over the least common multiple of the few distinct denominators, not one per term.

    >>> _exact_sum([(1, 2), (1, 3), (2, 4), (0, 7)])
    Fraction(4, 3)
    """
    by_den: dict[int, int] = defaultdict(int)
    for num, den in terms:
        by_den[den] += num
    if len(by_den) <= 1:
        return Fraction(*by_den.popitem()[::-1]) if by_den else ZERO
    common = lcm(*by_den)
    return Fraction(sum(num * (common // den) for den, num in by_den.items()), common)


def _b_cubed(doc: _Doc) -> Score:
    recall = _exact_sum((n * n, len(doc.key[i])) for (i, _), n in doc.overlap.items())
    precision = _exact_sum((n * n, len(doc.response[j])) for (_, j), n in doc.overlap.items())
    return Score(recall, sum(map(len, doc.key)), precision, sum(map(len, doc.response)))


def _components(doc: _Doc) -> list[list[tuple[int, int]]]:
    """The sharing pairs (key cluster, response cluster) grouped into connected components."""
    by_key: dict[int, list[int]] = defaultdict(list)
    by_response: dict[int, list[int]] = defaultdict(list)
    for i, j in doc.overlap:
        by_key[i].append(j)
        by_response[j].append(i)
    seen: set[int] = set()
    out = []
    for i, partners in by_key.items():
        if i in seen:
            continue
        seen.add(i)
        if len(partners) == 1 and len(by_response[partners[0]]) == 1:  # the usual case: one to one
            out.append([(i, partners[0])])
            continue
        pairs, keys, responses = [], [i], set()
        while keys:
            k = keys.pop()
            for j in by_key[k]:
                pairs.append((k, j))
                if j not in responses:
                    responses.add(j)
                    fresh = [x for x in by_response[j] if x not in seen]
                    seen.update(fresh)
                    keys += fresh
        out.append(pairs)
    return out


def _ceaf(doc: _Doc, phi: Callable[[int, int, int], tuple[int, int]]) -> Fraction:
    """The best total similarity of a one-to-one alignment of key and response clusters.

    Clusters that share no mention have similarity 0, so the alignment splits into the
    connected components of the sharing graph, each solved on its own: a component with one
    key or one response cluster takes its best pair (similarities are ratios of small
    integers, so a float orders them exactly), any other goes to the assignment solver in
    exact fractions. ``phi`` gives a similarity as (numerator, denominator).
    """
    chosen: list[tuple[int, int]] = []
    for pairs in _components(doc):
        if len(pairs) == 1:
            ((i, j),) = pairs
            chosen.append(phi(doc.overlap[i, j], len(doc.key[i]), len(doc.response[j])))
            continue
        sims = {(i, j): phi(doc.overlap[i, j], len(doc.key[i]), len(doc.response[j])) for i, j in pairs}
        rows = sorted({i for i, _ in pairs})
        cols = sorted({j for _, j in pairs})
        if len(rows) == 1 or len(cols) == 1:
            chosen.append(max(sims.values(), key=lambda t: t[0] / t[1]))
            continue
        cost = [[-Fraction(*sims[i, j]) if (i, j) in sims else ZERO for j in cols] for i in rows]
        assigned = linear_assignment(cost)
        chosen += [sims[rows[r], cols[c]] for r, c in enumerate(assigned) if c >= 0 and (rows[r], cols[c]) in sims]
    return _exact_sum(chosen)


def _ceafm(doc: _Doc) -> Score:
    common = _ceaf(doc, lambda shared, k, r: (shared, 1))
    return Score(common, sum(map(len, doc.key)), common, sum(map(len, doc.response)))


def _ceafe(doc: _Doc) -> Score:
    common = _ceaf(doc, lambda shared, k, r: (2 * shared, k + r))
    return Score(common, len(doc.key), common, len(doc.response))


def _blanc(doc: _Doc) -> Blanc:
    # Links are unordered pairs of mentions, counted as sets. Key mentions are unique on both
    # sides, so counts come from cluster sizes; only twinless mentions given more than once
    # need pair-by-pair care (they never meet the key, so they only add response links).
    key_mentions = sum(map(len, doc.key))
    key_coref = sum(comb(len(c), 2) for c in doc.key)
    key_non = comb(key_mentions, 2) - key_coref
    both_coref = sum(comb(n, 2) for n in doc.overlap.values())
    twins = sum(doc.overlap.values())
    per_key: Counter[int] = Counter()
    per_response: Counter[int] = Counter()
    for (i, j), n in doc.overlap.items():
        per_key[i] += n
        per_response[j] += n
    both_non = (
        comb(twins, 2)
        - sum(comb(n, 2) for n in per_key.values())
        - sum(comb(n, 2) for n in per_response.values())
        + both_coref
    )
    response_coref, response_non = _response_links(doc.response)
    return Blanc(
        coref=Score(Fraction(both_coref), key_coref, Fraction(both_coref), response_coref),
        non_coref=Score(Fraction(both_non), key_non, Fraction(both_non), response_non),
    )


def _response_links(clusters: list[list[Hashable]]) -> tuple[int, int]:
    """(coreference links, non-coreference links) among the response's mentions, as sets."""
    given = sum(map(len, clusters))
    if len({m for c in clusters for m in c}) == given:  # the usual case: no mention given twice
        coref = sum(comb(len(c), 2) for c in clusters)
        return coref, comb(given, 2) - coref
    places: dict[Hashable, Counter[int]] = defaultdict(Counter)
    for j, c in enumerate(clusters):
        for m in c:
            places[m][j] += 1
    once = Counter(next(iter(p)) for p in places.values() if p.total() == 1)  # cluster -> mentions given once
    repeated = [p for p in places.values() if p.total() > 1]
    n_once = sum(once.values())
    coref = sum(comb(n, 2) for n in once.values())
    non = comb(n_once, 2) - coref
    for a, p in enumerate(repeated):
        coref += any(n > 1 for n in p.values())  # the mention linked to itself in one cluster
        non += len(p) > 1  # ... and across two
        coref += sum(once[j] for j in p)
        alone = next(iter(p)) if len(p) == 1 else None
        non += n_once - (once[alone] if alone is not None else 0)
        for q in repeated[a + 1 :]:
            coref += not p.keys().isdisjoint(q)
            non += not (len(p) == 1 and p.keys() == q.keys())
    return coref, non


def _lea(doc: _Doc) -> Score:
    # Importance is cluster size; resolution is the share of a cluster's links the other side
    # keeps, a singleton's one link being to itself (kept when the other side has it alone too).
    key_alone = {c[0] for c in doc.key if len(c) == 1}
    response_alone = {c[0] for c in doc.response if len(c) == 1}
    kept_k: Counter[int] = Counter()
    kept_r: Counter[int] = Counter()
    for (i, j), n in doc.overlap.items():
        kept_k[i] += comb(n, 2)
        kept_r[j] += comb(n, 2)

    def side(clusters: list[list[Hashable]], kept: Counter[int], alone_other: set[Hashable]) -> Fraction:
        # size * kept / (size choose 2) = 2 * kept / (size - 1)
        return _exact_sum(
            (int(c[0] in alone_other), 1) if len(c) == 1 else (2 * kept[i], len(c) - 1) for i, c in enumerate(clusters)
        )

    return Score(
        side(doc.key, kept_k, response_alone),
        sum(map(len, doc.key)),
        side(doc.response, kept_r, key_alone),
        sum(map(len, doc.response)),
    )


# ---- the public functions ----------------------------------------------------------------


def evaluate(
    *, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted"
) -> CorefScores:
    """Every metric for one document's key and response clusterings.

    >>> s = evaluate(key=[["a"], ["b", "c"]], response=[["a", "b"], ["c"]])
    >>> s.muc, s.b_cubed, s.blanc.coref, s.blanc.non_coref
    (Score(recall=0/1, precision=0/1), Score(recall=2/3, precision=2/3), Score(recall=0/1, precision=0/1), Score(recall=1/2, precision=1/2))
    >>> evaluate(key=[["a"], ["b", "c"]], response=[["a", "b"]], singletons=False).mentions
    Score(recall=1/2, precision=1/2)
    """  # noqa: E501 (the doctest's expected output above is one line by nature)
    doc = _prepare(key, response, singletons, mentions)
    return CorefScores(
        mentions=_mentions(doc),
        muc=_muc(doc),
        b_cubed=_b_cubed(doc),
        ceafm=_ceafm(doc),
        ceafe=_ceafe(doc),
        blanc=_blanc(doc),
        lea=_lea(doc),
    )


def mention_identification(
    *, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted"
) -> Score:
    """Mentions found: distinct response mentions that are key mentions, over either side's count.

    >>> mention_identification(key=[["a"], ["b", "c"]], response=[["a", "x"], ["a"]])
    Score(recall=1/3, precision=1/2)
    """
    return _mentions(_prepare(key, response, singletons, mentions))


def muc(*, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted") -> Score:
    """MUC: links kept over links in the key (recall) and in the response (precision).

    >>> muc(key=[["A", "B", "C", "D"]], response=[["A", "B"], ["C", "D"]])
    Score(recall=2/3, precision=2/2)
    """
    return _muc(_prepare(key, response, singletons, mentions))


def b_cubed(
    *, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted"
) -> Score:
    """B-cubed: per mention, the share of its cluster the other side's cluster shares, summed.

    >>> b_cubed(key=[["a"], ["b", "c"], ["d", "e", "f"]], response=[["a"], ["d", "e"]])
    Score(recall=(7/3)/6, precision=3/3)
    """
    return _b_cubed(_prepare(key, response, singletons, mentions))


def ceafm(*, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted") -> Score:
    """Mention-based CEAF: shared mentions of the best one-to-one cluster alignment.

    >>> ceafm(key=[["a"], ["b", "c"], ["d", "e", "f"]], response=[["a"], ["d", "e"]])
    Score(recall=3/6, precision=3/3)
    """
    return _ceafm(_prepare(key, response, singletons, mentions))


def ceafe(*, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted") -> Score:
    """Entity-based CEAF: the best alignment's total of 2|K∩R| / (|K| + |R|), over cluster counts.

    >>> ceafe(key=[["a"], ["b", "c"], ["d", "e", "f"]], response=[["a"], ["d", "e"]])
    Score(recall=(9/5)/3, precision=(9/5)/2)
    """
    return _ceafe(_prepare(key, response, singletons, mentions))


def blanc(*, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted") -> Blanc:
    """BLANC over coreference and non-coreference links.

    >>> b = blanc(key=[["a", "b"], ["c", "d", "e"]], response=[["b", "c", "x"], ["d", "e"]])
    >>> b.coref, b.non_coref, b.f1 == (1/4 + 1/3) / 2
    (Score(recall=1/4, precision=1/4), Score(recall=2/6, precision=2/6), True)
    """
    return _blanc(_prepare(key, response, singletons, mentions))


def lea(*, key: Clustering, response: Clustering, singletons: bool = True, mentions: Mentions = "predicted") -> Score:
    """LEA: each cluster's links the other side keeps, weighted by the cluster's size.

    >>> lea(key=[["a", "b", "c"], ["d", "e", "f", "g"]], response=[["a", "b"], ["c", "d"], ["f", "g", "h", "i"]])
    Score(recall=(5/3)/7, precision=(8/3)/8)
    """
    return _lea(_prepare(key, response, singletons, mentions))


# ---- the assignment solver ---------------------------------------------------------------

N = TypeVar("N", int, float, Fraction)


def linear_assignment(cost: Sequence[Sequence[N]]) -> list[int]:
    """The column given to each row in a minimum-cost one-to-one assignment (-1: none).

    The shortest augmenting path method as Crouse (2016, "On implementing 2D rectangular
    assignment algorithms") writes it, the method of scipy's ``linear_sum_assignment``, with
    its choices among equal costs: columns scanned from the last, a column that ends the path
    preferred among equally short ones, rows added in order, a matrix with more rows than
    columns solved transposed, the costs taken as given. So a tie breaks as it breaks for the
    scorers built on scipy (the CorefUD scorer's mention matching): floats are added in the
    same order, and round alike.
    O(n² m) for n rows and m columns; exact on integers and fractions.

    >>> linear_assignment([[2, 4, 7, 9], [3, 9, 5, 1], [8, 2, 9, 7]])
    [0, 3, 1]
    >>> linear_assignment([[1, 2], [0, 5], [3, 3]])
    [1, 0, -1]
    >>> linear_assignment([[0, 0], [0, 0]])  # a constant matrix: the identity
    [0, 1]
    """
    rows = len(cost)
    cols = len(cost[0]) if rows else 0
    if rows > cols:
        transposed = linear_assignment([[cost[i][j] for i in range(rows)] for j in range(cols)])
        out = [-1] * rows
        for j, i in enumerate(transposed):
            out[i] = j
        return out
    if not rows:
        return []
    inf = float("inf")
    u: list = [0] * rows
    v: list = [0] * cols
    path = [-1] * cols
    col4row = [-1] * rows
    row4col = [-1] * cols
    for current in range(rows):
        shortest: list = [inf] * cols
        seen_rows = [False] * rows
        seen_cols = [False] * cols
        remaining = list(range(cols - 1, -1, -1))
        i, sink = current, -1
        reach: Any = 0
        while sink == -1:  # grow the shortest path tree until it reaches a free column
            seen_rows[i] = True
            index, lowest = -1, inf
            for at, j in enumerate(remaining):
                reduced = reach + cost[i][j] - u[i] - v[j]
                if reduced < shortest[j]:
                    path[j], shortest[j] = i, reduced
                if shortest[j] < lowest or (shortest[j] == lowest and row4col[j] == -1):
                    lowest, index = shortest[j], at
            reach = lowest
            j = remaining[index]
            if row4col[j] == -1:
                sink = j
            else:
                i = row4col[j]
            seen_cols[j] = True
            remaining[index] = remaining[-1]
            remaining.pop()
        u[current] += reach
        for k in range(rows):
            if seen_rows[k] and k != current:
                u[k] += reach - shortest[col4row[k]]
        for j in range(cols):
            if seen_cols[j]:
                v[j] -= reach - shortest[j]
        j = sink
        while True:  # flip the path: each column on it goes to the row before it
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == current:
                break
    return col4row


# ---- mention matching, a mapping step before scoring -------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(
    *,
    key: Clustering,
    response: Clustering,
    by: Literal["exact", "head", "min_span"],
    span: Callable[[M], tuple[int, int]] | None = None,
    head: Callable[[M], Hashable] | None = None,
    min_span: Callable[[M], tuple[int, int]] | None = None,
) -> list[list[M]]:
    """The response with each response mention that matches a key mention replaced by it.

    Score the result with exact matching. ``by``, as the CorefUD scorer (the CRAC shared
    tasks' scorer, after the Universal Anaphora scorer) defines them:

    - ``"exact"``: nothing changes (the CoNLL-2012 reference scorer's only matching);
    - ``"head"`` (*head match*): a response mention matches a key mention with the same
      ``head(m)``;
    - ``"min_span"`` (*partial match*, the CorefUD scorer's name; *minimum span* evaluation,
      Moosavi et al. 2019): a response mention matches a key mention when its ``span`` lies
      within the key mention's ``span`` and covers the key mention's ``min_span`` (spans are
      ``(start, end)``, half-open; CorefUD's minimum span is the mention's head word).

    Matching is one-to-one: identical mentions first (equal values: give mentions as
    ``(span, head)`` to require the same head too, as head match does); then, among the rest,
    the pairs whose total similarity is largest, a pair's similarity being the share of the
    key mention's span that the response mention covers (one pair that covers the key mention
    well outweighs two that cover theirs poorly). Ties break as the CorefUD scorer breaks
    them: mentions in document order (start, then end), solved as scipy solves them.

    >>> span = lambda m: m
    >>> align(key=[[(0, 3), (5, 6)]], response=[[(1, 3), (5, 6)], [(8, 9)]], by="min_span",
    ...       span=span, min_span=lambda m: (2, 3) if m == (0, 3) else m)
    [[(0, 3), (5, 6)], [(8, 9)]]
    >>> align(key=[[(0, 3, 2)]], response=[[(1, 3, 2)]], by="head", span=lambda m: m[:2], head=lambda m: m[2])
    [[(0, 3, 2)]]
    """
    keys = [list(c) for c in key]
    responses = [list(c) for c in response]
    if by == "exact":
        return responses
    if span is None:
        raise ValueError(f"by={by!r} needs span=, a function from a mention to its (start, end)")
    if by == "head":
        if head is None:
            raise ValueError("by='head' needs head=, a function from a mention to its head")
        matches: Callable[[M, M], bool] = lambda k, r: head(k) == head(r)  # noqa: E731
    elif by == "min_span":
        if min_span is None:
            raise ValueError("by='min_span' needs span= and min_span=")
        matches = lambda k, r: (  # noqa: E731
            span(k)[0] <= span(r)[0] <= min_span(k)[0] and min_span(k)[1] <= span(r)[1] <= span(k)[1]
        )
    else:
        raise ValueError(f"by must be 'exact', 'head' or 'min_span', not {by!r}")
    key_mentions = {m for c in keys for m in c}
    response_mentions = {m for c in responses for m in c}
    free_k = sorted(key_mentions - response_mentions, key=span)
    free_r = sorted(response_mentions - key_mentions, key=span)
    # similarities as floats and the whole matrix of unmatched mentions, as the CorefUD scorer
    # builds them, so that ties break alike (the solver follows scipy's)
    similar: dict[tuple[int, int], float] = {}
    for a, k in enumerate(free_k):
        ks, ke = span(k)
        for b, r in enumerate(free_r):
            shared = _overlap((ks, ke), span(r))
            if shared and matches(k, r):
                similar[a, b] = shared / (ke - ks)
    mapping: dict[M, M] = {}
    if similar:
        cost = [[-similar.get((a, b), 0.0) for b in range(len(free_r))] for a in range(len(free_k))]
        for a, b in enumerate(linear_assignment(cost)):
            if (a, b) in similar:
                mapping[free_r[b]] = free_k[a]
    return [[mapping.get(m, m) for m in c] for c in responses]
