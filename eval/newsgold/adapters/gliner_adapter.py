"""GLiNER: zero-shot span extraction for the entity types named in ``labels``.

GLiNER finds what it is asked for, so ``labels`` is required: they are the prompts, and each
predicted span carries one of them as its type (map them to the gold's types with
``newsgold score --label-map`` when they differ). The model is a local folder loaded with
``local_files_only=True``. Sentences are read one at a time, because GLiNER reads at most a few
hundred words and silently drops the rest; ``predict_entities`` returns dicts with ``start``,
``end`` (code point offsets into the sentence), ``label``, ``score`` and ``text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..gold.errors import NewsgoldError, incident
from ..gold.model import Document
from ..readers.records import PredEntity
from .base import (
    Predict,
    bad_option,
    local_folder,
    require,
    sentence_pieces,
    unloadable,
)

NAME = "gliner"


def entities_from_gliner(doc: Document, model: Any, *, labels: Sequence[str], threshold: float) -> list[PredEntity]:
    """Run ``model.predict_entities`` on each sentence of ``doc``; spans in document offsets.

    A span whose ``text`` is not the slice at its offsets is refused (NG612): it would mean
    the offsets are not what this conversion takes them for.
    """
    entities = []
    for offset, sentence in sentence_pieces(doc):
        for n, found in enumerate(model.predict_entities(sentence, list(labels), threshold=threshold)):
            start, end = offset + int(found["start"]), offset + int(found["end"])
            text = doc.text[start:end]
            if not 0 <= start < end <= len(doc.text) or found.get("text", text) != text:
                raise NewsgoldError(
                    incident(
                        "NG612",
                        doc.doc_id,
                        message=f"GLiNER span {n} {found!r} of the sentence at {offset} "
                        f"does not match the text {text!r}",
                        hint="GLiNER's offsets should be code points into the sentence it was given",
                    )
                )
            score = found.get("score")
            entities.append(PredEntity(start, end, str(found["label"]), text, None if score is None else float(score)))
    return sorted(entities, key=lambda e: (e.start, e.end, e.type))


def load(model: str, *, labels: Sequence[str] | None, threshold: float = 0.5) -> Predict:
    """Load the model once; the returned function predicts one document."""
    if not labels:
        raise bad_option(NAME, "GLiNER extracts the types it is asked for: pass labels (--labels PERSON,ORG,...)")
    wanted = tuple(labels)
    gliner = require("gliner", adapter=NAME, extra="gliner")
    folder = local_folder(NAME, model)
    try:
        network = gliner.GLiNER.from_pretrained(str(folder), local_files_only=True)
    except Exception as e:  # missing weights, bad config, a backbone not on disk: all "cannot load"
        raise unloadable(NAME, model, e) from None

    def predict(doc: Document) -> list[PredEntity]:
        return entities_from_gliner(doc, network, labels=wanted, threshold=threshold)

    return predict
