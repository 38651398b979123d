"""Hugging Face token classifiers through the ``token-classification`` pipeline.

The model is a local folder (``save_pretrained``) holding the model and a fast tokenizer; it is
loaded with ``local_files_only=True``, so nothing is fetched. Each sentence is run on its own
and its output mapped back to document offsets by :func:`newsgold.readers.hf.entities_from_hf`.

The pipeline groups with the ``first`` strategy: a word takes the label of its first piece,
so spans fall on word edges, where gold spans are. A sentence longer than the model's input is
read in overlapping windows (``stride``) rather than cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..gold.model import Document
from ..readers.hf import entities_from_hf, split_label
from ..readers.records import PredEntity
from .base import (
    Predict,
    check_labels,
    keep,
    local_folder,
    require,
    sentence_pieces,
    unloadable,
)

NAME = "transformers"
AGGREGATION = "first"
# Tokenizers saved without a length limit report this sentinel (about 1e30) instead.
_NO_LIMIT = 1_000_000


def _input_limit(tokenizer: Any, model: Any) -> int:
    """How many tokens one window holds: the tokenizer's limit, else the position table's."""
    limit = int(getattr(tokenizer, "model_max_length", _NO_LIMIT) or _NO_LIMIT)
    if limit < _NO_LIMIT:
        return limit
    positions = getattr(model.config, "max_position_embeddings", None)
    # RoBERTa-style models reserve two positions past the padding index.
    return int(positions) - 2 if positions else 512


def load(model: str, *, labels: Sequence[str] | None = None, threshold: float = 0.5) -> Predict:
    """Load tokenizer, model and pipeline once; the returned function predicts one document."""
    transformers = require("transformers", adapter=NAME, extra="transformers")
    require("torch", adapter=NAME, extra="transformers")
    folder = local_folder(NAME, model)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        network = transformers.AutoModelForTokenClassification.from_pretrained(str(folder), local_files_only=True)
    except Exception as e:  # missing files, bad config, wrong architecture: all "cannot load"
        raise unloadable(NAME, model, e) from None
    if not getattr(tokenizer, "is_fast", False):
        raise unloadable(NAME, model, "its tokenizer is not a fast one, so the pipeline cannot give character offsets")
    types = {split_label(label)[1] for label in network.config.id2label.values()} - {"O"}
    check_labels(NAME, labels, types)
    limit = _input_limit(tokenizer, network)
    tokenizer.model_max_length = limit
    pipe = transformers.pipeline(
        "token-classification", model=network, tokenizer=tokenizer, aggregation_strategy=AGGREGATION
    )
    stride = max(1, limit // 4)

    def predict(doc: Document) -> list[PredEntity]:
        pieces = sentence_pieces(doc)
        if not pieces:
            return []
        outputs = pipe([text for _, text in pieces], stride=stride)
        entities: list[PredEntity] = []
        for (start, _text), output in zip(pieces, outputs):
            entities += entities_from_hf(doc, output, offset=start)
        return keep(entities, labels=labels, threshold=threshold)

    return predict
