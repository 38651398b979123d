"""Score a corpus too large for one machine on Dask (``pip install 'newsgold[dask]'``).

The gold is JSON Lines of your own corpus (one document a line, as ``--gold FILE.jsonl``
reads it) and the predictions canonical JSON Lines, each in as many files as you like. Dask
reads both as bags, pairs each gold document with its predictions line by ``doc_id`` (a
shuffle), scores every partition of pairs where it lies (``newsgold score --counts-only``'s
counts of that partition's documents) and the counts are added up by ``newsgold merge``'s
rules (``outputs/counts.py``), so the report equals one run over all the files::

    from dask.distributed import Client; client = Client()      # or Client("tcp://scheduler:8786")
    import newsgold.dask
    report = newsgold.dask.score(gold="gold-*.jsonl", predictions="predictions-*.jsonl")

A gold document without a predictions line is scored as predicting nothing (and named in
the NG609 warning, as one run names it); a predictions line for no gold document, or two
lines for one document, is an error. The inventories (the types and roles the gold uses) are
gathered from the whole gold first, so every partition reads predicted labels alike. Reader
warnings name the file a line came from, not its line number. Dask runs everything: on
whichever scheduler is active (a ``distributed.Client``, or Dask's default).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import ModuleType
from typing import Any

from .api import score as score_corpus
from .gold.corpus import Corpus
from .gold.errors import Incident, NewsgoldError, incident
from .gold.io import parse_json
from .gold.jsonl_gold import gold_record, inventories_of, usage
from .gold.model import Document, Gold
from .outputs.counts import merge_counts, to_counts
from .readers.jsonl import BadRecord, parse_document
from .readers.records import DocPredictions
from .scoring.results import EntityConfig, EventConfig

GOLD, PREDICTED = "gold", "predicted"


def _bag() -> ModuleType:
    try:
        import dask.bag
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610",
                "newsgold.dask",
                message="scoring on Dask needs dask[bag] and distributed",
                hint="pip install 'newsgold[dask]'",
            )
        ) from None
    return dask.bag


def _record(line_and_path: tuple[str, str], side: str) -> tuple[str, str, Any]:
    line, path = line_and_path
    record, problems = parse_json(line, path)  # the same strict parse as every other reader
    if problems:
        raise NewsgoldError([replace(i, message=f"{i.message} in a line beginning {line[:40]!r}") for i in problems])
    if not isinstance(record, dict) or not isinstance(record.get("doc_id"), str):
        raise NewsgoldError(
            incident(
                "NG201", path, pointer="/doc_id", message=f"each line must be an object with a doc_id: {line[:60]!r}"
            )
        )
    return side, path, record


def _doc_id(item: tuple[str, str, Any]) -> str:
    return item[2]["doc_id"]


def _pair(group: tuple[str, list[tuple[str, str, Any]]]) -> tuple[tuple[str, Any], tuple[str, Any] | None]:
    doc_id, items = group
    gold = [(path, r) for side, path, r in items if side == GOLD]
    predicted = [(path, r) for side, path, r in items if side == PREDICTED]
    if not gold:
        raise NewsgoldError(
            incident(
                "NG602", predicted[0][0], pointer="/doc_id", message=f"unknown doc_id {doc_id!r}: no gold line has it"
            )
        )
    if len(gold) > 1:
        raise NewsgoldError(
            incident("NG505", gold[1][0], pointer="/doc_id", message=f"{doc_id!r} is also in {gold[0][0]}")
        )
    if len(predicted) > 1:
        raise NewsgoldError(
            incident(
                "NG603",
                predicted[1][0],
                pointer="/doc_id",
                message=f"{doc_id!r} is also predicted in {predicted[0][0]}",
            )
        )
    return gold[0], predicted[0] if predicted else None


def pairs(gold: str | list[str], predictions: str | list[str], *, blocksize: int | str | None = None) -> Any:
    """A ``dask.bag`` of ``((gold file, gold record), (file, predictions record) or None)``,
    one element per gold document: both sides read from their files (paths or globs, local or
    any filesystem Dask reads), joined on ``doc_id``."""
    bag = _bag()
    sides = [
        bag.read_text(paths, blocksize=blocksize, include_path=True).filter(lambda lp: lp[0].strip()).map(_record, side)
        for paths, side in ((gold, GOLD), (predictions, PREDICTED))
    ]
    return bag.concat(sides).groupby(_doc_id, shuffle="tasks").map(_pair)


def _usage(
    partition: Iterable[tuple[tuple[str, Any], tuple[str, Any] | None]],
) -> list[tuple[set[str], dict[str, set[str]], set[str]]]:
    """What one partition's gold uses (types, roles by subtype) and which layers its predictions give."""
    parsed, layers = [], set()
    for (path, record), predicted in partition:
        parsed.append(gold_record(record, path))
        if predicted is not None:
            layers |= {k for k in ("entities", "events") if k in predicted[1]}
    return [(*usage(parsed), layers)]


def _added(
    parts: list[tuple[set[str], dict[str, set[str]], set[str]]],
) -> tuple[set[str], dict[str, set[str]], set[str]]:
    types: set[str] = set()
    roles: dict[str, set[str]] = {}
    layers: set[str] = set()
    for t, r, ls in parts:
        types |= t
        layers |= ls
        for subtype, names in r.items():
            roles.setdefault(subtype, set()).update(names)
    return types, roles, layers


def _predictions(doc: Any, path: str, record: Any, warnings: list[Incident]) -> DocPredictions:
    try:
        parsed, notes = parse_document(record, doc)
    except BadRecord as bad:
        raise NewsgoldError(
            incident(bad.code, path, pointer=bad.ptr, message=f"{doc.doc_id}: {bad.message}", hint=bad.hint)
        ) from None
    warnings += [incident("NG608", path, severity="warning", message=n) for n in notes]
    return parsed


def _counts(
    partition: Iterable[tuple[tuple[str, Any], tuple[str, Any] | None]],
    *,
    inventories: tuple[dict[str, Any], dict[str, Any]],
    entities: EntityConfig,
    events: EventConfig,
    layers: tuple[str, ...],
) -> list[dict[str, Any]]:
    """``newsgold score --counts-only`` of one partition's documents."""
    gold: list[tuple[Document, Gold]] = []
    predicted: list[DocPredictions] = []
    warnings: list[Incident] = []
    for (path, record), given in sorted(partition, key=lambda pair: pair[0][1]["doc_id"]):
        doc, doc_gold = gold_record(record, path)
        gold.append((doc, doc_gold))
        if given is not None:
            predicted.append(_predictions(doc, given[0], given[1], warnings))
    if not gold:
        return []
    corpus = Corpus(tuple(gold), *inventories, {})
    scored = score_corpus(
        gold=corpus, predictions=predicted, entities=entities, events=events, layers=layers, errors=False
    )
    counts = to_counts(scored)
    counts["reader_warnings"] = [w.to_dict() for w in warnings]
    return [counts]


def score_pairs(
    pairs: Any,
    *,
    entities: EntityConfig = EntityConfig(),
    events: EventConfig = EventConfig(),
    layers: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The report of a bag of pairs (see :func:`pairs`): what ``newsgold merge`` prints for the
    counts of every partition, equal to one run over all the documents (error records aside)."""
    types, roles, given = _added(pairs.map_partitions(_usage).compute())
    chosen = layers if layers is not None else tuple(x for x in ("entities", "events") if x == "entities" or x in given)
    parts = pairs.map_partitions(
        _counts, inventories=inventories_of(types, roles), entities=entities, events=events, layers=chosen
    ).compute()
    if not parts:
        raise NewsgoldError(incident("NG601", "gold", message="the gold files hold no documents"))
    return merge_counts([(f"partition {i}", part) for i, part in enumerate(parts)])


def score(
    *,
    gold: str | list[str],
    predictions: str | list[str],
    entities: EntityConfig = EntityConfig(),
    events: EventConfig = EventConfig(),
    layers: tuple[str, ...] | None = None,
    blocksize: int | str | None = None,
) -> dict[str, Any]:
    """Score predictions JSON Lines against gold JSON Lines (paths or globs) on Dask: the
    report ``newsgold merge`` gives for the counts of every partition."""
    return score_pairs(pairs(gold, predictions, blocksize=blocksize), entities=entities, events=events, layers=layers)
