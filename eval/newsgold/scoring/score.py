"""Scoring a corpus: the one place that hands the corpus's gold and inventories to the
entity and event scorers, for every caller (the API, the leaderboard, the gold diff,
agreement and significance tests)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..gold.corpus import Corpus
from ..readers.records import DocPredictions
from .entities import score_entities
from .events import score_events
from .results import EntityConfig, EntityResult, EventConfig, EventResult
from .units import Units


@dataclass
class Scores:
    """An entity and an event result; a layer not scored is None."""

    entities: EntityResult | None
    events: EventResult | None


def score_corpus(
    corpus: Corpus,
    predictions: Iterable[DocPredictions],
    *,
    entities: EntityConfig | None = EntityConfig(),
    events: EventConfig | None = EventConfig(),
    errors: bool = True,
    units: Units | None = None,
) -> Scores:
    """Score ``predictions`` against ``corpus``: entities with ``entities``, events with
    ``events`` (None skips a layer). ``errors`` False lists no event errors. With ``units``
    (of the corpus's documents), each span mode and event metric books its counts by unit too
    (``units.py``: what a bootstrap resamples)."""
    ents = evs = None
    if entities is not None:
        ents = score_entities(
            gold=corpus.pairs,
            predictions=predictions,
            entity_types=corpus.entity_types,
            label_maps=corpus.label_maps,
            config=entities,
            units=units,
        )
    if events is not None:
        evs = score_events(
            gold=corpus.pairs,
            predictions=predictions,
            event_types=corpus.event_types,
            config=events,
            errors=errors,
            units=units,
        )
    return Scores(ents, evs)
