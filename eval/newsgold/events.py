"""Event scoring as the event-extraction literature defines it, without its counting flaws.

Metrics (TextEE's definitions), each on de-duplicated tuples with one-to-one matching, so a
duplicated prediction never raises recall:

- ``trigger_identification``: (document, trigger start, trigger end);
- ``trigger_classification``: the same plus the event subtype;
- ``argument_identification``: (document, event subtype, argument span);
- ``argument_classification``: the same plus the role;
- ``argument_identification_attached`` / ``argument_classification_attached``: the same,
  and the argument's trigger offsets must match too.

Argument spans match by one of four rules (``arg_match``): ``head`` (the prediction equals
the gold mention's head; the ACE05-E convention, and the default), ``extent`` (equals the
full mention), ``coref`` (equals the extent or head of any mention of the same cluster in
the trigger's sentence), ``overlap`` (overlaps the full mention).

Views: ``benchmark`` (the default; the 22 ACE05-E roles, Time and value roles dropped from
gold and predictions alike, comparable with published numbers) and ``full`` (every role).

Per-type rows: trigger metrics and argument identification by event subtype; argument
classification by role. A pair always shares its subtype (and role), so rows add up.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from operator import attrgetter, itemgetter
from typing import AbstractSet, Any, Callable, Hashable, Iterable, Mapping, Sequence

from .errors import Incident, NewsgoldError, incident
from .match import _augment
from .metrics import Counts, averages, total
from .model import Document, Event, Gold, Mention
from .predictions import DocPredictions

EVENT_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "argument_identification",
    "argument_classification",
    "argument_identification_attached",
    "argument_classification_attached",
)
ARG_MATCHES = ("head", "extent", "coref", "overlap")
VIEWS = ("benchmark", "full")
ATTRIBUTES = ("modality", "polarity", "genericity", "tense")


@dataclass(frozen=True)
class EventConfig:
    view: str = "benchmark"
    arg_match: str = "head"

    def describe(self) -> dict[str, object]:
        return {
            "view": self.view,
            "arg_match": self.arg_match,
            "metrics": list(EVENT_METRICS),
            "deduplicated": True,
            "matching": "one-to-one (maximum assignment within subtype/role/trigger blocks)",
            "zero_division": "null",
        }


@dataclass
class EventResult:
    config: EventConfig
    metrics: dict[str, dict[str, Counts]]
    attributes: dict[str, dict[str, int | float | None]]
    errors: list[dict[str, Any]]
    warnings: list[Incident] = field(default_factory=list)
    # What the warnings were made from, as numbers that add up over parts of a scoring.
    tallies: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, per_type in self.metrics.items():
            avg = averages(per_type)
            out[name] = {
                "overall": total(per_type.values()).to_dict(),
                "per_type": {t: c.to_dict() for t, c in sorted(per_type.items())},
                "macro": avg["macro"],
                "weighted": avg["weighted"],
            }
        return out


def benchmark_roles(event_types: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(event_types["benchmark_roles"])


# An argument is a row: (document, event subtype, trigger start, trigger end, role, anchor).
# A predicted argument's anchor is its span. A gold argument's anchor is what a prediction's
# span must meet: the head (``head``) or the extent (``extent``, ``overlap``), as a pair of
# offsets, or (``coref``) the sorted spans of every mention that may stand for it.
Row = tuple[int, str, int, int, str, Any]
Key = tuple[Any, ...]

# metric: (key of a row, which is its block and then its anchor, None for the whole row; label of a key)
_ARG_KEYS: dict[str, tuple[Callable[[Row], Key] | None, Callable[[Key], str]]] = {
    "argument_identification": (itemgetter(0, 1, 5), itemgetter(1)),
    "argument_classification": (itemgetter(0, 1, 4, 5), itemgetter(2)),
    "argument_identification_attached": (itemgetter(0, 1, 2, 3, 5), itemgetter(1)),
    "argument_classification_attached": (None, itemgetter(4)),
}
_event_attributes = attrgetter(*ATTRIBUTES)
_NOT_GIVEN = (None,) * len(ATTRIBUTES)
_trigger_span = itemgetter(0, 1, 2)
_subtype = itemgetter(3)


# Documents scored together: every key holds its document, so parts add up exactly, and
# small parts keep the hash tables in the processor's cache (time stays linear) and memory flat.
_PART = 512


def score_events(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Iterable[DocPredictions],
    event_types: Mapping[str, Any],
    config: EventConfig = EventConfig(),
    errors: bool = True,
) -> EventResult:
    """Score predicted events against the gold event layer, a few hundred documents at a time.

    Without ``errors`` the result lists no error rows (the counts are the same).

    Triggers, and arguments matched by head or extent, are matched by equal keys: set
    intersections, with no search. ``coref`` and ``overlap`` arguments, where one gold
    argument accepts several spans, are paired by a maximum assignment within blocks.
    """
    if config.view not in VIEWS:
        raise NewsgoldError(incident("NG003", "--event-view", message=f"view {config.view!r}; choose {', '.join(VIEWS)}"))
    if config.arg_match not in ARG_MATCHES:
        raise NewsgoldError(incident("NG003", "--arg-match", message=f"{config.arg_match!r}; choose {', '.join(ARG_MATCHES)}"))
    roles = benchmark_roles(event_types) if config.view == "benchmark" else None
    documents = [d for d, _ in gold]
    index = {d.doc_id: i for i, d in enumerate(documents)}
    tally = _Tally(gold, documents, roles, config.arg_match, errors)
    seen: set[int] = set()
    stream = iter(predictions)
    for part in iter(lambda: list(islice(stream, _PART)), []):
        docs = [index[dp.doc_id] for dp in part]
        if not seen.isdisjoint(docs) or len(set(docs)) < len(docs):
            again = next(documents[di].doc_id for k, di in enumerate(docs) if di in seen or di in docs[:k])
            raise NewsgoldError(
                incident("NG603", "predictions", message=f"{again!r} is predicted twice", hint="give each document's predictions once")
            )
        seen.update(docs)
        tally.score(docs, part)
    unseen = [di for di in range(len(documents)) if di not in seen]
    for k in range(0, len(unseen), _PART):
        tally.score(unseen[k : k + _PART], [])
    tally.errors.sort(key=_error_order)
    known = {s["subtype"] for s in event_types["subtypes"]}
    unknown = {t: n for t, n in sorted(tally.subtypes.items()) if t not in known}
    tallies = {
        "unknown_subtypes": unknown,
        "subtype_hints": {t: hint for t in unknown if (hint := _suggest_subtype(t, known))},
        "duplicate_events": tally.duplicate_events,
        "duplicate_args": tally.duplicate_args,
    }
    return EventResult(config, tally.metrics(), tally.attributes(), tally.errors, event_warnings(tallies), tallies)


class _Tally:
    """Scores parts of a corpus and adds up their counts, attribute checks and errors."""

    def __init__(
        self, gold: Sequence[tuple[Document, Gold]], documents: Sequence[Document], roles: frozenset[str] | None, arg_match: str, errors: bool,
    ):
        self.gold, self.documents, self.roles, self.arg_match, self.listing = gold, documents, roles, arg_match, errors
        self.ok = _ACCEPTS[arg_match]
        # metric: (matched by gold label, gold by label, predicted by label, matched by predicted label)
        self.counts = {name: (Counter(), Counter(), Counter(), Counter()) for name in EVENT_METRICS}
        self.matched_triggers = 0
        self.given = [0] * len(ATTRIBUTES)
        self.right = [0] * len(ATTRIBUTES)
        self.errors: list[dict[str, Any]] = []
        self.subtypes: Counter[str] = Counter()
        self.duplicate_events = self.duplicate_args = 0

    def score(self, docs: list[int], predictions: Sequence[DocPredictions]) -> None:
        """Score documents ``docs`` (positions in the gold) against their ``predictions``, given in the same order."""
        documents = self.documents
        g_events, g_extents = _gold_rows(self.gold, docs, self.roles, self.arg_match)
        p_keys, p_rows, p_attrs = _predicted_rows(docs, predictions, self.roles)
        p_events = set(p_keys)
        p_args = set(p_rows)
        self.subtypes.update(map(_subtype, p_keys))
        self.duplicate_events += len(p_keys) - len(p_events)
        self.duplicate_args += len(p_rows) - len(p_args)

        # Identification: one key per trigger span, booked under its subtype (the gold one for tp
        # and fn, the predicted one for fp); a span given two subtypes counts once, under the last.
        g_type_of, p_type_of = _type_of(g_events), _type_of(p_events)
        g_spans, p_spans = g_type_of.keys(), p_type_of.keys()
        hit_spans = g_spans & p_spans
        self._book("trigger_identification", g_spans, p_spans, hit_spans, hit_spans, g_type_of.__getitem__, p_type_of.__getitem__)
        g_trig = g_events.keys()
        hit_events = g_trig & p_events
        self._book("trigger_classification", g_trig, p_events, hit_events, hit_events, _subtype)

        matched: dict[str, tuple[AbstractSet[Key], AbstractSet[Key]]] = {}
        for name, (key, label) in _ARG_KEYS.items():
            golds, preds = (g_extents.keys(), p_args) if key is None else (set(map(key, g_extents)), set(map(key, p_args)))
            hit_g, hit_p = _match(golds, preds, self.ok)
            self._book(name, golds, preds, hit_g, hit_p, label)
            matched[name] = (hit_g, hit_p)

        self._attributes(hit_events, g_events, p_attrs)
        if self.listing:
            self.errors += _trigger_errors(documents, g_type_of, p_type_of, hit_spans)
            self.errors += _argument_errors(documents, g_extents, p_rows, matched)

    def _book(
        self, name: str, gold: AbstractSet[Key], pred: AbstractSet[Key], hit_g: AbstractSet[Key], hit_p: AbstractSet[Key],
        label: Callable[[Key], str], pred_label: Callable[[Key], str] | None = None,
    ) -> None:
        tp, g_total, p_total, p_hit = self.counts[name]
        matched = Counter(map(label, hit_g))
        tp.update(matched)
        g_total.update(map(label, gold))
        p_total.update(map(pred_label or label, pred))
        p_hit.update(matched if pred_label is None and hit_p is hit_g else map(pred_label or label, hit_p))

    def _attributes(self, hit: AbstractSet[Key], g_events: Mapping[Key, Event], p_attrs: Mapping[Key, tuple[str | None, ...]]) -> None:
        """Attribute checks over matched triggers where the prediction gives the attribute."""
        self.matched_triggers += len(hit)
        given, right = self.given, self.right
        for key in hit & p_attrs.keys():
            for i, (p, g) in enumerate(zip(p_attrs[key], _event_attributes(g_events[key]))):
                if p is not None:
                    given[i] += 1
                    right[i] += p == g

    def metrics(self) -> dict[str, dict[str, Counts]]:
        """Per label: tp, fp (predicted but unmatched) and fn (gold but unmatched)."""
        out: dict[str, dict[str, Counts]] = {}
        for name, (tp, g_total, p_total, p_hit) in self.counts.items():
            out[name] = {t: Counts(tp[t], p_total[t] - p_hit[t], g_total[t] - tp[t]) for t in sorted(g_total.keys() | p_total.keys())}
        return out

    def attributes(self) -> dict[str, dict[str, int | float | None]]:
        """Accuracy of each attribute over matched triggers where the prediction gives it."""
        return {
            attr: {"matched_triggers": self.matched_triggers, "predicted": self.given[i], "correct": self.right[i],
                   "accuracy": self.right[i] / self.given[i] if self.given[i] else None}
            for i, attr in enumerate(ATTRIBUTES)
        }


def _gold_rows(
    gold: Sequence[tuple[Document, Gold]], docs: Iterable[int], roles: frozenset[str] | None, arg_match: str
) -> tuple[dict[Key, Event], dict[Row, tuple[int, int]]]:
    """Gold events of documents ``docs`` by trigger key (document, start, end, subtype), and
    argument rows with their extents; each key once (a repeated one keeps its last event or extent).
    """
    events: dict[Key, Event] = {}
    extents: dict[Row, tuple[int, int]] = {}
    for di in docs:
        doc, g = gold[di]
        if not g.events:
            continue
        mentions = g.by_id()
        mates = _mates(doc, mentions.values()) if arg_match == "coref" else None
        for ev in g.events:
            etype, ts, te = ev.type, ev.trigger.start, ev.trigger.end
            events[(di, ts, te, etype)] = ev
            for arg in ev.arguments:
                if roles is not None and arg.role not in roles:
                    continue
                m = mentions[arg.ref]
                extent = (m.span.start, m.span.end)
                if arg_match == "head":
                    head = m.head if m.head is not None else m.span
                    anchor: Any = (head.start, head.end)
                elif mates is not None:
                    anchor = _acceptable(m, mates.get((m.cluster, doc.sentence_of(ts)), ()))
                else:
                    anchor = extent
                extents[(di, etype, ts, te, arg.role, anchor)] = extent
    return events, extents


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


def _predicted_rows(
    docs: Iterable[int], predictions: Iterable[DocPredictions], roles: frozenset[str] | None
) -> tuple[list[Key], list[Row], dict[Key, tuple[str | None, ...]]]:
    """Predicted trigger keys and argument rows as given (duplicates too), and the attributes
    of each trigger key (of events repeating a key, the least that gives any: order does not matter)."""
    keys: list[Key] = []
    rows: list[Row] = []
    attrs: dict[Key, tuple[str | None, ...]] = {}
    add_key, add_row = keys.append, rows.append
    for di, dp in zip(docs, predictions):
        for ev in dp.events:
            etype, ts, te = ev.type, ev.trigger.start, ev.trigger.end
            key = (di, ts, te, etype)
            add_key(key)
            given = _event_attributes(ev)
            if given != _NOT_GIVEN and (key not in attrs or _unset_last(given) < _unset_last(attrs[key])):
                attrs[key] = given
            for a in ev.arguments:
                if roles is None or a.role in roles:
                    add_row((di, etype, ts, te, a.role, (a.start, a.end)))
    return keys, rows, attrs


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
    warnings = [
        incident(
            "NG604", "predictions", severity="warning",
            message=f"event type {label!r} ({n} predictions) is not an ACE 2005 subtype; scored as wrong",
            hint=(f"did you mean {hints[label]!r}? " if label in hints else "")
            + "use Type:Subtype names from annotations/inventories/event-types.json",
        )
        for label, n in sorted(tallies["unknown_subtypes"].items())
    ]
    duplicate_events, duplicate_args = tallies["duplicate_events"], tallies["duplicate_args"]
    if duplicate_events or duplicate_args:
        warnings.append(
            incident(
                "NG605", "predictions", severity="warning",
                message=f"{duplicate_events} duplicate predicted triggers and {duplicate_args} duplicate "
                "arguments removed before scoring",
            )
        )
    return warnings


def _type_of(trigger_keys: Iterable[Key]) -> dict[Key, str]:
    """Subtype of each trigger span; of a span given several, the last in sorted order."""
    keys = list(trigger_keys)
    out = dict(zip(map(_trigger_span, keys), map(_subtype, keys)))
    if len(out) < len(keys):  # some span has two subtypes: which one stays must not depend on order
        for span, subtype in zip(map(_trigger_span, keys), map(_subtype, keys)):
            if subtype > out[span]:
                out[span] = subtype
    return out


def _overlaps(extent: tuple[int, int], span: tuple[int, int]) -> bool:
    return extent[0] < span[1] and span[0] < extent[1]


def _among(spans: tuple[tuple[int, int], ...], span: tuple[int, int]) -> bool:
    return span in spans


# arg_match: how an anchor accepts a predicted span (None: it equals it)
_ACCEPTS: dict[str, Callable[[Any, tuple[int, int]], bool] | None] = {"head": None, "extent": None, "coref": _among, "overlap": _overlaps}


def _match(gold: AbstractSet[Key], pred: AbstractSet[Key], ok: Callable[[Any, tuple[int, int]], bool] | None) -> tuple[AbstractSet[Key], AbstractSet[Key]]:
    """The matched gold and predicted keys: equal keys, or with ``ok`` a maximum one-to-one
    assignment between keys of equal blocks (all but the last field, the anchor) that ``ok`` accepts."""
    if ok is None:
        hit = gold & pred
        return hit, hit
    gs, ps = sorted(gold), sorted(pred)
    pairs = _one_to_one([(k[:-1], k[-1]) for k in gs], [(k[:-1], k[-1]) for k in ps], ok)
    return {gs[g] for g, _ in pairs}, {ps[p] for _, p in pairs}


def _one_to_one(
    gold: Sequence[tuple[Hashable, Any]], pred: Sequence[tuple[Hashable, tuple[int, int]]], ok: Callable[[Any, tuple[int, int]], bool]
) -> list[tuple[int, int]]:
    """Maximum one-to-one pairs of (block, gold anchor) and (block, predicted span) with equal blocks."""
    by_block: dict[Hashable, list[int]] = {}
    for j, (block, _) in enumerate(pred):
        by_block.setdefault(block, []).append(j)
    adj = [[j for j in by_block.get(block, ()) if ok(anchor, pred[j][1])] for block, anchor in gold]
    match_g: list[int | None] = [None] * len(gold)
    match_p: list[int | None] = [None] * len(pred)
    for g in range(len(gold)):
        if adj[g]:
            _augment(g, adj, match_g, match_p)
    return [(g, p) for g, p in enumerate(match_g) if p is not None]


def _trigger_errors(documents: Sequence[Document], g_type_of: Mapping[Key, str], p_type_of: Mapping[Key, str], hit: AbstractSet[Key]) -> list[dict[str, Any]]:
    def row(kind: str, k: Key, gold_type: str | None, pred_type: str | None) -> dict[str, Any]:
        doc = documents[k[0]]
        return {"doc_id": doc.doc_id, "kind": kind, "start": k[1], "end": k[2], "text": doc.text[k[1] : k[2]],
                "gold_type": gold_type, "pred_type": pred_type, "role": None, "trigger": None, "trigger_start": None, "trigger_end": None}

    rows = [row("missed_trigger", k, g_type_of[k], None) for k in g_type_of.keys() - hit]
    rows += [row("wrong_type", k, g_type_of[k], p_type_of[k]) for k in hit if g_type_of[k] != p_type_of[k]]
    rows += [row("spurious_trigger", k, None, p_type_of[k]) for k in p_type_of.keys() - hit]
    return rows


def _argument_errors(
    documents: Sequence[Document], g_extents: Mapping[Row, tuple[int, int]], p_rows: Iterable[Row], matched: Mapping[str, tuple[AbstractSet[Key], AbstractSet[Key]]]
) -> list[dict[str, Any]]:
    """Each gold argument at the first metric it fails; each unmatched predicted argument span once."""

    def row(kind: str, r: Row, span: tuple[int, int], gold_type: str | None, pred_type: str | None) -> dict[str, Any]:
        doc = documents[r[0]]
        return {"doc_id": doc.doc_id, "kind": kind, "start": span[0], "end": span[1], "text": doc.text[span[0] : span[1]],
                "gold_type": gold_type, "pred_type": pred_type, "role": r[4], "trigger": doc.text[r[2] : r[3]],
                "trigger_start": r[2], "trigger_end": r[3]}

    ai, ac = _ARG_KEYS["argument_identification"][0], _ARG_KEYS["argument_classification"][0]
    assert ai is not None and ac is not None
    hit_ai, hit_ac, hit_att = (matched[n][0] for n in ("argument_identification", "argument_classification", "argument_classification_attached"))
    rows: list[dict[str, Any]] = []
    for r, extent in g_extents.items():
        if ai(r) not in hit_ai:
            rows.append(row("missed_argument", r, extent, r[1], None))
        elif ac(r) not in hit_ac:
            rows.append(row("wrong_role", r, extent, r[1], None))
        elif r not in hit_att:
            rows.append(row("wrong_trigger", r, extent, r[1], None))
    matched_p = matched["argument_identification"][1]
    spurious: dict[Key, Row] = {}  # unmatched identification key -> its least predicted row (whatever their order)
    for r in p_rows:
        k = ai(r)
        if k not in matched_p and (k not in spurious or r < spurious[k]):
            spurious[k] = r
    rows += [row("spurious_argument", r, r[5], None, r[1]) for r in spurious.values()]
    return rows


def _error_order(r: Mapping[str, Any]) -> tuple[Any, ...]:
    """Document, start, kind, and then every other field: one order whatever the input order."""
    return (r["doc_id"], r["start"], r["kind"], r["end"], r["role"] or "", r["trigger_start"] or -1, r["trigger_end"] or -1,
            r["gold_type"] or "", r["pred_type"] or "")
