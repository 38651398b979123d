"""spaCy ``DocBin`` files (``.spacy``): entities from ``doc.ents`` (needs the spacy extra).

A Doc's document is ``doc.user_data["doc_id"]`` when set, else the corpus document whose
text equals ``doc.text``. Its entities are character offsets into ``doc.text``, so a Doc
whose text is not the corpus text of its document is refused (NG608, naming the first
character that differs): its offsets would point at other words.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import check_inflated, read_bytes
from ..gold.model import Document
from .records import DocPredictions, PredEntity, Reader


def load_docbin(path: Path) -> list[Any]:
    """The Docs of a DocBin file, each error coded (spaCy missing NG610, a damaged file NG612)."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610", str(path), message="reading .spacy files needs spaCy", hint="pip install 'newsgold[spacy]'"
            )
        ) from None
    data, problems = read_bytes(path)
    if data is None:
        raise NewsgoldError(problems)
    problems = check_inflated(data, str(path))
    if problems:
        raise NewsgoldError(problems)
    try:
        docs = list(DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab))
    except Exception as e:  # spaCy raises several types for a damaged file
        raise NewsgoldError(incident("NG612", str(path), message=f"not a spaCy DocBin: {e}")) from None
    return docs


def read_docbin(path: Path, documents: Mapping[str, Document]) -> tuple[list[DocPredictions], list[Incident]]:
    docs = load_docbin(path)
    by_text = {d.text: d for d in documents.values()}
    out = []
    for i, sdoc in enumerate(docs):
        doc = documents.get(sdoc.user_data.get("doc_id", "")) or by_text.get(sdoc.text)
        if doc is None:
            raise NewsgoldError(
                incident(
                    "NG602", str(path), pointer=f"/{i}", message="a Doc matches no corpus document by doc_id or text"
                )
            )
        if sdoc.text != doc.text:
            raise NewsgoldError(_text_differs(path, i, sdoc.text, doc))
        ents = tuple(PredEntity(e.start_char, e.end_char, e.label_, e.text) for e in sdoc.ents)
        out.append(DocPredictions(doc.doc_id, ents, (), frozenset({"entities"})))
    return out, []


def _text_differs(path: Path, i: int, given: str, doc: Document) -> Incident:
    at = next((k for k, (a, b) in enumerate(zip(given, doc.text)) if a != b), min(len(given), len(doc.text)))
    return incident(
        "NG608",
        str(path),
        pointer=f"/{i}",
        message=f"the Doc's text is not the corpus text of {doc.doc_id}: they differ from character {at} "
        f"(Doc: {given[at : at + 20]!r}, corpus: {doc.text[at : at + 20]!r}; lengths {len(given)} and "
        f"{len(doc.text)}), so its entity offsets would point at other text",
        hint="make each Doc from the corpus text itself (nlp(text)): no cleaning, no spaces added or removed",
    )


READER = Reader(
    name="spacy",
    summary="a spaCy DocBin (needs the spacy extra)",
    suffixes=(".spacy",),
    read=lambda path, documents, subtypes: read_docbin(path, documents),
)
