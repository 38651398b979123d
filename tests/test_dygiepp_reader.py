"""DyGIE++'s own reading of its document JSON Lines (tests/conformance/dygiepp/dygie_reader.py:
``Document.from_json`` and the ``DyGIEReader`` methods that turn a document into labels,
verbatim) on ``newsgold export --format dygiepp``: every document reads, no sentence is too
short for its model, and the labels DyGIE++ trains on are the exported gold, none dropped.

The rest of ``DyGIEReader`` wraps these labels in allennlp fields (it needs allennlp and torch,
which this suite does not install)."""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import FROZEN

sys.path.insert(0, str(Path(__file__).parent / "conformance" / "dygiepp"))
import dygie_reader  # noqa: E402

MAX_SPAN_WIDTH = 8  # DyGIE++'s training_config/template.libsonnet (max_span_width :: 8)


def read_as_dygiepp(js: dict) -> tuple[dict, dict, dict]:
    """What ``DyGIEReader.text_to_instance`` computes for one document line, by document token
    index: the NER labels of candidate spans, the trigger labels, the argument labels."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # text_to_instance warns of a sentence under two tokens
        doc = dygie_reader.Document.from_json(js)
        if min(len(s) for s in doc.sentences) < 2:
            warnings.warn(f"Document {doc.doc_key} has a sentence with a single token or no tokens.")
    logic = dygie_reader.ReaderLogic(MAX_SPAN_WIDTH)
    ner: dict = {}
    triggers: dict = {}
    arguments: dict = {}
    for sent in doc.sentences:
        text = [logic._normalize_word(word) for word in sent.text]
        spans = dygie_reader.enumerate_spans(text, max_span_width=MAX_SPAN_WIDTH)  # _process_sentence
        at = sent.sentence_start
        for span, label in zip(spans, logic._process_ner(spans, sent)):
            if label:
                ner[(span[0] + at, span[1] + at)] = label
        trigger_labels, roles, indices = logic._process_events(spans, sent)
        triggers |= {i + at: label for i, label in enumerate(trigger_labels) if label}
        for (trigger, span_ix), role in zip(indices, roles):
            first, last = spans[span_ix]
            arguments[(trigger + at, first + at, last + at)] = role
    return ner, triggers, arguments


def export(tmp_path: Path, capsys, *options: str) -> list[dict]:
    out = tmp_path / "export"
    assert main(["export", "--root", str(FROZEN), "--format", "dygiepp", *options, "-o", str(out)]) == 0
    capsys.readouterr()
    return [json.loads(line) for line in (out / "gold.dygiepp.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("options", [(), ("--profile", "ace05e")], ids=["full", "ace05e"])
def test_dygiepps_reader_reads_the_export_and_trains_on_all_of_it(tmp_path: Path, capsys, options) -> None:
    docs = export(tmp_path, capsys, *options)
    assert docs
    for js in docs:
        ner, triggers, arguments = read_as_dygiepp(js)
        exported_ner = {(a, b): label for sentence in js["ner"] for a, b, label in sentence}
        exported_triggers = {e[0][0]: e[0][1] for sentence in js["events"] for e in sentence}
        exported_args = {(e[0][0], a, b): role for sentence in js["events"] for e in sentence for a, b, role in e[1:]}
        assert exported_ner and exported_triggers and exported_args
        assert ner == exported_ner
        assert triggers == exported_triggers
        assert arguments == exported_args


def test_dygiepps_reader_reads_allennlp_predict_output() -> None:
    """The conformance file written in the shape of DyGIE++'s predictor reads back through its own
    Document, predicted events and all (a check of the file, not of newsgold). A failed prediction
    does not: DyGIE++'s Document takes its ``_FAILED_PREDICTION`` flag for a per-sentence field,
    which is why newsgold recognises the flag itself (NG640)."""
    folder = Path(__file__).parent / "conformance" / "dygiepp"
    [js] = [json.loads(line) for line in (folder / "allennlp-predict.jsonl").read_text(encoding="utf-8").splitlines()]
    doc = dygie_reader.Document.from_json(js)
    predicted = [e for s in doc.sentences for e in s.predicted_events]
    assert predicted and len(predicted) == sum(map(len, js["predicted_events"]))
    [failed] = [json.loads(line) for line in (folder / "allennlp-predict-failed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert failed["_FAILED_PREDICTION"] is True
    with pytest.raises(TypeError):
        dygie_reader.Document.from_json(failed)
