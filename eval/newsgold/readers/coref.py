"""Coreference clusters as values, the gold's own clusters as a key, and which reader reads a file.

Every coreference reader returns :class:`CorefDoc` values: a document's entity clusters and,
when the input gives them, its event clusters. A mention is a half-open ``(start, end)``
span in one *unit*: code points of the document text (``"chars"``), or tokens counted over
the whole document (``"tokens"``, what a CoNLL-2012 key gives when no text is at hand).

The formats are detected by content, whatever the suffix (the reference scorer's own test
files end in ``.key`` and ``.response``): see :func:`detect`. The readers themselves live in
``readers.coref_conll`` (CoNLL-2012 columns), ``readers.coref_conllu`` (CorefUD) and
``readers.coref_json`` (JSON clusters of spans or texts, Maverick, DyGIE++); ``readers.coref_formats``
lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.model import Document, Gold
from .align import follow, not_following

Unit = Literal["chars", "tokens"]
Span = tuple[int, int]
Clusters = tuple[tuple[Span, ...], ...]


@dataclass(frozen=True, slots=True)
class CorefDoc:
    """One document's clusters: ``entities`` always, ``events`` None when not given.

    ``heads`` gives each entity mention's head span (its minimum span), in the same unit, when
    the format gives heads (CorefUD, the gold); None when it gives none (CoNLL-2012, JSON).
    """

    doc_id: str
    entities: Clusters
    events: Clusters | None = None
    unit: Unit = "chars"
    heads: Mapping[Span, Span] | None = None


def clusters_of(items: Iterable[tuple[Span, str | None]]) -> Clusters:
    """Spans grouped by cluster id, in the order ids first appear; a span without an id is its
    own cluster, and a span given twice counts once.

    >>> clusters_of([((0, 4), "a"), ((9, 11), None), ((20, 22), "a"), ((0, 4), "a")])
    (((0, 4), (20, 22)), ((9, 11),))
    """
    groups: dict[object, dict[Span, None]] = {}
    for n, (span, cluster) in enumerate(items):
        groups.setdefault(("id", cluster) if cluster is not None else ("alone", n), {})[span] = None
    seen: set[Span] = set()
    out = []
    for spans in groups.values():
        kept = tuple(s for s in spans if s not in seen)
        seen.update(kept)
        if kept:
            out.append(kept)
    return tuple(out)


def gold_clusters(gold: Gold) -> CorefDoc:
    """The gold as a key: entities and mentions grouped by their ``cluster``, events by theirs.

    A span annotated twice (an entity and a mention on the same words) is one mention, in the
    cluster it is first given. Its head is the annotated head, else the whole span (a name
    is its own head), as the head match of ``score`` reads it.
    """
    given = (*gold.entities, *gold.mentions)
    spans = [((m.span.start, m.span.end), m.cluster) for m in given]
    heads: dict[Span, Span] = {}
    for m in given:
        heads.setdefault((m.span.start, m.span.end), (m.head_or_span.start, m.head_or_span.end))
    events = [((e.trigger.start, e.trigger.end), e.cluster) for e in gold.events]
    return CorefDoc(gold.doc_id, clusters_of(spans), clusters_of(events), heads=heads)


def find_words(text: str, words: Sequence[str]) -> list[Span] | tuple[int, int]:
    """Each word's code point span, found in ``text`` in order (``readers.align``); where a
    word does not follow, ``(its index, the offset looked at)`` instead.

    >>> find_words("The talks, he said.", ["The", "talks", ",", "he"]), find_words("a b", ["a", "c"])
    ([(0, 3), (4, 9), (9, 10), (11, 13)], (1, 1))
    """
    spans: list[Span] = []
    cursor = 0
    for i, word in enumerate(words):
        found = follow(text, word, cursor) if word else None
        if found is None:
            return i, cursor
        spans.append(found)
        cursor = found[1]
    return spans


def from_words(
    path: Path,
    docs: Iterable[tuple[str, int, list[str], Iterable[Iterable[Span]], Mapping[Span, Span] | None]],
    documents: Mapping[str, Document] | None,
) -> list[CorefDoc]:
    """Documents of word columns (CoNLL-2012, CorefUD) as values: each given as (name, the
    line it begins on, its words, its clusters of word spans, each mention's head word span
    or None). Against ``documents`` the words are found in the text of the document of that
    name and the spans become code points; without, they stay word spans. A name given twice
    (NG603), a name the corpus lacks (NG602) and words that do not follow in the text (NG608)
    are errors."""
    file = str(path)
    seen: dict[str, int] = {}
    out = []
    for name, line, words, clusters, heads in docs:
        if name in seen:
            raise NewsgoldError(
                incident("NG603", file, line=line, message=f"{name!r} already began on line {seen[name]}")
            )
        seen[name] = line
        given = tuple(tuple(c) for c in clusters)
        if documents is None:
            out.append(CorefDoc(name, given, None, "tokens", heads))
            continue
        doc = documents.get(name)
        if doc is None:
            corpus = ", ".join(sorted(documents)[:5])
            raise NewsgoldError(
                incident("NG602", file, line=line, message=f"unknown document {name!r} (corpus: {corpus})")
            )
        spans = find_words(doc.text, words)
        if isinstance(spans, tuple):
            i, cursor = spans
            raise NewsgoldError(
                incident(
                    "NG608",
                    file,
                    line=line,
                    message=not_following(f"word {i} {words[i]!r} of {name!r}", "the document", doc.text, cursor),
                    hint="give the document's own words, in order",
                )
            )
        chars = {m: (spans[m[0]][0], spans[m[1] - 1][1]) for c in given for m in c}
        out.append(
            CorefDoc(
                doc.doc_id,
                tuple(tuple(chars[m] for m in c) for c in given),
                heads=None
                if heads is None
                else {chars[m]: (spans[h[0]][0], spans[h[1] - 1][1]) for m, h in heads.items()},
            )
        )
    return out


# ---- which reader reads a file -----------------------------------------------------------

ReadClusters = Callable[[Path, Mapping[str, Document] | None], tuple[list[CorefDoc], list[Incident]]]
"""Reads a file against the corpus documents by doc_id (None: no text at hand, tokens only)."""


@dataclass(frozen=True)
class CorefReader:
    name: str
    summary: str
    read: ReadClusters
    sniff: Callable[[str], bool]
    """Says whether the file's first lines (up to 64 KiB) are this format."""
    sniff_path: Callable[[Path], bool] | None = None
    """For a binary format: says whether the file is this format."""


def head_of(path: Path, size: int = 65536) -> str:
    """The first ``size`` bytes of a file as text ('' when it cannot be read as UTF-8)."""
    try:
        with path.open("rb") as f:
            return f.read(size).decode("utf-8", errors="ignore")
    except OSError:
        return ""


def detect(path: Path, readers: Iterable[CorefReader]) -> str | None:
    """The first coreference format that recognises the file's content, else None."""
    if not path.is_file():
        return None
    start = head_of(path)
    return next((r.name for r in readers if r.sniff(start) or (r.sniff_path and r.sniff_path(path))), None)


def unknown_format(path: Path, names: Iterable[str]) -> NewsgoldError:
    return NewsgoldError(
        incident(
            "NG607",
            str(path),
            message="no coreference clusters recognised in this file",
            hint=f"give one of: {', '.join(names)} (README: Coreference), or pass --format",
        )
    )


MAX_ERRORS = 20  # enough to fix a file in one go


class LineErrors:
    """The NG650 errors of a coreference file in lines: the first ``MAX_ERRORS`` are kept and
    :meth:`raise_any` raises them together."""

    def __init__(self, path: Path) -> None:
        self.file, self.errors = str(path), list[Incident]()

    def __call__(self, line: int, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(incident("NG650", self.file, line=line, message=message))

    def raise_any(self, docs: Sequence[Any], empty: str) -> None:
        """Raise the errors, ``empty`` among them when the file gave no document."""
        if not docs and not self.errors:
            self(1, empty)
        if self.errors:
            raise NewsgoldError(self.errors)


def numbered_lines(path: Path, newline: str | None = None) -> Iterator[tuple[int, str]]:
    """The lines of a UTF-8 file, numbered from 1; a byte that is not UTF-8 is NG101."""
    try:
        with path.open(encoding="utf-8", newline=newline) as handle:
            yield from enumerate(handle, 1)
    except UnicodeDecodeError as e:
        raise NewsgoldError(incident("NG101", str(path), message=f"byte {e.start} is not UTF-8")) from None
