"""Listing the errors of one span mode while the scoring goes.

A :class:`Listing` reads each batch's alignment while its items are fresh and keeps only the
error records and the confusion counts: memory grows with the errors, not with the corpus.

An error is classified by what differs between the gold and the predicted item it was
paired with: ``type``, ``boundary`` or ``boundary+type``; unpaired items are ``missed`` or
``spurious``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter

from ..gold.model import Document
from .match import Item, Pair, Steps, item_type, pair_gold, pair_pred

OUTCOMES = ("correct", "partial", "incorrect")


def error_kind(g: Item, p: Item) -> str:
    _, g_start, g_end, g_type = g
    _, p_start, p_end, p_type = p
    if (g_start, g_end) == (p_start, p_end):
        return "type"
    return "boundary" if g_type == p_type else "boundary+type"


class Listing:
    """The error records and confusion counts of one span mode, added batch by batch.

    With ``correct``, the gold items of the correct pairs are kept too (what a viewer shows
    besides the errors).
    """

    def __init__(self, mode: str, documents: Sequence[Document], correct: bool = False):
        self.mode, self.documents = mode, documents
        # Each error as (document index, start, kind, gold item, predicted item): its record,
        # with the texts and the sentence, is made only when it is read (``iter_records``).
        self.errors: list[Found] = []
        self.paired: dict[str, Counter[tuple[str, str]]] = {o: Counter() for o in OUTCOMES}
        self.missed: Counter[str] = Counter()
        self.spurious: Counter[str] = Counter()
        self.correct: list[Item] | None = [] if correct else None

    def add(self, steps: Steps, missed: list[Item], spurious: list[Item]) -> None:
        """One batch's alignment: its pairs tier by tier (the first tier of every mode pairs
        equal items), and what stayed unpaired."""
        for tier, (outcome, pairs) in enumerate(steps):
            if tier == 0:  # equal items: the gold types say it all
                counts = self.paired[outcome]
                for t, n in Counter(map(item_type, map(pair_gold, pairs))).items():
                    counts[t, t] += n
            else:
                self.paired[outcome].update(pair_types(pairs))
            if outcome == "correct" and self.correct is not None:
                self.correct += map(pair_gold, pairs)
        self.missed.update(map(item_type, missed))
        self.spurious.update(map(item_type, spurious))
        wrong = [pair for outcome in ("incorrect", "partial") for o, pairs in steps if o == outcome for pair in pairs]
        self.errors += found(wrong, missed, spurious)

    def __len__(self) -> int:
        """How many errors were listed."""
        return len(self.errors)

    def iter_records(self) -> Iterator[dict[str, object]]:
        """The error records one at a time, in order of document id, then of start (ties: paired,
        missed, spurious): each made as it is read, none kept."""
        docs = self.documents
        # Stable: a document's errors keep the order they were found in, which is by start.
        return records(docs, sorted(self.errors, key=lambda f: (docs[f[0]].doc_id, f[1])))

    def records(self) -> list[dict[str, object]]:
        return list(self.iter_records())

    def table(self) -> dict[str, dict[str, int]]:
        return confusion_table(self.paired, self.missed, self.spurious)


Found = tuple[int, int, str, Item | None, Item | None]
"""An error before it becomes a record: document index, start, kind, gold and predicted item."""


def found(paired: list[Pair], missed: list[Item], spurious: list[Item]) -> list[Found]:
    """Errors as :data:`Found` tuples: the paired ones, then the missed, then the spurious."""
    out: list[Found] = [(*_doc_and_start(g), error_kind(g, p), g, p) for g, p in paired]
    out += [(*_doc_and_start(g), "missed", g, None) for g in missed]
    out += [(*_doc_and_start(p), "spurious", None, p) for p in spurious]
    return out


def error_rows(
    documents: Sequence[Document], paired: list[Pair], missed: list[Item], spurious: list[Item]
) -> list[dict[str, object]]:
    """Error records in order of document position and start (ties: the order given)."""
    return list(records(documents, sorted(found(paired, missed, spurious), key=_doc_and_start)))


ERROR_FIELDS = (
    "doc_id",
    "kind",
    "gold_start",
    "gold_end",
    "gold_text",
    "gold_type",
    "pred_start",
    "pred_end",
    "pred_text",
    "pred_type",
    "sentence",
    "sentence_text",
)
"""The fields of an error record, in order."""


def records(documents: Sequence[Document], errors: Iterable[Found]) -> Iterator[dict[str, object]]:
    """The record of each error, in the order given (a document's errors together, by start),
    with the text of each side and the sentence it starts in."""
    di = -1
    for d, start, kind, g, p in errors:
        if d != di:  # a new document: its sentences are walked forward along its errors
            di, doc = d, documents[d]
            text, doc_id, sentences = doc.text, doc.doc_id, doc.sentences
            last, sentence, s = len(sentences) - 1, -1, None
        if s is None or (sentence < last and sentences[sentence + 1].start <= start):
            sentence += 1
            while sentence < last and sentences[sentence + 1].start <= start:
                sentence += 1
            s = sentences[sentence]
            sentence_text = text[s.start : s.end]
        _, g_start, g_end, g_type = g or _NO_ITEM
        _, p_start, p_end, p_type = p or _NO_ITEM
        yield {
            "doc_id": doc_id,
            "kind": kind,
            "gold_start": g_start,
            "gold_end": g_end,
            "gold_text": g and text[g_start:g_end],
            "gold_type": g_type,
            "pred_start": p_start,
            "pred_end": p_end,
            "pred_text": p and text[p_start:p_end],
            "pred_type": p_type,
            "sentence": sentence,
            "sentence_text": sentence_text,
        }


_NO_ITEM = (None, None, None, None)  # the side of an unpaired error that has no item


def confusion_table(
    paired: dict[str, Counter[tuple[str, str]]], missed: Counter[str], spurious: Counter[str]
) -> dict[str, dict[str, int]]:
    """Gold type x predicted type: rows and columns in order of type name, SPURIOUS the last row
    and MISSED the last column.

    Not in order of first occurrence: that depends on the order the batches came in (a listing
    sees documents as the predictions give them, a kept alignment sorted), so two paths to the
    same counts would lay the table out differently."""
    cells: Counter[tuple[str, str]] = Counter()
    for outcome in OUTCOMES:
        cells.update(paired[outcome])
    cells.update({(gt, "MISSED"): n for gt, n in missed.items()})
    cells.update({("SPURIOUS", pt): n for pt, n in spurious.items()})
    table: dict[str, dict[str, int]] = {}
    for (gt, pt), n in sorted(cells.items(), key=lambda c: (_last(c[0][0], "SPURIOUS"), _last(c[0][1], "MISSED"))):
        table.setdefault(gt, {})[pt] = n
    return table


def _last(name: str, edge: str) -> tuple[bool, str]:
    """A sort key that puts ``edge`` after every type name."""
    return name == edge, name


def pair_types(pairs: list[Pair]) -> Iterable[tuple[str, str]]:
    return zip(map(item_type, map(pair_gold, pairs)), map(item_type, map(pair_pred, pairs)))


_doc_and_start = itemgetter(0, 1)  # of an item, and of a row of ``found`` (which begins with them)
