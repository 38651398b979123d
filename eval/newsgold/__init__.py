"""newsgold: a gold-standard annotated news corpus and the harness that scores extractors on it.

Offsets everywhere are Unicode code point offsets into the document text, half-open
``[start, end)``; every span record also carries its ``text``, which must equal the slice.

The public API (everything else is the package's own business)::

    corpus = newsgold.load_corpus()                 # the gold, validated, loaded once
    scored = newsgold.score(gold=corpus, predictions="run.jsonl", entities=newsgold.EntityConfig(modes=("strict",)))
    data = newsgold.report(scored)                  # what `newsgold score --json` prints

Layers, bottom up (imports point down only; ``tests/test_architecture.py`` holds the list):
``tags`` (seqeval-compatible functions, standard library only) <- ``gold`` (documents,
model, repository, validator, error catalog) <- ``readers`` (prediction formats) <-
``scoring`` (matching, metrics, result types) <- ``studies`` (agreement, bootstrap, gold
diff) <- ``outputs`` (reports, HTML, exports, leaderboard) <- ``api`` <- ``integrations``
(Trainer hook), ``dask`` (shards on a cluster) <- ``cli``.
"""

__version__ = "0.1.0"  # the one place it is written: pyproject.toml reads it from here

from .api import load_label_map, read_predictions, report, score  # noqa: E402
from .gold.corpus import Corpus  # noqa: E402
from .gold.errors import Incident, NewsgoldError  # noqa: E402
from .gold.sources import load_corpus  # noqa: E402
from .gold.validate import validate  # noqa: E402
from .readers.records import (  # noqa: E402
    DocPredictions,
    PredArgument,
    PredEntity,
    PredEvent,
    Predictions,
    Reader,
)
from .scoring.metrics import Counts  # noqa: E402
from .scoring.modes import SpanMode, TokenMode  # noqa: E402
from .scoring.results import (  # noqa: E402
    EntityConfig,
    EntityResult,
    EventConfig,
    EventResult,
    ModeResult,
    Scored,
)

__all__ = [
    "__version__",
    "Corpus",
    "Counts",
    "DocPredictions",
    "EntityConfig",
    "EntityResult",
    "EventConfig",
    "EventResult",
    "Incident",
    "ModeResult",
    "NewsgoldError",
    "PredArgument",
    "PredEntity",
    "PredEvent",
    "Predictions",
    "Reader",
    "Scored",
    "SpanMode",
    "TokenMode",
    "load_corpus",
    "load_label_map",
    "read_predictions",
    "report",
    "score",
    "validate",
]
