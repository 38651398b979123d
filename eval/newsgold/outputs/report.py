"""Reports: the JSON shape of DESIGN.md, and text, Markdown and CSV renderings of it.

Reports know nothing of matching: they take results and lay them out.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache, partial
from itertools import chain, groupby, islice
from operator import getitem, itemgetter
from typing import Any

from ..escape import csv_cell, json_safe, md_cell, md_code, shown, text_cell
from ..scoring.entity_errors import confusion, correct_items, count_errors, iter_error_records
from ..scoring.events import EVENT_ERROR_FIELDS, EventErrors
from ..scoring.listing import ERROR_FIELDS
from ..scoring.metrics import averages
from ..scoring.modes import TOKEN_MODES
from ..scoring.results import EntityResult, EventResult, ModeResult
from ..tags import averages_from_counts
from ..version import __version__


def mode_rows(result: ModeResult, seqeval_averages: bool = False, scheme_given: bool = False) -> dict[str, Any]:
    """A mode's rows. Token modes, which stand for seqeval's numbers, average as seqeval does
    (types in the gold or the predictions only, 0/0 as 0); the other modes leave undefined
    values out of their averages (``scoring.metrics.averages``). A strict token mode that read
    submitted tags says with which schemes (``tag_schemes``: documents by side and scheme) and
    whether they were ``given`` (``scheme_given``) or ``detected`` (``tag_scheme_source``)."""
    per_type = {t: c.to_dict() for t, c in sorted(result.per_type.items())}
    out: dict[str, Any] = {"overall": result.overall.to_dict(), "per_type": per_type}
    avg: Mapping[str, Mapping[str, float | None]]
    if seqeval_averages and not any(c.predicted or c.support for c in result.per_type.values()):
        undefined = {"precision": None, "recall": None, "f1": None}  # seqeval's NaN (no type), as JSON can carry it
        avg = {"macro": undefined, "weighted": undefined}
    elif seqeval_averages:
        avg = averages_from_counts({t: (c.tp, c.predicted, c.support) for t, c in result.per_type.items()})
    else:
        avg = averages(result.per_type)
    out["macro"], out["weighted"] = avg["macro"], avg["weighted"]
    out["averages"] = "seqeval" if seqeval_averages else "newsgold"
    if result.extra:
        out.update(result.extra)
    if "tag_schemes" in result.extra:
        out["tag_scheme_source"] = "given" if scheme_given else "detected"
    return out


def schemes_read(report: Mapping[str, Any]) -> str:
    """How the strict token modes read submitted tags, in words ('' when none did): "token_iob2
    read the predicted tags as IOB1 (detected), the gold's own tags as IOB1 (detected)"."""
    said = []
    for mode, block in report.get("entities", {}).items():
        schemes = block.get("tag_schemes")
        if not schemes:
            continue
        source = block.get("tag_scheme_source", "detected")
        sides = [
            f"{name} as {_schemes(schemes[side])} ({source})"
            for side, name in (("predicted", "the predicted tags"), ("gold", "the gold's own tags"))
            if side in schemes
        ]
        said.append(f"{mode} read {', '.join(sides)}")
    return "; ".join(said)


def _schemes(documents: Mapping[str, int]) -> str:
    """``IOB1``, or ``IOB1 in 2 documents, IOB2 in 1`` when parts of one side read differently."""
    if len(documents) == 1:
        return next(iter(documents))
    return ", ".join(f"{name} in {n} document{'s' * (n != 1)}" for name, n in sorted(documents.items()))


def build_report(
    *,
    entities: EntityResult | None,
    dataset_version: str,
    predictions: str,
    events: EventResult | None = None,
    errors: bool = True,
    correct: bool = True,
    documents: int | None = None,
    intervals: Mapping[str, Any] | None = None,
    lazy: bool = False,
    max_errors: int = 0,
) -> dict[str, Any]:
    """The report as plain data (what ``newsgold score --json`` prints); with ``errors``, the
    strict errors, and with ``correct`` too, the strict correct entities. ``documents``: how
    many documents were scored, whatever the layers (default: the entity scoring's count).
    ``intervals`` (``api.score``'s): how F1's intervals were drawn, in ``intervals``, and each
    mode's or metric's ``f1_interval`` ([low, high] or null), and that of each of its per-type
    rows.

    With ``lazy``, the errors and correct entities are :class:`Rows`, made one at a time
    as they are read (:func:`iter_json` writes them so); ``max_errors`` > 0 lists that many
    errors of each layer and says how many it left out (``entity_errors_omitted``,
    ``event_errors_omitted``)."""
    report: dict[str, Any] = {
        "newsgold_version": __version__,
        "dataset_version": dataset_version,
        "predictions": predictions,
        "config": {},
    }
    if documents is None and entities is not None:
        documents = len(entities.doc_ids)
    if documents is not None:
        report["documents"] = documents
    if entities is not None:
        report["config"]["entities"] = entities.config.describe()
        given = entities.config.tag_scheme is not None
        report["entities"] = {mode: mode_rows(r, mode in TOKEN_MODES, given) for mode, r in entities.modes.items()}
        report["timex"] = entities.timex
        if errors and "strict" in entities.modes:
            batches = records_as_columns(ERROR_FIELDS, partial(iter_error_records, entities))
            listed = _listed(ERROR_FIELDS, batches, count_errors(entities), max_errors)
            report["entity_errors"] = listed[0] if lazy else list(listed[0])
            if listed[1]:
                report["entity_errors_omitted"] = listed[1]
            report["entity_confusion"] = confusion(entities)
        if errors and correct and "strict" in entities.modes:
            # The strict true positives: with the errors they make up every scored span, so a
            # viewer can show them under any selection option without matching again.
            rows = Rows(CORRECT_FIELDS, partial(_correct_columns, entities))
            report["entity_correct"] = rows if lazy else list(rows)
        report["warnings"] = [w.to_dict() for w in entities.warnings]
    if events is not None:
        report["config"]["events"] = events.config.describe()
        report["events"] = events.to_dict()
        report["event_attributes"] = events.attributes
        if errors:
            kept, omitted = _listed(EVENT_ERROR_FIELDS, _event_columns(events.errors), len(events.errors), max_errors)
            report["event_errors"] = kept if lazy else list(kept)
            if omitted:
                report["event_errors_omitted"] = omitted
        report.setdefault("warnings", []).extend(w.to_dict() for w in events.warnings)
    if intervals is not None:
        report["intervals"] = {k: v for k, v in intervals.items() if k not in ("f1", "f1_per_type")}
        for layer in ("entities", "events"):
            for mode, block in report.get(layer, {}).items():
                block["f1_interval"] = intervals["f1"].get(f"{layer}/{mode}")  # None: no interval
                per_type = intervals.get("f1_per_type", {}).get(f"{layer}/{mode}")
                for t, row in block["per_type"].items() if per_type is not None else ():
                    row["f1_interval"] = per_type.get(t)
    return report


Batches = Callable[[], Iterator[list[list[Any]]]]
"""What gives a list of rows as batches of columns, anew at each call."""


class Rows:
    """A report's list of flat rows, given as columns a batch at a time and made as they are
    read (every reading makes them anew): the JSON writer writes the columns, and nothing holds
    the rows as objects. ``fields`` names the columns; ``batches()`` gives lists of equally long
    columns of strings, numbers, booleans and nulls, one a field (no batch without a row).
    Iterated, the rows are dicts; ``limit`` > 0 keeps the first that many."""

    def __init__(self, fields: Sequence[str], batches: Batches, limit: int = 0):
        self.fields, self._batches, self._limit = tuple(fields), batches, limit

    def batches(self) -> Iterator[list[list[Any]]]:
        left = self._limit
        for columns in self._batches():
            if self._limit and len(columns[0]) >= left:
                if left:
                    yield [c[:left] for c in columns]
                return
            left -= len(columns[0])
            yield columns

    def __iter__(self) -> Iterator[dict[str, Any]]:
        fields = self.fields
        for columns in self.batches():
            for values in zip(*columns):
                yield dict(zip(fields, values))


def records_as_columns(fields: Sequence[str], records: Callable[[], Iterator[dict[str, Any]]]) -> Batches:
    """Batches of columns (what :class:`Rows` reads) of records that each have ``fields``."""

    def batches() -> Iterator[list[list[Any]]]:
        rows = records()
        while batch := list(islice(rows, _BATCH)):
            yield [list(map(itemgetter(f), batch)) for f in fields]

    return batches


def _listed(fields: Sequence[str], batches: Batches, total: int, limit: int) -> tuple[Rows, int]:
    """The first ``limit`` rows (all for 0), and how many are left out."""
    if limit <= 0 or total <= limit:
        return Rows(fields, batches), 0
    return Rows(fields, batches, limit), total - limit


CORRECT_FIELDS = ("doc_id", "start", "end", "type", "text")


def _correct_columns(entities: EntityResult) -> Iterator[list[list[Any]]]:
    """The strict correct entities as :data:`CORRECT_FIELDS` columns, in order of document and offsets."""
    documents, items = entities.documents, sorted(correct_items(entities))
    for at in range(0, len(items), _BATCH):
        d, start, end, type_ = (list(c) for c in zip(*items[at : at + _BATCH]))
        texts = [documents[i].text for i in d]
        yield [[documents[i].doc_id for i in d], start, end, type_, list(map(getitem, texts, map(slice, start, end)))]


def _event_columns(errors: Sequence[dict[str, Any]]) -> Batches:
    """Batches of :data:`EVENT_ERROR_FIELDS` columns of an event scoring's errors: its own
    columns, or those of the records of a plain list."""
    if isinstance(errors, EventErrors):
        return errors.batches
    return records_as_columns(EVENT_ERROR_FIELDS, partial(iter, errors))


def iter_json(report: Any) -> Iterator[str]:
    """``report`` as JSON text in pieces, equal to ``json.dumps(report, indent=2,
    ensure_ascii=False) + "\n"`` (:class:`Rows` written as lists; what a terminal acts on
    escaped, :func:`~newsgold.escape.json_safe`), made as they are written.

    That call would encode every value in Python (the C encoder takes no indent). Here the
    long lists of flat rows (dicts of strings, numbers, booleans and nulls: the errors, the
    correct entities) are written a batch of columns at a time: each column's values encoded
    by one call of the C encoder (or written once each, where a column repeats a few values),
    then laid between the fields' names with one join."""
    buffer: list[str] = []
    size = 0
    for piece in _pieces(report, "\n"):
        buffer.append(piece)
        size += len(piece)
        if size > 1 << 16:
            yield json_safe("".join(buffer))
            buffer, size = [], 0
    buffer.append("\n")
    yield json_safe("".join(buffer))


_SCALARS = frozenset({str, int, float, bool, type(None)})
_DICTS = frozenset({dict})
_scalar = json.JSONEncoder(ensure_ascii=False).encode
# A list's values one a line: no JSON scalar holds a raw line break, so splitting at them parts the values.
_lines = json.JSONEncoder(ensure_ascii=False, separators=("\n", ": ")).encode
_BATCH = 1000  # flat rows written by one join


@cache
def _fields_encoder(indent: str) -> Callable[[Any], str]:
    """The C encoder whose separators put each item on a line of its own at ``indent``."""
    return json.JSONEncoder(ensure_ascii=False, separators=("," + indent, ": ")).encode


def _columns(rows: list[Any]) -> list[list[Any]] | None:
    """A batch of rows as columns, when every row is a dict of scalars with the same keys in
    the same order (checked over the whole batch at once, not with a call per row); else None."""
    if not (_DICTS.issuperset(map(type, rows)) and rows[0]):
        return None
    keys = tuple(rows[0])
    if not all(type(k) is str for k in keys):  # 1 and True, 0 and -0.0 are equal keys written apart
        return None
    if not all(map(keys.__eq__, map(tuple, rows))):
        return None
    if not _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, rows)))):
        return None
    return [list(map(itemgetter(k), rows)) for k in keys]


def _encoded(column: list[Any]) -> list[str]:
    """Each value of a column as JSON text."""
    kinds = set(map(type, column))
    if kinds == {int}:
        return list(map(int.__repr__, column))  # what the encoder writes for an int
    # Labels, kinds, document ids: each distinct value encoded once (judged on the first values,
    # so a column of texts is not hashed whole for nothing).
    if kinds <= {str, type(None)} and len(set(column[:64])) * 4 < len(column[:64]):
        distinct = list(set(column))
        return list(map(dict(zip(distinct, _lines(distinct)[1:-1].split("\n"))).__getitem__, column))
    return _lines(column)[1:-1].split("\n")


def _columns_json(keys: Sequence[Any], columns: list[list[Any]], opening: str, nl: str) -> str:
    """Rows given as columns, as the items of a list at ``nl`` (its first item after ``opening``)."""
    inner, fields = nl + "  ", nl + "    "
    names = [fields + _scalar(_key(k)) + ": " for k in keys]
    between = [inner + "}," + inner + "{" + names[0], *("," + n for n in names[1:])]
    n, k = len(columns[0]), len(keys)
    parts: list[str] = [""] * (2 * n * k)
    parts[0::2] = between * n
    for j, column in enumerate(columns):
        parts[2 * j + 1 :: 2 * k] = _encoded(column)
    parts[0] = opening + inner + "{" + names[0]
    return "".join(parts) + inner + "}"


def _pieces(value: Any, nl: str) -> Iterator[str]:
    """``value`` as JSON pieces; ``nl`` is a line break and the indent of the line it is on."""
    inner = nl + "  "
    if isinstance(value, dict):
        if not value:
            yield "{}"
        elif _SCALARS.issuperset(map(type, value.values())):
            yield "{" + inner + _fields_encoder(inner)(value)[1:-1] + nl + "}"
        else:
            opening = "{"
            for k, v in value.items():
                yield opening + inner + _scalar(_key(k)) + ": "
                yield from _pieces(v, inner)
                opening = ","
            yield nl + "}"
    elif isinstance(value, Rows):
        opening = "["
        for columns in value.batches():
            yield _columns_json(value.fields, columns, opening, nl)
            opening = ","
        yield "[]" if opening == "[" else nl + "]"
    elif isinstance(value, (list, tuple)):
        opening = "["
        rows = iter(value)
        while batch := list(islice(rows, _BATCH)):
            like = _columns(batch)
            if like is not None:
                yield _columns_json(list(batch[0]), like, opening, nl)
                opening = ","
                continue
            for v in batch:
                yield opening + inner
                yield from _pieces(v, inner)
                opening = ","
        yield "[]" if opening == "[" else nl + "]"
    else:
        yield _scalar(value)


def _key(k: Any) -> str:
    """A dict key as the json module writes it."""
    if isinstance(k, str):
        return k
    if k is True or k is False or k is None:
        return json.dumps(k)
    if isinstance(k, (int, float)):
        return json.dumps(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")


def _fmt(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x * 100:.2f}"
    return str(x)


MAX_ERRORS = 10  # errors listed by default in the text and Markdown reports

LEGEND = (
    "Scores are percentages; '-' is undefined (0/0) or not predicted. P/R/F from summed counts (micro).\n"
    "Macro avg: the mean of the defined per-type values; weighted avg: weighted by gold support.\n"
    "PAR: partial matches (overlapping, boundaries differ), counted half in the partial mode; "
    "gold/pred: entities in the gold and in the predictions.\n"
)


LABEL_WIDTH, TEXT_WIDTH = 60, 80
"""The longest label (or doc id) and span text a report's table shows: a longer one is cut in
the middle (``escape.shown``), so one huge label does not widen every row."""


def _side(e: Mapping[str, Any], side: str) -> str:
    """One side of an error: type, text and offsets (``-`` for the side it lacks)."""
    if not e.get(f"{side}_type"):
        return "-"
    kind, text = shown(e[f"{side}_type"], LABEL_WIDTH), shown(e[f"{side}_text"], TEXT_WIDTH)
    return f"{text_cell(kind)} {text!r} [{e[f'{side}_start']}, {e[f'{side}_end']})"


ERROR_NOTE = "sentence: its index within the document, from 0; [start, end): character offsets into the document"
ERROR_HEADER = ("document", "sentence", "kind", "gold", "predicted")


def _error_row(e: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """An entity error as (document, sentence, kind, gold, predicted) cells; the sentence is
    its index within the document, each side carries its character offsets."""
    sentence = "-" if e.get("sentence") is None else str(e["sentence"])
    return text_cell(shown(e["doc_id"], LABEL_WIDTH)), sentence, e["kind"], _side(e, "gold"), _side(e, "pred")


def _error_lines(errors: Sequence[Mapping[str, Any]]) -> list[str]:
    """The text report's error rows, grouped by document (the records come sorted by document,
    then by start): a line naming the document, then its rows under one header."""
    rows = [_error_row(e) for e in errors]
    header = ERROR_HEADER[1:]
    widths = [max(len(r[i]) for r in [header, *(r[1:] for r in rows)]) for i in range(len(header) - 1)]
    lines: list[str] = []
    for doc_id, group in groupby(rows, key=itemgetter(0)):
        lines.append(f"  document {doc_id}")
        for r in [header, *(r[1:] for r in group)]:
            lines.append("    " + "  ".join(f"{c:<{w}}" for c, w in zip(r, widths)) + f"  {r[-1]}")
    return lines


def _more_errors(listed: int, total: int) -> str:
    return (
        f"... {total - listed} more: --max-errors 0 lists all, --json gives each with its sentence text"
        if listed < total
        else ""
    )


def _kinds(errors: Sequence[Mapping[str, Any]]) -> str:
    kinds: dict[str, int] = {}
    for e in errors:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"


def render_warnings(report: Mapping[str, Any]) -> str:
    """The report's warnings, one line each (what every format also sends to stderr)."""
    return "".join(
        text_cell(f"warning {w['code']}: {w['message']}" + (f" (hint: {w['hint']})" if w.get("hint") else "")) + "\n"
        for w in report.get("warnings", [])
    )


def render_text(
    report: Mapping[str, Any], *, per_type: bool = True, max_errors: int = MAX_ERRORS, warnings: bool = True
) -> str:
    """A terminal table: one block per layer, modes side by side, then per-type rows, then the
    strict errors (``max_errors`` of them; 0 lists all); with ``warnings``, the warnings last."""
    out = io.StringIO()
    cfg = report["config"].get("entities", {})
    layers = report["config"].get("layers")
    out.write(
        f"newsgold {report['newsgold_version']}  dataset {report['dataset_version']}  "
        f"predictions {report['predictions']}\n"
    )
    opts = {k: v for k, v in cfg.items() if k in ("scheme", "gold_map", "passage", "types", "level") and v}
    out.write(
        f"documents {report.get('documents', '-')}  layers {', '.join(layers or [])}  options {opts or 'none'}\n\n"
    )
    if "entities" in report:
        out.write(_table("entities", report["entities"], per_type=per_type))
        ex = (
            {k: report["entities"]["token_conlleval"].get(k) for k in ("off_boundary", "overlap_dropped", "ill_formed")}
            if "token_conlleval" in report["entities"]
            else {}
        )
        read = schemes_read(report)
        if ex:
            out.write(
                f"token modes: {ex['off_boundary']} predicted spans off token boundaries (widened), "
                f"{ex['overlap_dropped']} dropped as overlapping, {ex['ill_formed']} ill-formed I- tags"
                + (f"; {read}" if read else "")
                + "\n"
            )
        elif read:
            out.write(f"token modes: {read}\n")
        t = report.get("timex")
        if t and (t["relaxed"]["support"] or t["relaxed"]["predicted"]):  # the scoring has TIMEX items
            no_values = "  (no values predicted)" if t["relaxed"]["tp"] and not t.get("values_predicted", 1) else ""
            out.write(
                f"\nTIMEX (DATE/TIME): relaxed F1 {_fmt(t['relaxed']['f1'])}  strict F1 {_fmt(t['strict']['f1'])}  "
                f"value accuracy {_fmt(t['value_accuracy'])}  value F1 {_fmt(t['value_f1'])}{no_values}\n"
            )
        errs = report.get("entity_errors")
        if errs is not None:
            out.write(f"\nstrict errors: {_kinds(errs)}\n")
            listed = errs if max_errors <= 0 else errs[:max_errors]
            out.write("".join(line + "\n" for line in _error_lines(listed)))
            if listed:
                out.write(f"  {ERROR_NOTE}\n")
            more = _more_errors(len(listed), len(errs))
            if more:
                out.write(f"  {more}\n")
    if "events" in report:
        ev = report["config"]["events"]
        dygiepp = ", DyGIE++'s EventMetrics" if ev.get("definition") == "dygiepp" else ""
        out.write(f"\n[events: {ev['view']} view, arguments matched by {ev['arg_match']}{dygiepp}]\n")
        # The two headline metrics' breakdowns: triggers by subtype, arguments by role.
        listed = [m for m in ("trigger_classification", "argument_classification") if m in report["events"]]
        out.write(_table("events", report["events"], per_type=per_type, breakdowns=listed))
        attrs = report.get("event_attributes", {})
        given = {k: v for k, v in attrs.items() if v["predicted"]}
        if given:
            out.write(
                "attribute accuracy on matched triggers: "
                + ", ".join(f"{k} {_fmt(v['accuracy'])}" for k, v in given.items())
                + "\n"
            )
        errs = report.get("event_errors")
        if errs is not None:
            out.write(f"event errors: {_kinds(errs)} (--json lists them)\n")
    if warnings and report.get("warnings"):
        out.write("\n" + render_warnings(report))
    out.write("\n" + LEGEND)
    note = interval_note(report)
    if note:
        out.write(note + "\n")
    return out.getvalue()


def _table(title: str, layer: Mapping[str, Any], *, per_type: bool, breakdowns: Sequence[str] | None = None) -> str:
    """Overall rows of every mode or metric, then the per-type rows of ``breakdowns`` (default: the first)."""
    out = io.StringIO()
    if not per_type:
        breakdowns = []
    elif breakdowns is None:
        breakdowns = list(layer)[:1]
    label = lambda t: f"  {text_cell(shown(t, LABEL_WIDTH))}"  # noqa: E731
    names = [title, *layer, *(label(t) for b in breakdowns for t in layer[b]["per_type"]), "  weighted avg"]
    w = max(len(n) for n in names) + 1
    with_ci = any("f1_interval" in block for block in layer.values())  # a report with intervals
    ci_w = 16 if with_ci else 0

    def row(name: str, o: Mapping[str, Any], ci: str = "") -> str:
        return (
            f"{name:<{w}} {_fmt(o['precision']):>7} {_fmt(o['recall']):>7} {_fmt(o['f1']):>7} "
            + (f"{ci:>{ci_w}} " if with_ci else "")
            + f"{o['tp']:>6} {o['fp']:>6} {o['fn']:>6} {o.get('par', 0):>5} {o['support']:>6} {o['predicted']:>6}\n"
        )

    out.write(
        f"{title:<{w}} {'P':>7} {'R':>7} {'F1':>7} "
        + (f"{'F1 95% CI':>{ci_w}} " if with_ci else "")
        + f"{'TP':>6} {'FP':>6} {'FN':>6} {'PAR':>5} {'gold':>6} {'pred':>6}\n"
    )
    for mode, block in layer.items():
        out.write(row(mode, block["overall"], interval_cell(block)))
    for b in breakdowns:
        out.write(f"\nper type ({b}):\n")
        for t, o in layer[b]["per_type"].items():
            out.write(row(label(t), o, interval_cell(o) if "f1_interval" in o else ""))
        for avg in ("macro", "weighted"):
            if layer[b].get(avg):
                m = layer[b][avg]
                out.write(
                    f"{f'  {avg} avg':<{w}} {_fmt(m['precision']):>7} {_fmt(m['recall']):>7} {_fmt(m['f1']):>7}"
                    f"{_averaged(layer[b])}\n"
                )
    return out.getvalue()


def interval_cell(block: Mapping[str, Any]) -> str:
    """A mode's, metric's or type's F1 interval as ``[low, high]``; ``-`` where it has none (F1
    undefined)."""
    ci = block.get("f1_interval")
    return "-" if ci is None else f"[{_fmt(ci[0])}, {_fmt(ci[1])}]"


def interval_note(report: Mapping[str, Any]) -> str:
    """How the report's intervals were drawn, in one sentence; empty when it has none."""
    iv = report.get("intervals")
    if not iv:
        return ""
    level = f"{iv['level'] * 100:g}%"
    if iv["resampled"] == "documents":
        what = f"the {iv['units']} documents resampled (document-level)"
    else:
        docs = iv["documents"]
        what = (
            f"the {iv['units']} sentences resampled (item-level: {docs} document{'s' * (docs != 1)}, "
            f"fewer than the {iv['min_documents']} a document-level bootstrap needs)"
        )
    return (
        f"F1 {level} CI: bootstrap percentile interval, {what}, {iv['replicates']} replicates, seed {iv['seed']}; "
        "'-' where F1 is undefined. Two systems whose intervals overlap may "
        "still differ: `newsgold compare` tests a pair."
    )


def _averaged(block: Mapping[str, Any]) -> str:
    """How a block's averages were taken, where that is not newsgold's own way."""
    return " (as seqeval: types in gold or predictions, 0/0 as 0)" if block.get("averages") == "seqeval" else ""


def _md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = lambda r: "| " + " | ".join(map(md_cell, r)) + " |"  # noqa: E731
    return [cells(header), "|" + "---|" * len(header), *map(cells, rows)]


def _md_scores(o: Mapping[str, Any], *, par: bool = True, ci: str | None = None) -> list[str]:
    return [
        _fmt(o["precision"]),
        _fmt(o["recall"]),
        _fmt(o["f1"]),
        *([ci] if ci is not None else []),
        o["tp"],
        o["fp"],
        o["fn"],
        *([o.get("par", 0)] if par else []),
        o["support"],
        o["predicted"],
    ]


def _md_breakdown(title: str, block: Mapping[str, Any], label: str) -> list[str]:
    with_ci = any("f1_interval" in o for o in block["per_type"].values())
    rows = [
        [t, *_md_scores(o, par=False, ci=interval_cell(o) if with_ci else None)] for t, o in block["per_type"].items()
    ]
    for avg in ("macro", "weighted"):
        if block.get(avg):
            a = block[avg]
            rows.append(
                [
                    f"*{avg} average{_averaged(block)}*",
                    _fmt(a["precision"]),
                    _fmt(a["recall"]),
                    _fmt(a["f1"]),
                    *[""] * (6 if with_ci else 5),
                ]
            )
    header = [label, "P", "R", "F1", *(["F1 95% CI"] if with_ci else []), "TP", "FP", "FN", "gold", "pred"]
    return ["", f"**{title}**", "", *_md_table(header, rows)]


def _md_overall(label: str, layer: Mapping[str, Any], report: Mapping[str, Any]) -> list[str]:
    """The overall row of each mode or metric, with F1's interval when the report has them."""
    with_ci = "intervals" in report
    header = [label, "P", "R", "F1", *(["F1 95% CI"] if with_ci else []), "TP", "FP", "FN", "PAR", "gold", "pred"]
    rows = [[m, *_md_scores(b["overall"], ci=interval_cell(b) if with_ci else None)] for m, b in layer.items()]
    return _md_table(header, rows)


def _options(report: Mapping[str, Any]) -> str:
    cfg = report["config"]
    ent, ev = cfg.get("entities", {}), cfg.get("events")
    parts = [
        f"{k.replace('_', ' ')} {', '.join(v) if isinstance(v, list) else v}"
        for k, v in ent.items()
        if k in ("scheme", "gold_map", "passage", "types", "level") and v
    ]
    if ent.get("label_map"):
        parts.append(
            "label map " + ", ".join(f"{k} -> {v if v is not None else 'dropped'}" for k, v in ent["label_map"].items())
        )
    read = schemes_read(report)
    if read:
        parts.append(read)
    if ev:
        parts.append(f"events: {ev['view']} view, arguments matched by {ev['arg_match']}")
    return "; ".join(parts) or "none"


def render_markdown(report: Mapping[str, Any], *, max_errors: int = MAX_ERRORS) -> str:
    """A report to paste into a paper or a pull request: the run in one sentence, the entity
    modes, per-type rows with macro and weighted averages, TIMEX, the strict errors, the
    event metrics with subtypes and roles, and the warnings."""
    preds = report["predictions"]
    names = ", ".join(map(md_code, preds)) if isinstance(preds, list) else md_code(preds)
    cfg = report["config"]
    lines = [
        f"## newsgold scores: {names}",
        "",
        f"newsgold {report['newsgold_version']}, dataset {report['dataset_version']}, "
        f"{report.get('documents', '-')} document(s)"
        + (f", format {cfg['format']}" if cfg.get("format") else "")
        + f". Options: {md_cell(_options(report))}.",
        "Scores are percentages; - is undefined (0/0) or not predicted; P/R/F1 from summed counts (micro).",
        *([md_cell(interval_note(report))] if "intervals" in report else []),
    ]
    if "entities" in report:
        ent = report["entities"]
        lines += ["", "### Entities", ""]
        lines += _md_overall("mode", ent, report)
        lines += ["", "PAR: partial matches (overlapping, boundaries differ), counted half in the partial mode."]
        first = next(iter(ent), None)
        if first:
            lines += _md_breakdown(f"Per type ({first})", ent[first], "type")
        t = report.get("timex")
        if t and (t["relaxed"]["support"] or t["relaxed"]["predicted"]):
            note = " (no values predicted)" if t["relaxed"]["tp"] and not t.get("values_predicted", 1) else ""
            lines += [
                "",
                "**TIMEX (DATE/TIME)**",
                "",
                *_md_table(
                    ["relaxed F1", "strict F1", "value accuracy", "value F1"],
                    [
                        [
                            _fmt(t["relaxed"]["f1"]),
                            _fmt(t["strict"]["f1"]),
                            _fmt(t["value_accuracy"]) + note,
                            _fmt(t["value_f1"]),
                        ]
                    ],
                ),
            ]
        errs = report.get("entity_errors")
        if errs is not None:
            listed = errs if max_errors <= 0 else errs[:max_errors]
            lines += ["", f"**Strict errors** ({_kinds(errs)})"]
            if listed:
                lines += [
                    "",
                    *_md_table(ERROR_HEADER, [_error_row(e) for e in listed]),
                    "",
                    ERROR_NOTE[0].upper() + ERROR_NOTE[1:] + ".",
                ]
            if len(listed) < len(errs):
                lines += ["", f"{len(errs) - len(listed)} more errors not shown (`--max-errors 0` lists all)."]
    if "events" in report:
        ev = report["events"]
        lines += ["", "### Events", ""]
        lines += _md_overall("metric", {m.replace("_", " "): b for m, b in ev.items()}, report)
        for metric, title, label in (
            ("trigger_classification", "Trigger classification by subtype", "subtype"),
            ("argument_classification", "Argument classification by role", "role"),
        ):
            if metric in ev:
                lines += _md_breakdown(title, ev[metric], label)
        attrs = {k: v for k, v in report.get("event_attributes", {}).items() if v.get("predicted")}
        if attrs:
            lines += [
                "",
                "Attribute accuracy on matched triggers: "
                + ", ".join(f"{k} {_fmt(v['accuracy'])}" for k, v in attrs.items())
                + ".",
            ]
        if report.get("event_errors") is not None:
            lines += ["", f"Event errors: {_kinds(report['event_errors'])}."]
    if report.get("warnings"):
        lines += ["", "### Warnings", ""]
        lines += [
            md_cell(f"- {w['code']}: {w['message']}" + (f" ({w['hint']})" if w.get("hint") else ""))
            for w in report["warnings"]
        ]
    return "\n".join(lines) + "\n"


ERROR_COLUMNS = (
    "doc_id",
    "sentence",
    "kind",
    "gold_start",
    "gold_end",
    "gold_type",
    "gold_text",
    "pred_start",
    "pred_end",
    "pred_type",
    "pred_text",
)


def render_csv(report: Mapping[str, Any]) -> str:
    """One row per (layer, mode, type), overall rows with type ``ALL``; then one row per strict
    entity error (mode ``strict``, type ``ERROR``), its document, sentence index within the
    document and offsets in the last columns, which score rows leave empty. Cells as
    :func:`csv_cell` makes them."""
    scores = ["tp", "fp", "fn", "par", "support", "predicted", "precision", "recall", "f1"]
    rows: list[list[Any]] = [["dataset_version", "layer", "mode", "type", *scores, *ERROR_COLUMNS]]
    for layer in ("entities", "events"):
        for mode, block in report.get(layer, {}).items():
            for t, o in [("ALL", block["overall"]), *block["per_type"].items()]:
                rows.append(
                    [
                        report["dataset_version"],
                        layer,
                        mode,
                        t,
                        *(o.get(k, 0) if k == "par" else o[k] for k in scores),
                        *([""] * len(ERROR_COLUMNS)),
                    ]
                )
    for e in report.get("entity_errors", []):
        rows.append(
            [
                report["dataset_version"],
                "entities",
                "strict",
                "ERROR",
                *([""] * len(scores)),
                *("" if e.get(k) is None else e[k] for k in ERROR_COLUMNS),
            ]
        )
    buf = io.StringIO()
    # Written with CRLF, which quotes a cell holding a carriage return (a bare CR is no line
    # terminator to the csv module, so LF-terminated rows would leave it unquoted); then LF.
    csv.writer(buf, lineterminator="\r\n").writerows([map(csv_cell, row) for row in rows])
    return buf.getvalue().replace("\r\n", "\n")


def _p(p: float, replicates: int) -> str:
    """A bootstrap p-value as far as the replicates resolve it: ``p < 0.0001``, never ``p = 0.0``."""
    return f"p < {1 / replicates:.2g}" if p == 0 else f"p = {p:.4g}"


def render_compare(out: Mapping[str, Any]) -> str:
    """``newsgold compare``'s text: which file is A and which B, their F1, the difference, the test."""
    metric, width = out["metric"], max(len(out["a"]), len(out["b"]))
    lines = [
        f"{name.upper()}: {out[name]:<{width}}  {metric} F1 {_fmt(out[f'f1_{name}'])}"
        + ("  (not predicted)" if name in out.get("not_predicted", ()) else "")
        for name in ("a", "b")
    ]
    if out["delta"] is None:
        missing = out.get("not_predicted") or []
        why = (
            f"{' and '.join(n.upper() for n in missing)} predict{'s' * (len(missing) == 1)} no {out['layer']}"
            if missing
            else "F1 undefined"
        )
        return "\n".join([*lines, f"no test: {why}"]) + "\n"
    interval = (
        f" (95% interval {_fmt(out['delta_ci_low'])} to {_fmt(out['delta_ci_high'])})"
        if out.get("delta_ci_low") is not None
        else ""
    )
    lines.append(f"A - B: {'+' if out['delta'] > 0 else ''}{_fmt(out['delta'])} points{interval}")
    test = f"paired bootstrap over sentences, {out['replicates']} replicates, seed {out['seed']}"
    if out["delta"] == 0:
        lines.append(f"{test}: no difference (p = 1)")
    else:
        better, worse = ("A", "B") if out["delta"] > 0 else ("B", "A")
        lines.append(f"{test}: {better} higher than {worse}, one-sided {_p(out['p_value'], out['replicates'])}")
    return "\n".join(lines) + "\n"
