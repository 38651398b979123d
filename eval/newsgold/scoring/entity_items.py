"""Entity items: a document's gold and predicted entities as the tuples the matching works on.

An item is ``(doc, start, end, type)``, ``doc`` the document's position in the gold. Gold
labels go through the gold map, predicted ones through the predicted label map (the user's map,
then the scheme's table; a label mapped to None drops the prediction); filters
(passage, types, level) drop items before matching. Heads (for head mode) and TIMEX values
ride along in dictionaries keyed by item.

Items are built column by column, one way whatever the options: filters and the gold map
only choose which entities (and labels) go in first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import attrgetter, is_not, methodcaller
from typing import Any, TypeGuard

from ..gold.model import Document, Gold
from ..readers.records import DocPredictions, TokenTags
from ..tables.spans import SpanTable
from .locality import fresh
from .match import Item

GoldTags = tuple[tuple[str, ...], ...]
"""A gold given as tags (a CoNLL gold): its tags, sentence by sentence (``Document.meta["tags"]``)."""

_label = attrgetter("type")
_value = attrgetter("value")
_entities = attrgetter("entities")
_start = attrgetter("start")
_end = attrgetter("end")
_head_column = attrgetter("head")


@dataclass
class Batch:
    """Items of whole documents, matched together."""

    docs: list[int] = field(default_factory=list)
    gold: list[Item] = field(default_factory=list)
    pred: list[Item] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)  # predicted labels that are no label of the scoring
    mapped_away: Counter[str] = field(default_factory=Counter)  # predicted labels the label map drops (to None)
    unknown_scored: Counter[str] = field(default_factory=Counter)  # of ``unknown``, those the filters kept
    gold_values: dict[Item, str | None] = field(default_factory=dict)  # TIMEX values, when there are TIMEX items
    pred_values: dict[Item, str | None] = field(default_factory=dict)
    heads: dict[Item, tuple[int, int]] = field(default_factory=dict)  # gold item -> head, for head mode
    tags: dict[int, TokenTags] = field(default_factory=dict)  # tags as submitted (tag formats), labels mapped
    gold_tags: dict[int, GoldTags] = field(default_factory=dict)  # of those documents, the gold's own tags, mapped


class Items:
    """Turns documents' gold and predictions into items, and finds their heads and values."""

    def __init__(
        self,
        documents: Sequence[Document],
        golds: Sequence[Gold],
        layer: str,
        gmap: Mapping[str, str | None] | None,
        label_map: Mapping[str, str | None],
        labels: set[str],
        keeper: Callable[[Document], Callable[[int, str], bool]] | None,
        timex_types: frozenset[str],
        heads: bool,
    ):
        self.documents, self.golds, self.layer, self.gmap, self.label_map, self.labels = (
            documents,
            golds,
            layer,
            gmap,
            label_map,
            labels,
        )
        self.keeper, self.timex_types, self.heads = keeper, timex_types, heads

    def add(self, batch: Batch, docs: list[int], preds: Sequence[DocPredictions | None]) -> None:
        """Add the gold and predicted items of documents ``docs`` to ``batch``."""
        batch.docs += docs
        self._add_gold(batch, docs)
        self._add_predicted(batch, docs, preds)

    def _add_gold(self, batch: Batch, docs: list[int]) -> None:
        tables = list(map(methodcaller("table", self.layer), map(self.golds.__getitem__, docs)))
        if self.keeper is None and self.gmap is None:  # every row, as given
            starts_of = list(map(_start, tables))
            counts = list(map(len, starts_of))
            starts: list[int] = list(chain.from_iterable(starts_of))
            ends: list[int] = list(chain.from_iterable(map(_end, tables)))
            labels: list[str] = list(chain.from_iterable(map(_label, tables)))
            rows: list[tuple[SpanTable, int]] | None = None
        else:
            counts, starts, ends, labels, rows = [], [], [], [], []
            for di, t in zip(docs, tables):
                keep = self.keeper(self.documents[di]) if self.keeper is not None else None
                before = len(starts)
                for i, (start, end, label) in enumerate(zip(t.start, t.end, t.type)):
                    mapped = label if self.gmap is None else self.gmap.get(label)
                    if mapped is not None and (keep is None or keep(start, mapped)):
                        starts.append(start)
                        ends.append(end)
                        labels.append(mapped)
                        rows.append((t, i))
                counts.append(len(starts) - before)
        gold = _items(docs, counts, starts, ends, labels)
        batch.gold += gold
        if self.heads and any(map(is_not, map(_head_column, tables), repeat(None))):  # else every head is None
            heads = _column(tables, rows, SpanTable.heads)
            batch.heads.update(compress(zip(gold, heads), map(is_not, heads, repeat(None))))
        if not self.timex_types.isdisjoint(labels):
            values = _column(tables, rows, SpanTable.values)
            timex = map(self.timex_types.__contains__, labels)
            batch.gold_values.update(compress(zip(gold, values), timex))

    def _add_predicted(self, batch: Batch, docs: list[int], preds: Sequence[DocPredictions | None]) -> None:
        plists: Sequence[Sequence[Any]]
        if not all(preds):  # some documents have gold only
            pdocs = list(compress(docs, map(is_not, preds, repeat(None))))
            plists = [dp.entities for dp in preds if dp is not None]
        else:
            pdocs, plists = docs, list(map(_entities, preds))
        given: list[str] = list(map(_label, chain.from_iterable(plists)))
        plabels: Sequence[str | None] = given
        if self.label_map:
            plabels = list(map(self.label_map.get, given, given))
            if None in plabels:
                batch.mapped_away.update(g for g, t in zip(given, plabels) if t is None)
        if not self.labels.issuperset(plabels):  # counted before the filters: a typo is worth a warning anyway
            batch.unknown.update(t for t in plabels if t not in self.labels and t is not None)
        labels: Sequence[str]
        if self.keeper is not None or not _all_labelled(plabels):
            plists, labels = self._kept(pdocs, plists, plabels, _start)
            if batch.unknown and not self.labels.issuperset(labels):
                batch.unknown_scored.update(t for t in labels if t not in self.labels)
        else:
            labels = plabels
            if not self.labels.issuperset(labels):
                batch.unknown_scored.update(t for t in labels if t not in self.labels)
        if self.keeper is None:  # filters choose entities, which tags as submitted cannot say
            for di, dp in zip(docs, preds):
                if dp is not None and dp.tags is not None:
                    batch.tags[di] = self._mapped_tags(dp.tags)
                    own = self.documents[di].meta.get("tags")
                    if own is not None:
                        batch.gold_tags[di] = own if self.gmap is None else _gold_mapped(own, self.gmap)
        pents = list(chain.from_iterable(plists))
        pred = _items(pdocs, map(len, plists), map(_start, pents), map(_end, pents), labels)
        batch.pred += pred
        if not self.timex_types.isdisjoint(labels):
            valued = map(is_not, map(_value, pents), repeat(None))
            batch.pred_values.update((item, e.value) for item, e in compress(zip(pred, pents), valued))

    def _mapped_tags(self, tags: TokenTags) -> TokenTags:
        """Submitted tags with their types through the label map (a type it drops becomes O)."""
        if not self.label_map:
            return tags
        mapped: dict[str, str] = {}
        for tag in {t for sentence in tags.tags for t in sentence}:
            prefix, dash, label = tag.partition("-")
            target = self.label_map.get(label, label)
            mapped[tag] = tag if not dash else "O" if target is None else f"{prefix}-{target}"
        return tags._replace(tags=tuple(tuple(map(mapped.__getitem__, sentence)) for sentence in tags.tags))

    def _kept(
        self,
        docs: Sequence[int],
        lists: Sequence[Sequence[Any]],
        labels: Sequence[str | None],
        start: Callable[[Any], int],
    ) -> tuple[list[list[Any]], list[str]]:
        """The predicted entities of each document that have a label (the label map may drop
        one) and pass the filters, with their labels; ``labels`` holds one label per entity of ``lists``."""
        kept_lists: list[list[Any]] = []
        kept_labels: list[str] = []
        given = iter(labels)
        for di, ents in zip(docs, lists):
            keep_item = self.keeper(self.documents[di]) if self.keeper is not None else None
            kept = []
            for e, label in zip(ents, given):
                if label is not None and (keep_item is None or keep_item(start(e), label)):
                    kept.append(e)
                    kept_labels.append(label)
            kept_lists.append(kept)
        return kept_lists, kept_labels


def _gold_mapped(tags: GoldTags, gmap: Mapping[str, str | None]) -> GoldTags:
    """Gold tags with their types through a gold label map (a type it drops becomes O)."""
    out = []
    for sentence in tags:
        mapped = []
        for tag in sentence:
            prefix, dash, label = tag.partition("-")
            target = gmap.get(label if dash else tag)
            mapped.append("O" if tag == "O" or target is None else f"{prefix}-{target}" if dash else target)
        out.append(tuple(mapped))
    return tuple(out)


def _items(
    docs: list[int], counts: Iterable[int], starts: Iterable[int], ends: Iterable[int], labels: Iterable[str]
) -> list[Item]:
    """The one way items are made: ``(doc, start, end, label)``, ``counts[k]`` items for document
    ``docs[k]``, the offsets laid out afresh (``scoring.locality``)."""
    in_docs = chain.from_iterable(map(repeat, docs, counts))
    return list(zip(in_docs, fresh(starts), fresh(ends), labels))


def _all_labelled(labels: Sequence[str | None]) -> TypeGuard[Sequence[str]]:
    """Whether the label map dropped none of ``labels`` (mapped it to None)."""
    return None not in labels


def _column(
    tables: list[SpanTable], rows: list[tuple[SpanTable, int]] | None, column: Callable[[SpanTable], list[Any]]
) -> list[Any]:
    """A column of the gold items' rows: every row of ``tables``, or the rows kept."""
    if rows is None:
        return list(chain.from_iterable(map(column, tables)))
    return [column(t)[i] for t, i in rows]
