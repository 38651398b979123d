"""brat standoff: gold <-> ``.ann``, losslessly, and brat files as predictions.

How each part of a gold document is written (``annotation.conf`` declares it all):

- entities ``T<n>`` keep their number: ``T3\\tGPE 41 43\\tUS``; mentions ``M<k>`` become
  ``T<base + k>`` where *base* is the first multiple of 1000 above the largest entity
  number; event triggers are text-bound annotations numbered above the mentions; mention
  heads are ``Head`` annotations tied to their mention by a ``HeadOf`` relation;
- the level (NAM, VAL, NOM, PRO) is the attribute ``Level``; events carry ``Modality``,
  ``Polarity``, ``Genericity`` and ``Tense``;
- events ``E<n>`` keep their number; types are ACE subtypes as brat leaf types (``Meet``
  under ``Contact``); repeated roles get brat's numeric suffix (``Entity2``);
- clusters and TIMEX3 values are normalisations: ``N1\\tReference T3 cluster:us\\tus``,
  ``N2\\tReference T2 timex3:2010-02-18\\t2010-02-18`` (event clusters likewise on ``E``);
- notes are ``AnnotatorNotes``; a note on an argument is an ``ArgumentNote`` on its event,
  prefixed by the argument's position.

The document-level fields (schema version, text hash, dataset version) come from the corpus
on import. ``to_ann(from_ann(x)) == x`` byte for byte for any file this module writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import folder_files, read_text
from ..gold.model import Document
from ..gold.spans import Span
from .records import DocPredictions, PredArgument, PredEntity, PredEvent, Reader

ATTRIBUTES = {"modality": "Modality", "polarity": "Polarity", "genericity": "Genericity", "tense": "Tense"}


def _block(n: int) -> int:
    """The first multiple of 1000 above ``n``."""
    return (n // 1000 + 1) * 1000


def _num(ident: str) -> int:
    return int(ident[1:])


def _subtype_leaf(subtype: str) -> str:
    return subtype.split(":", 1)[1]


# ---- writing -----------------------------------------------------------------------------


def to_ann(record: Mapping[str, Any]) -> str:
    """A gold record (validated) as the text of a brat ``.ann`` file."""
    lines: list[str] = []
    counters = {"A": 0, "N": 0, "#": 0, "R": 0}

    def add(kind: str, body: str) -> str:
        counters[kind] += 1
        ident = f"{kind}{counters[kind]}"
        lines.append(f"{ident}\t{body}")
        return ident

    ents, ments, events = record["entities"], record["mentions"], record["events"]
    base_m = _block(max((_num(e["id"]) for e in ents), default=0))
    base_t = base_m + _block(max((_num(m["id"]) for m in ments), default=0))
    base_h = base_t + _block(max((_num(e["id"]) for e in events), default=0))
    heads: list[tuple[str, Mapping[str, Any], str]] = []
    brat_id: dict[str, str] = {}
    for layer, base in (("entities", 0), ("mentions", base_m)):
        for m in record[layer]:
            tid = f"T{base + _num(m['id'])}"
            brat_id[m["id"]] = tid
            lines.append(f"{tid}\t{m['type']} {m['start']} {m['end']}\t{m['text']}")
            add("A", f"Level {tid} {m['level']}")
            if "cluster" in m:
                add("N", f"Reference {tid} cluster:{m['cluster']}\t{m['cluster']}")
            if "value" in m:
                add("N", f"Reference {tid} timex3:{m['value']}\t{m['value']}")
            if "note" in m:
                add("#", f"AnnotatorNotes {tid}\t{_one_line(m['note'])}")
            if "head" in m:
                heads.append((tid, m["head"], m["text"]))
    for ev in events:
        n = _num(ev["id"])
        trig = f"T{base_t + n}"
        t = ev["trigger"]
        lines.append(f"{trig}\t{_subtype_leaf(ev['type'])} {t['start']} {t['end']}\t{t['text']}")
        seen: dict[str, int] = {}
        args = []
        for a in ev["arguments"]:
            seen[a["role"]] = seen.get(a["role"], 0) + 1
            suffix = str(seen[a["role"]]) if seen[a["role"]] > 1 else ""
            args.append(f"{a['role']}{suffix}:{brat_id[a['ref']]}")
        lines.append(f"{ev['id']}\t" + " ".join([f"{_subtype_leaf(ev['type'])}:{trig}", *args]))
        for key, name in ATTRIBUTES.items():
            add("A", f"{name} {ev['id']} {ev[key]}")
        if "cluster" in ev:
            add("N", f"Reference {ev['id']} cluster:{ev['cluster']}\t{ev['cluster']}")
        if "note" in ev:
            add("#", f"AnnotatorNotes {ev['id']}\t{_one_line(ev['note'])}")
        for j, a in enumerate(ev["arguments"]):
            if "note" in a:
                add("#", f"ArgumentNote {ev['id']}\t{j} {_one_line(a['note'])}")
    text_of = {}
    for k, (tid, head, _) in enumerate(heads, 1):
        hid = f"T{base_h + k}"
        text_of[hid] = head
        lines.append(f"{hid}\tHead {head['start']} {head['end']}\t{{HEAD_TEXT:{head['start']}:{head['end']}}}")
        add("R", f"HeadOf Arg1:{hid} Arg2:{tid}")
    return "\n".join(lines) + "\n"


def _one_line(note: str) -> str:
    if "\n" in note or "\t" in note:
        raise NewsgoldError(
            incident(
                "NG612", "brat", message=f"a note with a tab or line break cannot be written to brat: {note[:40]!r}"
            )
        )
    return note


def write_ann(record: Mapping[str, Any], text: str) -> str:
    """``to_ann`` with head texts filled in from the document text."""
    ann = to_ann(record)
    return re.sub(r"\{HEAD_TEXT:(\d+):(\d+)\}", lambda m: text[int(m.group(1)) : int(m.group(2))], ann)


# ---- reading -----------------------------------------------------------------------------


@dataclass
class Ann:
    """A parsed ``.ann`` file: text-bound annotations, events, attributes, normalisations, notes."""

    spans: dict[str, tuple[str, int, int, str]] = field(default_factory=dict)  # id: (label, start, end, text)
    events: dict[str, tuple[str, str, list[tuple[str, str]]]] = field(
        default_factory=dict
    )  # id: (label, trigger, [(role, id)])
    attributes: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, target): value
    norms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # target: [(kind, value)]
    notes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # target: [(type, text)]
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # (label, arg1, arg2)
    order: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # id: line number


_T = re.compile(r"^(T\d+)\t(\S+) ([0-9]+) ([0-9]+)\t(.*)$")
_E = re.compile(r"^(E\d+)\t(\S+):(T\d+)((?: \S+:[TE]\d+)*)\s*$")
_A = re.compile(r"^([AM]\d+)\t(\S+) ([TE]\d+)(?: (\S+))?$")
_N = re.compile(r"^(N\d+)\tReference ([TE]\d+) ([^:\s]+):(\S+)\t(.*)$")
_NOTE = re.compile(r"^(#\d+)\t(\S+) ([TER]\d+)\t(.*)$")
_R = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*$")


def parse_ann(text: str, file: str) -> Ann:
    """The annotations of a ``.ann`` file; raises on a line that is not brat standoff
    (NG612), an offset no document reaches (NG301), an id defined twice (NG612), and a
    reference to an id the file does not define (NG615, what a truncated file leaves)."""
    ann = Ann()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        ident = line.split("\t", 1)[0]
        if ident in ann.lines and not ident.startswith(("A", "M", "N", "#", "R")):
            raise NewsgoldError(
                incident(
                    "NG612",
                    file,
                    line=number,
                    message=f"{ident} is defined twice (first on line {ann.lines[ident]})",
                    hint="give each T and E id once",
                )
            )
        ann.lines.setdefault(ident, number)
        if m := _T.match(line):
            if max(len(m.group(3)), len(m.group(4))) > 18:
                raise NewsgoldError(
                    incident(
                        "NG301",
                        file,
                        line=number,
                        message=f"{ident}: an offset of {max(len(m.group(3)), len(m.group(4)))} digits "
                        "lies outside any document",
                    )
                )
            ann.spans[m.group(1)] = (m.group(2), int(m.group(3)), int(m.group(4)), m.group(5))
        elif m := _E.match(line):
            args = [tuple(a.split(":", 1)) for a in m.group(4).split()]
            ann.events[m.group(1)] = (m.group(2), m.group(3), [(re.sub(r"\d+$", "", r), i) for r, i in args])
        elif m := _A.match(line):
            ann.attributes[(m.group(2), m.group(3))] = m.group(4) or "true"
        elif m := _N.match(line):
            ann.norms.setdefault(m.group(2), []).append((m.group(3), m.group(4)))
        elif m := _NOTE.match(line):
            ann.notes.setdefault(m.group(3), []).append((m.group(2), m.group(4)))
        elif m := _R.match(line):
            ann.relations.append((m.group(2), m.group(3), m.group(4)))
            ann.lines[m.group(1)] = number
        elif re.match(r"^T\d+\t\S+ \d+ \d+(;\d+ \d+)+\t", line):
            raise NewsgoldError(
                incident(
                    "NG612",
                    file,
                    line=number,
                    message="discontinuous span",
                    hint="split it into contiguous annotations",
                )
            )
        else:
            raise NewsgoldError(
                incident("NG612", file, line=number, message=f"not a brat standoff line: {line[:60]!r}")
            )
        ann.order.append(ident)
    _check_references(ann, file)
    return ann


def _check_references(ann: Ann, file: str) -> None:
    """Every id a line names is defined in the file (NG615); an argument is a text span."""

    def missing(source: str, ref: str, what: str) -> NewsgoldError:
        return NewsgoldError(
            incident(
                "NG615",
                file,
                line=ann.lines.get(source),
                message=f"{source} names {what} {ref}, which the file does not define",
            )
        )

    for e, (_, trigger, args) in ann.events.items():
        if trigger not in ann.spans:
            raise missing(e, trigger, "the trigger")
        for role, ref in args:
            if ref.startswith("E") and ref in ann.events:
                raise NewsgoldError(
                    incident(
                        "NG612",
                        file,
                        line=ann.lines.get(e),
                        message=f"{e}: the {role} argument {ref} is an event",
                        hint="arguments are entities or mentions (T ids)",
                    )
                )
            if ref not in ann.spans:
                raise missing(e, ref, f"the {role} argument")
    defined = ann.spans.keys() | ann.events.keys()
    for name, target in ann.attributes:
        if target not in defined:
            raise NewsgoldError(
                incident("NG615", file, message=f"the {name} attribute names {target}, which the file does not define")
            )
    for target in (*ann.norms, *(t for t in ann.notes if not t.startswith("R"))):
        if target not in defined:
            raise NewsgoldError(
                incident(
                    "NG615",
                    file,
                    line=ann.lines.get(target),
                    message=f"a normalisation or note names {target}, which the file does not define",
                )
            )
    for label, arg1, arg2 in ann.relations:
        for ref in (arg1, arg2):
            if ref not in ann.spans:
                raise NewsgoldError(
                    incident("NG615", file, message=f"a {label} relation names {ref}, which the file does not define")
                )


def from_ann(
    ann: Ann, doc: Document, *, subtypes: Mapping[str, str], dataset_version: str, file: str
) -> dict[str, Any]:
    """A gold record from a parsed ``.ann`` (written by :func:`write_ann` or by hand in brat)."""
    import hashlib

    triggers = {trig for _, trig, _ in ann.events.values()}
    head_of = {arg2: arg1 for label, arg1, arg2 in ann.relations if label == "HeadOf"}
    head_ids = set(head_of.values())
    levels = {t: ann.attributes.get(("Level", t)) for t in ann.spans}
    ent_ids = [t for t in ann.spans if t not in triggers and t not in head_ids and levels[t] in ("NAM", "VAL", None)]
    base_m = _block(max((_num(t) for t in ent_ids), default=0))
    gold_id: dict[str, str] = {}
    layers: dict[str, list[dict[str, Any]]] = {"entities": [], "mentions": []}
    for t, (label, start, end, text) in sorted(ann.spans.items(), key=lambda kv: _num(kv[0])):
        if t in triggers or t in head_ids:
            continue
        level = levels[t] or "NAM"
        mention = level in ("NOM", "PRO")
        gid = f"M{_num(t) - base_m}" if mention else f"T{_num(t)}"
        gold_id[t] = gid
        rec: dict[str, Any] = {"id": gid, "start": start, "end": end, "text": text, "type": label, "level": level}
        if t in head_of:
            _, hs, he, _ = ann.spans[head_of[t]]
            rec["head"] = {"start": hs, "end": he}
        for kind, value in ann.norms.get(t, []):
            rec["cluster" if kind == "cluster" else "value"] = value
        for kind, note in ann.notes.get(t, []):
            if kind == "AnnotatorNotes":
                rec["note"] = note
        layers["mentions" if mention else "entities"].append(_ordered(rec, mention))
    events = []
    for e, (label, trig, args) in sorted(ann.events.items(), key=lambda kv: _num(kv[0])):
        if label not in subtypes:
            raise NewsgoldError(
                incident(
                    "NG612",
                    file,
                    message=f"{e}: unknown event type {label!r}",
                    hint="use an ACE 2005 subtype name such as Meet",
                )
            )
        _, ts, te, ttext = ann.spans[trig]
        arguments = [{"role": role, "ref": gold_id[ref]} for role, ref in args]
        for kind, note in ann.notes.get(e, []):
            if kind == "ArgumentNote":
                j, _, text = note.partition(" ")
                if not (j.isascii() and j.isdigit() and int(j) < len(arguments)):
                    raise NewsgoldError(
                        incident(
                            "NG615",
                            file,
                            message=f"an ArgumentNote on {e} names argument {j[:20]!r}; the event has {len(arguments)}",
                        )
                    )
                arguments[int(j)]["note"] = text
        rec = {
            "id": e,
            "type": subtypes[label],
            "trigger": {"start": ts, "end": te, "text": ttext},
            "arguments": arguments,
        }
        for key, name in ATTRIBUTES.items():
            rec[key] = ann.attributes.get(
                (name, e),
                "Asserted"
                if key == "modality"
                else "Positive"
                if key == "polarity"
                else "Specific"
                if key == "genericity"
                else "Unspecified",
            )
        for kind, value in ann.norms.get(e, []):
            if kind == "cluster":
                rec["cluster"] = value
        for kind, note in ann.notes.get(e, []):
            if kind == "AnnotatorNotes":
                rec["note"] = note
        events.append(rec)
    return {
        "schema_version": "1.0",
        "doc_id": doc.doc_id,
        "text_sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "dataset_version": dataset_version,
        "entities": layers["entities"],
        "mentions": layers["mentions"],
        "events": events,
    }


_KEY_ORDER = ["id", "start", "end", "text", "type", "level", "head", "cluster", "value", "note"]


def _ordered(rec: dict[str, Any], mention: bool) -> dict[str, Any]:
    return {k: rec[k] for k in _KEY_ORDER if k in rec}


def ann_files(path: Path) -> list[Path]:
    """``path`` itself, or the ``.ann`` files of a folder (no link that leads out of it)."""
    if not path.is_dir():
        return [path]
    names, problems = folder_files(path, ".ann")
    if problems:
        raise NewsgoldError(problems)
    if not names:
        raise NewsgoldError(
            incident(
                "NG601",
                str(path),
                message="no .ann files in the folder",
                hint="give a .ann file, or a folder of <doc_id>.ann",
            )
        )
    return [Path(n) for n in names]


def read_brat(
    path: Path, documents: Mapping[str, Document], *, subtypes: Mapping[str, str]
) -> tuple[list[DocPredictions], list[Incident]]:
    """brat ``.ann`` files as predictions: a file or a folder of ``<doc_id>.ann``."""
    files = ann_files(path)
    out = []
    for f in files:
        doc = documents.get(f.stem)
        if doc is None:
            raise NewsgoldError(
                incident("NG602", str(f), message=f"no corpus document {f.stem!r}", hint="name each file <doc_id>.ann")
            )
        text, problems = read_text(f)
        if text is None:
            raise NewsgoldError(problems)
        ann = parse_ann(text, str(f))
        for tid, (_, s, e, t) in ann.spans.items():
            if not (0 <= s < e <= len(doc.text)) or doc.text[s:e] != t:
                raise NewsgoldError(
                    incident("NG302", str(f), message=f"{tid} {t!r} does not match [{s}, {e}) of {doc.doc_id}")
                )
        triggers = {trig for _, trig, _ in ann.events.values()}
        heads = {a1 for label, a1, _ in ann.relations if label == "HeadOf"}
        entities = tuple(
            PredEntity(s, e, label, t, None, next((v for k, v in ann.norms.get(tid, []) if k == "timex3"), None))
            for tid, (label, s, e, t) in ann.spans.items()
            if tid not in triggers and tid not in heads and ann.attributes.get(("Level", tid)) not in ("NOM", "PRO")
        )
        events = tuple(
            PredEvent(
                subtypes.get(label, label),
                Span(ann.spans[trig][1], ann.spans[trig][2]),
                tuple(
                    PredArgument(role, ann.spans[ref][1], ann.spans[ref][2]) for role, ref in args if ref in ann.spans
                ),
                *(ann.attributes.get((name, eid)) for name in ATTRIBUTES.values()),
            )
            for eid, (label, trig, args) in ann.events.items()
        )
        out.append(
            DocPredictions(doc.doc_id, entities, events, frozenset({"entities", "events"} if events else {"entities"}))
        )
    return out, []


def annotation_conf(
    entity_types: Mapping[str, Any], event_types: Mapping[str, Any], attributes: Mapping[str, list[str]]
) -> str:
    """The brat schema for newsgold's layers."""
    ents = [t["type"] for t in entity_types["types"]] + [t["type"] for t in entity_types.get("value_mention_types", [])]
    lines = [
        "# newsgold schema for brat (generated by `newsgold export --format brat`)",
        "[entities]",
        *ents,
        "Head",
        "",
        "[relations]",
        "HeadOf\tArg1:Head, Arg2:<ENTITY>",
        "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
    ]
    by_type: dict[str, list[tuple[str, list[str]]]] = {}
    for s in event_types["subtypes"]:
        top, leaf = s["subtype"].split(":", 1)
        by_type.setdefault(top, []).append((leaf, s["roles"]))
    for top, subs in by_type.items():
        lines.append(f"!{top}")
        for leaf, roles in subs:
            lines.append(f"\t{leaf}\t" + ", ".join(f"{r}*:<ENTITY>" for r in roles))
    levels = "|".join(entity_types["levels"]["entities"] + entity_types["levels"]["mentions"])
    lines += ["", "[attributes]", f"Level\tArg:<ENTITY>, Value:{levels}"]
    for key, name in ATTRIBUTES.items():
        lines.append(f"{name}\tArg:<EVENT>, Value:{'|'.join(attributes[key])}")
    return "\n".join(lines) + "\n"


READER = Reader(
    name="brat",
    summary="brat standoff .ann (a file, or a folder of <doc_id>.ann)",
    suffixes=(".ann",),
    read=lambda path, documents, subtypes: read_brat(path, documents, subtypes=subtypes),
    sniff=lambda path: path.is_dir() and any(path.glob("*.ann")),
    folder=True,
)
