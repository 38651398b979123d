"""Confidence intervals and the paired test: seeded, sensible, and consistent with the point scores."""

from __future__ import annotations

import json

import numpy as np
import pytest
from newsgold.api import read_predictions
from newsgold.baseline import extract
from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.scoring.entities import score_entities
from newsgold.scoring.events import score_events
from newsgold.scoring.metrics import Counts, total
from newsgold.scoring.modes import SPAN_MODES
from newsgold.scoring.results import EVENT_METRICS, EntityConfig
from newsgold.scoring.units import Units
from newsgold.studies.bootstrap import (
    _weights,
    all_units,
    compare,
    confidence_interval,
    entity_unit_counts,
    event_unit_counts,
)


@pytest.fixture(scope="module")
def scored(repo):
    corpus = load_corpus(repo)
    preds = [extract(d) for d, _ in corpus]
    result = score_entities(gold=corpus, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps,
                            config=EntityConfig(modes=("strict", "partial")), units=Units([d for d, _ in corpus], "sentences"))
    return corpus, preds, result


def test_unit_counts_add_up_to_the_corpus_counts(repo, scored) -> None:
    corpus, preds, result = scored
    for mode in ("strict", "partial"):
        assert total(entity_unit_counts(result, mode).values()) == result.modes[mode].overall
    events = score_events(gold=corpus, predictions=preds, event_types=repo.event_types,
                          units=Units([d for d, _ in corpus], "sentences"))
    for metric in EVENT_METRICS:
        assert total(event_unit_counts(events, metric).values()) == total(events.metrics[metric].values()), metric
        for t, row in events.metrics[metric].items():  # and per type, to the per-type rows
            assert total(event_unit_counts(events, metric, t).values()) == row, (metric, t)


def test_interval_is_seeded_and_holds_the_point_estimate(scored) -> None:
    corpus, _, result = scored
    units, counts = all_units([d for d, _ in corpus]), entity_unit_counts(result, "strict")
    a = confidence_interval(units, counts, replicates=500, seed=1)
    assert a == confidence_interval(units, counts, replicates=500, seed=1)
    assert a != confidence_interval(units, counts, replicates=500, seed=2)
    lo, hi = a
    assert lo < result.modes["strict"].overall.f1 < hi <= 1.0


def test_a_perfect_system_has_a_degenerate_interval() -> None:
    units = [(0, i) for i in range(5)]
    counts = {u: Counts(tp=3) for u in units}
    assert confidence_interval(units, counts, replicates=200) == (1.0, 1.0)


def test_two_level_resampling_draws_whole_documents() -> None:
    units = [(0, 0), (0, 1), (1, 0), (2, 0), (2, 1), (2, 2)]
    w = _weights(units, 300, np.random.default_rng(0))
    # a drawn document brings as many sentence draws as it has sentences, and only its own
    for doc, members in ((0, [0, 1]), (1, [2]), (2, [3, 4, 5])):
        per_doc = w[:, members].sum(axis=1)
        assert np.all(per_doc % len(members) == 0)
    assert np.all(w.sum(axis=1) >= 3) and len({tuple(r) for r in w}) > 100


def test_paired_test_finds_a_real_difference_and_not_a_fake_one(scored) -> None:
    corpus, _, result = scored
    units = all_units([d for d, _ in corpus])
    base = entity_unit_counts(result, "strict")
    same = compare(units, base, base, replicates=2000)
    assert same["delta"] == 0 and same["p_value"] == 1.0
    perfect = {u: Counts(tp=c.tp + c.fn) for u, c in base.items() if c.tp + c.fn}
    better = compare(units, perfect, base, replicates=2000)
    assert better["delta"] > 0 and better["p_value"] < 0.05
    assert compare(units, base, perfect, replicates=2000)["p_value"] == better["p_value"]


def test_compare_cli(repo, capsys) -> None:
    path = repo.root / "submissions" / "baseline" / "predictions.jsonl"
    assert main(["compare", "--root", str(repo.root), str(path), str(path), "--json", "--replicates", "200"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["delta"] == 0 and out["p_value"] == 1.0 and out["test"] == "paired bootstrap"


def test_per_type_unit_counts_add_up_to_the_per_type_rows(scored) -> None:
    _, _, result = scored
    for mode in ("strict", "partial"):
        rows = result.modes[mode].per_type
        for t, row in rows.items():
            assert total(entity_unit_counts(result, mode, t).values()) == row, (mode, t)
        assert not entity_unit_counts(result, mode, "NO-SUCH-TYPE")


def test_event_unit_counts_add_up_when_an_argument_lies_outside_its_triggers_sentence(tmp_path) -> None:
    from newsgold.gold.jsonl_gold import load_gold_jsonl
    from newsgold.gold.spans import Span
    from newsgold.readers.records import DocPredictions, PredArgument, PredEvent

    gold_file = tmp_path / "g.jsonl"
    text = "Obama met Castro. They met again."
    gold_file.write_text(json.dumps({
        "doc_id": "d1", "text": text, "sentences": [{"start": 0, "end": 17}, {"start": 18, "end": 33}],
        "entities": [{"start": 0, "end": 5, "type": "PER"}, {"start": 10, "end": 16, "type": "PER"}],
        "events": [{"type": "Contact:Meet", "trigger": {"start": 6, "end": 9},
                    "arguments": [{"role": "Entity", "start": 10, "end": 16}]}]}) + "\n", encoding="utf-8")
    corpus = load_gold_jsonl(gold_file)
    # the predicted trigger is in the second sentence, its argument the gold one of the first
    pred = DocPredictions("d1", (), (PredEvent("Contact:Meet", Span(23, 26), (PredArgument("Entity", 10, 16),)),),
                          frozenset({"events"}))
    events = score_events(gold=corpus, predictions=[pred], event_types=corpus.event_types,
                          units=Units([d for d, _ in corpus], "sentences"))
    per_unit = {metric: event_unit_counts(events, metric) for metric in EVENT_METRICS}
    for metric in EVENT_METRICS:
        assert total(per_unit[metric].values()) == total(events.metrics[metric].values()), metric
    assert {u for counts in per_unit.values() for u in counts} <= {(0, 0), (0, 1)}
    # an argument counts within its trigger's sentence only: the prediction is booked, wrong, with its
    # trigger's sentence, and the gold argument it names, missed, with the gold's
    assert per_unit["argument_identification"][(0, 1)] == Counts(fp=1)
    assert per_unit["argument_identification"][(0, 0)] == Counts(fn=1)


def _from_alignment(result, mode: str, type: str | None, by_sentence: bool) -> dict:
    """Per-unit counts listed pair by pair from a kept alignment (tp for each correct pair,
    par for each partial one, fn and fp for each incorrect one, as the per-type rows book)."""
    docs, units = result.documents, {}

    def book(item, column: str) -> None:
        if type is None or item[3] == type:
            unit = (item[0], docs[item[0]].sentence_of(item[1]) if by_sentence else 0)
            units[unit] = units.get(unit, Counts()) + Counts(**{column: 1})

    a = result.modes[mode].alignment
    for g, _ in a.correct:
        book(g, "tp")
    for g, _ in a.partial:
        book(g, "par")
    for g, p in a.incorrect:
        book(g, "fn")
        book(p, "fp")
    for g in a.missed:
        book(g, "fn")
    for p in a.spurious:
        book(p, "fp")
    return units


@pytest.mark.parametrize("by", ["sentences", "documents"])
def test_units_booked_as_the_scoring_goes_equal_those_listed_from_the_alignments(frozen_repo, by) -> None:
    # the spaCy submission errs in every way: boundaries, types, determiners, heads
    corpus = load_corpus(frozen_repo)
    submitted = frozen_repo.root.parents[2] / "submissions" / "spacy-en-core-web-sm" / "predictions.jsonl"
    preds = read_predictions(submitted, corpus).documents
    result = score_entities(gold=corpus, predictions=preds, entity_types=frozen_repo.entity_types,
                            label_maps=frozen_repo.label_maps, config=EntityConfig(modes=tuple(SPAN_MODES)),
                            units=Units([d for d, _ in corpus], by))
    for mode in SPAN_MODES:
        for t in [None, *result.modes[mode].per_type]:
            assert entity_unit_counts(result, mode, t) == _from_alignment(result, mode, t, by == "sentences"), (mode, t)


def test_report_intervals_do_not_depend_on_how_the_replicates_are_cut(scored, monkeypatch) -> None:
    from newsgold.studies import bootstrap

    _, _, result = scored
    table = result.modes["strict"].units
    whole = bootstrap.report_intervals(table.units, {"strict": table})
    for draws in (1, table.units.size * 7, table.units.size * 1000):  # one replicate a chunk, 7, all at once
        monkeypatch.setattr(bootstrap, "_CHUNK_DRAWS", draws)
        assert bootstrap.report_intervals(table.units, {"strict": table}) == whole, draws
    (lo, hi), _ = whole[1]["strict"]
    assert lo < result.modes["strict"].overall.f1 < hi
