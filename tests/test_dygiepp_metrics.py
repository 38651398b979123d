"""``--event-metrics dygiepp`` equals DyGIE++'s EventMetrics (a verbatim, test-only copy:
tests/conformance/dygiepp/event_metrics.py) on DyGIE++ files; failed predictions are warned."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from newsgold.cli import main

from tests.conftest import FROZEN

sys.path.insert(0, str(Path(__file__).parent / "conformance" / "dygiepp"))
import event_metrics  # noqa: E402

COUNTERS = {  # newsgold metric: DyGIE++'s (matched, predicted, gold) counters
    "trigger_identification": ("_matched_trigger_ids", "_predicted_triggers", "_gold_triggers"),
    "trigger_classification": ("_matched_trigger_classes", "_predicted_triggers", "_gold_triggers"),
    "argument_identification": ("_matched_argument_ids", "_predicted_arguments", "_gold_arguments"),
    "argument_classification": ("_matched_argument_classes", "_predicted_arguments", "_gold_arguments"),
}


def exported(tmp_path: Path, capsys) -> dict:
    out = tmp_path / "export"
    assert main(["export", "--root", str(FROZEN), "--format", "dygiepp", "--profile", "ace05e", "-o", str(out)]) == 0
    capsys.readouterr()
    [line] = (out / "gold.dygiepp.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(line)


def predicted(doc: dict, seed: int) -> list[list]:
    """A model's ``predicted_events``: the gold perturbed, with what separates DyGIE++'s counting
    from TextEE's: a trigger given twice with one argument each time, a second trigger of the same
    type sharing an argument, an argument in another sentence, retyped and moved triggers."""
    rnd = random.Random(seed)
    starts = [sum(map(len, doc["sentences"][:i])) for i in range(len(doc["sentences"]))]
    out = []
    for i, events in enumerate(doc["events"]):
        mine = []
        for (t, label), *args in events:
            if rnd.random() < 0.15:
                continue
            if rnd.random() < 0.15:
                label = rnd.choice(["Contact.Phone-Write", "Conflict.Attack"])
            if rnd.random() < 0.1:
                t = min(t + 1, starts[i] + len(doc["sentences"][i]) - 1)
            kept = [[a, b, rnd.choice(["Place", "Entity", role]), 1.2, 0.7] for a, b, role in args if rnd.random() > 0.15]
            if rnd.random() < 0.3 and i + 1 < len(starts):  # an argument in the next sentence
                kept.append([starts[i + 1], starts[i + 1], "Entity", 1.0, 0.6])
            mine.append([[t, label, 2.0, 0.9], *kept])
            if kept and rnd.random() < 0.3:  # the same trigger again, its first argument only
                mine.append([[t, label, 2.0, 0.9], kept[0]])
            if kept and rnd.random() < 0.3:  # another trigger of the type, sharing an argument
                other = starts[i] + rnd.randrange(len(doc["sentences"][i]))
                mine.append([[other, label, 1.0, 0.5], kept[0]])
        out.append(mine)
    return out


def dygiepp_counts(doc: dict, pred_events: list[list]) -> event_metrics.EventMetrics:
    """DyGIE++'s EventMetrics over the document, sentence by sentence, fed as its model feeds
    it: trigger_dict and argument_dict built as dygie/data/dataset_readers/document.py
    EventsBase does (sentence token indices; predictions carry their scores)."""
    metric = event_metrics.EventMetrics()
    start = 0
    for sentence, gold, pred in zip(doc["sentences"], doc["events"], pred_events):
        def dicts(events: list, scored: bool) -> tuple[dict, dict]:
            triggers, arguments = {}, {}
            for (t, label, *score), *args in events:
                triggers[t - start] = (label, *score) if scored else label
                for a, b, role, *s in args:
                    arguments[t - start, (a - start, b - start)] = (role, *s) if scored else role
            return triggers, arguments

        g_tr, g_arg = dicts(gold, False)
        p_tr, p_arg = dicts(pred, True)
        metric([{"trigger_dict": p_tr, "argument_dict": p_arg}], [SimpleNamespace(events=SimpleNamespace(trigger_dict=g_tr, argument_dict=g_arg))])
        start += len(sentence)
    return metric


def score(tmp_path: Path, capsys, record: dict, *extra: str) -> dict:
    path = tmp_path / "predictions.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code = main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", "--no-errors", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_dygiepp_view_equals_dygiepps_event_metrics(tmp_path: Path, capsys, seed: int) -> None:
    doc = exported(tmp_path, capsys)
    pred = predicted(doc, seed)
    theirs = dygiepp_counts(doc, pred)
    record = {"doc_key": doc["doc_key"], "dataset": "ace-event", "sentences": doc["sentences"], "predicted_events": pred}
    report = score(tmp_path, capsys, record, "--event-metrics", "dygiepp")
    assert report["config"]["events"]["definition"] == "dygiepp"
    assert set(report["events"]) >= set(COUNTERS) and "argument_identification_attached" not in report["events"]
    got = {m: report["events"][m]["overall"] for m in COUNTERS}
    for metric, (matched, predicted_n, gold_n) in COUNTERS.items():
        o = got[metric]
        assert (o["tp"], o["tp"] + o["fp"], o["tp"] + o["fn"]) == tuple(getattr(theirs, c) for c in (matched, predicted_n, gold_n)), metric
    ref = theirs.get_metric()
    assert got["argument_classification"]["f1"] == pytest.approx(ref["arg_class_f1"])
    assert got["trigger_classification"]["f1"] == pytest.approx(ref["trig_class_f1"])
    default_report = score(tmp_path, capsys, record)
    default = default_report["events"]
    assert default["argument_identification"]["overall"] != got["argument_identification"], "the example shows no difference"
    # The default de-duplicates and says so; DyGIE++'s definition counts the duplicates, so no warning.
    assert [w for w in default_report["warnings"] if w["code"] == "NG605"]
    assert not [w for w in report["warnings"] if w["code"] == "NG605"]


def test_the_dygiepp_definition_documented_example(tmp_path: Path, capsys) -> None:
    """The metric card's example: the gold Meet 'talks' with Cuba as Entity; the model gives the
    trigger twice and a second Meet trigger in the sentence, each with Cuba as Entity."""
    doc = exported(tmp_path, capsys)
    (t, label), *args = doc["events"][0][0]
    cuba = next(a for a in args if a[2] == "Entity")
    other = t + 2
    pred = [[] for _ in doc["sentences"]]
    pred[0] = [[[t, label, 1, 1], [*cuba, 1, 1]], [[other, label, 1, 1], [*cuba, 1, 1]]]
    record = {"doc_key": doc["doc_key"], "dataset": "ace-event", "sentences": doc["sentences"], "predicted_events": pred}
    theirs = dygiepp_counts(doc, pred)
    ours = score(tmp_path, capsys, record, "--event-metrics", "dygiepp")["events"]["argument_classification"]["overall"]
    default = score(tmp_path, capsys, record)["events"]["argument_classification"]["overall"]
    assert (ours["tp"], ours["fp"]) == (theirs._matched_argument_classes, 0) == (2, 0)
    assert (default["tp"], default["fp"]) == (1, 0)  # TextEE's: one de-duplicated key, matched once


def test_a_failed_prediction_is_warned_and_scores_as_empty(tmp_path: Path, capsys) -> None:
    doc = exported(tmp_path, capsys)
    failed = {**doc, "_FAILED_PREDICTION": True}  # dygie/predictors/dygie.py: metadata.to_json() and the flag
    path = tmp_path / "failed.jsonl"
    path.write_text(json.dumps(failed) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", "--no-errors"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["events"]["trigger_classification"]["overall"]["tp"] == 0
    assert report["events"]["trigger_classification"]["overall"]["fn"] > 0
    assert any(w["code"] == "NG640" for w in report["warnings"]), report["warnings"]


def test_dygiepps_counts_get_no_interval_of_other_counts(tmp_path: Path, capsys) -> None:
    # its counts are not booked by unit: an interval drawn from the default definition's counts
    # would belong to other numbers than those shown
    doc = exported(tmp_path, capsys)
    record = {"doc_key": doc["doc_key"], "dataset": "ace-event", "sentences": doc["sentences"],
              "predicted_events": predicted(doc, 1)}
    path = tmp_path / "predictions.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    for extra, drawn in ((["--event-metrics", "dygiepp"], False), ([], True)):
        assert main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", *extra]) == 0
        report = json.loads(capsys.readouterr().out)
        assert "intervals" in report
        blocks = report["events"].values()
        assert all((b["f1_interval"] is not None) == drawn for b in blocks if b["overall"]["f1"] is not None), extra
        assert any("f1_interval" in row for b in blocks for row in b["per_type"].values()) == drawn, extra
