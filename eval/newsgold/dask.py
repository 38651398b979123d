"""Score a corpus too large for one machine on Dask (``pip install 'newsgold[dask]'``).

The gold is JSON Lines of your own corpus (one document a line, as ``--gold FILE.jsonl``
reads it) and the predictions canonical JSON Lines, each in as many files as you like::

    from dask.distributed import Client; client = Client()      # or Client("tcp://scheduler:8786")
    import newsgold.dask
    report = newsgold.dask.score(gold="gold-*.jsonl", predictions="predictions-*.jsonl")

How the work is laid out, so that nothing is done twice and nothing heavy is held or moves:

1. A first look at the bytes of each gold block, parsing no line, gives the types and roles
   the gold uses (and, of each predictions block, whether it gives events): the inventories
   of the whole gold, which every partition needs to read the predicted labels alike.
2. Each file is read in byte ranges of ``blocksize`` cut at line ends, each by one task that
   sends each line to a partition chosen by a hash of its ``doc_id``, as its bytes: a
   document's gold line and its predictions line meet in one partition, where the one JSON
   Lines line reader (``tables.lines``) parses them. The doc_id of a line that opens with it
   (as ``json.dumps`` writes a record that starts with it) is read off the bytes; any other
   line is parsed where it is read, and its value sent. Each line is parsed once.
3. One task a partition checks and builds its documents (the gold and predictions readers'
   own checks), scores them to ``newsgold score --counts-only``'s counts against those
   inventories, and frees them: a worker holds one built partition at a time, beside the
   bytes of the lines waiting for theirs. It sends on its counts and a summary: the types
   and roles its gold uses, the layers its predictions give, its documents' ids.
4. The summaries add up to the inventories the built gold uses. When they are what the
   first look gave (a layout it misreads is the rare case), the counts add up by ``newsgold
   merge``'s rules (``outputs/counts.py``); else every partition is read and scored again
   against them. The report equals one run over all the files.

When the gold and the predictions are sharded alike (as many files on each side, paired by
the name after the first ``-``: ``gold-00042.jsonl`` beside ``pred-00042.jsonl``), each pair
of shards is one partition, read, built and scored by one task, and nothing is routed.

A gold document without a predictions line is scored as predicting nothing (and named in
the NG609 warning, as one run names it); a predictions line for no gold document (of its
shard, when paired), or two lines for one document, is an error, the same
:class:`NewsgoldError` on any scheduler. Errors name the file and the line number that
reading the whole file names (the lines before a block are counted only for an error).
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from .api import score as score_corpus
from .gold import collector
from .gold.corpus import Corpus
from .gold.errors import Incident, NewsgoldError, incident
from .gold.io import check_input
from .gold.jsonl_gold import BLOCK, gold_block, gold_record, inventories_of, usage
from .gold.model import Document, Gold
from .outputs.counts import merge_counts, to_counts
from .readers.jsonl import BadRecord, byte_offsets_in, parse_document, predictions_block
from .readers.records import DocPredictions, Predictions
from .scoring.results import EntityConfig, EventConfig
from .tables.lines import JsonLines, crlf_warning

GOLD, PREDICTED = "gold", "predicted"
BLOCKSIZE = 32 * 2**20


@dataclass(frozen=True)
class Place:
    """Where a line is: the ``line``-th of the block of ``file`` that starts at byte ``start``."""

    file: str
    start: int
    line: int


Row = tuple[str, str, Place, Any]  # doc_id, side, where its line is, its value


def _dask() -> Any:
    try:
        import dask
        import fsspec  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        raise NewsgoldError(
            incident(
                "NG610",
                "newsgold.dask",
                message="scoring on Dask needs dask and distributed",
                hint="pip install 'newsgold[dask]'",
            )
        ) from None
    return dask


@dataclass(frozen=True)
class Block:
    """A byte range of a file (``length`` None: to its end), read by one task."""

    fs: Any
    file: str
    side: str
    offset: int = 0
    length: int | None = None


def _files(fs: Any, paths: str | Sequence[str], side: str) -> list[str]:
    """The files ``paths`` names (globs expanded), in order of name; each a regular file."""
    names = sorted(fs.expand_path(paths if isinstance(paths, str) else list(paths)))
    if not names:
        raise NewsgoldError(incident("NG105", str(paths), message=f"no {side} file matches"))
    if "file" in _protocols(fs):
        problems = [i for name in names for i in check_input(name, max_bytes=sys.maxsize)]
        if problems:  # a FIFO, a folder or a device is refused before any task reads it
            raise NewsgoldError(problems)
    return names


def _protocols(fs: Any) -> tuple[str, ...]:
    p = fs.protocol
    return (p,) if isinstance(p, str) else tuple(p)


def _line(fs: Any, place: Place) -> int:
    """The line number of ``place`` in its file: the lines before its block are counted only
    when an error names one, so that no task reads more than its block otherwise."""
    before = 0
    with fs.open(place.file, "rb") as f:
        for _ in range(0, place.start, 1 << 20):
            before += f.read(min(1 << 20, place.start - f.tell())).count(b"\n")
    return before + place.line


@collector.paused()
def _read(block: Block) -> tuple[list[Row], list[Incident]]:
    """A block's lines parsed (each once), as rows; and the reading's warnings."""
    start, data = _bytes(block)
    values, warnings = _parse(block.fs, block.file, start, None, data)
    places = [Place(block.file, start, number) for number, _ in values]
    return [(_doc_id(v, block.fs, p), block.side, p, v) for p, (_, v) in zip(places, values)], warnings


def _doc_id(value: Any, fs: Any, place: Place) -> str:
    """A parsed line's doc_id."""
    doc_id = value.get("doc_id") if isinstance(value, dict) else None
    if not isinstance(doc_id, str):
        message = "each line must be an object with a doc_id"
        raise NewsgoldError(incident("NG201", place.file, line=_line(fs, place), pointer="/doc_id", message=message))
    return doc_id


@dataclass
class Routed:
    """What one block sends one partition: lines as their bytes (``data``, joined by
    newlines), with their numbers in the block and their doc_ids, parsed where they land;
    and the lines parsed where they were read (``values``: number, doc_id, value)."""

    file: str
    side: str
    start: int
    numbers: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    data: bytes = b""
    values: list[tuple[int, str, Any]] = field(default_factory=list)


# A line that opens with its doc_id, an unescaped string, and names no other: the doc_id
# parsing finds, read off its bytes (a key cannot be read inside a string, whose quotes are
# escaped). Any other line is parsed where it is read.
_OPENS_WITH_ID = re.compile(rb'[ \t]*\{[ \t]*"doc_id"[ \t]*:[ \t]*"([^"\\]*)"')
_SPELLED = re.compile(rb"\\u00(?:6[349fF]|5[fF])")  # a letter of "doc_id" written as an escape


@collector.paused()
def _route(block: Block, parts: int) -> tuple[list[Routed], list[Incident], int]:
    """A block's lines sent to their partitions by a hash of their doc_id, as their bytes:
    routing pickles no parsed value, and each line is parsed once, where it lands. Returns
    what goes to each partition, the reading's warnings, and how many lines end in CRLF
    (their CR is dropped here: the file's count is one warning, not one per partition)."""
    start, data = _bytes(block)
    sent = [Routed(block.file, block.side, start) for _ in range(parts)]
    lines: list[list[bytes]] = [[] for _ in range(parts)]
    odd: list[int] = []
    odd_lines: list[bytes] = []
    pieces, crlf = data.split(b"\n"), 0
    for number, line in enumerate(pieces, 1):
        if line.endswith(b"\r") and number < len(pieces):  # a CR before the line's LF
            line, crlf = line[:-1], crlf + 1
        opening = _OPENS_WITH_ID.match(line)
        if opening is not None and line.count(b'"doc_id"') == 1 and _SPELLED.search(line) is None:
            k = zlib.crc32(opening[1]) % parts
            sent[k].numbers.append(number)
            # a line that is not UTF-8 is refused where it lands
            sent[k].ids.append(opening[1].decode("utf-8", "replace"))
            lines[k].append(line)
        elif line.strip():
            odd.append(number)
            odd_lines.append(line)
    for k, routed in enumerate(sent):
        routed.data = b"\n".join(lines[k])
    values, warnings = _parse(block.fs, block.file, start, odd, b"\n".join(odd_lines))
    for number, value in values:
        doc_id = _doc_id(value, block.fs, Place(block.file, start, number))
        sent[zlib.crc32(doc_id.encode("utf-8")) % parts].values.append((number, doc_id, value))
    return sent, warnings, crlf


def _crlf(files: list[str], counts: list[int]) -> list[Incident]:
    """One NG606 warning a file, with the CRLF line ends of all its blocks."""
    total: Counter[str] = Counter()
    for file, n in zip(files, counts):
        total[file] += n
    return [crlf_warning(file, n) for file, n in total.items() if n]


def _parse(
    fs: Any, file: str, start: int, numbers: list[int] | None, data: bytes
) -> tuple[list[tuple[int, Any]], list[Incident]]:
    """The values of lines of a block (``data``: the lines joined by newlines; ``numbers``:
    their numbers in the block, None when they are the whole block), each parsed once by the
    one line reader, with their numbers; and its warnings. An error names the line's number
    in the file."""
    if numbers == []:
        return [], []
    number = (lambda n: n) if numbers is None else lambda n: numbers[n - 1]
    lines = JsonLines(file, max_errors=1, block=data, first=start == 0 and number(1) == 1)
    values = [(number(n), value) for n, value in lines]
    if lines.errors:
        at = [
            i if i.line is None else replace(i, line=_line(fs, Place(file, start, number(i.line))))
            for i in lines.errors
        ]
        raise NewsgoldError(at)
    return values, lines.warnings


def _landed(routed: Routed, fs: Any) -> tuple[list[Row], list[Incident]]:
    """The rows of the lines a block sent a partition, the lines sent as bytes parsed here."""
    values, warnings = _parse(fs, routed.file, routed.start, routed.numbers, routed.data)
    place = partial(Place, routed.file, routed.start)
    given = [(number, doc_id, value) for (number, value), doc_id in zip(values, routed.ids)]  # a line each
    rows = [(doc_id, routed.side, place(number), value) for number, doc_id, value in given + routed.values]
    return rows, warnings


@dataclass
class Part:
    """One partition's documents, checked and built (within the task that scores them)."""

    gold: list[tuple[Document, Gold]] = field(default_factory=list)
    predicted: list[DocPredictions] = field(default_factory=list)
    warnings: list[Incident] = field(default_factory=list)
    lines: int = 0  # lines parsed for it


def _paired(gold: Block, predicted: Block, filesystems: dict[str, Any], total: Total, *config: Any) -> Scored:
    """A pair of shards read, built and scored by one task: nothing leaves the worker but its
    counts and summary."""
    gold_rows, warnings = _read(gold)
    pred_rows, more = _read(predicted)
    return _scored(_build(gold_rows, pred_rows, filesystems=filesystems, warnings=[warnings, more]), total, *config)


@collector.paused()
def _routed(*sent: Routed, filesystems: dict[str, Any], warnings: Any, total: Total, config: Any) -> Scored:
    """A partition built from the lines routed to it, and scored, by one task."""
    landed = [_landed(routed, filesystems[routed.side]) for routed in sent]
    rows, more = [r for r, _ in landed], [w for _, w in landed]
    return _scored(_build(*rows, filesystems=filesystems, warnings=[*warnings, *more]), total, *config)


@collector.paused()
def _build(*buckets: list[Row], filesystems: dict[str, Any], warnings: Sequence[list[Incident]] = ()) -> Part:
    """A partition's documents from its rows: the gold and predictions readers' checks, once
    (``warnings``: the readings' warnings, which the report lists)."""
    gold: dict[str, Row] = {}
    predicted: dict[str, Row] = {}
    part = Part(warnings=[w for ws in warnings for w in ws])
    where = lambda row: f"{row[2].file} (line {_line(filesystems[row[1]], row[2])})"  # noqa: E731
    for rows in buckets:
        part.lines += len(rows)
        for row in rows:
            doc_id, side = row[0], row[1]
            seen = gold if side == GOLD else predicted
            if doc_id in seen:
                code, verb = ("NG505", "is also in") if side == GOLD else ("NG603", "is also predicted in")
                raise NewsgoldError(
                    incident(code, row[2].file, pointer="/doc_id", message=f"{doc_id!r} {verb} {where(seen[doc_id])}")
                )
            seen[doc_id] = row
    ids = sorted(gold)
    for k in range(0, len(ids), BLOCK):
        part.gold += _gold([gold[doc_id] for doc_id in ids[k : k + BLOCK]], filesystems[GOLD])
    stray = [doc_id for doc_id in predicted if doc_id not in gold]
    if stray:
        doc_id = min(stray)
        raise NewsgoldError(
            incident(
                "NG602",
                predicted[doc_id][2].file,
                line=_line(filesystems[PREDICTED], predicted[doc_id][2]),
                pointer="/doc_id",
                message=f"unknown doc_id {doc_id!r}: no gold line has it",
            )
        )
    documents = {doc.doc_id: doc for doc, _ in part.gold}
    given = [predicted[doc_id] for doc_id in ids if doc_id in predicted]
    for k in range(0, len(given), BLOCK):
        part.predicted += _predicted(given[k : k + BLOCK], documents, part.warnings, filesystems[PREDICTED])
    return part


def _gold(rows: list[Row], fs: Any) -> list[tuple[Document, Gold]]:
    """The documents of gold rows, checked as one block as the one-process loader checks a
    block of lines; a block it refuses is built a row at a time, which names the problem."""
    pairs = gold_block([row[3] for row in rows])
    return pairs if pairs is not None else [_document(row, fs) for row in rows]


def _document(row: Row, fs: Any) -> tuple[Document, Gold]:
    try:
        return gold_record(row[3], row[2].file)
    except NewsgoldError as e:
        line = _line(fs, row[2])
        raise NewsgoldError([replace(i, line=line) for i in e.incidents]) from None


def _predicted(
    rows: list[Row], documents: dict[str, Document], warnings: list[Incident], fs: Any
) -> list[DocPredictions]:
    """The predictions of rows, read as one block as the one-process reader reads a block of
    usual lines (a doc_id and entities), with its NG302 warnings; else a row at a time."""
    read = predictions_block(0, [row[3] for row in rows], documents, {}, rows[0][2].file) if len(rows) > 1 else None
    if read is None:
        return [_predictions(documents[row[0]], row, warnings, fs) for row in rows]
    parsed, suspected = read  # each warning's line: its row's index
    warnings += [
        replace(w, file=rows[w.line][2].file, line=_line(fs, rows[w.line][2])) for w in suspected if w.line is not None
    ]
    return parsed


def _predictions(doc: Document, row: Row, warnings: list[Incident], fs: Any) -> DocPredictions:
    try:
        parsed, notes = parse_document(row[3], doc)
    except BadRecord as bad:
        raise NewsgoldError(
            incident(
                bad.code,
                row[2].file,
                line=_line(fs, row[2]),
                pointer=bad.ptr,
                message=f"{doc.doc_id}: {bad.message}",
                hint=bad.hint,
            )
        ) from None
    warnings += [incident("NG608", row[2].file, severity="warning", message=n) for n in notes]
    suspected = byte_offsets_in(parsed, doc)
    if suspected:
        line = _line(fs, row[2])
        warnings.append(
            incident("NG302", row[2].file, line=line, severity="warning", message=suspected[0], hint=suspected[1])
        )
    return parsed


Labels = tuple[set[str], dict[str, set[str]], set[str]]  # types, roles by subtype, layers predicted
Summary = tuple[set[str], dict[str, set[str]], set[str], list[str], int]  # Labels, ids, lines parsed
Total = tuple[tuple[dict[str, Any], dict[str, Any]], tuple[str, ...]]  # inventories, layers scored
Scored = tuple[dict[str, Any] | None, Summary]  # a partition's counts and summary

_SECTION = re.compile(rb'("(?:entities|mentions|events)")\s*:')
_STRING = rb'"((?:[^"\\]|\\.)*)"'
_TYPE = re.compile(rb'"type"\s*:\s*' + _STRING)
_TYPE_OR_ROLE = re.compile(rb'"(type|role)"\s*:\s*' + _STRING)
_EVENTS = re.compile(rb'"events"\s*:')


def _scan(block: Block) -> Labels:
    """A first look at a block's bytes, parsing no line: the types and roles its gold seems to
    use, or whether its predictions seem to give events. In JSON a key cannot be read inside
    a string (each quote there is escaped), so this finds what parsing finds for gold laid
    out as the README shows it (an event's type before its arguments); a layout it misreads
    costs a second round (see :func:`score`), never a wrong number."""
    _, data = _bytes(block)
    if block.side == PREDICTED:
        return set(), {}, {"events"} if _EVENTS.search(data) else set()
    pieces = _SECTION.split(data)  # what is before the first section, then each key and its section
    sections = list(zip(pieces[1::2], pieces[2::2]))
    entities = b"".join(text for key, text in sections if key != b'"events"')
    events = b"".join(text for key, text in sections if key == b'"events"')
    types = {_text(t) for t in set(_TYPE.findall(entities))}
    roles: dict[str, set[str]] = {}
    subtype: str | None = None
    for key, value in _TYPE_OR_ROLE.findall(events):
        if key == b"type":
            subtype = _text(value)
            roles.setdefault(subtype, set())
        elif subtype is not None:
            roles[subtype].add(_text(value))
    return types, roles, set()


def _text(raw: bytes) -> str:
    """A JSON string's value from its bytes between the quotes."""
    if b"\\" not in raw:
        return raw.decode("utf-8", "replace")
    try:
        return str(json.loads(b'"' + raw + b'"'))
    except ValueError:  # a bad string: parsing the line names it
        return raw.decode("utf-8", "replace")


def _bytes(block: Block) -> tuple[int, bytes]:
    """A block's whole lines and where the first starts in its file."""
    from fsspec.utils import read_block  # type: ignore[import-untyped]

    with block.fs.open(block.file, "rb") as f:
        if block.length is None:
            return 0, f.read()
        data: bytes = read_block(f, block.offset, block.length, delimiter=b"\n")
        return f.tell() - len(data), data


def _inventories(labels: Sequence[Labels], layers: tuple[str, ...] | None) -> Total:
    """The inventories of the gold that ``labels`` describe, and the layers scored (by default
    entities, and events when any prediction gives them)."""
    types: set[str] = set()
    roles: dict[str, set[str]] = {}
    given: set[str] = set()
    for t, r, ls in labels:
        types |= t
        given |= ls
        for subtype, names in r.items():
            roles.setdefault(subtype, set()).update(names)
    chosen = layers if layers is not None else tuple(x for x in ("entities", "events") if x == "entities" or x in given)
    return inventories_of(types, roles), chosen


def _summary(part: Part) -> Summary:
    """What a partition's gold uses (types, roles by subtype), the layers its predictions give,
    its ids, and the lines parsed for it."""
    types, roles = usage(part.gold)
    layers = {layer for p in part.predicted for layer in p.layers}
    return types, roles, layers, [doc.doc_id for doc, _ in part.gold], part.lines


def _total(summaries: list[Summary], layers: tuple[str, ...] | None) -> Total:
    """The whole gold's inventories and the layers scored, from what the partitions built; a
    document in two partitions (two shards) is an error."""
    ids = [doc_id for s in summaries for doc_id in s[3]]
    if len(set(ids)) < len(ids):  # the usual case, all distinct, costs one set; naming the first twice, a count
        twice = next(doc_id for doc_id, n in Counter(ids).items() if n > 1)
        raise NewsgoldError(incident("NG505", "gold", pointer="/doc_id", message=f"{twice!r} is in two gold files"))
    if not ids:
        raise NewsgoldError(incident("NG601", "gold", message="the gold files hold no documents"))
    return _inventories([(t, r, ls) for t, r, ls, _, _ in summaries], layers)


@collector.paused()
def _scored(part: Part, total: Total, entities: EntityConfig, events: EventConfig) -> Scored:
    """``newsgold score --counts-only`` of one partition's documents against ``total`` (None
    when it has none), and its summary; the part is freed when the task ends."""
    summary = _summary(part)
    if not part.gold:
        return None, summary
    inventories, layers = total
    corpus = Corpus(tuple(part.gold), *inventories, {})
    scored = score_corpus(
        gold=corpus,
        predictions=Predictions.of(part.predicted, [], "values", "predictions"),  # read and checked as routed
        entities=entities,
        events=events,
        layers=layers,
        errors=False,
    )
    return to_counts(replace(scored, warnings=part.warnings)), summary  # the reading's warnings, in the checksum


def _shard_key(file: str) -> str:
    """A shard's name without its first ``-``-separated part (``gold-00042.jsonl``: ``00042.jsonl``)."""
    name = re.split(r"[\\/]", file)[-1]
    return name.split("-", 1)[1] if "-" in name else ""


def paired_shards(gold: list[str], predictions: list[str]) -> list[tuple[str, str]] | None:
    """The (gold, predictions) shard pairs when both sides are sharded alike, else None."""
    keys = [_shard_key(f) for f in gold]
    pred_keys = {_shard_key(f): f for f in predictions}
    if len(gold) < 2 or "" in keys or len(set(keys)) != len(keys) or set(keys) != set(pred_keys):
        return None
    return [(g, pred_keys[k]) for g, k in zip(gold, keys)]


def score(
    *,
    gold: str | list[str],
    predictions: str | list[str],
    entities: EntityConfig = EntityConfig(),
    events: EventConfig = EventConfig(),
    layers: tuple[str, ...] | None = None,
    blocksize: int = BLOCKSIZE,
    partitions: int | None = None,
    progress: bool | None = None,
    stats: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Score predictions JSON Lines against gold JSON Lines (paths or globs, local or on any
    filesystem fsspec reads) on Dask: the report ``newsgold merge`` gives for the counts of
    every partition, equal to one run in one process (error records aside).

    ``blocksize``: bytes each reading task reads; ``partitions``: how many partitions the
    documents are routed to (default: one per block of gold, at least two); shards paired
    by name are one partition each. ``progress``: a progress bar on standard error (default:
    when it is a terminal). ``stats``, when given, gets ``lines_parsed``, ``blocks``,
    ``partitions`` and ``rounds`` (2 when the first look at the bytes misread the gold's
    inventories, and every partition was scored again)."""
    dask = _dask()
    from dask import delayed
    from fsspec.core import url_to_fs  # type: ignore[import-untyped]

    fs, _ = url_to_fs(gold if isinstance(gold, str) else gold[0])
    pred_fs, _ = url_to_fs(predictions if isinstance(predictions, str) else predictions[0])
    gold_files, pred_files = _files(fs, gold, GOLD), _files(pred_fs, predictions, "predictions")
    filesystems = {GOLD: fs, PREDICTED: pred_fs}
    shards = paired_shards(gold_files, pred_files)
    config, sides = (entities, events), (GOLD, PREDICTED)
    if shards is not None:
        blocks = [Block(f_s, name, side) for pair in shards for f_s, name, side in zip((fs, pred_fs), pair, sides)]

        def jobs(total: Any) -> list[Any]:
            return [delayed(_paired)(*blocks[k : k + 2], filesystems, total, *config) for k in range(0, len(blocks), 2)]
    else:
        route = delayed(_route, nout=3)
        parts = partitions or max(sum(-(-fs.size(name) // blocksize) for name in gold_files), 2)
        blocks = [
            Block(f_s, name, side, offset, blocksize)
            for f_s, names, side in zip((fs, pred_fs), (gold_files, pred_files), sides)
            for name in names
            for offset in range(0, max(f_s.size(name), 1), blocksize)
        ]
        reads = [route(block, parts) for block in blocks]
        warnings = [*(r[1] for r in reads), delayed(_crlf)([b.file for b in blocks], [r[2] for r in reads])]

        def jobs(total: Any) -> list[Any]:
            return [
                delayed(_routed)(
                    *(r[0][k] for r in reads),
                    filesystems=filesystems,
                    warnings=warnings if k == 0 else (),
                    total=total,
                    config=config,
                )
                for k in range(parts)
            ]

    show = sys.stderr.isatty() if progress is None else progress
    looked = [delayed(_scan)(b) for b in blocks if b.side == GOLD or layers is None]
    guess = delayed(_inventories)(looked, layers)
    client = _client()
    # Each partition is built, scored and freed by one task, against the inventories the
    # first look at the bytes gives; what the partitions built says whether it was right.
    guessed, *results = _compute(dask, client, [guess, *jobs(guess)], show)
    summaries = [s for _, s in results]
    total, rounds = _total(summaries, layers), 1
    if total != guessed:
        results, rounds = _compute(dask, client, jobs(total), show), 2
    if stats is not None:
        lines = sum(s[4] for s in summaries) + (sum(s[4] for _, s in results) if rounds == 2 else 0)
        stats.update(lines_parsed=lines, blocks=len(blocks), partitions=len(results), rounds=rounds)
    return merge_counts([(f"partition {i}", c) for i, (c, _) in enumerate(results) if c is not None])


def _compute(dask: Any, client: Any, graph: list[Any], show: bool) -> list[Any]:
    """The value of each task of ``graph``, computed on the distributed client, if any, else
    on Dask's default scheduler, with a progress bar on standard error if asked. Each value
    goes from its worker to the client: a list of tasks computed as one value would be
    assembled on a worker first, fetching every other worker's results."""
    if client is not None:
        from distributed import progress as bar

        futures = client.compute(graph)
        if show:
            bar(futures, notebook=False)
            sys.stderr.write("\n")
        return list(client.gather(futures))
    if not show:
        return list(dask.compute(*graph))
    from dask.diagnostics import ProgressBar

    with ProgressBar(out=sys.stderr):
        return list(dask.compute(*graph))


def _client() -> Any:
    """The distributed Client Dask would compute on (the active one, unless the configuration
    chose another scheduler), if any."""
    if "distributed" not in sys.modules:
        return None
    from dask.base import get_scheduler
    from distributed import Client

    client = getattr(get_scheduler(), "__self__", None)
    return client if isinstance(client, Client) else None
