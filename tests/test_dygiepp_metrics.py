"""``--event-metrics dygiepp`` equals DyGIE++'s EventMetrics on DyGIE++ files (its counts on these
predictions are recorded in tests/conformance/dygiepp/event-metrics.json, and re-made live from a
DyGIE++ checkout when ``NEWSGOLD_DYGIEPP`` names one); failed predictions are warned."""

from __future__ import annotations

import functools
import json
import os
import random
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conformance.dygiepp import run_dygiepp
from tests.conftest import FROZEN

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


def example(doc: dict) -> list[list]:
    """The metric card's example: the gold Meet 'talks' with Cuba as Entity; the model gives the
    trigger twice and a second Meet trigger in the sentence, each with Cuba as Entity."""
    (t, label), *args = doc["events"][0][0]
    cuba = next(a for a in args if a[2] == "Entity")
    other = t + 2
    pred: list[list] = [[] for _ in doc["sentences"]]
    pred[0] = [[[t, label, 1, 1], [*cuba, 1, 1]], [[other, label, 1, 1], [*cuba, 1, 1]]]
    return pred


def predictions_for(doc: dict, case: str) -> list[list]:
    """The ``predicted_events`` of a recorded case: a seeded perturbation, or the example."""
    return example(doc) if case == "example" else predicted(doc, int(case))


@functools.cache
def recorded() -> dict:
    """DyGIE++'s EventMetrics recorded: the ACE05-E document and, per case, the predictions and
    its counters and scores."""
    return json.loads(run_dygiepp.METRICS.read_text(encoding="utf-8"))


def score(tmp_path: Path, capsys, record: dict, *extra: str) -> dict:
    path = tmp_path / "predictions.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code = main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", "--no-errors", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_the_recorded_run_is_on_todays_export_and_seeded_predictions(tmp_path: Path, capsys) -> None:
    doc = exported(tmp_path, capsys)
    assert doc == recorded()["document"], "the export changed: regenerate event-metrics.json"
    assert sorted(recorded()["cases"]) == ["1", "2", "3", "4", "example"]
    for case, run in recorded()["cases"].items():
        assert json.loads(json.dumps(predictions_for(doc, case))) == run["predicted_events"], case


def record(case: dict) -> dict:
    doc = recorded()["document"]
    return {"doc_key": doc["doc_key"], "dataset": "ace-event", "sentences": doc["sentences"], "predicted_events": case["predicted_events"]}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_dygiepp_view_equals_dygiepps_event_metrics(tmp_path: Path, capsys, seed: int) -> None:
    case = recorded()["cases"][str(seed)]
    theirs = case["counters"]
    report = score(tmp_path, capsys, record(case), "--event-metrics", "dygiepp")
    assert report["config"]["events"]["definition"] == "dygiepp"
    assert set(report["events"]) >= set(COUNTERS) and "argument_identification_attached" not in report["events"]
    got = {m: report["events"][m]["overall"] for m in COUNTERS}
    for metric, (matched, predicted_n, gold_n) in COUNTERS.items():
        o = got[metric]
        assert (o["tp"], o["tp"] + o["fp"], o["tp"] + o["fn"]) == tuple(theirs[c] for c in (matched, predicted_n, gold_n)), metric
    ref = case["metric"]
    assert got["argument_classification"]["f1"] == pytest.approx(ref["arg_class_f1"])
    assert got["trigger_classification"]["f1"] == pytest.approx(ref["trig_class_f1"])
    default_report = score(tmp_path, capsys, record(case))
    default = default_report["events"]
    assert default["argument_identification"]["overall"] != got["argument_identification"], "the example shows no difference"
    # The default de-duplicates and says so; DyGIE++'s definition counts the duplicates, so no warning.
    assert [w for w in default_report["warnings"] if w["code"] == "NG605"]
    assert not [w for w in report["warnings"] if w["code"] == "NG605"]


def test_the_dygiepp_definition_documented_example(tmp_path: Path, capsys) -> None:
    """The metric card's example (``example``): DyGIE++ counts Cuba twice, the default once."""
    case = recorded()["cases"]["example"]
    theirs = case["counters"]
    ours = score(tmp_path, capsys, record(case), "--event-metrics", "dygiepp")["events"]["argument_classification"]["overall"]
    default = score(tmp_path, capsys, record(case))["events"]["argument_classification"]["overall"]
    assert (ours["tp"], ours["fp"]) == (theirs["_matched_argument_classes"], 0) == (2, 0)
    assert (default["tp"], default["fp"]) == (1, 0)  # TextEE's: one de-duplicated key, matched once


LIVE = os.environ.get("NEWSGOLD_DYGIEPP")


@pytest.mark.skipif(not LIVE, reason="NEWSGOLD_DYGIEPP names no DyGIE++ checkout to run")
def test_the_recorded_counts_are_what_dygiepps_event_metrics_computes() -> None:
    exports = {p: run_dygiepp.export(*o) for p, o in run_dygiepp.PROFILES.items()}
    assert run_dygiepp.run(Path(LIVE), exports, predictions_for)["metrics"] == recorded()


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
