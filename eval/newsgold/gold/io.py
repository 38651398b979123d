"""Reading files strictly: UTF-8 without BOM, JSON with line and column on error.

Every reader returns ``(value, incidents)``: a value of None means the file is unusable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import Incident, incident


def read_text(path: Path) -> tuple[str | None, list[Incident]]:
    """The file's text, refusing anything but UTF-8 without a BOM."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [incident("NG105", str(path), message="file does not exist")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [incident("NG102", str(path), line=1, column=1, message="file begins with the bytes EF BB BF")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, [
            incident(
                "NG101",
                str(path),
                line=line,
                column=column,
                message=f"byte 0x{raw[e.start]:02X} at byte offset {e.start} is not valid UTF-8",
            )
        ]


def parse_json(text: str, file: str, *, line_offset: int = 0) -> tuple[Any, list[Incident]]:
    """Parse JSON text; a syntax error becomes NG103 with its line and column."""
    try:
        return json.loads(text), []
    except json.JSONDecodeError as e:
        return None, [incident("NG103", file, line=e.lineno + line_offset, column=e.colno, message=e.msg)]


def read_json(path: Path) -> tuple[Any, list[Incident]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_json(text, str(path))


def write_atomic(path: Path, content: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8", newline="\n")
    tmp.replace(path)
