"""The entity matching modes: one registry, name -> how the mode matches.

A span mode is a list of tiers (``scoring.match``) built from the batch's gold heads; the
scorer aligns every requested mode at once (modes that begin with the same tiers share
them) and books each mode's pairs the same way. A token mode decodes chunks from IOB2 tags
over the canonical tokens (``scoring.tokens``).

Adding a mode is one entry: ``register(SpanMode("start", "same start and type", tiers))``.
The command line, ``EntityConfig`` and the reports read their choices from here.

>>> [m for m in SPAN_MODES][:4]
['strict', 'exact', 'partial', 'type']
>>> SPAN_MODES["strict"].summary
'same boundaries and type (SemEval-2013 strict)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .match import MODES, Item, KeyTier, OverlapTier, head_tiers

Tiers = Sequence[KeyTier | OverlapTier]
Heads = Mapping[Item, tuple[int, int]]


@dataclass(frozen=True)
class SpanMode:
    """A span mode: its name, one line for help and reports, and its tiers.

    ``tiers`` takes the batch's gold heads (gold item -> head span; most modes ignore them).
    Set ``uses_heads`` when ``tiers`` reads the heads (only then are they collected). With
    ``strip_determiners``, both sides first drop a leading *the*/*a*/*an* (only the pairs a
    dropped determiner can change are matched again).
    """

    name: str
    summary: str
    tiers: Callable[[Heads], Tiers]
    uses_heads: bool = False
    strip_determiners: bool = False


@dataclass(frozen=True)
class TokenMode:
    """A token mode: chunks decoded from IOB2 tags over the canonical tokens, sentence by
    sentence; ``strict`` decodes as seqeval's strict IOB2 mode, otherwise as conlleval."""

    name: str
    summary: str
    strict: bool


def _fixed(tiers: Tiers) -> Callable[[Heads], Tiers]:
    return lambda heads: tiers


SPAN_MODES: dict[str, SpanMode] = {}
TOKEN_MODES: dict[str, TokenMode] = {}


def register(mode: SpanMode | TokenMode) -> SpanMode | TokenMode:
    """Add a mode; its name must be new (modes are never replaced behind a caller's back)."""
    if mode.name in SPAN_MODES or mode.name in TOKEN_MODES:
        raise ValueError(f"a mode named {mode.name!r} is already registered")
    if isinstance(mode, SpanMode):
        SPAN_MODES[mode.name] = mode
    else:
        TOKEN_MODES[mode.name] = mode
    return mode


def unregister(name: str) -> None:
    """Remove a mode added with :func:`register` (tests and plug-ins clean up after themselves)."""
    SPAN_MODES.pop(name, None) or TOKEN_MODES.pop(name, None)


def mode_names() -> tuple[str, ...]:
    """Every registered mode, span modes first, in registration order."""
    return (*SPAN_MODES, *TOKEN_MODES)


for _mode in (
    SpanMode("strict", "same boundaries and type (SemEval-2013 strict)", _fixed(MODES["strict"])),
    SpanMode("exact", "same boundaries, type ignored (SemEval-2013 exact)", _fixed(MODES["exact"])),
    SpanMode(
        "partial",
        "same boundaries count in full, other overlaps half; type ignored (SemEval-2013 partial)",
        _fixed(MODES["partial"]),
    ),
    SpanMode(
        "type",
        "any overlap with the same type (SemEval-2013 ent_type, paired by a maximum one-to-one assignment: "
        "equal to nervaluate when overlaps are one-to-one, can exceed its greedy count on fragmented output)",
        _fixed(MODES["type"]),
    ),
    SpanMode(
        "determiner",
        "strict after dropping a leading the/a/an from either side",
        _fixed(MODES["strict"]),
        strip_determiners=True,
    ),
    SpanMode("head", "a same-type prediction that equals or covers the gold head", head_tiers, uses_heads=True),
    TokenMode(
        "token_conlleval",
        "chunks as conlleval.pl reads them: spans as IOB2 tags of the canonical tokens, tags as submitted",
        False,
    ),
    TokenMode(
        "token_iob2",
        "chunks as seqeval's strict mode reads them: spans as IOB2 tags, tags in their scheme (--scheme)",
        True,
    ),
):
    register(_mode)

BUILTIN_MODES = mode_names()
