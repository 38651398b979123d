"""What a change to the gold does: annotations added, removed or changed, and score effects.

Annotations are matched by id (ids are stable: a correction keeps its id, GUIDELINES 1.4).
For a changed annotation every differing field is listed (span, type, level, head, value,
cluster, note; for events also trigger, arguments by role and ref, and attributes). Then
every submission in ``submissions/`` is scored against the old and the new gold, so a
reviewer sees which numbers move.

OLD and NEW may each be a gold file, a folder of gold files, or a git revision of the
repository (its ``annotations/gold/`` is read from git).
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.corpus import Corpus
from ..gold.errors import NewsgoldError, incident, pointer
from ..gold.io import parse_json, read_json
from ..gold.layers import LAYERS
from ..gold.model import gold_from_record
from ..gold.repo import Repo
from ..gold.schema import Check, Unsupported, compile_schema
from ..gold.validate import check_document, check_gold_record
from ..scoring.metrics import total
from ..scoring.results import EntityConfig, EventResult
from ..scoring.score import score_corpus
from .entries import gold_files, read_entry

FIELDS = ("start", "end", "text", "type", "level", "head", "value", "cluster", "note")
EVENT_FIELDS = ("type", "trigger", "modality", "polarity", "genericity", "tense", "cluster", "note")


def load_records(repo: Repo, where: str) -> dict[str, dict[str, Any]]:
    """Gold records by doc_id from a file, a folder, or a git revision."""
    path = Path(where)
    if not (path.is_file() or path.is_dir()):
        return _from_git(repo, where)
    files = gold_files(path)
    out = {}
    check = gold_shape(repo)
    for f in files:
        record, problems = read_json(f)
        if record is None:
            raise NewsgoldError(problems)
        out[_doc_id(check, record, str(f))] = record
    return out


def gold_shape(repo: Repo) -> Check:
    """The gold schema as a compiled check (its first problem, or None)."""
    try:
        return compile_schema(repo.gold_schema)
    except Unsupported:  # pragma: no cover - the bundled schema compiles
        return compile_schema({"type": "object", "required": ["doc_id", *LAYERS]})


def check_shape(check: Check, record: Any, file: str) -> None:
    """Raises NG201 when a gold record does not have the schema's shape."""
    problem = check(record)
    if problem is not None:
        parts, message = problem
        raise NewsgoldError(incident("NG201", file, pointer=pointer(*parts), message=message))


def _doc_id(check: Check, record: Any, file: str) -> str:
    """The doc_id of a gold record that has the schema's shape (an id, a type or a layer
    missing would leave nothing to compare by)."""
    check_shape(check, record, file)
    return str(record["doc_id"])


def _from_git(repo: Repo, rev: str) -> dict[str, dict[str, Any]]:
    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(repo.root), *args], capture_output=True, text=True)
        if result.returncode != 0:
            raise NewsgoldError(
                incident(
                    "NG002",
                    rev,
                    message=f"neither a path nor a git revision: {result.stderr.strip()[:200]}",
                    hint="give a gold file, a folder, or a revision such as HEAD~1 or main",
                )
            )
        return result.stdout

    git("rev-parse", "--verify", f"{rev}^{{commit}}")
    names = [n for n in git("ls-tree", "--name-only", f"{rev}:annotations/gold").split() if n.endswith(".json")]
    out = {}
    check = gold_shape(repo)
    for n in names:
        where = f"{rev}:annotations/gold/{n}"
        record, problems = parse_json(git("show", where), where)
        if record is None:
            raise NewsgoldError(problems)
        out[_doc_id(check, record, where)] = record
    return out


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in items}


def _describe(item: Mapping[str, Any]) -> str:
    if "trigger" in item:
        return (
            f"{item['id']} {item['type']} {item['trigger']['text']!r} "
            f"[{item['trigger']['start']}, {item['trigger']['end']})"
        )
    return f"{item['id']} {item['type']} {item['text']!r} [{item['start']}, {item['end']})"


def compare(old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Change records: doc_id, layer, id, kind (added/removed/changed), and per-field before/after."""
    changes: list[dict[str, Any]] = []
    for doc_id in sorted(set(old) | set(new)):
        if doc_id not in old or doc_id not in new:
            changes.append(
                {
                    "doc_id": doc_id,
                    "layer": "document",
                    "id": doc_id,
                    "kind": "added" if doc_id in new else "removed",
                    "what": doc_id,
                    "fields": {},
                }
            )
            continue
        for layer in LAYERS:
            a, b = _by_id(old[doc_id].get(layer, [])), _by_id(new[doc_id].get(layer, []))
            for ident in sorted(set(a) | set(b), key=lambda i: (i[0], int(i[1:]) if i[1:].isdigit() else 0)):
                if ident not in b:
                    changes.append(
                        {
                            "doc_id": doc_id,
                            "layer": layer,
                            "id": ident,
                            "kind": "removed",
                            "what": _describe(a[ident]),
                            "fields": {},
                        }
                    )
                elif ident not in a:
                    changes.append(
                        {
                            "doc_id": doc_id,
                            "layer": layer,
                            "id": ident,
                            "kind": "added",
                            "what": _describe(b[ident]),
                            "fields": {},
                        }
                    )
                else:
                    fields = _field_changes(a[ident], b[ident], layer)
                    if fields:
                        changes.append(
                            {
                                "doc_id": doc_id,
                                "layer": layer,
                                "id": ident,
                                "kind": "changed",
                                "what": _describe(b[ident]),
                                "fields": fields,
                            }
                        )
    return changes


def balance(changes: list[dict[str, Any]], old: Mapping[str, dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per document of ``old``: how many of its annotations (every layer) the changes
    remove, and how many they keep."""
    out = {}
    for doc_id, record in old.items():
        total = sum(len(record.get(layer) or []) for layer in LAYERS)
        removed = sum(
            1 for c in changes if c["doc_id"] == doc_id and c["kind"] == "removed" and c["layer"] != "document"
        )
        out[doc_id] = (removed, total - removed)
    return out


def _field_changes(a: Mapping[str, Any], b: Mapping[str, Any], layer: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for f in EVENT_FIELDS if layer == "events" else FIELDS:
        if a.get(f) != b.get(f):
            fields[f] = {"before": a.get(f), "after": b.get(f)}
    if layer == "events":
        args_a = {(x["role"], x["ref"]) for x in a["arguments"]}
        args_b = {(x["role"], x["ref"]) for x in b["arguments"]}
        if args_a != args_b:
            fields["arguments"] = {"removed": sorted(args_a - args_b), "added": sorted(args_b - args_a)}
    return fields


def _pairs(repo: Repo, records: Mapping[str, dict[str, Any]], label: str):
    pairs = []
    for doc_id, record in sorted(records.items()):
        checked = check_document(repo, doc_id)
        if checked.doc is None:
            raise NewsgoldError(checked.incidents)
        incidents = check_gold_record(repo, record, checked.doc, f"{label}:{doc_id}")
        # the old gold carries the dataset version it was released with, not the metadata's current one
        errors = [i for i in incidents if i.severity == "error" and not (label == "old" and i.code == "NG504")]
        if errors:
            raise NewsgoldError(errors)
        pairs.append((checked.doc, gold_from_record(record, checked.doc.text)))
    return pairs


def score_effects(
    repo: Repo, old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each submission's headline scores against the old and the new gold."""
    effects: list[dict[str, Any]] = []
    subs = sorted((repo.root / "submissions").glob("*/predictions.jsonl"))
    if not subs:
        return effects
    before, after = _pairs(repo, old, "old"), _pairs(repo, new, "new")
    documents = {d.doc_id: d for d, _ in after}
    for path in subs:
        _, preds, label_map = read_entry(path.parent, documents, repo.entity_type_names)
        # a submission without events predicts none: its event scores are "-", not 0
        has_events = any("events" in x.layers for x in preds)
        row: dict[str, Any] = {"system": path.parent.name}
        for name, pairs in (("before", before), ("after", after)):
            keep = {d.doc_id for d, _ in pairs}
            p = [x for x in preds if x.doc_id in keep]
            corpus = Corpus(tuple(pairs), repo.entity_types, repo.event_types, repo.label_maps, repo)
            scores = score_corpus(corpus, p, entities=EntityConfig(modes=("strict", "partial"), label_map=label_map))
            ents, evs = scores.entities, scores.events
            assert ents is not None and evs is not None  # both layers were asked for
            row[name] = {
                "entity_strict_f1": ents.modes["strict"].overall.f1,
                "entity_partial_f1": ents.modes["partial"].overall.f1,
                "trigger_classification_f1": _overall(evs, "trigger_classification") if has_events else None,
                "argument_classification_f1": _overall(evs, "argument_classification") if has_events else None,
            }
        effects.append(row)
    return effects


def _overall(result: EventResult, metric: str) -> float | None:
    return total(result.metrics[metric].values()).f1


def render(changes: list[dict[str, Any]], effects: list[dict[str, Any]]) -> str:
    lines = [f"{len(changes)} change(s)"]
    for c in changes:
        lines.append(f"{c['kind']:>8} {c['doc_id']} {c['layer']} {c['what']}")
        for f, v in c["fields"].items():
            if f == "arguments":
                lines += [f"           argument removed: {r} {ref}" for r, ref in v["removed"]]
                lines += [f"           argument added:   {r} {ref}" for r, ref in v["added"]]
            else:
                lines.append(f"           {f}: {v['before']!r} -> {v['after']!r}")
    if effects:
        lines += ["", "effect on the submissions (before -> after):"]
        for e in effects:
            parts = [f"{k.replace('_f1', '')} {_pct(e['before'][k])} -> {_pct(e['after'][k])}" for k in e["before"]]
            lines.append(f"  {e['system']}: " + "; ".join(parts))
    return "\n".join(lines) + "\n"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"
