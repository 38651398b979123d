"""spaCy pipelines: ``doc.ents`` of the whole document, with spaCy's own character offsets.

spaCy's ``start_char``/``end_char`` are Python string indexes, so they are already code point
offsets. The model is an installed package name or a folder written by ``nlp.to_disk``;
``spacy.load`` never downloads, so a name that is neither fails with NG611. ``doc.ents`` carry
no score, which is why ``threshold`` does not apply here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..gold.model import Document
from ..readers.records import PredEntity
from .base import Predict, check_labels, keep, require, unloadable

NAME = "spacy"
# Components whose labels are entity types (their output lands in doc.ents).
_ENTITY_FACTORIES = frozenset({"ner", "beam_ner", "entity_ruler", "span_ruler"})


def entity_labels(nlp: Any) -> set[str]:
    """The entity types the pipeline's recognisers and rulers can set."""
    labels: set[str] = set()
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory in _ENTITY_FACTORIES:
            labels.update(getattr(nlp.get_pipe(name), "labels", ()))
    return labels


def load(model: str, *, labels: Sequence[str] | None = None) -> Predict:
    """Load the pipeline once; the returned function predicts one document."""
    spacy = require("spacy", adapter=NAME, extra="spacy")
    try:
        nlp = spacy.load(model)
    except Exception as e:  # spaCy reports a bad name, folder or config with several types
        raise unloadable(NAME, model, e) from None
    known = entity_labels(nlp)
    if known:  # a custom component may set ents without declaring labels: nothing to check then
        check_labels(NAME, labels, known)

    def predict(doc: Document) -> list[PredEntity]:
        parsed = nlp(doc.text)
        entities = (PredEntity(e.start_char, e.end_char, e.label_, e.text) for e in parsed.ents)
        return keep(entities, labels=labels, threshold=None)

    return predict
