from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.scoring.entities import book
from newsgold.scoring.match import MODES, align, head_tiers
from newsgold.scoring.metrics import total

from tests.strategies import TYPES, spans


def counts(gold, pred, mode):
    return book(align(gold, pred, MODES[mode]), TYPES)


def test_reference_case_that_greedy_order_gets_wrong() -> None:
    # gold [PER 0-2, PER 1-2], prediction PER 1-2: strict is 1 correct in either order.
    gold = [(0, 0, 2, "PER"), (0, 1, 2, "PER")]
    pred = [(0, 1, 2, "PER")]
    for g in (gold, gold[::-1]):
        assert total(counts(g, pred, "strict").values()).tp == 1


def test_duplicated_prediction_cannot_raise_recall() -> None:
    gold = [(0, 0, 2, "PER")]
    c = total(counts(gold, gold * 3, "strict").values())
    assert (c.tp, c.fp, c.fn) == (1, 2, 0)
    assert c.recall == 1.0


def test_assignment_is_maximal_where_greedy_is_not() -> None:
    # pred A overlaps gold 1 and 2; pred B overlaps only gold 1. Greedy A->1 leaves 2 unpaired.
    gold = [(0, 0, 10, "PER"), (0, 8, 20, "PER")]
    pred = [(0, 5, 12, "PER"), (0, 1, 4, "PER")]
    a = align(gold, pred, MODES["type"])
    assert len(a.correct) == 2 and not a.missed and not a.spurious


def test_modes_on_the_semeval_scenarios() -> None:
    gold = [(0, 0, 5, "PER"), (0, 10, 15, "ORG"), (0, 20, 25, "LOC"), (0, 30, 35, "PER")]
    pred = [(0, 0, 5, "PER"),   # correct
            (0, 10, 15, "LOC"),  # same bounds, wrong type
            (0, 20, 23, "LOC"),  # overlap, same type
            (0, 40, 45, "ORG")]  # spurious; gold 30-35 missed
    got = {m: total(counts(gold, pred, m).values()) for m in ("strict", "exact", "partial", "type")}
    assert (got["strict"].tp, got["strict"].fp, got["strict"].fn) == (1, 3, 3)
    assert (got["exact"].tp, got["exact"].fp, got["exact"].fn) == (2, 2, 2)
    assert (got["partial"].tp, got["partial"].par, got["partial"].precision) == (2, 1, 2.5 / 4)
    assert (got["type"].tp, got["type"].fp, got["type"].fn) == (2, 2, 2)


def test_head_mode_accepts_a_prediction_covering_the_head() -> None:
    gold = [(0, 0, 20, "PER")]
    heads = {gold[0]: (10, 15)}
    assert len(align(gold, [(0, 8, 15, "PER")], head_tiers(heads)).correct) == 1
    assert len(align(gold, [(0, 11, 15, "PER")], head_tiers(heads)).correct) == 0
    assert len(align(gold, [(0, 8, 15, "ORG")], head_tiers(heads)).correct) == 0


@settings(max_examples=200, deadline=None)
@given(spans(), spans(), st.randoms(use_true_random=False))
def test_shuffling_changes_nothing(gold, pred, rnd: random.Random) -> None:
    for mode in MODES:
        expected = counts(gold, pred, mode)
        g, p = gold[:], pred[:]
        rnd.shuffle(g)
        rnd.shuffle(p)
        assert counts(g, p, mode) == expected


@settings(max_examples=200, deadline=None)
@given(spans(), spans())
def test_one_to_one_and_conserving(gold, pred) -> None:
    for mode in MODES:
        a = align(gold, pred, MODES[mode])
        paired = a.correct + a.partial + a.incorrect
        assert len(paired) + len(a.missed) == len(gold)
        assert len(paired) + len(a.spurious) == len(pred)
        assert sorted([g for g, _ in paired] + a.missed) == sorted(gold)
        assert sorted([p for _, p in paired] + a.spurious) == sorted(pred)
        assert all(g[0] == p[0] and g[1] < p[2] and p[1] < g[2] for g, p in paired)


@settings(max_examples=200, deadline=None)
@given(spans(), spans())
def test_swapping_gold_and_prediction_swaps_precision_and_recall(gold, pred) -> None:
    for mode in MODES:
        ab = total(counts(gold, pred, mode).values())
        ba = total(counts(pred, gold, mode).values())
        assert (ab.precision, ab.recall, ab.f1) == (ba.recall, ba.precision, ba.f1)


@given(spans())
def test_prediction_equal_to_gold_is_perfect(gold) -> None:
    for mode in MODES:
        c = total(counts(gold, list(gold), mode).values())
        assert c.fp == c.fn == c.par == 0
        assert c.f1 == (1.0 if gold else None)
