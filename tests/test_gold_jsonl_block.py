"""A gold JSON Lines file is checked a block of records at a time, and a record is explained
on its own only when its block is refused. Both read the same rules (``tables.rules``), so they
cannot disagree: a block is accepted exactly when each of its records is, with the documents
and golds each record gives alone; a record refused is one the explanation names a problem of,
and a record accepted is one it finds nothing wrong with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgold.gold import jsonl_gold
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.jsonl_gold import _explain, gold_block, load_gold_jsonl
from newsgold.tables.rules import BadRecord

TEXTS = ["ab cd. ef", "ab cd. ef", "Señor Díaz met 😀 Cuba.", ""]
SENTENCES = [
    [{"start": 0, "end": 6}, {"start": 7, "end": 9}],
    [{"start": 0, "end": 9}],
    [{"start": 0, "end": 3}],
    [{"start": 3, "end": 9}, {"start": 0, "end": 6}],  # out of order (NG305)
]


def rare(common: st.SearchStrategy, *odd: object) -> st.SearchStrategy:
    """``common`` nine times in ten, else one of ``odd`` (a value a rule refuses, mostly)."""
    return st.integers(0, 9).flatmap(lambda k: st.sampled_from(odd) if k == 9 else common)


OPTIONAL = {
    "text": rare(st.sampled_from(["ab", "cd", "Díaz"]), "", 3, None),
    "cluster": rare(st.sampled_from(["c1", "c2", None]), "", 2),
    "other": st.just(1),
}


def spans(**fields: st.SearchStrategy) -> st.SearchStrategy:
    """Objects with offsets (mostly a non-empty span of the first 11 characters), ``fields`` and
    some of the optional fields."""
    offsets = st.integers(0, 8).flatmap(
        lambda a: st.fixed_dictionaries(
            {"start": rare(st.just(a), -1, 30, True, None, "3"), "end": rare(st.integers(a + 1, a + 3), a, 1.5)}
        )
    )
    return st.tuples(offsets, st.fixed_dictionaries(fields, optional=OPTIONAL)).map(lambda p: {**p[0], **p[1]})


SPAN = spans()
TYPED = rare(spans(type=rare(st.sampled_from(["PER", "LOC"]), "", 7)), {"start": 0, "end": 2, "label": "PER"})
ARGUMENT = spans(role=rare(st.just("Place"), 1))
EVENT = st.fixed_dictionaries(
    {"type": rare(st.just("Contact:Meet"), 5), "trigger": rare(SPAN, [])},
    optional={"arguments": st.lists(ARGUMENT, max_size=3), "cluster": rare(st.just("e1"), "")},
)
RECORD = st.fixed_dictionaries(
    {
        "doc_id": rare(st.sampled_from(["d1", "d2"]), "D3", "", 4),
        "text": st.sampled_from(TEXTS),
        "entities": st.lists(TYPED, max_size=3),
    },
    optional={
        "sentences": rare(st.sampled_from(SENTENCES), [{"start": 0}], {}),
        "mentions": st.lists(TYPED, max_size=3),
        "events": rare(st.lists(EVENT, max_size=3), None),
    },
)
RECORDS = st.lists(rare(RECORD, [1], "d1", None, {"doc_id": "d1", "text": "x"}), min_size=1, max_size=4)


def explained(record: object) -> bool:
    """Whether the explanation finds a problem with ``record``."""
    try:
        _explain(record)
    except BadRecord:
        return True
    return False


@settings(max_examples=800, deadline=None, derandomize=True)
@given(RECORDS)
def test_a_block_is_accepted_exactly_when_each_record_is_and_gives_what_each_gives(records: list) -> None:
    alone = [gold_block([record]) for record in records]
    for record, found in zip(records, alone):
        assert explained(record) == (found is None)
    together = gold_block(records)
    if any(found is None for found in alone):
        assert together is None
    else:
        assert together is not None
        assert repr(together) == repr([found[0] for found in alone if found is not None])
        assert [g for _, g in together] == [found[0][1] for found in alone if found is not None]


def test_the_generated_records_are_accepted_and_refused_alike() -> None:
    """The strategy is worth its name: it makes records of both kinds."""
    accepted = {"doc_id": "d1", "text": "ab cd. ef", "sentences": [{"start": 0, "end": 6}, {"start": 7, "end": 9}],
                "entities": [{"start": 0, "end": 2, "type": "PER", "text": "ab"}],
                "mentions": [{"start": 3, "end": 5, "type": "PER", "cluster": "c1"}],
                "events": [{"type": "Contact:Meet", "trigger": {"start": 3, "end": 5},
                            "arguments": [{"start": 7, "end": 9, "role": "Place"}]}]}
    assert gold_block([accepted]) is not None and not explained(accepted)
    refused = {**accepted, "entities": [{"start": 0, "end": 7, "type": "PER"}]}  # across the two sentences
    assert gold_block([refused]) is None and explained(refused)
    assert gold_block([accepted, refused]) is None


GOOD = {"doc_id": "d", "text": "ab cd. ef", "entities": [{"start": 0, "end": 2, "type": "PER"}]}
ACROSS = {**GOOD, "sentences": [{"start": 0, "end": 6}, {"start": 7, "end": 9}], "entities": [{"start": 3, "end": 8, "type": "PER"}]}


def found(tmp_path: Path, lines: list[object]) -> list[tuple[str, int | None]]:
    """The codes and lines of the errors in a gold file of ``lines`` (a str is written as it is)."""
    path = tmp_path / "gold.jsonl"
    body = [x if isinstance(x, str) else json.dumps({**x, "doc_id": f"d{i}"}) for i, x in enumerate(lines)]
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as e:
        load_gold_jsonl(path)
    return [(i.code, i.line) for i in e.value.incidents]


@pytest.mark.parametrize("block", [1024, 3])
def test_errors_come_in_line_order_and_stop_at_twenty_as_if_each_record_were_checked_when_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(jsonl_gold, "BLOCK", block)
    assert found(tmp_path, [GOOD, GOOD, ACROSS, GOOD, "{bad", GOOD, ACROSS, "[1"]) == [
        ("NG306", 3), ("NG103", 5), ("NG306", 7), ("NG103", 8)
    ]
    # twenty errors in records: reading stops there, so the malformed line after them is never read
    assert found(tmp_path, [GOOD] * 4 + [ACROSS] * 20 + ["{bad"]) == [("NG306", n) for n in range(5, 25)]
    # a malformed line first: it is one of the twenty
    assert found(tmp_path, [GOOD, "{bad", *[ACROSS] * 25]) == [("NG103", 2)] + [("NG306", n) for n in range(3, 22)]
    # malformed lines after records that wait: the records' errors first, then the lines' until twenty
    assert found(tmp_path, [GOOD] * 2 + [ACROSS] * 18 + ["{bad", "{bad", "{bad"]) == [
        ("NG306", n) for n in range(3, 21)
    ] + [("NG103", 21), ("NG103", 22)]
    # a doc_id twice, within a block and across blocks
    assert found(tmp_path, [GOOD] * 5 + ['{"doc_id": "d1", "text": "", "entities": []}']) == [("NG505", 6)]


def test_blocks_closed_by_their_events_check_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A block closes after BLOCK_EVENTS events (records of many events make columns too long
    to stay in cache): the errors and the corpus do not depend on where blocks close, and an
    ``events`` that is no list is refused, not counted."""
    meet = {"type": "Contact:Meet", "trigger": {"start": 3, "end": 5}}
    busy = {**GOOD, "events": [meet, {**meet, "type": "Life:Die"}, {**meet, "type": "Conflict:Attack"}]}
    lines = [busy, GOOD, {**GOOD, "events": 7}, busy, ACROSS, busy, {**busy, "events": "xyz"}, GOOD]
    seen = []
    for cap in (1024, 2, 1):
        monkeypatch.setattr(jsonl_gold, "BLOCK_EVENTS", cap)
        seen.append(found(tmp_path, lines))
    assert seen[0] == [("NG201", 3), ("NG306", 5), ("NG201", 7)] and seen[1] == seen[0] and seen[2] == seen[0]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps({**busy, "doc_id": f"d{i}"}) + "\n" for i in range(7)), encoding="utf-8")
    corpora = []
    for cap in (1024, 4):
        monkeypatch.setattr(jsonl_gold, "BLOCK_EVENTS", cap)
        corpora.append([(d.doc_id, len(g.event_table)) for d, g in load_gold_jsonl(good)])
    assert corpora[0] == corpora[1] == [(f"d{i}", 3) for i in range(7)]
