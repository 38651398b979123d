"""Run an installed extraction model over the corpus and get canonical predictions.

Three adapters, each in its own module and each importing its library only when it runs:

- ``spacy``: an installed package name or a ``nlp.to_disk`` folder;
  needs ``pip install 'newsgold[spacy]'``
- ``transformers``: a ``save_pretrained`` folder of a token classifier and fast tokenizer;
  needs ``pip install 'newsgold[transformers]'``
- ``gliner``: a GLiNER folder; ``labels`` are the types asked for (required);
  needs ``pip install 'newsgold[gliner]'``

``labels`` keeps only those types for spaCy and transformers (a label the model never
predicts is refused, so a typo cannot silently empty the output). ``threshold`` drops spans
scored below it; spaCy's entities carry no score, so it does not apply to them.

Nothing is downloaded: a model that is not on disk fails at once with NG611.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..gold.model import Document
from ..readers.records import DocPredictions
from .base import Predict, bad_option

ADAPTERS = ("spacy", "transformers", "gliner")


def load_adapter(name: str, *, model: str, labels: Sequence[str] | None = None, threshold: float = 0.5) -> Predict:
    """Load a model once and return the function that predicts one document.

    Separate from :func:`run_adapter` so a caller can show progress per document, and so every
    loading error comes before any document is read.
    """
    if not 0.0 <= threshold <= 1.0:
        raise bad_option(name, f"threshold must lie in [0, 1], got {threshold}")
    if labels is not None and (not labels or not all(isinstance(x, str) and x for x in labels)):
        raise bad_option(name, f"labels must be non-empty strings, got {list(labels)!r}")
    if name == "spacy":
        from . import spacy_adapter

        return spacy_adapter.load(model, labels=labels)
    if name == "transformers":
        from . import transformers_adapter

        return transformers_adapter.load(model, labels=labels, threshold=threshold)
    if name == "gliner":
        from . import gliner_adapter

        return gliner_adapter.load(model, labels=labels, threshold=threshold)
    raise bad_option(name, f"unknown adapter {name!r}; choose one of {', '.join(ADAPTERS)}")


def run_adapter(
    name: str,
    *,
    model: str,
    documents: Sequence[Document],
    labels: Sequence[str] | None = None,
    threshold: float = 0.5,
) -> list[DocPredictions]:
    """Predictions of adapter ``name`` running ``model`` on each document, in order."""
    predict = load_adapter(name, model=model, labels=labels, threshold=threshold)
    return [DocPredictions(doc.doc_id, tuple(predict(doc))) for doc in documents]


def predictions_to_jsonl(predictions: Sequence[DocPredictions]) -> str:
    """The canonical JSON Lines text (``newsgold.readers.jsonl``): one line per document.

    Every entity carries its ``text``, so a reader checks the offsets against the document.

    >>> from newsgold.readers.jsonl import PredEntity
    >>> print(predictions_to_jsonl([DocPredictions("d", (PredEntity(0, 4, "GPE", "Cuba", 0.5),))]), end="")
    {"doc_id": "d", "entities": [{"start": 0, "end": 4, "type": "GPE", "text": "Cuba", "score": 0.5}]}
    """
    lines = []
    for p in predictions:
        entities = []
        for e in p.entities:
            record: dict[str, object] = {"start": e.start, "end": e.end, "type": e.type, "text": e.text}
            if e.score is not None:
                record["score"] = e.score
            if e.value is not None:
                record["value"] = e.value
            entities.append(record)
        lines.append(json.dumps({"doc_id": p.doc_id, "entities": entities}, ensure_ascii=False) + "\n")
    return "".join(lines)
