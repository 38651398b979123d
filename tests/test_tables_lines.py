"""The one JSON Lines line reader: gold, predictions and the other JSON Lines dialects read a
byte-order mark, CRLF line ends and blank lines the same way, because they read lines through
``tables.lines.JsonLines`` alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import newsgold
import pytest
from newsgold.cli import main
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.jsonl_gold import load_gold_jsonl
from newsgold.readers.dygiepp import read_dygiepp
from newsgold.readers.jsonl import read_jsonl
from newsgold.tables.lines import JsonLines

TEXT = "Obama met Castro in Havana."
GOLD = [{"doc_id": f"d{i}", "text": TEXT, "entities": [{"start": 0, "end": 5, "type": "PER"}]} for i in (1, 2)]
PREDICTIONS = [{"doc_id": f"d{i}", "entities": [{"start": 10, "end": 16, "type": "PER"}]} for i in (1, 2)]
DYGIEPP = [{"doc_key": f"d{i}", "sentences": [["Obama", "met", "Castro", "in", "Havana", "."]], "predicted_ner": [[[0, 0, "PER"]]]}
           for i in (1, 2)]


def documents(folder: Path):
    return load_gold_jsonl(_write(folder / "the-gold.jsonl", GOLD, b"\n")).documents


def _write(path: Path, records: list[dict], end: bytes, *, bom: bool = False, blank: bool = False) -> Path:
    lines = [json.dumps(r).encode() for r in records]
    if blank:
        lines.insert(1, b"  ")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + end.join(lines) + end)
    return path


def _gold(path: Path) -> list:
    return [(d.doc_id, [(e.span.start, e.span.end, e.type) for e in g.entities]) for d, g in load_gold_jsonl(path)]


def _predictions(path: Path) -> list:
    return [(p.doc_id, [(e.start, e.end, e.type) for e in p.entities]) for p in read_jsonl(path, documents(path.parent))[0]]


def _dygiepp(path: Path) -> list:
    return [(p.doc_id, [(e.start, e.end, e.type) for e in p.entities]) for p in read_dygiepp(path, documents(path.parent), {})[0]]


READERS: dict[str, tuple[list[dict], Callable[[Path], list]]] = {
    "gold": (GOLD, _gold), "predictions": (PREDICTIONS, _predictions), "dygiepp": (DYGIEPP, _dygiepp),
}


@pytest.mark.parametrize("kind", sorted(READERS))
def test_crlf_and_blank_lines_read_as_lf_files_read(kind: str, tmp_path: Path) -> None:
    records, read = READERS[kind]
    plain = read(_write(tmp_path / "lf.jsonl", records, b"\n"))
    assert plain and read(_write(tmp_path / "crlf.jsonl", records, b"\r\n")) == plain
    assert read(_write(tmp_path / "blank.jsonl", records, b"\n", blank=True)) == plain


@pytest.mark.parametrize("kind", sorted(READERS))
def test_a_byte_order_mark_is_refused_alike(kind: str, tmp_path: Path) -> None:
    records, read = READERS[kind]
    with pytest.raises(NewsgoldError) as e:
        read(_write(tmp_path / "bom.jsonl", records, b"\n", bom=True))
    assert [(i.code, i.line, i.column) for i in e.value.incidents] == [("NG102", 1, 1)]


def test_crlf_is_one_warning_and_errors_stop_at_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\r\n' + b"{bad\n" * 30 + b'{"b": 2}\r\n')
    lines = JsonLines(path, max_errors=5)
    assert list(lines) == [(1, {"a": 1})]
    assert [(i.code, i.line) for i in lines.errors] == [("NG103", n) for n in range(2, 7)]
    assert lines.warnings[0].code == "NG606" and "1 lines" in lines.warnings[0].message
    everything = JsonLines(path, max_errors=100)
    assert [n for n, _ in everything] == [1, 32] and len(everything.errors) == 30


def test_an_error_at_the_end_of_a_line_is_placed_on_that_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": \n{"c": 3}\n')
    lines = JsonLines(path)
    assert [n for n, _ in lines] == [1, 3]
    assert [(i.code, i.line) for i in lines.errors] == [("NG103", 2)]


def test_a_crlf_gold_file_is_named_as_a_crlf_predictions_file_is(tmp_path: Path) -> None:
    gold, predictions = (_write(tmp_path / name, records, b"\r\n") for name, records in (("g.jsonl", GOLD), ("p.jsonl", PREDICTIONS)))
    report = newsgold.report(newsgold.score(gold=gold, predictions=predictions, errors=False))
    said = "2 lines end in CRLF; read as LF (offsets are unaffected)"
    assert [(w["code"], w["file"], w["message"]) for w in report["warnings"]] == [
        ("NG606", str(gold), said), ("NG606", str(predictions), said)]  # the gold's first


def test_shards_scored_against_one_crlf_gold_merge_to_its_one_warning(tmp_path: Path, capsys) -> None:
    gold = _write(tmp_path / "g.jsonl", GOLD, b"\r\n")
    counts = []
    for k, record in enumerate(PREDICTIONS):
        shard = _write(tmp_path / f"p{k}.jsonl", [record], b"\n")
        counts.append(str(tmp_path / f"c{k}.json"))
        assert main(["score", str(shard), "--gold", str(gold), "--counts-only", "-o", counts[-1]]) == 0
    assert main(["merge", *counts, "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert [(w["code"], w["file"]) for w in merged["warnings"]] == [("NG606", str(gold))]
