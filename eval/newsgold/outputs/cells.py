"""Text from the inputs (labels, file names, sentences, system names), made safe for each
output format it lands in.

Labels and names come from whoever wrote the predictions or the metadata, so a label can be
``=cmd|' /C calc'!A0``, ``<img src=x onerror=...>`` or hold a line break. Every renderer
passes such text through one of these before writing it:

- CSV: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  read as a formula by spreadsheets; it gets a leading ``'`` (OWASP's rule for CSV
  injection), which spreadsheets show as text;
- Markdown: ``|`` would end the table cell, a line break the row, and ``<`` open HTML that
  Markdown renders. They become ``\\|``, a space and ``&lt;``; in a code span (where
  HTML is inert) a backtick would end the span and becomes ``'``;
- text: control characters (line breaks, escape sequences that drive the terminal) are
  written as their escapes (``\\n``, ``\\x1b``).

>>> csv_cell("=1+1"), csv_cell("-"), csv_cell("GPE"), csv_cell(3)
("'=1+1", "'-", 'GPE', 3)
>>> md_cell("a|b\\n<script>"), md_code("x`y")
('a\\\\|b &lt;script>', "`x'y`")
>>> text_cell("A\\nB\\x1b[2J")
'A\\\\nB\\\\x1b[2J'
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula (numbers pass unchanged)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


_MD = {"|": "\\|", "<": "&lt;", "\r\n": " ", "\n": " ", "\r": " "}
_MD_SPECIAL = re.compile(r"\r\n|[|<\n\r]")


def md_cell(value: Any) -> str:
    """Text for a Markdown table cell or line: no cell break, no line break, no HTML."""
    text = str(value)
    return _MD_SPECIAL.sub(lambda m: _MD[m.group()], text) if _MD_SPECIAL.search(text) else text


def md_code(value: Any) -> str:
    """Text as a Markdown code span on one line."""
    return "`" + " ".join(str(value).replace("`", "'").splitlines()) + "`"


def text_cell(value: Any) -> str:
    """Text for the terminal: control characters as their escapes, the rest as is."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
