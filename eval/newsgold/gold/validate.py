"""The validator: levels of checks, each finding a coded :class:`~newsgold.gold.errors.Incident`.

Levels (modelled on the Universal Dependencies validator):

- L1 files: UTF-8 without BOM, well-formed JSON, the text's sha256, files present and named by doc_id;
- L2 schema: the JSON Schemas in ``annotations/schema/``;
- L3 offsets: in range, ``text`` equals the slice, edges on canonical token boundaries, heads inside spans;
- L4 references and inventories: types, levels, TIMEX values, subtypes, roles, attributes,
  argument refs that exist and sit in the trigger's sentence, fillers whose entity type the
  role takes (NG409, a warning: the ACE 2005 role table in :mod:`newsgold.gold.roles`);
- L5 consistency: unique ids, no overlaps in the flat layer, no duplicates, matching versions.

A file that fails L1 or L2 is not checked further (its shape cannot be trusted).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Incident, incident, pointer
from .io import folder_files, outside, read_json, read_text
from .layers import LAYERS, SPAN_LAYERS
from .model import Document, Gold, document_from_record, gold_from_record
from .offsets import explain_mismatch
from .repo import Repo
from .roles import fillers, fits
from .schema import Check, Unsupported, compile_schema
from .tokenize import TokenIndex

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

# TIMEX3 values: calendar dates and times (with X for unknown digits, decades as 196),
# weeks, seasons/quarters/halves, durations, and the reference tokens.
TIMEX3_VALUE = re.compile(
    r"""^(?:
      \d{2,4}X{0,2}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2})?)?|T(?:MO|AF|EV|NI))?)?)?
    | \d{4}-W\d{2}(?:-WE)?
    | \d{4}-(?:SP|SU|FA|WI|Q[1-4]|H[12])
    | P(?:\d+(?:\.\d+)?[YMWD]|X[YMWD])+(?:T(?:\d+[HMS])+)?
    | PT(?:\d+[HMS])+
    | PAST_REF | PRESENT_REF | FUTURE_REF
    )$""",
    re.VERBOSE,
)


@dataclass
class Checked:
    """What validation found for one document, and the parsed values when they are sound."""

    doc: Document | None = None
    gold: Gold | None = None
    incidents: list[Incident] = field(default_factory=list)

    @property
    def errors(self) -> list[Incident]:
        return [i for i in self.incidents if i.severity == "error"]


def _schema_incidents(schema: Mapping[str, Any], record: Any, file: str) -> list[Incident]:
    """Schema problems of ``record``: the compiled check says whether there are any; only a
    record that fails it is explained by the full JSON Schema implementation (every
    problem, sorted by pointer). What that implementation accepts but the compiled check
    refuses (an offset written ``185.0``) is the compiled check's one problem."""
    check = _compiled(schema)
    if check is not None:
        first = check(record)
        if first is None:
            return []
    from jsonschema import Draft202012Validator  # only to explain a record that failed

    found = sorted(Draft202012Validator(schema).iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    if found or check is None:
        return [incident("NG201", file, pointer=pointer(*e.absolute_path), message=e.message) for e in found]
    assert first is not None  # the compiled check refused what the full implementation accepts
    parts, message = first
    return [incident("NG201", file, pointer=pointer(*parts), message=message)]


_COMPILED: dict[int, tuple[Mapping[str, Any], Check | None]] = {}


def _compiled(schema: Mapping[str, Any]) -> Check | None:
    """The schema compiled once per schema object (None: it needs the full implementation)."""
    kept = _COMPILED.get(id(schema))
    if kept is None or kept[0] is not schema:
        try:
            check: Check | None = compile_schema(schema)
        except Unsupported:
            check = None
        kept = _COMPILED[id(schema)] = (schema, check)
    return kept[1]


# ---- documents (corpus text + metadata) -------------------------------------------------


def check_document(repo: Repo, doc_id: str, *, corpus_dir: Path | None = None) -> Checked:
    """L1-L3 checks of ``corpus/<doc_id>.txt`` and its ``.meta.json``; builds the Document."""
    corpus_dir = corpus_dir or repo.corpus_dir
    text_path, meta_path = corpus_dir / f"{doc_id}.txt", corpus_dir / f"{doc_id}.meta.json"
    out = Checked()
    out.incidents += [i for i in (outside(corpus_dir, text_path), outside(corpus_dir, meta_path)) if i is not None]
    if out.incidents:
        return out
    text, problems = read_text(text_path)
    out.incidents += problems
    meta, problems = read_json(meta_path)
    out.incidents += problems
    if text is None or meta is None:
        return out
    mfile = str(meta_path)
    out.incidents += _schema_incidents(repo.meta_schema, meta, mfile)
    if out.incidents:
        return out
    if meta["doc_id"] != doc_id:
        out.incidents.append(
            incident(
                "NG106", mfile, pointer="/doc_id", message=f"doc_id {meta['doc_id']!r} but the file is for {doc_id!r}"
            )
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != meta["sha256"]:
        out.incidents.append(
            incident(
                "NG104",
                mfile,
                pointer="/sha256",
                message=f"{text_path.name} has sha256 {digest}, metadata says {meta['sha256']}",
            )
        )
    for name in ("sentences", "passages"):
        out.incidents += _check_tiling(meta[name], len(text), mfile, name)
    if not out.incidents:
        out.doc = document_from_record(text, meta)
    return out


def _check_tiling(records: list[dict[str, Any]], n: int, file: str, name: str) -> list[Incident]:
    problems, prev_end = [], 0
    for i, r in enumerate(records):
        if not (prev_end <= r["start"] < r["end"] <= n):
            problems.append(
                incident(
                    "NG305",
                    file,
                    pointer=pointer(name, i),
                    message=f"{name[:-1]} [{r['start']}, {r['end']}) is not in order, non-empty and inside [0, {n})",
                )
            )
        prev_end = max(prev_end, r["end"])
    return problems


# ---- gold files --------------------------------------------------------------------------


def check_gold_file(repo: Repo, path: Path, *, corpus_dir: Path | None = None, named: bool = True) -> Checked:
    """All levels for one gold file, with its document; ``named`` False reads the doc_id from
    the file alone (a file the user named on the command line, not one of a folder)."""
    file = str(path)
    record, problems = read_json(path)
    if record is None:
        return Checked(incidents=problems)
    problems = _schema_incidents(repo.gold_schema, record, file)
    if problems:
        return Checked(incidents=problems)
    doc_id = record["doc_id"]
    if named and path.stem != doc_id:
        return Checked(
            incidents=[
                incident("NG106", file, pointer="/doc_id", message=f"doc_id {doc_id!r} in a file named {path.name!r}")
            ]
        )
    out = check_document(repo, doc_id, corpus_dir=corpus_dir)
    if out.doc is None:
        if not out.incidents:  # pragma: no cover - check_document always says why
            out.incidents.append(incident("NG105", file, message=f"no usable document {doc_id!r}"))
        return out
    out.incidents += check_gold_record(repo, record, out.doc, file)
    if not out.errors:
        out.gold = gold_from_record(record, out.doc.text)
    return out


def check_gold_record(repo: Repo, rec: Mapping[str, Any], doc: Document, file: str) -> list[Incident]:
    """L1 (hash) and L3-L5 checks of a schema-valid gold record against its document."""
    found: list[Incident] = []
    digest = doc.meta["sha256"]
    if rec["text_sha256"] != digest:
        found.append(
            incident(
                "NG104",
                file,
                pointer="/text_sha256",
                message=f"gold says {rec['text_sha256']}, the corpus text has {digest}",
            )
        )
    if rec["dataset_version"] != doc.meta["dataset_version"]:
        found.append(
            incident(
                "NG504",
                file,
                pointer="/dataset_version",
                message=f"gold {rec['dataset_version']} vs corpus metadata {doc.meta['dataset_version']}",
            )
        )
    found += _check_offsets(rec, doc, file)
    if any(i.level == 3 for i in found):
        return found  # references and consistency need sound spans
    found += _check_inventories(repo, rec, doc, file)
    found += _check_consistency(rec, file)
    return found


def _span_records(rec: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any] | None]]:
    """(pointer, span record with text, head record or None) for every span in the gold."""
    for layer in SPAN_LAYERS:
        for i, m in enumerate(rec[layer]):
            yield pointer(layer, i), m, m.get("head")
    for i, e in enumerate(rec["events"]):
        yield pointer("events", i, "trigger"), e["trigger"], None


def _check_offsets(rec: Mapping[str, Any], doc: Document, file: str) -> list[Incident]:
    found, text, n = [], doc.text, len(doc.text)
    # Built here, not cached on the document: tokens take about ten times the text, and a
    # corpus is validated document by document, so memory stays flat.
    index = TokenIndex.of_text(text)
    for ptr, span, head in _span_records(rec):
        s, e = span["start"], span["end"]
        if not s < e <= n:
            found.append(
                incident("NG301", file, pointer=ptr, message=f"[{s}, {e}) is not a non-empty span inside [0, {n})")
            )
            continue
        if text[s:e] != span["text"]:
            cause = explain_mismatch(text, s, e, span["text"])
            found.append(
                incident(
                    "NG302",
                    file,
                    pointer=ptr + "/text",
                    message=f"text {span['text']!r} but [{s}, {e}) holds {text[s:e]!r}",
                    hint=f"{cause}; offsets are code points, half-open" if cause else None,
                )
            )
            continue
        for edge in ("start", "end"):
            if not index.is_boundary(span[edge]):
                found.append(
                    incident(
                        "NG303",
                        file,
                        pointer=f"{ptr}/{edge}",
                        message=f"{edge} {span[edge]} cuts a token in {span['text']!r}",
                    )
                )
        first, last = doc.sentence_of(s), doc.sentence_of(e - 1)
        if first != last:
            found.append(
                incident(
                    "NG306",
                    file,
                    pointer=ptr,
                    message=f"{span['text']!r} [{s}, {e}) runs from sentence {first} into sentence {last} "
                    f"(which starts at {doc.sentences[last].start})",
                )
            )
        if head is not None:
            hs, he = head["start"], head["end"]
            if not s <= hs < he <= e:
                found.append(
                    incident(
                        "NG304", file, pointer=ptr + "/head", message=f"head [{hs}, {he}) is not inside [{s}, {e})"
                    )
                )
            else:
                for edge, value in (("start", hs), ("end", he)):
                    if not index.is_boundary(value):
                        found.append(
                            incident(
                                "NG303", file, pointer=f"{ptr}/head/{edge}", message=f"head {edge} {value} cuts a token"
                            )
                        )
    return found


def _check_inventories(repo: Repo, rec: Mapping[str, Any], doc: Document, file: str) -> list[Incident]:
    found: list[Incident] = []
    names = repo.entity_type_names
    value_mention_types = [t["type"] for t in repo.entity_types.get("value_mention_types", [])]
    levels = repo.entity_types["levels"]
    timex_types = set(repo.entity_types["timex_types"])
    for layer, spec in SPAN_LAYERS.items():
        allowed_types = names + value_mention_types if spec.value_types else names
        for i, m in enumerate(rec[layer]):
            ptr = pointer(layer, i)
            if m["type"] not in allowed_types:
                found.append(
                    incident(
                        "NG401",
                        file,
                        pointer=ptr + "/type",
                        message=f"{m['type']!r} is not one of {', '.join(allowed_types)}",
                    )
                )
            if m["level"] not in levels[layer]:
                found.append(
                    incident(
                        "NG408",
                        file,
                        pointer=ptr + "/level",
                        message=f"level {m['level']!r} in {layer}; allowed: {', '.join(levels[layer])}",
                    )
                )
            if spec.timex and m["type"] in timex_types:
                value = m.get("value")
                if value is None or not TIMEX3_VALUE.match(value):
                    found.append(
                        incident(
                            "NG407",
                            file,
                            pointer=ptr + "/value",
                            message=f"{m['type']} {m['text']!r} has value {value!r}, not a TIMEX3 value",
                        )
                    )
    roles = repo.roles_by_subtype
    attributes = repo.event_attributes
    spans = {m["id"]: m for layer in SPAN_LAYERS for m in rec[layer]}
    for i, ev in enumerate(rec["events"]):
        ptr = pointer("events", i)
        allowed = roles.get(ev["type"])
        if allowed is None:
            found.append(
                incident("NG402", file, pointer=ptr + "/type", message=f"{ev['type']!r} is not an ACE 2005 subtype")
            )
        for attr, values in attributes.items():
            if ev[attr] not in values:
                found.append(
                    incident(
                        "NG404",
                        file,
                        pointer=f"{ptr}/{attr}",
                        message=f"{attr} {ev[attr]!r}; allowed: {', '.join(values)}",
                    )
                )
        sentence = doc.sentence_of(ev["trigger"]["start"])
        for j, arg in enumerate(ev["arguments"]):
            aptr = f"{ptr}/arguments/{j}"
            if allowed is not None and arg["role"] not in allowed:
                found.append(
                    incident(
                        "NG403",
                        file,
                        pointer=aptr + "/role",
                        message=f"{ev['type']} takes no role {arg['role']!r}; allowed: {', '.join(allowed)}",
                    )
                )
            target = spans.get(arg["ref"])
            if target is None:
                found.append(
                    incident("NG405", file, pointer=aptr + "/ref", message=f"no entity or mention {arg['ref']!r}")
                )
            elif not (doc.sentence_of(target["start"]) == sentence == doc.sentence_of(target["end"] - 1)):
                found.append(
                    incident(
                        "NG406",
                        file,
                        pointer=aptr + "/ref",
                        message=f"{arg['ref']} {target['text']!r} "
                        f"is outside the sentence of trigger {ev['trigger']['text']!r}",
                    )
                )
            elif allowed is not None and arg["role"] in allowed and not fits(ev["type"], arg["role"], target["type"]):
                takes = ", ".join(sorted(fillers(ev["type"], arg["role"]) or ()))
                found.append(
                    incident(
                        "NG409",
                        file,
                        pointer=aptr + "/ref",
                        severity="warning",
                        message=f"{ev['type']} {arg['role']} takes {takes}; "
                        f"{arg['ref']} {target['text']!r} is {target['type']}",
                    )
                )
    return found


def _overlaps(spans: list[Mapping[str, Any]], layer: str, file: str) -> list[Incident]:
    """NG502 for each span of a flat layer that overlaps an earlier one (repeats are NG503's)."""
    found: list[Incident] = []
    order = sorted(range(len(spans)), key=lambda i: (spans[i]["start"], spans[i]["end"]))
    reach, reach_i = -1, -1
    for i in order:
        e = spans[i]
        if e["start"] < reach and (e["start"], e["end"], e["type"]) != _key(spans[reach_i]):
            other = spans[reach_i]
            found.append(
                incident(
                    "NG502",
                    file,
                    pointer=pointer(layer, i),
                    message=f"{e['text']!r} [{e['start']}, {e['end']}) "
                    f"overlaps {other['text']!r} [{other['start']}, {other['end']})",
                )
            )
        if e["end"] > reach:
            reach, reach_i = e["end"], i
    return found


def _check_consistency(rec: Mapping[str, Any], file: str) -> list[Incident]:
    found: list[Incident] = []
    seen: dict[str, str] = {}
    for layer in LAYERS:
        for i, item in enumerate(rec[layer]):
            ptr = pointer(layer, i, "id")
            if item["id"] in seen:
                found.append(
                    incident("NG501", file, pointer=ptr, message=f"{item['id']} already used at {seen[item['id']]}")
                )
            else:
                seen[item["id"]] = ptr
    for layer in SPAN_LAYERS:
        keys: dict[tuple[int, int, str], int] = {}
        for i, m in enumerate(rec[layer]):
            key = (m["start"], m["end"], m["type"])
            if key in keys:
                found.append(
                    incident(
                        "NG503",
                        file,
                        pointer=pointer(layer, i),
                        message=f"{m['text']!r} {m['type']} repeats {layer}/{keys[key]}",
                    )
                )
            keys.setdefault(key, i)
    for layer in (name for name, spec in SPAN_LAYERS.items() if spec.flat):
        found += _overlaps(rec[layer], layer, file)
    events: dict[tuple[int, int, str], int] = {}
    for i, ev in enumerate(rec["events"]):
        key = (ev["trigger"]["start"], ev["trigger"]["end"], ev["type"])
        if key in events:
            found.append(
                incident(
                    "NG503",
                    file,
                    pointer=pointer("events", i),
                    message=f"{ev['type']} on the same trigger as events/{events[key]}",
                )
            )
        events.setdefault(key, i)
    return found


def _key(m: Mapping[str, Any]) -> tuple[int, int, str]:
    return m["start"], m["end"], m["type"]


# ---- whole runs ----------------------------------------------------------------------------


def _as_typed(path: Path) -> Path:
    """``path`` relative to the working directory when it lies under it (as a user would type
    it, so an incident names ``annotations/gold/DOC.json``), otherwise as it is."""
    try:
        return path.relative_to(Path.cwd())
    except (ValueError, OSError):  # elsewhere, or the working directory is gone
        return path


def validate(repo: Repo, paths: Iterable[Path] = (), *, corpus_dir: Path | None = None) -> list[Incident]:
    """Validate gold files and folders (default: every document and gold file of ``repo``)."""
    paths = list(paths)
    found: list[Incident] = []
    if not paths:
        gold_files, found = folder_files(repo.gold_dir, ".json")
        gold_ids = set()
        for gold_path in gold_files:
            gold_ids.add(Path(gold_path).stem)
            found += check_gold_file(repo, _as_typed(Path(gold_path)), corpus_dir=corpus_dir).incidents
        for doc_id in repo.doc_ids():
            if doc_id not in gold_ids:
                found += check_document(repo, doc_id, corpus_dir=corpus_dir).incidents
        return found
    for path in paths:
        if path.is_dir():
            gold_files, refused = folder_files(path, ".json", recursive=True)
            found += refused
            for gold_path in gold_files:
                found += check_gold_file(repo, Path(gold_path), corpus_dir=corpus_dir).incidents
        elif path.is_file():
            found += check_gold_file(repo, path, corpus_dir=corpus_dir).incidents
        else:
            found.append(incident("NG002", str(path), message="no such file or folder"))
    return found
