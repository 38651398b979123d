"""Canonical predictions read a block of lines whole (``readers.jsonl.predictions_block``) by the same rules
as one line at a time: the same predictions, errors and warnings, in the same order, for any
mix of good and bad lines, and the same stop at the error cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsgold
from newsgold.gold.errors import NewsgoldError
from newsgold.readers import jsonl
from newsgold.readers.jsonl import JsonlFile, read_jsonl

SAMPLES = ("Ana met Pedro in Lima", "Señor Peña llegó a Cuba", "x", "Rome is far")
TEXTS = {f"d{i}": SAMPLES[i % 4] for i in range(64)}

SPANS = st.fixed_dictionaries(
    {"start": st.integers(-1, 24), "end": st.integers(-1, 25), "type": st.sampled_from(["PER", "LOC", ""])},
    optional={
        "text": st.sampled_from(["Ana", "Peña", "x", "Rome", "Lima"]),
        "score": st.sampled_from([0.5, 1, "high", True]),
        "value": st.sampled_from(["2024", 7]),
    },
)


@st.composite
def good(draw) -> dict:
    """A line of the usual shape: spans inside the text, a given text equal to its slice."""
    doc_id = draw(st.sampled_from(list(TEXTS)))
    text = TEXTS[doc_id]
    entities = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        entity = {"start": start, "end": draw(st.integers(start + 1, len(text))), "type": "PER"}
        if draw(st.booleans()):
            entity["text"] = text[entity["start"] : entity["end"]]
        if draw(st.booleans()):
            entity["score"] = draw(st.sampled_from([0.25, 1]))
        entities.append(entity)
    return {"doc_id": doc_id, "entities": entities} if entities or draw(st.booleans()) else {"doc_id": doc_id}


BAD = st.one_of(
    st.fixed_dictionaries(
        {"doc_id": st.sampled_from([*TEXTS, "nope", 3])},
        optional={"entities": st.one_of(st.lists(SPANS, max_size=4), st.none(), st.just({}))},
    ),
    good().filter(lambda r: r.get("entities")).map(
        lambda r: {**r, "entities": [*r["entities"][:-1], {**r["entities"][-1], "text": "zz"}]}
    ),
    good().filter(lambda r: r.get("entities")).map(
        lambda r: {**r, "entities": [*r["entities"][:-1], {**r["entities"][-1], "end": 99}]}
    ),
    good().map(lambda r: {**r, "events": []}),
    good().map(lambda r: {**r, "label": "x"}),
    st.just([1, 2]),
)
# Good lines with distinct doc_ids, so that blocks are read whole, and now and then bad ones.
RECORDS = st.tuples(
    st.lists(good(), min_size=1, max_size=8, unique_by=lambda r: r["doc_id"]),
    st.lists(st.tuples(st.integers(0, 8), BAD), max_size=2),
).map(lambda drawn: [*_spliced(*drawn)])


def _spliced(records: list, bad: list) -> list:
    for at, record in bad:
        records.insert(min(at, len(records)), record)
    return records


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict:
    gold = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    gold.write_text("".join(json.dumps({"doc_id": k, "text": t, "entities": []}) + "\n" for k, t in TEXTS.items()))
    return newsgold.load_corpus(gold).documents


def outcome(path: Path, documents: dict, max_errors: int = 20) -> tuple:
    errors: list = []
    warnings: list = []
    readers = (jsonl.canonical_entities, jsonl.canonical_events)
    try:
        read = list(jsonl._records(path, documents, readers, errors, warnings, max_errors))
    except RuntimeError as e:  # whatever either reading raises, the other raises too
        return repr(e), [e.render() for e in errors], [w.render() for w in warnings]
    return read, [e.render() for e in errors], [w.render() for w in warnings]


def line_by_line(path: Path, documents: dict, max_errors: int = 20) -> tuple:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(jsonl, "predictions_block", lambda *args: None)
        return outcome(path, documents, max_errors)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=RECORDS, max_errors=st.sampled_from([1, 3, 20]))
def test_a_block_reads_as_its_lines_read_one_at_a_time(tmp_path_factory, documents, records, max_errors) -> None:
    path = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert outcome(path, documents, max_errors) == line_by_line(path, documents, max_errors)


def test_clean_lines_are_read_as_blocks(tmp_path: Path, documents, monkeypatch) -> None:
    path = tmp_path / "pred.jsonl"
    lines = [
        {"doc_id": "d0", "entities": [{"start": 0, "end": 3, "type": "PER"}, {"start": 8, "end": 13, "type": "PER"}]},
        {"doc_id": "d1", "entities": [{"start": 6, "end": 10, "type": "PER", "text": "Peña", "score": 0.5}]},
        {"doc_id": "d3"},
        {"doc_id": "d6", "entities": []},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    blocks = []
    real = jsonl.predictions_block
    monkeypatch.setattr(jsonl, "predictions_block", lambda *args: blocks.append(real(*args)) or blocks[-1])
    read, warnings = read_jsonl(path, documents)
    assert len(blocks) == 1 and blocks[0] is not None  # the whole file in one block, accepted
    assert warnings == []
    assert [(p.doc_id, p.layers) for p in read] == [
        ("d0", frozenset({"entities"})),
        ("d1", frozenset({"entities"})),
        ("d3", frozenset()),
        ("d6", frozenset({"entities"})),
    ]
    assert [(e.start, e.end, e.type, e.text, e.score, e.value) for e in read[1].entities] == [
        (6, 10, "PER", "Peña", 0.5, None)
    ]
    assert read == line_by_line(path, documents)[0]
    assert read == list(JsonlFile(path, documents, jsonl.canonical_entities))


def test_a_bad_line_in_a_block_is_named_by_the_line_by_line_reading(tmp_path: Path, documents) -> None:
    path = tmp_path / "pred.jsonl"
    good = json.dumps({"doc_id": "d0", "entities": [{"start": 0, "end": 3, "type": "PER"}]})
    bad = json.dumps({"doc_id": "d2", "entities": [{"start": 0, "end": 2, "type": "PER"}]})
    path.write_text(f"{good}\n{bad}\n")
    with pytest.raises(NewsgoldError) as e:
        read_jsonl(path, documents)
    [error] = e.value.incidents
    assert (error.code, error.line, error.pointer) == ("NG301", 2, "/entities/0")
