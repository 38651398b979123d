"""A value echoed into an incident is cut to a bounded length, wherever the incident goes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsgold.gold.errors import MAX_SHOWN, incident, shown


def test_every_text_field_of_an_incident_is_cut() -> None:
    huge = "L" * 5_000_000
    i = incident("NG604", huge, message=f"label {huge!r}", hint=huge, pointer="/" + huge)
    for value in (i.file, i.message, i.hint, i.pointer):
        assert value is not None and len(value) <= MAX_SHOWN and "chars, cut]" in value
    assert len(i.render()) < 5 * MAX_SHOWN
    assert len(json.dumps(i.to_dict())) < 5 * MAX_SHOWN


def test_short_values_are_shown_whole() -> None:
    assert shown("GPE") == "GPE"
    assert incident("NG604", "p.jsonl", message="label 'X'").message == "label 'X'"


def test_a_huge_label_is_not_echoed_whole_in_warnings(tmp_path: Path) -> None:
    text = "Cuba and Havana."
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps({"doc_id": "d", "text": text, "sentences": [{"start": 0, "end": len(text)}],
                                "entities": [{"start": 0, "end": 4, "type": "GPE"}]}) + "\n", encoding="utf-8")
    pred.write_text(json.dumps({"doc_id": "d", "entities": [{"start": 0, "end": 4, "type": "L" * 1_000_000}]}) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "newsgold", "score", str(pred), "--gold", str(gold)],
                         capture_output=True, text=True)
    assert "NG604" in run.stderr
    assert len(run.stderr) < 10 * MAX_SHOWN
