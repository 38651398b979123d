"""Gold annotations that most blind systems contradict the same way: candidates for review.

With several independent systems in hand, an annotation that most of them read the same
other way (skip it, give it another type, cut its span the same other way) is where a gold
error is likeliest, as CleanCoNLL found for CoNLL-03. The reverse is listed too: a span the
gold does not annotate that most of them predict alike. Each item shows every system's
reading. Nothing here decides: each item is reviewed against the guideline and its outcome
recorded in ``annotations/ADJUDICATION.md`` (gold confirmed, with the reason, or corrected).

Who counts: the leaderboard entries whose metadata says they never saw the corpus, each with
its label map applied, and each only for the entity types it attempts (a system that never
predicts NORP neither confirms nor contradicts a NORP). An item needs a reading shared by
more than half of the systems that count, and by at least two.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..escape import text_cell
from ..gold.corpus import Corpus
from ..gold.repo import Repo
from ..readers.records import DocPredictions
from .entries import read_entry

Span = tuple[int, int, str]  # start, end, type
Reading = tuple[Span, ...]  # the predictions of one system that overlap the item, in order


@dataclass
class System:
    name: str
    types: frozenset[str]
    spans: dict[str, list[Span]]  # doc_id -> predicted spans, labels mapped, sorted


@dataclass
class AuditItem:
    key: str  # the gold id (T12), or "[start, end) TYPE" for a span the gold lacks
    doc_id: str
    kind: str  # missed | type | boundary | not in gold
    gold: Span | None
    shared: Reading  # the contradicting reading most systems share
    agreeing: list[str]  # the systems that share it
    counted: list[str]  # the systems that count for this item
    readings: dict[str, Reading] = field(default_factory=dict)  # every counted system's reading


def blind_systems(repo: Repo, corpus: Corpus) -> list[System]:
    """The blind leaderboard entries, their predictions with each label map applied."""
    systems = []
    for folder in sorted(p for p in (repo.root / "submissions").glob("*") if p.is_dir()):
        meta, preds, label_map = read_entry(folder, corpus.documents, repo.entity_type_names)
        if meta["saw_corpus"]:
            continue
        systems.append(
            System(
                meta["system"], frozenset(meta.get("entity_types", repo.entity_type_names)), _spans(preds, label_map)
            )
        )
    return systems


def _spans(preds: Sequence[DocPredictions], label_map: dict[str, str]) -> dict[str, list[Span]]:
    return {p.doc_id: sorted((e.start, e.end, label_map.get(e.type, e.type)) for e in p.entities) for p in preds}


def _overlapping(spans: Sequence[Span], start: int, end: int) -> Reading:
    return tuple(s for s in spans if s[0] < end and start < s[1])


def _kind(gold: Span, reading: Reading) -> str:
    if not reading:
        return "missed"
    if len(reading) == 1 and reading[0][:2] == gold[:2]:
        return "type"
    return "boundary"


def _majority(readings: dict[str, Reading], wrong: set[Reading]) -> tuple[Reading, list[str]] | None:
    """The contradicting reading shared by more than half of the systems (and two at least)."""
    counts = Counter(r for r in readings.values() if r in wrong)
    if not counts:
        return None
    reading, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if n < 2 or 2 * n <= len(readings):
        return None
    return reading, [name for name, r in readings.items() if r == reading]


def audit(corpus: Corpus, systems: Sequence[System]) -> list[AuditItem]:
    """Every gold entity, and every span outside the gold, that most counted systems read the same other way."""
    items: list[AuditItem] = []
    for doc, gold in corpus:
        for e in gold.entities:
            g: Span = (e.span.start, e.span.end, e.type)
            readings = {
                s.name: _overlapping(s.spans.get(doc.doc_id, []), g[0], g[1]) for s in systems if g[2] in s.types
            }
            found = _majority(readings, {r for r in readings.values() if r != (g,)})
            if found:
                shared, agreeing = found
                items.append(
                    AuditItem(e.id, doc.doc_id, _kind(g, shared), g, shared, agreeing, list(readings), readings)
                )
        outside: Counter[Span] = Counter()
        for s in systems:
            for p in s.spans.get(doc.doc_id, []):
                if not any(p[0] < x.span.end and x.span.start < p[1] for x in gold.entities):
                    outside[p] += 1
        for p in sorted(outside):
            readings = {
                s.name: _overlapping(s.spans.get(doc.doc_id, []), p[0], p[1]) for s in systems if p[2] in s.types
            }
            found = _majority(readings, {(p,)})
            if found:
                items.append(
                    AuditItem(
                        f"[{p[0]}, {p[1]}) {p[2]}",
                        doc.doc_id,
                        "not in gold",
                        None,
                        found[0],
                        found[1],
                        list(readings),
                        readings,
                    )
                )
    return items


def _show(text: str, spans: Reading) -> str:
    return "; ".join(f"[{s}, {e}) {text_cell(t)} {text_cell(repr(text[s:e]))}" for s, e, t in spans) or "nothing"


def to_data(corpus: Corpus, items: Sequence[AuditItem]) -> list[dict[str, Any]]:
    texts = {d.doc_id: d.text for d, _ in corpus}

    def spans(reading: Reading, text: str) -> list[dict[str, Any]]:
        return [{"start": s, "end": e, "type": t, "text": text[s:e]} for s, e, t in reading]

    return [
        {
            "key": i.key,
            "doc_id": i.doc_id,
            "kind": i.kind,
            "gold": spans((i.gold,), texts[i.doc_id])[0] if i.gold else None,
            "shared_reading": spans(i.shared, texts[i.doc_id]),
            "systems_sharing": i.agreeing,
            "systems_counted": i.counted,
            "readings": {name: spans(r, texts[i.doc_id]) for name, r in i.readings.items()},
        }
        for i in items
    ]


def render(corpus: Corpus, systems: Sequence[System], items: Sequence[AuditItem]) -> str:
    texts = {d.doc_id: d.text for d, _ in corpus}
    lines = [
        f"{len(items)} item(s) that most of the {len(systems)} blind systems read the same other way than the gold",
        "(each system counted only for the entity types it attempts; review each against annotations/GUIDELINES.md",
        "and record the outcome in annotations/ADJUDICATION.md)",
    ]
    for i in items:
        text = texts[i.doc_id]
        gold = _show(text, (i.gold,)) if i.gold else "not annotated"
        lines += [
            "",
            f"{text_cell(i.key)}  {text_cell(i.doc_id)}  {i.kind}: "
            f"{len(i.agreeing)} of {len(i.counted)} read {_show(text, i.shared)}",
            f"  gold: {gold}",
        ]
        names = {name: text_cell(name) for name in i.readings}
        width = max(map(len, names.values()))
        lines += [f"  {names[name]:<{width}}  {_show(text, r)}" for name, r in i.readings.items()]
    return "\n".join(lines) + "\n"


def audit_repo(repo: Repo, corpus: Corpus) -> tuple[list[System], list[AuditItem]]:
    systems = blind_systems(repo, corpus)
    return systems, audit(corpus, systems)
