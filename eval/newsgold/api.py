"""The scoring job end to end: gold + predictions file -> report data.

>>> from newsgold.gold.repo import find_repo
>>> report = score_file(repo=find_repo(), predictions=gold_as_predictions_path())
>>> report["entities"]["strict"]["overall"]["f1"]
1.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .gold.errors import Incident, NewsgoldError, incident
from .gold.io import read_json
from .gold.repo import Repo
from .gold.validate import load_corpus
from .outputs.report import build_report
from .readers.jsonl import JsonlFile
from .readers.records import DocPredictions
from .readers.registry import read_predictions, stream_predictions
from .scoring.entities import score_entities
from .scoring.events import score_events
from .scoring.results import EntityConfig, EntityResult, EventConfig, EventResult


def load_label_map(path: str | Path) -> dict[str, str]:
    """A user label map: a JSON object of predicted label -> label."""
    data, problems = read_json(Path(path))
    if data is None:
        raise NewsgoldError(problems)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise NewsgoldError(
            incident("NG201", str(path), pointer="", message="a label map is a JSON object of strings", hint='e.g. {"PLACE": "LOC"}')
        )
    return data


def gold_predictions(pairs, *, layer: str = "entities") -> list[DocPredictions]:
    """A gold layer as predictions (for agreement, checks, and as a perfect system)."""
    from .readers.records import PredEntity

    return [
        DocPredictions(
            doc.doc_id,
            tuple(PredEntity(e.span.start, e.span.end, e.type, e.text, None, e.value) for e in getattr(gold, layer)),
        )
        for doc, gold in pairs
    ]


def gold_as_predictions_path() -> Path:  # pragma: no cover - doctest helper
    import tempfile

    from .gold.repo import find_repo

    pairs = load_corpus(find_repo())
    path = Path(tempfile.mkdtemp()) / "gold.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for p in gold_predictions(pairs):
            f.write(json.dumps({"doc_id": p.doc_id, "entities": [{"start": e.start, "end": e.end, "type": e.type} for e in p.entities]}) + "\n")
    return path


LAYERS = ("entities", "events")


def subtype_names(repo: Repo) -> dict[str, str]:
    """ACE subtype by its leaf name and by itself (``Meet`` and ``Contact:Meet``)."""
    names = {}
    for s in repo.event_types["subtypes"]:
        names[s["subtype"]] = s["subtype"]
        names[s["subtype"].split(":", 1)[1]] = s["subtype"]
    return names


@dataclass
class Scored:
    """The results of one scoring run, before they are laid out as a report."""

    entities: EntityResult | None
    events: EventResult | None
    layers: tuple[str, ...]
    fmt: str
    dataset_version: str
    doc_ids: list[str]
    warnings: list[Incident]


def score_results(
    *,
    repo: Repo,
    predictions: str | Path,
    config: EntityConfig = EntityConfig(),
    event_config: EventConfig = EventConfig(),
    layers: tuple[str, ...] | None = None,
    fmt: str = "auto",
    shard: bool = False,
    errors: bool = True,
    correct: bool = True,
) -> Scored:
    """Score a predictions file. ``layers`` None: entities, and events when the file gives any.

    With ``shard``, only the documents the file predicts are scored (one shard of a corpus
    scored in parts; ``newsgold merge`` adds the parts up), and a JSON Lines file is read as
    it is scored rather than held whole. With ``errors``, the strict entity errors (and with
    ``correct`` the correct entities, which the JSON report and the HTML page show) are
    listed batch by batch (no alignment is kept unless the config asks); without, nothing
    is listed (no entity listing, no event error rows): memory then holds the counts only,
    however large the corpus.
    """
    if config.keep_alignments is None:  # what the report lists is listed as the scoring goes
        listed = errors and "strict" in config.modes
        config = replace(config, keep_alignments=(), list_errors="strict" if listed else None, list_correct=listed and correct)
    pairs = load_corpus(repo)
    documents = {d.doc_id: d for d, _ in pairs}
    # A shard (``--counts-only``, the way to score very large outputs) reads a JSON Lines file
    # as it is scored, after checking it whole: reading twice costs about a third more time,
    # holding every prediction costs memory that grows with the file.
    read = stream_predictions if shard else read_predictions
    preds, warnings, kind = read(predictions, documents, fmt=fmt, subtypes=subtype_names(repo))
    if isinstance(preds, JsonlFile):
        covered, given = set(preds.doc_ids), set(preds.layers)
    else:
        covered, given = {p.doc_id for p in preds}, set().union(*(p.layers for p in preds))
    if shard:
        pairs = [(d, g) for d, g in pairs if d.doc_id in covered]
    if layers is None:
        layers = tuple(layer for layer in LAYERS if layer == "entities" or layer in given)
    bad = set(layers) - set(LAYERS)
    if bad:
        raise NewsgoldError(incident("NG003", "--layers", message=f"unknown layer(s) {sorted(bad)}; choose from {', '.join(LAYERS)}"))
    entities = events = None
    if "entities" in layers:
        entities = score_entities(
            gold=pairs, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps, config=config
        )
    if "events" in layers:
        events = score_events(gold=pairs, predictions=preds, event_types=repo.event_types, config=event_config, errors=errors)
    versions = sorted({g.dataset_version for _, g in pairs})
    return Scored(entities, events, tuple(layers), kind, ",".join(versions), [d.doc_id for d, _ in pairs], warnings)


def score_file(*, errors: bool = True, correct: bool = True, **kwargs: Any) -> dict[str, Any]:
    """The report (``newsgold score --json``) for a predictions file; arguments as :func:`score_results`."""
    scored = score_results(**kwargs, errors=errors, correct=correct)
    warnings = scored.warnings
    if scored.entities is not None:
        scored.entities.warnings[:0] = warnings
        warnings = []
    report = build_report(
        entities=scored.entities, events=scored.events, dataset_version=scored.dataset_version,
        predictions=str(kwargs["predictions"]), errors=errors, correct=correct,
    )
    report["config"]["layers"] = list(scored.layers)
    report["config"]["format"] = scored.fmt
    report.setdefault("warnings", []).extend(w.to_dict() for w in warnings)
    return report
