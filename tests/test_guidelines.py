"""The guideline teaches rules, not the corpus' answers: its examples come from no corpus
document, and every section a gold note cites exists."""

from __future__ import annotations

import json
import re

from tests.conftest import ROOT

GUIDELINES = (ROOT / "annotations" / "GUIDELINES.md").read_text(encoding="utf-8")
EXAMPLES = set(re.findall(r"`([^`\n]+)`", GUIDELINES))


def _golds() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "annotations" / "gold").glob("*.json"))]


def test_no_name_of_the_gold_is_an_example() -> None:
    names = {e["text"] for gold in _golds() for e in gold["entities"] if e["level"] == "NAM"}
    assert names and EXAMPLES & names == set()


def test_no_phrase_of_a_document_is_an_example() -> None:
    """A phrase of three words or more that a corpus document holds would hand its annotation
    to the next annotator (single words and pairs such as `the government` are common stock)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    phrases = {x for x in EXAMPLES if len(x.split()) >= 3}
    assert phrases and [x for x in sorted(phrases) if any(x in t for t in texts)] == []


def test_every_section_a_gold_note_cites_exists() -> None:
    sections = set(re.findall(r"^(\d\.\d+) ", GUIDELINES, flags=re.MULTILINE))
    cited = {
        s
        for gold in _golds()
        for layer in ("entities", "mentions", "events")
        for item in gold[layer]
        for s in re.findall(r"\b(\d\.\d+)\b", item.get("note", ""))
    }
    assert cited and cited <= sections
