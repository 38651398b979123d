"""Reading the JSON Lines files of other formats: one record a line, every problem coded.

The lines are read by the one JSON Lines line reader (``tables.lines``), which decides how a
file, a BOM, CRLF, blank lines and bad JSON are read. A format reader then reads each record; what it raises as a
:class:`~newsgold.readers.jsonl.BadRecord` becomes an error naming the file, the line and
the JSON pointer, and its notes become warnings. Errors are gathered (up to 20, enough to fix
a file in one go) and raised together: nothing is scored from a file with an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import parse_json
from ..tables.lines import JsonLines
from ..tables.rules import BadRecord

Note = tuple[str, str, str]
"""A warning about one record: (code, JSON pointer, message)."""


def read_records(path: Path, read: Callable[[int, dict[str, Any]], Iterable[Note]]) -> list[Incident]:
    """Call ``read`` on each line's number and record; returns the warnings, raises every error at once."""
    file = str(path)
    lines = JsonLines(path)
    warnings: list[Incident] = []
    for number, record in lines:
        try:
            if not isinstance(record, dict):
                raise BadRecord("", f"each line must be a JSON object, got {type(record).__name__}")
            for code, ptr, message in read(number, record):
                warnings.append(incident(code, file, line=number, pointer=ptr, severity="warning", message=message))
        except BadRecord as bad:
            lines.errors.append(
                incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=bad.hint)
            )
    if not lines.read and not lines.errors:
        lines.errors.append(incident("NG601", file, message="the file has no records"))
    if lines.errors:
        raise NewsgoldError(lines.errors)
    return warnings + lines.warnings


def first_record(path: Path) -> dict[str, Any] | None:
    """The first line's record, when it is a JSON object (what the format sniffers look at)."""
    try:
        with path.open("rb") as f:
            for raw in f:
                if raw.strip():
                    record = parse_json(raw.decode("utf-8"), str(path))[0]
                    return record if isinstance(record, dict) else None
    except (OSError, UnicodeDecodeError):
        pass
    return None


def ace_subtype(label: str, subtypes: Mapping[str, str]) -> str:
    """The ACE subtype a format's event type names: ``Contact:Meet``, ``Meet`` or DyGIE++'s
    ``Contact.Meet``; an unknown label is kept as given (and scored as wrong).

    >>> names = {"Contact:Meet": "Contact:Meet", "Meet": "Contact:Meet"}
    >>> ace_subtype("Contact.Meet", names), ace_subtype("Meet", names), ace_subtype("Talk", names)
    ('Contact:Meet', 'Contact:Meet', 'Talk')
    """
    return subtypes.get(label) or subtypes.get(label.replace(".", ":", 1)) or label


def role_note(subtype: str, role: str, subtypes: Mapping[str, str], ptr: str) -> list[Note]:
    """A warning when the inventory (``subtypes.roles``, when given) does not allow ``role``
    for a known ``subtype``: such an argument is kept, and scored as wrong."""
    allowed = getattr(subtypes, "roles", {}).get(subtype)
    if allowed is None or role in allowed:
        return []
    return [
        (
            "NG403",
            ptr,
            f"role {role!r} is not allowed for {subtype} (allowed: {', '.join(sorted(allowed))}); scored as wrong",
        )
    ]
