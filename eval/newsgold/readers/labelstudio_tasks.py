"""Gold <-> Label Studio tasks, so the gold is corrected in Label Studio without typing offsets.

``newsgold export --format label-studio`` writes ``tasks.json`` (one task per document:
``data`` holds the text and the doc_id, ``annotations`` the gold, or ``predictions`` a
system's output as pre-annotations) and ``label-config.xml`` (the labelling interface).
``newsgold import --format label-studio`` reads Label Studio's JSON export back into gold
files. How each part of the gold is carried (every control is declared in the config):

- entities and mentions: regions of the ``entity`` labels (the type), with the per-region
  choice ``level`` (NAM, VAL: the flat entity layer; NOM, PRO: mentions); a head is a region
  of the ``head`` labels tied to its mention by a ``head`` relation;
- events: regions of the ``trigger`` labels (the ACE subtype), with the per-region choices
  ``modality``, ``polarity``, ``genericity`` and ``tense``; each argument is a relation from
  the trigger to its filler, labelled with the role;
- ``cluster``, TIMEX ``value`` and ``note``: per-region text areas;
- ids: each region keeps its gold id (``T3``, ``M2``, ``E1``; heads ``M2-head``); a region
  made in Label Studio (or moved to the other layer) takes the next free number of its layer
  on import.

Not carried, and said on import (NG614): notes on arguments (a relation holds only labels;
they are restored from the current gold file where the event keeps that argument), and the
order of an event's arguments between the same two regions (one relation holds their roles).
The document fields (schema version, text hash, dataset version) come from the corpus, as
for brat. Offsets are Label Studio's ``start``/``end``: code points into the text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple
from xml.sax.saxutils import quoteattr

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from .records import DocPredictions


class Project(NamedTuple):
    """What an annotation tool's work is imported against: the event subtypes by label, the
    entity types of value level, each document's dataset version and its current gold record."""

    subtypes: Mapping[str, str]
    value_types: set[str]
    dataset_version: Mapping[str, str]
    current: Mapping[str, Mapping[str, Any]]


ATTRIBUTES = ("modality", "polarity", "genericity", "tense")
DEFAULTS = {"modality": "Asserted", "polarity": "Positive", "genericity": "Specific", "tense": "Unspecified"}
TEXT_AREAS = ("cluster", "value", "note")
MENTION_LEVELS = ("NOM", "PRO")
HEAD = "head"
_ID = {"entities": re.compile(r"^T(\d+)$"), "mentions": re.compile(r"^M(\d+)$"), "events": re.compile(r"^E(\d+)$")}
KEY_ORDER = ("id", "start", "end", "text", "type", "level", "head", "cluster", "value", "note")
EVENT_ORDER = ("id", "type", "trigger", "arguments", *ATTRIBUTES, "cluster", "note")


# ---- the labelling config ----------------------------------------------------------------


def label_config(
    entity_types: Mapping[str, Any], event_types: Mapping[str, Any], attributes: Mapping[str, list[str]]
) -> str:
    """Label Studio's labelling config for newsgold's layers (``label-config.xml``)."""
    types = [t["type"] for t in entity_types["types"]] + [
        t["type"] for t in entity_types.get("value_mention_types", [])
    ]
    levels = entity_types["levels"]["entities"] + entity_types["levels"]["mentions"]
    subtypes = [s["subtype"] for s in event_types["subtypes"]]
    roles = sorted({r for s in event_types["subtypes"] for r in s["roles"]})

    def options(tag: str, values: Iterable[str]) -> list[str]:
        return [f"    <{tag} value={quoteattr(v)}/>" for v in values]

    def choices(name: str, values: Iterable[str]) -> list[str]:
        return [
            f'  <Choices name="{name}" toName="text" perRegion="true" choice="single-radio" showInline="true">',
            *options("Choice", values),
            "  </Choices>",
        ]

    lines = [
        "<View>",
        '  <Header value="$doc_id"/>',
        '  <Labels name="entity" toName="text" showInline="true">',
        *options("Label", types),
        "  </Labels>",
        '  <Labels name="trigger" toName="text" showInline="true">',
        *options("Label", subtypes),
        "  </Labels>",
        f'  <Labels name="{HEAD}" toName="text" showInline="true">',
        '    <Label value="Head"/>',
        "  </Labels>",
        '  <Text name="text" value="$text"/>',
        "  <Relations>",
        *options("Relation", [HEAD, *roles]),
        "  </Relations>",
        '  <View visibleWhen="region-selected" whenTagName="entity">',
        *("  " + x for x in choices("level", levels)),
        "  </View>",
        '  <View visibleWhen="region-selected" whenTagName="trigger">',
    ]
    for name in ATTRIBUTES:
        lines += ["  " + x for x in choices(name, attributes[name])]
    lines.append("  </View>")
    for name in TEXT_AREAS:
        lines.append(
            f'  <TextArea name="{name}" toName="text" perRegion="true" maxSubmissions="1" editable="true" '
            f'visibleWhen="region-selected" placeholder="{name}"/>'
        )
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# ---- writing -----------------------------------------------------------------------------


def _region(
    rid: str, control: str, start: int, end: int, text: str, label: str, score: float | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rid,
        "from_name": control,
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }
    if score is not None:
        out["score"] = score
    return out


def _per_region(rid: str, control: str, start: int, end: int, value: str, kind: str) -> dict[str, Any]:
    key = "choices" if kind == "choices" else "text"
    return {
        "id": rid,
        "from_name": control,
        "to_name": "text",
        "type": kind,
        "value": {"start": start, "end": end, key: [value]},
    }


def _relation(a: str, b: str, labels: list[str]) -> dict[str, Any]:
    return {"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": labels}


def gold_result(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A gold record (validated) as the ``result`` of one Label Studio annotation."""
    out: list[dict[str, Any]] = []
    for layer in ("entities", "mentions"):
        for m in record[layer]:
            s, e = m["start"], m["end"]
            out.append(_region(m["id"], "entity", s, e, m["text"], m["type"]))
            out.append(_per_region(m["id"], "level", s, e, m["level"], "choices"))
            out += [_per_region(m["id"], k, s, e, m[k], "textarea") for k in TEXT_AREAS if k in m]
    for layer in ("entities", "mentions"):  # heads after every span they may point into
        for m in record[layer]:
            if "head" in m:
                hid = f"{m['id']}-head"
                h = m["head"]
                out.append(
                    _region(
                        hid,
                        HEAD,
                        h["start"],
                        h["end"],
                        m["text"][h["start"] - m["start"] : h["end"] - m["start"]],
                        "Head",
                    )
                )
                out.append(_relation(m["id"], hid, [HEAD]))
    for ev in record["events"]:
        t = ev["trigger"]
        out.append(_region(ev["id"], "trigger", t["start"], t["end"], t["text"], ev["type"]))
        out += [_per_region(ev["id"], k, t["start"], t["end"], ev[k], "choices") for k in ATTRIBUTES]
        out += [
            _per_region(ev["id"], k, t["start"], t["end"], ev[k], "textarea") for k in ("cluster", "note") if k in ev
        ]
        roles: dict[str, list[str]] = {}
        for a in ev["arguments"]:
            roles.setdefault(a["ref"], []).append(a["role"])
        out += [_relation(ev["id"], ref, labels) for ref, labels in roles.items()]
    return out


def prediction_result(pred: DocPredictions, doc: Document) -> tuple[list[dict[str, Any]], int]:
    """A system's predictions as pre-annotations, and how many event arguments were left out
    (an argument is a relation to a predicted entity of the same span; others have no region)."""
    out: list[dict[str, Any]] = []
    by_span: dict[tuple[int, int], str] = {}
    for i, e in enumerate(pred.entities, 1):
        rid = f"p{i}"
        by_span.setdefault((e.start, e.end), rid)
        out.append(_region(rid, "entity", e.start, e.end, doc.text[e.start : e.end], e.type, e.score))
        if e.value is not None:
            out.append(_per_region(rid, "value", e.start, e.end, e.value, "textarea"))
    dropped = 0
    for i, ev in enumerate(pred.events, 1):
        rid = f"pe{i}"
        s, t = ev.trigger.start, ev.trigger.end
        out.append(_region(rid, "trigger", s, t, doc.text[s:t], ev.type))
        out += [_per_region(rid, k, s, t, getattr(ev, k), "choices") for k in ATTRIBUTES if getattr(ev, k) is not None]
        roles: dict[str, list[str]] = {}
        for a in ev.arguments:
            target = by_span.get((a.start, a.end))
            if target is None:
                dropped += 1
            else:
                roles.setdefault(target, []).append(a.role)
        out += [_relation(rid, ref, labels) for ref, labels in roles.items()]
    return out, dropped


def task(
    doc: Document,
    *,
    annotation: list[dict[str, Any]] | None = None,
    prediction: list[dict[str, Any]] | None = None,
    model_version: str = "",
) -> dict[str, Any]:
    """One task: the document's text and doc_id, and the gold as an annotation or a system's output as a prediction."""
    out: dict[str, Any] = {"data": {"doc_id": doc.doc_id, "text": doc.text}}
    if annotation is not None:
        out["annotations"] = [{"result": annotation}]
    if prediction is not None:
        out["predictions"] = [{"model_version": model_version, "result": prediction}]
    return out


# ---- reading -----------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, ptr: str, message: str, code: str = "NG612", hint: str | None = None):
        self.ptr, self.message, self.code, self.hint = ptr, message, code, hint


def _one(values: Any, ptr: str, what: str) -> str:
    if not isinstance(values, list) or len(values) != 1 or not isinstance(values[0], str):
        raise _Bad(ptr, f"{what} must hold exactly one value, got {values!r}")
    return values[0]


def _annotation(t: Mapping[str, Any], ptr: str, warnings: list[tuple[str, str]]) -> tuple[list[Any], str]:
    done = [
        (i, a) for i, a in enumerate(t.get("annotations") or []) if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if not done:
        raise _Bad(
            f"{ptr}/annotations",
            "the task has no submitted annotation",
            hint="submit the annotation in Label Studio (pre-annotations alone are not imported), then export again",
        )
    if len(done) > 1:
        warnings.append((f"{ptr}/annotations", f"{len(done)} annotations: the last one is imported"))
    i, chosen = done[-1]
    result = chosen.get("result")
    if not isinstance(result, list):
        raise _Bad(f"{ptr}/annotations/{i}/result", "an annotation's result must be a list")
    return result, f"{ptr}/annotations/{i}/result"


def record_from_task(
    t: Mapping[str, Any], doc: Document, project: Project, *, ptr: str
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A gold record from one exported task; returns it with ``(pointer, message)`` notes on
    what Label Studio could not carry. Raises ``_Bad`` (see :func:`read_tasks`)."""
    notes: list[tuple[str, str]] = []
    result, rptr = _annotation(t, ptr, notes)
    regions: dict[str, dict[str, Any]] = {}
    relations: list[tuple[str, Any]] = []
    for j, r in enumerate(result):
        p = f"{rptr}/{j}"
        if not isinstance(r, dict):
            raise _Bad(p, f"a result must be an object, got {r!r}")
        if r.get("type") == "relation":
            relations.append((p, r))
            continue
        rid, value = r.get("id"), r.get("value")
        if not isinstance(rid, str) or not isinstance(value, dict):
            raise _Bad(p, "a region result needs an 'id' and a 'value' object")
        region = regions.setdefault(rid, {"ptr": p, "fields": {}})
        s, e = value.get("start"), value.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(doc.text)):
            raise _Bad(f"{p}/value", f"offsets {s!r}, {e!r} are not a span of {doc.doc_id}", "NG301")
        if r.get("type") == "labels":
            text = value.get("text")
            if text is not None and doc.text[s:e] != text:
                raise _Bad(
                    f"{p}/value/text",
                    f"text {text!r} but [{s}, {e}) holds {doc.text[s:e]!r}",
                    "NG302",
                    explain_mismatch(doc.text, s, e, text),
                )
            region.update(
                ptr=p,
                control=r.get("from_name"),
                start=s,
                end=e,
                label=_one(value.get("labels"), f"{p}/value/labels", "a region's labels"),
            )
        elif r.get("type") in ("choices", "textarea"):
            key = "choices" if r["type"] == "choices" else "text"
            region["fields"][r.get("from_name")] = _one(value.get(key), f"{p}/value/{key}", f"{r.get('from_name')!r}")
        else:
            raise _Bad(f"{p}/type", f"result type {r.get('type')!r} is not one newsgold's label config makes")
    for rid, region in regions.items():
        if "control" not in region:
            raise _Bad(region["ptr"], f"region {rid!r} has per-region values but no label")
    heads: dict[str, dict[str, int]] = {}
    tied: set[str] = set()
    arguments: dict[str, list[tuple[str, str]]] = {}
    for p, rel in relations:
        a, b, labels = rel.get("from_id"), rel.get("to_id"), rel.get("labels") or []
        if a not in regions or b not in regions:
            raise _Bad(p, f"the relation links {a!r} and {b!r}, which are not both regions of the task")
        kinds = {regions[a]["control"]: a, regions[b]["control"]: b}
        if HEAD in kinds and "entity" in kinds and labels in ([], [HEAD]):
            h = regions[kinds[HEAD]]
            heads[kinds["entity"]] = {"start": h["start"], "end": h["end"]}
            tied.add(kinds[HEAD])
        elif "trigger" in kinds and "entity" in kinds and labels and HEAD not in labels:
            arguments.setdefault(kinds["trigger"], []).extend((role, kinds["entity"]) for role in labels)
        else:
            raise _Bad(
                p,
                f"a relation links a trigger to an entity with role labels, or an entity to its head with 'head'; "
                f"this one links {regions[a]['control']} to {regions[b]['control']} with {labels}",
            )
    for rid, region in regions.items():
        if region["control"] == HEAD and rid not in tied:
            raise _Bad(
                region["ptr"],
                f"head region {rid!r} is tied to no entity",
                hint="draw a 'head' relation from its mention to it",
            )
    layers: dict[str, list[tuple[str, dict[str, Any]]]] = {"entities": [], "mentions": [], "events": []}
    for rid, region in regions.items():
        f, s, e = region["fields"], region["start"], region["end"]
        if region["control"] == "entity":
            level = f.get("level") or ("VAL" if region["label"] in project.value_types else "NAM")
            rec: dict[str, Any] = {"start": s, "end": e, "text": doc.text[s:e], "type": region["label"], "level": level}
            if rid in heads:
                rec["head"] = heads[rid]
            rec |= {k: f[k] for k in TEXT_AREAS if f.get(k)}
            layers["mentions" if level in MENTION_LEVELS else "entities"].append((rid, rec))
        elif region["control"] == "trigger":
            subtype = project.subtypes.get(region["label"])
            if subtype is None:
                raise _Bad(
                    f"{region['ptr']}/value/labels",
                    f"unknown event type {region['label']!r}",
                    hint="use an ACE 2005 subtype such as Contact:Meet",
                )
            rec = {
                "type": subtype,
                "trigger": {"start": s, "end": e, "text": doc.text[s:e]},
                "arguments": arguments.get(rid, []),
            }
            rec |= {k: f.get(k) or DEFAULTS[k] for k in ATTRIBUTES}
            rec |= {k: f[k] for k in ("cluster", "note") if f.get(k)}
            layers["events"].append((rid, rec))
        elif region["control"] != HEAD:
            raise _Bad(region["ptr"], f"control {region['control']!r} is not one of newsgold's label config")
    out = gold_record(doc, layers, project)
    return out, notes + restore_argument_notes(out, project.current.get(doc.doc_id), ptr, "Label Studio")


def gold_record(
    doc: Document, layers: Mapping[str, list[tuple[str, dict[str, Any]]]], project: Project
) -> dict[str, Any]:
    """The gold record of ``doc`` from a tool's regions by layer (``(region id, record)``
    pairs, events naming their arguments' region ids), under the ids :func:`gold_ids` gives."""
    gold_id = gold_ids(layers)
    out: dict[str, Any] = {
        "schema_version": "1.0",
        "doc_id": doc.doc_id,
        "text_sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "dataset_version": project.dataset_version[doc.doc_id],
    }
    for layer in ("entities", "mentions"):
        out[layer] = [
            {k: r[k] for k in KEY_ORDER if k in r} for r in ({"id": gold_id[rid], **rec} for rid, rec in layers[layer])
        ]
    events = []
    for rid, rec in layers["events"]:
        rec["arguments"] = [{"role": role, "ref": gold_id[ref]} for role, ref in rec["arguments"]]
        rec = {"id": gold_id[rid], **rec}
        events.append({k: rec[k] for k in EVENT_ORDER if k in rec})
    out["events"] = events
    return out


def gold_ids(layers: Mapping[str, list[tuple[str, dict[str, Any]]]]) -> dict[str, str]:
    """Region id -> gold id: a region keeps an id of its layer's form, the others (new regions,
    regions moved to the other layer, ids taken twice) take the next free numbers in text order."""
    out: dict[str, str] = {}
    for layer, prefix in (("entities", "T"), ("mentions", "M"), ("events", "E")):
        kept = {rid for rid, _ in layers[layer] if _ID[layer].match(rid)}
        used = {int(m.group(1)) for rid in kept if (m := _ID[layer].match(rid))}
        following = max(used, default=0) + 1
        for rid, _ in sorted(layers[layer], key=lambda item: _start(item[1])):
            if rid in kept:
                out[rid] = rid
            else:
                out[rid] = f"{prefix}{following}"
                following += 1
    return out


def _start(rec: Mapping[str, Any]) -> tuple[int, int]:
    span = rec.get("trigger", rec)
    return span["start"], span["end"]


def restore_argument_notes(
    record: dict[str, Any], current: Mapping[str, Any] | None, ptr: str, tool: str
) -> list[tuple[str, str]]:
    """Put back the argument notes of the current gold (``tool`` cannot carry them) where
    the event still has that argument; say what was restored and what was lost."""
    if not current:
        return []
    by_id = {e["id"]: e for e in record["events"]}
    restored, lost = [], []
    for ev in current.get("events", []):
        for a in ev.get("arguments", []):
            if "note" not in a:
                continue
            target = next(
                (
                    b
                    for b in by_id.get(ev["id"], {}).get("arguments", [])
                    if (b["role"], b["ref"]) == (a["role"], a["ref"]) and "note" not in b
                ),
                None,
            )
            if target is None:
                lost.append(f"{ev['id']} {a['role']} {a['ref']}")
            else:
                target["note"] = a["note"]
                restored.append(f"{ev['id']} {a['role']} {a['ref']}")
    notes = []
    if restored:
        notes.append(
            (
                ptr,
                f"{tool} carries no argument notes: {len(restored)} kept from the current gold ({', '.join(restored)})",
            )
        )
    if lost:
        notes.append((ptr, f"{tool} carries no argument notes: dropped with their arguments ({', '.join(lost)})"))
    return notes


def read_tasks(
    data: Any,
    documents: Mapping[str, Document],
    project: Project,
    *,
    file: str,
) -> tuple[list[dict[str, Any]], list[Incident]]:
    """Gold records from a Label Studio JSON export (a list of tasks), with NG614 warnings for
    what the tool could not carry; raises :class:`NewsgoldError` on the first problem."""
    if not isinstance(data, list) or not data:
        raise NewsgoldError(
            incident("NG612", file, pointer="", message="a Label Studio export is a non-empty JSON list of tasks")
        )
    records, warnings, seen = [], [], set()
    by_text = {d.text: d for d in documents.values()}
    for i, t in enumerate(data):
        ptr = f"/{i}"
        try:
            if not isinstance(t, dict) or not isinstance(t.get("data"), dict):
                raise _Bad(ptr, "a task needs a 'data' object")
            doc = documents.get(t["data"].get("doc_id", "")) or by_text.get(t["data"].get("text", ""))
            if doc is None:
                raise _Bad(
                    f"{ptr}/data",
                    "the task's doc_id and text match no corpus document",
                    "NG602",
                    "keep data.doc_id as newsgold export wrote it",
                )
            if doc.doc_id in seen:
                raise _Bad(ptr, f"{doc.doc_id!r} appears in two tasks", "NG603")
            seen.add(doc.doc_id)
            record, notes = record_from_task(t, doc, project, ptr=ptr)
        except _Bad as bad:
            raise NewsgoldError(incident(bad.code, file, pointer=bad.ptr, message=bad.message, hint=bad.hint)) from None
        records.append(record)
        warnings += [incident("NG614", file, pointer=p, severity="warning", message=m) for p, m in notes]
    return records, warnings


def not_carried() -> Sequence[str]:
    """What a round trip through Label Studio cannot carry (listed in the docs and on import)."""
    return (
        "notes on event arguments (restored from the current gold where the argument is unchanged)",
        "the order of an event's arguments between the same two regions",
    )
