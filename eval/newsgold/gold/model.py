"""Value types of the gold data: frozen, slotted, built only from validated records."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from itertools import repeat
from operator import attrgetter
from typing import Any

from .spans import Span
from .tokenize import TokenIndex, tokenize, whitespace_tokens

_start = attrgetter("start")


@dataclass(frozen=True, slots=True)
class Document:
    """A corpus document: verbatim text, sentences, named passages and canonical tokens.

    ``tokens`` and ``token_index`` are computed on first use: scoring spans never needs
    them, and on a large corpus they would cost more time and memory than the scoring.
    """

    doc_id: str
    text: str
    sentences: tuple[Span, ...]
    passages: tuple[tuple[str, Span], ...]
    meta: Mapping[str, Any] = field(compare=False, repr=False)
    _derived: dict[str, Any] = field(init=False, compare=False, repr=False, default_factory=dict)

    @property
    def tokens(self) -> tuple[Span, ...]:
        tokens = self._derived.get("tokens")
        if tokens is None:
            tokens = self._derived["tokens"] = whitespace_tokens(self.text) if self.whitespace_tokens else tokenize(self.text)
        return tokens

    @property
    def whitespace_tokens(self) -> bool:
        """Whether the document's tokens are its whitespace-separated words (a gold given as
        tokens, such as a CoNLL file), not the canonical tokenization."""
        return self.meta.get("tokenization") == "whitespace"

    @property
    def token_index(self) -> TokenIndex:
        index = self._derived.get("token_index")
        if index is None:
            index = self._derived["token_index"] = TokenIndex.of_tokens(self.tokens)
        return index

    def forget_tokens(self) -> None:
        """Drop the computed tokens and their index (rebuilt on next use).

        They take about ten times the text's size: whoever walks a large corpus document by
        document forgets them after use, so memory does not grow with the corpus.
        """
        self._derived.pop("tokens", None)
        self._derived.pop("token_index", None)

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the sentence starting at or before it)."""
        return bisect_right(self.sentences, offset, key=_start) - 1

    def passage(self, name: str) -> Span:
        for n, span in self.passages:
            if n == name:
                return span
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Mention:
    """A gold entity (flat layer, NAM/VAL) or mention (NOM/PRO)."""

    id: str
    span: Span
    text: str
    type: str
    level: str
    head: Span | None = None
    cluster: str | None = None
    value: str | None = None
    note: str | None = None

    @property
    def head_or_span(self) -> Span:
        return self.span if self.head is None else self.head  # not `or`: a Span's truth is its length


@dataclass(frozen=True, slots=True)
class Argument:
    role: str
    ref: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger: Span
    trigger_text: str
    arguments: tuple[Argument, ...]
    modality: str
    polarity: str
    genericity: str
    tense: str
    cluster: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Gold:
    doc_id: str
    dataset_version: str
    entities: tuple[Mention, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]
    # Spans that only events refer to (a gold file that gives arguments as spans, not refs).
    arguments: tuple[Mention, ...] = ()

    def by_id(self) -> dict[str, Mention]:
        return {m.id: m for m in (*self.entities, *self.mentions, *self.arguments)}

    @property
    def columns(self) -> GoldColumns | None:
        """The columns the gold was read in, when it was (see :class:`ColumnGold`)."""
        return None


@dataclass(frozen=True, slots=True)
class GoldColumns:
    """A document's gold as the columns it was read in (a gold JSON Lines record's usual
    shape): entities, event triggers and event arguments, in the order given."""

    text: str
    entities: tuple[list[int], list[int], list[str]]
    """Start, end and type of each entity."""
    events: list[tuple[int, int, str]]
    """``(trigger start, trigger end, subtype)`` of each event."""
    arguments: list[tuple[int, str, int, int]]
    """``(event, role, start, end)`` of each argument, ``event`` its event's place in ``events``."""


# The slots that ColumnGold's properties stand in front of (set on first use).
_SLOT = {name: Gold.__dict__[name] for name in ("entities", "events", "arguments")}
_FIELDS = tuple(f.name for f in fields(Gold))
# Any other field of Gold takes its default: a layer added to Gold with a default needs
# nothing here (one without fails the equality tests of tests/test_gold_columns.py).
_DEFAULTS = tuple((f.name, f.default) for f in fields(Gold)
                  if f.name not in {"doc_id", "dataset_version", "mentions", *_SLOT} and f.default is not MISSING)


class ColumnGold(Gold):
    """Gold kept as its :class:`GoldColumns`: the value objects (a :class:`Mention` per
    entity and argument, an :class:`Event` per event) are made on first use, and the scorers
    read the columns themselves. On a large corpus, making the objects cost the loading of
    a gold file as much as checking it, and scoring needs none of them.

    Equal to (both ways), and read like, the :class:`Gold` of the same document; what it
    makes is what the loader would have made: entities ``T1``.., level ``NAM``; arguments
    ``A1``.. (level ``NOM``, type ``ARGUMENT``), numbered across events; events ``E1``.. with
    the default attributes. A pickled copy keeps the columns; ``dataclasses.replace`` makes a
    plain-valued copy without them.
    """

    __slots__ = ("_columns",)
    _columns: GoldColumns

    @classmethod
    def of(cls, doc_id: str, dataset_version: str, columns: GoldColumns) -> ColumnGold:
        self = object.__new__(cls)
        for name, value in (("doc_id", doc_id), ("dataset_version", dataset_version), ("mentions", ()), *_DEFAULTS, ("_columns", columns)):
            object.__setattr__(self, name, value)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Gold):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _FIELDS)

    __hash__ = Gold.__hash__

    def __reduce__(self) -> Any:  # pickled (to a worker) as its columns, not its objects
        columns = self.columns
        return (ColumnGold.of, (self.doc_id, self.dataset_version, columns)) if columns is not None else super().__reduce__()

    @property
    def columns(self) -> GoldColumns | None:
        try:
            return self._columns
        except AttributeError:  # a copy
            return None

    def _made(self, name: str) -> Any:
        try:
            return _SLOT[name].__get__(self)
        except AttributeError:
            pass
        c = self._columns
        text = c.text
        if name == "entities":
            starts, ends, types = c.entities
            value: Any = tuple(map(Mention, [f"T{i}" for i in range(1, len(starts) + 1)], map(Span, starts, ends),
                                   map(text.__getitem__, map(slice, starts, ends)), types, repeat("NAM")))
        elif name == "arguments":
            value = tuple(Mention(f"A{k}", Span(s, e), text[s:e], "ARGUMENT", "NOM") for k, (_, _, s, e) in enumerate(c.arguments, 1))
        else:
            roles: list[list[Argument]] = [[] for _ in c.events]
            for k, (row, role, _, _) in enumerate(c.arguments, 1):
                roles[row].append(Argument(role, f"A{k}"))
            value = tuple(Event(f"E{i}", label, Span(ts, te), text[ts:te], tuple(args), "ASSERTED", "POSITIVE", "SPECIFIC", "UNSPECIFIED")
                          for i, ((ts, te, label), args) in enumerate(zip(c.events, roles), 1))
        _SLOT[name].__set__(self, value)
        return value

    entities = property(lambda self: self._made("entities"), lambda self, v: _SLOT["entities"].__set__(self, v))
    events = property(lambda self: self._made("events"), lambda self, v: _SLOT["events"].__set__(self, v))
    arguments = property(lambda self: self._made("arguments"), lambda self, v: _SLOT["arguments"].__set__(self, v))


def _span(rec: Mapping[str, Any]) -> Span:
    return Span(rec["start"], rec["end"])


def mention_from_record(rec: Mapping[str, Any]) -> Mention:
    return Mention(
        id=rec["id"],
        span=_span(rec),
        text=rec["text"],
        type=rec["type"],
        level=rec["level"],
        head=_span(rec["head"]) if "head" in rec else None,
        cluster=rec.get("cluster"),
        value=rec.get("value"),
        note=rec.get("note"),
    )


def gold_from_record(rec: Mapping[str, Any]) -> Gold:
    """Build :class:`Gold` from a record that passed validation."""
    return Gold(
        doc_id=rec["doc_id"],
        dataset_version=rec["dataset_version"],
        entities=tuple(mention_from_record(e) for e in rec["entities"]),
        mentions=tuple(mention_from_record(m) for m in rec["mentions"]),
        events=tuple(
            Event(
                id=e["id"],
                type=e["type"],
                trigger=_span(e["trigger"]),
                trigger_text=e["trigger"]["text"],
                arguments=tuple(Argument(a["role"], a["ref"]) for a in e["arguments"]),
                modality=e["modality"],
                polarity=e["polarity"],
                genericity=e["genericity"],
                tense=e["tense"],
                cluster=e.get("cluster"),
                note=e.get("note"),
            )
            for e in rec["events"]
        ),
    )


def document_from_record(text: str, meta: Mapping[str, Any]) -> Document:
    return Document(
        doc_id=meta["doc_id"],
        text=text,
        sentences=tuple(_span(s) for s in meta["sentences"]),
        passages=tuple((p["name"], _span(p)) for p in meta["passages"]),
        meta=meta,
    )
