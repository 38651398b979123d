"""Gold <-> INCEpTION (or WebAnno) documents as UIMA CAS XMI, to correct the gold there.

``newsgold export --format inception`` writes one ``<doc_id>.xmi`` per document (XMI 1.0,
the flavour INCEpTION and dkpro-cassis share) and ``TypeSystem.xml`` beside them.
``newsgold import --format inception`` reads INCEpTION's XMI export back: a ``.zip`` as
INCEpTION writes it (the XMI and its type system), an ``.xmi`` with ``TypeSystem.xml`` or
``typesystem.xml`` beside it, or a folder of either. Both ways go through dkpro-cassis (the
``inception`` extra), which also turns UIMA's UTF-16 offsets into code points and back.

The layers follow INCEpTION's conventions for custom layers (user guide, "Layers" and "Link
features"; its type-system import, ``TypeSystemAnalysis``): a span layer is a type
``webanno.custom.*`` under ``uima.tcas.Annotation`` with primitive features; a link feature
is an ``FSArray`` of a link type ``<layer><Feature>Link`` under ``uima.cas.TOP`` with the
features ``role`` (a string) and ``target`` (the span layer it points at):

- ``webanno.custom.Entity``: entities and mentions on one layer, so that an argument slot
  points at one layer and moving a mention between the flat and the nested layer is a change
  of ``level``. Features: ``value`` (the type, as on DKPro Core's NamedEntity), ``level``,
  ``cluster``, ``timex`` (the TIMEX value), ``note``, ``goldId``, and the link feature
  ``head`` (role ``head``) to a ``webanno.custom.Head`` span;
- ``webanno.custom.Event``: a span on the trigger; features ``value`` (the ACE subtype),
  ``modality``, ``polarity``, ``genericity``, ``tense``, ``cluster``, ``note``, ``goldId``,
  and the link feature ``arguments`` (``webanno.custom.EventArgumentsLink``: role and
  target, in the gold's order) to Entity spans: INCEpTION's slot-filler model of events;
- DKPro Core's ``Sentence`` and ``Token`` (the corpus sentences and canonical tokens) and
  ``DocumentMetaData`` (``documentId`` is the doc_id).

Why not INCEpTION's built-in Named Entity layer, which a new project has without setup: a
built-in layer takes no custom features (user guide, "Built-in layers"), so level, cluster,
TIMEX value, note and head would be lost, and events need a custom layer anyway. The cost is
one step: import ``TypeSystem.xml`` in the project's Layers settings before importing the
documents (user guide, "Layers", "Exporting layers": a UIMA type system is imported back
there; the import skips DKPro Core's types, which the file also holds as dkpro-cassis ships
them, and makes layers of the ``webanno.custom`` ones); INCEpTION's XMI import is lenient
and drops the types the project does not know, so without that step the import here refuses
the file (NG612) rather than read an empty gold. ``goldId`` keeps ids stable: an
annotation keeps a gold id of its layer's form; a new one (INCEpTION leaves ``goldId``
empty), one moved to the other layer or a repeated id takes the next free number.

Not carried, and said on import (NG614): notes on event arguments (a link holds only a role
and a target; they are restored from the current gold file where the event keeps that
argument). The document fields (schema version, text hash, dataset version) come from the
corpus, as for brat and Label Studio. The free-text features have no tagsets: a value
outside the inventories is refused by the validator on import.

Checked here: the XMI and type system load with dkpro-cassis, the types and features are the
ones INCEpTION's documented conventions name, and export -> import gives the gold back.
Not checked here: opening the files in a running INCEpTION.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import folder_files, outside, read_bytes, read_member
from ..gold.model import Document
from .labelstudio_tasks import (
    ATTRIBUTES,
    DEFAULTS,
    MENTION_LEVELS,
    Project,
    gold_record,
    restore_argument_notes,
)
from .records import DocPredictions

TOOL = "INCEpTION"
ENTITY = "webanno.custom.Entity"
HEAD = "webanno.custom.Head"
HEAD_LINK = "webanno.custom.EntityHeadLink"
EVENT = "webanno.custom.Event"
ARGUMENT_LINK = "webanno.custom.EventArgumentsLink"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
METADATA = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPE_SYSTEM = "TypeSystem.xml"
_STRING = "uima.cas.String"
ENTITY_FEATURES = ("goldId", "value", "level", "cluster", "timex", "note")
EVENT_FEATURES = ("goldId", "value", *ATTRIBUTES, "cluster", "note")


def cassis() -> Any:
    """The dkpro-cassis module, or NG610 saying how to install it."""
    try:
        import cassis as module
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610",
                TOOL,
                message="the inception format needs dkpro-cassis",
                hint="pip install 'newsgold[inception]'",
            )
        ) from None
    return module


def type_system() -> Any:
    """The type system of the exported documents (written as ``TypeSystem.xml``): DKPro Core's
    types as dkpro-cassis ships them, its DocumentMetaData, and newsgold's layers."""
    ts = cassis().load_dkpro_core_typesystem()

    def strings(layer: Any, names: Sequence[str]) -> None:
        for name in names:
            ts.create_feature(layer, name, _STRING)

    metadata = ts.create_type(METADATA, "uima.tcas.DocumentAnnotation")
    strings(metadata, ("documentTitle", "documentId", "documentUri", "documentBaseUri", "collectionId"))
    ts.create_feature(metadata, "isLastSegment", "uima.cas.Boolean")
    head = ts.create_type(HEAD, description="the head of a nominal or pronominal mention")
    entity = ts.create_type(ENTITY, description="an entity (level NAM, VAL) or a mention (level NOM, PRO)")
    strings(entity, ENTITY_FEATURES)
    head_link = ts.create_type(HEAD_LINK, "uima.cas.TOP")
    strings(head_link, ("role",))
    ts.create_feature(head_link, "target", head)
    ts.create_feature(entity, "head", "uima.cas.FSArray", elementType=head_link)
    event = ts.create_type(EVENT, description="an ACE 2005 event on its trigger")
    strings(event, EVENT_FEATURES)
    argument_link = ts.create_type(ARGUMENT_LINK, "uima.cas.TOP")
    strings(argument_link, ("role",))
    ts.create_feature(argument_link, "target", entity)
    ts.create_feature(event, "arguments", "uima.cas.FSArray", elementType=argument_link)
    return ts


# ---- writing -----------------------------------------------------------------------------


class _Writer:
    """One document's CAS: the text, its metadata, sentences and tokens; then the layers."""

    def __init__(self, ts: Any, doc: Document):
        self.ts = ts
        self.cas = cassis().Cas(ts, sofa_string=doc.text)
        self.cas.remove(self.cas.get_document_annotation())  # DocumentMetaData takes its place, as in DKPro Core
        self.cas.add(
            ts.get_type(METADATA)(
                begin=0,
                end=len(doc.text),
                language=doc.meta.get("language", "x-unspecified"),
                documentId=doc.doc_id,
                documentTitle=doc.doc_id,
            )
        )
        self.cas.add_all([ts.get_type(SENTENCE)(begin=s.start, end=s.end) for s in doc.sentences])
        self.cas.add_all([ts.get_type(TOKEN)(begin=t.start, end=t.end) for t in doc.tokens])

    def span(self, type_name: str, start: int, end: int, features: Mapping[str, Any]) -> Any:
        fs = self.ts.get_type(type_name)(begin=start, end=end)
        for name, value in features.items():
            if value is not None:
                fs.set(name, value)
        self.cas.add(fs)
        return fs

    def links(self, owner: Any, feature: str, link_type: str, links: Sequence[tuple[str, Any]]) -> None:
        make = self.ts.get_type(link_type)
        owner.set(
            feature,
            self.ts.get_type("uima.cas.FSArray")(elements=[make(role=role, target=target) for role, target in links]),
        )

    def xmi(self) -> str:
        return str(self.cas.to_xmi(pretty_print=True))


def gold_xmi(ts: Any, record: Mapping[str, Any], doc: Document) -> str:
    """A gold record (validated) as one document's XMI."""
    w = _Writer(ts, doc)
    by_id: dict[str, Any] = {}
    for layer in ("entities", "mentions"):
        for m in record[layer]:
            fs = w.span(
                ENTITY,
                m["start"],
                m["end"],
                {
                    "goldId": m["id"],
                    "value": m["type"],
                    "level": m["level"],
                    "cluster": m.get("cluster"),
                    "timex": m.get("value"),
                    "note": m.get("note"),
                },
            )
            if "head" in m:
                w.links(fs, "head", HEAD_LINK, [("head", w.span(HEAD, m["head"]["start"], m["head"]["end"], {}))])
            by_id[m["id"]] = fs
    for ev in record["events"]:
        t = ev["trigger"]
        fs = w.span(
            EVENT,
            t["start"],
            t["end"],
            {
                "goldId": ev["id"],
                "value": ev["type"],
                **{k: ev[k] for k in ATTRIBUTES},
                "cluster": ev.get("cluster"),
                "note": ev.get("note"),
            },
        )
        w.links(fs, "arguments", ARGUMENT_LINK, [(a["role"], by_id[a["ref"]]) for a in ev["arguments"]])
    return w.xmi()


def prediction_xmi(ts: Any, pred: DocPredictions, doc: Document) -> tuple[str, int]:
    """A system's predictions as one document's XMI (pre-annotations), and how many event
    arguments were left out (an argument links to a predicted entity of the same span)."""
    w = _Writer(ts, doc)
    by_span: dict[tuple[int, int], Any] = {}
    for e in pred.entities:
        fs = w.span(ENTITY, e.start, e.end, {"value": e.type, "timex": e.value})
        by_span.setdefault((e.start, e.end), fs)
    dropped = 0
    for ev in pred.events:
        fs = w.span(
            EVENT, ev.trigger.start, ev.trigger.end, {"value": ev.type, **{k: getattr(ev, k) for k in ATTRIBUTES}}
        )
        links = [(a.role, by_span[(a.start, a.end)]) for a in ev.arguments if (a.start, a.end) in by_span]
        dropped += len(ev.arguments) - len(links)
        w.links(fs, "arguments", ARGUMENT_LINK, links)
    return w.xmi(), dropped


# ---- reading -----------------------------------------------------------------------------


class _Bad(Exception):
    def __init__(self, message: str, code: str = "NG612", hint: str | None = None):
        self.message, self.code, self.hint = message, code, hint


def sources(path: Path) -> list[tuple[str, bytes, bytes]]:
    """``(name, xmi, type system)`` for each document under ``path``: an ``.xmi`` file with
    the type system beside it, a ``.zip`` of INCEpTION's export, or a folder of either."""
    files = [path]
    if path.is_dir():
        names, refused = folder_files(path, (".xmi", ".zip"))
        if refused:
            raise NewsgoldError(refused)
        files = [Path(n) for n in names]
    if not files or not all(f.is_file() for f in files):
        raise NewsgoldError(incident("NG002", str(path), message="no .xmi or .zip files here"))
    out = []
    for f in files:
        if f.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(f) as z:
                    names = z.namelist()
                    xmis = [n for n in names if n.lower().endswith(".xmi")]
                    tss = [n for n in names if n.lower().endswith(".xml")]
                    if len(xmis) != 1 or len(tss) != 1:
                        raise NewsgoldError(
                            incident(
                                "NG612",
                                str(f),
                                message=f"a zip holds one .xmi and its type system .xml, this one {names}",
                                hint="export the document from INCEpTION in the UIMA CAS XMI (XML 1.0) format",
                            )
                        )
                    xmi, problems = read_member(z, xmis[0], str(f))
                    ts_xml, more = read_member(z, tss[0], str(f)) if xmi is not None else (None, [])
                    if xmi is None or ts_xml is None:
                        raise NewsgoldError([*problems, *more])
                    out.append((f"{f}!{xmis[0]}", xmi, ts_xml))
            except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                raise NewsgoldError(incident("NG612", str(f), message=f"not a zip file: {e}")) from None
            continue
        ts = next((f.parent / n for n in (TYPE_SYSTEM, "typesystem.xml") if (f.parent / n).is_file()), None)
        if ts is None:
            raise NewsgoldError(
                incident(
                    "NG612",
                    str(f),
                    message=f"no {TYPE_SYSTEM} beside the XMI",
                    hint="keep the type system file that came with the XMI (INCEpTION puts it in the same zip)",
                )
            )
        beside = outside(f.parent, ts)
        if beside is not None:
            raise NewsgoldError(beside)
        xmi, problems = read_bytes(f)
        ts_xml, more = read_bytes(ts) if xmi is not None else (None, [])
        if xmi is None or ts_xml is None:
            raise NewsgoldError([*problems, *more])
        out.append((str(f), xmi, ts_xml))
    return out


def _load(xmi: bytes, ts_xml: bytes) -> Any:
    c = cassis()
    try:
        ts = c.load_typesystem(io.BytesIO(ts_xml))
    except Exception as e:  # cassis raises lxml, value and type errors alike
        raise _Bad(f"the type system does not load: {e}") from None
    missing = [t for t in (ENTITY, EVENT) if not ts.contains_type(t)]
    if missing:
        raise _Bad(
            f"the type system has no {', '.join(missing)}: "
            "the project has no newsgold layers, so INCEpTION dropped them",
            hint=f"import {TYPE_SYSTEM} of `newsgold export --format inception` in the project's Layers settings, "
            "then the documents",
        )
    try:
        with warnings.catch_warnings():  # an offset out of the text: the gold's checks name it (NG301)
            warnings.simplefilter("ignore", UserWarning)
            return c.load_cas_from_xmi(io.BytesIO(xmi), typesystem=ts, lenient=True)
    except Exception as e:
        raise _Bad(f"the XMI does not load against its type system: {e}") from None


def _doc_of(cas: Any, documents: Mapping[str, Document]) -> Document:
    text = cas.sofa_string
    doc_id = (
        next((m.get("documentId") for m in cas.select(METADATA)), None)
        if cas.typesystem.contains_type(METADATA)
        else None
    )
    doc = documents.get(str(doc_id or "").removesuffix(".xmi")) or next(
        (d for d in documents.values() if d.text == text), None
    )
    if doc is None:
        raise _Bad(
            f"its documentId {doc_id!r} and its text match no corpus document",
            "NG602",
            "keep the documents' names as newsgold export wrote them, and their text unchanged",
        )
    if doc.text != text:
        raise _Bad(
            f"the text of {doc.doc_id} was changed in the tool", hint="annotations are corrected, never the text"
        )
    return doc


def _feature(fs: Any, name: str) -> str | None:
    """A string feature, None when unset, empty or absent from the project's layer."""
    if fs.type.get_feature(name) is None:
        return None
    value = fs.get(name)
    return value if isinstance(value, str) and value.strip() else None


def _links(fs: Any, name: str) -> list[Any]:
    if fs.type.get_feature(name) is None or fs.get(name) is None:
        return []
    return list(fs.get(name).elements)


def _where(fs: Any) -> str:
    return f"{fs.type.name.rsplit('.', 1)[-1]} [{fs.begin}, {fs.end}) {fs.get_covered_text()!r} (xmi:id {fs.xmiID})"


def record_from_cas(cas: Any, doc: Document, project: Project) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """A gold record from one document's CAS; returns it with ``(pointer, message)`` notes on
    what the CAS could not carry. Raises ``_Bad`` (see :func:`read_cases`)."""
    taken: set[str] = set()

    def rid(fs: Any) -> str:
        """The annotation's key: its goldId the first time it is seen, else one no id form matches."""
        g = _feature(fs, "goldId")
        key = g if g and g not in taken else f"#{fs.xmiID}"
        taken.add(key)
        return key

    layers: dict[str, list[tuple[str, dict[str, Any]]]] = {"entities": [], "mentions": [], "events": []}
    key_of: dict[int, str] = {}
    heads_used: set[int] = set()
    for fs in cas.select(ENTITY):
        label = _feature(fs, "value")
        if label is None:
            raise _Bad(
                f"{_where(fs)} has no value (its entity type)", hint="set the Entity's value, e.g. PERSON, or delete it"
            )
        level = _feature(fs, "level") or ("VAL" if label in project.value_types else "NAM")
        rec: dict[str, Any] = {
            "start": fs.begin,
            "end": fs.end,
            "text": doc.text[fs.begin : fs.end],
            "type": label,
            "level": level,
        }
        heads = [link for link in _links(fs, "head") if link.target is not None]
        if len(heads) > 1:
            raise _Bad(f"{_where(fs)} has {len(heads)} heads", hint="keep one head link")
        if heads:
            rec["head"] = {"start": heads[0].target.begin, "end": heads[0].target.end}
            heads_used.add(heads[0].target.xmiID)
        rec |= {
            k: v
            for k, v in (
                ("cluster", _feature(fs, "cluster")),
                ("value", _feature(fs, "timex")),
                ("note", _feature(fs, "note")),
            )
            if v
        }
        key = rid(fs)
        key_of[fs.xmiID] = key
        layers["mentions" if level in MENTION_LEVELS else "entities"].append((key, rec))
    for fs in cas.select(HEAD) if cas.typesystem.contains_type(HEAD) else []:
        if fs.xmiID not in heads_used:
            raise _Bad(
                f"{_where(fs)} is the head of no Entity", hint="fill an Entity's head slot with it, or delete it"
            )
    for fs in cas.select(EVENT):
        label = _feature(fs, "value")
        subtype = project.subtypes.get(label or "")
        if subtype is None:
            raise _Bad(
                f"{_where(fs)} has event type {label!r}",
                hint="set the Event's value to an ACE 2005 subtype such as Contact:Meet",
            )
        arguments = []
        for link in _links(fs, "arguments"):
            role = link.get("role")
            if not role:
                raise _Bad(
                    f"{_where(fs)} has an argument slot without a role",
                    hint="give the slot its role, e.g. Entity or Place",
                )
            if link.target is None or link.target.xmiID not in key_of:
                raise _Bad(
                    f"{_where(fs)}'s {role} slot is filled with no Entity",
                    hint="fill the slot with an Entity span, or delete the slot",
                )
            arguments.append((role, key_of[link.target.xmiID]))
        rec = {
            "type": subtype,
            "trigger": {"start": fs.begin, "end": fs.end, "text": doc.text[fs.begin : fs.end]},
            "arguments": arguments,
        }
        rec |= {k: _feature(fs, k) or DEFAULTS[k] for k in ATTRIBUTES}
        rec |= {k: v for k in ("cluster", "note") if (v := _feature(fs, k))}
        layers["events"].append((rid(fs), rec))
    out = gold_record(doc, layers, project)

    def number(item: dict[str, Any]) -> int:
        return int(item["id"][1:])

    for layer in ("entities", "mentions", "events"):
        out[layer].sort(key=number)
    return out, restore_argument_notes(out, project.current.get(doc.doc_id), "", TOOL)


def read_cases(
    found: Sequence[tuple[str, bytes, bytes]],
    documents: Mapping[str, Document],
    project: Project,
) -> tuple[list[dict[str, Any]], list[Incident]]:
    """Gold records from INCEpTION's XMI (see :func:`sources`), with NG614 warnings for what
    the CAS could not carry; raises :class:`NewsgoldError` on the first problem."""
    records, warnings, seen = [], [], set()
    for name, xmi, ts in found:
        try:
            cas = _load(xmi, ts)
            doc = _doc_of(cas, documents)
            if doc.doc_id in seen:
                raise _Bad(f"{doc.doc_id!r} is given twice", "NG603")
            seen.add(doc.doc_id)
            record, notes = record_from_cas(cas, doc, project)
        except _Bad as bad:
            raise NewsgoldError(incident(bad.code, name, message=bad.message, hint=bad.hint)) from None
        records.append(record)
        warnings += [incident("NG614", name, severity="warning", message=m) for _, m in notes]
    return records, warnings


def not_carried() -> Sequence[str]:
    """What a round trip through INCEpTION's CAS cannot carry (listed in the docs and on import)."""
    return ("notes on event arguments (restored from the current gold where the argument is unchanged)",)
