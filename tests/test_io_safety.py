"""Safe file handling: bounded strict reading and strict JSON."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgold import io as nio
from newsgold.errors import CATALOG
from newsgold.io import check_input, parse_json, read_json, read_text

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and signals as on POSIX")


def codes(incidents) -> list[str]:
    return [i.code for i in incidents]


def test_the_new_codes_are_catalogued_with_a_hint() -> None:
    for code in ("NG004", "NG005", "NG006", "NG007", "NG008", "NG009", "NG107", "NG108", "NG109", "NG110", "NG111", "NG112", "NG113"):
        level, title, hint = CATALOG[code]
        # how an input is given (a FIFO, over the cap, unreadable) is usage; what it holds is L1
        assert level == (1 if code >= "NG110" else 0) and title and hint


# ---------------------------------------------------------------------------------------
# Reading: only regular files, within the cap


def read_in_thread(path: Path, timeout: float = 5.0):
    """Read in a daemon thread: a reader that hangs fails the test instead of hanging it."""
    result: list = []
    t = threading.Thread(target=lambda: result.append(read_text(path)), daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), f"reading {path} hangs"
    return result[0]


@posix_only
def test_a_fifo_is_refused_at_once_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "gold.json"
    os.mkfifo(fifo)
    value, problems = read_in_thread(fifo)
    assert value is None and codes(problems) == ["NG107"]
    assert "FIFO" in problems[0].message and problems[0].file == str(fifo)
    assert codes(check_input(fifo)) == ["NG107"]
    assert codes(read_json(fifo)[1]) == ["NG107"]


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_at_once() -> None:
    value, problems = read_in_thread(Path("/dev/zero"))
    assert value is None and codes(problems) == ["NG107"] and "character device" in problems[0].message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    value, problems = read_text(tmp_path)
    assert value is None and codes(problems) == ["NG107"] and "folder" in problems[0].message


def test_a_missing_file_keeps_its_code_and_message(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.json", tmp_path / "nope" / "deeper.json"):
        value, problems = read_json(path)
        assert value is None and codes(problems) == ["NG105"] and problems[0].message == "file does not exist"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert codes(read_text(tmp_path / "file" / "below.json")[1]) == ["NG105"]


def test_utf8_and_bom_refusals_keep_their_codes_and_messages(tmp_path: Path) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf{}")
    [p] = read_text(bom)[1]
    assert (p.code, p.line, p.column, p.message) == ("NG102", 1, 1, "file begins with the bytes EF BB BF")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"a":\n "caf\xe9"}')
    [p] = read_text(latin)[1]
    assert (p.code, p.line, p.column, p.message) == ("NG101", 2, 6, "byte 0xE9 at byte offset 11 is not valid UTF-8")


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.json").write_text('{"a": 1}', encoding="utf-8")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert read_json(tmp_path / "link.json") == ({"a": 1}, [])


def test_the_size_cap(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + "1," * 48 + "10]", encoding="utf-8")  # 100 bytes
    monkeypatch.delenv(nio.MAX_INPUT_ENV, raising=False)
    assert read_json(path, max_bytes=100)[1] == []
    value, [p] = read_json(path, max_bytes=99)
    assert value is None and p.code == "NG108"
    assert "100 bytes" in p.message and "99 bytes" in p.message and f"{nio.MAX_INPUT_ENV}=128" in p.hint
    assert nio.input_cap() == (1 << 30, [])
    monkeypatch.setenv(nio.MAX_INPUT_ENV, "50")
    assert codes(read_json(path)[1]) == ["NG108"]
    assert codes(check_input(path)) == ["NG108"]
    assert read_json(path, max_bytes=1000)[1] == []  # the keyword wins over the environment
    monkeypatch.setenv(nio.MAX_INPUT_ENV, "lots")
    value, [p] = read_json(path)
    assert value is None and p.code == "NG009" and "lots" in p.message


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="root reads any file")
def test_an_unreadable_file_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    assert codes(read_json(path)[1]) == ["NG109"]


# ---------------------------------------------------------------------------------------
# Strict JSON


def test_malformed_json_keeps_the_parsers_message_line_and_column() -> None:
    for text in ('{"a": }', '[1, 2,\n  ]', '{"a" 1}', "", '{"a": 1} x', "[1, 2"):
        with pytest.raises(json.JSONDecodeError) as info:
            json.loads(text)
        _, [p] = parse_json(text, "f.json", line_offset=10)
        e = info.value
        assert (p.code, p.line, p.column, p.message) == ("NG103", e.lineno + 10, e.colno, e.msg)


def test_nesting_deeper_than_the_limit_is_refused_never_a_recursion_error() -> None:
    assert parse_json("[" * 200 + "]" * 200, "f")[1] == []
    _, [p] = parse_json("[" * 201 + "]" * 201, "f")
    assert (p.code, p.line, p.column) == ("NG110", 1, 201)
    for text in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        value, [p] = parse_json(text, "f")
        assert value is None and p.code == "NG110"
    deep = '{\n"k": ' * 300 + "1" + "}" * 300
    _, [p] = parse_json(deep, "f", line_offset=4)
    assert (p.code, p.line, p.column) == ("NG110", 1 + 200 + 4, 6)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"a": ["[[[{{{" * 100, "]]]" * 300, '\\"[[[', "\\"] * 50})
    assert parse_json(text, "f") == (json.loads(text), [])


def test_integers_beyond_2_53_are_refused_with_their_place() -> None:
    assert parse_json(f"[{2**53}, {-(2**53)}, 1.2345678901234567, 12345678901234567890.5]", "f")[1] == []
    assert parse_json('{"id": "12345678901234567890"}', "f")[1] == []  # digits in a string
    _, [p] = parse_json(f'{{"a": [1,\n {2**53 + 1}]}}', "f")
    assert (p.code, p.line, p.column, p.pointer) == ("NG111", 2, 2, "/a/1")
    _, [p] = parse_json(f"[{-(2**53) - 1}]", "f")
    assert p.code == "NG111" and p.pointer == "/0"


def test_an_integer_of_thousands_of_digits_is_refused_not_a_value_error() -> None:
    value, [p] = parse_json('{"n": ' + "9" * 5000 + "}", "f")
    assert value is None and (p.code, p.pointer) == ("NG111", "/n") and "5000" in p.message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e400", "-1.5E+309"])
def test_nan_infinity_and_float_overflow_are_refused(constant: str) -> None:
    value, [p] = parse_json(f'{{"scores": [0.5, {constant}]}}', "f")
    assert value is None and (p.code, p.line, p.column, p.pointer) == ("NG112", 1, 18, "/scores/1")


def test_duplicate_keys_are_refused_with_their_place() -> None:
    text = '{"doc_id": "d",\n "entities": [{"start": 0, "end": 4,\n  "start": 1}]}'
    value, [p] = parse_json(text, "preds.jsonl", line_offset=6)
    assert value is None
    assert (p.code, p.file, p.line, p.column, p.pointer) == ("NG113", "preds.jsonl", 9, 3, "/entities/0/start")
    _, [p] = parse_json('{"a": 1, "\\u0061": 2}', "f")  # the same key, spelled differently
    assert p.code == "NG113" and p.pointer == "/a"
    assert parse_json('[{"a": 1}, {"a": 2}]', "f")[1] == []  # same key, different objects


def test_the_first_problem_in_text_order_is_reported() -> None:
    _, [p] = parse_json('[{"a": 1, "a": 2}, NaN]', "f")
    assert p.code == "NG113"
    _, [p] = parse_json('[NaN, {"a": 1, "a": 2}]', "f")
    assert p.code == "NG112"


IO_CASES = ROOT / "tests" / "cases" / "io" / "validate"


@pytest.mark.parametrize("case", sorted(IO_CASES.glob("ng*")), ids=lambda p: p.name)
def test_the_validator_refuses_strict_json_problems_in_gold(repo, case: Path) -> None:
    """As tests/test_validate.py does for its fixtures (once these move there, it covers them)."""
    from newsgold.validate import validate

    found = validate(repo, [case], corpus_dir=ROOT / "tests" / "cases" / "validate" / "corpus")
    assert {i.code for i in found} == {case.name.upper()}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('ab[]{}"\\:, \n\u00e9'), max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(alphabet="ab[{\"\\", max_size=3), children, max_size=4),
    max_leaves=30,
)


def depth(v: object) -> int:
    if isinstance(v, dict):
        return 1 + max(map(depth, v.values()), default=0)
    if isinstance(v, list):
        return 1 + max(map(depth, v), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(1, 8), st.booleans())
def test_strict_parsing_agrees_with_json_and_refuses_exactly_the_deep(value, limit: int, indent: bool) -> None:
    text = json.dumps(value, indent=1 if indent else None, ensure_ascii=False)
    got, problems = parse_json(text, "f", max_depth=limit)
    if depth(value) > limit:
        assert got is None and codes(problems) == ["NG110"]
    else:
        assert problems == [] and got == json.loads(text)
