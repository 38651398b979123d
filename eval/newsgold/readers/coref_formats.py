"""Which coreference reader reads a file: the formats, detected by content whatever the suffix.

>>> list(COREF_READERS)
['conll2012', 'corefud', 'json-clusters', 'spacy-coref', 'spacy-coref-docbin']
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import check_input
from ..gold.model import Document
from . import coref_conll, coref_conllu, coref_json, coref_spacy
from .coref import CorefDoc, CorefReader, detect, unknown_format
from .lines import first_record

COREF_READERS: dict[str, CorefReader] = {
    r.name: r
    for r in (
        coref_conll.READER,
        coref_conllu.READER,
        coref_json.READER,
        coref_spacy.JSON_READER,
        coref_spacy.DOCBIN_READER,
    )
}


def coref_format(path: str | Path) -> str | None:
    """The coreference format of a file, by its content; None when it is none of them."""
    return detect(Path(path), COREF_READERS.values())


def read_clusters(
    path: str | Path, documents: Mapping[str, Document] | None, *, fmt: str = "auto"
) -> tuple[list[CorefDoc], list[Incident], str]:
    """A file's clusters, its warnings and the format read; raises on errors (nothing half-read).

    ``documents`` gives the texts by doc_id (mentions become code point spans); None reads
    token spans, for a CoNLL-2012 key.
    """
    path = Path(path)
    if not path.exists():
        raise NewsgoldError(incident("NG002", str(path), message="no such file", hint="check the path of the file"))
    problems = check_input(path)
    if problems:
        raise NewsgoldError(problems)
    name = coref_format(path) if fmt == "auto" else fmt
    if name is None:
        raise unknown_format(path, COREF_READERS)
    if name not in COREF_READERS:
        raise NewsgoldError(
            incident(
                "NG003",
                "format",
                message=f"{name!r} is not a coreference format; choose from {', '.join(COREF_READERS)}",
            )
        )
    docs, warnings = COREF_READERS[name].read(path, documents)
    return docs, warnings, name


_OTHER_LAYERS = ("entities", "ner", "predicted_ner", "events", "predicted_events")


def clusters_in(path: str | Path) -> tuple[str | None, bool]:
    """Whether a file gives coreference clusters, and whether it gives nothing else.

    ``(format, True)``: a file of clusters only (CoNLL-2012, JSON clusters, spaCy's Docs, whose
    entities ``--layers entities,coref`` scores beside); ``(format,
    False)``: clusters beside entities or events (a DyGIE++ line), counted only when its first
    line's clusters are not empty (DyGIE++ copies an empty ``clusters`` from its input);
    ``(None, False)``: no clusters.
    """
    path = Path(path)
    fmt = coref_format(path)
    if fmt != "json-clusters":
        return fmt, fmt is not None
    record = first_record(path) or {}
    if not any(k in record for k in _OTHER_LAYERS):
        return fmt, True
    given = any(record.get(k) for k in ("predicted_clusters", "clusters", "clusters_token_offsets"))
    return (fmt, False) if given else (None, False)
