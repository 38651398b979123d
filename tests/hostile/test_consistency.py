"""Consistency checks (issue 30, item 7): inputs that used to be scored silently wrong.

Table-driven: (name, files to make {path: bytes}, commands run first, the command, expected code
or 0, files that must stay byte-identical). Paths are relative to the test's folder; the
documents are one's own (``gold.jsonl``, two short documents), so nothing depends on the live gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.readers.registry import read_predictions

TEXT_A = "The talks in Havana ended. the envoy left The city."
TEXT_B = "Cuba and the United States met in Havana."


def _gold(envoy_type: str) -> bytes:
    records = [
        {"doc_id": "a", "text": TEXT_A, "entities": [{"start": 13, "end": 19, "type": "GPE"},
                                                      {"start": 31, "end": 36, "type": envoy_type}]},
        {"doc_id": "b", "text": TEXT_B, "entities": [{"start": 0, "end": 4, "type": "GPE"},
                                                      {"start": 34, "end": 40, "type": "GPE"}]},
    ]
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def _line(record: dict) -> bytes:
    return json.dumps(record).encode() + b"\n"


def _docbin(text: str, doc_id: str | None, ents: list[tuple[int, int, str]]) -> bytes:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(s, e, label=t) for s, e, t in ents]
    if doc_id is not None:
        doc.user_data["doc_id"] = doc_id
    store = DocBin(store_user_data=True)
    store.add(doc)
    return store.to_bytes()


PRED_A = _line({"doc_id": "a", "entities": [{"start": 13, "end": 19, "type": "GPE"}]})
PRED_B = _line({"doc_id": "b", "entities": [{"start": 0, "end": 4, "type": "GPE"}]})
BIO_BACKWARDS = _line({"doc_id": "a", "tokens": ["Havana", "in"], "token_offsets": [[13, 19], [10, 12]],
                       "tags": ["B-GPE", "I-GPE"]})
BIO_IN_ORDER = _line({"doc_id": "a", "tokens": ["in", "Havana"], "token_offsets": [[10, 12], [13, 19]],
                      "tags": ["O", "B-GPE"]})
COUNTS = ["score", "pa.jsonl", "--gold", "gold.jsonl", "--counts-only", "-o", "ca.json"]

# (name, files {path: bytes or a maker}, commands run first, command, expected code or 0, files unchanged)
CASES = [
    ("a DocBin Doc whose text is not the corpus text", {"p.spacy": lambda: _docbin(" " + TEXT_A, "a", [(14, 20, "GPE")])},
     [], ["score", "p.spacy", "--gold", "gold.jsonl"], "NG608", ["p.spacy"]),
    ("a DocBin Doc of the corpus text", {"p.spacy": lambda: _docbin(TEXT_A, "a", [(13, 19, "GPE")])},
     [], ["score", "p.spacy", "--gold", "gold.jsonl"], 0, []),
    ("bio-jsonl token_offsets out of reading order", {"p.jsonl": BIO_BACKWARDS}, [],
     ["score", "p.jsonl", "--gold", "gold.jsonl", "--format", "bio-jsonl"], "NG301", ["p.jsonl"]),
    ("bio-jsonl token_offsets in reading order", {"p.jsonl": BIO_IN_ORDER}, [],
     ["score", "p.jsonl", "--gold", "gold.jsonl", "--format", "bio-jsonl"], 0, []),
    ("merge of shards scored against two golds", {"other.jsonl": _gold("ORG")},
     [COUNTS, ["score", "pb.jsonl", "--gold", "other.jsonl", "--counts-only", "-o", "cb.json"]],
     ["merge", "ca.json", "cb.json"], "NG622", ["ca.json", "cb.json"]),
    ("merge of shards scored against one gold", {},
     [COUNTS, ["score", "pb.jsonl", "--gold", "gold.jsonl", "--counts-only", "-o", "cb.json"]],
     ["merge", "ca.json", "cb.json"], 0, []),
]


def _argv(place: Path, command: list[str]) -> list[str]:
    return [str(place / a) if "." in a else a for a in command]


@pytest.mark.parametrize(("name", "make", "before", "command", "expected", "unchanged"), CASES, ids=[c[0] for c in CASES])
def test_an_inconsistent_input_is_a_coded_error(tmp_path: Path, capsys, name, make, before, command, expected,
                                                unchanged) -> None:
    files = {"gold.jsonl": _gold("PER"), "pa.jsonl": PRED_A, "pb.jsonl": PRED_B, **make}
    for rel, content in files.items():
        (tmp_path / rel).write_bytes(content() if callable(content) else content)
    for first in before:
        assert main(_argv(tmp_path, first)) == 0, capsys.readouterr().err
    kept = {rel: (tmp_path / rel).read_bytes() for rel in unchanged}
    capsys.readouterr()
    code = main(_argv(tmp_path, command))
    err = capsys.readouterr().err
    if expected:
        assert code == 2 and f"error {expected} " in err, err
        assert "Traceback" not in err and "NG010" not in err
    else:
        assert code == 0 and " error " not in err, err
    assert {rel: (tmp_path / rel).read_bytes() for rel in unchanged} == kept
    assert not list(tmp_path.rglob(".*.tmp"))


def test_an_exact_text_only_match_is_claimed_before_one_that_ignores_case(tmp_path: Path) -> None:
    """"THE" (ORG) occurs only ignoring case; the exact "the" (PER) keeps its occurrence, and
    "THE" labels the two "The" that "the" does not match exactly (README, text-only)."""
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(_gold("PER"))
    preds = tmp_path / "p.jsonl"
    preds.write_bytes(_line({"doc_id": "a", "entities": [{"text": "THE", "type": "ORG"}, {"text": "the", "type": "PER"}]}))
    read, _, _ = read_predictions(preds, load_corpus(gold).documents, fmt="text-only")
    assert [(e.start, e.end, e.type) for e in read[0].entities] == [(0, 3, "ORG"), (27, 30, "PER"), (42, 45, "ORG")]
    assert [TEXT_A[s:e] for s, e in ((0, 3), (27, 30), (42, 45))] == ["The", "the", "The"]

