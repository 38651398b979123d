"""Which reader reads a file: one registry of prediction formats, and detection from it.

Every format is a :class:`~newsgold.readers.records.Reader` defined in its own module and
listed once below; ``--format`` choices, detection and dispatch all come from here. With
``auto``, a folder goes to the folder readers whose sniffer recognises it; a file goes to
the readers that claim its suffix: the first whose sniffer recognises the content, else
the one the suffix means plainly (for ``.jsonl``, the canonical form).

>>> list(READERS)
['jsonl', 'gliner', 'hf', 'text-only', 'textee', 'dygiepp', 'conll', 'bio-jsonl', 'brat', 'label-studio', 'spacy']

Adding a format is a module with a ``READER`` and one line in ``_BUILTIN`` (or
:func:`register` at run time, for a plug-in).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import check_input
from ..gold.model import Document
from ..tables.lines import holds_json_lines
from . import (
    biojsonl,
    brat,
    conll,
    dygiepp,
    gliner,
    hf,
    jsonl,
    labelstudio,
    spacy_docbin,
    textee,
    textonly,
)
from .jsonl import JsonlFile
from .records import DocPredictions, Reader

_BUILTIN = (jsonl, gliner, hf, textonly, textee, dygiepp, conll, biojsonl, brat, labelstudio, spacy_docbin)
READERS: dict[str, Reader] = {m.READER.name: m.READER for m in _BUILTIN}


def register(reader: Reader) -> Reader:
    """Add a format; its name must be new (a format is never replaced behind a caller's back)."""
    if reader.name in READERS or reader.name == "auto":
        raise ValueError(f"a reader named {reader.name!r} is already registered")
    READERS[reader.name] = reader
    return reader


def unregister(name: str) -> None:
    """Remove a format added with :func:`register`."""
    READERS.pop(name, None)


def formats() -> tuple[str, ...]:
    """The ``--format`` choices: ``auto`` and every registered reader."""
    return ("auto", *READERS)


def detect(path: Path) -> str:
    """The format of ``path``: by suffix, then by a look at the content."""
    if path.is_dir():
        for reader in READERS.values():
            if reader.folder and reader.sniff is not None and reader.sniff(path):
                return reader.name
        folder_formats = ", ".join(r.name for r in READERS.values() if r.folder)
        suffixes = sorted({p.suffix.lower() for p in path.iterdir() if p.is_file() and p.suffix})
        held = f"; it holds {', '.join(suffixes)} files" if suffixes else "; it holds no files"
        file_formats = sorted({r.name for s in suffixes for r in READERS.values() if s in r.suffixes and not r.folder})
        hint = (
            f"give one file (formats for these suffixes: {', '.join(file_formats)}), or put all documents in one file"
            if file_formats
            else "give a predictions file (see `newsgold score --help` for the formats)"
        )
        raise NewsgoldError(
            incident(
                "NG607", str(path), message=f"only {folder_formats} reads a folder (of .ann files){held}", hint=hint
            )
        )
    suffix = path.suffix.lower()
    claimed = [r for r in READERS.values() if suffix in r.suffixes]
    if not claimed:
        raise NewsgoldError(
            incident(
                "NG607",
                str(path),
                message=f"cannot tell the format of a {suffix or 'suffix-less'} file",
                hint=f"pass --format, one of {', '.join(READERS)}",
            )
        )
    for reader in claimed:
        if reader.sniff is not None and reader.sniff(path):
            return reader.name
    if "jsonl" in READERS and "jsonl" not in {r.name for r in claimed} and holds_json_lines(path):
        raise NewsgoldError(
            incident(
                "NG607",
                str(path),
                message=f"a {suffix} file, which its suffix says is {' or '.join(r.name for r in claimed)}, "
                "holds JSON Lines (its first line is a JSON object)",
                hint="pass --format jsonl, or rename it .jsonl",
            )
        )
    plain = [r for r in claimed if r.sniff is None]
    return (plain or claimed)[0].name


def _reader(path: Path, fmt: str) -> Reader:
    if fmt != "auto" and fmt not in READERS:
        raise NewsgoldError(
            incident("NG003", "format", message=f"unknown format {fmt!r}; choose from {', '.join(formats())}")
        )
    if not path.exists():
        raise NewsgoldError(
            incident(
                "NG002",
                str(path),
                message="no such file or folder",
                hint="check the path of the predictions file (or folder)",
            )
        )
    if not path.is_dir():  # a FIFO or a device is refused before a sniffer opens it
        problems = check_input(path)
        if problems:
            raise NewsgoldError(problems)
    reader = READERS[detect(path) if fmt == "auto" else fmt]
    if path.is_dir() and not reader.folder:
        raise NewsgoldError(
            incident(
                "NG107",
                str(path),
                message=f"a folder was given, and the {reader.name} format reads one file",
                hint=f"give the {reader.name} file itself, or a format that reads a folder: "
                + ", ".join(r.name for r in READERS.values() if r.folder),
            )
        )
    return reader


def read_predictions(
    path: str | Path, documents: Mapping[str, Document], *, fmt: str = "auto", subtypes: Mapping[str, str] | None = None
) -> tuple[list[DocPredictions], list[Incident], str]:
    """Predictions, warnings, and the format that was read; raises on errors (nothing half-read)."""
    path = Path(path)
    reader = _reader(path, fmt)
    try:
        preds, warnings = reader.read(path, documents, subtypes or {})
    except NewsgoldError as e:
        guessed = _guessed(e, path, reader.name) if fmt == "auto" else e
        if guessed is e:
            raise
        raise guessed from e
    return preds, warnings, reader.name


_SHAPE_CODES = frozenset({"NG103", "NG201", "NG601", "NG612"})  # what another format could explain


def _guessed(error: NewsgoldError, path: Path, name: str) -> NewsgoldError:
    """A detected format that did not read: the errors, and a line saying it was a guess,
    where another format could be meant (a ``.json`` file, or errors about the records'
    shape; not a text that is off its slice in a file that is plainly that format)."""
    if path.suffix.lower() != ".json" and not _SHAPE_CODES.intersection(i.code for i in error.incidents):
        return error
    considered = [
        r.name for r in READERS.values() if (r.folder if path.is_dir() else path.suffix.lower() in r.suffixes)
    ]
    others = [n for n in considered if n != name]
    note = incident(
        "NG607",
        str(path),
        severity="warning",
        message=f"read as {name}, detected from its "
        f"{'content' if path.is_dir() else (path.suffix or 'name') + ' suffix and content'}"
        + (f" (also considered: {', '.join(others)})" if others else ""),
        hint=f"if it is another format, pass --format ({', '.join(considered) or ', '.join(READERS)})",
    )
    return NewsgoldError([*error.incidents, note])


def stream_predictions(
    path: str | Path, documents: Mapping[str, Document], *, fmt: str = "auto", subtypes: Mapping[str, str] | None = None
) -> tuple[Iterable[DocPredictions], list[Incident], str]:
    """As :func:`read_predictions`, but a JSON Lines file comes back as a
    :class:`~newsgold.readers.jsonl.JsonlFile`: checked whole, then read again line by line as
    it is scored, so memory does not grow with the file. Other formats are read whole.
    """
    path = Path(path)
    reader = _reader(path, fmt)
    if reader.lines is not None:
        try:
            f = JsonlFile(path, documents, reader.lines, reader.line_events)
        except NewsgoldError as e:
            guessed = _guessed(e, path, reader.name) if fmt == "auto" else e
            if guessed is e:
                raise
            raise guessed from e
        return f, f.warnings, reader.name
    return read_predictions(path, documents, fmt=reader.name, subtypes=subtypes)
