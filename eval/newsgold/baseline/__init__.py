"""The bundled baseline: a deterministic rule-based extractor that runs anywhere, offline.

It uses general rules and general resources only: a GeoNames gazetteer (countries, cities
over 500,000 people and capitals, US states, continents), English date, number and title
words, organisation keywords, and demonyms derived from the gazetteer's names. Nothing in it
was fitted to the gold.

Honest limits: it was written by people who had read the article, so its score here is an
optimistic floor rather than a blind baseline; it knows no names outside the gazetteer and
guesses PERSON for other capitalised pairs; its events come from a small trigger lexicon
(meetings, talks, travel) with arguments picked by position. Use it to check a pipeline end
to end and as the bar every real system should clear.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from importlib import resources

from ..gold.model import Document
from ..gold.spans import Span
from ..readers.records import DocPredictions, PredArgument, PredEntity, PredEvent

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
UNITS = {"day": "D", "days": "D", "week": "W", "weeks": "W", "month": "M", "months": "M", "year": "Y", "years": "Y"}
TITLES = {
    "president",
    "minister",
    "secretary",
    "official",
    "mr",
    "mrs",
    "ms",
    "dr",
    "senator",
    "governor",
    "ambassador",
    "diplomat",
    "spokesman",
    "spokeswoman",
    "leader",
    "chancellor",
    "king",
    "queen",
    "prince",
    "general",
    "envoy",
}
ORG_WORDS = {
    "department",
    "ministry",
    "agency",
    "office",
    "council",
    "committee",
    "bank",
    "university",
    "party",
    "union",
    "association",
    "organization",
    "organisation",
    "corporation",
    "corp",
    "inc",
    "company",
    "group",
    "commission",
    "court",
    "senate",
    "congress",
    "parliament",
    "bureau",
    "institute",
    "foundation",
    "nations",
    "army",
    "police",
}
POLITICAL = {
    "communist",
    "communists",
    "socialist",
    "socialists",
    "marxist",
    "marxists",
    "fascist",
    "fascists",
    "democrats",
    "republicans",
    "islamist",
    "islamists",
}
REGIONS = {
    "Latin America",
    "Middle East",
    "Western Europe",
    "Eastern Europe",
    "Central America",
    "South America",
    "North America",
    "Southeast Asia",
    "East Asia",
    "Caribbean",
    "Balkans",
    "Sahara",
    "Gulf",
}
ABBREVIATIONS = {
    "US": "GPE",
    "U.S.": "GPE",
    "UK": "GPE",
    "U.K.": "GPE",
    "USA": "GPE",
    "UAE": "GPE",
    "USSR": "GPE",
    "EU": "ORG",
    "UN": "ORG",
    "U.N.": "ORG",
    "NATO": "ORG",
}
FUNCTION = {
    "the",
    "a",
    "an",
    "after",
    "as",
    "on",
    "in",
    "at",
    "for",
    "by",
    "with",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "our",
    "there",
    "last",
    "next",
    "since",
    "during",
    "before",
    "from",
    "to",
    "of",
    "also",
    "however",
    "meanwhile",
    "according",
}
MEET = {
    "talks": "Contact:Meet",
    "meeting": "Contact:Meet",
    "meetings": "Contact:Meet",
    "met": "Contact:Meet",
    "meet": "Contact:Meet",
    "discussions": "Contact:Meet",
    "summit": "Contact:Meet",
    "negotiations": "Contact:Meet",
    "spoke": "Contact:Meet",
    "travelled": "Movement:Transport",
    "traveled": "Movement:Transport",
    "travel": "Movement:Transport",
    "trip": "Movement:Transport",
    "visit": "Movement:Transport",
    "visited": "Movement:Transport",
    "arrived": "Movement:Transport",
    "flew": "Movement:Transport",
}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, set[str]]:
    raw = json.loads(resources.files(__package__).joinpath("gazetteer.json").read_text(encoding="utf-8"))
    gpe = set(raw["countries"]) | set(raw["cities"]) | set(raw["us_states"]) | {"United States of America", "America"}
    loc = set(raw["continents"]) | REGIONS
    demonyms = set()
    for name in set(raw["countries"]) | set(raw["continents"]) | {"America", "Latin America"}:
        last = name.split()[-1]
        for stem in (last, last.rstrip("aeiouy")):
            demonyms |= {stem + "n", stem + "an", stem + "ian", stem + "ese", stem + "ish", stem + "i"}
    return {"GPE": gpe, "LOC": loc, "NORP": demonyms}


def _dct(doc: Document) -> dt.date:
    """The document creation time: the dateline date in the corpus metadata."""
    return dt.date.fromisoformat(doc.meta["dateline"]["date"])


def _year_for(month: int, day: int | None, dct: dt.date) -> int:
    """A month named without a year: the most recent one not more than a month after the document date."""
    year = dct.year
    if (month, day or 1) > (dct.month, dct.day) and month - dct.month > 1:
        year -= 1
    return year


_NUM = "|".join(NUMBERS) + r"|\d+"
_DATE_PATTERNS: list[tuple[str, str]] = [
    (r"(?i:the\s+)?(?i:early\s+|late\s+|mid-)?(1[89]\d|20\d)0s", "decade"),
    (r"\d+-year-old", "age"),
    (
        r"(?i:almost|nearly|about|some|more than|over|less than)?\s*(?:"
        + _NUM
        + r")\s+(days|weeks|months|years)(?:\s+ago)?",
        "duration",
    ),
    (r"(?i:last|next|this)\s+(week|month|year)", "relative"),
    (r"(?i:last|next|this)\s+(" + "|".join(m.capitalize() for m in MONTHS) + ")", "relative_month"),
    (r"(" + "|".join(m.capitalize() for m in MONTHS) + r")\s+(\d{4})", "month_year"),
    (
        r"("
        + "|".join(m.capitalize() for m in MONTHS)
        + "|"
        + "|".join(k.capitalize() for k in MONTH_ABBR)
        + r")\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?!\d)",
        "month_day",
    ),
    (r"(" + "|".join(m.capitalize() for m in MONTHS) + r")", "month"),
    (r"(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")", "weekday"),
    (r"(?i:today|yesterday|tomorrow)", "deictic"),
    (r"(?<![\d,.])(1[89]\d{2}|20\d{2})(?![\d,])", "year"),
]
_DATE = [(re.compile(r"(?<![\w-])(?:" + p + r")(?![\w])"), kind) for p, kind in _DATE_PATTERNS]


def _timex(kind: str, m: re.Match[str], dct: dt.date) -> str | None:
    text = m.group(0).lower()
    if kind == "decade":
        return m.group(1)
    if kind == "age":
        return f"P{int(text.split('-')[0])}Y"
    if kind == "duration":
        n = re.search(_NUM, text)
        amount = NUMBERS.get(n.group(0), None) if n and not n.group(0).isdigit() else int(n.group(0)) if n else None
        return f"P{amount}{UNITS[m.group(1).lower()]}" if amount is not None and "ago" not in text else None
    if kind == "relative":
        unit, shift = m.group(1).lower(), {"last": -1, "next": 1, "this": 0}[text.split()[0]]
        if unit == "week":
            iso = (dct + dt.timedelta(weeks=shift)).isocalendar()
            return f"{iso[0]}-W{iso[1]:02d}"
        if unit == "month":
            month = (dct.month - 1 + shift) % 12 + 1
            return f"{dct.year + (dct.month - 1 + shift) // 12}-{month:02d}"
        return str(dct.year + shift)
    if kind == "relative_month":
        month = MONTHS.index(m.group(1).lower()) + 1
        year = (
            dct.year
            - (1 if month >= dct.month and text.startswith("last") else 0)
            + (1 if text.startswith("next") and month <= dct.month else 0)
        )
        return f"{year}-{month:02d}"
    if kind == "month_year":
        return f"{m.group(2)}-{MONTHS.index(m.group(1).lower()) + 1:02d}"
    if kind == "month_day":
        month = MONTH_ABBR[m.group(1).lower()[:3]] if m.group(1).lower()[:4] != "sept" else 9
        day = int(m.group(2))
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, dct)
        return f"{year}-{month:02d}-{day:02d}"
    if kind == "month":
        month = MONTHS.index(m.group(1).lower()) + 1
        return f"{_year_for(month, None, dct)}-{month:02d}"
    if kind == "weekday":
        target = WEEKDAYS.index(m.group(1).lower())
        diff = (target - dct.weekday() + 3) % 7 - 3  # the nearest such day, within three days either way
        return (dct + dt.timedelta(days=diff)).isoformat()
    if kind == "deictic":
        return (dct + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[text])).isoformat()
    return m.group(1)


def _dates(doc: Document) -> list[PredEntity]:
    dct = _dct(doc)
    found: list[PredEntity] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE:
        for m in pattern.finditer(doc.text):
            s, e = m.start(), m.end()
            while doc.text[s].isspace():
                s += 1
            if any(a < e and s < b for a, b in taken):
                continue
            if kind == "month" and m.group(1).lower() in ("may", "march") and not doc.text[e : e + 1].isspace():
                continue
            taken.append((s, e))
            found.append(PredEntity(s, e, "DATE", doc.text[s:e], None, _timex(kind, m, dct)))
    return found


def _classify(words: list[str], prev: str | None) -> str | None:
    gaz = gazetteer()
    name = " ".join(words)
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name]
    if name in gaz["GPE"]:
        return "GPE"
    if name in gaz["LOC"]:
        return "LOC"
    if re.search(r"\.(com|org|net|gov|info)$", name):
        return "ORG"
    if words[-1].lower() in ORG_WORDS and len(words) > 1:
        return "ORG"
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,5}", name):
        return "ORG"
    if all(w.rstrip("s") in gaz["NORP"] or w in gaz["NORP"] for w in words):
        return "NORP"
    if prev is not None and prev.lower().rstrip(".") in TITLES:
        return "PERSON"
    if any(w.lower() in TITLES for w in words[:-1]):
        return "PERSON"  # 'Foreign Minister Bruno Rodriguez': the name after the last title word (see _names)
    if 2 <= len(words) <= 3:
        return "PERSON"
    return None


def _names(doc: Document, dates: list[PredEntity]) -> list[PredEntity]:
    text = doc.text
    out: list[PredEntity] = []
    surnames: set[str] = set()
    busy = [(d.start, d.end) for d in dates]
    for sent in doc.sentences:
        toks = [t for t in doc.tokens if sent.start <= t.start < sent.end]
        i = 0
        while i < len(toks):
            word = text[toks[i].start : toks[i].end]
            capital = word[:1].isupper() or re.fullmatch(r"[A-Z][\w.]*", word) is not None
            if not capital or word.lower() in FUNCTION or any(a <= toks[i].start < b for a, b in busy):
                i += 1
                continue
            j = i + 1
            # a run of capitalised tokens, joined by hyphens, or by 'of'/'for' inside a name
            while j < len(toks):
                nxt = text[toks[j].start : toks[j].end]
                glued = toks[j].start == toks[j - 1].end
                if (
                    nxt[:1].isupper()
                    and nxt.lower() not in FUNCTION
                    and not any(a <= toks[j].start < b for a, b in busy)
                ):
                    j += 1
                elif nxt in ("-",) and glued and j + 1 < len(toks) and text[toks[j + 1].start][:1].isupper():
                    j += 2
                else:
                    break
            words = [text[t.start : t.end] for t in toks[i:j] if text[t.start : t.end] != "-"]
            s, e = toks[i].start, toks[j - 1].end
            initial = i == 0 or text[toks[i - 1].start : toks[i - 1].end] in (".", "“", '"', ")")
            if initial and len(words) == 1 and (word.lower().endswith(("ed", "ing", "ly")) or word.lower() in FUNCTION):
                i = j
                continue
            prev = text[toks[i - 1].start : toks[i - 1].end] if i > 0 else None
            label = _classify(words, prev)
            if label is None and len(words) == 1 and words[0] in surnames:
                label = "PERSON"
            if label is None and len(words) > 1 and words[0] in gazetteer()["NORP"]:
                # 'Cuban Foreign Minister ...': a demonym before a title word
                out.append(PredEntity(s, toks[i].end, "NORP", text[s : toks[i].end]))
                i += 1
                continue
            if label is not None:
                if label == "PERSON":
                    surnames.add(words[-1])
                # title words that open the run are not part of the name
                if label == "PERSON":
                    run = [t for t in toks[i:j] if text[t.start : t.end] != "-"]
                    last_title = max(
                        (k for k, t in enumerate(run[:-1]) if text[t.start : t.end].lower() in TITLES), default=-1
                    )
                    s = run[last_title + 1].start
                    if last_title >= 0 and words[0] in gazetteer()["NORP"]:
                        out.append(PredEntity(run[0].start, run[0].end, "NORP", text[run[0].start : run[0].end]))
                out.append(PredEntity(s, e, label, text[s:e]))
            i = j
    for t in doc.tokens:
        word = text[t.start : t.end]
        lower = word.lower()
        if lower in POLITICAL:
            out.append(PredEntity(t.start, t.end, "NORP", word))
        elif lower in ORDINALS:
            out.append(PredEntity(t.start, t.end, "ORDINAL", word))
        elif (lower in NUMBERS or word.isdigit()) and not any(a <= t.start < b for a, b in busy):
            out.append(PredEntity(t.start, t.end, "CARDINAL", word))
    return out


def _flat(entities: list[PredEntity]) -> list[PredEntity]:
    """Longest first, no overlaps."""
    kept: list[PredEntity] = []
    for ent in sorted(entities, key=lambda x: (-(x.end - x.start), x.start)):
        if not any(k.start < ent.end and ent.start < k.end for k in kept):
            kept.append(ent)
    return sorted(kept, key=lambda x: (x.start, x.end))


def _events(doc: Document, entities: list[PredEntity]) -> list[PredEvent]:
    out = []
    for t in doc.tokens:
        subtype = MEET.get(doc.text[t.start : t.end].lower())
        if subtype is None:
            continue
        sentence = doc.sentences[doc.sentence_of(t.start)]
        in_sentence = [e for e in entities if sentence.start <= e.start < sentence.end]
        args = []
        for e in in_sentence:
            before = doc.text[max(sentence.start, e.start - 4) : e.start].strip().lower()
            if e.type == "GPE" and before.endswith(("in", "at")) and subtype == "Contact:Meet":
                args.append(PredArgument("Place", e.start, e.end))
            elif e.type == "GPE" and before.endswith("to") and subtype == "Movement:Transport":
                args.append(PredArgument("Destination", e.start, e.end))
            elif e.type in ("PERSON", "GPE", "ORG") and subtype == "Contact:Meet":
                args.append(PredArgument("Entity", e.start, e.end))
            elif e.type == "PERSON" and subtype == "Movement:Transport":
                args.append(PredArgument("Artifact", e.start, e.end))
        out.append(PredEvent(subtype, Span(t.start, t.end), tuple(args)))
    return out


def extract(doc: Document) -> DocPredictions:
    """Entities and events for one document."""
    dates = _dates(doc)
    entities = _flat(dates + _names(doc, dates))
    return DocPredictions(doc.doc_id, tuple(entities), tuple(_events(doc, entities)), frozenset({"entities", "events"}))
