"""Entity scoring: every span mode from one set of items, token modes through seqeval.

The modes, computed together:

- ``strict``: same boundaries and type (SemEval-2013 strict);
- ``exact``: same boundaries, type ignored;
- ``partial``: same boundaries count in full, other overlaps count half (type ignored);
- ``type``: any overlap with the same type;
- ``determiner``: strict after dropping a leading *the*/*a*/*an* from either side;
- ``head``: a same-type prediction that equals or covers the gold head (the gold span when
  it has no head);
- ``token_conlleval`` and ``token_iob2``: seqeval's default (conlleval) and strict IOB2
  chunk scores over the canonical tokens, per sentence.

Per-type rows: a correct (or partial) pair is booked under the gold type; an incorrect pair
is a false negative of the gold type and a false positive of the predicted type. So per-type
rows always add up to the overall row.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .errors import Incident, NewsgoldError, incident
from .match import MODES, Alignment, Item, align, head_tiers
from .metrics import Counts, averages, total
from .model import Document, Gold
from .predictions import DocPredictions

SPAN_MODES = ("strict", "exact", "partial", "type", "determiner", "head")
TOKEN_MODES = ("token_conlleval", "token_iob2")
ALL_MODES = SPAN_MODES + TOKEN_MODES
_DETERMINER = re.compile(r"(?i)(?:the|a|an)\s+")

# Labels other tools use for the same types: suggestions only, never applied silently.
_ALIASES = {
    "PER": "PERSON", "PERS": "PERSON", "PEOPLE": "PERSON", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "LOCATION": "LOC", "PLACE": "LOC", "COUNTRY": "GPE", "CITY": "GPE", "NATIONALITY": "NORP",
    "FACILITY": "FAC", "NUMBER": "CARDINAL", "TIMEX": "DATE", "PERSON": "PER",
}


@dataclass(frozen=True)
class EntityConfig:
    modes: tuple[str, ...] = ALL_MODES
    gold_map: str | None = None  # a built-in map applied to gold labels: conll2003 | ace2005
    label_map: Mapping[str, str] = field(default_factory=dict)  # predicted label -> label
    passage: str | None = None
    types: frozenset[str] | None = None
    level: str | None = None  # NAM (names) or VAL (values)
    layer: str = "entities"  # the gold layer scored: entities (flat) or mentions (nested)

    def describe(self) -> dict[str, object]:
        return {
            "modes": list(self.modes),
            "gold_map": self.gold_map,
            "label_map": dict(self.label_map),
            "passage": self.passage,
            "types": sorted(self.types) if self.types else None,
            "level": self.level,
            "layer": self.layer,
            "matching": "one-to-one; exact pass first, then a maximum assignment over overlaps",
            "per_type_booking": "correct pairs under the gold type; incorrect pairs as fn of gold type and fp of predicted type",
            "zero_division": "null",
        }


@dataclass
class ModeResult:
    per_type: dict[str, Counts]
    alignment: Alignment | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def overall(self) -> Counts:
        return total(self.per_type.values())


@dataclass
class EntityResult:
    config: EntityConfig
    doc_ids: list[str]
    documents: list[Document]
    modes: dict[str, ModeResult]
    timex: dict[str, object]
    warnings: list[Incident]


def _label_set(repo_types: Sequence[str], gold_map: Mapping[str, str | None] | None) -> set[str]:
    if gold_map is None:
        return set(repo_types)
    return {v for v in gold_map.values() if v is not None}


def _kinds(entity_types: Mapping[str, object]) -> dict[str, str]:
    return {t["type"]: t["kind"] for t in entity_types["types"]}  # type: ignore[index]


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
    close = difflib.get_close_matches(up, sorted(labels), n=1, cutoff=0.6)
    return close[0] if close else None


def _strip_determiner(text: str, item: Item) -> Item:
    m = _DETERMINER.match(text, item[1], item[2])
    return (item[0], m.end(), item[2], item[3]) if m and m.end() < item[2] else item


def score_entities(
    *,
    gold: Sequence[tuple[Document, Gold]],
    predictions: Iterable[DocPredictions],
    entity_types: Mapping[str, object],
    label_maps: Mapping[str, Mapping[str, object]],
    config: EntityConfig = EntityConfig(),
) -> EntityResult:
    """Score predicted entities against the gold flat entity layer."""
    unknown_modes = set(config.modes) - set(ALL_MODES)
    if unknown_modes:
        raise NewsgoldError(
            incident("NG003", "--modes", message=f"unknown mode(s) {sorted(unknown_modes)}; choose from {', '.join(ALL_MODES)}")
        )
    if config.gold_map is not None and config.gold_map not in label_maps:
        raise NewsgoldError(
            incident("NG003", "--gold-map", message=f"no built-in map {config.gold_map!r}; choose from {', '.join(label_maps)}")
        )
    gmap: Mapping[str, str | None] | None = label_maps[config.gold_map]["map"] if config.gold_map else None  # type: ignore[assignment]
    kinds = _kinds(entity_types)
    if config.layer == "mentions":
        kinds.update({t["type"]: "value" for t in entity_types.get("value_mention_types", [])})  # type: ignore[union-attr]
    labels = _label_set(list(kinds), gmap)
    if config.types:
        unknown = set(config.types) - labels
        if unknown:
            raise NewsgoldError(
                incident("NG003", "--types", message=f"{sorted(unknown)} are not labels of this scoring; labels: {', '.join(sorted(labels))}")
            )
    if config.level and config.level not in ("NAM", "VAL"):
        raise NewsgoldError(incident("NG003", "--level", message=f"level {config.level!r}; choose NAM or VAL"))

    documents = [d for d, _ in gold]
    index = {d.doc_id: i for i, d in enumerate(documents)}
    level_kind = {"NAM": "name", "VAL": "value"}.get(config.level or "")
    mapped_kind = {}
    for onto, kind in kinds.items():
        target = gmap.get(onto) if gmap else onto
        if target is not None:
            mapped_kind.setdefault(target, kind)

    def keep(doc: Document, start: int, label: str) -> bool:
        if config.types and label not in config.types:
            return False
        if level_kind and mapped_kind.get(label) != level_kind:
            return False
        if config.passage:
            span = doc.passage(config.passage)
            return span.start <= start < span.end
        return True

    if config.passage:
        missing = [d.doc_id for d in documents if config.passage not in dict(d.passages)]
        if missing:
            raise NewsgoldError(
                incident("NG003", "--passage", message=f"no passage {config.passage!r} in {', '.join(missing[:3])}")
            )

    gold_items: list[Item] = []
    heads: dict[Item, tuple[int, int]] = {}
    gold_values: dict[Item, str | None] = {}
    pred_values: dict[Item, str | None] = {}
    if config.layer not in ("entities", "mentions"):
        raise NewsgoldError(incident("NG003", "--layer", message=f"layer {config.layer!r}; choose entities or mentions"))
    for di, (doc, g) in enumerate(gold):
        for e in getattr(g, config.layer):
            label = gmap.get(e.type) if gmap else e.type
            if label is None or not keep(doc, e.span.start, label):
                continue
            item = (di, e.span.start, e.span.end, label)
            gold_items.append(item)
            if e.head is not None:
                heads[item] = (e.head.start, e.head.end)
            gold_values[item] = e.value

    warnings: list[Incident] = []
    pred_items: list[Item] = []
    unknown_labels: Counter[str] = Counter()
    predicted_docs: set[str] = set()
    dup = overlap = 0
    for dp in predictions:
        di = index[dp.doc_id]
        doc = documents[di]
        predicted_docs.add(dp.doc_id)
        items: list[Item] = []
        for e in dp.entities:
            label = config.label_map.get(e.type, e.type)
            if label not in labels:
                unknown_labels[label] += 1
            if not keep(doc, e.start, label):
                continue
            item = (di, e.start, e.end, label)
            items.append(item)
            if e.value is not None:
                pred_values[item] = e.value
        items.sort()
        seen: set[Item] = set()
        reach = -1
        for it in items:
            if it in seen:
                dup += 1
            elif it[1] < reach:
                overlap += 1
            seen.add(it)
            reach = max(reach, it[2])
        pred_items.extend(items)
    for label, n in sorted(unknown_labels.items()):
        hint_label = suggest_label(label, labels, gmap)
        hint = (
            f"map it with --label-map FILE.json, e.g. {{\"{label}\": \"{hint_label}\"}}" if hint_label else None
        )
        warnings.append(
            incident(
                "NG604",
                "predictions",
                severity="warning",
                message=f"label {label!r} ({n} predictions) is not one of {', '.join(sorted(labels))}; scored as wrong, not dropped",
                hint=hint,
            )
        )
    if dup or overlap:
        warnings.append(
            incident(
                "NG605",
                "predictions",
                severity="warning",
                message=f"{dup} duplicate and {overlap} overlapping predicted entities; each gold entity matches at most one",
            )
        )
    not_predicted = [d.doc_id for d in documents if d.doc_id not in predicted_docs]
    if not_predicted:
        warnings.append(
            incident(
                "NG609",
                "predictions",
                severity="warning",
                message=f"{len(not_predicted)} documents have no predictions line: {', '.join(not_predicted[:3])}",
            )
        )

    modes: dict[str, ModeResult] = {}
    all_labels = sorted({i[3] for i in gold_items} | {i[3] for i in pred_items})
    for mode in config.modes:
        if mode in TOKEN_MODES:
            continue
        if mode == "determiner":
            g_items = [_strip_determiner(documents[i[0]].text, i) for i in gold_items]
            p_items = [_strip_determiner(documents[i[0]].text, i) for i in pred_items]
            alignment = align(g_items, p_items, MODES["strict"])
        elif mode == "head":
            alignment = align(gold_items, pred_items, head_tiers(heads))
        else:
            alignment = align(gold_items, pred_items, MODES[mode])
        modes[mode] = ModeResult(book(alignment, all_labels), alignment)

    token_modes = [m for m in config.modes if m in TOKEN_MODES]
    if token_modes:
        from .tokens import token_results

        modes.update(token_results(documents, gold_items, pred_items, token_modes, all_labels))

    from .timex import timex_scores

    timex_types = {gmap.get(t) if gmap else t for t in entity_types["timex_types"]}  # type: ignore[index]
    timex = timex_scores(gold_items, pred_items, gold_values, pred_values, {t for t in timex_types if t})
    return EntityResult(config, [d.doc_id for d in documents], documents, modes, timex, warnings)


def book(alignment: Alignment, labels: Sequence[str]) -> dict[str, Counts]:
    """Per-type counts from an alignment (the booking rule in the module docstring)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    par: Counter[str] = Counter()
    for g, _ in alignment.correct:
        tp[g[3]] += 1
    for g, _ in alignment.partial:
        par[g[3]] += 1
    for g, p in alignment.incorrect:
        fn[g[3]] += 1
        fp[p[3]] += 1
    for g in alignment.missed:
        fn[g[3]] += 1
    for p in alignment.spurious:
        fp[p[3]] += 1
    return {t: Counts(tp[t], fp[t], fn[t], par[t]) for t in labels}


def error_kind(g: Item, p: Item) -> str:
    same_bounds = g[1:3] == p[1:3]
    if same_bounds:
        return "type"
    return "boundary" if g[3] == p[3] else "boundary+type"


def error_records(result: EntityResult, mode: str = "strict") -> list[dict[str, object]]:
    """Every false positive and false negative of ``mode``, classified, with its sentence."""
    alignment = result.modes[mode].alignment
    if alignment is None:
        raise NewsgoldError(incident("NG003", "--errors", message=f"mode {mode!r} has no span alignment"))
    docs = result.documents
    rows: list[dict[str, object]] = []

    def side(prefix: str, item: Item | None) -> dict[str, object]:
        if item is None:
            return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None, f"{prefix}_type": None}
        text = docs[item[0]].text
        return {
            f"{prefix}_start": item[1],
            f"{prefix}_end": item[2],
            f"{prefix}_text": text[item[1] : item[2]],
            f"{prefix}_type": item[3],
        }

    def row(kind: str, g: Item | None, p: Item | None) -> dict[str, object]:
        anchor = g or p
        assert anchor is not None
        doc = docs[anchor[0]]
        sentence = doc.sentence_of(anchor[1])
        s = doc.sentences[sentence]
        return {"doc_id": doc.doc_id, "kind": kind, **side("gold", g), **side("pred", p), "sentence": sentence,
                "sentence_text": doc.text[s.start : s.end]}

    for g, p in alignment.incorrect + alignment.partial:
        rows.append(row(error_kind(g, p), g, p))
    for g in alignment.missed:
        rows.append(row("missed", g, None))
    for p in alignment.spurious:
        rows.append(row("spurious", None, p))
    rows.sort(key=lambda r: (r["doc_id"], r["gold_start"] if r["gold_start"] is not None else r["pred_start"]))  # type: ignore[arg-type]
    return rows


def confusion(result: EntityResult, mode: str = "strict") -> dict[str, dict[str, int]]:
    """Gold type x predicted type over aligned pairs, with MISSED and SPURIOUS."""
    alignment = result.modes[mode].alignment
    assert alignment is not None
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g, p in alignment.correct + alignment.partial + alignment.incorrect:
        table[g[3]][p[3]] += 1
    for g in alignment.missed:
        table[g[3]]["MISSED"] += 1
    for p in alignment.spurious:
        table["SPURIOUS"][p[3]] += 1
    return {k: dict(v) for k, v in table.items()}
