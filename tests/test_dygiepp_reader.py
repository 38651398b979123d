"""DyGIE++'s own reading of its document JSON Lines (``Document.from_json`` and the
``DyGIEReader`` methods that turn a document into labels) on ``newsgold export --format
dygiepp``: every document reads, no sentence is too short for its model, and the labels DyGIE++
trains on are the exported gold, none dropped. What DyGIE++ computed on these exports is
recorded in tests/conformance/dygiepp/reader-labels.json, and re-made live from a DyGIE++
checkout when ``NEWSGOLD_DYGIEPP`` names one (tests/conformance/dygiepp/README.md).

The rest of ``DyGIEReader`` wraps these labels in allennlp fields (it needs allennlp and torch,
which this suite does not install)."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

from tests.conformance.dygiepp import run_dygiepp
from tests.test_dygiepp_metrics import predictions_for


@functools.cache
def recorded() -> dict:
    return json.loads(run_dygiepp.READER.read_text(encoding="utf-8"))


def test_the_recorded_reading_is_of_todays_exports() -> None:
    for profile, options in run_dygiepp.PROFILES.items():
        assert run_dygiepp.export(*options) == recorded()["exports"][profile], f"{profile}: regenerate reader-labels.json"


@pytest.mark.parametrize("profile", ["full", "ace05e"])
def test_dygiepps_reader_reads_the_export_and_trains_on_all_of_it(profile: str) -> None:
    docs, read = recorded()["exports"][profile], recorded()["labels"][profile]
    assert docs and len(read) == len(docs)
    for js, labels in zip(docs, read):
        assert labels["short_sentence"] is False  # text_to_instance would warn
        exported_ner = sorted([a, b, label] for sentence in js["ner"] for a, b, label in sentence)
        exported_triggers = sorted([e[0][0], e[0][1]] for sentence in js["events"] for e in sentence)
        exported_args = sorted([e[0][0], a, b, role] for sentence in js["events"] for e in sentence for a, b, role in e[1:])
        assert exported_ner and exported_triggers and exported_args
        assert labels["ner"] == exported_ner
        assert labels["triggers"] == exported_triggers
        assert labels["arguments"] == exported_args


def test_dygiepps_reader_reads_allennlp_predict_output() -> None:
    """The conformance file written in the shape of DyGIE++'s predictor reads back through its own
    Document, predicted events and all (a check of the file, not of newsgold). A failed prediction
    does not: DyGIE++'s Document takes its ``_FAILED_PREDICTION`` flag for a per-sentence field,
    which is why newsgold recognises the flag itself (NG640)."""
    folder = run_dygiepp.HERE
    read = recorded()["predict_files"]
    [js] = [json.loads(line) for line in (folder / "allennlp-predict.jsonl").read_text(encoding="utf-8").splitlines()]
    assert read["allennlp-predict.jsonl"] == [{"predicted_events": sum(map(len, js["predicted_events"]))}]
    assert read["allennlp-predict.jsonl"][0]["predicted_events"] > 0
    [failed] = [json.loads(line) for line in (folder / "allennlp-predict-failed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert failed["_FAILED_PREDICTION"] is True
    assert read["allennlp-predict-failed.jsonl"] == [{"error": "TypeError"}]


LIVE = os.environ.get("NEWSGOLD_DYGIEPP")


@pytest.mark.skipif(not LIVE, reason="NEWSGOLD_DYGIEPP names no DyGIE++ checkout to run")
def test_the_recorded_labels_are_what_dygiepps_reader_computes() -> None:
    exports = {p: run_dygiepp.export(*o) for p, o in run_dygiepp.PROFILES.items()}
    assert run_dygiepp.run(Path(LIVE), exports, predictions_for)["reader"] == recorded()
