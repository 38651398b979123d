"""The rules of ``tables.rules``: the fast check of a whole list and the explanation of a
failure are the same rules, so they cannot disagree. Any list the fast check refuses, the
walk through the fields explains (at the first item and field that break a rule); any list it
accepts, the walk accepts, with the same values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgold.tables.rules import (
    ABSENT,
    BadRecord,
    Field,
    Shape,
    columns,
    first_across,
    first_misquoted,
    first_outside,
    first_overlap,
    first_repeat,
    first_unordered,
)

FIELDS = Shape(Field("start", (int,)), Field("end", (int,)), Field("text", (str,), required=False),
               Field("type", (str,), nonempty=True), Field("score", (int, float), required=False))
VALUES = st.one_of(st.integers(-3, 30), st.booleans(), st.none(), st.text(max_size=3), st.floats(allow_nan=False),
                   st.lists(st.integers(), max_size=2))
KEYS = st.sampled_from(["start", "end", "text", "type", "score", "other"])
ITEMS = st.one_of(st.dictionaries(KEYS, VALUES, max_size=6), st.integers(), st.text(max_size=2), st.none())
GOOD = st.fixed_dictionaries({"start": st.integers(0, 20), "end": st.integers(0, 20), "type": st.sampled_from(["PER", "LOC", ""])},
                             optional={"text": st.text(max_size=3), "score": st.floats(0, 1)})


def walked(items: list) -> list | BadRecord:
    """Every field of every item, one at a time: the explanation's own reading."""
    try:
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise BadRecord(f"/x/{i}", "not an object")
            for f in FIELDS.fields:
                f.value(item, f"/x/{i}")
    except BadRecord as bad:
        return bad
    out = [[item.get(f.key, ABSENT) for item in items] for f in FIELDS.fields]
    return [None if not f.required and all(v is ABSENT for v in column) else column for f, column in zip(FIELDS.fields, out)]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.one_of(GOOD, ITEMS), max_size=6))
def test_the_fast_check_and_the_walk_agree(items) -> None:
    expected = walked(items)
    if isinstance(expected, BadRecord):
        with pytest.raises(BadRecord) as e:
            columns(items, "/x", "an item", FIELDS)
        assert e.value.ptr == expected.ptr
    else:
        assert columns(items, "/x", "an item", FIELDS) == expected


def test_a_bool_is_no_integer_and_an_explicit_null_is_no_string() -> None:
    with pytest.raises(BadRecord) as e:
        columns([{"start": True, "end": 2, "type": "PER"}], "/entities", "an entity", FIELDS)
    assert e.value.ptr == "/entities/0/start"
    with pytest.raises(BadRecord) as e:
        columns([{"start": 0, "end": 2, "type": "PER", "text": None}], "/entities", "an entity", FIELDS)
    assert e.value.ptr == "/entities/0/text"
    assert columns([{"start": 0, "end": 2, "type": "PER"}], "/e", "an entity", FIELDS)[2] is None  # no item gives text


def test_the_first_row_that_breaks_each_rule() -> None:
    assert first_outside([0, 3, 5], [2, 3, 9], 10) == 1 and first_outside([0, 3], [2, 11], 10) == 1 and first_outside([0], [2], 10) == -1
    assert first_misquoted([0, 4], [3, 6], [ABSENT, "xy"], "abc de") == 1 and first_misquoted([0], [3], None, "abc") == -1
    assert first_unordered([0, 5, 4], [5, 8, 9]) == 2 and first_unordered([0, 5], [5, 8]) == -1
    assert first_across([0, 3], [2, 7], [0, 5], [4, 9]) == 1 and first_across([0, 5], [2, 7], [0, 5], [4, 9]) == -1
    assert first_repeat([0, 3, 0], [2, 4, 2], ["A", "B", "A"]) == (2, 0) and first_repeat([0, 0], [2, 2], ["A", "B"]) == (-1, -1)
    assert first_overlap([5, 0], [9, 6]) == (0, 1) and first_overlap([0, 5], [5, 9]) == (-1, -1)
