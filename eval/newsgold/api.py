"""The one orchestrator: load the corpus once, read predictions, score, build the report,
import annotations into the gold.

Every command and every user script goes through these functions (re-exported from
``newsgold``). A function whose command is rarely run (an import) loads its modules when it
runs, so scoring does not pay to load them::

>>> import newsgold
>>> corpus = newsgold.load_corpus()
>>> scored = newsgold.score(gold=corpus, predictions="submissions/baseline/predictions.jsonl")
>>> round(scored.entities.modes["strict"].overall.f1, 4)
0.9394
>>> newsgold.report(scored)["entities"]["strict"]["overall"]["tp"]
62
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .gold.corpus import Corpus
from .gold.errors import CATALOG, Incident, NewsgoldError, incident
from .gold.io import outside, read_json, read_text
from .gold.model import Document
from .gold.repo import Repo, find_repo, subtype_names
from .gold.sources import CONLL_SUFFIXES, GOLD_FILE_SUFFIXES, load_corpus
from .gold.write import check_output, protected_folders, write_atomic
from .outputs.coref import build_coref_report, cluster_views
from .outputs.report import build_report
from .readers.coref import CorefDoc, gold_clusters
from .readers.coref_formats import coref_format, read_clusters
from .readers.jsonl import VALUES, JsonlFile, check_values
from .readers.records import DocPredictions, Predictions
from .readers.registry import read_predictions as _read
from .readers.registry import stream_predictions
from .scoring.coref_corpus import DEFAULT_CONFIG, CorefConfig, CorefLayer
from .scoring.coref_corpus import score_coref as _score_coref
from .scoring.metrics import total
from .scoring.modes import SPAN_MODES, TOKEN_MODES
from .scoring.results import EntityConfig, EventConfig, Scored
from .scoring.score import Scores, score_corpus
from .scoring.units import UnitCounts, Units
from .studies.bootstrap import (
    all_units,
    entity_unit_counts,
    event_unit_counts,
    report_intervals,
    resampling_unit,
)
from .studies.bootstrap import compare as bootstrap_compare

LAYERS = ("entities", "events")


def read_predictions(path: str | Path, corpus: Corpus, *, format: str = "auto", stream: bool = False) -> Predictions:
    """Read a predictions file (or folder) in any registered format against ``corpus``.

    With ``stream``, a JSON Lines file is checked whole, then read again as it is scored,
    so memory does not grow with the file.
    """
    read = stream_predictions if stream else _read
    try:
        documents, warnings, kind = read(path, corpus.documents, fmt=format, subtypes=corpus.subtypes)
    except NewsgoldError as e:
        raise NewsgoldError([_for_this_gold(i, corpus) for i in e.incidents]) from None
    return _predictions(documents, warnings, kind, str(path))


# A predictions file is the user's own: its shape hint says the shape, not a folder of this repository.
_PREDICTIONS_SHAPE = (
    'a predictions line is {"doc_id", "entities": [{"start", "end", "type" (or "label"), "text"?, "score"?}], '
    '"events"?} (README: Score your system)'
)


def _for_this_gold(found: Incident, corpus: Corpus) -> Incident:
    """A predictions error's hint, for the gold it was scored against. An unknown doc_id: on a
    repository's corpus the predictions may be of another corpus (a forgotten ``--gold``); on a
    user's own gold, the two files disagree (unless the reader gave a hint of its own). A JSON
    Lines shape error without a hint of its own:
    the predictions' shape."""
    json_lines = Path(found.file).suffix.lower() in GOLD_FILE_SUFFIXES
    if found.code == "NG201" and found.hint == CATALOG["NG201"][2] and json_lines:
        return replace(found, hint=_PREDICTIONS_SHAPE)
    if found.code != "NG602" or found.hint != CATALOG["NG602"][2]:  # a reader's own hint says more
        return found
    if corpus.repo is not None:
        hint = (
            "scoring your own corpus? give its gold with --gold YOUR_GOLD; otherwise predict only the "
            "documents of the repository's corpus (`newsgold validate` checks it)"
        )
    else:
        hint = "the predictions and the gold file must name each document by the same doc_id"
    return replace(found, hint=hint)


def _predictions(documents: Iterable[DocPredictions], warnings: list[Incident], kind: str, source: str) -> Predictions:
    if isinstance(documents, JsonlFile):  # a checked file knows what it covers: walking it would read it again
        return Predictions(documents, warnings, kind, source, frozenset(documents.doc_ids), documents.layers)
    return Predictions.of(documents, warnings, kind, source)


def score(
    *,
    gold: Corpus | str | Path | None = None,
    predictions: str | Path | Predictions | Iterable[DocPredictions],
    entities: EntityConfig = EntityConfig(),
    events: EventConfig = EventConfig(),
    layers: tuple[str, ...] | None = None,
    format: str = "auto",
    shard: bool = False,
    errors: bool = True,
    correct: bool = True,
    intervals: bool | None = None,
) -> Scored:
    """Score predictions against the gold.

    ``gold``: a loaded :class:`~newsgold.gold.corpus.Corpus`, a repository root (default: the
    one holding the current directory) or a JSON Lines gold file of your own corpus.
    ``predictions``: a file or folder in any format
    (``format``), read predictions, or :class:`DocPredictions` values. ``layers`` None scores
    entities, and events when the predictions give any.

    With ``shard``, only the documents the predictions cover are scored (one shard of a
    corpus scored in parts; ``merge`` adds the parts up), and a JSON Lines file is read as it
    is scored. With ``errors``, the strict entity errors are listed as the scoring goes (with
    ``correct``, the strict correct entities too); without, memory holds the counts only.
    With ``intervals`` (and not ``shard``), each mode and event metric, and each of their
    per-type rows, get a seeded bootstrap interval of F1
    (:func:`newsgold.studies.bootstrap.report_intervals`: documents resampled when there are
    enough, else sentences), from counts by unit booked as the scoring goes. None (the
    default) computes them when ``errors`` are listed: a lean scoring keeps counts only.
    """
    corpus = load_corpus(gold)
    if layers is not None and set(layers) - set(LAYERS):
        bad = sorted(set(layers) - set(LAYERS))
        raise NewsgoldError(
            incident("NG003", "layers", message=f"unknown layer(s) {bad}; choose from {', '.join(LAYERS)}")
        )
    if isinstance(predictions, (str, Path)):
        predictions = read_predictions(predictions, corpus, format=format, stream=shard)
    elif not isinstance(predictions, Predictions):
        if isinstance(predictions, (bytes, bytearray)) or not isinstance(predictions, Iterable):
            given = type(predictions).__name__
            raise TypeError(f"predictions: a path, a Predictions or DocPredictions values, not {given}")
        values = list(predictions)
        predictions = _predictions(values, check_values(values, corpus.documents), "values", VALUES)
    intervals = (errors if intervals is None else intervals) and not shard
    if entities.keep_alignments is None:  # what the report lists is listed as the scoring goes
        listed = errors and "strict" in entities.modes
        entities = replace(
            entities,
            keep_alignments=(),
            list_errors="strict" if listed else None,
            list_correct=listed and correct,
        )
    events = _for_format(events, predictions.format)
    if shard:
        corpus = corpus.only(predictions.doc_ids)
    documents = [d for d, _ in corpus]
    units = Units(documents, resampling_unit(documents)) if intervals else None
    if layers is None:
        given = predictions.layers
        layers = tuple(layer for layer in LAYERS if layer == "entities" or layer in given)
    scores = score_corpus(
        corpus,
        predictions.documents,
        entities=entities if "entities" in layers else None,
        events=events if "events" in layers else None,
        errors=errors,
        units=units,
    )
    found = _intervals(scores, units) if units else None
    warnings = [*corpus.warnings, *predictions.warnings]  # the gold file's, then the predictions'
    if scores.entities is not None and scores.entities.tallies.get("tag_documents"):
        # The scoring judged the tags with their scheme (NG613); a reader judges without one.
        # (Under --types, --level or --passage the tags are not read as tags: the reader's stays.)
        warnings = [w for w in warnings if w.code != "NG613"]
    return Scored(
        scores.entities,
        scores.events,
        tuple(layers),
        predictions.format,
        corpus.dataset_version,
        [d.doc_id for d, _ in corpus],
        warnings,
        predictions.source,
        errors,
        correct,
        found,
    )


def _for_format(events: EventConfig, fmt: str) -> EventConfig:
    """Text-only arguments are quotes, of a mention's extent or its head: scored with ``quote``
    where the head rule is asked (the default)."""
    return replace(events, arg_match="quote") if fmt == "text-only" and events.arg_match == "head" else events


def _intervals(scores: Scores, units: Units) -> dict[str, Any]:
    """The bootstrap intervals of every mode and event metric scored, and of every per-type row
    (all from one product a chunk of replicates: :func:`report_intervals`). The report's
    ``intervals``, with ``f1`` (by ``layer/mode``) and ``f1_per_type`` (by ``layer/mode``, then
    type)."""
    booked: dict[str, UnitCounts] = {}
    if scores.entities is not None:
        booked |= {f"entities/{m}": r.units for m, r in scores.entities.modes.items() if r.units is not None}
    if scores.events is not None and scores.events.unit_counts is not None:
        booked |= {f"events/{m}": table for m, table in scores.events.unit_counts.items()}
    method, found = report_intervals(units, booked)
    return {
        **method,
        "f1": {name: overall for name, (overall, _) in found.items()},
        "f1_per_type": {name: per_type for name, (_, per_type) in found.items()},
    }


def report(scored: Scored, *, lazy: bool = False, max_errors: int = 0) -> dict[str, Any]:
    """The report as plain data: what ``newsgold score --json`` prints. With ``lazy``, its long
    lists of rows are made as they are read (``outputs.report.iter_json`` writes them);
    ``max_errors`` > 0 lists that many errors of each layer (0: all)."""
    warnings = list(scored.warnings)
    entities = scored.entities
    if entities is not None:  # the reader's warnings lead the entity warnings
        entities = replace(entities, warnings=[*warnings, *entities.warnings])
        warnings = []
    out = build_report(
        entities=entities,
        events=scored.events,
        dataset_version=scored.dataset_version,
        predictions=scored.predictions,
        errors=scored.errors,
        correct=scored.correct,
        documents=len(scored.doc_ids),
        intervals=scored.intervals,
        lazy=lazy,
        max_errors=max_errors,
    )
    out["config"]["layers"] = list(scored.layers)
    out["config"]["format"] = scored.format
    out.setdefault("warnings", []).extend(w.to_dict() for w in warnings)
    return out


@dataclass(frozen=True)
class CorefScored:
    """Coreference scores by layer (entity and event coreference), and what was scored."""

    layers: dict[str, CorefLayer]
    config: CorefConfig
    format: str
    predictions: str
    key: str
    warnings: list[Incident]
    key_checksum: str = ""
    """What the counts of a shard are checked by: the gold's checksum, or a key file's."""
    dataset_version: str = ""
    key_clusters: dict[str, CorefDoc] = field(default_factory=dict, repr=False)
    response_clusters: list[CorefDoc] = field(default_factory=list, repr=False)
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # by doc_id; none against a CoNLL-2012 key


def score_coref(
    *,
    gold: Corpus | str | Path | None = None,
    predictions: str | Path,
    format: str = "auto",
    config: CorefConfig = DEFAULT_CONFIG,
    shard: bool = False,
) -> CorefScored:
    """Score a file of coreference clusters against the gold's clusters.

    With ``shard``, only the documents the file gives are scored (one shard of a corpus, for
    :func:`counts`); else a key document it leaves out is scored as an empty response.

    ``gold``: a corpus, a repository (default: the one holding the current directory), a
    JSON Lines gold of your own (clusters on entities, mentions and events), or a CoNLL-2012
    or CorefUD key file (then mentions are tokens, and the predictions must count tokens too).
    """
    from .outputs.counts import file_checksum, gold_checksum

    key_format = coref_format(gold) if isinstance(gold, (str, Path)) and Path(gold).is_file() else None
    if key_format in ("conll2012", "corefud"):
        assert isinstance(gold, (str, Path))
        docs, _, _ = read_clusters(gold, None, fmt=key_format)
        key: dict[str, CorefDoc] = {d.doc_id: d for d in docs}
        documents = None
        key_name, version, checksum = str(gold), "", file_checksum(Path(gold)) if shard else ""
    else:
        corpus = load_corpus(gold)
        key = {doc.doc_id: gold_clusters(g) for doc, g in corpus}
        documents = corpus.documents
        key_name, version = f"the gold {corpus.dataset_version}", corpus.dataset_version
        checksum = gold_checksum(corpus) if shard else ""
    response, warnings, kind = read_clusters(predictions, documents, fmt=format)
    layers = _score_coref(key, response, config, source=str(predictions), shard=shard)
    texts = {doc_id: doc.text for doc_id, doc in documents.items()} if documents is not None else {}
    return CorefScored(
        layers, config, kind, str(predictions), key_name, warnings, checksum, version, key, response, texts
    )


def counts(scored: Scored | None, coref: CorefScored | None = None, *, gold: Corpus | None = None) -> dict[str, Any]:
    """The mergeable counts of one shard (``newsgold score --counts-only``): ``scored`` (entities
    and events, scored with ``shard=True`` against ``gold``) and/or ``coref`` (scored with
    ``shard=True``), for :func:`merge`."""
    from .outputs.counts import CorefPart, to_counts

    part = None
    if coref is not None:
        part = CorefPart(coref.layers, coref.config, coref.key, coref.format, coref.key_checksum, coref.dataset_version)
        part.warnings.extend(coref.warnings)
    return to_counts(scored, gold=gold, coref=part)


def coref_report(scored: CorefScored, *, clusters: bool = False) -> dict[str, Any]:
    """The coreference report as plain data (the ``coref`` part of ``newsgold score --json``);
    with ``clusters``, also each gold cluster and how the response split or merged it, by
    document and layer (what the HTML report draws)."""
    out = build_coref_report(
        scored.layers, scored.config, predictions=scored.predictions, key=scored.key, format=scored.format
    )
    out["warnings"] = [w.to_dict() for w in scored.warnings]
    if clusters:
        out["clusters"] = cluster_views(scored.key_clusters, scored.response_clusters, scored.texts)
    return out


def load_label_map(path: str | Path) -> dict[str, str | None]:
    """A user label map: a JSON object of predicted label -> label, or null to drop the
    predictions with that label (as the tables of ``label-maps.json`` drop value types)."""
    data, problems = read_json(Path(path))
    if data is None:
        raise NewsgoldError(
            [
                replace(i, hint='give the path of a JSON file such as {"PLACE": "LOC", "DATE": null}')
                if i.code == "NG105"
                else i
                for i in problems
            ]
        )
    if isinstance(data, dict) and isinstance(data.get("map"), dict):  # an entry of label-maps.json
        data = data["map"]
    if isinstance(data, dict) and data and all(isinstance(v, dict) and "map" in v for v in data.values()):
        raise NewsgoldError(
            incident(
                "NG201",
                str(path),
                pointer="",
                message=f"this file holds several built-in tables ({', '.join(data)}), not one label map",
                hint="score in one of them with EntityConfig(scheme=NAME) (newsgold score --map NAME), "
                "which maps gold and predictions alike",
            )
        )
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()
    ):
        raise NewsgoldError(
            incident(
                "NG201",
                str(path),
                pointer="",
                message="a label map is a JSON object of labels to labels or null (drop)",
                hint='e.g. {"PLACE": "LOC", "DATE": null}',
            )
        )
    return data


MAX_REPLICATES = 100_000
"""The most replicates ``compare`` draws: ten times the default, already far past where the
p-value stops moving; a larger count only asks for memory (a row of weights per replicate)."""


def compare(
    a: str | Path,
    b: str | Path,
    *,
    gold: Corpus,
    metric: str = "strict",
    format: str = "auto",
    replicates: int = 10_000,
    seed: int = 0,
) -> dict[str, Any]:
    """Is system A better than B on ``metric`` (a span or token mode, or an event metric)? A paired
    bootstrap over sentences within documents: F1 of each, their difference with its
    interval, and the p-value (what ``newsgold compare --json`` prints).

    The p-value is one-sided in the direction of the observed difference: the share of
    replicates whose difference exceeds twice the observed one. A system whose file gives
    no prediction of the metric's layer has F1 None (not predicted), and no test is run.
    """
    if seed < 0:
        raise NewsgoldError(
            incident(
                "NG003",
                "compare.seed",
                message=f"the seed is {seed}; it must be 0 or more (numpy's generators take no negative seed)",
            )
        )
    if not 1 <= replicates <= MAX_REPLICATES:
        raise NewsgoldError(
            incident(
                "NG003",
                "compare.replicates",
                message=f"{replicates} replicates; give 1 to {MAX_REPLICATES:,} (each is held in memory)",
            )
        )
    layer = "entities" if metric in SPAN_MODES or metric in TOKEN_MODES else "events"
    units = all_units([d for d, _ in gold])
    booked = Units([d for d, _ in gold], "sentences")
    counts, predicted = [], []
    for path in (a, b):
        read = read_predictions(path, gold, format=format)
        predicted.append(layer in read.layers)
        preds = read.documents
        if layer == "entities":
            scores = score_corpus(gold, preds, entities=EntityConfig(modes=(metric,)), events=None, units=booked)
            assert scores.entities is not None  # entities were asked for
            counts.append(entity_unit_counts(scores.entities, metric))
        else:
            config = _for_format(EventConfig(), read.format)
            scores = score_corpus(gold, preds, entities=None, events=config, errors=False, units=booked)
            assert scores.events is not None  # events were asked for
            counts.append(event_unit_counts(scores.events, metric))
    f1 = [total(c.values()).f1 if given else None for c, given in zip(counts, predicted)]
    out = {
        "a": str(a),
        "b": str(b),
        "metric": metric,
        "layer": layer,
        "f1_a": f1[0],
        "f1_b": f1[1],
        "test": "paired bootstrap",
    }
    if not all(predicted):
        missing = [name for name, given in zip("ab", predicted) if not given]
        return {**out, "not_predicted": missing, "delta": None, "p_value": None, "replicates": 0, "seed": seed}
    return {**out, **bootstrap_compare(units, counts[0], counts[1], replicates=replicates, seed=seed)}


IMPORT_FORMATS = ("brat", "label-studio", "inception")


@dataclass
class GoldImport:
    """What an import would write: each document's validated record and where it goes, the
    gold it replaces, the changes between the two, and what the annotation tool's file left
    out (warnings, and what the tool does not carry at all)."""

    repo: Repo
    staged: dict[str, tuple[Path, dict[str, Any]]]
    sources: list[Path]
    old: dict[str, dict[str, Any]]
    changes: list[dict[str, Any]]
    warnings: list[Incident]
    not_carried: str | None

    def removals(self) -> list[Incident]:
        """Why writing needs ``force``: documents where the import removes more annotations than it keeps."""
        from .studies.diff import balance

        dropping = {doc_id: n for doc_id, n in balance(self.changes, self.old).items() if n[0] > n[1]}
        return [
            incident(
                "NG616",
                str(self.staged[doc_id][0]),
                message=f"the import removes {removed} annotations and keeps {kept}",
            )
            for doc_id, (removed, kept) in dropping.items()
        ]

    def _into_gold(self, path: Path) -> bool:
        """Whether ``path`` lies in the repository's own gold folder: the one protected place an
        import writes (``-o`` elsewhere in ``annotations/``, ``corpus/``, ``data/`` or
        ``submissions/`` is refused, NG006). ``-o annotations/gold`` is the default spelt out,
        so it is allowed: the same checks hold (nothing written without ``--write``, validated
        first, ``--force`` to remove most of a file, a link out refused), and refusing it would
        make no write safer."""
        return Path(os.path.realpath(path.parent)) == Path(os.path.realpath(self.repo.gold_dir))

    def refusals(self) -> list[Incident]:
        """Why a target cannot be written (see :func:`~newsgold.gold.write.check_output`),
        for every target, before the first is written."""
        protected = protected_folders(self.repo.root)
        return [
            i
            for path, _ in self.staged.values()
            for i in check_output(path, inputs=self.sources, protected=protected, allow_protected=self._into_gold(path))
        ]

    def write(self, *, force: bool = False) -> list[Path]:
        """Write the records (all were converted and validated first); refuses an import
        that removes more than it keeps unless ``force``, and writes nothing when a target
        is refused."""
        problems = self.refusals() + ([] if force else self.removals())
        if problems:
            raise NewsgoldError(problems)
        written = []
        protected = protected_folders(self.repo.root)
        for path, record in self.staged.values():
            content = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
            write_atomic(path, content, inputs=self.sources, protected=protected, allow_protected=self._into_gold(path))
            written.append(path)
        return written


def import_gold(
    source: str | Path,
    *,
    root: str | Path | None = None,
    format: str = "brat",
    output: str | Path | None = None,
    force: bool = False,
) -> GoldImport:
    """Read annotations made in a tool (brat ``.ann`` files, a Label Studio JSON export, an
    INCEpTION XMI zip or folder), convert and validate every document, and compare them with
    the gold they would replace; nothing is written (see :meth:`GoldImport.write`).
    ``force`` lets a malformed current gold file be replaced."""
    from .gold.validate import check_gold_record
    from .studies.diff import compare, load_records

    if format not in IMPORT_FORMATS:
        raise NewsgoldError(
            incident("NG003", "import", message=f"unknown format {format!r}; choose one of {', '.join(IMPORT_FORMATS)}")
        )
    repo = find_repo(root)
    src = Path(source)
    out_dir = Path(output) if output else repo.gold_dir
    warnings: list[Incident] = []
    not_carried: str | None = None
    if format == "brat":
        records, sources = _from_brat(repo, src), _brat_files(src)
    else:
        records, warnings, not_carried = _from_annotation_tool(repo, src, format, force=force)
        sources = [src]
    staged: dict[str, tuple[Path, dict[str, Any]]] = {}
    for doc_id, (record, doc, where) in records.items():
        target = out_dir / f"{doc_id}.json"
        found = [i for i in check_gold_record(repo, record, doc, where(target)) if i.severity == "error"]
        if found:
            raise NewsgoldError(found)
        staged[doc_id] = (target, record)
    old: dict[str, dict[str, Any]] = {}
    for path, _ in staged.values():
        if path.exists():
            refused = outside(path.parent, path)
            if refused is not None:
                raise NewsgoldError(refused)
            try:
                old.update(load_records(repo, str(path)))
            except NewsgoldError:
                if not force:  # a broken gold file is replaced only on purpose
                    raise
    changes = compare(old, {doc_id: record for doc_id, (_, record) in staged.items()})
    plan = GoldImport(repo, staged, sources, old, changes, warnings, not_carried)
    problems = plan.refusals()
    if problems:  # said before the changes are shown, with --write or without
        raise NewsgoldError(problems)
    return plan


def _brat_files(src: Path) -> list[Path]:
    from .readers.brat import ann_files

    if not src.exists():
        raise NewsgoldError(
            incident(
                "NG002", str(src), message="no such file or folder", hint="give a .ann file or a folder of <doc_id>.ann"
            )
        )
    return ann_files(src)


def _from_brat(repo: Repo, src: Path) -> dict[str, tuple[dict[str, Any], Any, Any]]:
    """Each ``.ann`` file's gold record, its document, and how an error names the file."""
    from .gold.validate import check_document
    from .readers.brat import from_ann, parse_ann
    from .studies.diff import check_shape, gold_shape

    shape = gold_shape(repo)
    out = {}
    for f in _brat_files(src):
        checked = check_document(repo, f.stem)
        if checked.doc is None:
            raise NewsgoldError(
                checked.incidents or incident("NG105", str(f), message=f"no corpus document {f.stem!r}")
            )
        text, problems = read_text(f)
        if text is None:
            raise NewsgoldError(problems)
        record = from_ann(
            parse_ann(text, str(f)),
            checked.doc,
            subtypes=subtype_names(repo.event_types),
            dataset_version=checked.doc.meta["dataset_version"],
            file=str(f),
        )
        check_shape(shape, record, str(f))  # what validate checks first: e.g. a mention whose head was cut off
        out[f.stem] = (record, checked.doc, lambda target, f=f: str(f))
    return out


def _from_annotation_tool(
    repo: Repo, src: Path, format: str, *, force: bool = False
) -> tuple[dict[str, tuple[dict[str, Any], Any, Any]], list[Incident], str]:
    """Label Studio (a JSON export) or INCEpTION (XMI): each document's gold record, the
    tool's warnings, and what the tool does not carry. A current gold file that does not read
    is an error unless ``force`` (the import replaces it)."""
    from .gold.validate import check_document
    from .readers import inception, labelstudio_tasks

    if format == "label-studio":
        data, problems = read_json(src)
        if data is None:
            raise NewsgoldError(problems)
    else:
        data = inception.sources(src)
    documents, current = {}, {}
    for doc_id in repo.doc_ids():
        checked = check_document(repo, doc_id)
        if checked.doc is None:
            raise NewsgoldError(checked.incidents)
        documents[doc_id] = checked.doc
        gold_path = repo.gold_path(doc_id)
        if gold_path.exists():
            refused = outside(repo.gold_dir, gold_path)
            record, problems = (None, [refused]) if refused is not None else read_json(gold_path)
            if record is None and not force:  # a broken gold file is replaced only on purpose
                raise NewsgoldError(problems)
            if isinstance(record, dict):
                current[doc_id] = record
    project = labelstudio_tasks.Project(
        subtype_names(repo.event_types),
        {t["type"] for t in repo.entity_types["types"] if t.get("kind") == "value"},
        {d: doc.meta["dataset_version"] for d, doc in documents.items()},
        current,
    )
    if format == "label-studio":
        records, warnings = labelstudio_tasks.read_tasks(data, documents, project, file=str(src))
        tool, not_carried = "Label Studio", labelstudio_tasks.not_carried()
    else:
        records, warnings = inception.read_cases(data, documents, project)
        tool, not_carried = inception.TOOL, inception.not_carried()
    found = {
        r["doc_id"]: (r, documents[r["doc_id"]], lambda target: f"{target} (imported from {src})") for r in records
    }
    return found, warnings, f"not carried by {tool}: {'; '.join(not_carried)}"


def predict(
    adapter: str,
    *,
    root: str | Path | None = None,
    model: str | None = None,
    labels: list[str] | None = None,
    threshold: float | None = None,
    progress: bool = False,
) -> tuple[str, list[DocPredictions]]:
    """Run an extractor over the repository's corpus: the bundled rule ``baseline`` (entities,
    events and coreference clusters), or a model through an adapter (``spacy``,
    ``transformers``, ``gliner``: ``model`` a package name or a folder). Returns the canonical
    JSON Lines text of its predictions, and them."""
    from .adapters import load_adapter, predictions_to_jsonl
    from .baseline import extract
    from .baseline.coref import clusters as coref_clusters
    from .gold.lazy import tqdm
    from .readers.jsonl import dump_jsonl

    documents = [doc for doc, _ in load_corpus(find_repo(root))]
    if adapter == "baseline":
        if model is not None or labels is not None or threshold is not None:
            raise NewsgoldError(
                incident("NG003", "run", message="the baseline takes no MODEL, --labels or --threshold")
            )
        found = [extract(doc) for doc in tqdm().tqdm(documents, desc=adapter, unit="doc", disable=not progress)]
        chains = {d.doc_id: coref_clusters(d, p.entities) for d, p in zip(documents, found)}
        return dump_jsonl(found, {d.doc_id: d.text for d in documents}, clusters=chains), found
    if model is None:
        raise NewsgoldError(
            incident("NG003", "run", message=f"the {adapter} adapter needs a MODEL (package name or folder)")
        )
    if adapter == "spacy" and threshold is not None:
        raise NewsgoldError(
            incident("NG003", "run", message="--threshold needs scores, and spaCy's entities carry none")
        )
    entities = load_adapter(adapter, model=model, labels=labels, threshold=0.5 if threshold is None else threshold)
    shown = tqdm().tqdm(documents, desc=adapter, unit="doc", disable=not progress)
    found = [DocPredictions(doc.doc_id, tuple(entities(doc))) for doc in shown]
    return predictions_to_jsonl(found), found


# ---- the gold's maintenance commands: each returns data, the CLI prints it


def validate(
    paths: Sequence[str | Path] = (), *, root: str | Path | None = None, corpus: str | Path | None = None
) -> list[Incident]:
    """Every incident of the repository's gold (or of ``paths``: a repository's gold files or
    folders, or the gold file of a corpus of your own, JSON Lines or CoNLL, read as ``--gold``
    reads it: no repository is needed for those)."""
    from .gold.validate import validate as _validate

    found: list[Incident] = []
    theirs = []
    for path in map(Path, paths):
        if path.suffix.lower() in (*GOLD_FILE_SUFFIXES, *CONLL_SUFFIXES) and path.is_file():
            try:
                found += load_corpus(path).warnings
            except NewsgoldError as refused:
                found += refused.incidents
        else:
            theirs.append(path)
    if theirs or not paths:
        found += _validate(find_repo(root), theirs, corpus_dir=Path(corpus) if corpus else None)
    return found


def document(doc_id: str, *, root: str | Path | None = None) -> Document:
    """A corpus document, checked (its tokens are what ``newsgold tokens`` lists)."""
    from .gold.validate import check_document

    checked = check_document(find_repo(root), doc_id)
    if checked.doc is None:
        raise NewsgoldError(checked.incidents)
    return checked.doc


def event_views(view: str, *, root: str | Path | None = None) -> Iterator[dict[str, Any]]:
    """Each document's gold events as the view ``view`` shows them."""
    from .gold.views import event_view

    corpus = load_corpus(find_repo(root))
    for doc, gold in corpus:
        yield {
            "doc_id": doc.doc_id,
            "view": view,
            "events": event_view(doc, gold, view=view, event_types=corpus.event_types),
        }


def agree(a: str | Path, b: str | Path, *, root: str | Path | None = None) -> dict[str, Any]:
    """How two annotations of the corpus agree (A plays gold)."""
    from .studies.agree import agree as _agree

    return _agree(repo=find_repo(root), a=Path(a), b=Path(b))


def diff(old: str, new: str, *, root: str | Path | None = None, scores: bool = True) -> dict[str, Any]:
    """What changes between two versions of the gold (a git revision or a path each), and
    what the change does to the leaderboard's scores."""
    from .studies.diff import compare as changed
    from .studies.diff import load_records, score_effects

    repo = find_repo(root)
    before, after = load_records(repo, old), load_records(repo, new)
    effects = score_effects(repo, before, after) if scores else []
    return {"old": old, "new": new, "changes": changed(before, after), "score_effects": effects}


def audit(*, root: str | Path | None = None) -> tuple[Corpus, list[Any], list[Any]]:
    """The gold items the systems of the leaderboard agree against, with their readings."""
    from .studies.audit import audit_repo

    repo = find_repo(root)
    corpus = load_corpus(repo)
    systems, items = audit_repo(repo, corpus)
    return corpus, systems, items


def merge(paths: Sequence[str | Path]) -> dict[str, Any]:
    """One report from counts files (``score --counts-only``), as ``score --json`` prints it."""
    from .outputs.counts import merge as _merge

    return _merge([Path(p) for p in paths])


def leaderboard_page(*, root: str | Path | None = None) -> str:
    """The leaderboard as one self-contained HTML page."""
    from .outputs.leaderboard import render_html

    return render_html(find_repo(root))


def update_leaderboard(*, root: str | Path | None = None, check: bool = False) -> bool:
    """Write LEADERBOARD.md from the submissions (with ``check``, only say whether it is current)."""
    from .outputs.leaderboard import update

    return update(find_repo(root), check=check)


def hf_files(*, root: str | Path | None = None) -> dict[Path, str]:
    """The repository's own copy of the Hugging Face files, by path: data/, and in newsgold's
    own repository the README's dataset card too (its name and licences are newsgold's: another
    repository of annotations keeps its README as it is)."""
    from .outputs.export import hf_files as _hf_files
    from .outputs.export import readme_with_card

    repo = find_repo(root)
    files = _hf_files(repo, load_corpus(repo))
    if repo.is_newsgolds_own:
        files["README.md"] = readme_with_card(repo)
    return {repo.root / name: content for name, content in files.items()}


def export(
    format: str, output: str | Path, *, root: str | Path | None = None, force: bool = False, profile: str = "full"
) -> list[Path]:
    """Write the gold in ``format`` into folder ``output`` (never over the repository's data, nor
    over files the export did not write unless ``force``); the files written. ``profile``
    ``ace05e`` (textee, dygiepp) writes what ACE05-E models are trained on."""
    from .outputs.export import export as _export

    repo = find_repo(root)
    return list(
        _export(
            repo,
            load_corpus(repo),
            fmt=format,
            out=Path(output),
            protected=protected_folders(repo.root),
            force=force,
            profile=profile,
        )
    )


def annotation_tool_files(
    format: str, *, root: str | Path | None = None, predictions: str | Path | None = None
) -> tuple[dict[str, str], int]:
    """The files a Label Studio or INCEpTION project imports: the gold, or a system's
    predictions as pre-annotations; and how many predicted arguments they leave out."""
    from .outputs.export import inception_files, label_studio_files

    repo = find_repo(root)
    corpus = load_corpus(repo)
    read = read_predictions(predictions, corpus) if predictions else None
    return (label_studio_files if format == "label-studio" else inception_files)(repo, corpus, read)


def regenerate(*, root: str | Path | None = None, check: bool = False) -> list[Path]:
    """Write every file derived from the gold: data/ and the README's dataset card (the
    Hugging Face files), the README's data card, and LEADERBOARD.md. Returns the files
    written; with ``check``, writes nothing and returns the files that are stale."""
    from .outputs.datacard import update as update_card
    from .outputs.leaderboard import update as update_board

    repo = find_repo(root)
    found = []
    for path, content in hf_files(root=repo.root).items():  # first: it writes the README's YAML header
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            found.append(path)
            if not check:
                write_atomic(path, content)
    if not update_card(repo, check=check):
        found.append(repo.root / "README.md")
    if not update_board(repo, check=check):
        found.append(repo.root / "LEADERBOARD.md")
    return list(dict.fromkeys(found))
