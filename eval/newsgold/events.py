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

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, Mapping, NamedTuple, Sequence

from .errors import Incident, NewsgoldError, incident
from .match import _augment
from .metrics import Counts, averages, total
from .model import Document, Gold
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


# A gold argument: its block (what must be equal) and the spans that match it.
@dataclass(frozen=True, slots=True)
class GoldArg:
    doc: int
    type: str
    trigger: tuple[int, int]
    role: str
    extent: tuple[int, int]
    accept: frozenset[tuple[int, int]]


@dataclass
class EventResult:
    config: EventConfig
    metrics: dict[str, dict[str, Counts]]
    attributes: dict[str, dict[str, int | float | None]]
    errors: list[dict[str, Any]]
    warnings: list[Incident] = field(default_factory=list)

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


def _gold_args(
    di: int, doc: Document, gold: Gold, roles: frozenset[str] | None, arg_match: str
) -> list[GoldArg]:
    spans = gold.by_id()
    by_cluster: dict[tuple[str, int], list] = {}
    for m in spans.values():
        if m.cluster:
            by_cluster.setdefault((m.cluster, doc.sentence_of(m.span.start)), []).append(m)
    out = []
    for ev in gold.events:
        trig = (ev.trigger.start, ev.trigger.end)
        for arg in ev.arguments:
            if roles is not None and arg.role not in roles:
                continue
            m = spans[arg.ref]
            extent = (m.span.start, m.span.end)
            head = (m.head_or_span.start, m.head_or_span.end)
            if arg_match == "head":
                accept = frozenset({head})
            elif arg_match == "coref" and m.cluster:
                mates = by_cluster.get((m.cluster, doc.sentence_of(ev.trigger.start)), [m])
                accept = frozenset(s for x in mates for s in ((x.span.start, x.span.end), (x.head_or_span.start, x.head_or_span.end)))
            else:
                accept = frozenset({extent, head} if arg_match == "coref" else {extent})
            out.append(GoldArg(di, ev.type, trig, arg.role, extent, accept))
    return out


def _one_to_one(
    gold: Sequence[tuple[Hashable, Any]], pred: Sequence[tuple[Hashable, tuple[int, int]]], ok: Callable[[Any, tuple[int, int]], bool]
) -> list[tuple[int, int]]:
    """Maximum one-to-one pairs of (block, gold payload) and (block, predicted span) with equal blocks."""
    by_block: dict[Hashable, list[int]] = {}
    for j, (block, _) in enumerate(pred):
        by_block.setdefault(block, []).append(j)
    adj = [[j for j in by_block.get(block, ()) if ok(payload, pred[j][1])] for block, payload in gold]
    match_g: list[int | None] = [None] * len(gold)
    match_p: list[int | None] = [None] * len(pred)
    for g in range(len(gold)):
        if adj[g]:
            _augment(g, adj, match_g, match_p)
    return [(g, p) for g, p in enumerate(match_g) if p is not None]


def _book(gold_labels: Sequence[str], pred_labels: Sequence[str], pairs: Iterable[tuple[int, int]]) -> dict[str, Counts]:
    tp: Counter[str] = Counter()
    matched_g, matched_p = set(), set()
    for g, p in pairs:
        tp[gold_labels[g]] += 1
        matched_g.add(g)
        matched_p.add(p)
    fn = Counter(label for i, label in enumerate(gold_labels) if i not in matched_g)
    fp = Counter(label for i, label in enumerate(pred_labels) if i not in matched_p)
    return {t: Counts(tp[t], fp[t], fn[t]) for t in sorted(set(gold_labels) | set(pred_labels))}


class PArg(NamedTuple):
    doc: int
    type: str
    trigger: tuple[int, int]
    role: str
    span: tuple[int, int]


# metric: (gold block, predicted block, gold label, predicted label)
_ARG_SPECS: dict[str, tuple[Callable[[GoldArg], Hashable], Callable[[PArg], Hashable], Callable[[GoldArg], str], Callable[[PArg], str]]] = {
    "argument_identification": (lambda a: (a.doc, a.type), lambda p: (p.doc, p.type), lambda a: a.type, lambda p: p.type),
    "argument_classification": (lambda a: (a.doc, a.type, a.role), lambda p: (p.doc, p.type, p.role), lambda a: a.role, lambda p: p.role),
    "argument_identification_attached": (
        lambda a: (a.doc, a.type, a.trigger), lambda p: (p.doc, p.type, p.trigger), lambda a: a.type, lambda p: p.type),
    "argument_classification_attached": (
        lambda a: (a.doc, a.type, a.trigger, a.role), lambda p: (p.doc, p.type, p.trigger, p.role), lambda a: a.role, lambda p: p.role),
}


def score_events(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Iterable[DocPredictions],
    event_types: Mapping[str, Any],
    config: EventConfig = EventConfig(),
) -> EventResult:
    """Score predicted events against the gold event layer."""
    if config.view not in VIEWS:
        raise NewsgoldError(incident("NG003", "--event-view", message=f"view {config.view!r}; choose {', '.join(VIEWS)}"))
    if config.arg_match not in ARG_MATCHES:
        raise NewsgoldError(incident("NG003", "--arg-match", message=f"{config.arg_match!r}; choose {', '.join(ARG_MATCHES)}"))
    roles = benchmark_roles(event_types) if config.view == "benchmark" else None
    known_types = {s["subtype"] for s in event_types["subtypes"]}
    documents = [d for d, _ in gold]
    index = {d.doc_id: i for i, d in enumerate(documents)}

    g_trig: set[tuple[int, int, int, str]] = set()
    g_args: list[GoldArg] = []
    g_attrs: dict[tuple[int, int, int, str], dict[str, str]] = {}
    for di, (doc, g) in enumerate(gold):
        for ev in g.events:
            key = (di, ev.trigger.start, ev.trigger.end, ev.type)
            g_trig.add(key)
            g_attrs[key] = {a: getattr(ev, a) for a in ATTRIBUTES}
        g_args.extend(_gold_args(di, doc, g, roles, config.arg_match))

    p_trig: set[tuple[int, int, int, str]] = set()
    p_args: set[PArg] = set()
    p_attrs: dict[tuple[int, int, int, str], dict[str, str]] = {}
    raw_events = raw_args = 0
    unknown: Counter[str] = Counter()
    for dp in predictions:
        di = index[dp.doc_id]
        for ev in dp.events:
            raw_events += 1
            if ev.type not in known_types:
                unknown[ev.type] += 1
            key = (di, ev.trigger.start, ev.trigger.end, ev.type)
            p_trig.add(key)
            given = {a: v for a in ATTRIBUTES if (v := getattr(ev, a)) is not None}
            if given:
                p_attrs.setdefault(key, given)
            for a in ev.arguments:
                if roles is None or a.role in roles:
                    raw_args += 1
                    p_args.add(PArg(di, ev.type, (ev.trigger.start, ev.trigger.end), a.role, (a.start, a.end)))

    warnings: list[Incident] = []
    for label, n in sorted(unknown.items()):
        warnings.append(
            incident(
                "NG604", "predictions", severity="warning",
                message=f"event type {label!r} ({n} predictions) is not an ACE 2005 subtype; scored as wrong",
                hint="use Type:Subtype names from annotations/inventories/event-types.json",
            )
        )
    if raw_events > len(p_trig) or raw_args > len(p_args):
        warnings.append(
            incident(
                "NG605", "predictions", severity="warning",
                message=f"{raw_events - len(p_trig)} duplicate predicted triggers and {raw_args - len(p_args)} duplicate "
                "arguments removed before scoring",
            )
        )

    metrics: dict[str, dict[str, Counts]] = {}
    gt, pt = sorted(g_trig), sorted(p_trig)
    g_type_of = {t[:3]: t[3] for t in gt}
    p_type_of = {t[:3]: t[3] for t in pt}
    ti_g, ti_p = sorted(g_type_of), sorted(p_type_of)
    anything = lambda _g, _p: True  # noqa: E731 - blocks are the whole key for triggers
    ti_pairs = _one_to_one([(k, None) for k in ti_g], [(k, (0, 0)) for k in ti_p], anything)
    # Identification is booked under the span's subtype (gold side for tp/fn, predicted side for fp).
    metrics["trigger_identification"] = _book([g_type_of[k] for k in ti_g], [p_type_of[k] for k in ti_p], ti_pairs)
    tc_pairs = _one_to_one([(k, None) for k in gt], [(k, (0, 0)) for k in pt], anything)
    metrics["trigger_classification"] = _book([k[3] for k in gt], [k[3] for k in pt], tc_pairs)

    def ok(a: GoldArg, span: tuple[int, int]) -> bool:
        if config.arg_match == "overlap":
            return a.extent[0] < span[1] and span[0] < a.extent[1]
        return span in a.accept

    matched_gold: dict[str, set[Hashable]] = {}
    unmatched_pred: list[PArg] = []
    for name, (gblock, pblock, glabel, plabel) in _ARG_SPECS.items():
        golds = list({_gold_key(gblock(a), a, config.arg_match): a for a in g_args}.items())
        preds = sorted({(pblock(p), p.span): p for p in p_args}.items())
        pairs = _one_to_one([(k[0], a) for k, a in golds], [(k[0], k[1]) for k, _ in preds], ok)
        metrics[name] = _book([glabel(a) for _, a in golds], [plabel(p) for _, p in preds], pairs)
        matched_gold[name] = {golds[g][0] for g, _ in pairs}
        if name == "argument_identification":
            hit = {p for _, p in pairs}
            unmatched_pred = [p for j, (_, p) in enumerate(preds) if j not in hit]

    attributes = _attribute_accuracy(gt, pt, tc_pairs, g_attrs, p_attrs)
    errors = _trigger_errors(documents, ti_g, ti_p, ti_pairs, g_type_of, p_type_of)
    errors += _argument_errors(documents, g_args, unmatched_pred, matched_gold, config.arg_match)
    errors.sort(key=lambda r: (r["doc_id"], r["start"], r["kind"]))
    return EventResult(config, metrics, attributes, errors, warnings)


def _attribute_accuracy(gt, pt, pairs, g_attrs, p_attrs) -> dict[str, dict[str, int | float | None]]:
    """Accuracy of each attribute over matched triggers where the prediction gives it."""
    out: dict[str, dict[str, int | float | None]] = {}
    for attr in ATTRIBUTES:
        given = right = 0
        for g, p in pairs:
            value = p_attrs.get(pt[p], {}).get(attr)
            if value is None:
                continue
            given += 1
            right += value == g_attrs[gt[g]][attr]
        out[attr] = {"matched_triggers": len(pairs), "predicted": given, "correct": right, "accuracy": right / given if given else None}
    return out


def _trigger_errors(documents, ti_g, ti_p, pairs, g_type_of, p_type_of) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    partner = {ti_g[g]: ti_p[p] for g, p in pairs}
    matched_p = set(partner.values())

    def row(kind, k, gold_type, pred_type):
        doc = documents[k[0]]
        return {"doc_id": doc.doc_id, "kind": kind, "start": k[1], "end": k[2], "text": doc.text[k[1] : k[2]],
                "gold_type": gold_type, "pred_type": pred_type, "role": None, "trigger": None}

    for k in ti_g:
        if k not in partner:
            rows.append(row("missed_trigger", k, g_type_of[k], None))
        elif g_type_of[k] != p_type_of[partner[k]]:
            rows.append(row("wrong_type", k, g_type_of[k], p_type_of[partner[k]]))
    rows += [row("spurious_trigger", k, None, p_type_of[k]) for k in ti_p if k not in matched_p]
    return rows


def _gold_key(block: Hashable, a: GoldArg, arg_match: str) -> Hashable:
    """De-duplication key of a gold argument: one per block and set of acceptable spans."""
    return (block, a.extent) if arg_match == "overlap" else (block, a.accept)


def _argument_errors(documents, g_args, unmatched_pred, matched, arg_match) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def row(kind, doc_i, span, etype, trigger, role):
        doc = documents[doc_i]
        return {"doc_id": doc.doc_id, "kind": kind, "start": span[0], "end": span[1], "text": doc.text[span[0] : span[1]],
                "gold_type": etype, "pred_type": None, "role": role, "trigger": doc.text[trigger[0] : trigger[1]]}

    seen = set()
    for a in g_args:
        keys = {name: _gold_key(spec[0](a), a, arg_match) for name, spec in _ARG_SPECS.items()}
        if keys["argument_classification_attached"] in seen:
            continue
        seen.add(keys["argument_classification_attached"])
        if keys["argument_identification"] not in matched["argument_identification"]:
            rows.append(row("missed_argument", a.doc, a.extent, a.type, a.trigger, a.role))
        elif keys["argument_classification"] not in matched["argument_classification"]:
            rows.append(row("wrong_role", a.doc, a.extent, a.type, a.trigger, a.role))
        elif keys["argument_classification_attached"] not in matched["argument_classification_attached"]:
            rows.append(row("wrong_trigger", a.doc, a.extent, a.type, a.trigger, a.role))
    for p in unmatched_pred:
        r = row("spurious_argument", p.doc, p.span, None, p.trigger, p.role)
        r["pred_type"] = p.type
        rows.append(r)
    return rows
