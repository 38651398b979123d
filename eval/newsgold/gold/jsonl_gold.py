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
from collections.abc import Callable
from itertools import accumulate, chain, groupby, repeat
from operator import add, attrgetter, itemgetter, methodcaller
from pathlib import Path
from typing import Any

from ..tables.events import NO_EVENTS, EventTable
from ..tables.lines import JsonLines
from ..tables.rules import (
    ABSENT,
    BadRecord,
    Field,
    Shape,
    columns,
    first_across,
    first_misquoted,
    first_outside,
    first_overlap,
    first_repeat,
    first_unordered,
    flat,
)
from ..tables.spans import SpanTable
from ..tables.values import made
from . import collector
from .corpus import Corpus
from .errors import NewsgoldError, incident
from .model import NO_ARGUMENTS, NO_MENTIONS, Document, Gold
from .offsets import ARGUMENT, SPAN, SPAN_FIELDS, checked_spans, event_arguments, event_triggers
from .spans import Span

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
VERSION = "user"  # the dataset version reported for a corpus that has none


_RECORD = (Field("doc_id", (str,)), Field("text", (str,)))
_LISTS = {
    name: Field(name, (list,), required=name == "entities") for name in ("sentences", "entities", "mentions", "events")
}
_RECORDS = Shape(*_RECORD, *_LISTS.values())
_TYPED_SPAN = Shape(*SPAN_FIELDS, Field("type", (str,), nonempty=True))
_EVENT = Shape(Field("type", (str,)), Field("trigger", (dict,)), Field("arguments", (list,), required=False))
BLOCK = 1024
"""How many records are checked as one block (:func:`gold_block`)."""
BLOCK_EVENTS = 1024
"""How many events close a block sooner: the columns of a block of event-heavy records laid end
to end outgrow the cache, and reading them costs more than the calls a larger block saves."""


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


def _layer(record: dict[str, Any], name: str, text: str, sentences: tuple[list[int], list[int]]) -> None:
    """The first rule a span layer breaks, raised: spans inside one sentence, none repeated
    (and, for entities, none overlapping another)."""
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
    _clusters(items, at)


def _clusters(items: list[dict[str, Any]], at: str) -> list[str | None] | None:
    """Each item's optional ``cluster`` (coreference: items with the same string corefer), or
    None when no item gives one; ``items`` are objects (their columns were read)."""
    out = list(map(_CLUSTER, items))
    if out.count(None) == len(out):  # no item gives one: the usual
        return None
    i = next((k for k, c in enumerate(out) if c is not None and (not isinstance(c, str) or not c)), -1)
    if i >= 0:
        raise BadRecord(f"{at}/{i}/cluster", f"a cluster is a non-empty string naming it, got {out[i]!r}")
    return out


_CLUSTER = methodcaller("get", "cluster")


def _events(record: dict[str, Any], text: str, sentences: tuple[list[int], list[int]]) -> None:
    """The first rule the events break, raised (each argument is a span of the argument layer)."""
    items = _list(record, "events") if "events" in record else None
    if not items:
        return
    _, triggers, given = columns(items, "/events", "an event", _EVENT)
    t_starts, t_ends, _ = event_triggers(triggers, text)
    i = first_across(t_starts, t_ends, *sentences)
    if i >= 0:
        raise BadRecord(f"/events/{i}/trigger", f"[{t_starts[i]}, {t_ends[i]}) is not inside one sentence", "NG306")
    event_arguments(given, text)
    _clusters(items, "/events")


def _explain(record: Any) -> None:
    """The first rule a record breaks, raised as :class:`BadRecord` (its JSON pointer, what is
    wrong, its code), the rules taken in the order a reader of the record meets them; nothing
    when it breaks none."""
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
    _layer(record, "entities", text, sentences)
    if "mentions" in record:
        _layer(record, "mentions", text, sentences)
    _events(record, text, sentences)


def _kept(i: int | tuple[int, int]) -> None:
    """Refuse a block where a rule names a row of it (:func:`gold_block` then explains each record)."""
    if (i if isinstance(i, int) else i[0]) >= 0:
        raise BadRecord("", "a rule is broken in the block")


class _Placed:
    """A block's records in one coordinate: record k's text begins one character past the end
    of record k-1's, so a span inside its own text keeps clear of every other record's, and a
    rule over the block's spans is one pass."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.lengths = list(map(len, texts))
        self.at = list(accumulate(map(add, self.lengths, repeat(1)), initial=0))
        self._text: str | None = None

    def spans(self, items: list[Any], owner: list[int], shape: Shape, *, placed: bool = True) -> tuple[Any, ...]:
        """The columns of spans ``items`` (item i of record ``owner[i]``) and, when ``placed``,
        their offsets in the block's coordinate, the rules of :func:`checked_spans` kept; else
        BadRecord."""
        cols = columns(items, "", "a span", shape)
        starts, ends, given = cols[:3]
        _kept(first_outside(starts, ends, list(map(self.lengths.__getitem__, owner))))
        if not placed and given is None:  # no rule of the caller's needs them
            return cols, None, None
        shift = list(map(self.at.__getitem__, owner))
        moved = list(map(add, starts, shift)), list(map(add, ends, shift))
        if given is not None:
            if self._text is None:
                self._text = "\n".join(self.texts)  # each text at its place
            _kept(first_misquoted(*moved, given, self._text))
        return cols, *moved


def _cut(column: list[Any], counts: list[int]) -> list[list[Any]]:
    """``column`` of items laid end to end (:func:`~newsgold.tables.rules.flat`), cut back
    into lists of ``counts`` items."""
    stops = list(accumulate(counts))
    return list(map(column.__getitem__, map(slice, [0, *stops], stops)))


def _or_empty(column: list[Any] | None, n: int) -> list[Any]:
    """The lists of an optional field of ``n`` objects (an empty one where an object does not give it)."""
    return [_EMPTY] * n if column is None else [_EMPTY if x is ABSENT else x for x in column]


_EMPTY: list[Any] = []


def gold_block(records: list[Any]) -> list[tuple[Document, Gold]] | None:
    """Each record's document and gold when every record keeps every rule (those
    :func:`_explain` raises), else None. The block is checked as one: each list of its records
    laid end to end, the spans placed in one coordinate (:class:`_Placed`), so each rule is one
    pass over the block whatever its number of records."""
    try:
        return _checked_block(records)
    except BadRecord:
        return None


def _checked_block(records: list[Any]) -> list[tuple[Document, Gold]]:
    ids, texts, sentences, entities, mentions, events = columns(records, "", "a record", _RECORDS)
    _kept(0 if not all(map(DOC_ID.match, ids)) else -1)
    n = len(records)
    block = _Placed(texts)
    s_lists = [
        ([{"start": 0, "end": k}] if k else []) if s is ABSENT else s
        for s, k in zip(sentences or repeat(ABSENT), block.lengths)
    ]
    s_counts = list(map(len, s_lists))
    (s_starts, s_ends, _), s_at, s_to = block.spans(*flat(s_lists), SPAN)
    _kept(first_unordered(s_at, s_to))

    def layer(lists: list[list[Any]], rule: Callable[..., Any], prefix: str, level: str) -> list[SpanTable]:
        items, owner = flat(lists)
        (starts, ends, _, types), at, to = block.spans(items, owner, _TYPED_SPAN)
        _kept(first_across(at, to, s_at, s_to))
        _kept(rule(at, to, types))
        counts = list(map(len, lists))
        clusters = _clusters(items, "")
        return [
            SpanTable.build(a, b, t, prefix=prefix, level=level, clusters=c)
            for a, b, t, c in zip(
                _cut(starts, counts),
                _cut(ends, counts),
                _cut(types, counts),
                repeat(None) if clusters is None else _cut(clusters, counts),
            )
        ]

    entity_tables = layer(entities, lambda at, to, _: first_overlap(at, to), "T", "NAM")
    if mentions is None:
        mention_tables = [NO_MENTIONS] * n
    else:
        built = layer(_or_empty(mentions, n), first_repeat, "M", "NOM")
        mention_tables = [NO_MENTIONS if m is ABSENT else t for m, t in zip(mentions, built)]
    event_tables = (
        [(NO_EVENTS, NO_ARGUMENTS)] * n if events is None else _block_events(_or_empty(events, n), block, s_at, s_to)
    )
    # The offsets were checked by the rules above: the values are made a column at a time.
    sentence_spans = made(Span, len(s_starts), {"start": s_starts, "end": s_ends})
    whole = made(Span, n, {"start": repeat(0), "end": block.lengths})
    documents = made(
        Document,
        n,
        {
            "doc_id": ids,
            "text": texts,
            "sentences": map(tuple, _cut(sentence_spans, s_counts)),
            "passages": [(("all", s),) if s.end else () for s in whole],
            "meta": [{"doc_id": doc_id} for doc_id in ids],
            "_derived": iter(dict, None),  # a dict of its own for each
        },
    )
    golds = made(
        Gold,
        n,
        {
            "doc_id": ids,
            "dataset_version": repeat(VERSION),
            "text": texts,
            "entity_table": entity_tables,
            "mention_table": mention_tables,
            "event_table": map(itemgetter(0), event_tables),
            "argument_table": map(itemgetter(1), event_tables),
            "_views": repeat(None),
        },
    )
    return list(zip(documents, golds))


def _block_events(lists: list[list[Any]], block: _Placed, s_at: list[int], s_to: list[int]) -> list[Any]:
    """Each record's event table and argument spans (:func:`gold_block`'s events)."""
    items, owner = flat(lists)
    types, triggers, given = columns(items, "", "an event", _EVENT)
    (t_starts, t_ends, _), t_at, t_to = block.spans(triggers, owner, SPAN)
    _kept(first_across(t_at, t_to, s_at, s_to))
    arg_lists = _or_empty(given, len(items))
    a_items, a_event = flat(arg_lists)
    a_owner = list(map(owner.__getitem__, a_event))
    (a_starts, a_ends, _, roles), _, _ = block.spans(a_items, a_owner, ARGUMENT, placed=False)
    clusters = _clusters(items, "")
    counts = list(map(len, lists))
    rows = list(chain.from_iterable(map(range, counts)))  # each event's row in its record
    a_rows = list(map(rows.__getitem__, a_event))
    a_counts = list(map(sum, _cut(list(map(len, arg_lists)), counts)))
    return [
        (
            EventTable.build(ts, te, ty, ar, ro, sa, ea, clusters=c),
            SpanTable(sa, ea, ["ARGUMENT"] * len(ro), "A", "NOM"),
        )
        if ty
        else (NO_EVENTS, NO_ARGUMENTS)
        for ts, te, ty, c, ar, ro, sa, ea in zip(
            _cut(t_starts, counts),
            _cut(t_ends, counts),
            _cut(types, counts),
            repeat(None) if clusters is None else _cut(clusters, counts),
            *(_cut(column, a_counts) for column in (a_rows, roles, a_starts, a_ends)),
        )
    ]


def _document(record: Any) -> tuple[Document, Gold]:
    """A record's document and gold, every rule checked (:mod:`newsgold.tables.rules`): a block
    of one, explained when refused."""
    found = gold_block([record])
    if found is None:
        _explain(record)
        raise AssertionError("the record was refused, but it breaks no rule")  # pragma: no cover
    return found[0]


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


class _Loaded:
    """What a gold file's records give so far: the pairs, each doc_id's line, and the errors
    (the line reader's own list, so that its cap counts them)."""

    def __init__(self, file: str, lines: JsonLines):
        self.file, self.lines = file, lines
        self.pairs: list[tuple[Document, Gold]] = []
        self.seen: dict[str, int] = {}

    def record(self, number: int, record: Any) -> None:
        """One record, checked alone (its problems named)."""
        pair, problems = _every_problem(record, self.lines.max_errors - len(self.lines.errors))
        self._add(number, pair, problems)

    def _add(self, number: int, pair: tuple[Document, Gold] | None, problems: list[BadRecord]) -> None:
        if pair is not None and pair[0].doc_id in self.seen:
            problems = [
                BadRecord("/doc_id", f"{pair[0].doc_id!r} is already on line {self.seen[pair[0].doc_id]}", "NG505")
            ]
        if problems:
            self.lines.errors += [
                incident(bad.code, self.file, line=number, pointer=bad.ptr, message=bad.message, hint=_hint(bad))
                for bad in problems
            ]
        elif pair is not None:
            self.seen[pair[0].doc_id] = number
            self.pairs.append(pair)

    def block(self, waiting: list[tuple[int, Any]]) -> None:
        """Records read one after the other, checked as one block; when it is refused, or gives
        a doc_id twice, each record in turn as :meth:`record` checks it, until the errors are
        enough to stop."""
        found = gold_block([record for _, record in waiting])
        if found is not None:
            lines = {pair[0].doc_id: number for (number, _), pair in zip(waiting, found)}
            if len(lines) == len(found) and lines.keys().isdisjoint(self.seen.keys()):  # views: the smaller is walked
                self.seen.update(lines)
                self.pairs += found
                return
        for k, (number, record) in enumerate(waiting):
            if self.lines.full:
                return
            if found is None:
                self.record(number, record)
            else:
                self._add(number, found[k], [])

    def settle(self, waiting: list[tuple[int, Any]]) -> None:
        """The records ``waiting``, checked as a block, their errors placed before those the
        line reader found in the lines read after them (as if each record had been checked as
        soon as it was read, and reading had stopped once the errors were enough)."""
        later = self.lines.errors[:]
        del self.lines.errors[:]
        self.block(waiting)
        waiting.clear()
        for _, errors in groupby(later, key=_LINE):
            if self.lines.full:
                return
            self.lines.errors += errors


_LINE = attrgetter("line")


@collector.paused()
def load_gold_jsonl(path: str | Path) -> Corpus:
    """The corpus in a gold JSON Lines file, every line checked; raises
    :class:`~newsgold.gold.errors.NewsgoldError` with every error found (up to twenty)."""
    path = Path(path)
    file = str(path)
    lines = JsonLines(path)
    loaded = _Loaded(file, lines)
    waiting: list[tuple[int, Any]] = []  # records read while no error is found, checked a block at a time
    events = 0  # the events of the records waiting
    for number, record in lines:
        if lines.errors:  # from the first error on, each record is checked as soon as it is read
            if waiting:
                loaded.settle(waiting)
                if lines.full:
                    break
            loaded.record(number, record)
            continue
        waiting.append((number, record))
        given = record.get("events") if type(record) is dict else None
        events += len(given) if type(given) is list else 0  # anything else is refused by the block's check
        if len(waiting) == BLOCK or events >= BLOCK_EVENTS:
            loaded.settle(waiting)
            events = 0
    loaded.settle(waiting)
    pairs = loaded.pairs
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
    return Corpus(tuple(pairs), *inventories(pairs), {}, warnings=tuple(lines.warnings))


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
    golds = list(map(itemgetter(1), pairs))
    types = set(chain.from_iterable(map(attrgetter("entity_table.type"), golds)))
    types.update(chain.from_iterable(map(attrgetter("mention_table.type"), golds)))
    events = [t for t in map(attrgetter("event_table"), golds) if t.type]
    subtypes = set(chain.from_iterable(map(attrgetter("type"), events)))
    roles: set[tuple[str, str]] = set()  # (subtype, role)
    for t in events:
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
