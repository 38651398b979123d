"""Entity scoring: every span mode from one set of items, and the token modes.

The modes, computed together:

- ``strict``: same boundaries and type (SemEval-2013 strict);
- ``exact``: same boundaries, type ignored;
- ``partial``: same boundaries count in full, other overlaps count half (type ignored);
- ``type``: any overlap with the same type;
- ``determiner``: strict after dropping a leading *the*/*a*/*an* from either side;
- ``head``: a same-type prediction that equals or covers the gold head (the gold span when
  it has no head);
- ``token_conlleval`` and ``token_iob2``: as seqeval's default (conlleval) and strict IOB2
  chunk scores over the canonical tokens, per sentence.

Per-type rows: a correct (or partial) pair is booked under the gold type; an incorrect pair
is a false negative of the gold type and a false positive of the predicted type. So per-type
rows always add up to the overall row.

Scoring streams: documents are matched in batches (a pair never crosses documents), and
what outlives a batch is its counts, plus what the config asks for: the error records and
confusion counts of one mode (``EntityConfig.list_errors``, an ``entity_errors.Listing``),
and the whole alignments of the modes in ``EntityConfig.keep_alignments`` (for anything
else that lists pairs). With ``units``, each mode's counts are also booked by unit (a
document or a sentence) and type as they are counted (``units.UnitBook``: integer arrays,
what a bootstrap resamples; the token modes' chunks through a ``units.ChunkBook``), in
``ModeResult.units``.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from itertools import islice
from operator import attrgetter, eq, itemgetter
from typing import Any

from ..gold import collector
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.layers import SPAN_LAYERS
from ..gold.lazy import numpy
from ..gold.model import Document, Gold
from ..readers.records import DocPredictions, in_slices
from .determiners import clusters_of, without_determiners
from .entity_items import Batch, Items
from .listing import Listing
from .match import (
    Alignment,
    Item,
    KeyTier,
    OverlapTier,
    Pair,
    Step,
    Steps,
    align_tiers,
    item_doc,
    item_end,
    item_start,
    item_type,
    pair_gold,
    pair_pred,
)
from .metrics import Counts
from .modes import SPAN_MODES, TOKEN_MODES
from .results import EntityConfig, EntityResult, ModeResult
from .timex import timex_counts, timex_report
from .tokens import Judged, judged, seqeval_unread, token_results
from .units import FN, FP, PAR, TP, ChunkBook, TypeCodes, UnitBook, UnitCounts, Units, type_codes

# Labels other tools use for the same types: suggestions only, never applied silently.
_ALIASES = {
    "PER": "PERSON",
    "PERS": "PERSON",
    "PEOPLE": "PERSON",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "COUNTRY": "GPE",
    "CITY": "GPE",
    "NATIONALITY": "NORP",
    "FACILITY": "FAC",
    "NUMBER": "CARDINAL",
    "TIMEX": "DATE",
    "PERSON": "PER",
}


def _label_set(repo_types: Sequence[str], gold_map: Mapping[str, str | None] | None) -> set[str]:
    if gold_map is None:
        return set(repo_types)
    return {v for v in gold_map.values() if v is not None}


def _kinds(entity_types: Mapping[str, Any]) -> dict[str, str]:
    return {t["type"]: t["kind"] for t in entity_types["types"]}


def suggest_label(label: str, labels: set[str], gold_map: Mapping[str, str | None] | None) -> str | None:
    """A likely intended label for an unknown predicted label, or None.

    >>> suggest_label("PLACE", {"PERSON", "LOC", "GPE"}, None)
    'LOC'
    >>> suggest_label("PERSON", {"PER", "LOC"}, {"PERSON": "PER"})
    'PER'
    """
    up = label.upper()
    if up in labels:
        return up
    if gold_map and gold_map.get(label) in labels:
        return gold_map[label]
    if _ALIASES.get(up) in labels:
        return _ALIASES[up]
    # difflib's ratio is at most 2 * min(len) / (sum of lens): beyond 7/3 of the longest
    # label, no label reaches 0.6, and the search would cost time in the label's length.
    if not labels or 3 * len(up) > 7 * max(map(len, labels)):
        return None
    close = difflib.get_close_matches(up, sorted(labels), n=1, cutoff=0.6)
    return close[0] if close else None


def score_entities(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Iterable[DocPredictions],
    entity_types: Mapping[str, Any],
    label_maps: Mapping[str, Mapping[str, Any]],
    config: EntityConfig = EntityConfig(),
    units: Units | None = None,
) -> EntityResult:
    """Score predicted entities against the gold flat entity layer; with ``units`` (of the
    gold's documents), book each mode's counts by unit too."""
    table = config.scheme or config.gold_map
    if table is not None and table not in label_maps:
        option = "EntityConfig.scheme" if config.scheme else "EntityConfig.gold_map"
        raise NewsgoldError(
            incident("NG003", option, message=f"no built-in map {table!r}; choose from {', '.join(label_maps)}")
        )
    gmap: Mapping[str, str | None] | None = label_maps[table]["map"] if table else None
    pred_map = predicted_label_map(config.label_map, gmap if config.scheme else None)
    kinds = _kinds(entity_types)
    if SPAN_LAYERS[config.layer].value_types:
        kinds.update({t["type"]: "value" for t in entity_types.get("value_mention_types", [])})
    labels = _label_set(list(kinds), gmap)
    if config.types:
        unknown = set(config.types) - labels
        if unknown:
            raise NewsgoldError(
                incident(
                    "NG003",
                    "EntityConfig.types",
                    message=f"{sorted(unknown)} are not labels of this scoring; labels: {', '.join(sorted(labels))}",
                )
            )
    span_modes = config.span_modes
    keep = set(span_modes) if config.keep_alignments is None else set(config.keep_alignments)

    documents: list[Document]
    golds: list[Gold]
    documents, golds = map(list, zip(*gold)) if gold else ([], [])  # one pass over the pairs
    index = dict(zip(map(_doc_id, documents), range(len(documents))))
    level_kind = {"NAM": "name", "VAL": "value"}.get(config.level or "")
    mapped_kind: dict[str, str] = {}
    for onto, kind in kinds.items():
        target = gmap.get(onto) if gmap else onto
        if target is not None:
            mapped_kind.setdefault(target, kind)

    if config.passage:
        missing = [d.doc_id for d in documents if config.passage not in dict(d.passages)]
        if missing:
            raise NewsgoldError(
                incident(
                    "NG003",
                    "EntityConfig.passage",
                    message=f"no passage {config.passage!r} in {', '.join(missing[:3])}",
                )
            )

    def keeper(doc: Document) -> Callable[[int, str], bool]:
        """Whether an item of ``doc`` (its start and label) passes the filters."""
        span = doc.passage(config.passage) if config.passage else None

        def keep_item(start: int, label: str) -> bool:
            if config.types and label not in config.types:
                return False
            if level_kind and mapped_kind.get(label) != level_kind:
                return False
            return span is None or span.start <= start < span.end

        return keep_item

    timex_types = frozenset(t for t in ({gmap.get(t) if gmap else t for t in entity_types["timex_types"]}) if t)
    filtering = bool(config.types or level_kind or config.passage)
    uses_heads = any(SPAN_MODES[m].uses_heads for m in span_modes)
    items = Items(
        documents, golds, config.layer, gmap, pred_map, labels, keeper if filtering else None, timex_types, uses_heads
    )
    listing = Listing(config.list_errors, documents, config.list_correct) if config.list_errors else None
    scorer = _Scorer(
        documents,
        span_modes,
        [m for m in config.modes if m in TOKEN_MODES],
        keep,
        listing,
        items,
        config.token_engine,
        config.tag_scheme,
        UnitBook(units) if units else None,
    )
    seen: set[int] = set()
    batch = Batch()
    with collector.paused_over(predictions):  # else only the matching of each batch
        # Predictions are taken a slice at a time: the per-document work runs in C, and each
        # slice's objects are read while they are still in the processor's cache.
        for docs, chunk in in_slices(predictions, index, _CHUNK, seen):
            items.add(batch, docs, chunk)
            if len(batch.gold) + len(batch.pred) >= _BATCH_ITEMS:
                scorer.score(batch)
                batch = Batch()
        not_predicted = (
            [documents[di].doc_id for di in range(len(documents)) if di not in seen]
            if len(seen) < len(documents)
            else []
        )
        for start in range(0, len(not_predicted), _CHUNK):
            docs = [index[doc_id] for doc_id in not_predicted[start : start + _CHUNK]]
            items.add(batch, docs, [None] * len(docs))
            if len(batch.gold) >= _BATCH_ITEMS:
                scorer.score(batch)
                batch = Batch()
        if batch.docs or not scorer.batches:
            scorer.score(batch)
        modes = scorer.results(config.modes)

    tallies: dict[str, Any] = {
        "labels": sorted(labels),
        "unknown_labels": dict(sorted(scorer.unknown_labels.items())),
        "mapped_away": dict(sorted(scorer.mapped_away.items())),
        "unknown_scored": dict(sorted(scorer.unknown_scored.items())),
        "label_hints": {label: suggest_label(label, labels, gmap) for label in sorted(scorer.unknown_labels)},
        # an unknown label the gold map's table maps: the predictions want the same table
        "selection": [name for name in ("types", "level", "passage") if getattr(config, name)],
        "table_hints": {
            label: config.gold_map
            for label in sorted(scorer.unknown_labels)
            if gmap and config.gold_map and label in gmap
        },
        # no map at all, a gold the table maps, and unknown labels it maps to (PER, MISC: conll2003)
        "scheme_hint": None if table else _scheme_of(scorer.unknown_labels, labels, label_maps),
        "duplicates": scorer.duplicates,
        "overlaps": scorer.overlaps,
        "not_predicted": not_predicted,
    }
    if scorer.tag_documents:  # predictions given as tags, judged by their scheme
        tallies["tag_documents"] = scorer.tag_documents
        tallies["ill_formed"] = dict(sorted(scorer.ill_formed.items()))
        tallies["scheme_given"] = config.tag_scheme is not None
    if scorer.seqeval_unread:
        tallies["seqeval_unread"] = dict(sorted(scorer.seqeval_unread.items()))
    if scorer.cut:
        tallies["cut"] = dict(sorted(scorer.cut.items()))
    support = {doc_id: scorer.support[i] for doc_id, i in index.items()}
    return EntityResult(
        config, list(index), documents, modes, scorer.timex(), entity_warnings(tallies), tallies, listing, support
    )


def _scheme_of(
    unknown: Mapping[str, int], gold_labels: Iterable[str], label_maps: Mapping[str, Mapping[str, Any]]
) -> str | None:
    """The first built-in table (by name) that maps every gold label and maps some to every
    unknown predicted label: the predictions are in that table's scheme."""
    gold_labels = set(gold_labels)
    if not gold_labels:  # every table maps no label: no scheme is told apart
        return None
    for name in sorted(label_maps):
        table = label_maps[name]["map"]
        targets = {v for v in table.values() if v is not None}
        if unknown and set(unknown) <= targets and gold_labels <= set(table):
            return name
    return None


def predicted_label_map(
    label_map: Mapping[str, str | None], table: Mapping[str, str | None] | None
) -> dict[str, str | None]:
    """The user's map, then the scheme's table, as one map of predicted labels (None drops).

    >>> predicted_label_map({"PLACE": "GPE", "MISC": None}, {"GPE": "LOC", "DATE": None})
    {'PLACE': 'LOC', 'MISC': None, 'GPE': 'LOC', 'DATE': None}
    """
    if table is None:
        return dict(label_map)
    combined = {k: (None if v is None else table.get(v, v)) for k, v in label_map.items()}
    for k, v in table.items():
        combined.setdefault(k, v)
    return combined


def entity_warnings(tallies: Mapping[str, Any]) -> list[Incident]:
    """The warnings of an entity scoring, from its tallies (so merged tallies give merged warnings)."""
    warnings: list[Incident] = []
    labels = ", ".join(tallies["labels"]) or "the gold's labels (it has none)"
    scored = tallies.get("unknown_scored", tallies["unknown_labels"])
    for label, n in tallies["unknown_labels"].items():
        kept = scored.get(label, 0)
        selection = ", ".join(tallies.get("selection", [])) or "selection"
        if kept == n:
            fate = "scored as wrong (false positives)"
        elif kept == 0:
            fate = f"none scored: outside the selection ({selection})"
        else:
            fate = (
                f"{kept} scored as wrong (false positives), "
                f"{n - kept} outside the selection ({selection}) and not scored"
            )
        table, suggested = tallies.get("table_hints", {}).get(label), tallies["label_hints"].get(label)
        scheme = tallies.get("scheme_hint")
        if table:
            hint = (
                f"the gold is mapped with the {table} table: "
                f"map the predictions with it too (--map {table} instead of --gold-map)"
            )
        elif scheme:
            hint = f"the predictions use the {scheme} labels: score in that scheme with --map {scheme}"
        elif suggested:
            hint = f'map it with --label-map FILE.json, e.g. {{"{label}": "{suggested}"}}'
        else:
            hint = f'map it with --label-map FILE.json, e.g. {{"{label}": null}} to drop it'
        warnings.append(
            incident(
                "NG604",
                "predictions",
                severity="warning",
                message=f"label {label!r} ({n} prediction{'s' * (n != 1)}) is not one of {labels}; {fate}",
                hint=hint,
            )
        )
    dup, overlap = tallies["duplicates"], tallies["overlaps"]
    if dup or overlap:
        warnings.append(
            incident(
                "NG605",
                "predictions",
                severity="warning",
                message=f"{dup} duplicate and {overlap} overlapping predicted entities; "
                "each gold entity matches at most one",
            )
        )
    how = "given" if tallies.get("scheme_given") else "detected"
    for doc_id, ill in tallies.get("ill_formed", {}).items():
        warnings.append(
            incident(
                "NG613",
                "predictions",
                severity="warning",
                message=f"{ill['tags']} inside tags (I-, E-, L-) in {doc_id} continue no chunk of their type, "
                f"which their scheme, {ill['scheme']} ({how}), does not allow",
            )
        )
    unread = tallies.get("seqeval_unread")
    if unread:
        listed = ", ".join(f"{tag!r} ({n})" for tag, n in list(unread.items())[:5])
        more = f" and {len(unread) - 5} more" if len(unread) > 5 else ""
        warnings.append(
            incident(
                "NG627",
                "predictions",
                severity="warning",
                message=f"seqeval's default mode (token_conlleval with the seqeval engine) read "
                f"{len(unread)} tag{'s' * (len(unread) != 1)} without a B-, I-, E- or S- prefix "
                f"(tokens, gold and predicted): {listed}{more}",
            )
        )
    cut = tallies.get("cut")
    if cut:
        modes = ", ".join(f"{mode} ({n} batch{'es' * (n != 1)})" for mode, n in cut.items())
        warnings.append(
            incident(
                "NG618",
                "predictions",
                severity="warning",
                message=f"the one-to-one assignment of overlapping entities stopped short in {modes}: "
                "predictions that each overlap very many gold entities (or the reverse) left some overlapping "
                "pairs unpaired, so those modes' partial and incorrect counts may be lower than a maximum "
                "assignment's",
            )
        )
    not_predicted = tallies["not_predicted"]
    if not_predicted:
        warnings.append(
            incident(
                "NG609",
                "predictions",
                severity="warning",
                message=f"{len(not_predicted)} documents have no predictions line: {', '.join(not_predicted[:3])}",
            )
        )
    return warnings


# Predictions matched together (with their documents' gold): large enough that per-batch
# costs vanish, small enough that memory stays flat however long the corpus.
_BATCH_ITEMS = 50_000
_CHUNK = 1024  # documents read at a time

_doc_id = attrgetter("doc_id")


def _gold_types(pairs: Iterable[Pair]) -> Iterable[str]:
    return map(item_type, map(pair_gold, pairs))


def _pred_types(pairs: Iterable[Pair]) -> Iterable[str]:
    return map(item_type, map(pair_pred, pairs))


class _Scorer:
    """Matches batches and keeps their counts (and the alignments asked for)."""

    def __init__(
        self,
        documents: Sequence[Document],
        span_modes: list[str],
        token_modes: list[str],
        keep: set[str],
        listing: Listing | None,
        items: Items,
        token_engine: str = "newsgold",
        tag_scheme: str | None = None,
        unit_book: UnitBook | None = None,
    ):
        self.token_engine, self.tag_scheme = token_engine, tag_scheme
        self.unit_book = unit_book
        # the chunks each batch's token modes count, moved into the unit book after the batch
        self.chunk_book = ChunkBook(unit_book.units.by == "sentences") if unit_book and token_modes else None
        self.type_codes = TypeCodes()  # type -> its code in the unit book, in order of first sight
        self.documents = documents
        self.listing = listing
        self.span_modes = span_modes
        self.token_modes = token_modes
        self.keep = keep
        self.items = items
        self.batches = 0
        self.labels: set[str] = set()
        self.unknown_labels: Counter[str] = Counter()
        self.mapped_away: Counter[str] = Counter()
        self.unknown_scored: Counter[str] = Counter()
        # tp, fp, fn, par by type
        self.counts: dict[str, tuple[Counter[str], Counter[str], Counter[str], Counter[str]]] = {
            m: (Counter(), Counter(), Counter(), Counter()) for m in span_modes
        }
        self.kept: dict[str, tuple[Steps, list[Item], list[Item]]] = {m: ([], [], []) for m in keep}
        self.in_order = True  # batches came in document order, so kept lists need no sort
        self.last_doc = -1
        self.timex_strict, self.timex_relaxed, self.timex_right, self.timex_valued = Counts(), Counts(), 0, 0
        self.token_counts: dict[str, dict[str, Counts]] = {m: {} for m in token_modes}
        self.token_extra: dict[str, dict[str, Any]] = {m: {} for m in token_modes}
        self.tag_documents = 0  # documents whose predictions came as tags, judged by their scheme
        self.ill_formed: dict[str, dict[str, Any]] = {}  # doc_id -> I- tags its scheme does not allow, and the scheme
        self.seqeval_unread: Counter[str] = Counter()  # tags seqeval's default mode cannot read (its warnings)
        self.duplicates = self.overlaps = 0
        self.cut: Counter[str] = Counter()  # mode -> batches whose assignment stopped short (match.WORK_FLOOR)
        self.support: Counter[int] = Counter()  # document index -> gold items scored

    @collector.paused()
    def score(self, batch: Batch) -> None:
        self.batches += 1
        docs = batch.docs
        if docs:
            if min(docs) < self.last_doc:
                self.in_order = False
            self.last_doc = max(self.last_doc, max(docs))
        gold, pred = batch.gold, batch.pred
        self.unknown_labels.update(batch.unknown)
        self.mapped_away.update(batch.mapped_away)
        self.unknown_scored.update(batch.unknown_scored)
        gold.sort()
        pred.sort()
        dup, overlap = duplicates_and_overlaps(pred)
        self.duplicates += dup
        self.overlaps += overlap
        gold_total = Counter(map(item_type, gold))
        self.support.update(map(itemgetter(0), gold))  # gold items per document
        pred_labels = set(map(item_type, pred))
        self.labels.update(gold_total)
        self.labels.update(pred_labels)

        if self.unit_book is not None:  # every gold item, a true positive unless booked lost or half
            g_units = self._units(gold)
            for mode in self.span_modes:
                self.unit_book.book(mode, TP, *g_units)
        tiers = {mode: SPAN_MODES[mode].tiers(batch.heads) for mode in self.span_modes}
        cut: set[str] = set()
        aligned = align_tiers(gold, pred, tiers, cut)
        for mode in self.span_modes:
            if SPAN_MODES[mode].strip_determiners:
                self._determiner(mode, tiers[mode], aligned[mode], gold_total, cut)
                continue
            steps, missed, spurious = aligned[mode]
            self._book(mode, steps, missed, spurious, gold_total)
            self._record(mode, steps, missed, spurious)
        self.cut.update(cut)

        if not self.items.timex_types.isdisjoint(self.labels):
            strict, relaxed, right, valued = timex_counts(
                gold, pred, batch.gold_values, batch.pred_values, self.items.timex_types
            )
            self.timex_strict += strict
            self.timex_relaxed += relaxed
            self.timex_right += right
            self.timex_valued += valued
        judgement = self._judged(batch) if batch.tags else None
        if self.token_modes:
            self._token_modes(docs, gold, pred, sorted(pred_labels.union(gold_total)), batch, judgement)

    def _judged(self, batch: Batch) -> Judged:
        """The batch's predicted tags read with the scheme the strict token mode reads them with
        (given, or detected), and the inside tags of each document that it does not allow (NG613)."""
        judgement = judged(batch.tags, self.tag_scheme)
        self.tag_documents += len(judgement.ill)
        for di, n in judgement.ill.items():
            if n:
                self.ill_formed[self.documents[di].doc_id] = {"tags": n, "scheme": judgement.side.scheme.name}
        return judgement

    def _recorded(self, mode: str) -> bool:
        """Whether anything of ``mode`` but its counts outlives a batch."""
        return mode in self.keep or (self.listing is not None and self.listing.mode == mode)

    def _record(self, mode: str, steps: Steps, missed: list[Item], spurious: list[Item]) -> None:
        """Keep the batch's alignment of ``mode``, or list it, as asked."""
        if self.listing is not None and self.listing.mode == mode:
            self.listing.add(steps, missed, spurious)
        if mode not in self.keep:
            return
        kept_steps, kept_missed, kept_spurious = self.kept[mode]
        for i, (outcome, pairs) in enumerate(steps):
            if i == len(kept_steps):
                kept_steps.append(Step(outcome, []))
            kept_steps[i].pairs.extend(pairs)
        kept_missed.extend(missed)
        kept_spurious.extend(spurious)

    def _determiner(
        self,
        mode: str,
        tiers: Sequence[KeyTier | OverlapTier],
        strict: tuple[Steps, list[Item], list[Item]],
        gold_total: Counter[str],
        cut: set[str],
    ) -> None:
        """A mode that strips determiners (``determiner``: strict after dropping a leading
        the/a/an): its tiers' result, re-matched only where a determiner was dropped.

        Strict's exact pairs stay as they are: a gold item and a prediction that are equal
        stay equal when both lose their determiner, so for every value the exact tier pairs
        those pairs plus what it pairs among the items left over (the smaller count of each
        side), and the same items stay unpaired. Among the leftovers, a pair never leaves a
        cluster of items chained by overlaps, and dropping a determiner only shrinks a span:
        clusters without a changed item align as in strict mode, so only the clusters around
        changed items are matched again (not whole documents: a corpus given as one long
        document stays linear). Exact pairs are listed as strict found them, with their
        determiners.
        """
        steps_s, missed_s, spurious_s = strict
        later = steps_s[1:] if steps_s and steps_s[0].outcome == "correct" else steps_s  # after the exact tier
        rest_g = sorted(missed_s + [g for _, pairs in later for g, _ in pairs])
        rest_p = sorted(spurious_s + [p for _, pairs in later for _, p in pairs])
        changed_g, changed_p = without_determiners(rest_g, self.documents), without_determiners(rest_p, self.documents)
        if not changed_g and not changed_p:  # nothing to drop: strict's result is this mode's
            self._book(mode, steps_s, missed_s, spurious_s, gold_total)
            self._record(mode, steps_s, missed_s, spurious_s)
            return
        in_g, in_p = clusters_of(rest_g, rest_p, changed_g, changed_p)
        g_items = sorted([changed_g.get(k, rest_g[k]) for k in in_g])
        p_items = sorted([changed_p.get(k, rest_p[k]) for k in in_p])
        inside, inside_p = set(map(rest_g.__getitem__, in_g)), set(map(rest_p.__getitem__, in_p))
        cut_d: set[str] = set()
        steps_d, missed_d, spurious_d = align_tiers(g_items, p_items, {mode: tiers}, cut_d)[mode]
        cut |= cut_d
        within = Counter(map(item_type, g_items))
        self._book(mode, steps_d, missed_d, spurious_d, within)

        def outside(outcome: str, pairs: list[Pair]) -> list[Pair]:
            # Exact pairs lie in no cluster; any other pair lies in one, with its gold item.
            return pairs if outcome == "correct" else [pr for pr in pairs if pr[0] not in inside]

        missed_o = [x for x in missed_s if x not in inside]
        spurious_o = [x for x in spurious_s if x not in inside_p]
        rest: Steps = [Step(outcome, outside(outcome, pairs)) for outcome, pairs in steps_s]
        self._book(mode, rest, missed_o, spurious_o, gold_total - within)
        if self._recorded(mode):
            steps: Steps = []
            for i in range(max(len(rest), len(steps_d))):
                outcome = (rest[i] if i < len(rest) else steps_d[i]).outcome
                pairs = [*(rest[i].pairs if i < len(rest) else ()), *(steps_d[i].pairs if i < len(steps_d) else ())]
                steps.append(Step(outcome, sorted(pairs, key=pair_gold)))
            self._record(mode, steps, sorted(missed_o + missed_d), sorted(spurious_o + spurious_d))

    def _book(
        self, mode: str, steps: Steps, missed: list[Item], spurious: list[Item], gold_total: Counter[str]
    ) -> None:
        """Per-type counts, and by unit when units are booked; true positives by difference, so
        correct pairs are never walked (by unit: the gold items were booked true positives in
        :meth:`score`, so those lost or half are taken off again)."""
        lost, half, wrong = list(missed), list[Item](), list(spurious)  # lost: gold neither correct nor partial
        for outcome, pairs in steps:
            if outcome == "incorrect":
                lost.extend(map(pair_gold, pairs))
                wrong.extend(map(pair_pred, pairs))
            elif outcome == "partial":
                half.extend(map(pair_gold, pairs))
        tp, fp, fn, par = self.counts[mode]
        codes = [type_codes(map(item_type, items), self.type_codes, len(items)) for items in (lost, half, wrong)]
        n_lost, n_half, n_wrong = map(self._per_type, codes)
        fn.update(n_lost)
        par.update(n_half)
        fp.update(n_wrong)
        for t, n in gold_total.items():
            tp[t] += n - n_lost.get(t, 0) - n_half.get(t, 0)
        if self.unit_book is not None:
            book, units = self.unit_book.book, self.unit_book.units
            for items, column, types in ((lost, FN, codes[0]), (half, PAR, codes[1])):
                at = units.of_items(items)
                book(mode, column, at, types)
                book(mode, TP, at, types, -1)
            book(mode, FP, units.of_items(wrong), codes[2])

    def _per_type(self, codes: Any) -> dict[str, int]:
        """How many of the type codes ``codes`` each type has (the types that have any)."""
        counts = numpy().bincount(codes, minlength=len(self.type_codes)).tolist()
        return {t: n for t, n in zip(self.type_codes, counts) if n}

    def _units(self, items: list[Item]) -> tuple[Any, Any]:
        """The unit and the type code of each item, as integer arrays."""
        assert self.unit_book is not None
        return self.unit_book.units.of_items(items), type_codes(map(item_type, items), self.type_codes, len(items))

    def _token_modes(
        self,
        docs: list[int],
        gold: list[Item],
        pred: list[Item],
        labels: list[str],
        batch: Batch,
        judgement: Judged | None,
    ) -> None:
        with seqeval_unread() if self.token_engine == "seqeval" else nullcontext(Counter[str]()) as unread:
            results = token_results(
                self.documents,
                gold,
                pred,
                self.token_modes,
                labels,
                self.token_engine,
                batch.tags,
                batch.gold_tags,
                self.tag_scheme,
                judgement,
                self.chunk_book,
            )
        self.seqeval_unread.update(unread)
        if self.chunk_book is not None:
            assert self.unit_book is not None
            for strict, column, units, types in self.chunk_book.drain(self.unit_book.units, self.type_codes):
                for mode in self.token_modes:
                    if strict is None or TOKEN_MODES[mode].strict == strict:
                        self.unit_book.book(mode, column, units, types)
        for mode, r in results.items():
            counts = self.token_counts[mode]
            for t, c in r.per_type.items():
                counts[t] = counts[t] + c if t in counts else c
            _add_extra(self.token_extra[mode], r.extra)
        for di in docs:  # tokens (when a document needed them) take ~10x the text: a long corpus keeps none
            self.documents[di].forget_tokens()

    def results(self, modes: Sequence[str]) -> dict[str, ModeResult]:
        labels = sorted(self.labels)
        out: dict[str, ModeResult] = {}
        for mode in modes:
            if mode in TOKEN_MODES:
                continue
            tp, fp, fn, par = self.counts[mode]
            per_type = {t: Counts(tp[t], fp[t], fn[t], par[t]) for t in labels}
            out[mode] = ModeResult(
                per_type, self._alignment(mode) if mode in self.keep else None, units=self._finish(mode)
            )
        for mode in self.token_modes:
            counts = self.token_counts[mode]
            names = sorted(set(labels) | set(counts))
            per_type = {t: counts.get(t, Counts()) for t in names}
            out[mode] = ModeResult(per_type, None, dict(self.token_extra[mode]), self._finish(mode))
        return out

    def _finish(self, mode: str) -> UnitCounts | None:
        """``mode``'s counts by unit and type, when units are booked."""
        return self.unit_book.finish(mode, list(self.type_codes)) if self.unit_book is not None else None

    def _alignment(self, mode: str) -> Alignment:
        steps, missed, spurious = self.kept[mode]
        a = Alignment()
        # One tier's pairs from all batches, then the next tier's: the order one batch gives.
        for outcome, pairs in steps:
            getattr(a, outcome).extend(pairs if self.in_order else sorted(pairs, key=pair_gold))
        a.missed.extend(missed if self.in_order else sorted(missed))
        a.spurious.extend(spurious if self.in_order else sorted(spurious))
        return a

    def timex(self) -> dict[str, Any]:
        return timex_report(self.timex_strict, self.timex_relaxed, self.timex_right, self.timex_valued)


def _add_extra(into: dict[str, Any], part: Mapping[str, Any]) -> None:
    """Counts added into ``into``, name by name, nested dictionaries of counts too."""
    for k, v in part.items():
        if isinstance(v, dict):
            _add_extra(into.setdefault(k, {}), v)
        else:
            into[k] = into.get(k, 0) + v


def duplicates_and_overlaps(pred: list[Item]) -> tuple[int, int]:
    """Predictions equal to the one before, and predictions overlapping an earlier one of their
    document without being equal to the one before; ``pred`` sorted.

    A prediction overlaps an earlier one when it starts before the furthest end reached so
    far: the running maximum of (document, end) pairs, compared with (document, start), both
    as one integer column (a document's offsets after the one before it's).
    """
    np = numpy()
    n = len(pred)
    doc = np.fromiter(map(item_doc, pred), np.int64, n)
    start = np.fromiter(map(item_start, pred), np.int64, n)
    end = np.fromiter(map(item_end, pred), np.int64, n)
    width = int(end.max()) + 1 if n else 1  # (documents x their longest text: far inside 64 bits)
    doc_start, doc_end = doc * width + start, doc * width + end
    if not np.any(doc_start[1:] <= doc_end[:-1]):
        # Each prediction starts after the one before it ends: no two are equal, and none
        # overlaps an earlier one (the first that starts before the furthest end so far
        # starts before its neighbour's end: the items before it are disjoint).
        return 0, 0
    dup = sum(map(eq, islice(pred, 1, None), pred))
    reach = np.maximum.accumulate(doc_end)
    before = int(np.count_nonzero(doc_start[1:] < reach[:-1]))  # a duplicate starts before too
    return dup, before - dup


def book(alignment: Alignment, labels: Sequence[str]) -> dict[str, Counts]:
    """Per-type counts from an alignment (the booking rule in the module docstring)."""
    tp = Counter(_gold_types(alignment.correct))
    par = Counter(_gold_types(alignment.partial))
    fn = Counter(_gold_types(alignment.incorrect))
    fn.update(map(item_type, alignment.missed))
    fp = Counter(_pred_types(alignment.incorrect))
    fp.update(map(item_type, alignment.spurious))
    return {t: Counts(tp[t], fp[t], fn[t], par[t]) for t in labels}
