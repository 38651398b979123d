"""Entity items: a document's gold and predicted entities as the tuples the matching works on.

An item is ``(doc, start, end, type)``, ``doc`` the document's position in the gold. Gold
labels go through the gold map, predicted ones through the user's label map; filters
(passage, types, level) drop items before matching. Heads (for head mode) and TIMEX values
ride along in dictionaries keyed by item.

Without filters (and, for gold items, without a gold map), items are built column by column
in C, and their offsets are copied into new integers: the matching reads every offset many
times (sorting, hashing, comparing), and integers past 256 are objects of their own, left
wherever the reader or the caller made them. Copied, they sit next to each other, in the
order the matching reads them: on a corpus given as one long document (offsets in the
millions), the exact tier alone ran 3x faster. Offsets up to 256 are shared objects, and
nothing is copied. (Filtered items are built one by one, offsets as given.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import add, attrgetter, is_not, itemgetter
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..gold.model import Document, Gold
from ..readers.records import DocPredictions
from .match import Item

_type = itemgetter(3)
_label = attrgetter("type")
_value = attrgetter("value")
_entities = attrgetter("entities")
_head = attrgetter("head")
_span = attrgetter("span")
_start = attrgetter("start")
_end = attrgetter("end")


@dataclass
class Batch:
    """Items of whole documents, matched together."""

    docs: list[int] = field(default_factory=list)
    gold: list[Item] = field(default_factory=list)
    pred: list[Item] = field(default_factory=list)
    unknown: Counter[str] = field(default_factory=Counter)  # predicted labels that are no label of the scoring
    gold_values: dict[Item, str | None] = field(default_factory=dict)  # TIMEX values, when there are TIMEX items
    pred_values: dict[Item, str | None] = field(default_factory=dict)
    heads: Heads = field(default_factory=lambda: Heads())  # gold item -> head span, for head mode


class Items:
    """Turns documents' gold and predictions into items, and finds their heads and values."""

    def __init__(
        self, documents: Sequence[Document], golds: Sequence[Gold], layer: str, gmap: Mapping[str, str | None] | None,
        label_map: Mapping[str, str], labels: set[str], keeper: Callable[[Document], Callable[[int, str], bool]] | None,
        timex_types: frozenset[str], heads: bool,
    ):
        self.documents, self.golds, self.layer, self.gmap, self.label_map, self.labels = documents, golds, layer, gmap, label_map, labels
        self.keeper, self.timex_types, self.heads = keeper, timex_types, heads

    def add(self, batch: Batch, docs: list[int], preds: list[DocPredictions | None]) -> None:
        """Add the gold and predicted items of documents ``docs`` to ``batch``."""
        batch.docs += docs
        lists = list(map(attrgetter(self.layer), map(self.golds.__getitem__, docs)))
        if not all(preds):  # some documents have gold only
            pdocs = list(compress(docs, map(is_not, preds, repeat(None))))
            plists = [dp.entities for dp in preds if dp is not None]
        else:
            pdocs, plists = docs, list(map(_entities, preds))
        if self.keeper is not None or self.gmap is not None:
            batch.gold += self._gold_one_by_one(docs, lists, batch.gold_values, batch.heads)
        else:
            ents = list(chain.from_iterable(lists))
            spans = list(map(_span, ents))
            gold = _items(docs, lists, map(_start, spans), map(_end, spans), map(_label, ents))
            batch.gold += gold
            if self.heads:
                heads = list(map(_head, ents))
                batch.heads.update(compress(zip(gold, heads), map(is_not, heads, repeat(None))))
            if not self.timex_types.isdisjoint(map(_type, gold)):
                timex = map(self.timex_types.__contains__, map(_type, gold))
                batch.gold_values.update((item, e.value) for item, e in compress(zip(gold, ents), timex))
        if self.keeper is not None:
            batch.pred += self._pred_one_by_one(pdocs, plists, batch.unknown, batch.pred_values)
            return
        pents = list(chain.from_iterable(plists))
        labels = map(_label, pents)
        if self.label_map:
            given = list(labels)
            labels = map(self.label_map.get, given, given)
        pred = _items(pdocs, plists, map(_start, pents), map(_end, pents), labels)
        batch.pred += pred
        types = set(map(_type, pred))
        if not self.labels.issuperset(types):
            batch.unknown.update(t for t in map(_type, pred) if t not in self.labels)
        if not self.timex_types.isdisjoint(types):
            given = map(is_not, map(_value, pents), repeat(None))
            batch.pred_values.update((item, e.value) for item, e in compress(zip(pred, pents), given))

    def _label_of(self, e: Any) -> str | None:
        return self.gmap.get(e.type) if self.gmap is not None else e.type

    def _gold_one_by_one(self, docs: list[int], lists: list[Any], values: dict[Item, str | None], heads: Heads) -> list[Item]:
        items: list[Item] = []
        for di, ents in zip(docs, lists):
            keep_item = self.keeper(self.documents[di]) if self.keeper is not None else None
            for e in ents:
                label = self._label_of(e)
                span = e.span
                if label is None or (keep_item is not None and not keep_item(span.start, label)):
                    continue
                item = (di, span.start, span.end, label)
                items.append(item)
                if label in self.timex_types:
                    values[item] = e.value
                if self.heads and e.head is not None:
                    heads[item] = e.head
        return items

    def _pred_one_by_one(self, docs: list[int], lists: list[Any], unknown: Counter[str], values: dict[Item, str | None]) -> list[Item]:
        items: list[Item] = []
        label_map = self.label_map
        for di, ents in zip(docs, lists):
            keep_item = self.keeper(self.documents[di]) if self.keeper is not None else None
            for e in ents:
                label = label_map.get(e.type, e.type) if label_map else e.type
                if label not in self.labels:
                    unknown[label] += 1  # counted before the filters: a typo is worth a warning anyway
                if keep_item is not None and not keep_item(e.start, label):
                    continue
                item = (di, e.start, e.end, label)
                items.append(item)
                if e.value is not None:
                    values[item] = e.value
        return items


def _items(docs: list[int], lists: list[Any], starts: Iterable[int], ends: Iterable[int], labels: Iterable[str]) -> list[Item]:
    """``(doc, start, end, label)`` for each entity of ``lists`` (one list per document of ``docs``),
    the offsets copied (module docstring)."""
    in_docs = chain.from_iterable(map(repeat, docs, map(len, lists)))
    return list(zip(in_docs, map(add, starts, repeat(0)), map(add, ends, repeat(0)), labels))


class Heads(dict):  # type: ignore[type-arg]
    """Gold heads by item, as head_tiers reads them: ``get`` gives ``(start, end)``."""

    def get(self, item: Item, default: tuple[int, int]) -> tuple[int, int]:  # type: ignore[override]
        head = dict.get(self, item)
        return default if head is None else (head.start, head.end)
