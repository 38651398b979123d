"""Text from the inputs (labels, file names, sentences, system names, JSON keys), made safe
for each place it lands in: one function per destination, here and nowhere else.

Labels and names come from whoever wrote the predictions or the metadata, so a label can be
``=cmd|' /C calc'!A0``, ``<img src=x onerror=...>`` or hold a line break. Every renderer
passes such text through one of these before writing it:

- CSV: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
  read as a formula by spreadsheets; it gets a leading ``'`` (OWASP's rule for CSV
  injection), which spreadsheets show as text; control characters (but a tab) and bidi
  controls are written as their escapes, as in :func:`text_cell`, so a row stays one line;
- Markdown: ``|`` would end the table cell, a line break the row, and ``<`` open HTML that
  Markdown renders. They become ``\\|``, a space and ``&lt;``; in a code span (where
  HTML is inert) a backtick would end the span and becomes ``'``;
- text (the terminal, log lines, incidents on stderr): control characters (line breaks,
  escape sequences that drive the terminal, C1 controls), bidi overrides (U+202E) and
  lone surrogates are written as their escapes (``\\n``, ``\\x1b``, ``\\u202e``,
  ``\\ud800``), so one input line stays one output line and cannot forge another;
- Markdown also escapes what :func:`text_cell` escapes (but a tab), and a leading ``#`` or ``>``
  (a heading, a quote) becomes ``\\#``, ``\\>``;
- HTML: markup characters become entities, a carriage return ``&#13;`` (an HTML parser would
  turn it into a line feed); control characters (but tab and line feed), lone surrogates
  and the bidi controls that reorder what follows (U+202E) are shown as their escapes, as
  in :func:`text_cell`, so the page shows what the input holds;
- every text and Markdown cell is cut to a bounded length (:func:`shown`: the middle
  gives way to ``[N chars, cut]``), so a label of a million characters prints as a short
  one; data (CSV, JSON) keeps values whole;
- bytes (every file and stream written, JSON and HTML included): a lone surrogate, which
  UTF-8 cannot encode, is written as its escape ``\\udXXX``; in JSON that escape reads
  back as the same string. Lone surrogates are data (a JSON file may hold ``"\\ud800"``),
  never a reason to fail.

>>> csv_cell("=1+1"), csv_cell("-"), csv_cell("GPE"), csv_cell(3)
("'=1+1", "'-", 'GPE', 3)
>>> md_cell("a|b\\n<script>"), md_code("x`y")
('a\\\\|b &lt;script>', "`x'y`")
>>> text_cell("A\\nB\\x1b[2J")
'A\\\\nB\\\\x1b[2J'
>>> html_text('<b title="x">\\x1b\\u202e\\r\\n')
'&lt;b title=&quot;x&quot;&gt;\\\\x1b\\\\u202e&#13;\\n'
>>> text_cell("GPE\\u202e\\ud800"), md_cell("# h"), utf8("a\\ud800")
('GPE\\\\u202e\\\\ud800', '\\\\# h', b'a\\\\ud800')
"""

from __future__ import annotations

import html
import re
from typing import Any

MAX_SHOWN = 1000
"""Longest text an incident shows in one field (file, message, hint, pointer) and a Markdown
cell holds: values echoed from an input (a label, a key, a text) can be any length."""

MAX_LINE = 4 * MAX_SHOWN
"""Longest text :func:`text_cell` writes on one line (before escaping): an incident's fields
and a warning's message and hint, each at most :data:`MAX_SHOWN`, fit whole."""


def shown(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut in the middle to at most ``limit`` characters, saying how long it was.

    >>> shown("x" * 30, 20)
    'xxx[30 chars, cut]xx'
    """
    if len(text) <= limit:
        return text
    note = f"[{len(text)} chars, cut]"
    keep = max(0, limit - len(note))
    head = (keep + 1) // 2
    return text[:head] + note + text[len(text) - (keep - head) :]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula (numbers pass unchanged), its control
    characters (line breaks included, tabs not) and bidi controls as their escapes: a CSV is
    read in terminals and CI logs too, where a row stays one line and forges no other."""
    if not isinstance(value, str):
        return value
    if _CSV_RAW.search(value):
        value = _CSV_RAW.sub(lambda m: _escape(m.group()), value)
    return "'" + value if value.startswith(_FORMULA) else value


_MD = {"|": "\\|", "<": "&lt;", "\r\n": " ", "\n": " ", "\r": " "}
_MD_SPECIAL = re.compile(r"\r\n|[|<\n\r]")
_MD_LEAD = ("#", ">")


def md_cell(value: Any, limit: int | None = MAX_SHOWN) -> str:
    """Text for a Markdown table cell or line: no cell break, no line break, no HTML, no heading,
    at most ``limit`` characters of the value (None: a paragraph the project writes, whole)."""
    text = str(value) if limit is None else shown(str(value), limit)
    if _MD_SPECIAL.search(text):
        text = _MD_SPECIAL.sub(lambda m: _MD[m.group()], text)
    if text.startswith(_MD_LEAD):
        text = "\\" + text
    return "\t".join(map(text_cell, text.split("\t")))  # a tab is only white space to Markdown


def md_code(value: Any) -> str:
    """Text as a Markdown code span on one line, at most :data:`MAX_SHOWN` characters of the value."""
    return "`" + text_cell(" ".join(shown(str(value)).replace("`", "'").splitlines())) + "`"


def text_cell(value: Any) -> str:
    """Text for the terminal and log lines: control, format (bidi) and surrogate characters
    as their escapes, the rest as is; at most :data:`MAX_LINE` characters of the value."""
    text = shown(str(value), MAX_LINE)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in text)


def _escape(c: str) -> str:
    shown = repr(c)[1:-1]
    if len(shown) == 1:  # printable to repr though not to str.isprintable (e.g. a no-break space)
        return c
    return shown


_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HTML_RAW = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_BIDI}]")


_CSV_RAW = re.compile(f"[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f{_BIDI}]")
_JSON_RAW = re.compile(f"[\\x7f-\\x9f\\u2028\\u2029{_BIDI}]")


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` makes it) with the characters
    that JSON leaves raw but a terminal acts on (DEL, C1 controls, bidi controls, the Unicode
    line separators) written as ``\\uXXXX`` escapes: the same JSON value, read back unchanged.
    They can only stand inside a string, where the escape means the same character.

    >>> json_safe('["a\\u202eb", "\\x9b"]')
    '["a\\\\u202eb", "\\\\u009b"]'
    """
    # isascii() reads a flag, and DEL is the one ASCII character to escape: most reports skip the search
    if (text.isascii() and "\x7f" not in text) or not _JSON_RAW.search(text):
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def html_text(value: Any) -> str:
    """Text for HTML, in an element or a quoted attribute: no markup, no raw control character,
    lone surrogate or bidi control (shown as its escape), a carriage return kept as ``&#13;``."""
    text = html.escape(str(value), quote=True).replace("\r", "&#13;")
    return _HTML_RAW.sub(lambda m: _escape(m.group()), text)


def utf8(text: str) -> bytes:
    """Text as UTF-8 for a file or a stream: a lone surrogate written as its escape."""
    return text.encode("utf-8", "backslashreplace")
