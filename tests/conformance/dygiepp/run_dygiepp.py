"""Run DyGIE++'s own document reader, label making and EventMetrics from a checkout of
github.com/dwadden/dygiepp (``NEWSGOLD_DYGIEPP=/path/to/dygiepp``) on the inputs of
tests/test_dygiepp_reader.py and tests/test_dygiepp_metrics.py; and, as a script, record what
they give in reader-labels.json and event-metrics.json (README.md says how). No DyGIE++ code is
kept here: its files are read from the checkout at run time."""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FROZEN = ROOT / "tests" / "cases" / "frozen"
READER = HERE / "reader-labels.json"
METRICS = HERE / "event-metrics.json"
MAX_SPAN_WIDTH = 8  # DyGIE++'s training_config/template.libsonnet (max_span_width :: 8)
PROFILES = {"full": (), "ace05e": ("--profile", "ace05e")}
PREDICT_FILES = ("allennlp-predict.jsonl", "allennlp-predict-failed.jsonl")
COUNTERS = (
    "_gold_triggers",
    "_predicted_triggers",
    "_matched_trigger_ids",
    "_matched_trigger_classes",
    "_gold_arguments",
    "_predicted_arguments",
    "_matched_argument_ids",
    "_matched_argument_classes",
)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def export(*options: str) -> list[dict]:
    """``newsgold export --format dygiepp`` of the frozen gold: the documents DyGIE++ reads."""
    from newsgold.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        assert main(["export", "--root", str(FROZEN), "--format", "dygiepp", *options, "-o", tmp]) == 0
        lines = (Path(tmp) / "gold.dygiepp.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


def dygiepp(checkout: Path) -> SimpleNamespace:
    """DyGIE++'s ``Document`` (dygie/data/dataset_readers/document.py, with the two helpers it
    imports from dygie/models/shared.py, whose torch import is not needed by them), the
    label-making methods of ``DyGIEReader`` (dygie/data/dataset_readers/dygie.py) and
    ``EventMetrics`` (dygie/training/event_metrics.py, with dygie/training/f1.py; allennlp's
    ``Metric`` base class and ``overrides`` add nothing to what it computes)."""
    sys.path.insert(0, str(HERE.parent))
    from source import definitions, module

    dygie = Path(checkout) / "dygie"
    shared = definitions(dygie / "models" / "shared.py", ["fields_to_batches", "batches_to_fields"])
    document = module(dygie / "data" / "dataset_readers" / "document.py", vars(shared), without=("dygie",))
    f1 = module(dygie / "training" / "f1.py")
    metrics = module(
        dygie / "training" / "event_metrics.py",
        {"overrides": lambda method: method, "Metric": object, "compute_f1": f1["compute_f1"]},
        without=("overrides", "allennlp", "dygie"),
    )
    methods = ["_too_long", "_process_ner", "_process_events", "_normalize_word"]
    reader = definitions(dygie / "data" / "dataset_readers" / "dygie.py", [f"DyGIEReader.{m}" for m in methods])
    logic = type("ReaderLogic", (), {m: getattr(reader, f"DyGIEReader.{m}") for m in methods})
    return SimpleNamespace(Document=document["Document"], EventMetrics=metrics["EventMetrics"], ReaderLogic=logic)


def candidate_spans(n_tokens: int) -> list[tuple[int, int]]:
    """The spans ``DyGIEReader._process_sentence`` labels, as allennlp's ``enumerate_spans``
    lists them: every (first, last) token of the sentence, at most MAX_SPAN_WIDTH wide."""
    return [(a, b) for a in range(n_tokens) for b in range(a, min(a + MAX_SPAN_WIDTH, n_tokens))]


def labels(tool: SimpleNamespace, js: dict) -> dict:
    """What ``DyGIEReader.text_to_instance`` computes for one document line, by document token
    index: NER labels of candidate spans, trigger labels, argument labels; and whether it warns
    of a sentence under two tokens."""
    doc = tool.Document.from_json(js)
    logic = tool.ReaderLogic()
    logic._max_span_width = MAX_SPAN_WIDTH
    ner, triggers, arguments = [], [], []
    for sent in doc.sentences:
        spans = candidate_spans(len([logic._normalize_word(word) for word in sent.text]))
        at = sent.sentence_start
        ner += [[a + at, b + at, label] for (a, b), label in zip(spans, logic._process_ner(spans, sent)) if label]
        trigger_labels, roles, indices = logic._process_events(spans, sent)
        triggers += [[i + at, label] for i, label in enumerate(trigger_labels) if label]
        arguments += [[t + at, spans[k][0] + at, spans[k][1] + at, role] for (t, k), role in zip(indices, roles)]
    short = min(len(s) for s in doc.sentences) < 2
    return {"ner": sorted(ner), "triggers": sorted(triggers), "arguments": sorted(arguments), "short_sentence": short}


def read_predictions(tool: SimpleNamespace, js: dict) -> dict:
    """``Document.from_json`` on a predictor's output line: the predicted events it reads, or
    the exception it raises."""
    try:
        doc = tool.Document.from_json(js)
    except Exception as error:  # the outcome is the record
        return {"error": type(error).__name__}
    return {"predicted_events": sum(len(s.predicted_events) for s in doc.sentences)}


def event_metrics(tool: SimpleNamespace, doc: dict, predicted: list[list]) -> dict:
    """DyGIE++'s EventMetrics over the document, fed as its model feeds it: sentence by sentence,
    ``trigger_dict`` and ``argument_dict`` built as ``EventsBase.__init__`` builds them
    (sentence token indices; predicted values carry their scores)."""
    metric = tool.EventMetrics()
    start = 0
    for sentence, gold, pred in zip(doc["sentences"], doc["events"], predicted):

        def dicts(events: list, scored: bool, start: int = start) -> tuple[dict, dict]:
            triggers, arguments = {}, {}
            for (t, label, *score), *args in events:
                triggers[t - start] = (label, *score) if scored else label
                for a, b, role, *s in args:
                    arguments[t - start, (a - start, b - start)] = (role, *s) if scored else role
            return triggers, arguments

        g_tr, g_arg = dicts(gold, False)
        p_tr, p_arg = dicts(pred, True)
        gold_meta = SimpleNamespace(events=SimpleNamespace(trigger_dict=g_tr, argument_dict=g_arg))
        metric([{"trigger_dict": p_tr, "argument_dict": p_arg}], [gold_meta])
        start += len(sentence)
    return {"counters": {c: getattr(metric, c) for c in COUNTERS}, "metric": metric.get_metric()}


def run(checkout: Path, exports: dict[str, list[dict]], predict: Callable[[dict, str], list[list]]) -> dict[str, Any]:
    """Both recordings, from the tool in ``checkout``: ``reader`` (labels of every exported
    document, and the predictor files read back) and ``metrics`` (per case, the predictions
    ``predict(doc, case)`` on the ACE05-E document and EventMetrics' counts of them)."""
    tool = dygiepp(checkout)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reader = {
            "exports": exports,
            "labels": {p: [labels(tool, json.loads(json.dumps(js))) for js in docs] for p, docs in exports.items()},
        }
    reader["predict_files"] = {
        name: [read_predictions(tool, json.loads(line)) for line in lines(HERE / name)] for name in PREDICT_FILES
    }
    [doc] = exports["ace05e"]
    cases = {}
    for case in ["1", "2", "3", "4", "example"]:
        predicted = predict(doc, case)
        cases[case] = {"predicted_events": predicted, **event_metrics(tool, doc, predicted)}
    return json.loads(json.dumps({"reader": reader, "metrics": {"document": doc, "cases": cases}}))


def main(argv: list[str]) -> int:
    """``python tests/conformance/dygiepp/run_dygiepp.py /path/to/dygiepp`` (from the repository
    root, in its virtual environment) rewrites reader-labels.json and event-metrics.json."""
    sys.path.insert(0, str(ROOT))
    from tests.test_dygiepp_metrics import predictions_for

    recorded = run(Path(argv[0]), {p: export(*o) for p, o in PROFILES.items()}, predictions_for)
    READER.write_text(json.dumps(recorded["reader"], sort_keys=True) + "\n", encoding="utf-8")
    METRICS.write_text(json.dumps(recorded["metrics"], sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
