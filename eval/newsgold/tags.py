"""Chunk-level scores of tag sequences, number for number and character for character
as ``seqeval.metrics`` 1.2.2 computes them, in pure Python and many times faster.

This module imports nothing else of newsgold, and nothing outside the standard library when
it is imported. Its functions take the same arguments as seqeval's and return the same
numbers in the same types: numpy arrays per label and numpy floats for an average (numpy is
imported on the first call that returns them; the text report needs no numpy).

Scoring definitions
-------------------
A *chunk* is a maximal run of tokens that a tagging scheme reads as one entity, keyed by
its type and its token span. Gold chunks G and predicted chunks P are matched exactly
(same type, same first and last token). For a type t, with G_t and P_t its chunks::

    tp_t = |G_t & P_t|      precision_t = tp_t / |P_t|      recall_t = tp_t / |G_t|
    F_beta_t = (1 + beta**2) * precision_t * recall_t / (beta**2 * precision_t + recall_t)

(``F_beta`` is 0 when its denominator is 0.) ``average='micro'`` sums tp, |P| and |G| over
the types first; ``'macro'`` is the unweighted mean of the per-type values; ``'weighted'``
weighs them by the support |G_t|; ``None`` gives per-type arrays, types sorted by name.
The types are those seen in G or P. Means are summed exactly as numpy sums them (pairwise,
in blocks of 8), so they equal seqeval's bit for bit. ``accuracy_score`` is the fraction
of tokens whose tags are equal.

How chunks are read:

- Default mode (``mode=None``, conlleval's rules, ``get_entities``): the sentences are
  joined into one sequence with an ``O`` after each one; the first character of a tag is
  its prefix (the last, with ``suffix=True``) and the text after the first ``-`` its type
  (``B-ORG-X`` is of type ``ORG-X``; ``ORG-X-B`` too with ``suffix=True``). A chunk ends
  after ``E``/``S``, before ``B``/``S``/``O`` when it is inside ``B``/``I``, or when the type
  changes; it starts at ``B``/``S``, at ``E``/``I`` after ``E``/``S``/``O``, or when the type
  changes. So an ill-formed ``I-PER`` after ``O`` starts a chunk.
- Strict mode (``mode='strict'`` with a ``scheme``): each sentence on its own, by the
  scheme's patterns (see :class:`Scheme`: which prefix pairs start, continue and end a
  chunk); a run that does not end properly is no chunk. Types are the tag text around the
  prefix with the ``-`` stripped.

Quirks of seqeval that are kept, and the few differences
--------------------------------------------------------
1. ``precision_score``, ``recall_score``, ``f1_score`` and ``precision_recall_fscore_support``
   with ``mode='strict'`` but no ``scheme`` silently use the default mode;
   ``classification_report(mode='strict')`` without a scheme detects one from ``y_true``
   (IOB2, IOE2, IOBES or BILOU), raising ``ValueError`` when none fits (e.g. all ``O``).
   Any ``mode`` other than ``'strict'`` means the default mode.
2. ``zero_division``: a 0/0 precision or recall is 0.0 for ``'warn'`` and ``0`` and 1.0
   for any other value; only ``'warn'`` warns, with :class:`UndefinedMetricWarning` and
   scikit-learn's message text, once per averaging. Where scikit-learn is installed the
   class is a subclass of scikit-learn's ``UndefinedMetricWarning`` (the class seqeval
   warns with), so a filter or ``pytest.warns`` written for seqeval catches these warnings
   too; without scikit-learn it is a ``UserWarning`` of its own. Warning never imports
   scikit-learn: a warning is of the subclass once ``sklearn.exceptions`` is loaded, as it
   is in any program that names scikit-learn's class (naming ``UndefinedMetricWarning``
   here loads it). ``classification_report`` warns up to four times for each metric, as
   seqeval does. ``f1_score`` warns only with ``average='micro'`` and no
   chunk at all.
   ``average='weighted'`` with no gold chunk returns the ``zero_division`` value for recall
   (and for precision and F when nothing is predicted either, else 0.0).
3. ``average='macro'`` with no chunk at all is NaN, with the two ``RuntimeWarning``\\ s numpy
   gives for the mean of nothing ("Mean of empty slice", "invalid value encountered in
   scalar divide": numpy's words from 2.3 on; earlier numpy ends the first with a full stop).
4. ``sample_weight`` is accepted and ignored (seqeval ignores it too).
5. With no chunk at all (gold or predicted), the text ``classification_report`` raises
   ``ValueError`` from ``max()`` (the dict one returns only the averages); with no sentences
   at all the scores raise ``TypeError('Found input variables without list of list.')``.
   Sentences of different lengths raise ``ValueError`` listing both lengths.
6. Ill-formed tags: in the default mode a tag that does not look like ``B-``/``I-``/``E-``/
   ``S-`` + type (or ``O``, ``B``, ``I``, ``E``, ``S``) gets a ``UserWarning`` "... seems not
   to be NE tag." and is still read by the rules above (``L-``, ``U-``, ``X-PER`` and
   ``.-PER`` all have their own odd effects, kept). seqeval warns once per token and per
   internal pass; this module warns once per distinct tag and per public call, so the same
   messages appear but fewer times under an ``"always"`` filter. In strict mode a prefix
   the scheme does not allow raises ``ValueError`` and an unknown prefix ``KeyError``; as
   seqeval reads a whole sentence before checking it, a ``KeyError`` anywhere in the first
   bad sentence comes before a ``ValueError`` earlier in it. The empty tag raises
   ``IndexError`` in both modes.
7. In the default mode a tag whose prefix is ``.`` does not end a chunk when the type
   changes, and a chunk's start is the last start seen, even from an earlier chunk or
   sentence: with such tags a chunk can reach across a sentence boundary. ``chunk_set``
   then reports it in the sentence of its first token, with an end past that sentence.
8. ``precision_recall_fscore_support`` is seqeval's ``sequence_labeling`` one (default
   ``average=None``); it also takes ``mode`` and ``scheme`` like the other scores, so
   ``mode='strict', scheme=S`` gives ``seqeval.metrics.v1.precision_recall_fscore_support(
   scheme=S)``. ``classification_report`` keeps seqeval's positional parameters.
9. Schemes may be this module's objects, their names (``"IOB2"``) or seqeval's classes
   (read by their names). seqeval's message for an unsupported scheme lists a set of
   prefixes in hash order; here the set's order may differ.

>>> y_true = [['O', 'B-PER', 'I-PER', 'O'], ['B-LOC', 'O']]
>>> y_pred = [['O', 'B-PER', 'I-PER', 'O'], ['B-ORG', 'O']]
>>> print(f1_score(y_true, y_pred))
0.5
>>> print(classification_report(y_true, y_pred, mode='strict', scheme=IOB2, zero_division=0))
              precision    recall  f1-score   support
<BLANKLINE>
         LOC       0.00      0.00      0.00         1
         ORG       0.00      0.00      0.00         0
         PER       1.00      1.00      1.00         1
<BLANKLINE>
   micro avg       0.50      0.50      0.50         2
   macro avg       0.33      0.33      0.33         2
weighted avg       0.50      0.50      0.50         2
<BLANKLINE>
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter, namedtuple
from functools import cache
from itertools import chain, compress, count, islice, repeat
from operator import eq, itemgetter, le, lt, sub

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any

    Chunk = tuple[str, int, int]
    Counts = tuple[list[str], list[float], list[int], list[int]]  # types; correct, predicted, gold chunks
    Floats = float | list[float]
    Ints = int | list[int]
    Scores = Callable[["Call"], tuple[Any, Any, Any, Any]]
    Report = Callable[["Call"], str | dict[str, dict[str, Any]]]

__all__ = [
    "BILOU",
    "IOB1",
    "IOB2",
    "IOBES",
    "IOE1",
    "IOE2",
    "SCHEMES",
    "Scheme",
    "UndefinedMetricWarning",  # noqa: F822 - the module's __getattr__ gives it
    "accuracy_score",
    "averages_from_counts",
    "chunk_set",
    "classification_report",
    "detect_scheme",
    "f1_score",
    "get_entities",
    "performance_measure",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "strict_entities",
]


class _UndefinedMetricWarning(UserWarning):
    """A precision, recall or F-score was 0/0 and set by ``zero_division``."""


_UndefinedMetricWarning.__name__ = _UndefinedMetricWarning.__qualname__ = "UndefinedMetricWarning"


@cache
def _with_sklearn(sklearn_class: type[Warning]) -> type[Warning]:
    """The warning class that is both newsgold's and scikit-learn's (one per process)."""
    both = type("UndefinedMetricWarning", (_UndefinedMetricWarning, sklearn_class), {})
    both.__doc__ = _UndefinedMetricWarning.__doc__
    return both


def _warning_class() -> type[Warning]:
    """The class undefined metrics are warned with: a subclass of scikit-learn's
    ``UndefinedMetricWarning`` once ``sklearn.exceptions`` is loaded, newsgold's own before.

    Any filter, ``except`` or ``pytest.warns`` that names scikit-learn's class has loaded it,
    so it always matches; scikit-learn is never imported here only to warn."""
    loaded = sys.modules.get("sklearn.exceptions")
    return _UndefinedMetricWarning if loaded is None else _with_sklearn(loaded.UndefinedMetricWarning)


def __getattr__(name: str) -> Any:
    """``UndefinedMetricWarning``: the class of :func:`_warning_class`, with scikit-learn's
    exceptions loaded first when scikit-learn is installed, so that it is (a subclass of)
    scikit-learn's class wherever scikit-learn is."""
    if name != "UndefinedMetricWarning":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if "sklearn.exceptions" not in sys.modules and importlib.util.find_spec("sklearn") is not None:
        importlib.import_module("sklearn.exceptions")
    return _warning_class()


# ---------------------------------------------------------------- schemes, as data

_PREFIXES = "IOBESUL"  # every prefix seqeval knows, in its declaration order
ANY = _PREFIXES


class Scheme:
    """A strict tagging scheme: which prefixes it allows and three sets of patterns.

    Each pattern ``(prev, cur, types)`` matches a pair of adjacent tokens when the previous
    token's prefix is in ``prev``, this token's in ``cur``, and their types are the ``same``,
    ``diff``\\ erent or ``any``. A chunk *starts* at a token matching a ``start`` pattern,
    *continues* over the tokens matching an ``inside`` pattern, and counts only if the
    first token after it matches an ``end`` pattern (every sentence is followed by ``O``).
    """

    __slots__ = ("name", "allowed", "start", "inside", "end", "_table")

    def __init__(self, name: str, allowed: str, start: Sequence[Any], inside: Sequence[Any], end: Sequence[Any]):
        self.name = name
        self.allowed = allowed
        self.start: tuple[tuple[str, str, str], ...] = tuple(start)
        self.inside: tuple[tuple[str, str, str], ...] = tuple(inside)
        self.end: tuple[tuple[str, str, str], ...] = tuple(end)
        self._table: bytes | None = None

    def __repr__(self) -> str:
        return self.name

    def table(self) -> bytes:
        """The pair table (see ``_pair_table``): bit 1 the pair starts a chunk, 2 continues
        one, 4 ends one."""
        if self._table is None:

            def match(patterns: tuple[tuple[str, str, str], ...], p: str, c: str, same: bool) -> bool:
                return any(p in pp and c in cc and (t == "any" or (t == "same") == same) for pp, cc, t in patterns)

            def code(p: str, c: str, same: bool) -> int:
                return (
                    match(self.start, p, c, same)
                    | match(self.inside, p, c, same) << 1
                    | match(self.end, p, c, same) << 2
                )

            self._table = _pair_table(_PREFIXES, code)
        return self._table


IOB1 = Scheme(
    "IOB1",
    "IOB",
    start=[("O", "I", "any"), ("I", "I", "diff"), ("B", "I", "any"), ("I", "B", "same"), ("B", "B", "same")],
    inside=[("B", "I", "same"), ("I", "I", "same")],
    end=[
        ("I", "I", "diff"),
        ("I", "O", "any"),
        ("I", "B", "any"),
        ("B", "O", "any"),
        ("B", "I", "diff"),
        ("B", "B", "same"),
    ],
)
IOE1 = Scheme(
    "IOE1",
    "IOE",
    start=[("O", "I", "any"), ("I", "I", "diff"), ("E", "I", "any"), ("E", "E", "same")],
    inside=[("I", "I", "same"), ("I", "E", "same")],
    end=[("I", "I", "diff"), ("I", "O", "any"), ("I", "E", "diff"), ("E", "I", "same"), ("E", "E", "same")],
)
IOB2 = Scheme(
    "IOB2",
    "IOB",
    start=[(ANY, "B", "any")],
    inside=[("B", "I", "same"), ("I", "I", "same")],
    end=[
        ("I", "O", "any"),
        ("I", "I", "diff"),
        ("I", "B", "any"),
        ("B", "O", "any"),
        ("B", "I", "diff"),
        ("B", "B", "any"),
    ],
)
IOE2 = Scheme(
    "IOE2",
    "IOE",
    start=[
        ("O", "I", "any"),
        ("O", "E", "any"),
        ("E", "I", "any"),
        ("E", "E", "any"),
        ("I", "I", "diff"),
        ("I", "E", "diff"),
    ],
    inside=[("I", "E", "same"), ("I", "I", "same")],
    end=[("E", ANY, "any")],
)
IOBES = Scheme(
    "IOBES",
    "IOBES",
    start=[(ANY, "B", "any"), (ANY, "S", "any")],
    inside=[("B", "I", "same"), ("B", "E", "same"), ("I", "I", "same"), ("I", "E", "same")],
    end=[("S", ANY, "any"), ("E", ANY, "any")],
)
BILOU = Scheme(
    "BILOU",
    "BILOU",
    start=[(ANY, "B", "any"), (ANY, "U", "any")],
    inside=[("B", "I", "same"), ("B", "L", "same"), ("I", "I", "same"), ("I", "L", "same")],
    end=[("U", ANY, "any"), ("L", ANY, "any")],
)
SCHEMES: dict[str, Scheme] = {s.name: s for s in (IOB1, IOE1, IOB2, IOE2, IOBES, BILOU)}

# the prefix sets by which seqeval's auto_detect recognises a scheme, tried in this order
_DETECT = [
    (IOB2, ("IOB", "IB", "BO", "B")),
    (IOE2, ("IOE", "IE", "EO", "E")),
    (IOBES, ("IOBES", "IBES", "IOBE", "OBES", "IBE", "BES", "OBE", "BE", "S")),
    (BILOU, ("IOBLU", "IBLU", "IOBL", "OBLU", "IBL", "BLU", "OBL", "BL", "U")),
]


def _prefix_flags() -> Any:
    """seqeval's ``Prefix`` flag enum, built only to word its error messages alike."""
    import enum

    return enum.Flag("Prefix", [(c, 1 << i) for i, c in enumerate(_PREFIXES)] + [("ANY", 127)])


def _resolve(scheme: Any) -> Scheme | None:
    """This module's scheme for a Scheme, a name or a seqeval scheme class; None for a class
    that is no seqeval scheme (seqeval's report then detects one)."""
    if isinstance(scheme, Scheme):
        return scheme
    if isinstance(scheme, str):
        name = scheme
    elif isinstance(scheme, type):
        if not hasattr(scheme, "start_patterns"):
            return None
        name = scheme.__name__
    else:
        raise TypeError(f"a scheme is a Scheme, a scheme name or a seqeval scheme class, not {scheme!r}")
    try:
        return SCHEMES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown scheme {name!r}; known: {', '.join(SCHEMES)}") from None


def detect_scheme(sequences: Sequence[Sequence[str]], suffix: bool = False) -> Scheme:
    """The scheme seqeval's ``auto_detect`` picks from the set of prefixes in ``sequences``."""
    distinct = set(chain.from_iterable(sequences))
    prefixes = set()
    for tag in distinct:
        p = tag[-1:] if suffix else tag[:1]
        if not p or p not in _PREFIXES:
            break
        prefixes.add(p)
    else:
        found = frozenset(prefixes)
        for scheme, sets in _DETECT:
            if any(found == frozenset(s) for s in sets):
                return scheme
        flags = _prefix_flags()
        raise ValueError(f"This scheme is not supported: { {flags[p] for p in found} }")
    for tokens in sequences:  # an unknown prefix or an empty tag: raise for the first one, as seqeval
        for tag in tokens:
            if (tag[-1] if suffix else tag[0]) not in _PREFIXES:
                raise ValueError(f"This scheme is not supported: {tag}")
    raise AssertionError("unreachable")


# ---------------------------------------------------------------- chunking
#
# Both modes decide everything from adjacent pairs of tags: (prefix class of the previous
# tag, prefix class of this one, same type or not). Each distinct tag is parsed once; each
# token gets a byte code for its pair, computed with bytes.translate and big-integer XOR/OR
# over one byte per token (no Python code runs per token); chunks are then read from the
# codes with C-level scans: a regular expression (strict) or bisect (default mode).


def _pair_table(classes: str, code: Callable[[str, str, bool], int]) -> bytes:
    """A 256-byte table from ``prev class << 4 | class << 1 | same type`` to ``code``."""
    table = bytearray(256)
    for p, pc in enumerate(classes):
        for c, cc in enumerate(classes):
            for same in (0, 1):
                table[p << 4 | c << 1 | same] = code(pc, cc, bool(same))
    return bytes(table)


class _TooMany(Exception):
    """More than 256 distinct tags or types: one byte per token is not enough."""


class _Lazy(dict):
    """A dict that fills itself: ``make(key)`` on first sight, read at C speed via map()."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[Any], Any]):
        super().__init__()
        self.make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.make(key)
        return value


def _pair_codes(flat: list[str], first: tuple[int, str], info: Callable[[Any], tuple[int, str]], table: bytes) -> bytes:
    """``table[prev class << 4 | class << 1 | same type]`` for each token of ``flat`` and the
    token before it; ``first`` is the (class, type) before the first token, ``info(tag)``
    a tag's (class, type)."""
    n = len(flat)
    if not n:
        return b""
    classes, type_ids, types = bytearray(), bytearray(), {first[1]: 0}

    def new_id(tag: Any) -> int:
        cls, name = info(tag)
        t = types.setdefault(name, len(types))
        if len(classes) == 256 or t == 256:
            raise _TooMany
        classes.append(cls)
        type_ids.append(t)
        return len(classes) - 1

    try:
        ids = bytes(map(_Lazy(new_id).__getitem__, flat))
    except _TooMany:  # many tags: a dict of (previous tag, tag) pairs, slower

        def pair_code(key: tuple[Any, Any]) -> int:
            (pc, ptype), (c, ctype) = first if key[0] is _FIRST else info(key[0]), info(key[1])
            return table[pc << 4 | c << 1 | (ptype == ctype)]

        return bytes(map(_Lazy(pair_code).__getitem__, zip(chain((_FIRST,), flat), flat)))
    pad = bytes(256 - len(classes))
    prev_ids = ids[:-1]
    typ = ids.translate(bytes(type_ids) + pad)
    prev_typ = b"\0" + prev_ids.translate(bytes(type_ids) + pad)
    prev_cls = bytes([first[0] << 4]) + prev_ids.translate(bytes(c << 4 for c in classes) + pad)
    big = int.from_bytes
    same = (big(typ, "big") ^ big(prev_typ, "big")).to_bytes(n, "big").translate(_IS_ZERO)
    cls = ids.translate(bytes(c << 1 for c in classes) + pad)
    pairs = big(prev_cls, "big") | big(cls, "big") | big(same, "big")
    return pairs.to_bytes(n, "big").translate(table)


_FIRST = object()  # stands for the state before the first token
_IS_ZERO = bytes([1]) + bytes(255)
_BIT1 = bytes(c & 1 for c in range(256))
_BIT2 = bytes(c >> 1 & 1 for c in range(256))
_BIT4 = bytes(c >> 2 & 1 for c in range(256))


# conlleval's rules, as data. A prefix is the tag's first character (its last, with suffix=True).
_END_AFTER = frozenset("ES")  # a chunk always ends after these
_END_BETWEEN = frozenset({("B", "B"), ("B", "S"), ("B", "O"), ("I", "B"), ("I", "S"), ("I", "O")})
_START_AT = frozenset("BS")  # a chunk always starts at these
_START_BETWEEN = frozenset({("E", "E"), ("E", "I"), ("S", "E"), ("S", "I"), ("O", "E"), ("O", "I")})
_UNTYPED = frozenset("O.")  # prefixes for which a change of type neither ends nor starts a chunk
_CONLL_CLASSES = "BIESO.X"  # X: any other character, which all behave alike
_NE_TAGS = ("O", "B", "I", "E", "S")
_NE_HEADS = ("B-", "I-", "E-", "S-")
_NE_TAILS = ("-B", "-I", "-E", "-S")


def _conll_code(p: str, c: str, same: bool) -> int:
    """Bit 1: a chunk ends before this token; bit 2: one starts at it."""
    end = p in _END_AFTER or (p, c) in _END_BETWEEN or (not same and p not in _UNTYPED)
    start = c in _START_AT or (p, c) in _START_BETWEEN or (not same and c not in _UNTYPED)
    return end | start << 1


_CONLL_TABLE = _pair_table(_CONLL_CLASSES, _conll_code)
_CONLL_FIRST = (_CONLL_CLASSES.index("O"), "")  # an O whose type matches no tag's


def _conll_flat(seq: Sequence[Any]) -> list[str]:
    """seqeval's joined sequence: an 'O' after each sentence of a nested list, then one more."""
    if any(isinstance(s, list) for s in seq):
        flat: list[str] = []
        extend, append = flat.extend, flat.append
        for s in seq:
            if type(s) is list:
                extend(s)
                append("O")
            else:
                extend(s + ["O"])  # raises for a str or tuple, as seqeval's own concatenation does
        flat.append("O")
        return flat
    joined: list[str] = seq + ["O"]  # type: ignore[operator]
    return joined


def _conll_chunks(flat: list[str], suffix: bool) -> list[Chunk]:
    """(type, first, last) chunks of a joined sequence, in the default (conlleval) mode."""
    types: dict[Any, str] = {}

    def info(tag: str) -> tuple[int, str]:
        if suffix:
            ok = tag in _NE_TAGS or tag.endswith(_NE_TAILS)
        else:
            ok = tag in _NE_TAGS or tag.startswith(_NE_HEADS)
        if not ok:
            warnings.warn(f"{tag} seems not to be NE tag.", stacklevel=1)
        if suffix:
            prefix, name = tag[-1], tag[:-1].rsplit("-", 1)[0] or "_"
        else:
            prefix, name = tag[0], tag[1:].split("-", 1)[-1] or "_"
        types[tag] = name
        return _CONLL_CLASSES.find(prefix) % 7, name  # find() is -1 for any other character

    codes = _pair_codes(flat, _CONLL_FIRST, _Lazy(info).__getitem__, _CONLL_TABLE)
    # a chunk ends before each position with bit 1, from the last start strictly before it
    marked = list(compress(count(), codes))
    bits = bytes(map(codes.__getitem__, marked))
    ends = list(compress(marked, bits.translate(_BIT1)))
    if not ends:
        return []
    starts = list(compress(marked, bits.translate(_BIT2)))
    if len(starts) == len(ends) and all(map(lt, starts, ends)) and all(map(le, ends, islice(starts, 1, None))):
        begins: Iterable[int] = starts  # each end after its own start (the usual case): no search
    else:
        begins = map([0, *starts].__getitem__, map(bisect_left, repeat(starts), ends))
    lasts = list(map(sub, ends, repeat(1)))
    return list(zip(map(types.__getitem__, map(flat.__getitem__, lasts)), begins, lasts))


def get_entities(seq: Sequence[Any], suffix: bool = False) -> list[Chunk]:
    """``(type, first token, last token)`` chunks in the default (conlleval) mode, as
    ``seqeval.metrics.sequence_labeling.get_entities``; a list of sentences is joined with
    an ``O`` after each one and offsets count across them.

    >>> get_entities(['B-PER', 'I-PER', 'O', 'B-LOC'])
    [('PER', 0, 1), ('LOC', 3, 3)]
    >>> get_entities([['I-PER', 'I-PER'], ['B-PER', 'I-LOC']])
    [('PER', 0, 1), ('PER', 3, 3), ('LOC', 4, 4)]
    """
    chunks: list[Chunk] = _paused(lambda: _conll_chunks(_conll_flat(seq), suffix))
    return chunks


_STRICT_PARSED: dict[bool, dict[Any, tuple[str, str]]] = {False: {}, True: {}}


def _strict_parse(tag: str, suffix: bool) -> tuple[str, str]:
    """(prefix, type) as seqeval's ``Token`` reads a tag: KeyError for an unknown prefix."""
    cache = _STRICT_PARSED[suffix]
    info = cache.get(tag)
    if info is None:
        prefix = tag[-1] if suffix else tag[0]
        if prefix not in _PREFIXES:
            raise KeyError(prefix)
        info = prefix, (tag[:-1] if suffix else tag[1:]).strip("-") or "_"
        if len(cache) > 100_000:
            cache.clear()
        cache[tag] = info
    return info


def _strict_error(sentences: Iterable[Iterable[str]], scheme: Scheme, suffix: bool) -> Exception:
    """seqeval's error for the first sentence with a bad tag: the first unreadable tag's,
    else ValueError for the first prefix the scheme does not allow."""
    for sentence in sentences:
        invalid = None
        for tag in sentence:
            prefix = _strict_parse(tag, suffix)[0]  # raises KeyError / IndexError itself
            if invalid is None and prefix not in scheme.allowed:
                invalid = tag
        if invalid is not None:
            allowed = _prefix_flags()
            flag = allowed[scheme.allowed[0]]
            for p in scheme.allowed[1:]:
                flag |= allowed[p]
            words = str(flag).replace("Prefix.", "")
            return ValueError(f"Invalid token is found: {invalid}. Allowed prefixes are: {words}.")
    raise AssertionError("unreachable")


def _strict_flat(sentences: Iterable[Iterable[str]]) -> tuple[list[str], list[int]]:
    """All sentences, each followed by 'O', and where each sentence starts."""
    flat: list[str] = []
    starts: list[int] = []
    extend, append, mark = flat.extend, flat.append, starts.append
    for s in sentences:
        mark(len(flat))
        extend(s)
        append("O")
    return flat, starts


_CHUNK_RUNS: list[Any] = []  # the compiled pattern below, once needed


def _strict_chunks(sentences: Sequence[Sequence[str]], flat: list[str], scheme: Scheme, suffix: bool) -> list[Chunk]:
    """(type, first, end exclusive) chunks of ``flat``, the joined ``sentences``."""
    allowed = scheme.allowed
    types: dict[Any, str] = {}
    bad: list[Any] = []

    def info(tag: str) -> tuple[int, str]:
        try:
            prefix, name = _strict_parse(tag, suffix)
        except (KeyError, IndexError, TypeError):
            prefix, name = "O", "_"
            bad.append(tag)
        if prefix not in allowed:
            bad.append(tag)
        types[tag] = name
        return _PREFIXES.index(prefix), name

    codes = _pair_codes(flat, (_PREFIXES.index("O"), "_"), _Lazy(info).__getitem__, scheme.table())
    if bad:
        raise _strict_error(sentences, scheme, suffix)
    if not _CHUNK_RUNS:
        import re

        # a start, then as many tokens as continue it (taken atomically: a run is never re-entered)
        _CHUNK_RUNS.append(re.compile(rb"[\x01\x03\x05\x07](?=([\x02\x03\x06\x07]*))\1"))
        _CHUNK_RUNS.append(re.Match.span)
    pattern, span = _CHUNK_RUNS
    runs = list(map(span, pattern.finditer(codes)))
    # a run is a chunk if the token after it ends it (every sentence ends with O, so there is one)
    ended = bytes(map(codes.__getitem__, map(itemgetter(1), runs))).translate(_BIT4)
    chunks = list(compress(runs, ended))
    firsts = list(map(itemgetter(0), chunks))
    return list(zip(map(types.__getitem__, map(flat.__getitem__, firsts)), firsts, map(itemgetter(1), chunks)))


def strict_entities(
    sentences: Sequence[Sequence[str]], scheme: Any, suffix: bool = False
) -> list[list[tuple[int, str, int, int]]]:
    """Per sentence, its ``(sentence, type, first token, end token exclusive)`` chunks in
    strict mode, as ``seqeval.scheme.Entities(sentences, scheme).entities`` (as tuples).

    >>> strict_entities([['B-PER', 'I-PER', 'O'], ['I-LOC', 'B-LOC']], IOB2)
    [[(0, 'PER', 0, 2)], [(1, 'LOC', 1, 2)]]
    """
    sentences = list(sentences)
    scheme = _require_scheme(scheme)
    flat, starts = _strict_flat(sentences)
    out: list[list[tuple[int, str, int, int]]] = [[] for _ in starts]
    for name, first, end in _paused(_strict_chunks, sentences, flat, scheme, suffix):
        k = bisect_right(starts, first) - 1
        out[k].append((k, name, first - starts[k], end - starts[k]))
    return out


def _require_scheme(scheme: Any) -> Scheme:
    resolved = _resolve(scheme)
    if resolved is None:
        raise TypeError(f"not a tagging scheme: {scheme!r}")
    return resolved


def chunk_set(
    sentences: Sequence[Sequence[str]], mode: str | None = None, scheme: Any = None, suffix: bool = False
) -> set[tuple[int, str, int, int]]:
    """The chunks that the scores count, as ``(sentence, type, first token, end exclusive)``.

    ``mode=None`` reads them by the default (conlleval) rules over the joined sentences,
    exactly as the default-mode scores do (see quirk 7 for the one way a chunk can run past
    its sentence); ``mode='strict'`` needs a ``scheme`` and reads each sentence on its own.
    Two lists of sentences of equal lengths score as the intersection of their sets.

    >>> sorted(chunk_set([['B-PER', 'I-PER', 'O'], ['I-LOC', 'B-LOC']]))
    [(0, 'PER', 0, 2), (1, 'LOC', 0, 1), (1, 'LOC', 1, 2)]
    >>> sorted(chunk_set([['B-PER', 'I-PER', 'O'], ['I-LOC', 'B-LOC']], mode='strict', scheme='IOB2'))
    [(0, 'PER', 0, 2), (1, 'LOC', 1, 2)]
    """
    sentences = list(sentences)
    if mode is None:
        flat, starts = _strict_flat(sentences)
        chunks = [(name, first, last + 1) for name, first, last in _paused(_conll_chunks, flat + ["O"], suffix)]
    elif mode == "strict":
        if scheme is None:
            raise ValueError("mode='strict' needs a scheme")
        flat, starts = _strict_flat(sentences)
        chunks = _paused(_strict_chunks, sentences, flat, _require_scheme(scheme), suffix)
    else:
        raise ValueError(f"mode is None or 'strict', not {mode!r}")
    out = set()
    for name, first, end in chunks:
        k = bisect_right(starts, first) - 1
        out.add((k, name, first - starts[k], end - starts[k]))
    return out


# ---------------------------------------------------------------- counting and scores

_AVERAGES = (None, "micro", "macro", "weighted")


def _paused(work: Callable[..., Any], *args: Any) -> Any:
    """``work(*args)`` with the cyclic garbage collector paused, then restored as it was.

    Scoring makes hundreds of thousands of small objects and no reference cycles; the
    collector's passes over them would find nothing and cost a fifth of the time.
    """
    if not gc.isenabled():
        return work(*args)
    gc.disable()
    try:
        return work(*args)
    finally:
        gc.enable()


def _check_consistent_length(y_true: Any, y_pred: Any) -> None:
    len_true = list(map(len, y_true))
    len_pred = list(map(len, y_pred))
    if set(map(type, y_true)) | set(map(type, y_pred)) != {list}:
        raise TypeError("Found input variables without list of list.")
    if len(y_true) != len(y_pred) or len_true != len_pred:
        raise ValueError(f"Found input variables with inconsistent numbers of samples:\n{len_true}\n{len_pred}")


def _chunks(y: Any, strict: Scheme | None, suffix: bool) -> list[Chunk]:
    if strict is None:
        return _conll_chunks(_conll_flat(y), suffix)
    return _strict_chunks(y, _strict_flat(y)[0], strict, suffix)


def _counts(y_true: Any, y_pred: Any, strict: Scheme | None, suffix: bool) -> Counts:
    return _count(_chunks(y_true, strict, suffix), _chunks(y_pred, strict, suffix))


def _count(true: list[Chunk], pred: list[Chunk]) -> Counts:
    """Sorted types and, per type, correct, predicted and gold chunks."""
    first = itemgetter(0)
    n_true = Counter(map(first, true))
    n_pred = Counter(map(first, pred))
    n_tp = Counter(map(first, filter(set(true).__contains__, pred)))  # chunks are distinct in each list
    names = sorted(n_true.keys() | n_pred.keys())
    return names, [n_tp[t] for t in names], [n_pred[t] for t in names], [n_true[t] for t in names]


def _np_sum(values: list[float]) -> float:
    """numpy's pairwise float sum (blocks of 8 up to 128 values), so that means match."""
    n = len(values)
    if n < 8:
        total = -0.0
        for v in values:
            total += v
        return total
    if n <= 128:
        r = values[:8]
        stop = n - n % 8
        for i in range(8, stop, 8):
            for k in range(8):
                r[k] += values[i + k]
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for v in values[stop:]:
            total += v
        return total
    half = n // 2
    half -= half % 8
    return _np_sum(values[:half]) + _np_sum(values[half:])


def _mean(values: list[float], weights: list[int] | None) -> float:
    if weights is None:
        if not values:
            warnings.warn("Mean of empty slice", RuntimeWarning, stacklevel=1)
            warnings.warn("invalid value encountered in scalar divide", RuntimeWarning, stacklevel=1)
            return float("nan")
        return (0.0 + _np_sum(values)) / len(values)
    floats = [float(w) for w in weights]
    return (0.0 + _np_sum([v * w for v, w in zip(values, floats)])) / (0.0 + _np_sum(floats))


def _warn_prf(modifier: str, msg_start: str, size: int) -> None:
    where = "due to" if size == 1 else "in labels with"
    warnings.warn(
        f"{msg_start} ill-defined and being set to 0.0 {where} no {modifier} samples."
        " Use `zero_division` parameter to control this behavior.",
        _warning_class(),
        stacklevel=1,
    )


def fill_value(zero_division: Any) -> float:
    """What a 0/0 precision or recall is: 0.0 for ``"warn"`` and ``0``, else 1.0."""
    return 0.0 if zero_division in ("warn", 0) else 1.0


def _divide(
    num: list[float], den: list[int], metric: str, modifier: str, warn_for: Any, zero_division: Any
) -> list[float]:
    if all(den):
        return [n / d for n, d in zip(num, den)]
    fill = fill_value(zero_division)
    result = [n / d if d else fill for n, d in zip(num, den)]
    if zero_division == "warn" and metric in warn_for:
        msg_start = f"{metric.title()} and F-score are" if "f-score" in warn_for else f"{metric.title()} is"
        _warn_prf(modifier, msg_start, len(result))
    return result


def _per_type(
    tp: list[float], pred: list[int], true: list[int], warn_for: Any, beta: float, zero_division: Any
) -> tuple[list[float], list[float], list[float]]:
    """Precision, recall and F-beta of each type (or of all types summed, for micro)."""
    beta2 = beta**2
    precision = _divide(tp, pred, "precision", "predicted", warn_for, zero_division)
    recall = _divide(tp, true, "recall", "true", warn_for, zero_division)
    if zero_division == "warn" and ("f-score",) == warn_for:
        if any(p == 0 for p, t in zip(pred, true) if t == 0):
            _warn_prf("true nor predicted", "F-score is", len(true))
    if beta == float("inf"):
        f_score = recall
    else:
        f_score = []
        for p, r in zip(precision, recall):
            denom = beta2 * p + r
            f_score.append((1 + beta2) * p * r / (denom if denom != 0 else 1))
    return precision, recall, f_score


def prf(
    counts: Counts, average: str | None, warn_for: Any, beta: float, zero_division: Any
) -> tuple[Floats, Floats, Floats, Ints]:
    """Precision, recall, F-beta and support from per-type counts, by seqeval's rules (the
    zero-division fill, its warnings, its averages): the one place they are computed, for
    this module and for ``newsgold.integrations``' span modes (whose correct count may hold
    half credits)."""
    _, tp, pred, true = counts
    if average == "micro":
        tp, pred, true = [sum(tp)], [sum(pred)], [sum(true)]
    precision, recall, f_score = _per_type(tp, pred, true, warn_for, beta, zero_division)
    if average is None:
        return precision, recall, f_score, true
    weights = None
    if average == "weighted":
        if sum(true) == 0:
            fill = fill_value(zero_division)
            nothing_predicted = sum(pred) == 0
            return (fill if nothing_predicted else 0.0, fill, fill if nothing_predicted else 0.0, sum(true))
        weights = true
    return _mean(precision, weights), _mean(recall, weights), _mean(f_score, weights), sum(true)


def as_seqeval_types(
    scores: tuple[Any, Any, Any, Any], average: str | None, true: list[int]
) -> tuple[Any, Any, Any, Any]:
    """:func:`prf`'s scores in the types seqeval returns: per type (``average=None``) numpy
    arrays (float64; the support of the default integer dtype, int32 when there is no type);
    an average as a numpy float64, but for the plain floats of the weighted average's
    ``zero_division`` fallback; the support of an average as Python's ``sum`` over a numpy
    array gives it (numpy's integer, or ``0`` when there is no type). ``true`` is the gold
    chunks per type. numpy is imported here, on the first call, not with the module.

    >>> as_seqeval_types(([0.5], [1.0], [0.6], [2]), None, [2])
    (array([0.5]), array([1.]), array([0.6]), array([2]))
    """
    import numpy as np

    precision, recall, f_score, support = scores
    if average is None:
        sums = np.array(support) if support else np.array([], dtype=np.int32)
        return np.array(precision, dtype=float), np.array(recall, dtype=float), np.array(f_score, dtype=float), sums
    per_type = np.array([sum(true)]) if average == "micro" else np.array(true, dtype=int if true else np.int32)
    number = float if average == "weighted" and sum(true) == 0 else np.float64
    return number(precision), number(recall), number(f_score), sum(per_type)


def averages_from_counts(
    counts: Mapping[str, tuple[int, int, int]], *, zero_division: Any = 0
) -> dict[str, dict[str, float]]:
    """seqeval's micro, macro and weighted precision, recall and F1 from per-type counts
    ``{type: (correct, predicted, gold)}``, without warnings: the numbers its report gives for
    the same chunks. Only types that occur in the gold or the predictions count, as in seqeval.

    >>> averages_from_counts({"PER": (1, 1, 1), "LOC": (0, 0, 1), "LAW": (0, 0, 0)})["macro"]
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    names = sorted(t for t, (_, pred, true) in counts.items() if pred or true)
    columns: Counts = (
        names,
        [counts[t][0] for t in names],
        [counts[t][1] for t in names],
        [counts[t][2] for t in names],
    )
    out = {}
    for average in ("micro", "macro", "weighted"):
        p, r, f, _ = prf(columns, average, (), 1.0, zero_division)
        out[average] = {"precision": float(p), "recall": float(r), "f1": float(f)}  # type: ignore[arg-type]
    return out


Call = namedtuple("Call", "y_true y_pred average warn_for beta zero_division suffix mode scheme digits output_dict")
Call.__doc__ = "The arguments of one call of a function :func:`score_functions` makes, as it hands them on."


def chunk_scores(call: Call) -> tuple[Any, Any, Any, Any]:
    """The four scores of seqeval's chunks, as its ``precision_recall_fscore_support`` gives them."""
    if call.beta < 0:
        raise ValueError("beta should be >=0 in the F-beta score")
    if call.average not in _AVERAGES:
        raise ValueError(f"average has to be one of {_AVERAGES}")
    _check_consistent_length(call.y_true, call.y_pred)
    strict = _require_scheme(call.scheme) if call.mode == "strict" and call.scheme else None
    counts = _paused(_counts, call.y_true, call.y_pred, strict, call.suffix)
    scores = prf(counts, call.average, call.warn_for, call.beta, call.zero_division)
    return as_seqeval_types(scores, call.average, counts[3])


def score_functions(scores: Scores, report: Report, module: str) -> tuple[Callable[..., Any], ...]:
    """seqeval's ``precision_recall_fscore_support``, ``precision_score``, ``recall_score``,
    ``f1_score`` and ``classification_report``, their signatures written once, over
    ``scores(call)`` and ``report(call)`` (this module's, or ``newsgold.integrations``' that
    add span modes), each given the call's arguments as a :class:`Call`; ``module`` names
    where they are public."""

    def precision_recall_fscore_support(
        y_true: list[list[str]],
        y_pred: list[list[str]],
        *,
        average: str | None = None,
        warn_for: Any = ("precision", "recall", "f-score"),
        beta: float = 1.0,
        sample_weight: Any = None,
        zero_division: Any = "warn",
        suffix: bool = False,
        mode: str | None = None,
        scheme: Any = None,
    ) -> tuple[Any, Any, Any, Any]:
        return scores(Call(y_true, y_pred, average, warn_for, beta, zero_division, suffix, mode, scheme, 2, False))

    def one(index: int, warn_for: tuple[str, ...], beta: float, name: str) -> Callable[..., Any]:
        def score(
            y_true: list[list[str]],
            y_pred: list[list[str]],
            *,
            average: str | None = "micro",
            suffix: bool = False,
            mode: str | None = None,
            sample_weight: Any = None,
            zero_division: Any = "warn",
            scheme: Any = None,
        ) -> Any:
            call = Call(y_true, y_pred, average, warn_for, beta, zero_division, suffix, mode, scheme, 2, False)
            return scores(call)[index]

        score.__name__ = score.__qualname__ = name
        return score

    def classification_report(
        y_true: list[list[str]],
        y_pred: list[list[str]],
        digits: int = 2,
        suffix: bool = False,
        output_dict: bool = False,
        mode: str | None = None,
        sample_weight: Any = None,
        zero_division: Any = "warn",
        scheme: Any = None,
    ) -> str | dict[str, dict[str, Any]]:
        return report(Call(y_true, y_pred, None, (), 1.0, zero_division, suffix, mode, scheme, digits, output_dict))

    functions = (
        precision_recall_fscore_support,
        one(0, ("precision",), 1.0, "precision_score"),
        one(1, ("recall",), 1.0, "recall_score"),
        one(2, ("f-score",), 1, "f1_score"),
        classification_report,
    )
    for function in functions:
        function.__module__, function.__qualname__ = module, function.__name__
    return functions


def _flatten_tokens(y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    if any(isinstance(s, list) for s in y_true):
        return [t for s in y_true for t in s], [t for s in y_pred for t in s]
    return y_true, y_pred


def accuracy_score(y_true: Any, y_pred: Any) -> float:
    """The fraction of tokens tagged as in gold.

    >>> accuracy_score([['O', 'B-PER', 'I-PER']], [['O', 'B-PER', 'O']])
    0.6666666666666666
    """
    y_true, y_pred = _flatten_tokens(y_true, y_pred)
    score: float = sum(map(eq, y_true, y_pred)) / len(y_true)
    return score


def performance_measure(y_true: Any, y_pred: Any) -> dict[str, int]:
    """Token counts: TP (equal tags, not both O), FP (tags differ, predicted not O),
    FN (gold not O, predicted O) and TN (both O)."""
    y_true, y_pred = _flatten_tokens(y_true, y_pred)
    out = {"TP": 0, "FP": 0, "FN": 0, "TN": 0}
    for (t, p), n in Counter(zip(y_true, y_pred)).items():
        if t == p:
            out["TN" if t == "O" else "TP"] += n
        elif p != "O":
            out["FP"] += n
        if t != "O" and p == "O":
            out["FN"] += n
    return out


def chunk_report(call: Call) -> str | dict[str, dict[str, Any]]:
    """seqeval's ``classification_report`` of its chunks."""
    y_true, y_pred, _, _, _, zero_division, suffix, mode, scheme, digits, output_dict = call
    if mode == "strict":
        _check_consistent_length(y_true, y_pred)
        resolved = None if scheme is None else _resolve(scheme)
        strict: Scheme | None = resolved or detect_scheme(y_true, suffix)
    else:
        strict = None
    counts = _paused(_counts, y_true, y_pred, strict, suffix)
    names = counts[0]
    width = 0 if output_dict else max(max(map(len, names)), len("weighted avg"), digits)
    if strict is None:
        _check_consistent_length(y_true, y_pred)
    warn_for = ("precision", "recall", "f-score")
    _, tp, pred, true = counts
    per_type: tuple[Any, ...] = (*_per_type(tp, pred, true, warn_for, 1.0, zero_division), true)
    averages = [(a, prf(counts, a, warn_for, 1.0, zero_division)) for a in ("micro", "macro", "weighted")]
    return report(names, per_type, averages, output_dict, width, digits)


def report(
    names: Sequence[str],
    per_type: tuple[Any, ...],
    averages: Sequence[tuple[str, tuple[Any, ...]]],
    output_dict: bool,
    width: int,
    digits: int,
) -> str | dict[str, dict[str, Any]]:
    """seqeval's report of per-type scores (precision, recall, F1 and support lists, in the
    order of ``names``) and of ``(average, its scores)`` pairs: its dict, with numpy numbers as
    seqeval's holds them, or its text, ``width`` wide (for this module and for
    ``newsgold.integrations``' span modes)."""
    true = per_type[3]
    if output_dict:
        per_type = as_seqeval_types(per_type, None, true)
        averages = [(a, as_seqeval_types(scores, a, true)) for a, scores in averages]
    rows = list(zip(names, *per_type))
    lines = [(f"{a} avg", *scores) for a, scores in averages]
    if output_dict:
        return {row[0]: dict(zip(("precision", "recall", "f1-score", "support"), row[1:])) for row in rows + lines}
    return report_text(rows, lines, width, digits)


precision_recall_fscore_support, precision_score, recall_score, f1_score, classification_report = score_functions(
    chunk_scores, chunk_report, __name__
)
precision_recall_fscore_support.__doc__ = """Precision, recall, F-beta and support: per type (numpy arrays,
    ``average=None``) or averaged.

    >>> precision_recall_fscore_support([['B-PER', 'O', 'B-LOC']], [['B-PER', 'O', 'B-ORG']], zero_division=0)
    (array([0., 0., 1.]), array([0., 0., 1.]), array([0., 0., 1.]), array([1, 0, 1]))
    """
precision_score.__doc__ = "tp / predicted chunks."
recall_score.__doc__ = "tp / gold chunks."
f1_score.__doc__ = "The harmonic mean of precision and recall."
classification_report.__doc__ = "Per-type and averaged precision, recall, F1 and support: seqeval's text, or its dict."


def report_text(rows: list[tuple[Any, ...]], averages: list[tuple[Any, ...]], width: int, digits: int) -> str:
    """seqeval's report layout: a row per type, then the averages, each ``(name, precision,
    recall, f1, support)`` (also ``newsgold.integrations``' report of its span modes)."""
    fmt = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}"
    head = "{:>{width}s} ".format("", width=width) + "".join(
        f" {h:>9}" for h in ("precision", "recall", "f1-score", "support")
    )
    lines = [fmt.format(*row, width=width, digits=digits) for row in rows]
    lines.append("")
    lines += [fmt.format(*row, width=width, digits=digits) for row in averages]
    lines.append("")
    return head + "\n\n" + "\n".join(lines)
