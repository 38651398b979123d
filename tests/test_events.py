"""Event scoring: hand-computed cases for every metric and option, and a brute-force recomputation."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.gold.sources import load_corpus
from newsgold.gold.spans import Span
from newsgold.readers.records import DocPredictions, PredArgument, PredEvent
from newsgold.scoring.events import score_events
from newsgold.scoring.metrics import total
from newsgold.scoring.results import EVENT_METRICS, EventConfig


@pytest.fixture(scope="module")
def corpus(repo):
    return load_corpus(repo)


@pytest.fixture(scope="module")
def gold(corpus):
    return corpus[0][1]


def as_predictions(corpus, events):
    return [DocPredictions(corpus[0][0].doc_id, (), tuple(events), frozenset({"events"}))]


def gold_events(gold, *, use_head=True, attributes=True):
    by = gold.by_id()
    out = []
    for e in gold.events:
        args = []
        for a in e.arguments:
            span = by[a.ref].head_or_span if use_head else by[a.ref].span
            args.append(PredArgument(a.role, span.start, span.end))
        attrs = dict(modality=e.modality, polarity=e.polarity, genericity=e.genericity, tense=e.tense) if attributes else {}
        out.append(PredEvent(e.type, e.trigger, tuple(args), **attrs))
    return out


def run(repo, corpus, events, **config):
    return score_events(gold=corpus, predictions=as_predictions(corpus, events), event_types=repo.event_types, config=EventConfig(**config))


def overall(result, metric):
    return total(result.metrics[metric].values())


def event(gold, trigger_text, occurrence=0):
    return [e for e in gold.events if e.trigger_text == trigger_text][occurrence]


def test_gold_as_prediction_is_perfect_in_every_view_and_match(repo, corpus, gold) -> None:
    for view in ("benchmark", "full"):
        for arg_match in ("head", "extent", "coref", "overlap"):
            result = run(repo, corpus, gold_events(gold, use_head=arg_match == "head"), view=view, arg_match=arg_match)
            assert all(overall(result, m).f1 == 1.0 for m in EVENT_METRICS), (view, arg_match)
            assert result.errors == []
    assert all(a["accuracy"] == 1.0 for a in result.attributes.values())


def test_views_count_different_roles(repo, corpus, gold) -> None:
    full = run(repo, corpus, [], view="full")
    bench = run(repo, corpus, [], view="benchmark")
    all_args = sum(len(e.arguments) for e in gold.events)
    time_args = sum(a.role.startswith("Time-") for e in gold.events for a in e.arguments)
    assert overall(full, "argument_classification_attached").fn == all_args
    assert overall(bench, "argument_classification_attached").fn == all_args - time_args


def test_duplicated_trigger_cannot_raise_recall(repo, corpus, gold) -> None:
    preds = gold_events(gold)
    one = preds[0]
    result = run(repo, corpus, preds + [one, one])
    for metric in EVENT_METRICS:
        c = overall(result, metric)
        assert (c.fp, c.fn, c.f1) == (0, 0, 1.0), metric
    assert any(w.code == "NG605" for w in result.warnings)


def test_missing_and_wrong_type_and_spurious_triggers(repo, corpus, gold) -> None:
    preds = gold_events(gold)
    talks = event(gold, "talks")
    preds = [p for p in preds if p.trigger != talks.trigger]  # one missed
    travel = event(gold, "travelled")
    preds = [PredEvent("Movement:Transport" if p.trigger != travel.trigger else "Contact:Meet", p.trigger, p.arguments) if p.trigger == travel.trigger else p for p in preds]
    preds.append(PredEvent("Conflict:Attack", Span(0, 10)))  # spurious: 'Washington'
    result = run(repo, corpus, preds)
    n = len(gold.events)
    ti, tc = overall(result, "trigger_identification"), overall(result, "trigger_classification")
    assert (ti.tp, ti.fp, ti.fn) == (n - 1, 1, 1)
    assert (tc.tp, tc.fp, tc.fn) == (n - 2, 2, 2)
    kinds = sorted((r["kind"], r["text"]) for r in result.errors if r["kind"].endswith("trigger") or r["kind"] == "wrong_type")
    assert kinds == [("missed_trigger", "talks"), ("spurious_trigger", "Washington"), ("wrong_type", "travelled")]
    assert result.metrics["trigger_classification"]["Conflict:Attack"].fp == 1


def test_argument_on_the_wrong_trigger_of_the_same_type(repo, corpus, gold) -> None:
    # 'spoke' and 'meeting' (sentence 12) are both Contact:Meet; move Cuban authorities to 'meeting'.
    spoke, meeting = event(gold, "spoke"), event(gold, "meeting", 3)
    by = gold.by_id()
    preds = []
    for p in gold_events(gold):
        if p.trigger == spoke.trigger:
            p = PredEvent(p.type, p.trigger, tuple(a for a in p.arguments if by["M19"].head.start != a.start))
        elif p.trigger == meeting.trigger:
            h = by["M19"].head
            p = PredEvent(p.type, p.trigger, p.arguments + (PredArgument("Entity", h.start, h.end),))
        preds.append(p)
    result = run(repo, corpus, preds)
    assert overall(result, "argument_classification").f1 == 1.0
    attached = overall(result, "argument_classification_attached")
    assert (attached.fp, attached.fn) == (1, 1)
    assert [(r["kind"], r["text"], r["trigger"]) for r in result.errors] == [("wrong_trigger", "Cuban authorities", "spoke")]


def test_head_versus_extent(repo, corpus, gold) -> None:
    as_extent = gold_events(gold, use_head=False)
    head = run(repo, corpus, as_extent, arg_match="head")
    extent = run(repo, corpus, as_extent, arg_match="extent")
    coref = run(repo, corpus, as_extent, arg_match="coref")
    by = gold.by_id()
    # Arguments whose mention's head differs from its extent (NOM and partitive mentions).
    differing = {
        (e.type, a.role, by[a.ref].span) for e in gold.events for a in e.arguments
        if by[a.ref].head_or_span != by[a.ref].span and not a.role.startswith("Time-")
    }
    assert len(differing) > 0
    assert overall(head, "argument_classification").fn == len(differing)
    assert overall(extent, "argument_classification").f1 == 1.0
    assert overall(coref, "argument_classification").f1 == 1.0


def test_coreferent_mention_counts_only_in_coref_mode(repo, corpus, gold) -> None:
    # The opposition meeting's Entity is 'Williams'; a system that answers 'she' found the same person.
    meeting = event(gold, "meeting", 3)
    by = gold.by_id()
    she = by["M20"].span
    williams = by["T58"].span
    preds = []
    for p in gold_events(gold):
        if p.trigger == meeting.trigger:
            p = PredEvent(p.type, p.trigger, tuple(PredArgument(a.role, she.start, she.end) if (a.start, a.end) == (williams.start, williams.end) else a for a in p.arguments))
        preds.append(p)
    assert overall(run(repo, corpus, preds, arg_match="coref"), "argument_classification_attached").f1 == 1.0
    head = run(repo, corpus, preds, arg_match="head")
    c = overall(head, "argument_classification_attached")
    assert (c.fp, c.fn) == (1, 1)


def test_coref_mode_accepts_the_annotated_mention_outside_the_trigger_sentence(repo) -> None:
    # Two sentences. The Meet event's trigger is in the second; its Entity is 'Ana' in the first,
    # whose cluster also has 'she' in the second. Both the annotated mention and its mate count.
    from newsgold.gold.model import Argument, Document, Event, Gold, Mention

    text = "Ana arrived. Later she met Bo."
    ana, she, bo, met = Span(0, 3), Span(19, 22), Span(27, 29), Span(23, 26)
    doc = Document("d", text, (Span(0, 12), Span(13, len(text))), (("body", Span(0, len(text))),), {})
    mentions = (Mention("T1", ana, "Ana", "PERSON", "NAM", cluster="C1"), Mention("T2", bo, "Bo", "PERSON", "NAM", cluster="C2"))
    pronoun = (Mention("M1", she, "she", "PERSON", "PRO", cluster="C1"),)
    ev = Event("E1", "Contact:Meet", met, "met", (Argument("Entity", "T1"), Argument("Entity", "T2")), "Asserted", "Positive", "Specific", "Past")
    corpus = [(doc, Gold.of("d", "0", text, mentions, pronoun, (ev,)))]
    for answer in (ana, she):
        preds = [DocPredictions("d", (), (PredEvent("Contact:Meet", met, (PredArgument("Entity", answer.start, answer.end), PredArgument("Entity", bo.start, bo.end))),), frozenset({"events"}))]
        result = score_events(gold=corpus, predictions=preds, event_types=repo.event_types, config=EventConfig(arg_match="coref"))
        assert overall(result, "argument_classification_attached").f1 == 1.0, answer


def test_errors_come_in_one_order_whatever_the_order_of_the_predictions(repo, corpus, gold) -> None:
    rnd = random.Random(5)
    preds = []
    for p in gold_events(gold):
        args = tuple(PredArgument("Place" if a.role == "Entity" else a.role, a.start + 1, a.end) for a in p.arguments)
        preds.append(PredEvent(p.type, Span(p.trigger.start, p.trigger.end + 1) if rnd.random() < 0.3 else p.trigger, args))
    preds += [PredEvent(p.type, p.trigger, (), modality="Other") for p in preds[:3]]  # repeated keys, other attributes
    first = run(repo, corpus, preds)
    assert {r["kind"] for r in first.errors} >= {"missed_trigger", "spurious_trigger", "missed_argument", "spurious_argument"}
    for _ in range(3):
        rnd.shuffle(preds)
        again = run(repo, corpus, preds)
        assert (again.errors, again.attributes, again.to_dict()) == (first.errors, first.attributes, first.to_dict())


def test_overlap_mode_accepts_a_partial_argument(repo, corpus, gold) -> None:
    by = gold.by_id()
    m = by["M21"]  # opposition figures
    preds = []
    for p in gold_events(gold, use_head=False):
        preds.append(PredEvent(p.type, p.trigger, tuple(PredArgument(a.role, m.span.start, m.span.start + 10) if (a.start, a.end) == (m.span.start, m.span.end) else a for a in p.arguments)))
    assert overall(run(repo, corpus, preds, arg_match="overlap"), "argument_classification").f1 == 1.0
    assert overall(run(repo, corpus, preds, arg_match="extent"), "argument_classification").fn == 1


def test_wrong_role(repo, corpus, gold) -> None:
    preds = []
    for p in gold_events(gold):
        if p.type == "Movement:Transport" and p.arguments and p.arguments[0].role == "Artifact":
            a = p.arguments[0]
            p = PredEvent(p.type, p.trigger, (PredArgument("Agent", a.start, a.end),) + p.arguments[1:])
        preds.append(p)
    result = run(repo, corpus, preds)
    assert overall(result, "argument_identification").f1 == 1.0
    kinds = [r["kind"] for r in result.errors]
    assert kinds and set(kinds) == {"wrong_role"}


def test_attribute_accuracy(repo, corpus, gold) -> None:
    preds = [PredEvent(p.type, p.trigger, p.arguments, modality="Asserted") for p in gold_events(gold)]
    result = run(repo, corpus, preds)
    asserted = sum(e.modality == "Asserted" for e in gold.events)
    assert result.attributes["modality"]["accuracy"] == pytest.approx(asserted / len(gold.events))
    assert result.attributes["tense"]["accuracy"] is None


def textee_reference(corpus, preds, view_roles):
    """TextEE's definitions computed naively on de-duplicated tuples (head spans)."""
    [(doc, gold)] = corpus
    by = gold.by_id()

    def head(ref):
        h = by[ref].head_or_span
        return h.start, h.end

    g_ti = {(e.trigger.start, e.trigger.end) for e in gold.events}
    g_tc = {(e.trigger.start, e.trigger.end, e.type) for e in gold.events}
    # TextEE keys arguments by window: the trigger's sentence
    w = lambda e: doc.sentence_of(e.trigger.start)  # noqa: E731
    g_ai = {(w(e), e.type, head(a.ref)) for e in gold.events for a in e.arguments if a.role in view_roles}
    g_ac = {(w(e), e.type, head(a.ref), a.role) for e in gold.events for a in e.arguments if a.role in view_roles}
    p_ti = {(e.trigger.start, e.trigger.end) for e in preds}
    p_tc = {(e.trigger.start, e.trigger.end, e.type) for e in preds}
    p_ai = {(w(e), e.type, (a.start, a.end)) for e in preds for a in e.arguments if a.role in view_roles}
    p_ac = {(w(e), e.type, (a.start, a.end), a.role) for e in preds for a in e.arguments if a.role in view_roles}
    return {name: (len(g & p), len(p - g), len(g - p)) for name, g, p in (
        ("trigger_identification", g_ti, p_ti), ("trigger_classification", g_tc, p_tc),
        ("argument_identification", g_ai, p_ai), ("argument_classification", g_ac, p_ac))}


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_independent_recomputation_on_perturbed_predictions(repo, corpus, gold, rnd: random.Random) -> None:
    doc = corpus[0][0]
    by = gold.by_id()
    heads = [(m.head_or_span.start, m.head_or_span.end) for m in by.values()]
    subtypes = ["Contact:Meet", "Movement:Transport", "Conflict:Attack"]
    roles = ["Entity", "Artifact", "Destination", "Place", "Agent"]
    preds = []
    for p in gold_events(gold):
        r = rnd.random()
        if r < 0.2:
            continue
        etype = rnd.choice(subtypes) if r < 0.3 else p.type
        args = [a for a in p.arguments if rnd.random() > 0.2]
        if rnd.random() < 0.4:
            s, e = rnd.choice(heads)
            args.append(PredArgument(rnd.choice(roles), s, e))
        preds.append(PredEvent(etype, p.trigger, tuple(args)))
        if rnd.random() < 0.1:
            preds.append(preds[-1])
    for _ in range(rnd.randint(0, 3)):
        t = rnd.choice(doc.tokens)
        preds.append(PredEvent(rnd.choice(subtypes), t, ()))
    roles_bench = set(repo.event_types["benchmark_roles"])
    ours = run(repo, corpus, preds)
    for name, (tp, fp, fn) in textee_reference(corpus, preds, roles_bench).items():
        c = overall(ours, name)
        assert (c.tp, c.fp, c.fn) == (tp, fp, fn), name


def test_views_come_from_one_command(repo, capsys, gold) -> None:
    import json

    from newsgold.cli import main

    views = {}
    for view in ("full", "benchmark"):
        assert main(["events", "--root", str(repo.root), "--view", view]) == 0
        [record] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        views[view] = record["events"]
    assert [e["trigger"] for e in views["full"]] == [e["trigger"] for e in views["benchmark"]]
    roles = lambda v: {a["role"] for e in views[v] for a in e["arguments"]}  # noqa: E731
    assert "Time-Within" in roles("full") and not any(r.startswith("Time-") for r in roles("benchmark"))
    assert roles("benchmark") <= set(repo.event_types["benchmark_roles"])
    assert "modality" in views["full"][0] and "modality" not in views["benchmark"][0]
    first = views["benchmark"][0]["arguments"][0]
    assert first["text"] == "one"  # the head of 'one of its top diplomats for Latin America'


def test_score_cli_scores_events_when_the_file_has_them(repo, tmp_path, capsys, gold) -> None:
    import json

    from newsgold.cli import main

    path = tmp_path / "events.jsonl"
    events = [{"type": p.type, "trigger": {"start": p.trigger.start, "end": p.trigger.end},
               "arguments": [{"role": a.role, "start": a.start, "end": a.end} for a in p.arguments]} for p in gold_events(gold)]
    path.write_text(json.dumps({"doc_id": gold.doc_id, "entities": [], "events": events}) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["config"]["layers"] == ["entities", "events"]
    assert report["config"]["events"]["arg_match"] == "head" and report["config"]["events"]["view"] == "benchmark"
    assert report["events"]["argument_classification"]["overall"]["f1"] == 1.0
    assert main(["score", "--root", str(repo.root), str(path), "--event-view", "full"]) == 0
    text = capsys.readouterr().out
    assert "[events: full view, arguments matched by head]" in text and "trigger_classification" in text
    # Breakdowns of the two headline metrics: triggers by subtype, arguments by role (Time-Within only in the full view).
    by_subtype = text.split("per type (trigger_classification):")[1].split("per type (argument_classification):")
    assert "Contact:Meet" in by_subtype[0] and "Time-Within" in by_subtype[1] and "Entity" in by_subtype[1]


def copies(corpus, n):
    """``n`` documents: the article under other ids, each with the same gold."""
    from dataclasses import replace

    doc, g = corpus[0]
    return [(replace(doc, doc_id=f"copy-{k}"), replace(g, doc_id=f"copy-{k}")) for k in range(n)]


def test_scoring_part_by_part_adds_up_to_one_run(repo, corpus, gold, monkeypatch) -> None:
    import newsgold.scoring.events as events

    rnd = random.Random(11)
    many = copies(corpus, 5)
    preds = []
    for doc, _ in many[:4]:  # the last document is not predicted at all
        evs = [PredEvent(rnd.choice(["Contact:Meet", p.type]), p.trigger, tuple(a for a in p.arguments if rnd.random() < 0.7), modality="Asserted")
               for p in gold_events(gold) if rnd.random() < 0.8]
        preds.append(DocPredictions(doc.doc_id, (), tuple(evs), frozenset({"events"})))
    rnd.shuffle(preds)

    def score():
        return score_events(gold=many, predictions=preds, event_types=repo.event_types, config=EventConfig(view="full"))

    whole = score()
    monkeypatch.setattr(events, "_PART", 1)
    parts = score()
    assert (parts.to_dict(), parts.attributes, parts.errors) == (whole.to_dict(), whole.attributes, whole.errors)
    assert overall(whole, "trigger_identification").fn >= len(gold.events)  # the unpredicted document's triggers are missed


def test_a_document_predicted_twice_is_refused(repo, corpus, gold, monkeypatch) -> None:
    import newsgold.scoring.events as events
    from newsgold.gold.errors import NewsgoldError

    monkeypatch.setattr(events, "_PART", 1)  # the two lie in different parts
    doc_id = corpus[0][0].doc_id
    twice = [DocPredictions(doc_id, (), tuple(gold_events(gold)), frozenset({"events"}))] * 2
    with pytest.raises(NewsgoldError) as err:
        score_events(gold=corpus, predictions=twice, event_types=repo.event_types)
    assert err.value.incidents[0].code == "NG603"


def test_collector_is_paused_over_scoring_and_restored(repo, corpus, gold, monkeypatch) -> None:
    import gc

    import newsgold.scoring.events
    from newsgold.gold.errors import NewsgoldError

    seen_by_iterator = []
    seen_by_work = []  # the collector's state while a part's keys are matched
    exact = newsgold.scoring.events._exact

    def watched(*args):
        seen_by_work.append(gc.isenabled())
        return exact(*args)

    monkeypatch.setattr(newsgold.scoring.events, "_exact", watched)

    def stream():  # an iterator that is not a plain list runs with the collector on
        seen_by_iterator.append(gc.isenabled())
        yield from as_predictions(corpus, gold_events(gold))

    whole = score_events(gold=corpus, predictions=stream(), event_types=repo.event_types)
    assert seen_by_iterator == [True] and gc.isenabled()
    assert seen_by_work and not any(seen_by_work)  # each part scored with the collector paused
    assert overall(whole, "argument_classification").f1 == 1.0
    with pytest.raises(NewsgoldError) as err:
        score_events(gold=corpus, predictions=as_predictions(corpus, []) * 2, event_types=repo.event_types)
    assert err.value.incidents[0].code == "NG603"
    assert gc.isenabled()  # switched back on after a failure too


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 2**40)] * 3, st.integers(0, 3), st.integers(0, 2**40)), min_size=1, max_size=30))
def test_packed_keys_are_equal_and_ordered_as_their_rows(rows) -> None:
    import numpy as np
    from newsgold.scoring.events import _pack

    keys = _pack(list(np.array(rows, np.int64).T)).tolist()  # five wide columns overflow 64 bits: renumbered on the way
    for a, ka in zip(rows, keys):
        for b, kb in zip(rows, keys):
            assert (ka == kb) == (a == b) and (ka < kb) == (a < b)
