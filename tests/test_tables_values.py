"""Values made a column at a time are the values the constructor makes."""

from __future__ import annotations

import json

import pytest

from newsgold.gold.jsonl_gold import load_gold_jsonl
from newsgold.gold.model import Document
from newsgold.gold.spans import Span
from newsgold.tables.values import made


def test_made_equals_the_constructor() -> None:
    spans = made(Span, 3, {"start": [0, 4, 9], "end": [3, 8, 12]})
    assert spans == [Span(0, 3), Span(4, 8), Span(9, 12)]


def test_every_slot_needs_a_column() -> None:
    with pytest.raises(AssertionError):
        made(Span, 1, {"start": [0]})


def test_gold_documents_match_the_constructor(tmp_path) -> None:
    records = [
        {"doc_id": "a", "text": "Obama met Castro.", "entities": [{"start": 0, "end": 5, "type": "PER"}]},
        {"doc_id": "b", "text": "", "entities": []},
        {"doc_id": "c", "text": "One. Two.", "sentences": [{"start": 0, "end": 4}, {"start": 5, "end": 9}], "entities": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    docs = {d.doc_id: d for d, _ in load_gold_jsonl(path).pairs}
    assert docs["a"] == Document("a", "Obama met Castro.", (Span(0, 17),), (("all", Span(0, 17)),), {"doc_id": "a"})
    assert docs["b"] == Document("b", "", (), (), {"doc_id": "b"})
    assert docs["c"].sentences == (Span(0, 4), Span(5, 9))
    assert docs["c"].meta == {"doc_id": "c"}
    assert docs["a"]._derived is not docs["c"]._derived  # each its own cache
    assert [d.tokens[0] for d in (docs["a"], docs["c"])] == [Span(0, 5), Span(0, 3)]
