"""Safe file handling: bounded strict reading, strict JSON, and atomic writes that refuse
to destroy anything (inputs, data folders, devices) and leave no temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from newsgold.cli import main
from newsgold.gold import io as nio
from newsgold.gold import write as nwrite
from newsgold.gold.errors import CATALOG, NewsgoldError
from newsgold.gold.io import check_input, parse_json, read_json, read_text
from newsgold.gold.write import check_output, write_atomic

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and signals as on POSIX")


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def codes(incidents) -> list[str]:
    return [i.code for i in incidents]


def refused(code: str, call, *args, **kwargs) -> NewsgoldError:
    with pytest.raises(NewsgoldError) as info:
        call(*args, **kwargs)
    assert codes(info.value.incidents) == [code], info.value
    return info.value


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
    _, [p] = parse_json('{"a": "x", "a": "\\u003a"}', "f")  # an escaped colon in the value kept
    assert p.code == "NG113" and p.pointer == "/a"


def test_the_first_problem_in_text_order_is_reported() -> None:
    _, [p] = parse_json('[{"a": 1, "a": 2}, NaN]', "f")
    assert p.code == "NG113"
    _, [p] = parse_json('[NaN, {"a": 1, "a": 2}]', "f")
    assert p.code == "NG112"


IO_CASES = ROOT / "tests" / "cases" / "io" / "validate"


@pytest.mark.parametrize("case", sorted(IO_CASES.glob("ng*")), ids=lambda p: p.name)
def test_the_validator_refuses_strict_json_problems_in_gold(repo, case: Path) -> None:
    """As tests/test_validate.py does for its fixtures (once these move there, it covers them)."""
    from newsgold.gold.validate import validate

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


# ---------------------------------------------------------------------------------------
# Writing: atomic, mode kept


def test_write_atomic_writes_text_bytes_and_chunks(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    write_atomic(target, "caf\u00e9\n")
    assert target.read_bytes() == "caf\u00e9\n".encode("utf-8")
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    write_atomic(target, (c for c in ["a", b"b", "c\r\n"]))
    assert target.read_bytes() == b"abc\r\n"
    assert temp_files(target.parent) == []


@posix_only
def test_an_existing_targets_mode_is_kept_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text("{}", encoding="utf-8")
    secret.chmod(0o600)
    write_atomic(secret, "[]")
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text(encoding="utf-8") == "[]"
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


# ---------------------------------------------------------------------------------------
# Writing: refusals


@posix_only
def test_a_fifo_target_is_refused_and_left_alone(tmp_path: Path) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    e = refused("NG005", write_atomic, fifo, "{}")
    assert "FIFO" in str(e)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and temp_files(tmp_path) == []


@posix_only
@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_dev_null_as_target_is_refused() -> None:
    refused("NG005", write_atomic, Path("/dev/null"), "{}")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    refused("NG005", write_atomic, tmp_path / "out", "{}")


def test_a_symlink_target_is_refused_and_what_it_points_at_is_unchanged(tmp_path: Path) -> None:
    real = tmp_path / "gold.json"
    real.write_text("precious", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    refused("NG005", write_atomic, link, "{}")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "precious"
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    refused("NG005", write_atomic, tmp_path / "dangling.json", "{}")
    assert not (tmp_path / "nowhere.json").exists()


def test_the_same_file_as_an_input_is_refused(tmp_path: Path, monkeypatch) -> None:
    preds = tmp_path / "preds.jsonl"
    preds.write_text("keep", encoding="utf-8")
    (tmp_path / "hardlink.jsonl").hardlink_to(preds)
    (tmp_path / "alias.jsonl").symlink_to(preds)
    monkeypatch.chdir(tmp_path)
    for target, source in [
        (preds, preds),
        (Path("preds.jsonl"), preds),  # relative and absolute
        (preds, Path("./alias.jsonl")),  # the input named through a link
        (tmp_path / "hardlink.jsonl", preds),  # another name of the same file
    ]:
        refused("NG004", write_atomic, target, "{}", inputs=[tmp_path / "other.json", source])
    assert preds.read_text(encoding="utf-8") == "keep"
    # an input folder: writing inside it is fine, the other inputs need not exist
    write_atomic(tmp_path / "report.json", "{}", inputs=[tmp_path, tmp_path / "missing.json"])
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "{}"


def test_inside_a_protected_folder_is_refused_unless_allowed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "annotations" / "gold").mkdir(parents=True)
    (root / "corpus").mkdir()
    protected = nwrite.protected_folders(root)
    assert protected == (root / "annotations", root / "corpus", root / "data", root / "submissions")
    for target in (root / "corpus" / "x.txt", root / "annotations" / "gold" / "x.json", root / "annotations" / "new" / "x.json"):
        refused("NG006", write_atomic, target, "{}", protected=protected)
        assert not target.exists()
    (tmp_path / "alias").symlink_to(root / "annotations")  # through a link to the folder
    refused("NG006", write_atomic, tmp_path / "alias" / "x.json", "{}", protected=protected)
    write_atomic(root / "annotations" / "gold" / "x.json", "{}", protected=protected, allow_protected=True)
    write_atomic(root / "report.json", "{}", protected=protected)  # beside them is fine
    write_atomic(root / "corpus-report.json", "{}", protected=protected)  # a name sharing a prefix too
    assert check_output(root / "annotations" / "x.json", protected=protected, allow_protected=True) == []


def test_a_missing_folder_is_made_or_refused(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "report.json"
    e = refused("NG007", write_atomic, target, "{}", parents=False)
    assert str(tmp_path / "a" / "b") in str(e) and "mkdir -p" in e.incidents[0].hint
    write_atomic(target, "{}")  # as before: missing folders are made
    assert target.read_text(encoding="utf-8") == "{}"


def test_a_parent_that_is_a_file_is_a_coded_error(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker / "report.json", blocker / "deeper" / "report.json"):
        for parents in (True, False):
            e = refused("NG007", write_atomic, target, "{}", parents=parents)
            assert "not a folder" in str(e) or "where a folder is needed" in str(e), e
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="root writes into read-only folders")
def test_a_read_only_folder_is_a_coded_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        e = refused("NG008", write_atomic, folder / "report.json", "{}")
        assert "chmod" in e.incidents[0].hint
    finally:
        folder.chmod(0o755)


def test_a_full_disk_is_a_coded_error_and_the_old_file_stays(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(nwrite.os, "fsync", full)
    e = refused("NG008", write_atomic, target, "new")
    assert "no space" in str(e) and "free disk space" in e.incidents[0].hint
    assert target.read_text(encoding="utf-8") == "old" and temp_files(tmp_path) == []


def test_an_exception_or_ctrl_c_mid_write_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    for error in (ValueError("broken content"), KeyboardInterrupt()):

        def chunks():
            yield "half of it"
            assert temp_files(tmp_path), "the temporary file exists while writing"
            raise error

        with pytest.raises(type(error)):
            write_atomic(target, chunks())
        assert target.read_text(encoding="utf-8") == "old" and temp_files(tmp_path) == []


@posix_only
def test_the_sigterm_handler_is_restored_and_threads_can_write(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    write_atomic(tmp_path / "a.json", "{}")
    assert signal.getsignal(signal.SIGTERM) == before
    errors: list = []

    def in_thread() -> None:
        try:
            write_atomic(tmp_path / "b.json", "{}")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    t = threading.Thread(target=in_thread)
    t.start()
    t.join()
    assert errors == [] and (tmp_path / "b.json").read_text(encoding="utf-8") == "{}"


def test_the_cli_refuses_an_unsafe_output_with_exit_2(repo, tmp_path: Path, capsys) -> None:
    preds = ROOT / "submissions" / "baseline" / "predictions.jsonl"
    assert main(["score", "--root", str(repo.root), str(preds), "--json", "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "NG005" in err and "Traceback" not in err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(preds), "--json", "-o", str(blocker / "r.json")]) == 2
    assert "NG007" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# Writing: other processes (concurrent writers, SIGTERM)


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "eval") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], env=env, **kwargs)


WRITER = """
    import json, sys
    from pathlib import Path
    from newsgold.gold.write import write_atomic
    n = int(sys.argv[2])
    payload = {"writer": n, "rows": [[n, i, "x" * 40] for i in range(20000)]}
    write_atomic(Path(sys.argv[1]), json.dumps(payload))
"""


def test_concurrent_writers_leave_one_whole_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text(json.dumps({"writer": -1, "rows": []}), encoding="utf-8")
    seen = set()
    for _round in range(3):
        procs = [python(WRITER, str(target), str(n)) for n in range(8)]
        while any(p.poll() is None for p in procs):  # readers meanwhile see a whole file
            data = json.loads(target.read_text(encoding="utf-8"))
            assert data["writer"] == -1 or len(data["rows"]) == 20000
        assert [p.wait(timeout=60) for p in procs] == [0] * 8
        data = json.loads(target.read_text(encoding="utf-8"))
        n = data["writer"]
        assert 0 <= n < 8 and data["rows"] == [[n, i, "x" * 40] for i in range(20000)]
        seen.add(n)
        assert temp_files(tmp_path) == []


STALLED = """
    import os, signal, sys, time
    from pathlib import Path
    import newsgold.gold.write as nio
    mode = sys.argv[2]
    if mode == "handler":  # a program's own handler: it still runs, and exits
        def bye(signum, frame):
            sys.exit(143)
        signal.signal(signal.SIGTERM, bye)

    def stall():
        print("writing", flush=True)
        time.sleep(30)

    def chunks():
        yield "x" * 100000
        stall()
        yield "y"

    if mode == "fsync":  # the signal lands in the fsync
        fsync = nio.os.fsync
        nio.os.fsync = lambda fd: (stall(), fsync(fd))
        nio.write_atomic(Path(sys.argv[1]), "new")
    else:
        nio.write_atomic(Path(sys.argv[1]), chunks())
    print("finished", flush=True)
"""


@posix_only
@pytest.mark.parametrize("mode", ["chunks", "fsync", "handler"])
def test_sigterm_mid_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    proc = python(STALLED, str(target), mode, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "writing\n"
        assert len(temp_files(tmp_path)) == 1  # the signal lands during the write
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:  # pragma: no cover
            proc.kill()
            proc.wait()
    assert code == (143 if mode == "handler" else -signal.SIGTERM)
    assert proc.stdout.read() == ""
    assert target.read_text(encoding="utf-8") == "old" and temp_files(tmp_path) == []
