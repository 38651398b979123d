"""Reading predictions: every kind of bad input gets a coded error, exit 2 and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: the counts and the version below describe it, and a correction of the live gold leaves them true."""
    return frozen_repo


TEXT_START = "Washington"


def line(**record) -> str:
    return json.dumps({"doc_id": DOC_ID, **record}, ensure_ascii=False)


def good_entity(**over):
    return {"start": 0, "end": 10, "type": "GPE", "text": "Washington", **over}


def byte_offset_entity(text: str):
    i = text.index("Havana", text.index("’"))
    b = len(text[:i].encode("utf-8"))
    return {"start": b, "end": b + 6, "type": "GPE", "text": "Havana"}


CASES = {
    "empty": (b"", "NG601"),
    "blank-lines": (b"\n\n", "NG601"),
    "bom": (b"\xef\xbb\xbf" + line(entities=[]).encode(), "NG102"),
    "latin-1": (line(entities=[good_entity(text="Washington\xe9")]).encode("latin-1"), "NG101"),
    "malformed-json": (b'{"doc_id": "x", "entities": [}\n', "NG103"),
    "not-an-object": (b"[1, 2]\n", "NG201"),
    "missing-doc-id": (json.dumps({"entities": []}).encode(), "NG201"),
    "missing-type": (line(entities=[{"start": 0, "end": 10}]).encode(), "NG201"),
    "string-offsets": (line(entities=[good_entity(start="0")]).encode(), "NG201"),
    "bool-offsets": (line(entities=[good_entity(start=True)]).encode(), "NG201"),
    "negative-offset": (line(entities=[good_entity(start=-1)]).encode(), "NG301"),
    "out-of-range": (line(entities=[good_entity(start=5000, end=5010)]).encode(), "NG301"),
    "start-equals-end": (line(entities=[good_entity(start=3, end=3)]).encode(), "NG301"),
    "start-after-end": (line(entities=[good_entity(start=9, end=3)]).encode(), "NG301"),
    "text-mismatch": (line(entities=[good_entity(text="Havana")]).encode(), "NG302"),
    "unknown-doc": (json.dumps({"doc_id": "nyt-1999", "entities": []}).encode(), "NG602"),
    "predicted-twice": ((line(entities=[]) + "\n" + line(entities=[])).encode(), "NG603"),
    "text-without-offsets": (line(entities=[{"text": "Cuba", "type": "GPE"}]).encode(), "NG201", "--format=jsonl"),
    "bad-event": (line(events=[{"type": "Contact:Meet", "trigger": {"start": 5, "end": 2}}]).encode(), "NG301"),
}


@pytest.mark.parametrize("output", ["--json", "--counts-only"])  # read whole / checked, then read as scored
@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_with_its_code(tmp_path: Path, capsys, repo, name: str, output: str) -> None:
    content, code, *extra = CASES[name]
    path = tmp_path / f"{name}.jsonl"
    path.write_bytes(content)
    out = tmp_path / "report.json"
    assert main(["score", "--root", str(repo.root), str(path), output, "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err
    assert code in err, err
    assert str(path) in err and "Traceback" not in err
    assert not out.exists()


def test_byte_offsets_are_named(tmp_path: Path, capsys, repo, article_text: str) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_text(line(entities=[byte_offset_entity(article_text)]) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert "NG302" in err and "UTF-8 byte counting" in err and ":1#/entities/0/text" in err


def test_missing_file(tmp_path: Path, capsys, repo) -> None:
    assert main(["score", "--root", str(repo.root), str(tmp_path / "nope.jsonl")]) == 2
    assert "NG002" in capsys.readouterr().err


def test_crlf_is_read_with_a_warning(tmp_path: Path, capsys, repo) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes((line(entities=[good_entity()]) + "\r\n").encode())
    assert main(["score", "--root", str(repo.root), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [w["code"] for w in report["warnings"]][:1] == ["NG606"]
    assert report["entities"]["strict"]["overall"]["tp"] == 1


def test_score_outputs(tmp_path: Path, capsys, repo) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(line(entities=[good_entity(), {"start": 41, "end": 43, "type": "ORG"}]) + "\n", encoding="utf-8")
    root = ["--root", str(repo.root)]
    assert main(["score", *root, str(path)]) == 0
    text = capsys.readouterr().out
    assert "strict" in text and "token_iob2" in text and "dataset 0.1.0" in text
    assert main(["score", *root, str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dataset_version"] == "0.1.0" and report["config"]["entities"]["gold_map"] is None
    strict = report["entities"]["strict"]
    assert strict["overall"]["tp"] == 1 and strict["per_type"]["GPE"]["fn"] == 19
    assert {e["kind"] for e in report["entity_errors"]} == {"type", "missed"}
    assert main(["score", *root, str(path), "--markdown"]) == 0
    assert "| strict |" in capsys.readouterr().out
    assert main(["score", *root, str(path), "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("dataset_version,layer,mode,type") and any(",strict,ALL," in r for r in rows)
    assert main(["score", *root, str(path), "--csv", "--json"]) == 2
    assert "NG003" in capsys.readouterr().err


# Predictions given as Python values are checked by the rules their JSON Lines line is read by.
OWN_TEXT = "Obama met Castro in Havana."
OWN_GOLD = [{"doc_id": f"d{i}", "text": OWN_TEXT, "entities": [{"start": 0, "end": 5, "type": "PER"}]} for i in (1, 2)]
OBAMA = {"start": 0, "end": 5, "type": "PER"}
MEET = {"type": "Contact:Meet", "trigger": {"start": 6, "end": 9}, "arguments": [{"role": "Entity", "start": 10, "end": 16}]}
VALUE_CASES = {
    "empty span": [{"doc_id": "d1", "entities": [{**OBAMA, "end": 0}]}],
    "reversed span": [{"doc_id": "d1", "entities": [{**OBAMA, "start": 9, "end": 3}]}],
    "beyond the text": [{"doc_id": "d1", "entities": [{**OBAMA, "end": 500}]}],
    "negative start": [{"doc_id": "d1", "entities": [{**OBAMA, "start": -2}]}],
    "empty type": [{"doc_id": "d1", "entities": [{**OBAMA, "type": ""}]}],
    "text not the slice": [{"doc_id": "d1", "entities": [{**OBAMA, "text": "Castro"}]}],
    "unknown doc_id": [{"doc_id": "d9", "entities": [OBAMA]}],
    "doc_id twice": [{"doc_id": "d1", "entities": [OBAMA]}, {"doc_id": "d1", "entities": []}],
    "trigger beyond the text": [{"doc_id": "d1", "entities": [], "events": [{**MEET, "trigger": {"start": 6, "end": 90}}]}],
    "argument reversed": [{"doc_id": "d2", "entities": [], "events": [{**MEET, "arguments": [{"role": "Entity", "start": 16, "end": 10}]}]}],
    "empty event type": [{"doc_id": "d1", "entities": [], "events": [{**MEET, "type": ""}]}],
    "empty role": [{"doc_id": "d1", "entities": [], "events": [{**MEET, "arguments": [{"role": "", "start": 10, "end": 16}]}]}],
    "the second of two reversed": [{"doc_id": "d1", "entities": [OBAMA]},
                                   {"doc_id": "d2", "entities": [{**OBAMA, "start": 9, "end": 3}]}],
    "fine, entities only (read as one block)": [{"doc_id": "d1", "entities": [OBAMA]},
                                                {"doc_id": "d2", "entities": [{**OBAMA, "start": 10, "end": 16, "score": 0.5}]}],
    "fine": [{"doc_id": "d1", "entities": [OBAMA, {**OBAMA, "start": 10, "end": 16, "text": "Castro"}]},
             {"doc_id": "d2", "entities": [], "events": [MEET]}],
}


def as_value(record: dict):
    """The DocPredictions a caller would build for ``record`` (by hand, not by newsgold's own converter)."""
    from newsgold.gold.spans import Span
    from newsgold.readers.records import DocPredictions, PredArgument, PredEntity, PredEvent

    events = tuple(
        PredEvent(e["type"], Span(e["trigger"]["start"], e["trigger"]["end"]), tuple(PredArgument(**a) for a in e["arguments"]))
        for e in record.get("events", [])
    )
    layers = frozenset(k for k in ("entities", "events") if k in record)
    return DocPredictions(record["doc_id"], tuple(PredEntity(**e) for e in record["entities"]), events, layers)


@pytest.mark.parametrize("case", sorted(VALUE_CASES))
def test_values_are_checked_as_their_lines_would_be(tmp_path: Path, case: str) -> None:
    import newsgold
    from newsgold.gold.errors import NewsgoldError

    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in OWN_GOLD), encoding="utf-8")
    records = VALUE_CASES[case]
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    def outcome(predictions):
        try:
            report = newsgold.report(newsgold.score(gold=gold, predictions=predictions, intervals=False))
        except NewsgoldError as refused:
            # (a file's refusal also names the format it was detected as: values have none)
            return [(i.code, i.line, i.pointer, i.message) for i in refused.incidents if i.severity == "error"]
        return {layer: report[layer] for layer in ("entities", "events") if layer in report}

    from_file, from_values = outcome(path), outcome([as_value(r) for r in records])
    assert from_values == from_file
    assert case.startswith("fine") == isinstance(from_values, dict)


def test_a_value_that_is_no_predictions_is_named_by_its_place(tmp_path: Path) -> None:
    import newsgold
    from newsgold.gold.errors import NewsgoldError

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(OWN_GOLD[0]) + "\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as refused:
        newsgold.score(gold=gold, predictions=[as_value({"doc_id": "d1", "entities": []}), {"doc_id": "d1"}])
    [i] = refused.value.incidents
    assert (i.code, i.file, i.line) == ("NG201", "predictions", 2) and "got dict" in i.message


@pytest.mark.parametrize("given", [None, 3, b"{}"])
def test_predictions_of_no_kind_newsgold_reads_are_a_type_error(tmp_path: Path, given) -> None:
    import newsgold

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(OWN_GOLD[0]) + "\n", encoding="utf-8")
    with pytest.raises(TypeError, match=f"not {type(given).__name__}"):
        newsgold.score(gold=gold, predictions=given)


def test_no_values_are_refused_as_an_empty_file_is(tmp_path: Path) -> None:
    import newsgold
    from newsgold.gold.errors import NewsgoldError

    gold, empty = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(OWN_GOLD[0]) + "\n", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    for given in (empty, [], iter([])):
        with pytest.raises(NewsgoldError) as refused:
            newsgold.score(gold=gold, predictions=given)
        assert [i.code for i in refused.value.incidents if i.severity == "error"] == ["NG601"]
