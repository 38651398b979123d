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

Coreference (``--layers coref``) is counted per document: each metric's recall and precision
numerators (exact fractions, as numerator and denominator) and denominators, six whole
numbers, so that the merged report is the exact sum a whole run makes. A shard scored
against a CoNLL-2012 or CorefUD key file carries that file's checksum instead of the gold's.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..escape import utf8
from ..gold.corpus import Corpus
from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import read_json
from ..scoring.coref import Blanc, CorefScores, Score
from ..scoring.coref_corpus import CorefConfig, CorefLayer
from ..scoring.entities import entity_warnings
from ..scoring.events import event_warnings
from ..scoring.metrics import Counts
from ..scoring.modes import SPAN_MODES as _SPAN_MODES
from ..scoring.modes import TOKEN_MODES
from ..scoring.results import EventResult, ModeResult, Scored
from ..scoring.timex import timex_report
from ..version import __version__
from .coref import build_coref_report
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


def file_checksum(path: Path) -> str:
    """sha256 of a key file's bytes (a CoNLL-2012 or CorefUD key in place of the gold)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


@dataclass
class CorefPart:
    """One shard's coreference: its layers, the options, and what it was scored against."""

    layers: Mapping[str, CorefLayer]
    config: CorefConfig
    key: str
    format: str
    key_checksum: str
    dataset_version: str
    warnings: list[Incident] = field(default_factory=list)


COREF_SCORES = ("mentions", "muc", "b_cubed", "ceafm", "ceafe", "lea")


def _score_counts(s: Score) -> list[int]:
    return [
        s.recall_num.numerator,
        s.recall_num.denominator,
        s.recall_den,
        s.precision_num.numerator,
        s.precision_num.denominator,
        s.precision_den,
    ]


def _score(c: list[int]) -> Score:
    return Score(Fraction(c[0], c[1]), c[2], Fraction(c[3], c[4]), c[5])


def coref_document_counts(s: CorefScores) -> dict[str, list[int]]:
    """One document's coreference scores as whole numbers (see the module's docstring)."""
    out = {m: _score_counts(getattr(s, m)) for m in COREF_SCORES}
    out["blanc_coref"] = _score_counts(s.blanc.coref)
    out["blanc_non_coref"] = _score_counts(s.blanc.non_coref)
    return out


def coref_document_scores(c: Mapping[str, list[int]]) -> CorefScores:
    return CorefScores(
        **{m: _score(c[m]) for m in COREF_SCORES},
        blanc=Blanc(_score(c["blanc_coref"]), _score(c["blanc_non_coref"])),
    )


def to_counts(scored: Scored | None, gold: Corpus | None = None, *, coref: CorefPart | None = None) -> dict[str, Any]:
    """Everything a report is computed from, for the documents ``scored`` (entities, events)
    and ``coref`` cover; ``gold``, the whole corpus the shard was scored against, gives the
    counts its checksum (see :func:`gold_checksum`; None when not given, as within one
    process; a coreference key file gives its own)."""
    config: dict[str, Any] = {"layers": list(scored.layers) if scored is not None else []}
    if scored is not None and scored.entities is not None:
        config["entities"] = scored.entities.config.describe()
    if scored is not None and scored.events is not None:
        config["events"] = scored.events.config.describe()
    if coref is not None:
        config["layers"].append("coref")
        config["coref"] = build_coref_report({}, coref.config, predictions="", key="", format="")["options"]
    doc_ids = list(scored.doc_ids) if scored is not None else []
    if coref is not None:
        doc_ids += [d for layer in coref.layers.values() for d in layer.documents if d not in doc_ids]
        doc_ids = list(dict.fromkeys(doc_ids))
    checksum_of = gold_checksum(gold) if gold is not None else coref.key_checksum or None if coref else None
    warnings = (scored.warnings if scored is not None else []) + (coref.warnings if coref is not None else [])
    out: dict[str, Any] = {
        "format": FORMAT,
        "newsgold_version": __version__,
        "dataset_version": scored.dataset_version if scored is not None else coref.dataset_version,  # type: ignore[union-attr]
        "gold_checksum": checksum_of,
        "config": config,
        "doc_ids": doc_ids,
        "reader_warnings": [w.to_dict() for w in warnings],
    }
    if coref is not None:
        out["coref"] = {
            "key": coref.key,
            "format": coref.format,
            "layers": {
                name: {doc: coref_document_counts(s) for doc, s in layer.documents.items()}
                for name, layer in coref.layers.items()
            },
        }
    if scored is None:
        out["checksum"] = checksum(out)
        return out
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
    if "coref" in layers:
        needed |= {"coref": dict}
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
    if "coref" in layers:
        _check_coref(path, data["coref"], set(data["doc_ids"]))
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


def _check_coref(path: str | Path, coref: dict[str, Any], doc_ids: set[str]) -> None:
    """A shard's coreference counts: per layer, per document, six whole numbers per metric."""
    for key in ("key", "format"):
        if not isinstance(coref.get(key), str):
            raise _refuse("NG620", path, f"/coref/{key}", "missing, or not a string")
    layers = coref.get("layers")
    if not isinstance(layers, dict) or not all(isinstance(v, dict) for v in layers.values()):
        raise _refuse("NG620", path, "/coref/layers", "not an object of documents by layer")
    metrics = (*COREF_SCORES, "blanc_coref", "blanc_non_coref")
    for name, documents in layers.items():
        for doc, scores in documents.items():
            ptr = f"/coref/layers/{name}/{doc}"
            if doc not in doc_ids:
                raise _refuse("NG620", path, ptr, f"{doc!r} is not one of the doc_ids")
            if not isinstance(scores, dict) or sorted(scores) != sorted(metrics):
                raise _refuse("NG620", path, ptr, f"give each of {', '.join(metrics)}")
            for metric, c in scores.items():
                if not (isinstance(c, list) and len(c) == 6 and all(map(_whole, c)) and c[1] and c[4]):
                    raise _refuse(
                        "NG620",
                        path,
                        f"{ptr}/{metric}",
                        "a score is six whole numbers (recall numerator as numerator and denominator above 0, "
                        f"recall denominator, the same for precision), got {c!r:.80}",
                    )


def _merged_coref(parts: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    """The coreference report of all parts: every document's scores, summed exactly."""
    first = parts[0][1]
    names = list(dict.fromkeys(n for _, data in parts for n in data["coref"]["layers"]))
    layers = {}
    for name in names:
        documents = {
            doc: coref_document_scores(c)
            for _, data in parts
            for doc, c in data["coref"]["layers"].get(name, {}).items()
        }
        layers[name] = CorefLayer(CorefScores.total(list(documents.values())), documents)
    options = first["config"]["coref"]
    config = CorefConfig(options["singletons"] == "kept", options["mentions"], options["response"], options["match"])
    formats = ", ".join(dict.fromkeys(data["coref"]["format"] for _, data in parts))
    report = build_coref_report(
        layers, config, predictions=", ".join(p for p, _ in parts), key=first["coref"]["key"], format=formats
    )
    report["warnings"] = []
    return report


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
    # As read, file by file; the gold file's, which every shard read, once.
    warnings = list({json.dumps(w, sort_keys=True): w for _, data in parts for w in data["reader_warnings"]}.values())
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
    if "coref" in first:
        report["coref"] = _merged_coref(parts)
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
        **({"cut": cut} if (cut := _sum_counts([part.get("cut", {}) for part in parts])) else {}),
    }
