"""Gold for your own corpus: one JSON Lines file, one document a line.

::

    {"doc_id": "d1", "text": "Obama met Castro.",
     "sentences": [{"start": 0, "end": 17}],                       (optional: one sequence)
     "entities": [{"start": 0, "end": 5, "type": "PER", "text": "Obama"}],
     "mentions": [...],                                            (optional, may nest)
     "events": [{"type": "Contact:Meet", "trigger": {"start": 6, "end": 9},
                 "arguments": [{"role": "Entity", "start": 0, "end": 5}]}]}  (optional)

Offsets are code points, half-open; ``text`` on a span is optional and, when given, must
equal the slice. Types are whatever the file uses (any label set). The checks are the
bundled gold's, each a coded incident with the line and JSON pointer: malformed lines
(NG103), wrong shapes (NG201), a doc_id twice (NG505), offsets out of range (NG301), text
that is not the slice (NG302), sentences that overlap or leave the text (NG305), a span
across a sentence boundary (NG306), overlapping entities (NG502) and repeated annotations
(NG503). Token boundaries are not checked: the tokenization is the corpus's own.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
>>> _ = path.write_text(json.dumps({"doc_id": "d1", "text": "Obama met Castro.",
...     "entities": [{"start": 0, "end": 5, "type": "PER"}, {"start": 10, "end": 16, "type": "PER"}]}) + "\\n")
>>> corpus = load_gold_jsonl(path)
>>> [(e.text, e.type) for e in corpus[0][1].entities]
[('Obama', 'PER'), ('Castro', 'PER')]
"""

from __future__ import annotations

import re
from operator import methodcaller
from pathlib import Path
from typing import Any

from ..tables.events import NO_EVENTS, EventTable
from ..tables.lines import JsonLines
from ..tables.rules import (
    BadRecord,
    Field,
    Shape,
    columns,
    first_across,
    first_overlap,
    first_repeat,
    first_unordered,
)
from ..tables.spans import SpanTable
from . import collector
from .corpus import Corpus
from .errors import NewsgoldError, incident
from .model import NO_ARGUMENTS, NO_MENTIONS, Document, Gold
from .offsets import SPAN, SPAN_FIELDS, checked_spans, event_arguments, event_triggers
from .spans import Span

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
VERSION = "user"  # the dataset version reported for a corpus that has none


_RECORD = (Field("doc_id", (str,)), Field("text", (str,)))
_LISTS = {
    name: Field(name, (list,), required=name == "entities") for name in ("sentences", "entities", "mentions", "events")
}
_TYPED_SPAN = Shape(*SPAN_FIELDS, Field("type", (str,), nonempty=True))
_EVENT = Shape(Field("type", (str,)), Field("trigger", (dict,)), Field("arguments", (list,), required=False))


def _list(record: dict[str, Any], name: str) -> list[Any]:
    return _LISTS[name].value(record, "") or []


def _sentences(record: dict[str, Any], text: str) -> tuple[list[int], list[int]]:
    if "sentences" not in record:
        return ([0], [len(text)]) if text else ([], [])
    starts, ends, _ = checked_spans(_list(record, "sentences"), "/sentences", "a sentence", SPAN, text)
    i = first_unordered(starts, ends)
    if i >= 0:
        raise BadRecord(
            f"/sentences/{i}", f"sentence [{starts[i]}, {ends[i]}) starts before the one before it ends", "NG305"
        )
    return starts, ends


def _layer(
    record: dict[str, Any], name: str, text: str, sentences: tuple[list[int], list[int]], prefix: str, level: str
) -> SpanTable:
    """A span layer's table, checked: spans inside one sentence, none repeated (and, for
    entities, none overlapping another)."""
    at = f"/{name}"
    items = _list(record, name)
    try:
        starts, ends, _, types = checked_spans(items, at, "a span", _TYPED_SPAN, text)
    except BadRecord:
        # A span that names its type with 'label' lacks 'type', so it is refused above; looked for only then.
        i = next((k for k, x in enumerate(items) if isinstance(x, dict) and "label" in x and "type" not in x), -1)
        if i >= 0:
            raise BadRecord(
                f"{at}/{i}",
                "the span names its type with 'label'; a gold span names it with 'type'",
                "NG201",
                'rename "label" to "type" in the gold (predictions may say either)',
            ) from None
        raise
    i = first_across(starts, ends, *sentences)
    if i >= 0:
        raise BadRecord(f"{at}/{i}", f"[{starts[i]}, {ends[i]}) is not inside one sentence", "NG306")
    # A repeat overlaps itself: entities that overlap nothing repeat nothing either.
    b, a = first_overlap(starts, ends) if name == "entities" else (0, 0)
    if b >= 0:
        i, first = first_repeat(starts, ends, types)
        if i >= 0:
            raise BadRecord(f"{at}/{i}", f"{text[starts[i] : ends[i]]!r} {types[i]} repeats {at}/{first}", "NG503")
    if name == "entities" and b >= 0:
        raise BadRecord(
            f"/entities/{b}",
            f"{text[starts[b] : ends[b]]!r} overlaps {text[starts[a] : ends[a]]!r} (/entities/{a})",
            "NG502",
        )
    return SpanTable.build(starts, ends, types, prefix=prefix, level=level, clusters=_clusters(items, at))


def _clusters(items: list[dict[str, Any]], at: str) -> list[str | None]:
    """Each item's optional ``cluster`` (coreference: items with the same string corefer);
    ``items`` are objects (their columns were read)."""
    out = list(map(_CLUSTER, items))
    if out.count(None) == len(out):  # no item gives one: the usual
        return out
    i = next((k for k, c in enumerate(out) if c is not None and (not isinstance(c, str) or not c)), -1)
    if i >= 0:
        raise BadRecord(f"{at}/{i}/cluster", f"a cluster is a non-empty string naming it, got {out[i]!r}")
    return out


_CLUSTER = methodcaller("get", "cluster")


def _events(record: dict[str, Any], text: str, sentences: tuple[list[int], list[int]]) -> tuple[EventTable, SpanTable]:
    """The events, each argument a span of the argument layer (what the event scorer reads)."""
    items = _list(record, "events") if "events" in record else None
    if not items:
        return NO_EVENTS, NO_ARGUMENTS
    types, triggers, given = columns(items, "/events", "an event", _EVENT)
    t_starts, t_ends, _ = event_triggers(triggers, text)
    i = first_across(t_starts, t_ends, *sentences)
    if i >= 0:
        raise BadRecord(f"/events/{i}/trigger", f"[{t_starts[i]}, {t_ends[i]}) is not inside one sentence", "NG306")
    owner, (starts, ends, _, roles) = event_arguments(given, text)
    table = SpanTable(starts, ends, ["ARGUMENT"] * len(roles), "A", "NOM")
    clusters = _clusters(items, "/events")
    return EventTable.build(t_starts, t_ends, types, owner, roles, starts, ends, clusters=clusters), table


def _document(record: Any) -> tuple[Document, Gold]:
    """A record's document and gold, every rule checked (:mod:`newsgold.tables.rules`)."""
    if not isinstance(record, dict):
        raise BadRecord("", f"each line must be a JSON object, got {type(record).__name__}")
    doc_id, text = _RECORD[0].value(record, ""), _RECORD[1].value(record, "")
    if not DOC_ID.match(doc_id):
        raise BadRecord(
            "/doc_id",
            f"doc_id {doc_id!r} does not match {DOC_ID.pattern}",
            hint="use lower-case letters, digits, '.', '_' and '-'",
        )
    sentences = _sentences(record, text)
    entities = _layer(record, "entities", text, sentences, "T", "NAM")
    mentions = _layer(record, "mentions", text, sentences, "M", "NOM") if "mentions" in record else NO_MENTIONS
    events, arguments = _events(record, text, sentences)
    n = len(text)
    doc = Document(doc_id, text, tuple(map(Span, *sentences)), (("all", Span(0, n)),) if n else (), {"doc_id": doc_id})
    return doc, Gold(doc_id, VERSION, text, entities, mentions, events, arguments)


_ITEM = re.compile(r"/(entities|mentions|events)/(\d+)")


def _every_problem(record: Any, cap: int) -> tuple[tuple[Document, Gold] | None, list[BadRecord]]:
    """A record's document and gold, or its problems (at most ``cap``): after a problem with one
    entity, mention or event, the record is checked again without that item, so one run names
    every bad item of a line (pointers and messages keep the line's own indices)."""
    found: list[BadRecord] = []
    kept: dict[str, list[int]] = {}  # list name -> the line's indices of the items still checked
    current = record
    while True:
        try:
            pair = _document(current)
        except BadRecord as bad:

            def original(m: re.Match[str]) -> str:
                name, k = m[1], int(m[2])
                return f"/{name}/{kept[name][k] if name in kept else k}"

            found.append(BadRecord(_ITEM.sub(original, bad.ptr), _ITEM.sub(original, bad.message), bad.code, bad.hint))
            item = _ITEM.match(bad.ptr)
            if len(found) >= cap or item is None or not isinstance(current.get(item[1]), list):
                return None, found
            name, k = item[1], int(item[2])
            kept[name] = kept.get(name, list(range(len(current[name]))))
            del kept[name][k]
            current = {**current, name: current[name][:k] + current[name][k + 1 :]}
            continue
        return (None, found) if found else (pair, [])


@collector.paused()
def load_gold_jsonl(path: str | Path) -> Corpus:
    """The corpus in a gold JSON Lines file, every line checked; raises
    :class:`~newsgold.gold.errors.NewsgoldError` with every error found (up to twenty)."""
    path = Path(path)
    file = str(path)
    lines = JsonLines(path)
    pairs: list[tuple[Document, Gold]] = []
    seen: dict[str, int] = {}
    for number, record in lines:
        pair, problems = _every_problem(record, lines.max_errors - len(lines.errors))
        if pair is not None and pair[0].doc_id in seen:
            problems = [BadRecord("/doc_id", f"{pair[0].doc_id!r} is already on line {seen[pair[0].doc_id]}", "NG505")]
        if problems:
            lines.errors += [
                incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=_hint(bad))
                for bad in problems
            ]
        elif pair is not None:
            seen[pair[0].doc_id] = number
            pairs.append(pair)
    if not lines.errors and not pairs:
        lines.errors.append(
            incident(
                "NG601",
                file,
                message="the gold file has no documents",
                hint="give one JSON object per line, one line per document",
            )
        )
    if lines.errors:
        raise NewsgoldError(lines.errors)
    pairs.sort(key=lambda p: p[0].doc_id)
    return Corpus(tuple(pairs), *inventories(pairs), {})


def gold_record(record: Any, file: str, line: int | None = None) -> tuple[Document, Gold]:
    """One line's document and gold, checked as :func:`load_gold_jsonl` checks each line."""
    try:
        return _document(record)
    except BadRecord as bad:
        raise NewsgoldError(
            incident(bad.code, file, line=line, pointer=bad.ptr, message=bad.message, hint=_hint(bad))
        ) from None


# A user's file gets a hint about its own shape, not one pointing into this repository's schemas.
_SHAPE_HINT = (
    'a gold line is {"doc_id", "text", "sentences"?: [{"start", "end"}], '
    '"entities": [{"start", "end", "type", "text"?}], "mentions"?, "events"?} '
    "(README: Score against your own corpus)"
)


def _hint(bad: BadRecord) -> str | None:
    return bad.hint or (_SHAPE_HINT if bad.code == "NG201" else None)


def usage(pairs: list[tuple[Document, Gold]]) -> tuple[set[str], dict[str, set[str]]]:
    """The entity and mention types a corpus uses, and the roles of each event subtype."""
    types: set[str] = set()
    subtypes: set[str] = set()
    roles: set[tuple[str, str]] = set()  # (subtype, role)
    for _, g in pairs:
        types.update(g.entity_table.type, g.mention_table.type)
        t = g.event_table
        if len(t):
            subtypes.update(t.type)
            roles.update(zip(map(t.type.__getitem__, t.arg_event), t.arg_role))
    roles_by_subtype: dict[str, set[str]] = {s: set() for s in subtypes}
    for subtype, role in roles:
        roles_by_subtype[subtype].add(role)
    return types, roles_by_subtype


def inventories(pairs: list[tuple[Document, Gold]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Entity and event inventories made from what a corpus uses: every type a name, no TIMEX."""
    return inventories_of(*usage(pairs))


def inventories_of(
    used_types: set[str], roles_by_subtype: dict[str, set[str]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The inventories of :func:`inventories` from what :func:`usage` found (in one corpus or added up over parts)."""
    types = sorted(used_types)
    entity_types = {
        "types": [{"type": t, "kind": "name"} for t in types],
        "timex_types": [],
        "levels": {"entities": ["NAM"], "mentions": ["NOM"]},
    }
    event_types = {
        "subtypes": [{"subtype": s, "roles": sorted(r)} for s, r in sorted(roles_by_subtype.items())],
        "benchmark_roles": sorted(set().union(*roles_by_subtype.values())) if roles_by_subtype else [],
    }
    return entity_types, event_types
