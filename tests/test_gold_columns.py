"""Gold and predicted events read as columns (``gold.model.ColumnGold``,
``readers.records.ColumnPredictions``): equal to what the field-by-field checks build from
the same record, and scored exactly as those objects are, in every span and token mode and
every event metric, view and argument match."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import newsgold
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.gold.corpus import Corpus
from newsgold.gold.jsonl_gold import _explained, _usual, load_gold_jsonl
from newsgold.gold.model import ColumnGold, Gold
from newsgold.readers.records import (
    _EVENTS_SLOT,
    ColumnPredictions,
    DocPredictions,
    EventColumns,
)
from newsgold.scoring.results import ARG_MATCHES, VIEWS, EntityConfig, EventConfig

WORDS = ["Obama", "met", "Castro", "in", "Havana", "on", "Friday", "talks", "ended", "."]
TYPES = ["PER", "LOC", "ORG"]
SUBTYPES = ["Contact:Meet", "Movement:Transport", "Conflict:Attack"]
ROLES = ["Entity", "Place", "Time-Within"]


@st.composite
def records(draw, doc_id: str = "d1") -> dict:
    """A usual record: words, sentences (or none), non-overlapping entities and events inside sentences."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=24))
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words)
    ends = [s + len(w) for s, w in zip(starts, words)]
    cuts = sorted(set(draw(st.lists(st.integers(1, len(words) - 1), max_size=3))))
    bounds = [0, *cuts, len(words)]
    sentences = [(starts[a], ends[b - 1]) for a, b in zip(bounds, bounds[1:])]
    record: dict = {"doc_id": doc_id, "text": text}
    if draw(st.booleans()):
        record["sentences"] = [{"start": a, "end": b} for a, b in sentences]
    else:
        sentences = [(0, len(text))]
    entities, i = [], 0
    while i < len(words):
        size = draw(st.integers(1, 3))
        if draw(st.integers(0, 2)) == 0 and i + size <= len(words):
            a, b = starts[i], ends[i + size - 1]
            if any(s <= a and b <= e for s, e in sentences):
                entity = {"start": a, "end": b, "type": draw(st.sampled_from(TYPES))}
                if draw(st.booleans()):
                    entity["text"] = text[a:b]
                entities.append(entity)
            i += size
        else:
            i += 1
    record["entities"] = draw(st.permutations(entities))  # any order
    events = []
    for _ in range(draw(st.integers(0, 4))):
        w = draw(st.integers(0, len(words) - 1))
        if not any(s <= starts[w] and ends[w] <= e for s, e in sentences):
            continue
        args = []
        for _ in range(draw(st.integers(0, 3))):
            v = draw(st.integers(0, len(words) - 1))
            args.append({"role": draw(st.sampled_from(ROLES)), "start": starts[v], "end": ends[v]})
        events.append({"type": draw(st.sampled_from(SUBTYPES)), "trigger": {"start": starts[w], "end": ends[w]}, "arguments": args})
    if events or draw(st.booleans()):
        record["events"] = events
    return record


@settings(max_examples=300, deadline=None, derandomize=True)
@given(records())
def test_the_columns_make_what_the_field_checks_make(record) -> None:
    usual = _usual(record)
    assert usual is not None
    doc, gold = usual
    assert isinstance(gold, ColumnGold) and gold.columns is not None
    doc_e, gold_e = _explained(record)
    assert doc == doc_e
    assert gold == gold_e and gold_e == gold and hash(gold) == hash(gold_e)
    for name in ("entities", "mentions", "events", "arguments"):
        assert getattr(gold, name) == getattr(gold_e, name), name
    copy = pickle.loads(pickle.dumps(gold))
    assert copy == gold_e and copy.columns == gold.columns
    assert copy.entities == gold_e.entities  # its objects made: still sent as its columns
    made = pickle.loads(pickle.dumps(copy))
    assert made == gold_e and made.columns == gold.columns
    changed = dataclasses.replace(gold, events=())
    assert changed.events == () and changed.entities == gold_e.entities and changed.columns is None


def noisy(record: dict, seed: int) -> dict:
    """Predictions: the gold with some entities retyped or dropped, events shifted, roles
    changed, attributes given."""
    import random

    rng = random.Random(seed)
    entities = [dict(e, type=rng.choice(TYPES)) if rng.random() < 0.3 else e for e in record["entities"] if rng.random() < 0.8]
    events = []
    for ev in record.get("events", []):
        if rng.random() < 0.2:
            continue
        ev = json.loads(json.dumps(ev))
        if rng.random() < 0.3:
            ev["type"] = rng.choice(SUBTYPES)
        if rng.random() < 0.3:
            ev["arguments"] = ev["arguments"][1:]
        if rng.random() < 0.3:
            ev["modality"] = rng.choice(["ASSERTED", "OTHER"])
        if ev["arguments"] and rng.random() < 0.3:  # a role the gold never uses: the benchmark view drops it
            ev["arguments"][0]["role"] = "Victim"
        events.append(ev)
    return {"doc_id": record["doc_id"], "entities": entities, "events": events}


def as_objects(corpus: Corpus) -> Corpus:
    """The same corpus with every gold made of plain value objects (no columns)."""
    pairs = tuple((d, Gold(g.doc_id, g.dataset_version, g.entities, g.mentions, g.events, g.arguments)) for d, g in corpus)
    return Corpus(pairs, corpus.entity_types, corpus.event_types, corpus.label_maps)


def predictions_as_objects(path: Path, corpus: Corpus) -> list[DocPredictions]:
    """The file's predictions with their events made as plain values (no columns)."""
    read = newsgold.read_predictions(path, corpus).documents
    return [DocPredictions(p.doc_id, p.entities, p.events, p.layers, p.tags) for p in read]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.lists(records(), min_size=1, max_size=6), st.integers(0, 1000))
def test_gold_read_as_columns_scores_as_the_objects_score(tmp_path_factory, docs, seed) -> None:
    folder = tmp_path_factory.mktemp("columns")
    docs = [dict(r, doc_id=f"d{i}") for i, r in enumerate(docs)]
    (folder / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in docs), encoding="utf-8")
    (folder / "pred.jsonl").write_text("".join(json.dumps(noisy(r, seed + i)) + "\n" for i, r in enumerate(docs)), encoding="utf-8")
    columns = load_gold_jsonl(folder / "gold.jsonl")
    assert all(g.columns is not None for _, g in columns)
    objects = as_objects(columns)
    read = newsgold.read_predictions(folder / "pred.jsonl", columns).documents
    assert all(p.columns is not None for p in read if p.events)
    predicted = predictions_as_objects(folder / "pred.jsonl", columns)
    modes = ("strict", "exact", "partial", "type", "determiner", "head", "token_conlleval", "token_iob2")
    for view in VIEWS:
        for arg_match in ARG_MATCHES:
            reports = [newsgold.report(newsgold.score(gold=gold, predictions=preds, entities=EntityConfig(modes=modes),
                                                      events=EventConfig(view=view, arg_match=arg_match)))
                       for gold, preds in ((columns, folder / "pred.jsonl"), (objects, predicted))]
            for report in reports:  # where each came from differs; what was scored may not
                report["config"].pop("format", None)
                report.pop("predictions", None)
            assert json.dumps(reports[0], sort_keys=True) == json.dumps(reports[1], sort_keys=True), (view, arg_match)  # NaN too


def test_a_large_gold_file_is_scored_from_its_columns(tmp_path: Path) -> None:
    """What the benchmark runs: the column paths of the scorers, not only the objects."""
    records_ = [{"doc_id": f"d{i:05d}", "text": "Obama met Castro in Havana .",
                 "entities": [{"start": 0, "end": 5, "type": "PER"}, {"start": 20, "end": 26, "type": "LOC"}],
                 "events": [{"type": "Contact:Meet", "trigger": {"start": 6, "end": 9},
                             "arguments": [{"role": "Entity", "start": 10, "end": 16}]}]} for i in range(12_000)]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records_), encoding="utf-8")
    preds = tmp_path / "pred.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": r["doc_id"], "entities": r["entities"][:1], "events": r["events"]}) + "\n"
                             for r in records_), encoding="utf-8")
    columns = load_gold_jsonl(gold)
    made = []
    original, original_events = ColumnGold._made, ColumnPredictions._events
    ColumnGold._made = lambda self, name: made.append(name) or original(self, name)  # type: ignore[method-assign]
    ColumnPredictions.events = property(lambda self: made.append("predicted events") or original_events(self))  # type: ignore[assignment]
    try:
        fast = newsgold.report(newsgold.score(gold=columns, predictions=preds))
    finally:
        ColumnGold._made = original  # type: ignore[method-assign]
        ColumnPredictions.events = property(original_events, lambda self, v: _EVENTS_SLOT.__set__(self, v))  # type: ignore[assignment]
    assert made == []  # no object was made to score
    assert fast == newsgold.report(newsgold.score(gold=as_objects(columns), predictions=preds))
    assert fast["entities"]["strict"]["overall"]["recall"] == 0.5


def test_predicted_events_kept_as_columns_read_like_the_values() -> None:
    columns = EventColumns([(6, 9, "Contact:Meet", None), (20, 26, "Movement:Transport", ("ASSERTED", None, None, "PAST"))],
                           [(0, "Entity", 0, 5), (1, "Artifact", 10, 16), (0, "Place", 20, 26)])
    pred = ColumnPredictions.of("d1", (), columns, frozenset({"entities", "events"}))
    meet, move = pred.events
    assert (meet.type, meet.trigger.start, [(a.role, a.start) for a in meet.arguments]) == ("Contact:Meet", 6, [("Entity", 0), ("Place", 20)])
    assert (move.modality, move.tense, move.polarity, len(move.arguments)) == ("ASSERTED", "PAST", None, 1)
    plain = DocPredictions("d1", (), pred.events, pred.layers)
    assert pred == plain and plain == pred and hash(pred) == hash(plain)
    copy = pickle.loads(pickle.dumps(pred))
    assert copy == plain and copy.columns == columns
    changed = dataclasses.replace(pred, entities=())
    assert changed == plain and changed.columns is None
