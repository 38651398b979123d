"""The JSON report is written as it is made: the writer gives what ``json.dumps(indent=2)``
gives (with what a terminal acts on escaped, ``escape.json_safe``), for any plain data; the error rows are made from the scoring's tables as they are
written; ``--max-errors`` cuts the JSON lists too, and says how many it left out."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold import api
from newsgold.cli import main
from newsgold.escape import json_safe
from newsgold.outputs.report import Rows, iter_json

from tests.conftest import FROZEN, ROOT

SPACY = str(ROOT / "submissions/spacy-en-core-web-sm/predictions.jsonl")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and infinities too: both writers spell them alike
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
    st.sampled_from(["},\n    {", '"}', "\n", "\u2028", "{}", "[]"]),  # what could fool a splice
)
keys = st.one_of(st.text(max_size=5), st.integers(-3, 3), st.booleans(), st.none(), st.sampled_from([1.5, -0.0]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=30,
)
flat_rows = st.lists(st.dictionaries(st.text(max_size=4), scalars, max_size=4), max_size=2500)


def dumped(value: object) -> str:
    return json_safe(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"


@settings(max_examples=300)
@given(values)
def test_the_writer_gives_what_json_dumps_gives(value) -> None:
    assert "".join(iter_json(value)) == dumped(value)


@settings(max_examples=30)
@given(flat_rows, st.integers(0, 3))
def test_lists_of_flat_rows_of_any_length_are_written_as_json_dumps_writes_them(rows, depth) -> None:
    # More rows than one batch of the encoder; empty rows and a nested row among them too.
    value: object = {"rows": rows, "mixed": [*rows[:3], {}, {"x": [1, {"y": None}]}, *rows[3:6]]}
    for _ in range(depth):
        value = [value]
    assert "".join(iter_json(value)) == dumped(value)


def test_lazy_rows_are_made_anew_at_each_reading_and_written_as_a_list() -> None:
    made = []

    def batches():
        made.append(1)
        yield [[0, 1], [math.pi, None]]
        yield [[2], [-0.0]]

    lazy = Rows(("n", "x"), batches)
    assert made == []  # nothing made before it is read
    rows = [{"n": 0, "x": math.pi}, {"n": 1, "x": None}, {"n": 2, "x": -0.0}]
    assert "".join(iter_json({"r": lazy, "e": Rows(("n",), iter(()).__iter__)})) == dumped({"r": rows, "e": []})
    assert len(made) == 1 and list(lazy) == rows and len(made) == 2
    assert list(Rows(("n", "x"), batches, limit=2)) == rows[:2] and list(Rows(("n", "x"), batches, limit=3)) == rows


labels = st.sampled_from(["PER", "ORG", None, 'a"b', "\u2028", "\x9b"])  # few values, each written once


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(), labels, scalars), max_size=2500), st.integers(0, 3))
def test_rows_given_as_columns_are_written_as_json_dumps_writes_their_records(rows, limit) -> None:
    fields = ("n", "label", "any")
    records = [dict(zip(fields, r)) for r in rows]
    columns = [[list(c) for c in zip(*rows[at : at + 700])] for at in range(0, len(rows), 700)]
    lazy = Rows(fields, columns.__iter__, limit)
    assert "".join(iter_json([lazy])) == dumped([records[:limit] if limit else records])
    assert "".join(iter_json([records])) == dumped([records])  # a plain list of like rows: as columns too


def score(capsys, *argv: str) -> dict:
    assert main(["score", "--root", str(FROZEN), SPACY, "--json", *argv]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_report_lists_every_error_by_default_and_max_errors_cuts_it(capsys) -> None:
    full = score(capsys)
    errors = full["entity_errors"]
    listed = api.report(api.score(gold=FROZEN, predictions=SPACY))["entity_errors"]
    assert errors == listed and len(errors) > 3
    assert "entity_errors_omitted" not in full
    cut = score(capsys, "--max-errors", "3")
    assert cut["entity_errors"] == errors[:3]
    assert cut["entity_errors_omitted"] == len(errors) - 3
    assert cut["entity_correct"] == full["entity_correct"]  # the correct entities are no errors
    cut.pop("entity_errors_omitted"), full.pop("entity_errors"), cut.pop("entity_errors")
    assert cut == full
    assert score(capsys, "--max-errors", "0")["entity_errors"] == errors
    assert "entity_errors_omitted" not in score(capsys, "--max-errors", str(len(errors)))


def test_the_lazy_error_rows_equal_the_listed_ones() -> None:
    """The rows made while writing are the rows the library's report holds."""
    scored = api.score(gold=FROZEN, predictions=SPACY)
    plain = api.report(scored)
    lazy = api.report(scored, lazy=True)
    assert "".join(iter_json(lazy)) == dumped(plain)
    assert isinstance(lazy["entity_errors"], Rows) and isinstance(plain["entity_errors"], list)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('["plain", 1]', '["plain", 1]'),  # all ASCII, nothing to escape: returned as it is
        ('["a\x7fb"]', '["a\\u007fb"]'),  # DEL is ASCII: an all-ASCII text is still searched for it
        ('["\u00e9\x9b\u2028"]', '["\u00e9\\u009b\\u2028"]'),
    ],
)
def test_json_safe_escapes_what_a_terminal_acts_on_in_ascii_text_too(text: str, safe: str) -> None:
    assert json_safe(text) == safe
    assert json.loads(json_safe(text)) == json.loads(text)


BASELINE = str(ROOT / "submissions/baseline/predictions.jsonl")


def test_the_event_error_rows_are_made_as_written_and_max_errors_cuts_them(capsys) -> None:
    """The event errors are kept as columns: each reading makes the same records anew, the lazy
    report writes what the plain one holds, and ``--max-errors`` cuts them with a count left out."""
    scored = api.score(gold=FROZEN, predictions=BASELINE, layers=("events",))
    plain, lazy = api.report(scored), api.report(scored, lazy=True)
    errors = plain["event_errors"]
    assert isinstance(errors, list) and len(errors) > 3 and list(scored.events.errors) == errors
    assert scored.events.errors[0] == errors[0] and scored.events.errors[-2:] == errors[-2:]  # still indexes as a list did
    assert isinstance(lazy["event_errors"], Rows) and "".join(iter_json(lazy)) == dumped(plain)
    assert [e["doc_id"] for e in errors] == sorted(e["doc_id"] for e in errors)
    assert main(["score", "--root", str(FROZEN), BASELINE, "--layers", "events", "--json", "--max-errors", "3"]) == 0
    cut = json.loads(capsys.readouterr().out)
    assert cut["event_errors"] == errors[:3] and cut["event_errors_omitted"] == len(errors) - 3
