"""The compiled schema check accepts exactly what JSON Schema accepts (but ``185.0`` offsets)."""

from __future__ import annotations

import copy
import json
import random

import pytest
from jsonschema import Draft202012Validator
from newsgold.gold.schema import Unsupported, compile_schema
from newsgold.gold.validate import validate

from tests.conftest import DOC_ID, ROOT

SCHEMAS = ROOT / "annotations" / "schema"


def paths(value, prefix=()):
    """Every (path, value) inside a JSON value."""
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*prefix, i))


def mutated(record, rng: random.Random):
    """The record with one random change somewhere: a value replaced, a key dropped or added."""
    out = copy.deepcopy(record)
    where, _ = rng.choice(list(paths(out))[1:])
    parent = out
    for k in where[:-1]:
        parent = parent[k]
    key = where[-1]
    change = rng.randrange(4)
    if change == 0 and isinstance(parent, dict):
        del parent[key]
    elif change == 1 and isinstance(parent, dict):
        parent["unexpected"] = 1
    else:
        parent[key] = rng.choice([-1, 0, 7, "", "x", "NAM", None, True, [], {}, 1.5, "Contact:Meet", "a" * 64])
    return out


@pytest.mark.parametrize("name, sample", [
    ("gold.schema.json", ROOT / "annotations" / "gold" / f"{DOC_ID}.json"),
    ("meta.schema.json", ROOT / "corpus" / f"{DOC_ID}.meta.json"),
])
def test_the_compiled_check_agrees_with_json_schema_on_a_thousand_mutations(name, sample) -> None:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    record = json.loads(sample.read_text(encoding="utf-8"))
    check, full = compile_schema(schema), Draft202012Validator(schema)
    assert check(record) is None and full.is_valid(record)
    rng = random.Random(7)
    refused = 0
    for _ in range(1000):
        m = mutated(record, rng)
        ours, theirs = check(m) is None, full.is_valid(m)
        assert ours == theirs or (theirs and not ours and "integer" in check(m)[1]), m
        refused += not ours
    assert refused > 300  # the mutations do break the schema


def test_a_schema_keyword_it_does_not_know_is_refused() -> None:
    with pytest.raises(Unsupported):
        compile_schema({"type": "object", "oneOf": [{"type": "string"}]})


def test_an_offset_written_with_a_fraction_is_a_coded_schema_error(repo, tmp_path) -> None:
    record = json.loads((repo.gold_dir / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    record["entities"][0]["start"] = float(record["entities"][0]["start"])
    path = tmp_path / f"{DOC_ID}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    [found] = validate(repo, [path], corpus_dir=repo.corpus_dir)
    assert (found.code, found.pointer) == ("NG201", "/entities/0/start")
    assert "not of type integer" in found.message
