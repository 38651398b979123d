"""Event scoring as the event-extraction literature defines it, without its counting flaws.

Metrics (TextEE's definitions), each on de-duplicated tuples with one-to-one matching, so a
duplicated prediction never raises recall:

- ``trigger_identification``: (document, trigger start, trigger end);
- ``trigger_classification``: the same plus the event subtype;
- ``argument_identification``: (document, event subtype, argument span), within the
  trigger's sentence (an argument outside it matches nothing: gold arguments lie in their
  trigger's sentence, and TextEE's windows cannot express another);
- ``argument_classification``: the same plus the role;
- ``argument_identification_attached`` / ``argument_classification_attached``: the same,
  and the argument's trigger offsets must match too.

Argument spans match by one of four rules (``arg_match``): ``head`` (the prediction equals
the gold mention's head; the ACE05-E convention, and the default), ``extent`` (equals the
full mention), ``quote`` (equals the mention's extent or its head: both are what a text-only
extractor may quote), ``coref`` (equals the extent or head of any mention of the same cluster in
the trigger's sentence), ``overlap`` (overlaps the full mention).

Views: ``benchmark`` (the default; the 22 ACE05-E roles, Time and value roles dropped from
gold and predictions alike, comparable with published numbers) and ``full`` (every role).

Per-type rows: trigger metrics and argument identification by event subtype; argument
classification by role. A pair always shares its subtype (and role), so rows add up.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import compress, repeat
from operator import getitem
from typing import TYPE_CHECKING, Any, overload

from ..gold import collector
from ..gold.errors import Incident, incident
from ..gold.lazy import numpy
from ..gold.model import DEFAULT_ATTRIBUTES, Document, Gold, Mention
from ..gold.roles import VALUE_TYPES, fits
from ..readers.records import DocPredictions, in_slices
from ..tables.events import EventTable
from .events_dygiepp import dygiepp_metrics
from .match import augment
from .metrics import Counts
from .results import EVENT_METRICS, EventConfig, EventResult
from .units import FN, FP, TP, UnitBook, UnitCounts, Units

if TYPE_CHECKING:
    import numpy as np
    from numpy import ndarray

ATTRIBUTES = ("modality", "polarity", "genericity", "tense")


def benchmark_roles(event_types: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(event_types["benchmark_roles"])


# Documents scored together: every key holds its document, so parts add up exactly, and
# memory stays flat however many documents there are.
_PART = 2048


def score_events(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Iterable[DocPredictions],
    event_types: Mapping[str, Any],
    config: EventConfig = EventConfig(),
    errors: bool = True,
    units: Units | None = None,
) -> EventResult:
    """Score predicted events against the gold event layer, a few thousand documents at a time.

    Without ``errors`` the result lists no error rows (the counts are the same). With
    ``units`` (of the gold's documents), each metric's counts are also booked by the
    unit of the trigger and by label (``EventResult.unit_counts``, what a bootstrap
    resamples); they add up to the metric's counts.

    Each part is read once into integer columns. Triggers, and arguments matched by head or
    extent, are matched by equal keys (sorted arrays, no search); ``coref`` and ``overlap``
    arguments, where one gold argument accepts several spans, are paired by a maximum
    assignment within blocks.
    """
    roles = benchmark_roles(event_types) if config.view == "benchmark" else None
    if config.definition == "dygiepp":  # read twice: DyGIE++'s counts, and the rest as below
        predictions = list(predictions)
    documents = [d for d, _ in gold]
    index = {d.doc_id: i for i, d in enumerate(documents)}
    # DyGIE++'s counts are its own (events_dygiepp.py), not booked by unit: they get no interval
    book = UnitBook(units) if units and config.definition != "dygiepp" else None
    tally = _Tally(gold, documents, roles, config.arg_match, errors, book)
    seen: set[int] = set()
    with collector.paused_over(predictions):  # else only the scoring of each part
        for docs, part in in_slices(predictions, index, _PART, seen):
            tally.score(docs, part)
        unseen = [di for di in range(len(documents)) if di not in seen]
        for k in range(0, len(unseen), _PART):
            tally.score(unseen[k : k + _PART], [])
        tally.errors.sort()
    known = {s["subtype"] for s in event_types["subtypes"]}
    unknown = {t: n for t, n in sorted(tally.predicted_subtypes().items()) if t not in known}
    tallies = {
        "unknown_subtypes": unknown,
        "subtype_hints": {t: hint for t in unknown if (hint := _suggest_subtype(t, known))},
        # DyGIE++'s definition counts duplicates: nothing is removed to warn of
        "duplicate_events": tally.duplicate_events if config.definition == "textee" else 0,
        "duplicate_args": tally.duplicate_args if config.definition == "textee" else 0,
        "role_misfits": dict(sorted(tally.role_misfits.items())),
    }
    metrics = tally.metrics()
    if config.definition == "dygiepp":
        by_doc = {p.doc_id: p for p in predictions}
        metrics = dygiepp_metrics(gold=gold, predictions=by_doc, roles=roles, anchor=config.arg_match)
    return EventResult(
        config,
        metrics,
        tally.attributes(),
        tally.errors,
        event_warnings(tallies),
        tallies,
        tally.unit_counts() if book else None,
    )


class _Codes(dict):
    """Names as small integers, in order of first sight (``codes[name]`` assigns one when new)."""

    def __missing__(self, name: str) -> int:
        code = self[name] = len(self)
        return code

    def ranks(self) -> np.ndarray:
        """Each code's place among the names in sorted order, counted from 1 (0 stands for none)."""
        np = numpy()
        names = list(self)
        out = np.zeros(len(names) + 1, np.int64)  # one more slot: code -1 (none) reads the last, 0
        out[sorted(range(len(names)), key=names.__getitem__)] = np.arange(1, len(names) + 1)
        return out


def _pack(columns: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """One int64 per row, equal where all columns are equal, ordered as the rows' tuples
    (columns of non-negative integers)."""
    np = numpy()
    key = columns[0].astype(np.int64)
    for c in columns[1:]:
        base = int(c.max()) + 1 if len(c) else 1
        if len(key) and int(key.max()) >= (1 << 62) // base:  # would overflow: renumber what is packed so far
            key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
        key = key * base + c
    return key


def _joint(
    gold: Sequence[np.ndarray] | np.ndarray, pred: Sequence[np.ndarray] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keys of gold and predicted rows packed together, so that equal rows get equal keys."""
    np = numpy()
    n = len(gold[0])
    key = _pack([np.concatenate((g, p)) for g, p in zip(gold, pred)])
    return key[:n], key[n:]


@dataclass
class _Match:
    """Distinct keys of each side (by the row of their first occurrence), each row's key, and
    which distinct keys are matched."""

    g_first: np.ndarray
    g_of: np.ndarray
    g_hit: np.ndarray
    p_first: np.ndarray
    p_of: np.ndarray
    p_hit: np.ndarray


def _unique(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    np = numpy()
    distinct, first, of = np.unique(keys, return_index=True, return_inverse=True)
    return distinct, first, of.reshape(-1)


def _exact(g_keys: np.ndarray, p_keys: np.ndarray) -> _Match:
    """Equal keys match."""
    np = numpy()
    g, g_first, g_of = _unique(g_keys)
    p, p_first, p_of = _unique(p_keys)
    return _Match(g_first, g_of, np.isin(g, p, assume_unique=True), p_first, p_of, np.isin(p, g, assume_unique=True))


def _assigned(
    g_keys: np.ndarray,
    g_blocks: np.ndarray,
    g_anchors: list[Any],
    p_keys: np.ndarray,
    p_blocks: np.ndarray,
    p_spans: np.ndarray,
    ok: Callable[[Any, tuple[int, int]], bool],
) -> _Match:
    """Gold and predicted keys of equal blocks match when ``ok`` accepts the predicted span for
    the gold anchor: a maximum one-to-one assignment, in key order."""
    np = numpy()
    _, g_first, g_of = _unique(g_keys)
    _, p_first, p_of = _unique(p_keys)
    by_block: dict[int, list[int]] = {}
    for j, block in enumerate(p_blocks[p_first].tolist()):
        by_block.setdefault(block, []).append(j)
    spans = list(map(tuple, p_spans[p_first].tolist()))
    adj = [
        [j for j in by_block.get(block, ()) if ok(g_anchors[row], spans[j])]
        for block, row in zip(g_blocks[g_first].tolist(), g_first.tolist())
    ]
    match_g: list[int | None] = [None] * len(adj)
    match_p: list[int | None] = [None] * len(spans)
    for g in range(len(adj)):
        if adj[g]:
            augment(g, adj, match_g, match_p)
    g_hit = np.array([m is not None for m in match_g], bool)
    p_hit = np.array([m is not None for m in match_p], bool)
    return _Match(g_first, g_of, g_hit, p_first, p_of, p_hit)


def _by_span(events: np.ndarray, rows: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Event ``rows`` by trigger span, and within a span by subtype, the last by name first."""
    np = numpy()
    return rows[np.lexsort((-rank[events[rows, 3]], _pack(events[rows, :3].T)))]


def _count(into: Counter[int], labels: np.ndarray) -> None:
    np = numpy()
    counts = np.bincount(labels)
    for code in np.flatnonzero(counts).tolist():
        into[code] += int(counts[code])


class _Part:
    """The events and arguments of one part, gathered a document's table at a time as flat
    lists (no tuple per row), then made integer columns."""

    def __init__(self) -> None:
        self.docs: list[int] = []  # each table's document, its events and its arguments
        self.sizes: list[int] = []
        self.arg_sizes: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.type: list[str] = []
        self.arg_event: list[int] = []
        self.arg_role: list[str] = []
        self.arg_start: list[int] = []
        self.arg_end: list[int] = []

    def add(self, di: int, t: EventTable) -> int:
        """Add document ``di``'s events; the part's row of its first."""
        k = len(self.type)
        self.docs.append(di)
        self.sizes.append(len(t))
        self.arg_sizes.append(len(t.arg_event))
        self.start += t.trigger_start
        self.end += t.trigger_end
        self.type += t.type
        self.arg_event += t.arg_event
        self.arg_role += t.arg_role
        self.arg_start += t.arg_start
        self.arg_end += t.arg_end
        return k

    def events(self, subtypes: _Codes) -> np.ndarray:
        """Rows (document, start, end, subtype)."""
        np = numpy()
        doc = np.repeat(np.array(self.docs, np.int64), self.sizes)
        return _rows([doc, self.start, self.end, list(map(subtypes.__getitem__, self.type))])

    def arguments(self, roles: _Codes, keep: list[bool] | None, *anchor: list[int]) -> np.ndarray:
        """Rows (event row, role, *anchor, start, end) of the arguments ``keep`` keeps (None: all)."""
        np = numpy()
        sizes = np.array(self.sizes, np.int64)
        rows = np.repeat(np.cumsum(sizes) - sizes, self.arg_sizes) + _array(self.arg_event)  # + its table's first row
        start, end = _array(self.arg_start), _array(self.arg_end)
        if keep is not None:
            kept = np.array(keep, bool)
            rows, start, end = rows[kept], start[kept], end[kept]
        role = list(map(roles.__getitem__, _select(self.arg_role, keep)))
        return _rows([rows, role, *anchor, start, end])


def _array(values: list[int]) -> np.ndarray:
    np = numpy()
    return np.fromiter(values, np.int64, count=len(values))


def _rows(columns: Sequence[list[int] | np.ndarray]) -> np.ndarray:
    np = numpy()
    out = np.empty((len(columns[0]), len(columns)), np.int64)
    for i, c in enumerate(columns):
        out[:, i] = c if isinstance(c, np.ndarray) else np.fromiter(c, np.int64, count=len(c))
    return out


def _select(values: list[Any], keep: list[bool] | None) -> list[Any]:
    return values if keep is None else list(compress(values, keep))


# Error kinds in the order of their names: rows sort by (document, start, kind, ...).
_KINDS = (
    "missed_argument",
    "missed_trigger",
    "spurious_argument",
    "spurious_trigger",
    "wrong_role",
    "wrong_trigger",
    "wrong_type",
)
_KIND = {k: i for i, k in enumerate(_KINDS)}
EVENT_ERROR_FIELDS = (
    "doc_id",
    "kind",
    "start",
    "end",
    "text",
    "gold_type",
    "pred_type",
    "role",
    "trigger",
    "trigger_start",
    "trigger_end",
)
"""The fields of an event error record, in order."""


class EventErrors(Sequence[dict[str, Any]]):
    """A scoring's error rows, kept as integer columns and made records as they are read (each
    reading makes them anew): the JSON report writes them one batch at a time, and nothing
    holds them all as objects.

    A record: ``doc_id``, ``kind``, ``start``, ``end`` and ``text`` of the trigger or argument,
    ``gold_type`` and ``pred_type`` (subtypes), and for an argument its ``role`` and its
    trigger (``trigger``, ``trigger_start``, ``trigger_end``); None where a row has none.

    Indexing (``errors[0]``, ``errors[:5]``) reads them as a list, made on the first index
    and kept: what a caller who indexes wants, and no cost to one that only iterates."""

    _BATCH = 4096  # rows made Python values at once

    def __init__(self, documents: Sequence[Document], subtypes: Iterable[str], roles: Iterable[str]):
        self.documents, self.subtypes, self.roles = documents, subtypes, roles
        self.parts: list[list[np.ndarray]] = []  # kind, document, start, end, gold, predicted, role, trigger start, end
        self._listed: list[dict[str, Any]] | None = None  # the rows as a list, once indexed

    def add(self, columns: list[np.ndarray]) -> None:
        """A part's rows, in their order within each document."""
        if len(columns[0]):
            self.parts.append(columns)
            self._listed = None

    def sort(self) -> None:
        """Rows in order of document id (stable: a document's rows keep their order)."""
        if not self.parts:
            return
        np = numpy()
        columns = [np.concatenate(c) for c in zip(*self.parts)]
        ids = [d.doc_id for d in self.documents]
        rank = np.empty(len(ids), np.int64)
        rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
        order = np.argsort(rank[columns[1]], kind="stable")
        self.parts = [[c[order] for c in columns]]
        self._listed = None

    def __len__(self) -> int:
        return sum(len(p[0]) for p in self.parts)

    def batches(self) -> Iterator[list[list[Any]]]:
        """The rows as columns (:data:`EVENT_ERROR_FIELDS`), a batch at a time."""
        np = numpy()
        documents = self.documents
        ids = np.array([d.doc_id for d in documents], object)
        texts = np.array([d.text for d in documents], object)
        kinds = np.array(_KINDS, object)
        names, roles = np.array([*self.subtypes, None], object), np.array([*self.roles, None], object)  # code -1: None
        for part in self.parts:
            for at in range(0, len(part[0]), self._BATCH):
                k, di, s, e, g, p, r, a, b = (c[at : at + self._BATCH] for c in part)
                text = texts[di].tolist()
                trigger = np.array(list(map(getitem, text, map(slice, a.tolist(), b.tolist()))), object)
                trigger_start, trigger_end = a.astype(object), b.astype(object)
                for column in (trigger, trigger_start, trigger_end):
                    column[a < 0] = None  # a trigger's own row has no trigger
                yield [
                    ids[di].tolist(),
                    kinds[k].tolist(),
                    s.tolist(),
                    e.tolist(),
                    list(map(getitem, text, map(slice, s.tolist(), e.tolist()))),
                    names[g].tolist(),
                    names[p].tolist(),
                    roles[r].tolist(),
                    trigger.tolist(),
                    trigger_start.tolist(),
                    trigger_end.tolist(),
                ]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for columns in self.batches():
            yield from map(dict, map(partial(zip, EVENT_ERROR_FIELDS), zip(*columns)))

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if self._listed is None:
            self._listed = list(self)
        return self._listed[i]

    def __contains__(self, row: object) -> bool:
        return any(r == row for r in self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (EventErrors, list)) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


class _Tally:
    """Scores parts of a corpus and adds up their counts, attribute checks and errors."""

    def __init__(
        self,
        gold: Sequence[tuple[Document, Gold]],
        documents: Sequence[Document],
        roles: frozenset[str] | None,
        arg_match: str,
        errors: bool,
        unit_book: UnitBook | None = None,
    ):
        self.gold, self.documents, self.roles, self.arg_match, self.listing = gold, documents, roles, arg_match, errors
        self.unit_book = unit_book  # each metric's counts by unit of the trigger, and label
        self.subtypes, self.roles_seen = _Codes(), _Codes()
        # metric: (matched by gold label, gold by label, predicted by label, matched by predicted label), by code
        self.counts: dict[str, tuple[Counter[int], ...]] = {
            name: (Counter(), Counter(), Counter(), Counter()) for name in EVENT_METRICS
        }
        self.predicted: Counter[int] = Counter()  # predicted events by subtype code, duplicates too
        self.matched_triggers = 0
        self.given = [0] * len(ATTRIBUTES)
        self.right = [0] * len(ATTRIBUTES)
        self.errors = EventErrors(documents, self.subtypes, self.roles_seen)
        self.duplicate_events = self.duplicate_args = 0
        self.role_misfits: Counter[str] = Counter()  # "subtype role type": predicted arguments

    @collector.paused()
    def score(self, docs: list[int], predictions: Sequence[DocPredictions]) -> None:
        """Score documents ``docs`` (positions in the gold) against their ``predictions``, given in the same order."""
        g_ev, g_events, g_arg, anchors = self._gold_columns(docs)
        p_ev, p_given, p_arg = self._predicted_columns(docs, predictions)
        _count(self.predicted, p_ev[:, 3])

        # Triggers: rows (document, start, end, subtype).
        tc = _exact(*_joint(g_ev.T, p_ev.T))
        self.duplicate_events += len(p_ev) - len(tc.p_first)
        self._book("trigger_classification", g_ev[tc.g_first, 3], p_ev[tc.p_first, 3], tc.g_hit, tc.p_hit)
        self._book_units("trigger_classification", g_ev[tc.g_first], p_ev[tc.p_first], tc.g_hit, tc.p_hit)
        # Identification: one row per trigger span, booked under its subtype (the gold one for
        # tp and fn, the predicted one for fp); a span given two subtypes counts once, under
        # the one last by name: rows in that order, so a span's first row is the one it keeps.
        rank = self.subtypes.ranks()
        g_rows, p_rows = _by_span(g_ev, tc.g_first, rank), _by_span(p_ev, tc.p_first, rank)
        ti = _exact(*_joint(g_ev[g_rows, :3].T, p_ev[p_rows, :3].T))
        g_rows, p_rows = g_rows[ti.g_first], p_rows[ti.p_first]
        self._book("trigger_identification", g_ev[g_rows, 3], p_ev[p_rows, 3], ti.g_hit, ti.p_hit)
        self._book_units("trigger_identification", g_ev[g_rows], p_ev[p_rows], ti.g_hit, ti.p_hit)
        self._attributes(tc, g_events, p_given)

        # Arguments: rows (document, subtype, trigger start, trigger end, role, anchor or span).
        g_cols = [*g_ev[g_arg[:, 0]].T[[0, 3, 1, 2]], g_arg[:, 1]]
        p_cols = [*p_ev[p_arg[:, 0]].T[[0, 3, 1, 2]], p_arg[:, 1]]
        g_cols.append(self._sentences(g_cols[0], g_cols[2]))
        p_cols.append(self._sentences(p_cols[0], p_cols[2]))
        matched = {}
        for name, fields, label in _ARG_BLOCKS:
            match = self._match_args([g_cols[f] for f in fields], g_arg, anchors, [p_cols[f] for f in fields], p_arg)
            self._book(name, g_cols[label][match.g_first], p_cols[label][match.p_first], match.g_hit, match.p_hit)
            if self.unit_book is not None:  # rows of (document, trigger start, label)
                g_at = numpy().stack([g_cols[0], g_cols[2], g_cols[label]], axis=1)[match.g_first]
                p_at = numpy().stack([p_cols[0], p_cols[2], p_cols[label]], axis=1)[match.p_first]
                self._book_units(name, g_at, p_at, match.g_hit, match.p_hit)
            matched[name] = match
        self.duplicate_args += len(p_arg) - len(matched["argument_classification_attached"].p_first)

        if self.listing:
            self._errors(g_ev, p_ev, g_rows, p_rows, ti, g_cols, g_arg, p_cols, p_arg, matched, rank)

    def _sentences(self, docs: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """The sentence of each trigger start (by document): an argument counts within its
        trigger's sentence, as TextEE's windows and DyGIE++'s sentences do."""
        np = numpy()
        if not len(docs):
            return np.zeros(0, np.int64)
        held = np.unique(docs).tolist()
        width = max(len(self.documents[d].text) for d in held) + 1
        begins = np.fromiter(
            (d * width + s.start for d in held for s in self.documents[d].sentences), np.int64
        )  # sorted: documents in order, sentences in order within each
        keys = docs.astype(np.int64) * width
        return np.searchsorted(begins, keys + starts, side="right") - 1 - np.searchsorted(begins, keys, side="left")

    def _gold_columns(self, docs: Iterable[int]) -> tuple[np.ndarray, list[tuple[Gold, int]], np.ndarray, list[Any]]:
        """Gold events as rows (document, start, end, subtype), where each came from (its
        gold and its row in the gold's event table), and their arguments as rows (event row,
        role, anchor, anchor, extent start, extent end). The anchor is the head (``head``) or
        the extent; under ``coref`` and ``quote`` its first field numbers the tuple of spans
        that may stand for it (in ``anchors``)."""
        arg_match = self.arg_match
        part = _Part()
        origins: list[tuple[Gold, int]] = []
        anchor_start: list[Any] = []  # the anchor's start, or under coref and quote its spans
        anchor_end: list[int] = []
        for di in docs:
            doc, g = self.gold[di]
            t = g.event_table
            if not len(t):
                continue
            part.add(di, t)
            origins += zip(repeat(g), range(len(t)))
            heads = _heads(g) if arg_match == "head" else None
            if heads:
                pairs = [heads.get(ref, se) for ref, se in zip(t.refs(), zip(t.arg_start, t.arg_end))]
                anchor_start += [s for s, _ in pairs]
                anchor_end += [e for _, e in pairs]
            elif arg_match in ("coref", "quote"):
                mentions = g.by_id()
                mates = _mates(doc, mentions.values()) if arg_match == "coref" else {}
                for row, ref in zip(t.arg_event, t.refs()):
                    m = mentions[ref]
                    at = doc.sentence_of(t.trigger_start[row])
                    anchor_start.append(_acceptable(m, mates.get((m.cluster, at), ()) if m.cluster else ()))
                anchor_end += repeat(0, len(t.arg_event))
            else:  # anchored on the extent
                anchor_start += t.arg_start
                anchor_end += t.arg_end
        keep = self._kept(part.arg_role)
        anchors: list[Any] = []
        if arg_match in ("coref", "quote"):  # each tuple of spans numbered once, in order of first sight
            numbered: dict[Any, int] = {}
            starts = [numbered.setdefault(spans, len(numbered)) for spans in _select(anchor_start, keep)]
            anchors = list(numbered)
        else:
            starts = _select(anchor_start, keep)
        arguments = part.arguments(self.roles_seen, keep, starts, _select(anchor_end, keep))
        return part.events(self.subtypes), origins, arguments, anchors

    def _kept(self, roles: list[str]) -> list[bool] | None:
        """Which arguments the view keeps, by role (None: all)."""
        keep = None if self.roles is None else list(map(self.roles.__contains__, roles))
        return None if keep is None or all(keep) else keep

    def _predicted_columns(
        self, docs: Iterable[int], predictions: Iterable[DocPredictions]
    ) -> tuple[np.ndarray, list[tuple[int, tuple[str | None, ...]]], np.ndarray]:
        """Predicted events as rows (document, start, end, subtype), the attributes of those
        that give any (by row), and their arguments as rows (event row, role, start, end)."""
        part = _Part()
        given: list[tuple[int, tuple[str | None, ...]]] = []
        for di, dp in zip(docs, predictions):
            t = dp.event_table
            if not len(t):
                continue
            k = part.add(di, t)
            if t.attributes is not None:
                given += [(k + row, attrs) for row, attrs in enumerate(t.attributes) if attrs is not None]
            if dp.entities:
                self._misfits(dp)
        return part.events(self.subtypes), given, part.arguments(self.roles_seen, self._kept(part.arg_role))

    def _misfits(self, dp: DocPredictions) -> None:
        """Count the arguments whose filler, an entity the prediction gives at the same offsets,
        has a type the role does not take (the ACE 2005 table of :mod:`newsgold.gold.roles`).
        Predicted values are not read (a number can be a mention's head: ``VALUE_TYPES``), and
        where several names share the offsets, one that fits is enough."""
        typed: dict[tuple[int, int], set[str]] = {}
        for entity in dp.entities:
            if entity.type not in VALUE_TYPES:
                typed.setdefault((entity.start, entity.end), set()).add(entity.type)
        if not typed:
            return
        t = dp.event_table
        subtype, roles = t.type, self.roles
        for row, role, s, e in zip(t.arg_event, t.arg_role, t.arg_start, t.arg_end):
            kinds = typed.get((s, e), ())
            if kinds and (roles is None or role in roles) and not any(fits(subtype[row], role, kind) for kind in kinds):
                self.role_misfits[f"{subtype[row]} {role} {'/'.join(sorted(kinds))}"] += 1

    def _match_args(
        self,
        g_block: list[np.ndarray],
        g_arg: np.ndarray,
        anchors: list[Any],
        p_block: list[np.ndarray],
        p_arg: np.ndarray,
    ) -> _Match:
        ok = _ACCEPTS[self.arg_match]
        if ok is None:
            return _exact(*_joint([*g_block, g_arg[:, 2], g_arg[:, 3]], [*p_block, p_arg[:, 2], p_arg[:, 3]]))
        g_blocks, p_blocks = _joint(g_block, p_block)
        if self.arg_match == "overlap":  # the anchor is the extent
            anchor_rows = list(map(tuple, g_arg[:, 2:4].tolist()))
        else:
            anchor_rows = [anchors[n] for n in g_arg[:, 2].tolist()]
        return _assigned(
            _pack([g_blocks, g_arg[:, 2], g_arg[:, 3]]),
            g_blocks,
            anchor_rows,
            _pack([p_blocks, p_arg[:, 2], p_arg[:, 3]]),
            p_blocks,
            p_arg[:, 2:4],
            ok,
        )

    def _book(
        self, name: str, g_labels: np.ndarray, p_labels: np.ndarray, g_hit: np.ndarray, p_hit: np.ndarray
    ) -> None:
        """Count distinct gold and predicted keys by label (given in key order), and the matched ones."""
        tp, g_total, p_total, p_matched = self.counts[name]
        _count(tp, g_labels[g_hit])
        _count(g_total, g_labels)
        _count(p_total, p_labels)
        _count(p_matched, p_labels[p_hit])

    def _book_units(self, name: str, g_at: np.ndarray, p_at: np.ndarray, g_hit: np.ndarray, p_hit: np.ndarray) -> None:
        """As :meth:`_book`, by unit: rows (document, trigger start, ..., label) in key order."""
        if self.unit_book is None:
            return
        book, of = self.unit_book.book, self.unit_book.units.of
        g_units, p_units = of(g_at[:, 0], g_at[:, 1]), of(p_at[:, 0], p_at[:, 1])
        g_labels, p_labels = g_at[:, -1], p_at[:, -1]
        book(name, TP, g_units[g_hit], g_labels[g_hit])
        book(name, FN, g_units[~g_hit], g_labels[~g_hit])
        book(name, FP, p_units[~p_hit], p_labels[~p_hit])

    def unit_counts(self) -> dict[str, UnitCounts]:
        """Each metric's counts by unit and label (the labels of :meth:`metrics`)."""
        assert self.unit_book is not None
        return {
            name: self.unit_book.finish(name, list(self.roles_seen if name in _BY_ROLE else self.subtypes))
            for name in EVENT_METRICS
        }

    def _attributes(
        self, tc: _Match, g_events: list[tuple[Gold, int]], p_given: list[tuple[int, tuple[str | None, ...]]]
    ) -> None:
        """Attribute checks over matched triggers where the prediction gives the attribute (of
        predicted events repeating a key, the least attributes that give any: order does not
        matter; a gold key given twice is checked against its first event)."""
        np = numpy()
        self.matched_triggers += int(tc.g_hit.sum())
        best: dict[int, tuple[str | None, ...]] = {}
        p_of, p_hit = tc.p_of.tolist(), tc.p_hit.tolist()
        for row, attrs in p_given:
            key = p_of[row]
            if p_hit[key] and (key not in best or _unset_last(attrs) < _unset_last(best[key])):
                best[key] = attrs
        if not best:
            return
        # Matched keys come in the same order on both sides.
        gold_of = dict(zip(np.flatnonzero(tc.p_hit).tolist(), tc.g_first[tc.g_hit].tolist()))
        given, right = self.given, self.right
        for key, attrs in best.items():
            gold, j = g_events[gold_of[key]]
            table = gold.event_table.attributes
            expected = table[j] if table is not None else None  # a gold's attributes are all given, or all default
            for i, (p, g) in enumerate(zip(attrs, DEFAULT_ATTRIBUTES if expected is None else expected)):
                if p is not None:
                    given[i] += 1
                    right[i] += p == g

    def _errors(
        self,
        g_ev: np.ndarray,
        p_ev: np.ndarray,
        g_rows: np.ndarray,
        p_rows: np.ndarray,
        ti: _Match,
        g_cols: list[np.ndarray],
        g_arg: np.ndarray,
        p_cols: list[np.ndarray],
        p_arg: np.ndarray,
        matched: Mapping[str, _Match],
        rank: np.ndarray,
    ) -> None:
        """Error rows of this part, in their final order within each document.

        Triggers: unmatched spans, and matched spans of another subtype. Arguments: each gold
        argument at the first metric it fails; each unmatched predicted argument span once
        (with the least trigger and role that gave it).
        """
        np = numpy()
        columns: list[list[ndarray]] = [[] for _ in range(9)]

        def add(*fields: Any) -> None:
            """Rows of (kind, document, start, end, gold subtype, predicted subtype, role,
            trigger start, trigger end), each field a column or one value for all (-1: none)."""
            np = numpy()
            n = len(fields[1])
            for into, f in zip(columns, fields):
                into.append(np.broadcast_to(np.asarray(f, np.int64), (n,)))

        # Triggers: distinct spans are in key order on both sides, so matched ones pair up in order.
        r = g_rows[~ti.g_hit]
        add(_KIND["missed_trigger"], g_ev[r, 0], g_ev[r, 1], g_ev[r, 2], g_ev[r, 3], -1, -1, -1, -1)
        hg, hp = g_rows[ti.g_hit], p_rows[ti.p_hit]
        other = g_ev[hg, 3] != p_ev[hp, 3]
        hg, hp = hg[other], hp[other]
        add(_KIND["wrong_type"], g_ev[hg, 0], g_ev[hg, 1], g_ev[hg, 2], g_ev[hg, 3], p_ev[hp, 3], -1, -1, -1)
        r = p_rows[~ti.p_hit]
        add(_KIND["spurious_trigger"], p_ev[r, 0], p_ev[r, 1], p_ev[r, 2], -1, p_ev[r, 3], -1, -1, -1)

        # Gold arguments, once each, at the first metric they fail.
        doc, sub, ts, te, role = g_cols[:5]
        whole, ai, ac = (
            matched[n]
            for n in ("argument_classification_attached", "argument_identification", "argument_classification")
        )
        r = whole.g_first[~whole.g_hit]
        kind = np.where(
            ~ai.g_hit[ai.g_of[r]],
            _KIND["missed_argument"],
            np.where(~ac.g_hit[ac.g_of[r]], _KIND["wrong_role"], _KIND["wrong_trigger"]),
        )
        add(kind, doc[r], g_arg[r, 4], g_arg[r, 5], sub[r], -1, role[r], ts[r], te[r])
        # Predicted argument spans that match no gold argument, each once, by its least trigger and role.
        doc, sub, ts, te, role = p_cols[:5]
        unmatched = np.flatnonzero(~ai.p_hit[ai.p_of])
        role_rank = self.roles_seen.ranks()  # subtype ranks: ``rank``, the part's (no code is added after it)
        order = unmatched[np.lexsort((role_rank[role[unmatched]], te[unmatched], ts[unmatched], ai.p_of[unmatched]))]
        key = ai.p_of[order]
        r = order[np.r_[True, key[1:] != key[:-1]]] if len(order) else order
        add(_KIND["spurious_argument"], doc[r], p_arg[r, 2], p_arg[r, 3], -1, sub[r], role[r], ts[r], te[r])

        kind, doc, start, end, gold, pred, role, ts, te = map(np.concatenate, columns)
        order = np.lexsort((rank[pred], rank[gold], te, ts, role_rank[role], end, kind, start, doc))
        self.errors.add([c[order] for c in (kind, doc, start, end, gold, pred, role, ts, te)])

    def predicted_subtypes(self) -> dict[str, int]:
        names = list(self.subtypes)
        return {names[code]: n for code, n in self.predicted.items()}

    def metrics(self) -> dict[str, dict[str, Counts]]:
        """Per label: tp, fp (predicted but unmatched) and fn (gold but unmatched)."""
        out: dict[str, dict[str, Counts]] = {}
        for name, (tp, g_total, p_total, p_hit) in self.counts.items():
            names = list(self.roles_seen if name in _BY_ROLE else self.subtypes)
            per = {
                names[c]: Counts(tp[c], p_total[c] - p_hit[c], g_total[c] - tp[c])
                for c in g_total.keys() | p_total.keys()
            }
            out[name] = dict(sorted(per.items()))
        return out

    def attributes(self) -> dict[str, dict[str, int | float | None]]:
        """Accuracy of each attribute over matched triggers where the prediction gives it."""
        return {
            attr: {
                "matched_triggers": self.matched_triggers,
                "predicted": self.given[i],
                "correct": self.right[i],
                "accuracy": self.right[i] / self.given[i] if self.given[i] else None,
            }
            for i, attr in enumerate(ATTRIBUTES)
        }


# Argument metrics: the fields of their key before the anchor (of document 0, subtype 1,
# trigger start 2, trigger end 3, role 4, the trigger's sentence 5), and the field that labels a row.
_ARG_BLOCKS = (
    ("argument_identification", (0, 5, 1), 1),
    ("argument_classification", (0, 5, 1, 4), 4),
    ("argument_identification_attached", (0, 1, 2, 3), 1),
    ("argument_classification_attached", (0, 1, 2, 3, 4), 4),
)
_BY_ROLE = {"argument_classification", "argument_classification_attached"}


def _heads(g: Gold) -> dict[str, tuple[int, int]]:
    """The head of each span of the gold that has one, by id (an argument without one is
    anchored on its extent)."""
    return {
        i: h
        for t in (g.entity_table, g.mention_table, g.argument_table)
        if t.head is not None
        for i, h in zip(t.ids(), t.head)
        if h is not None
    }


def _mates(doc: Document, mentions: Iterable[Mention]) -> dict[tuple[str, int], list[Mention]]:
    """Mentions of each coreference cluster, by cluster and sentence."""
    out: dict[tuple[str, int], list[Mention]] = {}
    for m in mentions:
        if m.cluster:
            out.setdefault((m.cluster, doc.sentence_of(m.span.start)), []).append(m)
    return out


def _acceptable(m: Mention, mates: Iterable[Mention]) -> tuple[tuple[int, int], ...]:
    """Spans that stand for ``m`` under ``coref``: its own extent and head, and those of the
    mentions of its cluster in the trigger's sentence."""
    spans = {(x.span.start, x.span.end) for x in (m, *mates)}
    spans |= {(x.head_or_span.start, x.head_or_span.end) for x in (m, *mates)}
    return tuple(sorted(spans))


def _unset_last(values: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((v is None, v or "") for v in values)


def _suggest_subtype(label: str, known: set[str]) -> str | None:
    """The ACE subtype a predicted event type most likely means, or None.

    >>> _suggest_subtype("Contact:Meeting", {"Contact:Meet", "Life:Die"}), _suggest_subtype("meet", {"Contact:Meet"})
    ('Contact:Meet', 'Contact:Meet')
    """
    by_leaf = {k.split(":")[-1].lower(): k for k in known}
    if label.split(":")[-1].lower() in by_leaf:
        return by_leaf[label.split(":")[-1].lower()]
    close = difflib.get_close_matches(label, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def event_warnings(tallies: Mapping[str, Any]) -> list[Incident]:
    """The warnings of an event scoring, from its tallies (so merged tallies give merged warnings)."""
    hints = tallies.get("subtype_hints", {})
    said: list[tuple[str, str, str | None]] = [  # (code, message, hint: None for the catalog's)
        (
            "NG604",
            f"event type {label!r} ({n} predictions) is not an ACE 2005 subtype; scored as wrong",
            (f"did you mean {hints[label]!r}? " if label in hints else "")
            + "use Type:Subtype names from annotations/inventories/event-types.json",
        )
        for label, n in sorted(tallies["unknown_subtypes"].items())
    ]
    duplicate_events, duplicate_args = tallies["duplicate_events"], tallies["duplicate_args"]
    if duplicate_events or duplicate_args:
        said.append(
            (
                "NG605",
                f"{duplicate_events} duplicate predicted triggers and {duplicate_args} duplicate "
                "arguments removed before scoring",
                None,
            )
        )
    misfits = tallies["role_misfits"]
    if misfits:
        common = sorted(misfits.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{key} {n}" for key, n in common[:5]) + (", ..." if len(common) > 5 else "")
        said.append(
            (
                "NG617",
                f"predicted arguments whose entity's predicted type the role does not take: "
                f"{sum(misfits.values())} ({shown}); scored as given",
                None,
            )
        )
    return [incident(code, "predictions", severity="warning", message=m, hint=h) for code, m, h in said]


def _overlaps(extent: tuple[int, int], span: tuple[int, int]) -> bool:
    return extent[0] < span[1] and span[0] < extent[1]


def _among(spans: tuple[tuple[int, int], ...], span: tuple[int, int]) -> bool:
    return span in spans


# arg_match: how an anchor accepts a predicted span (None: it equals it)
_ACCEPTS: dict[str, Callable[[Any, tuple[int, int]], bool] | None] = {
    "head": None,
    "extent": None,
    "coref": _among,
    "quote": _among,
    "overlap": _overlaps,
}
