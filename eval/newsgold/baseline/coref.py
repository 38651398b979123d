"""The baseline's coreference: the rule baseline's entities and the text's third-person
pronouns, grouped by string match and recency. Deterministic, offline, nothing fitted.

Mentions are the entities :func:`newsgold.baseline.extract` finds (every one, so an entity no
other mention joins is a singleton, as the gold keeps them) and every third-person pronoun.

1. **Names** (every type but the value types) join an earlier mention of the same type when
   their texts are equal once a leading *the* and full stops are dropped (``U.S.`` = ``US``),
   when one is the initials of the other's capitalised words (``US`` = ``United States``), or,
   for PERSON, when a one-word name is the last word, the head, of the other (``Obama`` =
   ``Barack Obama``). Values (dates, numbers) never join: two mentions of *two* are rarely
   the same thing.
2. **Pronouns** join the nearest mention before them, in their own sentence or the one
   before, that agrees: *he*/*she* forms a PERSON (a cluster a *he* joined takes no *she*, and
   the other way round), *it* forms an ORG, GPE, LOC, FAC or PRODUCT, *they* forms an ORG,
   GPE or NORP, or an earlier pronoun of the same form class. A pronoun with no such mention
   is left out (the gold annotates pronouns only where they corefer).

Honest limits: it finds no nominal mentions (*the island*, *the two governments*), so it
misses every nominal link; pleonastic *it* is resolved like any other; *they* takes one
antecedent where the text may mean two (split antecedents). Like the entity baseline it was
written by people who had read the article: a reference point, shown apart, never ranked.

>>> from newsgold.gold.model import Document
>>> from newsgold.gold.spans import Span
>>> from newsgold.readers.records import PredEntity
>>> text = "Barack Obama spoke. He said Obama would go."
>>> doc = Document("d", text, (Span(0, 19), Span(20, 43)), (), {})
>>> names = (PredEntity(0, 12, "PERSON", "Barack Obama"), PredEntity(28, 33, "PERSON", "Obama"))
>>> [[text[s:e] for s, e in c] for c in clusters(doc, names)]
[['Barack Obama', 'He', 'Obama']]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..gold.model import Document
from ..readers.records import PredEntity

Span = tuple[int, int]

VALUE_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# pronoun -> its form class; each class names the entity types it may refer to
PRONOUNS = {
    **dict.fromkeys(("he", "him", "his", "himself"), "male"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "female"),
    **dict.fromkeys(("it", "its", "itself"), "neuter"),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), "plural"),
}
REFERS_TO = {
    "male": frozenset({"PERSON"}),
    "female": frozenset({"PERSON"}),
    "neuter": frozenset({"ORG", "GPE", "LOC", "FAC", "PRODUCT"}),
    "plural": frozenset({"ORG", "GPE", "NORP"}),
}
GENDERS = ("male", "female")


@dataclass
class _Mention:
    span: Span
    kind: str  # an entity type, or a pronoun's form class
    cluster: int
    name: str | None = None  # a name's text, normalised; None for values and pronouns


def _norm(text: str) -> str:
    return re.sub(r"^the\s+", "", text.replace(".", ""), flags=re.IGNORECASE)


def _initials(text: str) -> str:
    return "".join(w[0] for w in text.split() if w[:1].isupper())


def _same_name(x: str, y: str, kind: str) -> bool:
    """Whether two normalised names of type ``kind`` name the same thing (rule 1)."""
    if x == y:
        return True
    short, long = sorted((x, y), key=len)
    if " " in short or " " not in long:
        return False
    if short.isupper() and len(short) > 1 and _initials(long) == short:
        return True
    return kind == "PERSON" and long.split()[-1] == short


def clusters(doc: Document, entities: Sequence[PredEntity]) -> tuple[tuple[Span, ...], ...]:
    """The document's clusters: code point spans, in the order each cluster first appears."""
    mentions: list[_Mention] = []
    for ent in sorted(entities, key=lambda e: (e.start, e.end)):
        cluster, name = len(mentions), None
        if ent.type not in VALUE_TYPES:
            name = _norm(doc.text[ent.start : ent.end])
            cluster = next(
                (
                    m.cluster
                    for m in mentions
                    if m.name is not None and m.kind == ent.type and _same_name(m.name, name, ent.type)
                ),
                cluster,
            )
        mentions.append(_Mention((ent.start, ent.end), ent.type, cluster, name))
    resolved = _pronouns(doc, mentions)
    groups: dict[int, list[Span]] = {}
    for m in sorted(mentions + resolved, key=lambda m: m.span):
        groups.setdefault(m.cluster, []).append(m.span)
    return tuple(tuple(spans) for spans in groups.values())


def _pronouns(doc: Document, mentions: list[_Mention]) -> list[_Mention]:
    """The pronouns that find an antecedent, each in its antecedent's cluster."""
    starts = [s.start for s in doc.sentences]
    gender: dict[int, str] = {}
    found: list[_Mention] = []
    for tok in doc.tokens:
        form = PRONOUNS.get(doc.text[tok.start : tok.end].lower())
        if form is None:
            continue
        sentence = max(bisect_right(starts, tok.start) - 1, 0)
        window = starts[max(sentence - 1, 0)]
        earlier = (m for m in reversed(mentions + found) if window <= m.span[0] and m.span[1] <= tok.start)
        for m in sorted(earlier, key=lambda m: -m.span[1]):
            fits = m.kind == form or m.kind in REFERS_TO[form]
            if fits and (form not in GENDERS or gender.get(m.cluster, form) == form):
                if form in GENDERS:
                    gender[m.cluster] = form
                found.append(_Mention((tok.start, tok.end), form, m.cluster))
                break
    return found
