"""Value types of the gold data: frozen, slotted, built only from validated records."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..tables.events import Attributes, EventTable
from ..tables.spans import SpanTable
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
            tokens = self._derived["tokens"] = (
                whitespace_tokens(self.text) if self.whitespace_tokens else tokenize(self.text)
            )
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
    """A document's gold: one table per layer, the only form the scorers read, and the value
    objects (:class:`Mention`, :class:`Event`) made from the rows on first use, for the API,
    exports, errors and studies.

    ``text`` is the document's text (the objects' texts are its slices). ``arguments`` are
    spans that only events refer to (a gold file that gives arguments as spans, not refs).
    Build one from value objects with :meth:`of`; :meth:`replace` gives a copy with other
    layers.
    """

    doc_id: str
    dataset_version: str
    text: str = field(repr=False)
    entity_table: SpanTable
    mention_table: SpanTable
    event_table: EventTable
    argument_table: SpanTable
    _views: dict[str, Any] | None = field(init=False, compare=False, repr=False, default=None)

    @classmethod
    def of(
        cls,
        doc_id: str,
        dataset_version: str,
        text: str,
        entities: Iterable[Mention] = (),
        mentions: Iterable[Mention] = (),
        events: Iterable[Event] = (),
        arguments: Iterable[Mention] = (),
    ) -> Gold:
        """The gold of these value objects (arguments refer to entities, mentions or ``arguments`` by id)."""
        layers = [tuple(x) for x in (entities, mentions, arguments)]
        spans = {m.id: m.span for layer in layers for m in layer}
        events = tuple(events)
        table = EventTable.of_views(
            events,
            lambda a: spans[a.ref],
            arg_ref=[a.ref for e in events for a in e.arguments],
            ids=[e.id for e in events],
            attributes=[(e.modality, e.polarity, e.genericity, e.tense) for e in events],
            default=DEFAULT_ATTRIBUTES,
            clusters=[e.cluster for e in events],
            notes=[e.note for e in events],
        )
        entity, mention, argument = (
            _span_table(layer, prefix, level) for layer, (prefix, level) in zip(layers, _LAYER_DEFAULTS)
        )
        return cls(doc_id, dataset_version, text, entity, mention, table, argument)

    def __hash__(self) -> int:  # the tables' columns are lists; equal golds share these
        return hash((self.doc_id, self.dataset_version))

    def replace(self, **layers: Iterable[Any]) -> Gold:
        """A copy with the layers named (``entities``, ``mentions``, ``events``, ``arguments``) replaced."""
        given = {
            name: layers.get(name, getattr(self, name)) for name in ("entities", "mentions", "events", "arguments")
        }
        return Gold.of(self.doc_id, self.dataset_version, self.text, **given)

    def table(self, layer: str) -> SpanTable:
        """The table of span layer ``layer`` (``entities``, ``mentions`` or ``arguments``)."""
        return {"entities": self.entity_table, "mentions": self.mention_table, "arguments": self.argument_table}[layer]

    @property
    def entities(self) -> tuple[Mention, ...]:
        return self._spans("entities")

    @property
    def mentions(self) -> tuple[Mention, ...]:
        return self._spans("mentions")

    @property
    def arguments(self) -> tuple[Mention, ...]:
        return self._spans("arguments")

    def _made(self) -> dict[str, Any]:
        """The value objects made so far, by layer."""
        if self._views is None:
            object.__setattr__(self, "_views", {})
        return self._views  # type: ignore[return-value]

    @property
    def events(self) -> tuple[Event, ...]:
        made = self._made().get("events")
        if made is None:
            t, text = self.event_table, self.text
            refs = t.refs()
            attributes = t.attributes if t.attributes is not None else [DEFAULT_ATTRIBUTES] * len(t)
            clusters = t.cluster if t.cluster is not None else [None] * len(t)
            notes = t.note if t.note is not None else [None] * len(t)
            made = self._made()["events"] = tuple(
                Event(
                    i,
                    label,
                    Span(ts, te),
                    text[ts:te],
                    tuple(Argument(t.arg_role[k], refs[k]) for k in args),
                    *_given(attrs),
                    cluster,
                    note,
                )
                for i, label, ts, te, args, attrs, cluster, note in zip(
                    t.ids(), t.type, t.trigger_start, t.trigger_end, t.arguments_by_event(), attributes, clusters, notes
                )
            )
        return made

    def _spans(self, layer: str) -> tuple[Mention, ...]:
        made = self._made().get(layer)
        if made is None:
            t, text = self.table(layer), self.text
            made = self._made()[layer] = tuple(
                Mention(
                    i, Span(s, e), text[s:e], label, level, None if head is None else Span(*head), cluster, value, note
                )
                for i, s, e, label, level, head, cluster, value, note in zip(
                    t.ids(), t.start, t.end, t.type, t.levels(), t.heads(), t.clusters(), t.values(), t.notes()
                )
            )
        return made

    def by_id(self) -> dict[str, Mention]:
        return {m.id: m for m in (*self.entities, *self.mentions, *self.arguments)}


DEFAULT_ATTRIBUTES: tuple[str, str, str, str] = ("ASSERTED", "POSITIVE", "SPECIFIC", "UNSPECIFIED")
"""An event's attributes where its gold gives none (a gold of your own corpus)."""


def _given(attributes: Attributes) -> tuple[str, str, str, str]:
    """A gold event's four attributes (a gold gives all four, or none: then the defaults)."""
    if attributes is None:
        return DEFAULT_ATTRIBUTES
    modality, polarity, genericity, tense = attributes
    assert modality is not None and polarity is not None and genericity is not None and tense is not None
    return modality, polarity, genericity, tense


# Each span layer's id prefix and default level, in the order entities, mentions, arguments.
_LAYER_DEFAULTS = (("T", "NAM"), ("M", "NOM"), ("A", "NOM"))
NO_MENTIONS = SpanTable([], [], [], "M", "NOM")
NO_ARGUMENTS = SpanTable([], [], [], "A", "NOM")


def _span_table(layer: tuple[Mention, ...], prefix: str, level: str) -> SpanTable:
    return SpanTable.build(
        [m.span.start for m in layer],
        [m.span.end for m in layer],
        [m.type for m in layer],
        prefix=prefix,
        level=level,
        ids=[m.id for m in layer],
        levels=[m.level for m in layer],
        heads=[None if m.head is None else (m.head.start, m.head.end) for m in layer],
        clusters=[m.cluster for m in layer],
        values=[m.value for m in layer],
        notes=[m.note for m in layer],
    )


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


def gold_from_record(rec: Mapping[str, Any], text: str) -> Gold:
    """Build :class:`Gold` from a record that passed validation, and its document's text."""
    return Gold.of(
        doc_id=rec["doc_id"],
        dataset_version=rec["dataset_version"],
        text=text,
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
