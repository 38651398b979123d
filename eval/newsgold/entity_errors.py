"""What an entity scoring got wrong: the error listing and the confusion table.

Both read the alignment a scoring kept (``EntityConfig.keep_alignments``; the CLI keeps the
strict one when it lists errors). An error is classified by what differs between the gold
and the predicted item it was paired with: ``type``, ``boundary`` or ``boundary+type``;
unpaired items are ``missed`` or ``spurious``.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from .entities import EntityResult, _gold_types, _pred_types, _type
from .errors import NewsgoldError, incident
from .match import Item
from .model import Document


def error_kind(g: Item, p: Item) -> str:
    same_bounds = g[1:3] == p[1:3]
    if same_bounds:
        return "type"
    return "boundary" if g[3] == p[3] else "boundary+type"


def error_records(result: EntityResult, mode: str = "strict") -> list[dict[str, object]]:
    """Every false positive and false negative of ``mode``, classified, with its sentence."""
    alignment = result.modes[mode].alignment
    if alignment is None:
        raise NewsgoldError(incident("NG003", "--errors", message=f"mode {mode!r} has no span alignment"))
    docs = result.documents
    # Errors cluster in sentences: each sentence's text is sliced once and shared by its rows.
    sentence_texts: dict[tuple[int, int], str] = {}
    keyed: list[tuple[str, int, dict[str, object]]] = []
    add = keyed.append

    def where(di: int, offset: int) -> tuple[Document, int, str]:
        doc = docs[di]
        sentences = doc.sentences
        if len(sentences) > 8:
            sentence = doc.sentence_of(offset)
        else:  # what sentence_of's bisection gives, without building its index for a short document
            lo, hi = 0, len(sentences)
            while lo < hi:
                mid = (lo + hi) // 2
                if offset < sentences[mid].start:
                    hi = mid
                else:
                    lo = mid + 1
            sentence = lo - 1
        text = sentence_texts.get((di, sentence))
        if text is None:
            s = sentences[sentence]
            text = sentence_texts[(di, sentence)] = doc.text[s.start : s.end]
        return doc, sentence, text

    for g, p in alignment.incorrect + alignment.partial:
        doc, sentence, sentence_text = where(g[0], g[1])
        text, doc_id = doc.text, doc.doc_id
        add((doc_id, g[1], {
            "doc_id": doc_id, "kind": error_kind(g, p),
            "gold_start": g[1], "gold_end": g[2], "gold_text": text[g[1] : g[2]], "gold_type": g[3],
            "pred_start": p[1], "pred_end": p[2], "pred_text": text[p[1] : p[2]], "pred_type": p[3],
            "sentence": sentence, "sentence_text": sentence_text,
        }))
    for g in alignment.missed:
        doc, sentence, sentence_text = where(g[0], g[1])
        doc_id = doc.doc_id
        add((doc_id, g[1], {
            "doc_id": doc_id, "kind": "missed",
            "gold_start": g[1], "gold_end": g[2], "gold_text": doc.text[g[1] : g[2]], "gold_type": g[3],
            "pred_start": None, "pred_end": None, "pred_text": None, "pred_type": None,
            "sentence": sentence, "sentence_text": sentence_text,
        }))
    for p in alignment.spurious:
        doc, sentence, sentence_text = where(p[0], p[1])
        doc_id = doc.doc_id
        add((doc_id, p[1], {
            "doc_id": doc_id, "kind": "spurious",
            "gold_start": None, "gold_end": None, "gold_text": None, "gold_type": None,
            "pred_start": p[1], "pred_end": p[2], "pred_text": doc.text[p[1] : p[2]], "pred_type": p[3],
            "sentence": sentence, "sentence_text": sentence_text,
        }))
    keyed.sort(key=_by_doc_and_start)  # stable: ties keep the order above
    return [r for _, _, r in keyed]


_by_doc_and_start = itemgetter(0, 1)


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
