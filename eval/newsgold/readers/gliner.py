"""GLiNER's output: JSON Lines whose entities are GLiNER's dicts, ``{"start", "end", "label",
"score", "text"}`` with character offsets (``label`` where the canonical form says ``type``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..gold.model import Document
from .jsonl import canonical_entities, first_entity, jsonl_reader
from .records import PredEntity


def gliner_entities(items: list[Any], doc: Document) -> tuple[list[PredEntity], list[str]]:
    return canonical_entities(items, doc, label_key="label")


def _looks_gliner(path: Path) -> bool:
    e = first_entity(path)
    return e is not None and "label" in e and "type" not in e and "entity" not in e and "entity_group" not in e


READER = jsonl_reader(
    "gliner", "JSON Lines whose entities are GLiNER dicts (label instead of type)", gliner_entities, _looks_gliner
)
