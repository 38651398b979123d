"""Reading files strictly and within bounds.

Reading is strict and bounded. Every reader returns ``(value, incidents)``; a value of None
means the file is unusable, and the incidents say why (file, line, column, JSON pointer):

* only regular files are read: a folder, FIFO, socket or device (``/dev/zero``) is refused
  from its ``os.stat`` before anything is opened, so a reader never hangs (NG107); in a
  folder of inputs, a symbolic link that leads out of the folder is refused (NG114);
* a file larger than the input cap is refused (NG108). The cap is :data:`MAX_INPUT_BYTES`
  (1 GiB) unless the environment sets ``NEWSGOLD_MAX_INPUT_BYTES`` (a whole number of bytes),
  and a caller's ``max_bytes=`` overrides both. The cap counts bytes after decompression
  too: a zip member (:func:`read_member`) or a zlib stream (:func:`check_inflated`) is read
  in chunks of at most :data:`CHUNK` bytes and refused as soon as it passes the cap;
* text is UTF-8 without a BOM (NG101, NG102);
* JSON is refused when malformed (NG103), nested deeper than ``max_depth`` (200, NG110),
  holding an integer beyond 2**53 in absolute value (NG111), NaN or Infinity (NG112), or
  one key twice in an object (NG113).

Writing is :mod:`newsgold.gold.write`'s job.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]  # set at run time; the stubs omit it
from typing import Any, BinaryIO, Union

from .errors import Incident, incident, pointer

PathLike = Union[str, "os.PathLike[str]"]

MAX_INPUT_BYTES = 1 << 30
"""Default input cap in bytes (1 GiB); ``NEWSGOLD_MAX_INPUT_BYTES`` or ``max_bytes=`` change it."""

MAX_INPUT_ENV = "NEWSGOLD_MAX_INPUT_BYTES"

CHUNK = 1 << 20
"""Largest read or decompression step: memory past the cap is never asked for."""

MAX_DEPTH = 200
"""Deepest nesting of JSON arrays and objects that :func:`parse_json` accepts."""

MAX_SAFE_INT = 2**53
"""Largest integer magnitude read from JSON: beyond it, readers in other languages lose digits."""

# ---------------------------------------------------------------------------------------
# Reading


def input_cap(max_bytes: int | None = None) -> tuple[int | None, list[Incident]]:
    """The input cap in bytes: ``max_bytes``, else ``$NEWSGOLD_MAX_INPUT_BYTES``, else 1 GiB.

    >>> input_cap(10)
    (10, [])
    """
    if max_bytes is not None:
        return max_bytes, []
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return MAX_INPUT_BYTES, []
    try:
        cap = int(raw)
    except ValueError:
        cap = 0
    if cap <= 0:
        return None, [
            incident("NG009", MAX_INPUT_ENV, message=f"{MAX_INPUT_ENV}={raw!r} is not a positive whole number of bytes")
        ]
    return cap, []


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def _oversize(file: str, size: int, cap: int, what: str = "the file has") -> Incident:
    return incident(
        "NG108",
        file,
        message=f"{what} {size} bytes; the input cap is {cap} bytes",
        hint=f"raise the cap, e.g. {MAX_INPUT_ENV}={1 << size.bit_length()} (bytes), or split the file",
    )


def _inflated_past(file: str, cap: int) -> Incident:
    return _oversize(file, cap + 1, cap, "decompressed, it has more than")


def check_input(path: PathLike, *, max_bytes: int | None = None) -> list[Incident]:
    """Why ``path`` cannot be read as an input file, from its ``os.stat`` alone (never opened).

    Readers that open files themselves (JSON Lines read line by line) call this first.
    """
    file = os.fspath(path)
    cap, problems = input_cap(max_bytes)
    if cap is None:
        return problems
    try:
        st = os.stat(file)
    except (FileNotFoundError, NotADirectoryError):
        return [incident("NG105", file, message="file does not exist")]
    except OSError as e:
        return [incident("NG109", file, message=f"cannot examine the file: {e.strerror}")]
    if not stat.S_ISREG(st.st_mode):
        return [incident("NG107", file, message=f"{file_kind(st.st_mode)} was given where a file is expected")]
    if st.st_size > cap:
        return [_oversize(file, st.st_size, cap)]
    return []


def _open_regular(file: str) -> tuple[int | None, list[Incident]]:
    """A descriptor open for reading on ``file`` when it is a regular file."""
    # O_NONBLOCK: should a FIFO replace the file after the check, opening it does not hang.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None, [incident("NG105", file, message="file does not exist")]
    except OSError as e:
        return None, [incident("NG109", file, message=f"cannot open the file: {e.strerror}")]
    try:
        mode = os.fstat(fd).st_mode
    except OSError as e:
        os.close(fd)
        return None, [incident("NG109", file, message=f"cannot examine the file: {e.strerror}")]
    if not stat.S_ISREG(mode):
        os.close(fd)
        return None, [incident("NG107", file, message=f"{file_kind(mode)} was given where a file is expected")]
    return fd, []


def read_bytes(path: PathLike, *, max_bytes: int | None = None) -> tuple[bytes | None, list[Incident]]:
    """The bytes of a regular file no larger than the input cap (see :func:`input_cap`)."""
    file = os.fspath(path)
    problems = check_input(file, max_bytes=max_bytes)
    if problems:
        return None, problems
    cap, _ = input_cap(max_bytes)
    assert cap is not None
    fd, problems = _open_regular(file)
    if fd is None:
        return None, problems
    try:
        parts: list[bytes] = []
        total = 0
        size = min(os.fstat(fd).st_size, cap) + 1  # the whole file in one read, usually
        while total <= cap:
            chunk = os.read(fd, size)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            size = min(1 << 20, cap + 1 - total)
    except OSError as e:
        return None, [incident("NG109", file, message=f"cannot read the file: {e.strerror}")]
    finally:
        os.close(fd)
    if total > cap:  # it grew after the check
        return None, [_oversize(file, total, cap)]
    return (parts[0] if len(parts) == 1 else b"".join(parts)), []


def read_member(
    archive: Any, member: str, file: str, *, max_bytes: int | None = None
) -> tuple[bytes | None, list[Incident]]:
    """The bytes of ``member`` of an open :class:`zipfile.ZipFile`, no more than the input cap
    once decompressed: the size the archive declares is checked first, and the member is
    then read in chunks, so a member that lies about its size is stopped at the cap too.
    Incidents name ``file!member``."""
    where = f"{file}!{member}"
    cap, problems = input_cap(max_bytes)
    if cap is None:
        return None, problems
    declared = archive.getinfo(member).file_size
    if declared > cap:
        return None, [_oversize(where, declared, cap, "decompressed, the member has")]
    parts: list[bytes] = []
    total = 0
    with archive.open(member) as f:
        while chunk := f.read(min(CHUNK, cap + 1 - total)):
            parts.append(chunk)
            total += len(chunk)
            if total > cap:
                return None, [_inflated_past(where, cap)]
    return b"".join(parts), []


def check_inflated(data: bytes, file: str, *, max_bytes: int | None = None) -> list[Incident]:
    """Why a zlib stream (a spaCy ``DocBin``) cannot be read: it inflates past the input cap.

    It is inflated chunk by chunk and the output dropped, so the check holds at most
    :data:`CHUNK` bytes at a time; a stream that is not zlib is left to its reader to refuse.
    """
    cap, problems = input_cap(max_bytes)
    if cap is None:
        return problems
    inflate = zlib.decompressobj()
    total = 0
    rest = data
    try:
        while not inflate.eof:
            out = inflate.decompress(rest, CHUNK)
            total += len(out)
            if total > cap:
                return [_inflated_past(file, cap)]
            rest = inflate.unconsumed_tail
            if not out and not rest:  # cut short: its reader says so
                break
    except zlib.error:
        pass
    return []


def read_text(path: PathLike, *, max_bytes: int | None = None) -> tuple[str | None, list[Incident]]:
    """The file's text, refusing anything but a regular UTF-8 file without a BOM, within the cap."""
    raw, problems = read_bytes(path, max_bytes=max_bytes)
    if raw is None:
        return None, problems
    file = os.fspath(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [incident("NG102", file, line=1, column=1, message="file begins with the bytes EF BB BF")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [
            incident(
                "NG101",
                file,
                line=line,
                column=column,
                message=f"byte 0x{raw[e.start]:02X} at byte offset {e.start} is not valid UTF-8",
            )
        ]


def outside(folder: PathLike, path: PathLike) -> Incident | None:
    """NG114 when ``path``, reached through ``folder``, leads out of it by a symbolic link (the
    path itself, or a folder on the way); None when it stays inside. Decided from the links
    alone, before anything is opened: a folder of inputs never reads, or echoes, a file elsewhere."""
    root = os.path.realpath(folder)
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([root, real]) == root
    except ValueError:  # another drive
        inside = False
    if inside:
        return None
    return incident("NG114", os.fspath(path), message=f"a symbolic link leads to {real}, outside {os.fspath(folder)}")


def folder_files(
    folder: PathLike, suffix: str | tuple[str, ...], *, recursive: bool = False
) -> tuple[list[str], list[Incident]]:
    """The files of ``folder`` whose names end in ``suffix`` (lower case, or a tuple of them;
    names are matched in any case) and, ``recursive``, those of its subfolders, sorted,
    and the refusals: an entry whose symbolic link leads out of the folder (NG114) is refused,
    not listed. A linked subfolder is not walked (it is refused when it leads out). What the
    entries are (a file, a FIFO) is for the reader to check."""
    top = os.fspath(folder)
    files: list[str] = []
    problems: list[Incident] = []
    for here, subfolders, names in os.walk(top, followlinks=False):
        linked = [s for s in subfolders if os.path.islink(os.path.join(here, s))]
        if recursive:  # walk the real subfolders; a linked one only answers for where it leads
            problems += [i for i in (outside(top, os.path.join(here, s)) for s in sorted(linked)) if i is not None]
            subfolders[:] = sorted(set(subfolders) - set(linked))
        else:  # the entries themselves, a subfolder too: the reader says what it is
            names, subfolders[:] = [*names, *subfolders], []
        for name in sorted(names):
            if not name.lower().endswith(suffix):
                continue
            path = os.path.join(here, name)
            refused = outside(top, path)
            if refused is None:
                files.append(path)
            else:
                problems.append(refused)
    return sorted(files), problems


class _Refused(Exception):
    """Raised by the decoder hooks; the exact place is then found by :func:`_first_problem`."""


def _no_constant(name: str) -> Any:
    raise _Refused(name)


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        raise _Refused("duplicate key")
    return d


def _finite_float(s: str) -> float:
    v = float(s)
    if v - v == 0.0:  # not inf (1e400 overflows to inf)
        return v
    raise _Refused(s)


def _safe_int(s: str) -> int:
    # more than 16 digits is beyond 2**53, and int() of over 4300 digits raises ValueError
    if len(s) - (s[0] == "-") > 16:
        raise _Refused(s)
    v = int(s)
    if -MAX_SAFE_INT <= v <= MAX_SAFE_INT:
        return v
    raise _Refused(s)


# Built once: json.loads with hooks would build a decoder for every call. _DECODER checks
# each object's keys as it is built (parse_constant is called for NaN and Infinity only).
# Counting colons after a plain parse, tried before, was slower on nested records and let
# a repeated key through when an escaped colon (\u003a) made up the count.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
# Only for text where a number may be out of range (see _may_overflow): a hook on every
# number costs a call each.
_DECODER_NUMBERS = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_constant=_no_constant, parse_int=_safe_int, parse_float=_finite_float
)

_KEPT = b'[]{}"\\'  # brackets, quotes and backslashes: what the depth check looks at
_NOT_KEPT = bytes(c for c in range(256) if c not in _KEPT)
_NOT_BRACKETS_OR_QUOTES = bytes(c for c in range(256) if c not in b'[]{}"')
# Digits to 0, E to e, + dropped: a number with an exponent of 3 digits, signed or not, reads
# "0e000", one search (the digit before the e keeps words and ids such as "e000042" off the slow path).
_NUMBER_SHAPE = bytes.maketrans(b"123456789E", b"000000000e")
_LONG_INTEGER = re.compile(rb"(?<![0-9.])[0-9]{16}")  # 16 digits not in a fraction


def _may_overflow(raw: bytes) -> bool:
    """False when no number can exceed 2**53 or overflow a float: no integer part of 16
    digits, no exponent of 3 digits. Cheap; a hit in a string costs only time."""
    shape = raw.translate(_NUMBER_SHAPE, b"+")
    return b"0e000" in shape or (b"0000000000000000" in shape and _LONG_INTEGER.search(raw) is not None)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')


def _may_be_deep(raw: bytes, max_depth: int) -> bool:
    """False when the UTF-8 text ``raw`` surely nests no deeper than ``max_depth``; cheap
    (C byte calls, one pass over ``raw`` when it holds no backslash).

    With the strings dropped, each round of removing ``[]`` and ``{}`` takes off one or two
    levels, so emptying in k rounds means a depth of at most 2k.
    """
    seq = raw.translate(None, _NOT_KEPT)
    if seq.count(b"[") + seq.count(b"{") <= max_depth:  # fewer arrays and objects than levels
        return False
    if b"\\" in seq:  # an escaped quote or backslash: drop the escapes from the text itself
        seq = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_BRACKETS_OR_QUOTES)
    seq = seq.replace(b'""', b"")
    if b'"' in seq:  # a string holds a bracket: drop the strings themselves (slower)
        seq = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS_OR_QUOTES)
    for _ in range(max_depth // 2):
        shorter = seq.replace(b"[]", b"").replace(b"{}", b"")
        if not shorter or shorter == seq:  # empty, or unbalanced (the parser reports that)
            return False
        seq = shorter
    return True


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = ("true", "false", "null")
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


def _skip_ws(text: str, i: int) -> int:
    """The offset after the JSON whitespace at i (the pattern matches the empty string too)."""
    m = _WS.match(text, i)
    assert m is not None
    return m.end()


Found = tuple[str, str, int, list[int | str]]


def _first_problem(text: str, max_depth: int) -> Found | None:
    """The first refusal in text order: (code, message, offset, pointer parts), or None.

    A plain scan with an explicit stack (no recursion), run only when the fast path found
    or suspected a problem. It stops at a syntax error (None): the parser reports those.
    """
    path: list[int | str] = []  # per open container: the current key or index
    keys: list[set[str] | None] = []  # per open container: the keys seen (None: an array)
    ws = _skip_ws
    i = ws(text, 0)
    expect_value = True
    while True:
        if expect_value:
            c = text[i : i + 1]
            if c == "[" or c == "{":
                if len(keys) >= max_depth:
                    return "NG110", f"arrays and objects nest deeper than {max_depth} levels", i, path
                i = ws(text, i + 1)
                keys.append(None if c == "[" else set())
                path.append(0 if c == "[" else "")
                if text[i : i + 1] == ("]" if c == "[" else "}"):  # empty
                    i += 1
                    keys.pop()
                    path.pop()
                    expect_value = False
                    continue
                if c == "[":
                    continue
                # an object: read its first key below
            elif c == '"':
                try:
                    i = scanstring(text, i + 1)[1]
                except ValueError:
                    return None
                expect_value = False
                continue
            else:
                for const in _CONSTANTS:
                    if text.startswith(const, i):
                        return "NG112", f"{const} is not JSON", i, path
                m = _NUMBER.match(text, i)
                if m:
                    digits = m.end() - i - (c == "-")
                    shown = m.group() if digits <= 40 else f"{m.group()[:20]}... ({digits} characters)"
                    if m.group(1) is None and m.group(2) is None:
                        if digits > 16 or abs(int(m.group())) > MAX_SAFE_INT:
                            return "NG111", f"integer {shown} is beyond 2**53 in absolute value", i, path
                    elif float(m.group()) in (float("inf"), float("-inf")):
                        return "NG112", f"number {shown} overflows a 64-bit float (it would read as Infinity)", i, path
                    i = m.end()
                elif text.startswith(_LITERALS, i):
                    i += 4 if text[i] != "f" else 5
                else:
                    return None
                expect_value = False
                continue
        else:
            i = ws(text, i)
            if not keys:
                return None
            c = text[i : i + 1]
            is_array = keys[-1] is None
            if c == ("]" if is_array else "}"):
                i += 1
                keys.pop()
                path.pop()
                continue
            if c != ",":
                return None
            i = ws(text, i + 1)
            if is_array:
                path[-1] = int(path[-1]) + 1
                expect_value = True
                continue
            # an object: read the next key below
        if text[i : i + 1] != '"':
            return None
        try:
            key, end = scanstring(text, i + 1)
        except ValueError:
            return None
        seen = keys[-1]
        assert seen is not None
        path[-1] = key
        if key in seen:
            return "NG113", f"key {key!r} appears twice in this object", i, path
        seen.add(key)
        i = ws(text, end)
        if text[i : i + 1] != ":":
            return None
        i = ws(text, i + 1)
        expect_value = True


def _refusal(text: str, file: str, line_offset: int, found: Found) -> Incident:
    code, message, pos, parts = found
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    where = None if code == "NG110" else pointer(*parts)  # a pointer 200 levels deep helps no one
    return incident(code, file, line=line + line_offset, column=column, pointer=where, message=message)


def parse_json(text: str, file: str, *, line_offset: int = 0, max_depth: int = MAX_DEPTH) -> tuple[Any, list[Incident]]:
    """Parse JSON text strictly; every refusal names the file, line, column and JSON pointer.

    NG103 malformed (with the parser's message), NG110 nested deeper than ``max_depth``,
    NG111 an integer beyond 2**53 in absolute value, NG112 NaN, Infinity or a number that
    overflows a float (1e400), NG113 a key given twice in one object. ``line_offset`` is
    added to line numbers (for one line of a JSON Lines file).

    The checks cost little: C string scans decide when the slower exact ones are needed.

    >>> parse_json('{"a": [1, 2]}', "x.json")
    ({'a': [1, 2]}, [])
    >>> print(parse_json('{"a": 1,\\n "a": 2}', "x.json")[1][0].render())
    x.json:2:2#/a: error NG113 [L1 files] key 'a' appears twice in this object (hint: ...)
    """
    if text.startswith("\ufeff"):
        return None, [
            incident(
                "NG103", file, line=1 + line_offset, column=1, message="Unexpected UTF-8 BOM (decode using utf-8-sig)"
            )
        ]
    raw = text.encode("utf-8", "surrogatepass")
    if _may_be_deep(raw, max_depth):
        found = _first_problem(text, max_depth)
        if found is not None:
            return None, [_refusal(text, file, line_offset, found)]
    try:
        if _may_overflow(raw):
            return _DECODER_NUMBERS.decode(text), []
        return _DECODER.decode(text), []
    except json.JSONDecodeError as e:
        return None, [incident("NG103", file, line=e.lineno + line_offset, column=e.colno, message=e.msg)]
    except (_Refused, RecursionError, ValueError) as e:
        found = _first_problem(text, max_depth)
        if found is not None:
            return None, [_refusal(text, file, line_offset, found)]
        code = "NG110" if isinstance(e, RecursionError) else "NG103"
        return None, [incident(code, file, message=f"the parser gave up: {e}")]


class JsonlScan:
    """The values of a JSON Lines file's lines, as ``(line number, value)``, scanned a block
    of whole lines at a time for as long as every line reads cleanly: UTF-8 without a BOM,
    LF line ends, no blank line, each line one value that :func:`parse_json` accepts.

    Where the scan meets anything else it stops, and ``rest`` says where: ``(line number,
    byte offset)`` of the first line it did not read, for the caller to read from there one
    line at a time, which names each problem by line, column and pointer. ``rest`` is None
    once the scan read the whole file.

    One scan of a block's text instead of one parse per line: on 40,000 short lines the
    per-line checks and calls cost as much again as the parsing. Memory holds one block
    (``block`` bytes of lines, or one longer line) and the value being read.
    """

    BLOCK = 1 << 20

    def __init__(self, path: PathLike, block: int = BLOCK, source: BinaryIO | None = None):
        """``source``, when given, is read instead of the file at ``path``: lines of it
        already in memory, which the caller has checked against the input cap."""
        self.path, self.block, self.source = os.fspath(path), block, source
        self.rest: tuple[int, int] | None = (1, 0)

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        for first, values in self.blocks():
            yield from enumerate(values, first)

    def blocks(self) -> Iterator[tuple[int, list[Any]]]:
        """The values a block at a time, each list with its first line's number."""
        if self.source is not None:
            yield from self._scan(self.source, None)
            return
        cap, _ = input_cap()
        fd, _ = _open_regular(self.path)
        if fd is None or cap is None:
            return
        with os.fdopen(fd, "rb") as f:
            yield from self._scan(f, cap)

    def _scan(self, f: BinaryIO, cap: int | None) -> Iterator[tuple[int, list[Any]]]:
        scan = _DECODER.scan_once  # type: ignore[attr-defined]  # set by JSONDecoder.__init__; the stubs omit it
        number, offset, pending = 1, 0, b""  # the next line's number and byte offset; a line begun
        while True:
            chunk = f.read(self.block)
            if cap is not None and offset + len(pending) + len(chunk) > cap:  # the line reader refuses it
                return
            raw, pending = pending + chunk, b""
            if chunk:
                cut = raw.rfind(b"\n") + 1
                raw, pending = raw[:cut], raw[cut:]
                if not raw:  # a line longer than a block: read on
                    continue
            elif not raw:
                self.rest = None
                return
            text = _clean_text(raw, offset == 0)
            if text is None:
                return
            n, pos = len(text), 0
            values: list[Any] = []
            while pos < n:
                try:
                    value, end = scan(text, pos)  # skips no whitespace: a line that starts with any is read on its own
                except (StopIteration, _Refused, RecursionError, ValueError):
                    end = -1
                if end < 0 or (end < n and text[end] != "\n"):  # or more on the line: a second value, trailing space
                    if values:
                        yield number, values
                    self.rest = (number + len(values), offset + len(text[:pos].encode("utf-8")))
                    return
                values.append(value)
                pos = end + 1
            yield number, values
            number += len(values)
            offset += len(raw)
            self.rest = (number, offset)


def _clean_text(raw: bytes, first: bool) -> str | None:
    """The text of whole lines ``raw`` when the scan may read them: UTF-8, no BOM, no CR,
    nothing nested too deep, no number out of range; else None."""
    if (first and raw.startswith(b"\xef\xbb\xbf")) or b"\r" in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Lines that nest no deeper than max_depth each make a text that nests no deeper either.
    if _may_be_deep(raw, MAX_DEPTH) or _may_overflow(raw):
        return None
    return text


def read_json(
    path: PathLike, *, max_bytes: int | None = None, max_depth: int = MAX_DEPTH
) -> tuple[Any, list[Incident]]:
    """:func:`read_text` then :func:`parse_json`."""
    text, problems = read_text(path, max_bytes=max_bytes)
    if text is None:
        return None, problems
    return parse_json(text, os.fspath(path), max_depth=max_depth)
