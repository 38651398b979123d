"""newsgold: a gold-standard annotated news corpus and the harness that scores extractors on it.

Offsets everywhere are Unicode code point offsets into the document text, half-open
``[start, end)``; every span record also carries its ``text``, which must equal the slice.

The public API (everything else is the package's own business)::

    corpus = newsgold.load_corpus()                 # the gold, validated, loaded once
    scored = newsgold.score(gold=corpus, predictions="run.jsonl", entities=newsgold.EntityConfig(modes=("strict",)))
    data = newsgold.report(scored)                  # what `newsgold score --json` prints

Layers, bottom up (imports point down only; ``tests/test_architecture.py`` holds the list):
``version`` <- ``tags`` (seqeval-compatible functions, standard library only) <- the error
catalog and strict file reading (``gold.errors``, ``gold.io``) <- ``tables`` (the one JSON
Lines line reader; one table per layer, the only form the scorers read; the rules records are
checked by) <- ``gold`` (documents, the gold model and its views, repository, validator) <-
``readers`` (prediction formats) <- ``scoring`` (matching, metrics, result types) <-
``studies`` (agreement, bootstrap, gold diff) <- ``outputs`` (reports, HTML, exports,
leaderboard) <- ``api`` (every command's function) <- ``integrations`` (Trainer hook),
``dask`` (shards on a cluster) <- ``cli``.
"""

import importlib

# The public names, each from its module, imported on first use: ``import newsgold.tags``
# (standard library only) then loads nothing else of the package, so a script that scores
# tags with it does not pay to import the rest.
_FROM = {
    "coref_report": "api",
    "load_label_map": "api",
    "read_predictions": "api",
    "report": "api",
    "score": "api",
    "score_coref": "api",
    "CorefScored": "api",
    "CorefConfig": "scoring.coref_corpus",
    "Corpus": "gold.corpus",
    "Incident": "gold.errors",
    "NewsgoldError": "gold.errors",
    "load_corpus": "gold.sources",
    "validate": "gold.validate",
    "DocPredictions": "readers.records",
    "PredArgument": "readers.records",
    "PredEntity": "readers.records",
    "PredEvent": "readers.records",
    "Predictions": "readers.records",
    "Reader": "readers.records",
    "__version__": "version",
    "Counts": "scoring.metrics",
    "SpanMode": "scoring.modes",
    "TokenMode": "scoring.modes",
    "EntityConfig": "scoring.results",
    "EntityResult": "scoring.results",
    "EventConfig": "scoring.results",
    "EventResult": "scoring.results",
    "ModeResult": "scoring.results",
    "Scored": "scoring.results",
}

TYPE_CHECKING = False  # (typing itself is not imported: a script importing newsgold.tags would pay for it)
if TYPE_CHECKING:
    from .api import CorefScored, coref_report, load_label_map, read_predictions, report, score, score_coref
    from .gold.corpus import Corpus
    from .gold.errors import Incident, NewsgoldError
    from .gold.sources import load_corpus
    from .gold.validate import validate
    from .readers.records import DocPredictions, PredArgument, PredEntity, PredEvent, Predictions, Reader
    from .scoring.coref_corpus import CorefConfig
    from .scoring.metrics import Counts
    from .scoring.modes import SpanMode, TokenMode
    from .scoring.results import EntityConfig, EntityResult, EventConfig, EventResult, ModeResult, Scored
    from .version import __version__


def __getattr__(name: str) -> object:
    if name not in _FROM:
        raise AttributeError(f"module 'newsgold' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_FROM[name]}", __name__), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM})


__all__ = [
    "__version__",
    "CorefConfig",
    "CorefScored",
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
    "coref_report",
    "load_corpus",
    "load_label_map",
    "read_predictions",
    "report",
    "score",
    "score_coref",
    "validate",
]
