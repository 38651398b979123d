"""The leaderboard: every entry under ``submissions/<system>/`` scored with intervals; blind
systems ranked, the others shown apart.

An entry is ``predictions.jsonl`` (canonical JSON Lines), ``run.sh`` (rebuilds the
predictions from the package registries; ``scripts/rerun_submissions.py`` checks it does)
and ``metadata.json``:

- required: ``system``, ``version``, ``how_run``, ``license`` (strings) and ``saw_corpus``
  (true when the system was built, tuned or written with knowledge of this corpus);
- ``label_map``: the system's labels -> entity types, ``null`` to drop a label; applied as
  declared (dropped predictions first, then the library's label map);
- ``entity_types``: the types the system can predict, after its map (default: every type);
  the entry is scored on those types alone as well as on all types;
- anything else (``url``, ``provenance``, ``checked``, ``notes``) is kept for readers.

Ranked: blind entries that attempt every entity type the gold has, listed by strict F1 over
all types; each gets the range of ranks that the Holm-corrected paired tests allow
(:func:`rank_ranges`), in strict mode and, as a sensitivity check, in the determiner-insensitive
mode. Blind entries that attempt fewer types are listed apart and not ranked, so a system
that does not try a type is never ranked as if it tried and failed. Entries that saw the
corpus are shown in a section of their own, never ranked. ``newsgold leaderboard`` writes
``LEADERBOARD.md``; ``--check`` fails when it is stale; ``--html`` renders the same page as
one self-contained HTML file, with an inline SVG chart of the ranked systems' F1 and intervals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from ..escape import html_text, md_cell
from ..gold.corpus import Corpus
from ..gold.errors import NewsgoldError, incident
from ..gold.io import read_json
from ..gold.lazy import numpy
from ..gold.repo import Repo
from ..gold.sources import load_corpus
from ..gold.write import write_atomic
from ..readers.coref import gold_clusters
from ..readers.coref_formats import clusters_in, read_clusters
from ..readers.records import DocPredictions
from ..scoring.coref import CorefScores
from ..scoring.coref_corpus import CorefConfig, score_coref
from ..scoring.metrics import Counts, total
from ..scoring.results import EntityConfig, EventConfig
from ..scoring.score import score_corpus
from ..scoring.units import Units
from ..studies.bootstrap import (
    Unit,
    all_units,
    compare_all,
    confidence_interval,
    entity_unit_counts,
    event_unit_counts,
)
from ..studies.entries import read_entry
from ..version import __version__

MAIN_TYPES = ("GPE", "DATE", "PERSON", "ORG")  # the four most frequent gold types
EVENT_METRICS = ("trigger_classification", "argument_classification")
REPLICATES = 1000
PAIRED_REPLICATES = 10_000
SEED = 20100218
ALPHA = 0.05

Score = tuple[float | None, float | None, float | None]  # F1 and its interval
NONE: Score = (None, None, None)


@dataclass
class Entry:
    """One scored submission."""

    folder: str
    meta: dict[str, Any]
    types: frozenset[str]  # the entity types it attempts
    covers_gold: bool  # it attempts every type the gold has
    scores: dict[str, Score]  # strict, partial, strict_own and the event metrics
    per_type: dict[str, float | None]  # strict F1 of MAIN_TYPES; None: not attempted, or undefined
    timex: tuple[int, int] | None  # (right values, relaxed DATE/TIME matches); None: gives no values
    strict_units: dict[Unit, Counts]  # per-sentence strict counts, for the paired tests
    determiner_units: dict[Unit, Counts]  # the same in the determiner-insensitive mode (the sensitivity check)
    uncontested_units: dict[Unit, Counts] | None  # strict, without the contested gold entities (None: none listed)
    type_scores: dict[str, Score]  # strict F1 of MAIN_TYPES with its interval, for the chart
    coref: Score  # CoNLL F1 of the entity clusters, with its interval; NONE: the entry gives no clusters

    @property
    def blind(self) -> bool:
        return not self.meta["saw_corpus"]


def submissions(repo: Repo) -> list[Path]:
    return sorted(p for p in (repo.root / "submissions").glob("*") if p.is_dir())


def _interval(units: Sequence[Unit], counts: dict[Unit, Counts]) -> Score:
    f1 = total(counts.values()).f1
    if f1 is None:
        return NONE
    lo, hi = confidence_interval(units, counts, replicates=REPLICATES, seed=SEED)
    return f1, lo, hi


def contested_spans(repo: Repo, corpus: Corpus) -> dict[str, list[tuple[int, int]]]:
    """The spans of the gold entities ``annotations/contested.json`` lists, by document (none
    when the file is absent): the items ADJUDICATION.md kept although a reviewer read them
    otherwise."""
    path = repo.root / "annotations" / "contested.json"
    if not path.is_file():
        return {}
    record, problems = read_json(path)
    if record is None:
        raise NewsgoldError(problems)
    spans: dict[str, list[tuple[int, int]]] = {}
    golds = {d.doc_id: g for d, g in corpus}
    for doc_id, items in record.get("documents", {}).items():
        gold = golds.get(doc_id)
        by_id = {e.id: e for e in gold.entities} if gold is not None else {}
        for k, item in enumerate(items):
            entity = by_id.get(item.get("entity"))
            if entity is None:
                raise NewsgoldError(
                    incident(
                        "NG407",
                        str(path),
                        pointer=f"/documents/{doc_id}/{k}/entity",
                        message=f"no gold entity {item.get('entity')!r} in {doc_id!r}",
                        hint="name an entity id of the document's gold, or remove the item",
                    )
                )
            spans.setdefault(doc_id, []).append((entity.span.start, entity.span.end))
    return spans


def _without(corpus: Corpus, preds: Sequence[DocPredictions], spans: dict[str, list[tuple[int, int]]]):
    """The corpus without the gold entities at ``spans``, and the predictions without the entities
    that overlap them: what the contested items cannot move."""

    def clear(doc_id: str, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in spans.get(doc_id, ()))

    pairs = tuple(
        (d, g.replace(entities=tuple(e for e in g.entities if clear(d.doc_id, e.span.start, e.span.end))))
        for d, g in corpus
    )
    kept = Corpus(pairs, corpus.entity_types, corpus.event_types, corpus.label_maps, corpus.repo)
    return kept, [
        DocPredictions(p.doc_id, tuple(e for e in p.entities if clear(p.doc_id, e.start, e.end)), (), p.layers)
        for p in preds
    ]


def score_submission(repo: Repo, folder: Path, corpus: Corpus) -> Entry:
    meta, preds, label_map = read_entry(folder, corpus.documents, repo.entity_type_names)
    units = all_units([d for d, _ in corpus])
    booked = Units([d for d, _ in corpus], "sentences")
    has_events = any("events" in p.layers for p in preds)
    scored = score_corpus(
        corpus,
        preds,
        entities=EntityConfig(modes=("strict", "partial", "determiner"), label_map=label_map),
        events=EventConfig() if has_events else None,
        units=booked,
    )
    ents = scored.entities
    assert ents is not None
    unknown = ents.tallies["unknown_labels"]
    if unknown:
        labels = ", ".join(f"{label} ({n})" for label, n in unknown.items())
        raise NewsgoldError(
            incident(
                "NG604",
                str(folder / "predictions.jsonl"),
                message=f"labels that are no entity type: {labels}",
                hint="map them in the entry's metadata.json (label_map; null drops a label)",
            )
        )
    types = frozenset(meta.get("entity_types", repo.entity_type_names))
    gold_types = {e.type for _, g in corpus for e in g.entities}
    strict_units = entity_unit_counts(ents, "strict")
    scores = {
        "strict": _interval(units, strict_units),
        "partial": _interval(units, entity_unit_counts(ents, "partial")),
    }
    if types >= set(repo.entity_type_names):
        scores["strict_own"] = scores["strict"]
    else:
        own = score_corpus(
            corpus,
            preds,
            entities=EntityConfig(modes=("strict",), label_map=label_map, types=types),
            events=None,
            units=booked,
        )
        assert own.entities is not None
        scores["strict_own"] = _interval(units, entity_unit_counts(own.entities, "strict"))
    if scored.events is not None:
        scores |= {m: _interval(units, event_unit_counts(scored.events, m)) for m in EVENT_METRICS}
    else:
        scores |= dict.fromkeys(EVENT_METRICS, NONE)
    per_type = {t: ents.modes["strict"].per_type.get(t, Counts()).f1 if t in types else None for t in MAIN_TYPES}
    type_scores = {
        t: _interval(units, entity_unit_counts(ents, "strict", t)) if t in types else NONE for t in MAIN_TYPES
    }
    gives_values = any(e.value is not None for p in preds for e in p.entities)
    timex = (int(ents.timex["value_correct"]), int(ents.timex["relaxed"]["tp"])) if gives_values else None
    determiner_units = entity_unit_counts(ents, "determiner")
    uncontested_units = None
    spans = contested_spans(repo, corpus)
    if spans:
        kept_corpus, kept_preds = _without(corpus, preds, spans)
        kept = score_corpus(
            kept_corpus,
            kept_preds,
            entities=EntityConfig(modes=("strict",), label_map=label_map),
            events=None,
            units=booked,  # the same documents
        )
        assert kept.entities is not None
        uncontested_units = entity_unit_counts(kept.entities, "strict")
    return Entry(
        folder.name,
        meta,
        types,
        types >= gold_types,
        scores,
        per_type,
        timex,
        strict_units,
        determiner_units,
        uncontested_units,
        type_scores,
        _coref(folder / "predictions.jsonl", corpus),
    )


def _coref(path: Path, corpus: Corpus) -> Score:
    """CoNLL F1 of the file's entity clusters against the gold's (singletons dropped, predicted
    mentions, exact spans), with a bootstrap interval over documents; NONE without clusters."""
    if clusters_in(path)[0] is None:
        return NONE
    response, _, _ = read_clusters(path, corpus.documents)
    key = {doc.doc_id: gold_clusters(g) for doc, g in corpus}
    layer = score_coref(key, response, COREF_CONFIG, source=str(path))["entities"]
    return (layer.total.conll, *coref_interval(list(layer.documents.values())))


def coref_interval(documents: Sequence[CorefScores]) -> tuple[float | None, float | None]:
    """The 95% percentile interval of CoNLL F1 over documents drawn with replacement
    (REPLICATES, SEED); none for fewer than two documents. Clusters cross sentences, so the
    sentence bootstrap of the other columns does not apply.

    >>> from newsgold.scoring.coref import evaluate
    >>> coref_interval([evaluate(key=[[1, 2]], response=[[1, 2]])])
    (None, None)
    >>> right, split = evaluate(key=[[1, 2]], response=[[1, 2]]), evaluate(key=[[1, 2]], response=[[1], [2]])
    >>> low, high = coref_interval([right, split])
    >>> low < high
    True
    """
    if len(documents) < 2:
        return None, None
    np = numpy()
    parts = [
        [float(m.recall_num), m.recall_den, float(m.precision_num), m.precision_den]
        for d in documents
        for m in (d.muc, d.b_cubed, d.ceafe)
    ]
    per_doc = np.array(parts).reshape(len(documents), 12)
    draws = np.random.default_rng(SEED).integers(0, len(documents), size=(REPLICATES, len(documents)))
    weights = np.stack([np.bincount(row, minlength=len(documents)) for row in draws])
    sums = (weights @ per_doc).reshape(REPLICATES, 3, 4)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.where(sums[:, :, 1] > 0, sums[:, :, 0] / sums[:, :, 1], 0.0)
        precision = np.where(sums[:, :, 3] > 0, sums[:, :, 2] / sums[:, :, 3], 0.0)
        f1 = np.where(recall + precision > 0, 2 * recall * precision / (recall + precision), 0.0)
    low, high = np.percentile(f1.mean(axis=1), [2.5, 97.5])
    return float(low), float(high)


# The page, as blocks that both renderers read: ("h1" | "h2" | "p", text), ("table", header, rows),
# or ("figure", title, [(system, strict Score, {type: Score})]), which only the HTML page draws.
# Text may hold `code` and [links](url), nothing else.
Block = tuple[Any, ...]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}"


def _cell(s: Score) -> str:
    f1, lo, hi = s
    if f1 is None:
        return "-"
    return f"{_pct(f1)} [{_pct(lo)}, {_pct(hi)}]" if lo is not None else _pct(f1)


def _name(e: Entry) -> str:
    m = e.meta
    url = m.get("url")  # a link only to the web: a javascript: or data: URL would run in the HTML page
    return (
        f"[{m['system']}]({url})" if isinstance(url, str) and re.fullmatch(r"https?://[^\s()<>]+", url) else m["system"]
    )


def _timex(e: Entry) -> str:
    if e.timex is None:
        return "-"
    right, matched = e.timex
    return f"{_pct(right / matched)} ({right}/{matched})" if matched else f"- (0/{matched})"


SCORE_HEADER = [
    "system",
    "strict F1, all types",
    "partial F1, all types",
    "strict F1, its types",
    *(f"{t} F1" for t in MAIN_TYPES),
    "TIMEX value acc.",
    "trigger cl. F1",
    "argument cl. F1",
]
COREF_HEADER = "coref CoNLL F1"  # shown when an entry gives clusters
# Singletons dropped: OntoNotes-trained systems predict none, and the entity columns already
# score the mentions; this column scores the links.
COREF_CONFIG = CorefConfig(singletons=False)
COREF_NOTE = (
    "Coreference: CoNLL F1, the mean of MUC, B-cubed and CEAFe F1, of the entry's entity clusters against "
    "the gold's (entities and mentions grouped by their cluster), singletons dropped from both as in "
    "CoNLL-2012 (OntoNotes-trained systems predict none; the entity columns score the mentions), the system's "
    "own mentions matched by exact span (`newsgold score --layers coref --coref-singletons drop`); its interval "
    "resamples documents, not sentences, since clusters cross sentences, so a corpus of one document gives none. "
)


def _score_header(coref: bool) -> list[str]:
    return [*SCORE_HEADER, COREF_HEADER] if coref else SCORE_HEADER


def _score_row(e: Entry, coref: bool) -> list[str]:
    return [
        _name(e),
        _cell(e.scores["strict"]),
        _cell(e.scores["partial"]),
        _cell(e.scores["strict_own"]),
        *(_pct(e.per_type[t]) for t in MAIN_TYPES),
        _timex(e),
        *(_cell(e.scores[m]) for m in EVENT_METRICS),
        *([_cell(e.coref)] if coref else []),
    ]


def rank_ranges(names: Sequence[str], tests: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The ranks the paired tests allow each system: from one more than the number of systems
    significantly better (Holm-adjusted p below ALPHA) to N minus the number significantly
    worse; one rank where the two meet. Systems whose ranges overlap are not separated.

    >>> rank_ranges(["a", "b", "c"], [{"a": "a", "b": "b", "delta": 0.1, "p_holm": 0.01},
    ...                               {"a": "a", "b": "c", "delta": 0.2, "p_holm": 0.01},
    ...                               {"a": "b", "b": "c", "delta": 0.1, "p_holm": 0.3}])
    {'a': '1', 'b': '2-3', 'c': '2-3'}
    """
    above, below = dict.fromkeys(names, 0), dict.fromkeys(names, 0)
    for t in tests:
        if t["p_holm"] is not None and t["p_holm"] < ALPHA:
            win, lose = (t["a"], t["b"]) if t["delta"] > 0 else (t["b"], t["a"])
            above[lose] += 1
            below[win] += 1
    ranges = {n: (1 + above[n], len(names) - below[n]) for n in names}
    return {n: str(best) if best == worst else f"{best}-{worst}" for n, (best, worst) in ranges.items()}


def _label_map(meta: dict[str, Any]) -> str:
    label_map = meta.get("label_map") or {}
    if not label_map:
        return "none (OntoNotes labels)"
    renamed = [f"{k} -> {v}" for k, v in label_map.items() if v is not None and k != v]
    kept = [k for k, v in label_map.items() if v is not None and k == v]
    dropped = [k for k, v in label_map.items() if v is None]
    parts = [", ".join(renamed)] if renamed else []
    parts += [f"kept: {', '.join(kept)}"] if kept else []
    parts += [f"dropped: {', '.join(dropped)}"] if dropped else []
    return "; ".join(parts)


def _types(e: Entry, names: Sequence[str]) -> str:
    return "all" if e.types >= set(names) else ", ".join(sorted(e.types))


def build(repo: Repo) -> list[Block]:
    """The leaderboard page as blocks."""
    corpus = load_corpus(repo)
    versions = sorted({g.dataset_version for _, g in corpus})
    entries = [score_submission(repo, folder, corpus) for folder in submissions(repo)]
    by_score = sorted(entries, key=lambda e: (-(e.scores["strict"][0] or 0), e.folder))
    ranked = [e for e in by_score if e.blind and e.covers_gold]
    partial = sorted(
        (e for e in entries if e.blind and not e.covers_gold),
        key=lambda e: (-(e.scores["strict_own"][0] or 0), e.folder),
    )
    seen = [e for e in by_score if not e.blind]
    coref = any(e.coref != NONE for e in entries)
    units = all_units([d for d, _ in corpus])
    tests = compare_all(
        units, {e.meta["system"]: e.strict_units for e in ranked}, replicates=PAIRED_REPLICATES, seed=SEED
    )
    det_tests = compare_all(
        units, {e.meta["system"]: e.determiner_units for e in ranked}, replicates=PAIRED_REPLICATES, seed=SEED
    )
    names = [e.meta["system"] for e in ranked]
    ranks, det_ranks = rank_ranges(names, tests), rank_ranges(names, det_tests)
    contested = bool(ranked) and all(e.uncontested_units is not None for e in ranked)
    if contested:
        kept_tests = compare_all(
            units,
            {e.meta["system"]: e.uncontested_units or {} for e in ranked},
            replicates=PAIRED_REPLICATES,
            seed=SEED,
        )
        kept_ranks = rank_ranges(names, kept_tests)
    n_gold = sum(len(g.entities) for _, g in corpus)
    gold_types = sorted({e.type for _, g in corpus for e in g.entities})

    blocks: list[Block] = [
        ("h1", "Leaderboard"),
        (
            "p",
            f"Generated by `newsgold leaderboard` (newsgold {__version__.split('+')[0]}) "
            f"on dataset version {', '.join(versions)}. "
            "Do not edit by hand.",
        ),
        (
            "p",
            f"F1 in percent with a 95% bootstrap interval ({REPLICATES} replicates, seed {SEED}, "
            "sentences resampled within documents and documents across the corpus). "
            "Entities: *strict* needs the same boundaries and type; *partial* counts the same boundaries in full "
            "and any other overlap as half, whatever the types (SemEval-2013 partial); "
            "*its types* scores the system on the entity types it attempts only (gold and predictions of "
            "other types left out); per-type columns are strict F1 of the four most frequent gold types. "
            "TIMEX value acc.: the share of overlapping DATE/TIME matches whose TIMEX3 value is right "
            "(right/matches). Events: benchmark view (22 ACE05-E roles), arguments matched by head. "
            + (COREF_NOTE if coref else "")
            + "'-': the system does not predict that type, value or layer. Labels are mapped as "
            'each entry\'s metadata declares (table "Systems").',
        ),
        ("h2", "Ranked: blind systems that attempt every entity type of the gold"),
        (
            "p",
            f"Systems that never saw this corpus and can predict each of its gold types ({', '.join(gold_types)}), "
            "listed by strict F1 over all types. *rank* is what the paired tests below separate: from one more than "
            "the number of systems significantly better to N minus the number significantly worse, so systems "
            "whose ranges overlap are not ordered by this article. *rank, determiner-insensitive* is the same in the "
            "mode that drops a leading the/a/an from both sides before matching strictly: a rank that moves "
            "there rests on a few determiner boundary calls."
            + (
                " *rank, without contested items* is the strict rank once the gold entities that "
                "annotations/contested.json lists (calls the blind review contested and ADJUDICATION.md kept) are "
                "left out, with every prediction that overlaps them."
                if contested
                else ""
            ),
        ),
        (
            "table",
            [
                "rank",
                "rank, determiner-insensitive",
                *(["rank, without contested items"] if contested else []),
                *_score_header(coref),
            ],
            [
                [
                    ranks[e.meta["system"]],
                    det_ranks[e.meta["system"]],
                    *([kept_ranks[e.meta["system"]]] if contested else []),
                    *_score_row(e, coref),
                ]
                for e in ranked
            ],
        ),
    ]
    if ranked:
        blocks.append(
            (
                "figure",
                "Strict F1 with its 95% interval, all types and per type",
                [(e.meta["system"], e.scores["strict"], e.type_scores) for e in ranked],
            )
        )
    if partial:
        blocks += [
            ("h2", "Blind systems that attempt some entity types only (not ranked)"),
            (
                "p",
                "Their *its types* column scores each on its own types, so these numbers are comparable neither "
                "with each other nor with the ranking; the all-types columns count every gold entity of a type "
                "they do not attempt as missed.",
            ),
            (
                "table",
                ["types attempted", *_score_header(coref)],
                [[_types(e, repo.entity_type_names), *_score_row(e, coref)] for e in partial],
            ),
        ]
    if seen:
        blocks += [
            ("h2", "Not blind: built with knowledge of this corpus (shown apart, never ranked)"),
            (
                "p",
                'Their metadata says `"saw_corpus": true`: written, built or tuned by people who had read this '
                "article, so their scores are not evidence of how they do on unseen text.",
            ),
            ("table", _score_header(coref), [_score_row(e, coref) for e in seen]),
        ]
    blocks += _significance(tests, det_tests)
    blocks += _note(ranked, tests, det_tests, len(units), n_gold)
    blocks += [
        ("h2", "Systems"),
        (
            "table",
            ["system", "version", "blind", "label map", "how it was run", "license", "details"],
            [
                [
                    _name(e),
                    e.meta["version"],
                    "no" if e.meta["saw_corpus"] else "yes",
                    _label_map(e.meta),
                    e.meta["how_run"],
                    e.meta["license"],
                    f"`submissions/{e.folder}/metadata.json`",
                ]
                for e in by_score
            ],
        ),
        (
            "p",
            "Every entry is rebuilt from the package registries by its `run.sh` (pinned versions and hashes); "
            "`python scripts/rerun_submissions.py` re-runs them all "
            "and fails when a committed prediction file differs. "
            'To add a system: see CONTRIBUTING.md ("Submit a system to the leaderboard").',
        ),
    ]
    return blocks


def _p(p: float | None, replicates: int) -> str:
    if p is None:
        return "-"
    return f"< {1 / replicates:.4f}" if p == 0 else f"{p:.4f}"


def _real(t: dict[str, Any]) -> bool:
    return t["p_holm"] is not None and t["p_holm"] < ALPHA


def _significance(tests: Sequence[dict[str, Any]], det_tests: Sequence[dict[str, Any]]) -> list[Block]:
    if not tests:
        return []
    rows = []
    for t, d in zip(tests, det_tests):
        delta = (
            "-"
            if t["delta"] is None
            else f"{100 * t['delta']:+.1f} [{100 * t['delta_ci_low']:+.1f}, {100 * t['delta_ci_high']:+.1f}]"
        )
        rows.append(
            [
                t["a"],
                t["b"],
                delta,
                _p(t["p_value"], PAIRED_REPLICATES),
                _p(t["p_holm"], PAIRED_REPLICATES),
                "yes" if _real(t) else "no",
                f"{'yes' if _real(d) else 'no'} ("
                + ("" if d["delta"] is None else f"{100 * d['delta']:+.1f}, ")
                + f"p (Holm) {_p(d['p_holm'], PAIRED_REPLICATES)})",
            ]
        )
    return [
        ("h2", "Which differences are real"),
        (
            "p",
            "Every pair of ranked systems on strict F1 (all types): "
            f"a paired bootstrap ({PAIRED_REPLICATES} replicates, seed {SEED}, the same resampled sentences for both); "
            "p is the share of replicates whose difference is at least twice the observed one in its direction; "
            f"Holm's correction for the {len(tests)} pairs. "
            f"A difference is called real at {ALPHA} after the correction. The last column repeats the test in the "
            "determiner-insensitive mode: a verdict that changes there depends on how a few spans with a leading "
            "determiner are bounded.",
        ),
        (
            "table",
            ["A", "B", "F1 A - B [95% interval]", "p", "p (Holm)", f"real at {ALPHA}", "determiner-insensitive"],
            rows,
        ),
    ]


def _note(
    ranked: Sequence[Entry],
    tests: Sequence[dict[str, Any]],
    det_tests: Sequence[dict[str, Any]],
    n_units: int,
    n_gold: int,
) -> list[Block]:
    widths = [
        100 * (high - low)
        for e in ranked
        if (low := e.scores["strict"][1]) is not None and (high := e.scores["strict"][2]) is not None
    ]
    real = [t for t in tests if _real(t)]
    lines = [
        f"The corpus is one article: {n_units} sentences and {n_gold} gold entities, "
        "and the bootstrap resamples those sentences."
    ]
    if widths:
        lines.append(
            "The 95% intervals of the ranked systems' strict F1 are "
            f"{min(widths):.1f} to {max(widths):.1f} points wide (median {median(widths):.1f})."
        )
    if tests:
        sizes = sorted(abs(100 * t["delta"]) for t in tests if t["delta"] is not None)
        lines.append(
            f"Of the {len(tests)} pairs of ranked systems, {len(real)} differ beyond chance after Holm's correction"
            + (f" ({'; '.join(t['a'] + ' vs ' + t['b'] for t in real)})" if real else "")
            + f"; the observed differences run from {sizes[0]:.1f} to {sizes[-1]:.1f} points."
            + (" The order of the others is not evidence." if len(real) < len(tests) else "")
        )
        moved = [t["a"] + " vs " + t["b"] for t, d in zip(tests, det_tests) if _real(t) != _real(d)]
        lines.append(
            "In the determiner-insensitive mode "
            + (
                f"the verdict changes for {'; '.join(moved)}: treat {'it' if len(moved) == 1 else 'them'} as fragile."
                if moved
                else "every verdict stays the same."
            )
        )
    lines.append(
        "What it can tell: whether a system gets this article's names, dates and events right, which errors it makes "
        "(`newsgold report`), and large differences. What it cannot tell: how a system does on other news, other "
        "sources or other years, or an order of systems whose scores differ by a few points. "
        "More documents narrow the intervals; until then, read the intervals and the table above before the rank."
    )
    return [("h2", "What one article can and cannot tell"), ("p", " ".join(lines))]


def render(repo: Repo) -> str:
    """LEADERBOARD.md."""
    out: list[str] = []
    for block in build(repo):
        kind = block[0]
        if kind == "figure":  # drawn on the HTML page only; the tables hold the same numbers
            continue
        if kind == "table":
            _, header, rows = block
            out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            out += ["| " + " | ".join(map(md_cell, row)) + " |" for row in rows]
        else:
            out.append({"h1": "# ", "h2": "## ", "p": ""}[kind] + md_cell(block[1], limit=None))
        out.append("")
    return "\n".join(out[:-1]) + "\n"


def _inline(text: str) -> str:
    text = html_text(text)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)
    return re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)


_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 90rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td { font-variant-numeric: tabular-nums; }
code { font-size: 90%; background: #f6f6f6; padding: 0 .2rem; }
figure.intervals { margin: 1rem 0; }
.multiples { display: flex; flex-wrap: wrap; gap: 1rem; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #222; }
svg.chart .ctitle { font-weight: 600; }
svg.chart .slabel { text-anchor: end; }
svg.chart .tick { text-anchor: middle; fill: #666; }
svg.chart .grid { stroke: #ddd; }
svg.chart .ci { stroke: #2b6cb0; stroke-width: 2; }
svg.chart .dot { fill: #2b6cb0; }
svg.chart .muted { fill: #888; }
"""


def render_html(repo: Repo) -> str:
    """The same page as one self-contained HTML file (no scripts, no external resources), with
    a chart of the ranked systems' strict F1 and intervals, all types and per type."""
    body: list[str] = []
    for block in build(repo):
        kind = block[0]
        if kind == "figure":
            body.append(_figure(block[1], block[2]))
        elif kind == "table":
            _, header, rows = block
            body.append("<table>\n<tr>" + "".join(f"<th>{_inline(h)}</th>" for h in header) + "</tr>")
            body += ["<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in rows]
            body.append("</table>")
        else:
            tag = {"h1": "h1", "h2": "h2", "p": "p"}[kind]
            body.append(f"<{tag}>{_inline(block[1])}</{tag}>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>newsgold leaderboard</title>\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _dot_whiskers(title: str, rows: Sequence[tuple[str, Score]], *, label_w: int, plot_w: int) -> str:
    """One panel: a row per system, F1 as a dot and its 95% interval as a line, on a 0-100 axis."""
    row_h, top = 24, 26
    bottom = top + row_h * len(rows)
    width, height = label_w + plot_w + 12, bottom + 22
    x = lambda v: label_w + v * plot_w  # noqa: E731
    out = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{html_text(title)}"><title>{html_text(title)}</title>',
        f'<text x="0" y="15" class="ctitle">{html_text(title)}</text>',
    ]
    for q in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line class="grid" x1="{x(q):g}" y1="{top - 4}" x2="{x(q):g}" y2="{bottom}"/>')
        out.append(f'<text class="tick" x="{x(q):g}" y="{bottom + 15}">{int(q * 100)}</text>')
    for i, (name, (f1, low, high)) in enumerate(rows):
        y = top + i * row_h + row_h / 2
        shown = name if len(name) <= 34 else name[:33] + "…"
        out.append(
            f'<g class="system" data-system="{html_text(name)}" data-f1="{_pct(f1)}" '
            f'data-low="{_pct(low)}" data-high="{_pct(high)}">'
            f"<title>{html_text(name)}: F1 {_cell((f1, low, high))}</title>"
            f'<text class="slabel" x="{label_w - 6}" y="{y + 4:g}">{html_text(shown)}</text>'
        )
        if f1 is None:
            out.append(f'<text class="muted" x="{label_w + 4}" y="{y + 4:g}">not predicted</text>')
        else:
            if low is not None and high is not None:
                out.append(f'<line class="ci" x1="{x(low):.1f}" y1="{y:g}" x2="{x(high):.1f}" y2="{y:g}"/>')
            out.append(f'<circle class="dot" cx="{x(f1):.1f}" cy="{y:g}" r="4"/>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _figure(title: str, systems: Sequence[tuple[str, Score, dict[str, Score]]]) -> str:
    """The ranked systems' strict F1 with intervals, then one small panel per main type (inline SVG)."""
    overall = _dot_whiskers("all types", [(name, s) for name, s, _ in systems], label_w=260, plot_w=420)
    panels = [
        _dot_whiskers(f"{t}", [(name, types[t]) for name, _, types in systems], label_w=200, plot_w=160)
        for t in MAIN_TYPES
    ]
    return (
        f'<figure class="intervals"><figcaption>{html_text(title)}: the dot is F1, the line its 95% '
        "interval (the tables give the numbers)</figcaption>"
        f'<div class="overall">{overall}</div><div class="multiples">{"".join(panels)}</div></figure>'
    )


def update(repo: Repo, *, check: bool = False) -> bool:
    """Whether LEADERBOARD.md is current; when not, rewrite it (unless ``check``)."""
    path = repo.root / "LEADERBOARD.md"
    text = render(repo)
    current = path.exists() and path.read_text(encoding="utf-8") == text
    if not check and not current:
        write_atomic(path, text)
    return current
