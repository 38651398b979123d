"""The files event-extraction tools write, read as they are (tests/conformance/, see the READMEs):
TextEE's save_predictions with and without data, its raw-text predictor, OneIE's predict.py,
DyGIE++'s predictor (a failed prediction included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.readers.jsonl import dump_jsonl
from newsgold.readers.records import DocPredictions
from newsgold.scoring.results import EVENT_METRICS

from tests.conftest import DOC_ID, FROZEN
from tests.test_event_formats import perturbed_events

CONFORMANCE = Path(__file__).parent / "conformance"
TOOL_FILES = {
    "textee/save-predictions.jsonl": "textee",
    "textee/save-predictions-with-data.jsonl": "textee",
    "textee/raw-text-predictor.jsonl": "textee",
    "oneie/predict-graph.json": "textee",
    "dygiepp/allennlp-predict.jsonl": "dygiepp",
}


def events_report(capsys, path: Path, *extra: str) -> dict:
    code = main(["score", "--root", str(FROZEN), str(path), "--json", "--no-errors", "--layers", "events", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def refused(capsys, path: Path) -> str:
    assert main(["score", "--root", str(FROZEN), str(path), "--layers", "events"]) != 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


@pytest.fixture(scope="module")
def canonical(tmp_path_factory) -> Path:
    """The events the conformance files were written from, in newsgold's own form."""
    [(doc, gold)] = load_corpus(FROZEN)
    path = tmp_path_factory.mktemp("canonical") / "events.jsonl"
    events = perturbed_events(doc, gold)
    path.write_text(dump_jsonl([DocPredictions(DOC_ID, (), tuple(events), frozenset({"events"}))], {DOC_ID: doc.text}), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(TOOL_FILES))
def test_each_tool_file_scores_as_the_events_it_was_written_from(capsys, canonical: Path, name: str) -> None:
    expected = events_report(capsys, canonical)["events"]
    report = events_report(capsys, CONFORMANCE / name)
    assert report["config"]["format"] == TOOL_FILES[name]
    f1 = [expected[m]["overall"]["f1"] for m in EVENT_METRICS]
    assert all(0 < x < 1 for x in f1), f1
    assert {m: report["events"][m] for m in EVENT_METRICS} == {m: expected[m] for m in EVENT_METRICS}


def test_save_predictions_without_data_has_no_text_and_is_placed_by_its_tokens() -> None:
    lines = [json.loads(x) for x in (CONFORMANCE / "textee/save-predictions.jsonl").read_text().splitlines()]
    assert all("text" not in r and r["tokens"] for r in lines)


def _rewrite(tmp_path: Path, name: str, change) -> Path:
    lines = [json.loads(x) for x in (CONFORMANCE / name).read_text().splitlines()]
    for r in lines:
        change(r)
    path = tmp_path / Path(name).name
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    return path


def test_a_raw_text_line_without_its_text_is_refused_with_what_to_do(tmp_path: Path, capsys) -> None:
    err = refused(capsys, _rewrite(tmp_path, "textee/raw-text-predictor.jsonl", lambda r: r.pop("text")))
    assert "NG602" in err and "DOC_000000" in err and "save_predictions(path, predictions, data, offset_map)" in err


def test_a_raw_text_line_found_in_no_document_is_refused(tmp_path: Path, capsys) -> None:
    def other(r: dict) -> None:
        r["text"] = "Nothing of the kind was said anywhere."

    err = refused(capsys, _rewrite(tmp_path, "textee/raw-text-predictor.jsonl", other))
    assert "NG602" in err and "in no document" in err and "one corpus document a line" in err


def test_an_unknown_doc_id_that_is_no_raw_text_number_stays_an_unknown_doc_id(tmp_path: Path, capsys) -> None:
    def rename(r: dict) -> None:
        r["doc_id"] = "DOC_1"

    err = refused(capsys, _rewrite(tmp_path, "textee/raw-text-predictor.jsonl", rename))
    assert "NG602" in err and "unknown doc_id 'DOC_1'" in err


def test_a_oneie_role_joining_no_entity_is_a_coded_error(tmp_path: Path, capsys) -> None:
    def broken(r: dict) -> None:
        for role in r["graph"]["roles"]:
            role[1] = 99

    err = refused(capsys, _rewrite(tmp_path, "oneie/predict-graph.json", broken))
    assert "NG405" in err and "/graph/roles/0" in err


def test_oneie_graph_entities_are_entity_predictions(capsys) -> None:
    report = events_report(capsys, CONFORMANCE / "oneie/predict-graph.json", "--layers", "entities,events")
    assert report["entities"]["strict"]["overall"]["tp"] + report["entities"]["strict"]["overall"]["fp"] > 0


def test_dygiepp_s_failed_prediction_is_warned_and_predicts_nothing(capsys) -> None:
    report = events_report(capsys, CONFORMANCE / "dygiepp/allennlp-predict-failed.jsonl")
    [warning] = [w for w in report["warnings"] if w["code"] == "NG640"]
    assert warning["line"] == 1 and "wrote its input back" in warning["message"]
    assert all(report["events"][m]["overall"]["tp"] == 0 and report["events"][m]["overall"]["fp"] == 0 for m in EVENT_METRICS)
