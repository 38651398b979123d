"""Mergeable counts: score a corpus in shards (on several machines) and add the parts up.

``newsgold score PRED --counts-only -o part.json`` scores only the documents PRED covers
and writes every count the report is computed from (per mode and type; token-mode extras;
TIMEX; per event metric and type; attribute tallies; what the warnings are made from), with
the newsgold and dataset versions, a checksum of the whole gold scored against, the
options, the doc ids, each document's gold support (the gold entities it scored) and a
checksum of all of it. ``newsgold merge part*.json`` sums the counts and computes the report
from the sums, so it equals one run over all the documents (error records aside: they are
per document and left out).

Merging trusts nothing it is given. It refuses (each a coded error naming the file and the
JSON pointer) a file whose checksum does not match its content (NG621: edited by hand, or
cut short); missing keys, counts that are negative or not whole numbers, count lists that
are not four long (NG620); parts made by another newsgold, from another dataset version,
against another gold (two ``--gold`` files of one dataset version) or with other options
(NG622); a document in two parts (NG623); and a part whose entity support is not the sum of
its documents' gold support (NG624). The checksum catches accidents, not forgery: whoever
rewrites a file can recompute it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..escape import utf8
from ..gold.corpus import Corpus
from ..gold.errors import NewsgoldError, incident
from ..gold.io import read_json
from ..scoring.entities import entity_warnings
from ..scoring.events import event_warnings
from ..scoring.metrics import Counts
from ..scoring.modes import SPAN_MODES as _SPAN_MODES
from ..scoring.modes import TOKEN_MODES
from ..scoring.results import EventResult, ModeResult, Scored
from ..scoring.timex import timex_report
from ..version import __version__
from .report import mode_rows

FORMAT = "newsgold-counts/3"
COUNTED = ("entities", "entity_extra", "timex", "events", "event_attributes")  # summed into the report
TALLIES = ("entity_tallies", "event_tallies")  # what the warnings are made from


def _c(counts: Counts) -> list[int]:
    return [counts.tp, counts.fp, counts.fn, counts.par]


def gold_checksum(corpus: Corpus) -> str:
    """sha256 of the whole gold as newsgold read it: every document's text and annotations,
    and the inventories. The gold's tables are dataclasses of plain lists and strings, so
    their ``repr`` is one canonical form within a newsgold version (and merge takes parts of
    one version only)."""
    digest = hashlib.sha256()
    inventories = [corpus.entity_types, corpus.event_types, corpus.label_maps]
    digest.update(utf8(json.dumps(inventories, sort_keys=True, ensure_ascii=False)))
    for doc, gold in corpus:
        for part in (doc.doc_id, doc.text, repr(gold)):
            digest.update(utf8(part))
            digest.update(b"\0")
    return "sha256:" + digest.hexdigest()


def to_counts(scored: Scored, gold: Corpus | None = None) -> dict[str, Any]:
    """Everything a report is computed from, for the documents ``scored`` covers; ``gold``,
    the whole corpus the shard was scored against, gives the counts its checksum (see
    :func:`gold_checksum`; None when not given, as within one process)."""
    config: dict[str, Any] = {"layers": list(scored.layers)}
    if scored.entities is not None:
        config["entities"] = scored.entities.config.describe()
    if scored.events is not None:
        config["events"] = scored.events.config.describe()
    out: dict[str, Any] = {
        "format": FORMAT,
        "newsgold_version": __version__,
        "dataset_version": scored.dataset_version,
        "gold_checksum": None if gold is None else gold_checksum(gold),
        "config": config,
        "doc_ids": scored.doc_ids,
        "reader_warnings": [w.to_dict() for w in scored.warnings],
    }
    if scored.entities is not None:
        out["entities"] = {m: {t: _c(c) for t, c in r.per_type.items()} for m, r in scored.entities.modes.items()}
        out["entity_extra"] = {m: r.extra for m, r in scored.entities.modes.items() if r.extra}
        t = scored.entities.timex
        out["timex"] = {k: [t[k]["tp"], t[k]["fp"], t[k]["fn"], 0] for k in ("strict", "relaxed")} | {
            "value_correct": t["value_correct"],
            "values_predicted": t["values_predicted"],
        }
        out["entity_tallies"] = scored.entities.tallies
        out["gold_support"] = {"entities": scored.entities.support}
    if scored.events is not None:
        out["events"] = {m: {t: _c(c) for t, c in per.items()} for m, per in scored.events.metrics.items()}
        out["event_attributes"] = {
            a: {k: v[k] for k in ("matched_triggers", "predicted", "correct")}
            for a, v in scored.events.attributes.items()
        }
        out["event_tallies"] = scored.events.tallies
    out["checksum"] = checksum(out)
    return out


def checksum(data: dict[str, Any]) -> str:
    """sha256 of the content without its ``checksum``, as canonical JSON (sorted keys)."""
    content = {k: v for k, v in data.items() if k != "checksum"}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(utf8(text)).hexdigest()  # a lone surrogate in a label hashes as written


def _refuse(code: str, path: str | Path, ptr: str, message: str) -> NewsgoldError:
    return NewsgoldError(incident(code, str(path), pointer=ptr, message=message))


def _whole(value: Any) -> bool:
    return type(value) is int and value >= 0


def _check_numbers(value: Any, path: str | Path, ptr: str, counted: bool) -> None:
    """Every number a whole number of at least 0; in the counted sections every list is four
    counts (tp, fp, fn, par)."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_numbers(v, path, f"{ptr}/{k}", counted)
    elif isinstance(value, list):
        if counted and (len(value) != 4 or not all(map(_whole, value))):
            raise _refuse(
                "NG620", path, ptr, f"counts are four whole numbers of at least 0 (tp, fp, fn, par), got {value!r:.80}"
            )
        for i, v in enumerate(value):
            _check_numbers(v, path, f"{ptr}/{i}", counted)
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and not _whole(value):
        raise _refuse("NG620", path, ptr, f"a count must be a whole number of at least 0, got {value!r}")


def _check_part(path: str | Path, data: Any) -> None:
    """One counts file: its format, checksum, keys, numbers and per-document support."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise NewsgoldError(
            incident(
                "NG201",
                str(path),
                pointer="/format",
                message=f"not a counts file ({FORMAT})" + (f": {found!r:.40}" if found else ""),
                hint="write one with newsgold score --counts-only (of this newsgold version)",
            )
        )
    if data.get("checksum") != checksum(data):
        raise _refuse("NG621", path, "/checksum", "the checksum does not match the content")
    layers = data.get("config", {}).get("layers") if isinstance(data.get("config"), dict) else None
    if not isinstance(layers, list):
        raise _refuse("NG620", path, "/config/layers", "missing or not a list")
    needed = {"newsgold_version": str, "dataset_version": str, "doc_ids": list, "reader_warnings": list}
    if "entities" in layers:
        needed |= {"entities": dict, "entity_extra": dict, "timex": dict, "entity_tallies": dict, "gold_support": dict}
    if "events" in layers:
        needed |= {"events": dict, "event_attributes": dict, "event_tallies": dict}
    for key, kind in needed.items():
        if not isinstance(data.get(key), kind):
            raise _refuse("NG620", path, f"/{key}", f"missing, or not a {kind.__name__}")
    if "gold_checksum" not in data or not isinstance(data["gold_checksum"], (str, type(None))):
        raise _refuse("NG620", path, "/gold_checksum", "missing, or not a string or null")
    if not all(isinstance(d, str) for d in data["doc_ids"]) or len(set(data["doc_ids"])) != len(data["doc_ids"]):
        raise _refuse("NG623", path, "/doc_ids", "the doc_ids are not distinct strings")
    for key in ("entities", "events"):
        for name, per in data.get(key, {}).items():
            if not isinstance(per, dict) or not all(isinstance(c, list) for c in per.values()):
                raise _refuse("NG620", path, f"/{key}/{name}", "not an object of counts by type")
    for key in (*COUNTED, *TALLIES):
        if key in data:
            _check_numbers(data[key], path, f"/{key}", key in ("entities", "events") or key == "timex")
    if "entities" in layers:
        support = data["gold_support"].get("entities")
        if (
            not isinstance(support, dict)
            or sorted(support) != sorted(data["doc_ids"])
            or not all(map(_whole, support.values()))
        ):
            raise _refuse(
                "NG620",
                path,
                "/gold_support/entities",
                "the gold support is not one whole number for each of the doc_ids",
            )
        for mode, per in data["entities"].items():
            scored = sum(c[0] + c[2] + c[3] for c in per.values())  # tp + fn + par
            if mode in _SPAN_MODES and scored != sum(support.values()):
                raise _refuse(
                    "NG624",
                    path,
                    f"/entities/{mode}",
                    f"the counts hold {scored} gold entities; "
                    f"the documents' gold support adds up to {sum(support.values())}",
                )


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
    try:
        return _merge(paths)
    except (KeyError, TypeError, AttributeError, ValueError) as e:  # a shape the checks above let through
        raise NewsgoldError(
            incident(
                "NG620",
                ", ".join(map(str, paths)),
                message=f"a counts file has an unexpected shape ({type(e).__name__}: {e})",
            )
        ) from None


def _merge(paths: Sequence[Path]) -> dict[str, Any]:
    parts = []
    for path in paths:
        data, problems = read_json(path)
        if data is None:
            raise NewsgoldError(problems)
        parts.append((str(path), data))
    return merge_counts(parts)


def merge_counts(parts: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """One report from named counts (what :func:`to_counts` returns, read from files or made
    in memory), each checked, by the rules of :func:`merge`."""
    for name, data in parts:
        _check_part(name, data)
    first_path, first = parts[0]
    if first["newsgold_version"] != __version__:
        raise _refuse(
            "NG622",
            first_path,
            "/newsgold_version",
            f"written by newsgold {first['newsgold_version']}; this is {__version__}: "
            "score the shards again with this version",
        )
    seen: dict[str, str] = {}
    for path, data in parts:
        for key in ("newsgold_version", "dataset_version", "config"):
            if data[key] != first[key]:
                raise _refuse(
                    "NG622", path, f"/{key}", f"{key} differs from {first_path}: counts made differently do not add up"
                )
        if data["gold_checksum"] != first["gold_checksum"]:
            raise _refuse(
                "NG622",
                path,
                "/gold_checksum",
                f"scored against another gold than {first_path} (the gold checksums differ): "
                "shards of one corpus add up only when scored against the same gold",
            )
        for doc_id in data["doc_ids"]:
            if doc_id in seen:
                raise _refuse("NG623", path, "/doc_ids", f"{doc_id!r} is also in {seen[doc_id]}: it would count twice")
            seen[doc_id] = path
    summed: dict[str, Any] = {}
    for _, data in parts:
        _add(summed, {k: data[k] for k in COUNTED if k in data})
    warnings = [w for _, data in parts for w in data["reader_warnings"]]  # as read, file by file
    if "entity_tallies" in first:
        warnings += [
            w.to_dict() for w in entity_warnings(_merged_entity_tallies([data["entity_tallies"] for _, data in parts]))
        ]
    if "event_tallies" in first:
        counted = {
            k: [data["event_tallies"][k] for _, data in parts]
            for k in ("unknown_subtypes", "subtype_hints", "duplicate_events", "duplicate_args", "role_misfits")
        }
        warnings += [
            w.to_dict()
            for w in event_warnings(
                {
                    "unknown_subtypes": _sum_counts(counted["unknown_subtypes"]),
                    "subtype_hints": {k: v for h in counted["subtype_hints"] for k, v in h.items()},
                    "duplicate_events": sum(counted["duplicate_events"]),
                    "duplicate_args": sum(counted["duplicate_args"]),
                    "role_misfits": _sum_counts(counted["role_misfits"]),
                }
            )
        ]
    report: dict[str, Any] = {
        "newsgold_version": __version__,
        "dataset_version": first["dataset_version"],
        "predictions": [str(p) for p, _ in parts],
        "config": first["config"],
        "documents": len(seen),
    }
    if "entities" in summed:
        report["entities"] = {
            m: mode_rows(
                ModeResult({t: Counts(*c) for t, c in per.items()}, None, summed.get("entity_extra", {}).get(m, {})),
                m in TOKEN_MODES,
                first["config"]["entities"].get("tag_scheme") is not None,
            )
            for m, per in summed["entities"].items()
        }
        t = summed["timex"]
        report["timex"] = timex_report(
            Counts(*t["strict"]), Counts(*t["relaxed"]), t["value_correct"], t.get("values_predicted", t["relaxed"][0])
        )
    if "events" in summed:
        metrics = {m: {t: Counts(*c[:3]) for t, c in per.items()} for m, per in summed["events"].items()}
        report["events"] = EventResult(None, metrics, {}, []).to_dict()  # type: ignore[arg-type]
        report["event_attributes"] = {
            a: {**v, "accuracy": v["correct"] / v["predicted"] if v["predicted"] else None}
            for a, v in summed["event_attributes"].items()
        }
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
        "tag_documents": sum(part.get("tag_documents", 0) for part in parts),
        "ill_formed": dict(sorted((k, v) for part in parts for k, v in part.get("ill_formed", {}).items())),
        "scheme_given": parts[0].get("scheme_given", False),
        "seqeval_unread": _sum_counts([part.get("seqeval_unread", {}) for part in parts]),
    }
