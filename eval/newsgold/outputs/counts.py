"""Mergeable counts: score a corpus in shards (on several machines) and add the parts up.

``newsgold score PRED --counts-only -o part.json`` scores only the documents PRED covers
and writes every count the report is computed from (per mode and type; token-mode extras;
TIMEX; per event metric and type; attribute tallies; what the warnings are made from), with
the dataset version, the options and the doc ids. ``newsgold merge part*.json`` refuses
parts made with other options or dataset versions, or covering a document twice, sums the
counts and computes the report from the sums, so it equals one run over all the documents
(error records aside: they are per document and left out).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from .. import __version__
from ..gold.errors import NewsgoldError, incident
from ..gold.io import read_json
from ..scoring.entities import entity_warnings
from ..scoring.events import event_warnings
from ..scoring.metrics import Counts
from ..scoring.modes import TOKEN_MODES
from ..scoring.results import EventResult, ModeResult, Scored
from ..scoring.timex import timex_report
from .report import mode_rows

FORMAT = "newsgold-counts/1"


def _c(counts: Counts) -> list[int]:
    return [counts.tp, counts.fp, counts.fn, counts.par]


def to_counts(scored: Scored) -> dict[str, Any]:
    """Everything a report is computed from, for the documents ``scored`` covers."""
    config: dict[str, Any] = {"layers": list(scored.layers)}
    if scored.entities is not None:
        config["entities"] = scored.entities.config.describe()
    if scored.events is not None:
        config["events"] = scored.events.config.describe()
    out: dict[str, Any] = {"format": FORMAT, "newsgold_version": __version__, "dataset_version": scored.dataset_version,
                           "config": config, "doc_ids": scored.doc_ids,
                           "reader_warnings": [w.to_dict() for w in scored.warnings]}
    if scored.entities is not None:
        out["entities"] = {m: {t: _c(c) for t, c in r.per_type.items()} for m, r in scored.entities.modes.items()}
        out["entity_extra"] = {m: r.extra for m, r in scored.entities.modes.items() if r.extra}
        t = scored.entities.timex
        out["timex"] = {k: [t[k]["tp"], t[k]["fp"], t[k]["fn"], 0] for k in ("strict", "relaxed")} | {"value_correct": t["value_correct"], "values_predicted": t["values_predicted"]}
        out["entity_tallies"] = scored.entities.tallies
    if scored.events is not None:
        out["events"] = {m: {t: _c(c) for t, c in per.items()} for m, per in scored.events.metrics.items()}
        out["event_attributes"] = {a: {k: v[k] for k in ("matched_triggers", "predicted", "correct")} for a, v in scored.events.attributes.items()}
        out["event_tallies"] = scored.events.tallies
    return out


def _add(into: dict[str, Any], part: dict[str, Any]) -> None:
    for key, value in part.items():
        if isinstance(value, dict):
            _add(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            into[key] = [a + b for a, b in zip(into.get(key, [0] * len(value)), value)]
        else:
            into[key] = into.get(key, 0) + value


def merge(paths: Sequence[Path]) -> dict[str, Any]:
    """One report from counts files (the JSON shape of ``newsgold score --json``, without error records)."""
    parts = []
    for path in paths:
        data, problems = read_json(path)
        if data is None:
            raise NewsgoldError(problems)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise NewsgoldError(incident("NG201", str(path), pointer="/format", message=f"not a counts file ({FORMAT})",
                                         hint="write one with newsgold score --counts-only"))
        parts.append((str(path), data))
    return merge_counts(parts)


def merge_counts(parts: Sequence[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One report from named counts (what :func:`to_counts` returns), by the rules of :func:`merge`."""
    first_path, first = parts[0]
    seen: dict[str, str] = {}
    for path, data in parts:
        for key in ("dataset_version", "config"):
            if data[key] != first[key]:
                raise NewsgoldError(incident("NG003", str(path), pointer=f"/{key}",
                                             message=f"{key} differs from {first_path}: counts made differently do not add up"))
        for doc_id in data["doc_ids"]:
            if doc_id in seen:
                raise NewsgoldError(incident("NG003", str(path), pointer="/doc_ids",
                                             message=f"{doc_id!r} is also in {seen[doc_id]}: a document would count twice"))
            seen[doc_id] = path
    summed: dict[str, Any] = {}
    for _, data in parts:
        _add(summed, {k: data[k] for k in ("entities", "entity_extra", "timex", "events", "event_attributes") if k in data})
    warnings = [w for _, data in parts for w in data["reader_warnings"]]  # as read, file by file
    if "entity_tallies" in first:
        warnings += [w.to_dict() for w in entity_warnings(_merged_entity_tallies([data["entity_tallies"] for _, data in parts]))]
    if "event_tallies" in first:
        counted = {k: [data["event_tallies"][k] for _, data in parts] for k in ("unknown_subtypes", "subtype_hints", "duplicate_events", "duplicate_args")}
        warnings += [w.to_dict() for w in event_warnings({"unknown_subtypes": _sum_counts(counted["unknown_subtypes"]),
                                                          "subtype_hints": {k: v for h in counted["subtype_hints"] for k, v in h.items()},
                                                          "duplicate_events": sum(counted["duplicate_events"]),
                                                          "duplicate_args": sum(counted["duplicate_args"])})]
    report: dict[str, Any] = {"newsgold_version": __version__, "dataset_version": first["dataset_version"],
                              "predictions": [p for p, _ in parts], "config": first["config"], "documents": len(seen)}
    if "entities" in summed:
        report["entities"] = {
            m: mode_rows(ModeResult({t: Counts(*c) for t, c in per.items()}, None, summed.get("entity_extra", {}).get(m, {})), m in TOKEN_MODES)
            for m, per in summed["entities"].items()
        }
        t = summed["timex"]
        report["timex"] = timex_report(Counts(*t["strict"]), Counts(*t["relaxed"]), t["value_correct"], t.get("values_predicted", t["relaxed"][0]))
    if "events" in summed:
        metrics = {m: {t: Counts(*c[:3]) for t, c in per.items()} for m, per in summed["events"].items()}
        report["events"] = EventResult(None, metrics, {}, []).to_dict()  # type: ignore[arg-type]
        report["event_attributes"] = {a: {**v, "accuracy": v["correct"] / v["predicted"] if v["predicted"] else None}
                                      for a, v in summed["event_attributes"].items()}
    report["warnings"] = warnings
    return report


def _sum_counts(parts: Sequence[dict[str, int]]) -> dict[str, int]:
    return dict(sorted(sum(map(Counter, parts), Counter()).items()))


def _merged_entity_tallies(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Entity tallies of all parts: counts added, hints joined, the documents without
    predictions listed (none in a shard, which scores only the documents it predicts)."""
    hints: dict[str, Any] = {}
    for part in parts:
        hints |= part["label_hints"]
    return {
        "labels": parts[0]["labels"],
        "unknown_labels": _sum_counts([part["unknown_labels"] for part in parts]),
        "mapped_away": _sum_counts([part.get("mapped_away", {}) for part in parts]),
        "unknown_scored": _sum_counts([part.get("unknown_scored", part["unknown_labels"]) for part in parts]),
        "selection": parts[0].get("selection", []),
        "table_hints": {k: v for part in parts for k, v in part.get("table_hints", {}).items()},
        "label_hints": hints,
        "duplicates": sum(part["duplicates"] for part in parts),
        "overlaps": sum(part["overlaps"] for part in parts),
        "not_predicted": sorted(d for part in parts for d in part.get("not_predicted", [])),  # a shard has none
    }

