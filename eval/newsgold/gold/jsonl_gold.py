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
from bisect import bisect_right
from itertools import islice, pairwise
from operator import ge, lt
from pathlib import Path
from typing import Any

from ..tables.events import NO_EVENTS, EventTable
from ..tables.lines import JsonLines
from ..tables.spans import SpanTable
from . import collector
from .corpus import Corpus
from .errors import NewsgoldError, incident
from .model import NO_ARGUMENTS, NO_MENTIONS, Argument, Document, Event, Gold, Mention
from .offsets import explain_mismatch
from .spans import Span

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
VERSION = "user"  # the dataset version reported for a corpus that has none


class _Bad(Exception):
    def __init__(self, code: str, ptr: str, message: str, hint: str | None = None):
        self.code, self.ptr, self.message, self.hint = code, ptr, message, hint


def _get(obj: dict[str, Any], key: str, kind: type, ptr: str, *, required: bool = True) -> Any:
    if key not in obj:
        if required:
            raise _Bad("NG201", ptr, f"missing field {key!r}")
        return None
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise _Bad("NG201", f"{ptr}/{key}", f"{key!r} must be {kind.__name__}, got {type(value).__name__} {value!r}")
    return value


def _span(obj: Any, ptr: str, text: str) -> Span:
    if not isinstance(obj, dict):
        raise _Bad("NG201", ptr, f"a span must be an object, got {obj!r}")
    start, end = _get(obj, "start", int, ptr), _get(obj, "end", int, ptr)
    if not 0 <= start < end <= len(text):
        raise _Bad("NG301", ptr, f"[{start}, {end}) is not a non-empty span inside [0, {len(text)})")
    given = _get(obj, "text", str, ptr, required=False)
    if given is not None and text[start:end] != given:
        cause = explain_mismatch(text, start, end, given)
        raise _Bad("NG302", f"{ptr}/text", f"text {given!r} but [{start}, {end}) holds {text[start:end]!r}", cause)
    return Span(start, end)


def _sentences(record: dict[str, Any], text: str) -> tuple[Span, ...]:
    given = _get(record, "sentences", list, "", required=False)
    if given is None:
        return (Span(0, len(text)),) if text else ()
    spans = tuple(_span(s, f"/sentences/{i}", text) for i, s in enumerate(given))
    for i in range(1, len(spans)):
        if spans[i].start < spans[i - 1].end:
            raise _Bad("NG305", f"/sentences/{i}", f"sentence [{spans[i].start}, {spans[i].end}) starts before the one before it ends")
    return spans


def _within_sentence(span: Span, sentences: tuple[Span, ...], ends: list[int], ptr: str) -> None:
    k = bisect_right(ends, span.start)
    if k == len(sentences) or not (sentences[k].start <= span.start and span.end <= sentences[k].end):
        raise _Bad("NG306", ptr, f"[{span.start}, {span.end}) is not inside one sentence")


def _layer(record: dict[str, Any], name: str, text: str, sentences: tuple[Span, ...], ends: list[int],
           prefix: str, level: str) -> tuple[Mention, ...]:
    items = _get(record, name, list, "", required=name == "entities") or []
    out = []
    seen: dict[tuple[int, int, str], int] = {}
    for i, e in enumerate(items):
        ptr = f"/{name}/{i}"
        span = _span(e, ptr, text)
        label = _get(e, "type", str, ptr)
        if not label:
            raise _Bad("NG201", f"{ptr}/type", "the type is empty")
        _within_sentence(span, sentences, ends, ptr)
        key = (span.start, span.end, label)
        if key in seen:
            raise _Bad("NG503", ptr, f"{text[span.start:span.end]!r} {label} repeats /{name}/{seen[key]}")
        seen[key] = i
        out.append(Mention(f"{prefix}{i + 1}", span, text[span.start : span.end], label, level))
    return tuple(out)


def _no_overlaps(entities: tuple[Mention, ...]) -> None:
    order = sorted(range(len(entities)), key=lambda i: (entities[i].span.start, entities[i].span.end))
    for a, b in pairwise(order):
        if entities[b].span.start < entities[a].span.end:
            raise _Bad("NG502", f"/entities/{b}", f"{entities[b].text!r} overlaps {entities[a].text!r} (/entities/{a})")


def _events(record: dict[str, Any], text: str, sentences: tuple[Span, ...], ends: list[int]) -> tuple[tuple[Event, ...], tuple[Mention, ...]]:
    """Events, with each argument span as a mention of its own (what the event scorer reads)."""
    events: list[Event] = []
    arguments: list[Mention] = []
    for i, ev in enumerate(_get(record, "events", list, "", required=False) or []):
        ptr = f"/events/{i}"
        if not isinstance(ev, dict):
            raise _Bad("NG201", ptr, f"an event must be an object, got {ev!r}")
        subtype = _get(ev, "type", str, ptr)
        trigger = _span(_get(ev, "trigger", dict, ptr), f"{ptr}/trigger", text)
        _within_sentence(trigger, sentences, ends, f"{ptr}/trigger")
        args = []
        for j, a in enumerate(_get(ev, "arguments", list, ptr, required=False) or []):
            aptr = f"{ptr}/arguments/{j}"
            span = _span(a, aptr, text)
            role = _get(a, "role", str, aptr)
            mention = Mention(f"A{len(arguments) + 1}", span, text[span.start : span.end], "ARGUMENT", "NOM")
            arguments.append(mention)
            args.append(Argument(role, mention.id))
        events.append(Event(f"E{i + 1}", subtype, trigger, text[trigger.start : trigger.end], tuple(args),
                            "ASSERTED", "POSITIVE", "SPECIFIC", "UNSPECIFIED"))
    return tuple(events), tuple(arguments)


def _document(record: Any) -> tuple[Document, Gold]:
    """A record's document and gold. The usual record (entities, maybe sentences) is checked
    in a few passes over whole columns; anything else, and any record those passes doubt,
    goes through :func:`_explained`, which checks field by field and names the problem."""
    try:
        found = _usual(record)
    except (KeyError, TypeError, ValueError, AttributeError):
        found = None
    return found if found is not None else _explained(record)


_INT, _STR = frozenset({int}), frozenset({str})


def _usual(record: dict[str, Any]) -> tuple[Document, Gold] | None:
    """The checks of :func:`_explained` for a record of entities (and sentences) only, on
    columns; None when the record is not of that kind or something looks wrong."""
    if not _USUAL_KEYS.issuperset(record):
        return None
    doc_id, text, ents = record["doc_id"], record["text"], record["entities"]
    if type(doc_id) is not str or type(text) is not str or type(ents) is not list or not DOC_ID.match(doc_id):
        return None
    n = len(text)
    given = record.get("sentences")
    if given is None:
        sentences: tuple[Span, ...] = (Span(0, n),) if n else ()
        s_starts, s_ends = [0], [n]
    else:
        s_starts, s_ends = [x["start"] for x in given], [x["end"] for x in given]
        if not (set(map(type, s_starts)) | set(map(type, s_ends))) <= _INT or any(map(ge, s_starts, s_ends)):
            return None
        if s_starts and (s_starts[0] < 0 or s_ends[-1] > n or any(map(lt, s_starts[1:], s_ends))):
            return None
        if max(map(len, given), default=2) > 2 and any("text" in x for x in given):
            return None
        sentences = tuple(map(Span, s_starts, s_ends))
    starts, ends, types = [e["start"] for e in ents], [e["end"] for e in ents], [e["type"] for e in ents]
    if not (set(map(type, starts)) | set(map(type, ends))) <= _INT or not all(types) or not set(map(type, types)) <= _STR:
        return None
    if any(map(ge, starts, ends)) or (starts and (min(starts) < 0 or max(ends) > n)):
        return None
    if max(map(len, ents), default=3) > 3:  # some entity gives its text, or more
        for e, start, end in zip(ents, starts, ends):
            if len(e) > 4 or ("text" in e and e["text"] != text[start:end]):
                return None
    if all(map(lt, starts, islice(starts, 1, None))):  # given in order of start (the usual)
        s_sorted, e_sorted = starts, ends
    else:
        order = sorted(range(len(starts)), key=list(zip(starts, ends)).__getitem__)
        s_sorted, e_sorted = [starts[i] for i in order], [ends[i] for i in order]
    if any(map(lt, s_sorted[1:], e_sorted)):  # an overlap or a repeat: explained below
        return None
    k = 0  # every entity inside one sentence: walk both in order of start
    for start, end in zip(s_sorted, e_sorted):
        while k < len(s_ends) and s_ends[k] <= start:
            k += 1
        if k == len(s_ends) or start < s_starts[k] or end > s_ends[k]:
            return None
    events_given = record.get("events", [])
    if type(events_given) is not list:
        return None
    found = _usual_events(events_given, text, sentences) if events_given else ([], [])
    if found is None:
        return None
    doc = Document(doc_id, text, sentences, (("all", Span(0, n)),) if n else (), {"doc_id": doc_id})
    events, arguments = found
    if events:
        argument_table = SpanTable([a[2] for a in arguments], [a[3] for a in arguments], ["ARGUMENT"] * len(arguments), "A", "NOM")
        event_table = EventTable.build(events, arguments)
    else:
        argument_table, event_table = NO_ARGUMENTS, NO_EVENTS
    return doc, Gold(doc_id, VERSION, text, SpanTable(starts, ends, types), NO_MENTIONS, event_table, argument_table)


_USUAL_KEYS = frozenset({"doc_id", "text", "sentences", "entities", "events"})
_EVENT_KEYS = frozenset({"type", "trigger", "arguments"})


def _usual_events(given: list[Any], text: str, sentences: tuple[Span, ...]) -> tuple[list[tuple[int, int, str]], list[tuple[int, str, int, int]]] | None:
    """:func:`_events` for events whose fields are all of their kind, as rows of events
    ``(trigger start, trigger end, type)`` and of arguments ``(event row, role, start, end)``, or None."""
    n = len(text)
    events: list[tuple[int, int, str]] = []
    arguments: list[tuple[int, str, int, int]] = []
    starts = [s.start for s in sentences]
    for row, ev in enumerate(given):
        if not _EVENT_KEYS.issuperset(ev):
            return None
        label, trigger, args = ev["type"], ev["trigger"], ev.get("arguments", [])
        if type(label) is not str or type(trigger) is not dict or type(args) is not list:
            return None
        ts, te = trigger["start"], trigger["end"]
        if type(ts) is not int or type(te) is not int or not 0 <= ts < te <= n or ("text" in trigger and trigger["text"] != text[ts:te]):
            return None
        k = bisect_right(starts, ts) - 1
        if k < 0 or te > sentences[k].end:
            return None
        for a in args:
            role, start, end = a["role"], a["start"], a["end"]
            if type(role) is not str or type(start) is not int or type(end) is not int or not 0 <= start < end <= n \
                    or ("text" in a and a["text"] != text[start:end]):
                return None
            arguments.append((row, role, start, end))
        events.append((ts, te, label))
    return events, arguments


def _explained(record: Any) -> tuple[Document, Gold]:
    if not isinstance(record, dict):
        raise _Bad("NG201", "", f"each line must be a JSON object, got {type(record).__name__}")
    doc_id = _get(record, "doc_id", str, "")
    if not DOC_ID.match(doc_id):
        raise _Bad("NG201", "/doc_id", f"doc_id {doc_id!r} does not match {DOC_ID.pattern}", "use lower-case letters, digits, '.', '_' and '-'")
    text = _get(record, "text", str, "")
    sentences = _sentences(record, text)
    ends = [s.end for s in sentences]
    entities = _layer(record, "entities", text, sentences, ends, "T", "NAM")
    _no_overlaps(entities)
    mentions = _layer(record, "mentions", text, sentences, ends, "M", "NOM")
    events, arguments = _events(record, text, sentences, ends)
    doc = Document(doc_id, text, sentences, (("all", Span(0, len(text))),) if text else (), {"doc_id": doc_id})
    return doc, Gold.of(doc_id, VERSION, text, entities, mentions, events, arguments)


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
        try:
            doc, gold = _document(record)
            if doc.doc_id in seen:
                raise _Bad("NG505", "/doc_id", f"{doc.doc_id!r} is already on line {seen[doc.doc_id]}")
            seen[doc.doc_id] = number
            pairs.append((doc, gold))
        except _Bad as bad:
            lines.errors.append(incident(bad.code, file, line=number, pointer=bad.ptr, message=bad.message, hint=bad.hint))
    if not lines.errors and not pairs:
        lines.errors.append(incident("NG601", file, message="the gold file has no documents", hint="give one JSON object per line, one line per document"))
    if lines.errors:
        raise NewsgoldError(lines.errors)
    pairs.sort(key=lambda p: p[0].doc_id)
    return Corpus(tuple(pairs), *inventories(pairs), {})


def gold_record(record: Any, file: str, line: int | None = None) -> tuple[Document, Gold]:
    """One line's document and gold, checked as :func:`load_gold_jsonl` checks each line."""
    try:
        return _document(record)
    except _Bad as bad:
        raise NewsgoldError(incident(bad.code, file, line=line, pointer=bad.ptr, message=bad.message, hint=bad.hint)) from None


def usage(pairs: list[tuple[Document, Gold]]) -> tuple[set[str], dict[str, set[str]]]:
    """The entity and mention types a corpus uses, and the roles of each event subtype."""
    types: set[str] = set()
    roles_by_subtype: dict[str, set[str]] = {}
    for _, g in pairs:
        types.update(g.entity_table.type, g.mention_table.type)
        t = g.event_table
        for label in t.type:
            roles_by_subtype.setdefault(label, set())
        for row, role in zip(t.arg_event, t.arg_role):
            roles_by_subtype[t.type[row]].add(role)
    return types, roles_by_subtype


def inventories(pairs: list[tuple[Document, Gold]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Entity and event inventories made from what a corpus uses: every type a name, no TIMEX."""
    return inventories_of(*usage(pairs))


def inventories_of(used_types: set[str], roles_by_subtype: dict[str, set[str]]) -> tuple[dict[str, Any], dict[str, Any]]:
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
