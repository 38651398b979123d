"""Aligning entities and events given as text only (what LLM extractors return) to the document.

Entities (``{"text": "Cuba", "type": "GPE"}``), in order:

1. Each distinct (text, type) pair is looked up in the document at canonical token
   boundaries: first exactly; if absent, ignoring case; if still absent, with straight and
   curly quotes and apostrophes treated as equal and runs of whitespace as one space.
2. A pair labels **every** occurrence it finds: an extractor that names "Cuba" once means
   each mention of Cuba. Listing the same pair twice changes nothing.
3. Longer occurrences are claimed first, and of two as long, an exact one before one found
   ignoring case, before one found ignoring quote style (``"THE"`` found only as "the" does
   not take the occurrences of an exact ``"the"`` of another type); an occurrence inside or
   across one already claimed is skipped, so the result is flat (``Cuban`` inside ``Cuban
   Interests Section`` is not labelled again).
4. The same text listed with two types is ambiguous: the first type listed wins, and the
   conflict is reported.

Events (``{"type": "Contact:Meet", "trigger": "talks", "arguments": [{"role": "Entity",
"text": "Cuba"}]}``; the trigger may also be ``{"text": "talks"}``):

5. The trigger is looked up as an entity text is (rule 1); each argument is looked up the
   same way, but only inside the sentence of a trigger occurrence (ACE arguments lie in
   their trigger's sentence).
6. An event with arguments is placed at the one occurrence whose sentence holds the most of
   them, and among those the one nearest to them (the least sum of distances from the trigger
   to each argument); when occurrences still tie, the arguments do not say which event is
   meant: it is reported as ambiguous and left out. An event without arguments is placed once, at the
   first occurrence of its trigger (in document order) that no event of its type holds yet
   (events with arguments are placed first); an event listed twice so takes two occurrences.
7. An argument is placed where its text occurs once in that sentence; an argument found
   nowhere there, or more than once, is reported and left out (the event stays).
8. Listing the same event with arguments twice changes nothing.

Scored, a quoted argument matches the gold mention whose extent or head it quotes (both
count: ``--arg-match quote``, what text-only predictions are scored with by default).

Texts found nowhere, and ambiguous texts, are reported as warnings (NG608); nothing is
guessed beyond these rules.

>>> from newsgold.gold.model import Document
>>> from newsgold.gold.spans import Span
>>> doc = Document("d", "Cuba and the Cuban Interests Section in Cuba.", (Span(0, 45),), (), {})
>>> ents, notes = align_text_entities([{"text": "Cuba", "type": "GPE"},
...                                    {"text": "Cuban Interests Section", "type": "ORG"},
...                                    {"text": "Havana", "type": "GPE"}], doc)
>>> [(e.start, e.end, e.type) for e in ents]
[(0, 4, 'GPE'), (13, 36, 'ORG'), (40, 44, 'GPE')]
>>> notes
["'Havana' (GPE) occurs nowhere in the document"]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..gold.model import Document
from ..gold.spans import Span
from ..tables.rules import BadRecord, objects
from .jsonl import field_of, first_entity, jsonl_reader
from .records import PredArgument, PredEntity, PredEvent

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES))


class _Occurrences:
    """Occurrences of texts in one document, by the policy's three tries (see rule 1).

    Each try runs over the document once per distinct text; a range (a sentence) takes its
    occurrences from that list by bisection, so texts that occur often cost a search each,
    not one per occurrence of their trigger.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.normal_text: str | None = None
        self.found: dict[tuple[str, int], list[tuple[int, int]]] = {}

    def _try(self, needle: str, k: int) -> list[tuple[int, int]]:
        found = self.found.get((needle, k))
        if found is None:
            text = self.doc.text
            if k == 2:
                if self.normal_text is None:
                    self.normal_text = text.translate(_QUOTES)
                text, needle_form = self.normal_text, _normal(needle)
            else:
                needle_form = needle
            pattern = re.escape(needle_form).replace(r"\ ", r"\s+")
            index = self.doc.token_index
            found = self.found[(needle, k)] = [
                (m.start(), m.end())
                for m in re.finditer(pattern, text, re.IGNORECASE if k else 0)
                if index.is_boundary(m.start()) and index.is_boundary(m.end())
            ]
        return found

    def __call__(self, needle: str, within: Span | None = None) -> list[tuple[int, int]]:
        """Occurrences of ``needle`` on token boundaries (inside ``within``, if given): the
        first of the three tries that finds any there."""
        for k in range(3):
            found = self._try(needle, k)
            if within is not None:  # matches of one pattern come in order, ends too
                lo = bisect_left(found, within.start, key=itemgetter(0))
                hi = bisect_right(found, within.end, lo, key=itemgetter(1))
                found = found[lo:hi]
            if found:
                return found
        return []

    def first_try(self, needle: str) -> tuple[int, list[tuple[int, int]]]:
        """Which of the three tries (0 exact, 1 ignoring case, 2 ignoring quote style and
        spacing) first finds ``needle`` in the document, and its occurrences there (3, [] when none)."""
        for k in range(3):
            found = self._try(needle, k)
            if found:
                return k, found
        return 3, []


def align_text_entities(items: list[Any], doc: Document) -> tuple[list[PredEntity], list[str]]:
    pairs: dict[str, str] = {}
    notes: list[str] = []
    for ptr, item in objects(items, "/entities", "an entity"):
        text = field_of(item, "text", str, ptr)
        label = field_of(item, "type", str, ptr)
        if not text.strip():
            raise BadRecord(ptr + "/text", "empty entity text")
        if text in pairs and pairs[text] != label:
            notes.append(f"{text!r} is listed as {pairs[text]} and as {label}: kept {pairs[text]} (listed first)")
            continue
        pairs.setdefault(text, label)
    occurrences = _Occurrences(doc)
    found: list[tuple[int, int, str, int, int, str]] = []  # the claim order (rule 3), then the span and type
    for text, label in pairs.items():
        k, spans = occurrences.first_try(text)
        if not spans:
            notes.append(f"{text!r} ({label}) occurs nowhere in the document")
        found += [(s - e, k, text, s, e, label) for s, e in spans]
    claimed = bytearray(len(doc.text))  # 1 where a kept occurrence lies: claimed spans never overlap
    out: list[PredEntity] = []
    for _, _, _, s, e, label in sorted(found):
        if claimed.find(1, s, e) >= 0:
            continue
        claimed[s:e] = b"\x01" * (e - s)
        out.append(PredEntity(s, e, label, doc.text[s:e]))
    out.sort(key=lambda p: (p.start, p.end))
    return out, notes


def _text(value: Any, ptr: str) -> str:
    text = value.get("text") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text.strip():
        raise BadRecord(ptr, f'give the text as a non-empty string (or {{"text": ...}}), got {value!r}')
    return text


def align_text_events(items: list[Any], doc: Document) -> tuple[list[PredEvent], list[str]]:
    """Events whose trigger and arguments are text, placed by rules 5-8 above.

    >>> from newsgold.gold.model import Document
    >>> from newsgold.gold.spans import Span
    >>> doc = Document("d", "Cuba and the US met. The US met Spain.", (Span(0, 20), Span(21, 38)), (), {})
    >>> events, notes = align_text_events([
    ...     {"type": "Contact:Meet", "trigger": "met",
    ...      "arguments": [{"role": "Entity", "text": "Cuba"}, {"role": "Entity", "text": "US"}]},
    ...     {"type": "Contact:Meet", "trigger": "met", "arguments": [{"role": "Entity", "text": "the US"}]}], doc)
    >>> [(e.trigger.start, [(a.start, a.end) for a in e.arguments]) for e in events]
    [(16, [(0, 4), (13, 15)])]
    >>> notes
    ["event 1 (Contact:Meet 'met'): its arguments occur as often in 2 sentences of its trigger; left out as ambiguous"]
    """
    out: dict[PredEvent, None] = {}
    notes: list[str] = []
    occurrences = _Occurrences(doc)
    bare: list[tuple[str, str, list[tuple[int, int]]]] = []  # events without arguments, placed last
    for i, (ptr, ev) in enumerate(objects(items, "/events", "an event")):
        label = field_of(ev, "type", str, ptr)
        if "trigger" not in ev:
            raise BadRecord(ptr, "missing field 'trigger'")
        trigger = _text(ev["trigger"], f"{ptr}/trigger")
        args = []
        for aptr, a in objects(
            field_of(ev, "arguments", list, ptr, required=False) or [], f"{ptr}/arguments", "an argument"
        ):
            args.append((field_of(a, "role", str, aptr), _text(a.get("text"), f"{aptr}/text")))
        what = f"event {i} ({label} {trigger!r})"
        spots = occurrences(trigger)
        if not spots:
            notes.append(f"{what}: the trigger occurs nowhere in the document")
            continue
        sentences = [doc.sentences[doc.sentence_of(s)] for s, _ in spots]
        found = [[occurrences(text, sentence) for _, text in args] for sentence in sentences]
        if args:
            held = [sum(1 for f in per_arg if f) for per_arg in found]
            best = [k for k, n in enumerate(held) if n == max(held)]
            if len(best) > 1:  # the nearest to its arguments
                far = {k: sum(min(abs(a - spots[k][0]) for a, _ in f) for f in found[k] if f) for k in best}
                best = [k for k in best if far[k] == min(far.values())]
            if len(best) > 1:
                notes.append(
                    f"{what}: its arguments occur as often in {len(best)} sentences of its trigger; "
                    "left out as ambiguous"
                )
                continue
        else:
            bare.append((label, what, spots))
            continue
        for k in best:
            placed = []
            for (role, text), where in zip(args, found[k]):
                if len(where) == 1:
                    placed.append(PredArgument(role, *where[0]))
                else:
                    problem = "occurs nowhere" if not where else f"occurs {len(where)} times"
                    notes.append(f"{what}: argument {text!r} ({role}) {problem} in the trigger's sentence; left out")
            out[PredEvent(label, Span(*spots[k]), tuple(placed))] = None
    taken = {(e.type, e.trigger.start, e.trigger.end) for e in out}
    for label, what, spots in bare:
        free = [spot for spot in spots if (label, *spot) not in taken]
        if not free:
            notes.append(f"{what}: every occurrence of its trigger already holds a {label} event; left out")
            continue
        taken.add((label, *free[0]))
        out[PredEvent(label, Span(*free[0]), ())] = None
    return list(out), notes


def _looks_text_only(path: Path) -> bool:
    e = first_entity(path)
    if e is not None:
        return "start" not in e and "end" not in e and "text" in e
    ev = first_entity(path, key="events")
    return ev is not None and (
        isinstance(ev.get("trigger"), str) or (isinstance(ev.get("trigger"), dict) and "start" not in ev["trigger"])
    )


READER = jsonl_reader(
    "text-only",
    "JSON Lines whose entities (and events) have text but no offsets (LLM output): each entity text labels "
    "every occurrence at token edges (exact, then ignoring case and quote style; longer occurrences first, "
    "and of two as long the exact one), "
    "events are placed inside the trigger's sentence, with a warning for each text not found, ambiguous or "
    "given two types",
    align_text_entities,
    _looks_text_only,
    align_text_events,
)
