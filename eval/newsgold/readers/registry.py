"""Reading any extractor's output: detect the format, pick the reader, return predictions.

Formats (``--format``; ``auto`` detects by extension, then by content):

| format | what | detected by |
|---|---|---|
| ``jsonl`` | the canonical JSON Lines (``newsgold.readers.jsonl``) | ``.jsonl`` whose entities have ``type`` and offsets |
| ``gliner`` | JSON Lines whose entities are GLiNER dicts (``label`` instead of ``type``) | entities with ``label`` |
| ``hf`` | JSON Lines whose entities are a transformers token-classification pipeline's output (``entity`` or ``entity_group``) | entities with ``entity``/``entity_group`` |
| ``text-only`` | JSON Lines whose entities have ``text`` and ``type`` but no offsets (LLM output), aligned by the policy in ``readers.textonly`` | entities without ``start`` |
| ``conll`` | token columns with BIO tags (``readers.conll``) | ``.conll``, ``.bio``, ``.iob``, ``.tsv``, ``.txt`` |
| ``brat`` | brat standoff ``.ann`` (a file or a folder of ``<doc_id>.ann``) | ``.ann`` or a folder of them |
| ``label-studio`` | a Label Studio JSON export (``readers.labelstudio``) | ``.json`` holding a list of tasks |
| ``spacy`` | a spaCy ``DocBin`` (needs the ``spacy`` extra) | ``.spacy`` |
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document
from .jsonl import DocPredictions, EntityReader, JsonlFile, canonical_entities, gliner_entities, read_jsonl

FORMATS = ("auto", "jsonl", "gliner", "hf", "text-only", "conll", "brat", "label-studio", "spacy")
_CONLL_SUFFIXES = {".conll", ".conllu", ".bio", ".iob", ".tsv", ".txt", ".iob2", ".bioes"}


def _hf_entities(items: list[Any], doc: Document) -> tuple[list, list[str]]:
    from .jsonl import _Bad
    from .hf import entities_from_hf

    try:
        return list(entities_from_hf(doc, items)), []
    except (KeyError, TypeError, ValueError) as e:
        raise _Bad("/entities", f"not a token-classification pipeline output: {e}") from None


def _text_only(items: list[Any], doc: Document) -> tuple[list, list[str]]:
    from .textonly import align_text_entities

    return align_text_entities(items, doc)


JSONL_READERS: dict[str, EntityReader] = {
    "jsonl": canonical_entities,
    "gliner": gliner_entities,
    "hf": _hf_entities,
    "text-only": _text_only,
}


def detect(path: Path) -> str:
    """The format of ``path`` by extension, then by a look at its first record."""
    if path.is_dir():
        if any(path.glob("*.ann")):
            return "brat"
        raise NewsgoldError(incident("NG607", str(path), message="a folder without .ann files", hint="pass a file, or --format"))
    suffix = path.suffix.lower()
    if suffix == ".ann":
        return "brat"
    if suffix == ".spacy":
        return "spacy"
    if suffix in _CONLL_SUFFIXES:
        return "conll"
    if suffix == ".json":
        return "label-studio"
    if suffix in (".jsonl", ".ndjson", ".jsonlines"):
        return _jsonl_kind(path)
    raise NewsgoldError(
        incident("NG607", str(path), message=f"cannot tell the format of a {suffix or 'suffix-less'} file", hint=f"pass --format, one of {', '.join(FORMATS[1:])}")
    )


def _jsonl_kind(path: Path) -> str:
    """Which JSON Lines dialect: decided by the first entity found in the first lines."""
    try:
        with path.open("rb") as f:
            for _, raw in zip(range(50), f):
                try:
                    record = json.loads(raw.decode("utf-8-sig"))
                except (ValueError, UnicodeDecodeError):
                    return "jsonl"  # the canonical reader reports the error with its line
                ents = record.get("entities") if isinstance(record, dict) else None
                if ents and isinstance(ents, list) and isinstance(ents[0], dict):
                    e = ents[0]
                    if "entity" in e or "entity_group" in e:
                        return "hf"
                    if "label" in e and "type" not in e:
                        return "gliner"
                    if "start" not in e and "end" not in e and "text" in e:
                        return "text-only"
                    return "jsonl"
    except OSError:
        pass
    return "jsonl"


def _kind(path: Path, fmt: str) -> str:
    if fmt not in FORMATS:
        raise NewsgoldError(incident("NG003", "--format", message=f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}"))
    if not path.exists():
        raise NewsgoldError(incident("NG002", str(path), message="no such file or folder"))
    return detect(path) if fmt == "auto" else fmt


def stream_predictions(
    path: str | Path, documents: Mapping[str, Document], *, fmt: str = "auto", subtypes: Mapping[str, str] | None = None
) -> tuple[Iterable[DocPredictions], list[Incident], str]:
    """As :func:`read_predictions`, but a JSON Lines file comes back as a
    :class:`~newsgold.readers.jsonl.JsonlFile`: checked whole, then read again line by line as
    it is scored, so memory does not grow with the file. Other formats are read whole.
    """
    path = Path(path)
    kind = _kind(path, fmt)
    if kind in JSONL_READERS:
        f = JsonlFile(path, documents, JSONL_READERS[kind])
        return f, f.warnings, kind
    return read_predictions(path, documents, fmt=kind, subtypes=subtypes)


def read_predictions(
    path: str | Path, documents: Mapping[str, Document], *, fmt: str = "auto", subtypes: Mapping[str, str] | None = None
) -> tuple[list[DocPredictions], list[Incident], str]:
    """Predictions, warnings, and the format that was read."""
    path = Path(path)
    kind = _kind(path, fmt)
    if kind in JSONL_READERS:
        preds, warnings = read_jsonl(path, documents, entity_reader=JSONL_READERS[kind])
    elif kind == "conll":
        from .conll import read_conll

        preds, warnings = read_conll(path, documents)
    elif kind == "brat":
        from .brat import read_brat

        preds, warnings = read_brat(path, documents, subtypes=subtypes or {})
    elif kind == "label-studio":
        from .labelstudio import read_label_studio

        preds, warnings = read_label_studio(path, documents)
    else:
        from .spacy_docbin import read_docbin

        preds, warnings = read_docbin(path, documents)
    return preds, warnings, kind
