"""The whole-file scan of JSON Lines (``gold.io.JsonlScan``) gives what reading one line at a
time gives, and the one line reader (``tables.lines.JsonLines``) hands over to its own line by
line reading, at the right line and byte, where the scan meets anything odd."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.cli import main
from newsgold.gold.io import JsonlScan
from newsgold.tables import lines as line_reader

LINES = {  # one line of a file each (without its end), from clean to odd
    "plain": b'{"doc_id": "d", "entities": [{"start": 0, "end": 1, "type": "PER"}]}',
    "accents": '{"doc_id": "é", "text": "Peña — «ñ» \\u00e9 \\"q\\" [{x}]"}'.encode(),
    "astral": '{"text": "\U0001F600 ok", "n": [1, 2.5, -3e2, true, null]}'.encode(),
    "colon": b'{"a": "x:y", "b": {"c": [{"d": ":"}]}}',
    "blank": b"",
    "spaces": b"   ",
    "lead": b' {"a": 1}',
    "trail": b'{"a": 1} ',
    "two": b'{"a": 1} {"b": 2}',
    "comma": b'{"a": 1}, {"b": 2}',
    "repeat": b'{"a": "x", "a": "\\u003a"}',
    "escaped": b'{"a": 1, "\\u0061": 2}',
    "nan": b'{"a": NaN}',
    "big": b'{"a": 12345678901234567890}',
    "huge": b'{"a": 1e400}',
    "signed": b'{"a": -1.5E+400}',
    "idlike": b'{"doc_id": "e000042", "a": 2e-3}',
    "deep": b'{"a": ' + b"[" * 250 + b"]" * 250 + b"}",
    "open": b'{"a": [1',
    "close": b'2]}',
    "latin1": b'{"a": "\xe9"}',
    "scalar": b"3",
}
ENDS = [b"\n", b"\r\n"]


def per_line(path: Path) -> tuple[list, list]:
    lines = line_reader.JsonLines(path, max_errors=10_000)
    got = list(lines._one_at_a_time(1, 0))  # the reading the scan hands over to, from the start
    return got, [(i.code, i.line, i.column, i.pointer) for i in lines.errors]


def scanned(path: Path, block: int) -> tuple[list, list]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(line_reader, "JsonlScan", partial(JsonlScan, block=block))
        lines = line_reader.JsonLines(path, max_errors=10_000)
        got = list(lines)
    return got, [(i.code, i.line, i.column, i.pointer) for i in lines.errors]


@settings(max_examples=300, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(LINES)), min_size=1, max_size=8),
    ends=st.lists(st.sampled_from(ENDS), min_size=8, max_size=8),
    last_end=st.booleans(), bom=st.booleans(), block=st.sampled_from([1, 5, 40, 300, JsonlScan.BLOCK]),
)
def test_the_scan_then_lines_read_what_lines_alone_read(tmp_path_factory, kinds, ends, last_end, bom, block) -> None:
    body = b"".join(LINES[k] + e for k, e in zip(kinds, ends))
    if not last_end:
        body = body[: -len(ends[len(kinds) - 1])]
    path = tmp_path_factory.mktemp("scan") / "f.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body)
    assert scanned(path, block) == per_line(path)


def test_a_clean_file_is_scanned_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b"\n".join(LINES[k] for k in ("plain", "accents", "astral", "colon")) + b"\n")
    scan = JsonlScan(path)
    values = list(scan)
    assert scan.rest is None
    assert [n for n, _ in values] == [1, 2, 3, 4]
    assert values[1][1] == json.loads(LINES["accents"])


@pytest.mark.parametrize("block", [1, 60, JsonlScan.BLOCK])
def test_the_scan_stops_at_the_first_odd_line_by_its_byte_offset(tmp_path: Path, block: int) -> None:
    path = tmp_path / "f.jsonl"
    head = LINES["accents"] + b"\n" + LINES["astral"] + b"\n"  # multi-byte characters before the stop
    path.write_bytes(head + LINES["repeat"] + b"\n" + LINES["plain"] + b"\n")
    scan = JsonlScan(path, block)
    assert [n for n, _ in scan] == [1, 2]
    assert scan.rest == (3, len(head))


def test_an_error_after_non_ascii_lines_names_its_line_and_column(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    records = [{"doc_id": f"d{i}", "text": "Señor Peña llegó", "entities": [{"start": 6, "end": 10, "type": "PER"}]} for i in range(3)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[2] = lines[2].replace('"type": "PER"', '"type": "PER", "type": "ORG"')
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"doc_id": "d0", "entities": []}\n', encoding="utf-8")
    assert main(["score", str(pred), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    column = lines[2].index('"type": "ORG"') + 1
    assert f"{gold}:3:{column}#/entities/0/type: error NG113" in err


@pytest.mark.parametrize("side", ["gold", "pred"])
def test_a_key_repeated_under_an_escape_is_refused_where_the_scan_meets_it(tmp_path: Path, capsys, side: str) -> None:
    gold = tmp_path / "gold.jsonl"
    entities = [{"start": 0, "end": 5, "type": "PER"}]
    records = [{"doc_id": f"d{i}", "text": "Pedro met Ana", "entities": entities} for i in range(3)]
    gold_lines = [json.dumps(r) for r in records]
    pred_lines = [json.dumps({"doc_id": r["doc_id"], "entities": r["entities"]}) for r in records]
    lines = gold_lines if side == "gold" else pred_lines
    lines[2] = lines[2].replace('"type": "PER"', '"type": "PER", "\\u0074ype": "ORG"')
    gold.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(pred_lines) + "\n", encoding="utf-8")
    assert main(["score", str(pred), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    column = lines[2].index('"\\u0074ype"') + 1
    assert f"{gold if side == 'gold' else pred}:3:{column}#/entities/0/type: error NG113" in err
    assert "appears twice" in err


def test_only_a_number_that_may_overflow_sends_a_block_to_the_slow_path() -> None:
    """Ids and words shaped like an exponent ("e000042") are no number: the block is scanned
    whole; an exponent of three digits, signed or not, is read by the hooked decoder."""
    from newsgold.gold.io import _may_overflow

    assert not _may_overflow(b'{"doc_id": "e000042", "text": "E300 e+100", "a": 2.5e-3, "b": 1e99}')
    for number in (b"1e400", b"1E400", b"-1.5e+308", b"2E+999", b"12345678901234567"):
        assert _may_overflow(b'{"a": ' + number + b"}"), number


@settings(max_examples=500, deadline=None)
@given(
    sign=st.sampled_from(["", "-"]),
    digits=st.from_regex(r"[1-9][0-9]{0,24}", fullmatch=True),
    fraction=st.sampled_from(["", ".5", ".25"]),
    exponent=st.one_of(st.just(""), st.from_regex(r"[eE][-+]?[0-9]{1,4}", fullmatch=True)),
)
def test_every_number_out_of_range_is_sent_to_the_slow_path(sign, digits, fraction, exponent) -> None:
    from newsgold.gold.io import MAX_SAFE_INT, _may_overflow

    number = sign + digits + fraction + exponent
    if fraction or exponent:
        out = float(number) in (float("inf"), float("-inf"))
    else:
        out = abs(int(number)) > MAX_SAFE_INT
    if out:
        assert _may_overflow(f'{{"a": [{number}]}}'.encode()), number
