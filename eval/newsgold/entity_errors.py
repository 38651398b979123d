"""What an entity scoring got wrong: the error listing and the confusion table.

Both read the alignment a scoring kept (``EntityConfig.keep_alignments``; the CLI keeps the
strict one when it lists errors). An error is classified by what differs between the gold
and the predicted item it was paired with: ``type``, ``boundary`` or ``boundary+type``;
unpaired items are ``missed`` or ``spurious``.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import itemgetter

from . import collector
from .entities import EntityResult, _gold_types, _pred_types, _type
from .errors import NewsgoldError, incident
from .match import Item


def error_kind(g: Item, p: Item) -> str:
    same_bounds = g[1:3] == p[1:3]
    if same_bounds:
        return "type"
    return "boundary" if g[3] == p[3] else "boundary+type"


@collector.paused()
def error_records(result: EntityResult, mode: str = "strict") -> list[dict[str, object]]:
    """Every false positive and false negative of ``mode``, classified, with its sentence."""
    alignment = result.modes[mode].alignment
    if alignment is None:
        raise NewsgoldError(incident("NG003", "--errors", message=f"mode {mode!r} has no span alignment"))
    # (document, start, kind, gold, pred), in order of document and start (ties: the order here).
    found = [(g[0], g[1], error_kind(g, p), g, p) for g, p in chain(alignment.incorrect, alignment.partial)]
    found += [(g[0], g[1], "missed", g, None) for g in alignment.missed]
    found += [(p[0], p[1], "spurious", None, p) for p in alignment.spurious]
    found.sort(key=_by_doc_and_start)
    rows: list[dict[str, object]] = []
    add = rows.append
    di = -1
    for d, start, kind, g, p in found:
        if d != di:  # a new document: its sentences are walked forward along its errors
            di, doc = d, result.documents[d]
            text, doc_id, sentences = doc.text, doc.doc_id, doc.sentences
            last, sentence, s = len(sentences) - 1, -1, None
        if s is None or (sentence < last and sentences[sentence + 1].start <= start):
            sentence += 1
            while sentence < last and sentences[sentence + 1].start <= start:
                sentence += 1
            s = sentences[sentence]
            sentence_text = text[s.start : s.end]
        add({
            "doc_id": doc_id, "kind": kind,
            "gold_start": g and g[1], "gold_end": g and g[2], "gold_text": g and text[g[1] : g[2]], "gold_type": g and g[3],
            "pred_start": p and p[1], "pred_end": p and p[2], "pred_text": p and text[p[1] : p[2]], "pred_type": p and p[3],
            "sentence": sentence, "sentence_text": sentence_text,
        })
    rows.sort(key=_doc_id)  # stable: the documents may not be in order of their ids
    return rows


_by_doc_and_start = itemgetter(0, 1)
_doc_id = itemgetter("doc_id")


def confusion(result: EntityResult, mode: str = "strict") -> dict[str, dict[str, int]]:
    """Gold type x predicted type over aligned pairs, with MISSED and SPURIOUS."""
    alignment = result.modes[mode].alignment
    assert alignment is not None
    table: dict[str, dict[str, int]] = {}

    def add(gold_type: str, pred_type: str, n: int) -> None:
        row = table.setdefault(gold_type, {})
        row[pred_type] = row.get(pred_type, 0) + n

    # Counted first and laid out after: rows and columns appear in order of first occurrence.
    paired: Counter[tuple[str, str]] = Counter()
    for pairs in (alignment.correct, alignment.partial, alignment.incorrect):
        paired.update(zip(_gold_types(pairs), _pred_types(pairs)))
    for (gt, pt), n in paired.items():
        add(gt, pt, n)
    for gt, n in Counter(map(_type, alignment.missed)).items():
        add(gt, "MISSED", n)
    for pt, n in Counter(map(_type, alignment.spurious)).items():
        add("SPURIOUS", pt, n)
    return table
