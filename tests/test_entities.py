"""Entity scoring against the libraries that define the metrics, and its options."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

try:  # nervaluate 1.2.1 needs Python 3.11 (see pyproject.toml)
    from nervaluate import Evaluator
except ImportError:  # pragma: no cover - Python 3.10
    Evaluator = None
needs_nervaluate = pytest.mark.skipif(Evaluator is None, reason="nervaluate 1.2.1 needs Python 3.11")
from newsgold.cli import main
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.sources import load_corpus
from newsgold.readers.records import DocPredictions, PredEntity
from newsgold.scoring.entities import book, duplicates_and_overlaps, score_entities
from newsgold.scoring.entity_errors import confusion, correct_items, error_records
from newsgold.scoring.match import MODES, KeyTier, align, head_tiers
from newsgold.scoring.metrics import total
from newsgold.scoring.results import EntityConfig
from newsgold.scoring.tokens import (
    ill_formed,
    span_chunks,
    spans_to_tags,
    token_results,
)
from newsgold.tags import chunk_set
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from tests.conftest import FROZEN, ROOT
from tests.strategies import TYPES, flat_spans, spans

NERVALUATE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: the counts below describe it, and a correction of the live gold leaves them true."""
    return frozen_repo


@pytest.fixture(scope="module")
def corpus(repo):
    return load_corpus(repo)


def run(repo, corpus, entities, **config):
    [(doc, _)] = corpus
    preds = [DocPredictions(doc.doc_id, tuple(PredEntity(s, e, t) for s, e, t in entities))]
    return score_entities(
        gold=corpus, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps, config=EntityConfig(**config)
    )


def gold_spans(corpus):
    [(_, gold)] = corpus
    return [(e.span.start, e.span.end, e.type) for e in gold.entities]


def noisy(corpus, seed: int):
    """A plausible extractor: drops, shifts, retypes and adds entities, keeping overlaps one-to-one."""
    rnd = random.Random(seed)
    [(doc, _)] = corpus
    tokens = doc.tokens
    out = []
    for s, e, t in gold_spans(corpus):
        r = rnd.random()
        if r < 0.15:
            continue
        if r < 0.3:
            t = rnd.choice(["PERSON", "ORG", "GPE", "DATE"])
        elif r < 0.4:  # widen to the previous token when it is free
            prev = [k for k in tokens if k.end <= s]
            if prev and not any(a < s and prev[-1].start < b for a, b, _ in out):
                s = prev[-1].start
        out.append((s, e, t))
    for k in rnd.sample(list(tokens), 8):
        if not any(a < k.end and k.start < b for a, b, _ in out + gold_spans(corpus)):
            out.append((k.start, k.end, "ORG"))
    return out


def assert_equals_nervaluate(result, gold, pred) -> None:
    """Our four SemEval modes against nervaluate's on the same spans (its ends are inclusive):
    the overall rows, and the per-type rows where the metric card says they agree."""
    as_dicts = lambda spans: [[{"label": t, "start": s, "end": e - 1} for s, e, t in spans]]  # noqa: E731
    labels = sorted({t for *_, t in gold + pred})
    theirs = Evaluator(as_dicts(gold), as_dicts(pred), tags=labels, loader="dict").evaluate()
    for ours_name, their_name in NERVALUATE.items():
        o, t = result.modes[ours_name].overall, theirs["overall"][their_name]
        assert (o.precision, o.recall, o.f1) == pytest.approx((t.precision, t.recall, t.f1)), ours_name
        assert o.tp == t.correct and o.par == t.partial, ours_name
        if ours_name in ("exact", "partial") and cross_type_overlap(gold, pred):
            continue  # the card's first divergence: nervaluate's type rows filter both sides by type first
        for label in labels:
            assert row(result.modes[ours_name].per_type.get(label)) == nervaluate_row(theirs, label, their_name), (ours_name, label)


def cross_type_overlap(gold, pred) -> bool:
    return any(gs < pe and ps < ge and gt != pt for gs, ge, gt in gold for ps, pe, pt in pred)


def row(counts) -> tuple:
    """A per-type row as nervaluate gives it: correct, partial, precision and recall, 0/0 as 0."""
    if counts is None:
        return (0, 0, 0.0, 0.0)
    return (counts.tp, counts.par, pytest.approx(counts.precision or 0.0), pytest.approx(counts.recall or 0.0))


def nervaluate_row(theirs, label: str, mode: str) -> tuple:
    if label not in theirs["entities"]:  # a type with no span on either side has no row
        return (0, 0, 0.0, 0.0)
    t = theirs["entities"][label][mode]
    return (t.correct, t.partial, t.precision, t.recall)


def test_prediction_equal_to_gold_scores_one_everywhere(repo, corpus) -> None:
    from newsgold.readers.records import from_gold

    result = score_entities(gold=corpus, predictions=from_gold(corpus), entity_types=repo.entity_types, label_maps=repo.label_maps)
    for mode, r in result.modes.items():
        assert r.overall.f1 == 1.0, mode
        assert all(c.f1 == 1.0 for c in r.per_type.values() if c.support), mode
    assert result.timex["value_accuracy"] == 1.0 and result.timex["value_f1"] == 1.0


@pytest.mark.parametrize("seed", range(5))
@needs_nervaluate
def test_span_modes_equal_nervaluate_on_extractor_like_output(repo, corpus, seed: int) -> None:
    pred = noisy(corpus, seed)
    result = run(repo, corpus, pred, modes=tuple(NERVALUATE))
    assert_equals_nervaluate(result, gold_spans(corpus), pred)


@settings(max_examples=150, deadline=None)
@given(flat_spans(doc_count=1), flat_spans(doc_count=1))
@needs_nervaluate
def test_span_modes_equal_nervaluate_on_one_to_one_flat_data(gold, pred) -> None:
    # Where every overlap is one-to-one, nervaluate's greedy matching is well defined and must agree.
    for g in gold:
        assume(sum(g[1] < p[2] and p[1] < g[2] for p in pred) <= 1)
    for p in pred:
        assume(sum(g[1] < p[2] and p[1] < g[2] for g in gold) <= 1)
    as_dicts = lambda items: [[{"label": t, "start": s, "end": e - 1} for _, s, e, t in items]]  # noqa: E731
    theirs = Evaluator(as_dicts(gold), as_dicts(pred), tags=TYPES, loader="dict").evaluate()
    crossed = cross_type_overlap([g[1:] for g in gold], [p[1:] for p in pred])
    for ours_name, their_name in NERVALUATE.items():
        a = align(gold, pred, MODES[ours_name])
        booked = book(a, TYPES)
        o, t = total(booked.values()), theirs["overall"][their_name]
        assert (o.tp, o.par) == (t.correct, t.partial), ours_name
        assert (o.precision or 0, o.recall or 0) == pytest.approx((t.precision, t.recall)), ours_name
        if ours_name in ("strict", "type") or not crossed:
            for label in TYPES:
                assert row(booked[label]) == nervaluate_row(theirs, label, their_name), (ours_name, label)


@settings(max_examples=150, deadline=None)
@given(flat_spans(doc_count=1), flat_spans(doc_count=1))
@needs_nervaluate
def test_strict_rows_and_the_overall_rows_equal_nervaluate_on_any_flat_predictions(gold, pred) -> None:
    """Fragments and predictions across several gold entities included (no assumption of
    one-to-one overlaps): strict per type and overall, exact and partial overall."""
    as_dicts = lambda items: [[{"label": t, "start": s, "end": e - 1} for _, s, e, t in items]]  # noqa: E731
    theirs = Evaluator(as_dicts(gold), as_dicts(pred), tags=TYPES, loader="dict").evaluate()
    for mode in ("strict", "exact", "partial"):
        booked = book(align(gold, pred, MODES[mode]), TYPES)
        assert row(total(booked.values())) == nervaluate_row({"entities": {"all": theirs["overall"]}}, "all", mode), mode
        if mode == "strict":
            for label in TYPES:
                assert row(booked[label]) == nervaluate_row(theirs, label, mode), label


@needs_nervaluate
@pytest.mark.parametrize(
    ("gold", "pred", "mode", "ours", "nervaluates"),
    [
        # 1. exact and partial book a pair of two types under the gold type; nervaluate's per-type rows
        #    filter both sides by type first, so the pair is a miss of PER and a spurious LOC
        ([(0, 5, "PER")], [(0, 5, "LOC")], "exact", {"PER": (1.0, 1.0), "LOC": None}, {"PER": (0, 0.0), "LOC": (0.0, 0)}),
        ([(0, 8, "PER")], [(3, 7, "LOC")], "partial", {"PER": (0.5, 0.5), "LOC": None}, {"PER": (0, 0.0), "LOC": (0.0, 0)}),
        # 2. overlapping predictions: nervaluate takes the first overlap in input order, newsgold the same span first
        ([(8, 9, "PER")], [(6, 11, "PER"), (8, 9, "PER")], "strict", {"PER": (0.5, 1.0)}, {"PER": (0.0, 0.0)}),
        # 3. type: nervaluate pairs the gold with its first overlap, of any type (its LOC row, from
        #    the LOC spans alone, is 100; its overall row 0)
        ([(6, 8, "LOC")], [(4, 7, "PER"), (7, 11, "LOC")], "type", {"overall": (0.5, 1.0), "LOC": (1.0, 1.0)},
         {"overall": (0.0, 0.0), "LOC": (1.0, 1.0)}),
    ],
)
def test_the_metric_cards_nervaluate_divergences_hold(gold, pred, mode, ours, nervaluates) -> None:
    """Each divergence the metric card lists, with its example, against nervaluate itself."""
    as_dicts = lambda spans: [[{"label": t, "start": s, "end": e - 1} for s, e, t in spans]]  # noqa: E731
    labels = sorted({t for *_, t in gold + pred})
    theirs = Evaluator(as_dicts(gold), as_dicts(pred), tags=labels, loader="dict").evaluate()
    rows = {"overall": theirs["overall"], **theirs["entities"]}
    assert {t: (rows[t][NERVALUATE[mode]].precision, rows[t][NERVALUATE[mode]].recall) for t in ours} == nervaluates
    booked = book(align([(0, *g) for g in gold], [(0, *p) for p in pred], MODES[mode]), labels)
    booked["overall"] = total(booked.values())
    got = {t: (booked[t].precision, booked[t].recall) if booked[t].predicted or booked[t].support else None for t in ours}
    assert got == ours
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()).lower()
    shown = {"exact": "gold PER [0, 5) and a prediction LOC [0, 5)", "partial": "gold PER [0, 8) and a prediction LOC [3, 7)",
             "strict": "gold PER [8, 9), predictions PER [6, 11) then PER [8, 9)",
             "type": "gold LOC [6, 8), predictions PER [4, 7) then LOC [7, 11)"}
    assert shown[mode].lower() in readme


@needs_nervaluate
def test_type_mode_takes_the_maximum_assignment_where_nervaluate_is_greedy_and_order_dependent() -> None:
    # the metric card's example: a prediction spanning two gold entities, and a fragment
    gold = [(0, 0, 10, "PER"), (0, 12, 20, "PER")]
    pred = [(0, 5, 15, "PER"), (0, 0, 4, "PER")]
    as_dicts = lambda items: [[{"label": t, "start": s, "end": e - 1} for _, s, e, t in items]]  # noqa: E731
    theirs = [Evaluator(as_dicts(gold), as_dicts(p), tags=["PER"], loader="dict").evaluate()["overall"]["ent_type"].f1
              for p in (pred, pred[::-1])]
    assert theirs == [0.5, 1.0]
    ours = [total(book(align(sorted(gold), p, MODES["type"]), ["PER"]).values()).f1 for p in (pred, pred[::-1])]
    assert ours == [1.0, 1.0]


def test_the_metric_card_and_the_help_say_how_type_differs_from_nervaluate(capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "maximum one-to-one" in readme and "nervaluate F1 50 in that order and 100 in the reverse" in readme
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "maximum one-to-one assignment" in help_text and "exceed" in help_text and "nervaluate" in help_text


def seqeval_numbers(gold_tags, pred_tags, **kwargs):
    return classification_report(gold_tags, pred_tags, output_dict=True, zero_division=0, **kwargs)


@pytest.mark.parametrize("seed", range(5))
def test_token_modes_equal_seqeval(repo, corpus, seed: int) -> None:
    pred = noisy(corpus, seed)
    result = run(repo, corpus, pred)
    [(doc, _)] = corpus
    gold_tags, _, _ = spans_to_tags(doc, gold_spans(corpus))
    pred_tags, _, _ = spans_to_tags(doc, pred)
    for mode, kwargs in (("token_conlleval", {}), ("token_iob2", {"mode": "strict", "scheme": IOB2})):
        theirs = seqeval_numbers(gold_tags, pred_tags, **kwargs)
        ours = result.modes[mode]
        o = ours.overall
        assert (o.precision, o.recall, o.f1) == pytest.approx(
            (theirs["micro avg"]["precision"], theirs["micro avg"]["recall"], theirs["micro avg"]["f1-score"])
        )
        for label, c in ours.per_type.items():
            if label in theirs:
                assert (c.precision or 0, c.recall or 0, c.support) == pytest.approx(
                    (theirs[label]["precision"], theirs[label]["recall"], theirs[label]["support"])
                ), label


EDGE_CASES = [
    # gold, prediction, (gold, predicted, correct) conlleval/default, the same for strict IOB2
    (["B-PER", "I-PER"], ["I-PER", "I-PER"], (1, 1, 1), (1, 0, 0)),
    (["B-PER", "I-PER"], ["B-PER", "I-LOC"], (1, 2, 0), (1, 1, 0)),
    (["B-PER", "B-PER"], ["B-PER", "I-PER"], (2, 1, 0), (2, 1, 0)),
    (["O", "O"], ["O", "O"], (0, 0, 0), (0, 0, 0)),
]


@pytest.mark.parametrize("gold, pred, default, strict", EDGE_CASES)
def test_token_edge_cases_from_the_reference(gold, pred, default, strict) -> None:
    for kwargs, expected in (({}, default), ({"mode": "strict", "scheme": "IOB2"}, strict)):
        g, p = chunk_set([gold], **kwargs), chunk_set([pred], **kwargs)
        assert (len(g), len(p), len(g & p)) == expected, kwargs


@st.composite
def any_spans(draw, text_length: int):
    """Spans anywhere: off token edges, in whitespace, overlapping, across sentences."""
    n = draw(st.integers(0, 25))
    out = []
    for _ in range(n):
        start = draw(st.integers(0, text_length - 1))
        end = draw(st.integers(start + 1, min(text_length, start + 60)))
        out.append((start, end, draw(st.sampled_from(["GPE", "ORG", "PERSON"]))))
    return out


def test_token_modes_read_spans_as_seqeval_reads_their_tags(corpus) -> None:
    [(doc, _)] = corpus
    seqeval = pytest.importorskip("seqeval.metrics.sequence_labeling")
    scheme = pytest.importorskip("seqeval.scheme")
    routes = Counter()

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(any_spans(len(doc.text)), any_spans(len(doc.text)))
    def check(gold, pred) -> None:
        result = token_results([doc], [(0, *g) for g in gold], [(0, *p) for p in pred], ["token_conlleval", "token_iob2"], [])
        gold_tags, _, _ = spans_to_tags(doc, gold)
        pred_tags, off, dropped = spans_to_tags(doc, pred)
        found = span_chunks(doc, pred)
        routes["tags" if found is None else "across sentences" if found.later else "within"] += 1
        for mode, theirs in (
            ("token_conlleval", lambda tags: {(k, *e) for k, s in enumerate(tags) for e in seqeval.get_entities(s)}),
            ("token_iob2", lambda tags: {e.to_tuple() for s in scheme.Entities(tags, scheme.IOB2).entities for e in s}),
        ):
            g, p = theirs(gold_tags), theirs(pred_tags)
            o = total(result[mode].per_type.values())
            assert (o.support, o.predicted, o.tp) == (len(g), len(p), len(g & p)), mode
        assert (result["token_iob2"].extra["off_boundary"], result["token_iob2"].extra["overlap_dropped"]) == (off, dropped)
        assert result["token_iob2"].extra["ill_formed"] == ill_formed(pred_tags)

    check()
    assert routes["across sentences"] > 20 and routes["within"] > 20  # both span routes were taken


def test_per_type_rows_add_up_and_shuffle_changes_nothing(repo, corpus) -> None:
    pred = noisy(corpus, 7)
    a = run(repo, corpus, pred)
    shuffled = pred[:]
    random.Random(1).shuffle(shuffled)
    b = run(repo, corpus, shuffled)
    for mode in a.modes:
        assert total(a.modes[mode].per_type.values()) == a.modes[mode].overall
        assert a.modes[mode].per_type == b.modes[mode].per_type
    assert error_records(a) == error_records(b)


def test_errors_are_classified(repo, corpus) -> None:
    [(doc, _)] = corpus
    text = doc.text
    cuba = text.index("Cuba")
    havana = text.index("Havana")
    the_us = text.index("The US government")
    pred = [(cuba, cuba + 4, "ORG"), (havana, havana + 6, "GPE"), (the_us + 4, the_us + 17, "GPE"), (0, 10, "LOC")]
    the = text.index("The US government")
    result = run(repo, corpus, pred + [(the, the + 3, "ORG")] , modes=("strict",))
    kinds = {(r["gold_text"], r["pred_text"]): r["kind"] for r in error_records(result)}
    assert kinds[("Cuba", "Cuba")] == "type"
    assert kinds[("US", "US government")] == "boundary"
    assert kinds[("Washington", "Washington")] == "type"
    assert kinds[(None, "The")] == "spurious"
    assert kinds[("Feb 18", None)] == "missed"
    table = confusion(result)
    assert table["GPE"]["ORG"] == 1 and table["SPURIOUS"]["ORG"] == 1 and table["DATE"]["MISSED"] == 14


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_error_names_the_sentence_it_starts_in(repo, corpus, seed) -> None:
    [(doc, _)] = corpus
    rows = error_records(run(repo, corpus, noisy(corpus, seed), modes=("strict",)))
    sentences = set()
    for r in rows:
        start = r["pred_start"] if r["kind"] == "spurious" else r["gold_start"]
        k = doc.sentence_of(start)
        span = doc.sentences[k]
        assert (r["sentence"], r["sentence_text"]) == (k, doc.text[span.start : span.end])
        sentences.add(k)
    assert len(sentences) > 5  # errors far apart: the listing walks over sentences without errors


@pytest.mark.parametrize("fac", [False, True])  # a type only one document has: its row first seen late in one path
@pytest.mark.parametrize("batch_items", [60, 200])  # one document a batch; two
@pytest.mark.parametrize("mode", ["strict", "exact", "partial", "type", "determiner", "head"])
def test_a_listing_made_batch_by_batch_equals_one_made_from_the_whole_alignment(repo, corpus, mode, batch_items, fac, monkeypatch) -> None:
    from dataclasses import replace

    import newsgold.scoring.entities

    [(doc, gold)] = corpus
    docs = [(replace(doc, doc_id=f"doc-{k}"), replace(gold, doc_id=f"doc-{k}")) for k in range(4)]
    preds = [DocPredictions(d.doc_id, tuple(PredEntity(*span) for span in noisy(corpus, seed))) for seed, (d, _) in enumerate(docs)]
    if fac:  # the last document's first entity is a facility, found: a type no other document has
        d, g = docs[3]
        first = g.entities[0]
        docs[3] = (d, g.replace(entities=[replace(first, type="FAC"), *g.entities[1:]]))
        kept = [p for p in preds[3].entities if p.end <= first.span.start or p.start >= first.span.end]
        preds[3] = DocPredictions(d.doc_id, (PredEntity(first.span.start, first.span.end, "FAC"), *kept))
    random.Random(5).shuffle(preds)  # batches out of document order
    monkeypatch.setattr(newsgold.scoring.entities, "_CHUNK", 1)
    monkeypatch.setattr(newsgold.scoring.entities, "_BATCH_ITEMS", batch_items)  # the article has about 130 items

    def scored(**config):
        return score_entities(gold=docs, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps,
                              config=EntityConfig(**config))

    listed = scored(keep_alignments=(), list_errors=mode, list_correct=True)
    whole = scored(keep_alignments=(mode,))
    assert listed.modes[mode].alignment is None and whole.listing is None
    rows = error_records(listed, mode)
    assert rows == error_records(whole, mode) and {r["kind"] for r in rows} > {"missed", "spurious"}
    assert [r["doc_id"] for r in rows] == sorted(r["doc_id"] for r in rows)
    # The same table, rows and columns in the same order.
    assert [(k, list(v.items())) for k, v in confusion(listed, mode).items()] == [(k, list(v.items())) for k, v in confusion(whole, mode).items()]
    table = confusion(listed, mode)
    rows = [r for r in table if r != "SPURIOUS"]
    assert rows == sorted(rows) and list(table)[-1] == "SPURIOUS" and ("FAC" in table) == fac
    for row in table.values():
        cols = [c for c in row if c != "MISSED"]
        assert cols == sorted(cols) and "MISSED" not in list(row)[:-1]
    assert sorted(correct_items(listed, mode)) == sorted(correct_items(whole, mode))
    assert {m: r.per_type for m, r in listed.modes.items()} == {m: r.per_type for m, r in whole.modes.items()}


def test_every_mode_begins_with_the_exact_tier() -> None:
    # The listing counts the first tier's pairs as equal items (entity_errors.Listing.add).
    for tiers in [*MODES.values(), head_tiers({})]:
        assert isinstance(tiers[0], KeyTier) and tiers[0].outcome == "correct" and tiers[0].key((0, 1, 2, "X")) == (0, 1, 2, "X")


def test_listing_and_error_records_refuse_what_was_not_asked(repo, corpus) -> None:
    with pytest.raises(NewsgoldError) as e:
        run(repo, corpus, [], modes=("strict",), list_errors="exact")
    assert e.value.incidents[0].code == "NG003"
    result = run(repo, corpus, gold_spans(corpus), modes=("strict", "exact"), keep_alignments=(), list_errors="strict")
    for ask in (error_records, confusion, correct_items):
        with pytest.raises(NewsgoldError) as e:
            ask(result, "exact")
        assert e.value.incidents[0].code == "NG003"


def test_lenient_modes(repo, corpus) -> None:
    [(doc, _)] = corpus
    text = doc.text
    sd = text.index("the State Department")
    obama = text.index("President Barack Obama")
    result = run(repo, corpus, [(sd, sd + len("the State Department"), "ORG"), (obama, obama + len("President Barack Obama"), "PERSON")])
    assert result.modes["strict"].overall.tp == 0
    assert result.modes["determiner"].overall.tp == 1
    assert result.modes["head"].overall.tp == 2


def test_filters_and_maps(repo, corpus) -> None:
    gold = gold_spans(corpus)
    body = run(repo, corpus, gold, passage="body", modes=("strict",))
    assert body.modes["strict"].overall.support == len(gold) - 4  # the dateline holds four entities
    names = run(repo, corpus, gold, level="NAM", modes=("strict",))
    assert set(names.modes["strict"].per_type) == {"GPE", "LOC", "NORP", "ORG", "PERSON"}
    to_conll = repo.label_maps["conll2003"]["map"]
    conll = run(repo, corpus, [(s, e, to_conll[t]) for s, e, t in gold if to_conll[t]], gold_map="conll2003", modes=("strict",))
    r = conll.modes["strict"]
    assert r.overall.f1 == 1.0 and set(r.per_type) == {"PER", "ORG", "LOC", "MISC"} and not conll.warnings
    with_dates = run(repo, corpus, [(s, e, to_conll[t] or t) for s, e, t in gold], gold_map="conll2003", modes=("strict",))
    assert with_dates.modes["strict"].overall.fp == 20 and [w.code for w in with_dates.warnings] == ["NG604", "NG604", "NG604"]
    mapped = run(repo, corpus, [(s, e, "PLACE" if t == "GPE" else t) for s, e, t in gold], label_map={"PLACE": "GPE"}, modes=("strict",))
    assert mapped.modes["strict"].overall.f1 == 1.0 and not mapped.warnings


def test_a_scheme_maps_gold_and_predictions_with_one_table_and_drops_what_it_drops(repo, corpus) -> None:
    gold = gold_spans(corpus)  # an OntoNotes system that is right everywhere
    to_conll = repo.label_maps["conll2003"]["map"]
    result = run(repo, corpus, gold, scheme="conll2003", modes=("strict",))
    r = result.modes["strict"]
    assert r.overall.f1 == 1.0 and set(r.per_type) == {"PER", "ORG", "LOC", "MISC"} and not result.warnings
    assert r.overall.predicted == sum(to_conll[t] is not None for _, _, t in gold)
    assert result.tallies["mapped_away"] == {"CARDINAL": 3, "DATE": 14, "ORDINAL": 3}
    # labels already in the scheme pass unchanged; the user's map applies first, null drops
    mixed = [(s, e, to_conll[t] if t == "PERSON" else "PLACE" if t == "GPE" else t) for s, e, t in gold]
    same = run(repo, corpus, mixed + [(0, 3, "JUNK")], scheme="conll2003", label_map={"PLACE": "GPE", "JUNK": None}, modes=("strict",))
    assert same.modes["strict"].overall.f1 == 1.0 and not same.warnings
    # the table as a label map, with its nulls, plus the gold map: the same scores
    by_hand = run(repo, corpus, gold, gold_map="conll2003", label_map=to_conll, modes=("strict",))
    assert by_hand.modes["strict"].per_type == r.per_type


def test_scheme_on_the_spacy_submission_from_the_command_line(tmp_path, capsys) -> None:
    spacy = "submissions/spacy-en-core-web-sm/predictions.jsonl"
    runs = {}
    for name, flags in (("map", ["--map", "conll2003"]), ("gold-map", ["--gold-map", "conll2003"])):
        assert main(["score", "--root", str(FROZEN), str(ROOT / spacy), "--modes", "strict", "--json", *flags]) == 0
        runs[name] = json.loads(capsys.readouterr().out)
    assert round(100 * runs["map"]["entities"]["strict"]["overall"]["f1"], 2) == 81.32
    assert round(100 * runs["gold-map"]["entities"]["strict"]["overall"]["f1"], 2) == 7.34
    assert runs["map"]["config"]["entities"]["scheme"] == "conll2003"
    table = tmp_path / "conll.json"
    table.write_text(json.dumps({"map": json.loads((ROOT / "annotations/inventories/label-maps.json").read_text())["conll2003"]["map"]}))
    assert main(["score", "--root", str(FROZEN), str(ROOT / spacy), "--modes", "strict", "--json", "--gold-map", "conll2003",
                 "--label-map", str(table)]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["strict"] == runs["map"]["entities"]["strict"]
    assert main(["score", "--root", str(FROZEN), str(ROOT / spacy), "--map", "conll2003", "--gold-map", "conll2003"]) == 2
    assert "--gold-map: error NG003" in capsys.readouterr().err


def test_unknown_labels_are_reported_with_a_suggestion_and_scored_as_wrong(repo, corpus) -> None:
    gold = gold_spans(corpus)
    result = run(repo, corpus, [(s, e, "PLACE" if t == "GPE" else t) for s, e, t in gold], modes=("strict",))
    [w] = [w for w in result.warnings if w.code == "NG604"]
    assert "'PLACE'" in w.message and '{"PLACE": "LOC"}' in w.hint
    assert result.modes["strict"].overall.fp == 20


def test_unknown_labels_say_how_many_were_scored_and_how_many_the_selection_dropped(repo, corpus) -> None:
    gold = gold_spans(corpus)
    preds = [(s, e, "PER" if t == "PERSON" else t) for s, e, t in gold]
    scored = run(repo, corpus, preds, modes=("strict",))
    [w] = [w for w in scored.warnings if w.code == "NG604"]
    assert "'PER' (11 predictions)" in w.message and w.message.endswith("; scored as wrong (false positives)")
    assert scored.modes["strict"].overall.fp == 11
    dropped = run(repo, corpus, preds, modes=("strict",), types=frozenset({"GPE"}))
    [w] = [w for w in dropped.warnings if w.code == "NG604"]
    assert w.message.endswith("none scored: outside the selection (types)") and "scored as wrong" not in w.message
    assert dropped.modes["strict"].overall.predicted == 20
    places = [(s, e, "PLACE" if t == "GPE" else t) for s, e, t in gold]  # Washington is in the dateline
    body = run(repo, corpus, places, modes=("strict",), passage="body")
    [w] = [w for w in body.warnings if w.code == "NG604"]
    assert "'PLACE' (20 predictions)" in w.message
    assert w.message.endswith("19 scored as wrong (false positives), 1 outside the selection (passage) and not scored")
    assert body.modes["strict"].overall.fp == 19


def test_an_unknown_label_of_the_gold_maps_table_points_to_the_scheme(repo, corpus) -> None:
    result = run(repo, corpus, gold_spans(corpus), gold_map="conll2003", modes=("strict",))
    hints = {w.message.split("'")[1]: w.hint for w in result.warnings if w.code == "NG604"}
    assert set(hints) == {"PERSON", "GPE", "NORP", "DATE", "CARDINAL", "ORDINAL"}
    assert all("--map conll2003" in h for h in hints.values())
    plain = run(repo, corpus, [(0, 10, "XYZZY")], modes=("strict",))
    [w] = [w for w in plain.warnings if w.code == "NG604"]
    assert w.hint == 'map it with --label-map FILE.json, e.g. {"XYZZY": null} to drop it'


@pytest.mark.parametrize(
    "config, code",
    [({"modes": ("strictest",)}, "NG003"), ({"gold_map": "wikidata"}, "NG003"), ({"scheme": "wikidata"}, "NG003"),
     ({"label_map": {"PLACE": 3}}, "NG003"), ({"scheme": "conll2003", "gold_map": "conll2003"}, "NG003"), ({"types": frozenset({"CITY"})}, "NG003"), ({"passage": "lead"}, "NG003")],
)
def test_invalid_options_raise(repo, corpus, config, code) -> None:
    with pytest.raises(NewsgoldError) as e:
        run(repo, corpus, [], **config)
    assert e.value.incidents[0].code == code


def test_duplicates_and_overlaps_are_counted_not_fatal(repo, corpus) -> None:
    gold = gold_spans(corpus)
    s, e, t = gold[0]
    result = run(repo, corpus, gold + [(s, e, t), (s, e + 1, t)], modes=("strict",))
    [w] = [w for w in result.warnings if w.code == "NG605"]
    assert "1 duplicate and 1 overlapping" in w.message
    assert result.modes["strict"].overall.recall == 1.0 and result.modes["strict"].overall.fp == 2


@settings(max_examples=200, deadline=None)
@given(spans(doc_count=3, max_items=15))
def test_duplicates_and_overlaps_equal_a_pairwise_count(items) -> None:
    pred = sorted(items)
    dup = overlap = 0
    for k, p in enumerate(pred):
        earlier = [q for q in pred[:k] if q[0] == p[0]]
        if earlier and earlier[-1] == p:
            dup += 1
        elif any(q[1] < p[2] and p[1] < q[2] for q in earlier):
            overlap += 1
    assert duplicates_and_overlaps(pred) == (dup, overlap)


def test_timex_value_accuracy(repo, corpus) -> None:
    [(doc, gold)] = corpus
    preds = [PredEntity(e.span.start, e.span.end, e.type, value=("2010-02-18" if e.type == "DATE" else None)) for e in gold.entities]
    result = score_entities(gold=corpus, predictions=[DocPredictions(doc.doc_id, tuple(preds))], entity_types=repo.entity_types,
                            label_maps=repo.label_maps, config=EntityConfig(modes=("strict",)))
    assert result.timex["relaxed"]["f1"] == 1.0
    assert result.timex["value_correct"] == 1 and result.timex["value_accuracy"] == pytest.approx(1 / 14)
    json.dumps(result.timex)


@pytest.mark.parametrize("system", ["baseline", "spacy-en-core-web-sm"])
@needs_nervaluate
def test_real_extractor_outputs_score_as_nervaluate_and_seqeval_do(repo, corpus, system: str) -> None:
    """The submitted outputs of two real extractors, scored by all three tools on the same spans."""
    from newsgold.readers.registry import read_predictions

    [(doc, _)] = corpus
    preds, _, _ = read_predictions(ROOT / "submissions" / system / "predictions.jsonl", {doc.doc_id: doc})
    pred = [(e.start, e.end, e.type) for e in preds[0].entities]
    result = run(repo, corpus, pred)
    assert_equals_nervaluate(result, gold_spans(corpus), pred)
    gold_tags, _, _ = spans_to_tags(doc, gold_spans(corpus))
    pred_tags, _, _ = spans_to_tags(doc, pred)
    for mode, kwargs in (("token_conlleval", {}), ("token_iob2", {"mode": "strict", "scheme": IOB2})):
        micro = seqeval_numbers(gold_tags, pred_tags, **kwargs)["micro avg"]
        o = result.modes[mode].overall
        assert (o.precision, o.recall, o.f1) == pytest.approx((micro["precision"], micro["recall"], micro["f1-score"])), mode


@pytest.mark.parametrize("seed", range(12))
def test_determiner_mode_is_strict_after_dropping_determiners(repo, corpus, seed: int) -> None:
    # Reference: drop a leading the/a/an from every gold and predicted span first, then score strict.
    import re
    from dataclasses import replace

    from newsgold.gold.spans import Span

    [(doc, gold)] = corpus
    text = doc.text
    rnd = random.Random(seed)
    dets = [m.start() for m in re.finditer(r"(?i)\b(?:the|a|an)\s", text)]
    preds = noisy(corpus, seed)
    for s, e, t in list(preds):  # the same entity with the determiner in front, sometimes
        before = text.rfind(" ", 0, s - 1) + 1
        if re.match(r"(?i)(?:the|a|an)\s", text[before:s]) and rnd.random() < 0.7:
            preds.remove((s, e, t))
            preds.append((before, e, t))
    for d in rnd.sample(dets, min(6, len(dets))):  # determiner-led spans of their own
        end = text.find(" ", text.find(" ", d) + 1)
        preds.append((d, end if end > 0 else len(text), rnd.choice(["ORG", "GPE", "PERSON"])))

    # Determiner-led gold entities (some twice) predicted exactly (sometimes twice, sometimes
    # also without the determiner): exact pairs that stay equal once both lose it.
    extra = []
    for d in rnd.sample(dets, min(6, len(dets))):
        end = text.find(" ", text.find(" ", d) + 1)
        span, label = (d, end if end > 0 else len(text)), rnd.choice(["ORG", "GPE"])
        extra += [replace(gold.entities[0], span=Span(*span), type=label, head=None)] * rnd.choice([1, 1, 2])
        preds += [(*span, label)] * rnd.choice([1, 1, 2]) + [(text.find(" ", d) + 1, span[1], label)] * rnd.choice([0, 1])
    gold = gold.replace(entities=gold.entities + tuple(extra))

    def strip(s: int, e: int) -> tuple[int, int]:
        m = re.compile(r"(?i)(?:the|a|an)\s+").match(text, s, e)
        return (m.end(), e) if m and m.end() < e else (s, e)

    stripped_gold = gold.replace(entities=tuple(replace(m, span=Span(*strip(m.span.start, m.span.end))) for m in gold.entities))
    expected = run(repo, [(doc, stripped_gold)], [(*strip(s, e), t) for s, e, t in preds], modes=("strict",)).modes["strict"]
    got = run(repo, [(doc, gold)], preds, modes=("strict", "determiner")).modes["determiner"]
    assert got.per_type == expected.per_type
    # The alignment lists every gold entity and every prediction once, stripped or not.
    a = got.alignment
    pairs = a.correct + a.partial + a.incorrect
    assert sorted(strip(s, e) for _, s, e, _ in [g for g, _ in pairs] + a.missed) == sorted(strip(m.span.start, m.span.end) for m in gold.entities)
    assert sorted(strip(s, e) for _, s, e, _ in [p for _, p in pairs] + a.spurious) == sorted(strip(s, e) for s, e, _ in preds)
    assert sum(c.tp for c in got.per_type.values()) > sum(c.tp for c in run(repo, [(doc, gold)], preds, modes=("strict",)).modes["strict"].per_type.values())


def test_collector_is_paused_over_scoring_and_restored(repo, corpus, monkeypatch) -> None:
    import gc

    import newsgold.scoring.entities
    import newsgold.scoring.entity_errors

    [(doc, _)] = corpus
    seen_by_iterator = []
    seen_by_work = []  # the collector's state while batches are matched and errors listed

    def watched(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            seen_by_work.append(gc.isenabled())
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    watched(newsgold.scoring.entities, "align_tiers")
    watched(newsgold.scoring.entity_errors, "error_rows")

    def stream():  # an iterator that is not a plain list runs with the collector on
        seen_by_iterator.append(gc.isenabled())
        yield DocPredictions(doc.doc_id, tuple(PredEntity(s, e, t) for s, e, t in gold_spans(corpus)))

    config = EntityConfig(modes=("strict",))
    kwargs = dict(gold=corpus, entity_types=repo.entity_types, label_maps=repo.label_maps, config=config)
    assert gc.isenabled()
    result = score_entities(predictions=stream(), **kwargs)
    assert seen_by_iterator == [True] and gc.isenabled()
    error_records(result)
    assert gc.isenabled()
    given = [DocPredictions(doc.doc_id, tuple(PredEntity(s, e, t) for s, e, t in gold_spans(corpus)))]
    listed = score_entities(predictions=given, **{**kwargs, "config": EntityConfig(modes=("strict",), list_errors="strict")})
    assert error_records(listed) == error_records(result)
    assert seen_by_work and not any(seen_by_work)  # matching and listing paused, from an iterator or a list
    twice = [DocPredictions(doc.doc_id, ())] * 2
    with pytest.raises(NewsgoldError) as err:
        score_entities(predictions=twice, **kwargs)
    assert err.value.incidents[0].code == "NG603"
    assert gc.isenabled()  # switched back on after a failure too
    gc.disable()
    try:
        score_entities(predictions=stream(), **kwargs)
        assert seen_by_iterator == [True, False] and not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_collector_pause_nests_and_survives_errors() -> None:
    import gc

    from newsgold.gold import collector

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block found it off and left it off
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector.paused():
        1 / 0
    assert gc.isenabled()
