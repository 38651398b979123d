"""The one JSON Lines line reader: gold, predictions and every other JSON Lines dialect read
their lines here, so each rule below is decided, and tested, once.

* The file is a regular file within the input cap (``gold.io.check_input``: NG105, NG107,
  NG108, NG109).
* UTF-8 without a byte-order mark: a BOM is refused (NG102); a line that is not UTF-8 is
  refused (NG101) and reading goes on with the next.
* CRLF line ends are read as LF (offsets count code points of a line, so they are
  unaffected); the count is one NG606 warning.
* Blank lines (whitespace only) are skipped.
* Each line is one JSON value, parsed strictly (``gold.io.parse_json``: NG103, NG110-NG113).
* Reading stops once ``max_errors`` errors are gathered (20: enough to fix a file in one
  go), the caller's own errors about records included.

A block of a larger file (whole lines, read by the caller from any filesystem) is read by
the same rules; its lines are numbered from the block's first line.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
>>> _ = path.write_bytes(b'{"a": 1}\\r\\n\\n[2]\\r\\n')
>>> lines = JsonLines(path)
>>> list(lines), lines.errors, [w.code for w in lines.warnings]
([(1, {'a': 1}), (3, [2])], [], ['NG606'])
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..gold.errors import Incident, incident
from ..gold.io import JsonlScan, PathLike, check_input, parse_json

MAX_ERRORS = 20


class JsonLines:
    """The values of a JSON Lines file's lines, as ``(line number, value)``.

    ``errors`` (the caller's list, when given) and ``warnings`` gather the problems as the
    lines are read; a caller adds its own errors about records to ``errors``, and reading
    stops when they reach ``max_errors``.
    ``read`` says whether any line held a value (an empty file is for the caller to name).
    ``block``, when given, is read instead of the file: whole lines of ``path`` that the
    caller read (and checked against the input cap); ``first`` says whether they begin the
    file, the only place a BOM is looked for.
    """

    def __init__(
        self,
        path: PathLike,
        *,
        errors: list[Incident] | None = None,
        max_errors: int = MAX_ERRORS,
        block: bytes | None = None,
        first: bool = True,
    ):
        self.path, self.file, self.max_errors = Path(path), os.fspath(path), max_errors
        self.block, self.first = block, first
        self.errors: list[Incident] = [] if errors is None else errors
        self.warnings: list[Incident] = []
        self.read = False

    @property
    def full(self) -> bool:
        """Whether enough errors are gathered to stop reading."""
        return len(self.errors) >= self.max_errors

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        errors, most = self.errors, self.max_errors
        for first, values in self.blocks():
            for number, value in enumerate(values, first):
                if number > first and len(errors) >= most:  # between blocks, blocks() looks
                    return
                yield number, value

    def blocks(self) -> Iterator[tuple[int, list[Any]]]:
        """The values a block of lines at a time, each list with its first line's number.

        Reading stops once :attr:`full`, looked at before each block: a caller that adds
        errors looks too before each value of a block after the first, as :meth:`__iter__` does.
        Past the first doubtful line, each block is one line."""
        problems = [] if self.block is not None else check_input(self.path)  # a folder, FIFO or device is refused
        if problems:
            self.errors += problems
            return
        # The scan reads whole blocks while every line is clean; from the first line it
        # doubts, the lines are read one at a time, which names each problem.
        scan = JsonlScan(self.path, source=self._open())
        for first, values in scan.blocks():
            self.read = True
            yield first, values
            if self.full:
                return
        if scan.rest is not None:
            for number, value in self._one_at_a_time(*scan.rest):  # it looks at full before each line
                yield number, [value]

    def _one_at_a_time(self, first: int, offset: int) -> Iterator[tuple[int, Any]]:
        crlf = 0
        with self._open() or self.path.open("rb") as f:
            f.seek(offset)
            for number, raw in enumerate(f, first):
                if self.full:
                    break
                if number == 1 and self.first and raw.startswith(b"\xef\xbb\xbf"):
                    self.errors.append(
                        incident("NG102", self.file, line=1, column=1, message="file begins with a UTF-8 BOM")
                    )
                    raw = raw[3:]
                if raw.endswith(b"\r\n"):
                    crlf += 1
                    raw = raw[:-2]
                elif raw.endswith(b"\n"):
                    raw = raw[:-1]  # so an error at the line's end is placed on this line
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    message = f"byte 0x{raw[e.start]:02X} is not UTF-8"
                    self.errors.append(incident("NG101", self.file, line=number, column=e.start + 1, message=message))
                    continue
                if not line.strip():
                    continue
                value, problems = parse_json(line, self.file, line_offset=number - 1)
                if problems:
                    self.errors += problems
                    continue
                self.read = True
                yield number, value
        if crlf:
            self.warnings.append(crlf_warning(self.file, crlf))

    def _open(self) -> BinaryIO | None:
        return None if self.block is None else io.BytesIO(self.block)


def holds_json_lines(path: PathLike) -> bool:
    """Whether a file's first non-blank line is a JSON object: a file named for another format
    (``.conll``) that holds JSON Lines, told apart before the other format's reader fails on it."""
    try:
        with open(path, "rb") as f:
            for raw in f:
                if raw.strip():
                    value, problems = parse_json(raw.decode("utf-8", "replace").strip(), os.fspath(path))
                    return not problems and isinstance(value, dict)
    except OSError:
        return False
    return False


def crlf_warning(file: str, lines: int) -> Incident:
    """The one NG606 warning of a file with ``lines`` CRLF line ends."""
    message = f"{lines} lines end in CRLF; read as LF (offsets are unaffected)"
    return incident("NG606", file, severity="warning", message=message)
