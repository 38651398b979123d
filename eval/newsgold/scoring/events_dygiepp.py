"""Event metrics as DyGIE++'s ``EventMetrics`` counts them (``--event-metrics dygiepp``).

DyGIE++ (``dygie/training/event_metrics.py``) scores each sentence on its own:

- triggers are keyed by position (a later event at the same trigger replaces an earlier one);
  a predicted trigger is identified when a gold trigger sits there, classified when its type
  is that gold trigger's type;
- each argument of a trigger (keyed by trigger and argument span, a later role replacing an
  earlier one) becomes an entry (argument span, event type, role), **one per trigger and not
  de-duplicated**: two predicted Meet triggers that both give Cuba as Entity are two entries;
- a predicted entry is identified when any gold entry of the sentence has its span and event
  type, classified when one has its role too: **many-to-one**, so two predicted entries can
  both be credited against one gold entry, and recall (matched predicted entries over gold
  entries) can exceed 1;
- there are no *attached* metrics; the trigger's offsets need not match for an argument.

An argument counts in the sentence of its trigger; an argument outside that sentence matches
nothing (gold arguments lie in their trigger's sentence), as in the default definition.

Counts are booked as tp (matched predicted keys), fp (the other predicted keys) and fn (gold
keys less tp, negative when more predicted entries than gold ones matched), by the gold label
for gold keys and the predicted label for predicted ones, so rows add up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from ..gold.model import Document, Gold
from ..readers.records import DocPredictions
from .metrics import Counts

DYGIEPP_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "argument_identification",
    "argument_classification",
)

Span2 = tuple[int, int]
# One sentence's events as DyGIE++ keeps them: trigger span -> type, (trigger, argument span) -> role.
_Sentence = tuple[dict[Span2, str], dict[tuple[Span2, Span2], str]]


def _sentences(doc: Document, events: Iterable[tuple[str, Span2, Iterable[tuple[str, Span2]]]]) -> dict[int, _Sentence]:
    out: dict[int, _Sentence] = {}
    for label, trigger, args in events:
        triggers, arguments = out.setdefault(doc.sentence_of(trigger[0]), ({}, {}))
        triggers[trigger] = label
        for role, span in args:
            arguments[trigger, span] = role
    return out


def _entries(sentence: _Sentence) -> list[tuple[Span2, str, str]]:
    triggers, arguments = sentence
    return [(span, triggers[trigger], role) for (trigger, span), role in arguments.items()]


class _Book:
    """Counts of one metric by label: matched, gold and predicted keys."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.pred_hit: Counter[str] = Counter()

    def counts(self) -> dict[str, Counts]:
        labels = sorted(self.gold.keys() | self.pred.keys())
        return {t: Counts(self.tp[t], self.pred[t] - self.pred_hit[t], self.gold[t] - self.tp[t]) for t in labels}


def dygiepp_metrics(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Mapping[str, DocPredictions],
    roles: frozenset[str] | None,
    anchor: str,
) -> dict[str, dict[str, Counts]]:
    """DyGIE++'s four event metrics over the corpus; ``roles`` keeps only those roles (the
    benchmark view), ``anchor`` is ``head`` or ``extent`` (the gold argument span)."""
    books = {name: _Book() for name in DYGIEPP_METRICS}
    for doc, g in gold:
        by = g.by_id()
        span = {ref: (m.head_or_span if anchor == "head" else m.span) for ref, m in by.items()}
        gold_events = [
            (
                e.type,
                (e.trigger.start, e.trigger.end),
                [
                    (a.role, (span[a.ref].start, span[a.ref].end))
                    for a in e.arguments
                    if roles is None or a.role in roles
                ],
            )
            for e in g.events
        ]
        dp = predictions.get(doc.doc_id)
        pred_events = [
            (
                e.type,
                (e.trigger.start, e.trigger.end),
                [(a.role, (a.start, a.end)) for a in e.arguments if roles is None or a.role in roles],
            )
            for e in (dp.events if dp is not None else ())
        ]
        gs, ps = _sentences(doc, gold_events), _sentences(doc, pred_events)
        for k in gs.keys() | ps.keys():
            _score_sentence(books, gs.get(k, ({}, {})), ps.get(k, ({}, {})))
    return {name: book.counts() for name, book in books.items()}


def _score_sentence(books: Mapping[str, _Book], gold: _Sentence, pred: _Sentence) -> None:
    g_tr, p_tr = gold[0], pred[0]
    ti, tc = books["trigger_identification"], books["trigger_classification"]
    for book in (ti, tc):
        book.gold.update(g_tr.values())
        book.pred.update(p_tr.values())
    for position, label in p_tr.items():
        if position in g_tr:
            ti.tp[g_tr[position]] += 1
            ti.pred_hit[label] += 1
            if g_tr[position] == label:
                tc.tp[label] += 1
                tc.pred_hit[label] += 1
    g_args, p_args = _entries(gold), _entries(pred)
    ai, ac = books["argument_identification"], books["argument_classification"]
    ai.gold.update(t for _, t, _ in g_args)
    ac.gold.update(r for _, _, r in g_args)
    ai.pred.update(t for _, t, _ in p_args)
    ac.pred.update(r for _, _, r in p_args)
    whole, ident = set(g_args), {(s, t) for s, t, _ in g_args}
    for s, t, r in p_args:
        if (s, t) in ident:
            ai.tp[t] += 1
            ai.pred_hit[t] += 1
        if (s, t, r) in whole:
            ac.tp[r] += 1
            ac.pred_hit[r] += 1
