"""Reading and writing files safely.

Reading is strict and bounded. Every reader returns ``(value, incidents)``; a value of None
means the file is unusable, and the incidents say why (file, line, column, JSON pointer):

* only regular files are read: a folder, FIFO, socket or device (``/dev/zero``) is refused
  from its ``os.stat`` before anything is opened, so a reader never hangs (NG107);
* a file larger than the input cap is refused (NG108). The cap is :data:`MAX_INPUT_BYTES`
  (1 GiB) unless the environment sets ``NEWSGOLD_MAX_INPUT_BYTES`` (a whole number of bytes),
  and a caller's ``max_bytes=`` overrides both;
* text is UTF-8 without a BOM (NG101, NG102);
* JSON is refused when malformed (NG103), nested deeper than ``max_depth`` (200, NG110),
  holding an integer beyond 2**53 in absolute value (NG111), NaN or Infinity (NG112), or
  one key twice in an object (NG113).

Writing goes through :func:`write_atomic`: a temporary file in the target's folder, fsynced
and renamed over the target, so a reader sees the old file or the new one, never half of
one. It refuses, with coded errors, targets that would destroy something: see its docstring.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import stat
import tempfile
import threading
from contextlib import contextmanager, suppress
from json.decoder import scanstring
from pathlib import Path
from typing import Any, Iterable, Iterator, Union

from .errors import Incident, NewsgoldError, incident, pointer

PathLike = Union[str, "os.PathLike[str]"]

MAX_INPUT_BYTES = 1 << 30
"""Default input cap in bytes (1 GiB); ``NEWSGOLD_MAX_INPUT_BYTES`` or ``max_bytes=`` change it."""

MAX_INPUT_ENV = "NEWSGOLD_MAX_INPUT_BYTES"

MAX_DEPTH = 200
"""Deepest nesting of JSON arrays and objects that :func:`parse_json` accepts."""

MAX_SAFE_INT = 2**53
"""Largest integer magnitude read from JSON: beyond it, readers in other languages lose digits."""

PROTECTED = ("annotations", "corpus")
"""The repository folders that hold the data; see :func:`protected_folders`."""


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
        return None, [incident("NG009", MAX_INPUT_ENV, message=f"{MAX_INPUT_ENV}={raw!r} is not a positive whole number of bytes")]
    return cap, []


def _kind(mode: int) -> str:
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


def _oversize(file: str, size: int, cap: int) -> Incident:
    return incident(
        "NG108", file,
        message=f"the file has {size} bytes; the input cap is {cap} bytes",
        hint=f"raise the cap, e.g. {MAX_INPUT_ENV}={1 << size.bit_length()} (bytes), or split the file",
    )


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
        return [incident("NG107", file, message=f"{_kind(st.st_mode)} was given where a file is expected")]
    if st.st_size > cap:
        return [_oversize(file, st.st_size, cap)]
    return []


def read_bytes(path: PathLike, *, max_bytes: int | None = None) -> tuple[bytes | None, list[Incident]]:
    """The bytes of a regular file no larger than the input cap (see :func:`input_cap`)."""
    file = os.fspath(path)
    problems = check_input(file, max_bytes=max_bytes)
    if problems:
        return None, problems
    cap, _ = input_cap(max_bytes)
    assert cap is not None
    # O_NONBLOCK: should a FIFO replace the file after the check, opening it does not hang.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None, [incident("NG105", file, message="file does not exist")]
    except OSError as e:
        return None, [incident("NG109", file, message=f"cannot open the file: {e.strerror}")]
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, [incident("NG107", file, message=f"{_kind(st.st_mode)} was given where a file is expected")]
        parts: list[bytes] = []
        total = 0
        size = min(st.st_size, cap) + 1  # the whole file in one read, usually
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


# Built once: json.loads with hooks would build a decoder for every call.
_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
# Only for text where a number may be out of range (see _may_overflow): a hook on every
# number costs a call each.
_DECODER_NUMBERS = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_constant=_no_constant, parse_int=_safe_int, parse_float=_finite_float
)

_BRACKETS_AND_QUOTES = b'[]{}"'
_NOT_BRACKETS = bytes(c for c in range(256) if c not in _BRACKETS_AND_QUOTES)
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789E", b"000000000e")
_LONG_INTEGER = re.compile(rb"(?<![0-9.])[0-9]{16}")  # 16 digits not in a fraction


def _may_overflow(raw: bytes) -> bool:
    """False when no number can exceed 2**53 or overflow a float: no integer part of 16
    digits, no exponent of 3 digits. Cheap; a hit in a string costs only time."""
    shape = raw.translate(_DIGITS_TO_ZERO, b"+")
    return b"0e00" in shape or (b"0000000000000000" in shape and _LONG_INTEGER.search(raw) is not None)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')


def _may_be_deep(text: str, raw: bytes, max_depth: int) -> bool:
    """False when the text surely nests no deeper than ``max_depth``; cheap (C string calls).

    With the strings dropped, each round of removing ``[]`` and ``{}`` takes off one or two
    levels, so emptying in k rounds means a depth of at most 2k.
    """
    if text.count("[") + text.count("{") <= max_depth:
        return False
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    seq = raw.translate(None, _NOT_BRACKETS).replace(b'""', b"")
    if b'"' in seq:  # a string holds a bracket: drop the strings themselves (slower)
        seq = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
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

Found = tuple[str, str, int, list[object]]


def _first_problem(text: str, max_depth: int) -> Found | None:
    """The first refusal in text order: (code, message, offset, pointer parts), or None.

    A plain scan with an explicit stack (no recursion), run only when the fast path found
    or suspected a problem. It stops at a syntax error (None): the parser reports those.
    """
    path: list[object] = []  # per open container: the current key or index
    keys: list[set[str] | None] = []  # per open container: the keys seen (None: an array)
    ws = _WS.match
    i = ws(text, 0).end()
    expect_value = True
    while True:
        if expect_value:
            c = text[i : i + 1]
            if c == "[" or c == "{":
                if len(keys) >= max_depth:
                    return "NG110", f"arrays and objects nest deeper than {max_depth} levels", i, path
                i = ws(text, i + 1).end()
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
            i = ws(text, i).end()
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
            i = ws(text, i + 1).end()
            if is_array:
                path[-1] = int(path[-1]) + 1  # type: ignore[call-overload]
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
        i = ws(text, end).end()
        if text[i : i + 1] != ":":
            return None
        i = ws(text, i + 1).end()
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
        return None, [incident("NG103", file, line=1 + line_offset, column=1, message="Unexpected UTF-8 BOM (decode using utf-8-sig)")]
    raw = text.encode("utf-8", "surrogatepass")
    if _may_be_deep(text, raw, max_depth):
        found = _first_problem(text, max_depth)
        if found is not None:
            return None, [_refusal(text, file, line_offset, found)]
    decoder = _DECODER_NUMBERS if _may_overflow(raw) else _DECODER
    try:
        return decoder.decode(text), []
    except json.JSONDecodeError as e:
        return None, [incident("NG103", file, line=e.lineno + line_offset, column=e.colno, message=e.msg)]
    except (_Refused, RecursionError, ValueError) as e:
        found = _first_problem(text, max_depth)
        if found is not None:
            return None, [_refusal(text, file, line_offset, found)]
        code = "NG110" if isinstance(e, RecursionError) else "NG103"
        return None, [incident(code, file, message=f"the parser gave up: {e}")]


def read_json(path: PathLike, *, max_bytes: int | None = None, max_depth: int = MAX_DEPTH) -> tuple[Any, list[Incident]]:
    """:func:`read_text` then :func:`parse_json`."""
    text, problems = read_text(path, max_bytes=max_bytes)
    if text is None:
        return None, problems
    return parse_json(text, os.fspath(path), max_depth=max_depth)


# ---------------------------------------------------------------------------------------
# Writing


def protected_folders(root: PathLike) -> tuple[Path, ...]:
    """The folders of a repository that outputs stay out of: ``annotations/`` and ``corpus/``."""
    return tuple(Path(root) / name for name in PROTECTED)


def check_output(
    path: PathLike, *, inputs: Iterable[PathLike] = (), protected: Iterable[PathLike] = (), allow_protected: bool = False
) -> list[Incident]:
    """Why writing ``path`` would destroy something; empty when it is safe to write.

    Refused: a target that exists and is not a regular file (a folder, FIFO, device), or is
    a symbolic link (NG005); the same file as one of ``inputs`` (NG004; a target *inside* an
    input folder is fine); a target inside one of ``protected`` unless ``allow_protected``
    (NG006). :func:`write_atomic` checks this itself; call it early to fail before long work.
    """
    target = Path(path)
    file = str(target)
    try:
        st = os.lstat(target)
    except OSError:
        st = None  # missing (or its folder is): the write reports what is wrong
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            return [incident("NG005", file, message="the output is a symbolic link; it is not followed or replaced")]
        if not stat.S_ISREG(st.st_mode):
            return [incident("NG005", file, message=f"the output is {_kind(st.st_mode)}, not a regular file")]
        for source in inputs:
            try:
                same = os.path.samefile(target, source)
            except OSError:
                continue
            if same:
                return [incident("NG004", file, message=f"the output is the input {os.fspath(source)}: writing it would destroy what is read")]
    if not allow_protected:
        real = Path(os.path.realpath(target.parent)) / target.name
        for folder in protected:
            guarded = Path(os.path.realpath(folder))
            if real == guarded or guarded in real.parents:
                return [incident("NG006", file, message=f"the output lies inside {os.fspath(folder)}, which holds the data")]
    return []


def _umask() -> int:
    try:  # Linux: read it without changing it
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_error(e: OSError, target: Path, *, making_folder: bool = False) -> NewsgoldError:
    file, folder = str(target), str(target.parent)
    strerror = e.strerror or str(e)
    if e.errno == errno.ENOENT:
        return NewsgoldError(incident("NG007", file, message=f"the folder {folder} does not exist",
                                      hint=f"create it (mkdir -p {folder}) or fix the path"))
    if e.errno == errno.ENOTDIR or (making_folder and e.errno == errno.EEXIST):
        where = e.filename or folder
        return NewsgoldError(incident("NG007", file, message=f"{where} is a file where a folder is needed",
                                      hint="fix the path, or move that file out of the way"))
    if e.errno == errno.EISDIR:
        return NewsgoldError(incident("NG005", file, message="the output is a folder, not a regular file"))
    if e.errno in (errno.EACCES, errno.EPERM) and making_folder and e.filename:
        parent = os.path.dirname(os.fspath(e.filename))
        return NewsgoldError(incident("NG008", file, message=f"cannot create the folder {e.filename}: {strerror}",
                                      hint=f"make {parent} writable (chmod u+w), create the folder yourself, or write elsewhere"))
    if e.errno in (errno.EACCES, errno.EPERM):
        return NewsgoldError(incident("NG008", file, message=f"cannot write in {folder}: {strerror}",
                                      hint=f"make {folder} writable (chmod u+w) or write elsewhere"))
    if e.errno == errno.EROFS:
        return NewsgoldError(incident("NG008", file, message=f"{folder} is on a read-only file system",
                                      hint="write elsewhere"))
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return NewsgoldError(incident("NG008", file, message=f"no space left for {file} ({strerror}); the old file is unchanged",
                                      hint="free disk space, or write elsewhere"))
    return NewsgoldError(incident("NG008", file, message=f"cannot write {file}: {strerror}"))


class _Pending:
    tmp: str | None = None


@contextmanager
def _sigterm_removes(pending: _Pending) -> Iterator[None]:
    """While writing, SIGTERM removes the temporary file, then acts as it would have.

    Only in the main thread (Python runs signal handlers there), and only when SIGTERM is
    handled from Python or by default: an ignored SIGTERM stays ignored.
    """
    sigterm = getattr(signal, "SIGTERM", None)
    if sigterm is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(sigterm)
    if previous is None or previous == signal.SIG_IGN:
        yield
        return

    def on_term(signum: int, frame: Any) -> None:
        if callable(previous):
            previous(signum, frame)  # if it raises, the writer's cleanup removes the file
            return
        if pending.tmp is not None:
            with suppress(OSError):
                os.unlink(pending.tmp)
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(sigterm, on_term)
    try:
        yield
    finally:
        signal.signal(sigterm, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM and SIGINT back while the temporary file is made and its name kept."""
    block = getattr(signal, "pthread_sigmask", None)
    held = {s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGINT", None)) if s is not None}
    if block is None or not held:
        yield
        return
    old = block(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)


Content = Union[str, bytes, Iterable[Union[str, bytes]]]


def write_atomic(
    path: PathLike,
    content: Content,
    *,
    inputs: Iterable[PathLike] = (),
    protected: Iterable[PathLike] = (),
    allow_protected: bool = False,
    parents: bool = True,
) -> None:
    """Write ``content`` (text as UTF-8, bytes as is, or an iterable of either) atomically.

    A temporary file with a unique name is made next to the target, written, flushed and
    fsynced, then renamed over the target (and the folder fsynced where that is possible):
    concurrent writers leave one whole file, never a mix. The temporary file is removed on
    every failure, Ctrl-C and SIGTERM included. An existing target keeps its permission
    bits; a new one gets 0666 less the umask.

    Refused with a :class:`NewsgoldError` (see :func:`check_output`): a target that is not a
    regular file or is a symbolic link (NG005), is the same file as one of ``inputs``
    (NG004), or lies inside one of ``protected`` unless ``allow_protected`` (NG006). Missing
    folders are made when ``parents`` (as before), else refused (NG007); a folder that cannot
    be made or written, or a full disk, is NG007 or NG008, never a traceback.
    """
    target = Path(path)
    problems = check_output(target, inputs=inputs, protected=protected, allow_protected=allow_protected)
    if problems:
        raise NewsgoldError(problems)
    folder = target.parent
    if parents:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _write_error(e, target, making_folder=True) from None
    try:
        old_mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        old_mode = None
    mode = old_mode if old_mode is not None else 0o666 & ~_umask()
    chunks: Iterable[str | bytes] = (content,) if isinstance(content, (str, bytes)) else content
    pending = _Pending()
    try:
        with _sigterm_removes(pending):
            try:
                with _signals_held():
                    fd, pending.tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
                with os.fdopen(fd, "wb") as f:
                    with suppress(OSError):  # some file systems have no permission bits
                        os.chmod(pending.tmp, mode)
                    for chunk in chunks:
                        f.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(pending.tmp, target)
                pending.tmp = None
            finally:
                if pending.tmp is not None:
                    with suppress(OSError):
                        os.unlink(pending.tmp)
    except OSError as e:
        raise _write_error(e, target) from None
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows fsync on a folder."""
    directory = getattr(os, "O_DIRECTORY", None)
    if directory is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | directory)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
