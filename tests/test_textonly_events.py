"""Text-only (LLM) events: quoted arguments match the mention whose extent or head they quote, and
an event without arguments is placed once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.model import Document
from newsgold.gold.sources import load_corpus
from newsgold.gold.spans import Span
from newsgold.readers.textonly import align_text_events
from newsgold.scoring.results import EVENT_METRICS

from tests.conftest import FROZEN


@pytest.mark.parametrize("quote", ["extent", "head"])
def test_a_perfect_quoting_model_scores_100(tmp_path: Path, capsys, quote: str) -> None:
    [(doc, gold)] = load_corpus(FROZEN)
    by = gold.by_id()

    def text(ref: str) -> str:
        m = by[ref]
        span = m.span if quote == "extent" else m.head_or_span
        return doc.text[span.start : span.end]

    events = [{"type": e.type, "trigger": e.trigger_text, "arguments": [{"role": a.role, "text": text(a.ref)} for a in e.arguments]}
              for e in gold.events]
    assert quote == "head" or any(text(a.ref) != doc.text[by[a.ref].head_or_span.start : by[a.ref].head_or_span.end] for e in gold.events for a in e.arguments)
    path = tmp_path / "llm.jsonl"
    path.write_text(json.dumps({"doc_id": doc.doc_id, "events": events}) + "\n", encoding="utf-8")
    for view in ("benchmark", "full"):
        assert main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", "--no-errors", "--event-view", view]) == 0
        report = json.loads(capsys.readouterr().out)
        assert report["config"]["format"] == "text-only" and report["config"]["events"]["arg_match"] == "quote"
        assert {m: report["events"][m]["overall"]["f1"] for m in EVENT_METRICS} == dict.fromkeys(EVENT_METRICS, 1.0), view


def test_an_event_without_arguments_is_placed_once() -> None:
    doc = Document("d", "They met. They met again. Then they met.", (Span(0, 9), Span(10, 25), Span(26, 40)), (), {})
    once, _ = align_text_events([{"type": "Contact:Meet", "trigger": "met"}], doc)
    assert [(e.trigger.start, e.arguments) for e in once] == [(5, ())]
    twice, _ = align_text_events([{"type": "Contact:Meet", "trigger": "met"}] * 2, doc)
    assert [e.trigger.start for e in twice] == [5, 15]
    with_args, _ = align_text_events(
        [{"type": "Contact:Meet", "trigger": "met"},
         {"type": "Contact:Meet", "trigger": "met", "arguments": [{"role": "Entity", "text": "again"}]}], doc)
    assert sorted(e.trigger.start for e in with_args) == [5, 15]  # the one with arguments first, in its sentence


def test_compare_scores_text_only_arguments_as_quotes_too(tmp_path: Path, capsys) -> None:
    [(doc, gold)] = load_corpus(FROZEN)
    by = gold.by_id()
    events = [{"type": e.type, "trigger": e.trigger_text, "arguments": [{"role": a.role, "text": by[a.ref].text} for a in e.arguments]}
              for e in gold.events]
    path = tmp_path / "llm.jsonl"
    path.write_text(json.dumps({"doc_id": doc.doc_id, "events": events}) + "\n", encoding="utf-8")
    assert main(["compare", "--root", str(FROZEN), str(path), str(path), "--metric", "argument_classification", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["f1_a"] == result["f1_b"] == 1.0
