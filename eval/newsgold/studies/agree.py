"""Inter-annotator agreement between two annotation sets of the same documents.

Annotation A plays gold and B plays prediction, so F1 is symmetric and P/R swap when A
and B do. Reported: flat-entity F1 per type (strict and partial), mention F1 (strict and
partial), Cohen's kappa over the canonical tokens' IOB2 labels, entity and event coreference
with the CoNLL-2012 reference scorer's metrics (MUC, B-cubed, CEAF, BLANC, LEA, the CoNLL
score; A's clusters are the key; events when both sets have them), and, when either set has events, the
event metrics in the full view with arguments matched by extent, and attribute agreement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..gold.errors import NewsgoldError, incident
from ..gold.layers import SPAN_LAYERS
from ..gold.model import Document, Gold
from ..gold.repo import Repo
from ..gold.validate import check_gold_file
from ..readers.coref import gold_clusters
from ..readers.records import DocPredictions, PredArgument, PredEvent, from_gold
from ..scoring.coref import CorefScores, evaluate
from ..scoring.entities import score_entities
from ..scoring.events import score_events
from ..scoring.metrics import averages
from ..scoring.results import EntityConfig, EventConfig
from ..scoring.tokens import spans_to_tags
from .entries import gold_files


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float | None:
    """Cohen's kappa of two label sequences; None when chance agreement is 1 (one label only).

    >>> round(cohen_kappa(["B-PER", "O", "O", "B-GPE"], ["B-PER", "O", "B-GPE", "B-GPE"]), 4)
    0.6364
    """
    if len(a) != len(b):
        raise ValueError("sequences differ in length")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


COREF_METRICS = ("mentions", "muc", "b_cubed", "ceafm", "ceafe", "blanc", "lea")


def coreference(pairs_a: Sequence[tuple[Document, Gold]], pairs_b: Sequence[tuple[Document, Gold]]) -> dict[str, Any]:
    """Entity and event coreference of B against A's clusters, with the reference scorer's
    metrics (``scoring.coref``, predicted mentions, singletons kept): recall, precision and F1
    of each metric, and the CoNLL score; event coreference only when both sets have events.
    """
    out: dict[str, Any] = {}
    annotated = all(any(g.events for _, g in pairs) for pairs in (pairs_a, pairs_b))
    for layer in ("entities", "events") if annotated else ("entities",):  # a set without events did not annotate them
        total = CorefScores.total(
            [
                evaluate(key=getattr(gold_clusters(ga), layer), response=getattr(gold_clusters(gb), layer))
                for (_, ga), (_, gb) in zip(pairs_a, pairs_b)
            ]
        )
        out[layer] = {
            name: {k: getattr(getattr(total, name), k) for k in ("recall", "precision", "f1")} for name in COREF_METRICS
        }
        out[layer]["conll"] = total.conll
    return out


def _load(repo: Repo, path: Path) -> dict[str, tuple[Document, Gold]]:
    files = gold_files(path)
    if not files:
        raise NewsgoldError(incident("NG002", str(path), message="no gold files here"))
    out = {}
    for f in files:
        checked = check_gold_file(repo, f, named=path.is_dir())  # a file given by name may be called anything
        if checked.errors:
            raise NewsgoldError(checked.errors)
        assert checked.doc is not None and checked.gold is not None
        out[checked.doc.doc_id] = (checked.doc, checked.gold)
    return out


def agree(*, repo: Repo, a: Path, b: Path) -> dict[str, Any]:
    """Agreement of annotation sets ``a`` and ``b`` (gold files or folders)."""
    sets_a, sets_b = _load(repo, a), _load(repo, b)
    if set(sets_a) != set(sets_b):
        raise NewsgoldError(
            incident(
                "NG003", str(b), message=f"the two sets cover different documents: {sorted(set(sets_a) ^ set(sets_b))}"
            )
        )
    ids = sorted(sets_a)
    pairs_a = [sets_a[i] for i in ids]
    pairs_b = [sets_b[i] for i in ids]
    out: dict[str, Any] = {"documents": ids}
    for layer in SPAN_LAYERS:
        config = EntityConfig(modes=("strict", "partial"), layer=layer)
        preds = from_gold(pairs_b, layer=layer)
        result = score_entities(
            gold=pairs_a, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps, config=config
        )
        out[layer] = {
            mode: {
                "overall": r.overall.to_dict(),
                "macro_f1": averages(r.per_type)["macro"]["f1"],
                "per_type": {t: c.to_dict() for t, c in sorted(r.per_type.items())},
            }
            for mode, r in result.modes.items()
        }
    tags_a: list[str] = []
    tags_b: list[str] = []
    for (doc, ga), (_, gb) in zip(pairs_a, pairs_b):
        for g, dest in ((ga, tags_a), (gb, tags_b)):
            tags, _, _ = spans_to_tags(doc, [(e.span.start, e.span.end, e.type) for e in g.entities])
            dest.extend(t for sentence in tags for t in sentence)
    out["token_kappa"] = cohen_kappa(tags_a, tags_b)
    out["coreference"] = coreference(pairs_a, pairs_b)
    if any(g.events for _, g in pairs_a + pairs_b):
        # Full view, arguments matched by their full extent: the strictest agreement.
        events = score_events(
            gold=pairs_a,
            predictions=event_predictions(pairs_b),
            event_types=repo.event_types,
            config=EventConfig(view="full", arg_match="extent"),
        )
        out["events"] = events.to_dict()
        out["event_attributes"] = events.attributes
        # a set without any event did not annotate the layer: its scores are "not annotated", not 0
        out["events_not_annotated"] = [
            name for name, pairs in (("a", pairs_a), ("b", pairs_b)) if not any(g.events for _, g in pairs)
        ]
    return out


def event_predictions(pairs: Sequence[tuple[Document, Gold]]) -> list[DocPredictions]:
    """A gold event layer as predictions: arguments as the extents of the mentions they point at."""
    out = []
    for doc, gold in pairs:
        by = gold.by_id()
        events = tuple(
            PredEvent(
                e.type,
                e.trigger,
                tuple(PredArgument(a.role, by[a.ref].span.start, by[a.ref].span.end) for a in e.arguments),
                e.modality,
                e.polarity,
                e.genericity,
                e.tense,
            )
            for e in gold.events
        )
        out.append(DocPredictions(doc.doc_id, (), events, frozenset({"events"})))
    return out
