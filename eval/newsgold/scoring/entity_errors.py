"""What an entity scoring got wrong, read from its result: error records, the confusion
table and the correct items of one span mode.

They come from the mode's :class:`~newsgold.scoring.listing.Listing` when the scoring listed
that mode (``EntityConfig.list_errors``), otherwise from the mode's kept alignment
(``EntityConfig.keep_alignments``). Both give the same records and table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import itemgetter

from ..gold import collector
from ..gold.errors import NewsgoldError, incident
from .listing import OUTCOMES, confusion_table, error_rows, pair_types
from .match import Alignment, Item, item_type
from .results import EntityResult


def error_records(result: EntityResult, mode: str = "strict") -> list[dict[str, object]]:
    """Every false positive and false negative of ``mode``, classified, with its sentence.

    In order of document id, then of start (ties: paired, missed, spurious)."""
    return list(iter_error_records(result, mode))


def iter_error_records(result: EntityResult, mode: str = "strict") -> Iterator[dict[str, object]]:
    """:func:`error_records` one at a time: from a listing, each record is made as it is read."""
    if result.listing is not None and result.listing.mode == mode:
        return result.listing.iter_records()
    return iter(_aligned_records(result, mode))


def count_errors(result: EntityResult, mode: str = "strict") -> int:
    """How many error records ``mode`` has."""
    if result.listing is not None and result.listing.mode == mode:
        return len(result.listing)
    a = _alignment(result, mode)
    return len(a.incorrect) + len(a.partial) + len(a.missed) + len(a.spurious)


@collector.paused()
def _aligned_records(result: EntityResult, mode: str) -> list[dict[str, object]]:
    alignment = _alignment(result, mode)
    rows = error_rows(
        result.documents, [*alignment.incorrect, *alignment.partial], alignment.missed, alignment.spurious
    )
    rows.sort(key=_doc_id)
    return rows


def confusion(result: EntityResult, mode: str = "strict") -> dict[str, dict[str, int]]:
    """Gold type x predicted type over aligned pairs, with MISSED and SPURIOUS."""
    if result.listing is not None and result.listing.mode == mode:
        return result.listing.table()
    alignment = _alignment(result, mode)
    paired = {o: Counter(pair_types(getattr(alignment, o))) for o in OUTCOMES}
    return confusion_table(
        paired, Counter(map(item_type, alignment.missed)), Counter(map(item_type, alignment.spurious))
    )


def correct_items(result: EntityResult, mode: str = "strict") -> list[Item]:
    """The gold items of ``mode``'s correct pairs (a listing keeps them when asked)."""
    listing = result.listing
    if listing is not None and listing.mode == mode and listing.correct is not None:
        return list(listing.correct)
    return [g for g, _ in _alignment(result, mode).correct]


def _alignment(result: EntityResult, mode: str) -> Alignment:
    alignment = result.modes[mode].alignment if mode in result.modes else None
    if alignment is None:
        raise NewsgoldError(
            incident(
                "NG003",
                "EntityConfig.list_errors",
                message=f"mode {mode!r} has neither a listing nor a kept alignment: list it or keep its alignment",
            )
        )
    return alignment


_doc_id = itemgetter("doc_id")
