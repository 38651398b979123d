"""The HTML report: one self-contained page that shows where a system was right and wrong.

The page is built from the report data (``api.report`` of a scoring with ``errors=True``) and the corpus.
The strict entity records of the report (``entity_correct`` and ``entity_errors``) are laid
over the article text and the event errors (``event_errors``) over the gold events; nothing
is matched again here, so the page and the numbers can never disagree. A coreference report
(``report["coref"]``, made with ``api.coref_report(..., clusters=True)``) adds its scores and
each gold cluster with the response cluster each of its mentions fell in.

Two promises, both tested in a real browser:

- every string that came from the input (texts, labels, file names, doc ids) is escaped,
  so a predicted label such as ``<script>...</script>`` shows as text and never runs;
- the page loads nothing (no external scripts, styles, fonts or images): it can be mailed,
  archived as a CI artefact and opened offline years later.

Layout of the highlighted text: gold and predicted spans may cross (a boundary error), and
crossing spans cannot nest as HTML elements. So the text is cut at every span edge into
pieces, each covered by one fixed set of spans; a piece carries its offsets (``data-s``,
``data-e``), the records covering it (``data-r``) and their details (``title``). The gold
extent is drawn as an underline and the predicted extent as a background, both in the
colour of the outcome, so a boundary error shows both extents at once.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import PurePath
from typing import Any

from ..escape import html_text
from ..gold.errors import NewsgoldError, incident
from ..gold.model import Document, Gold
from ..version import __version__
from .coref import NAMES as COREF_NAMES
from .report import interval_cell, interval_note

# (css key, legend name, what it means); the order is the legend's and the CSS cascade's.
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("correct", "correct", "same span and type"),
    ("boundary", "boundary error", "same type, other span"),
    ("type", "type error", "same span, other type"),
    ("boundary-type", "boundary and type error", "other span and other type"),
    ("missed", "missed", "gold only: nothing predicted there"),
    ("spurious", "spurious", "prediction only: no gold there"),
)
# error_records' kinds -> css key ("+" is not allowed in a class name)
_KIND_OUTCOME = {
    "type": "type",
    "boundary": "boundary",
    "boundary+type": "boundary-type",
    "missed": "missed",
    "spurious": "spurious",
}

# Event outcomes: (css key of the badge, text shown).
_TRIGGER_STATUS = {
    "found": ("correct", "found"),
    "wrong_type": ("type", "wrong type"),
    "missed_trigger": ("missed", "missed"),
}
_ARG_STATUS = {
    "found": ("correct", "found"),
    "missed_argument": ("missed", "missed"),
    "wrong_role": ("type", "wrong role"),
    "wrong_trigger": ("type", "attached to another trigger"),
}

_BAR_W = 320  # px of the bar area in the F1 charts; the tests read bar widths against it


def _e(value: object) -> str:
    """Escape for text and quoted attributes alike (:func:`newsgold.escape.html_text`).

    A carriage return is written as a character reference because HTML parsers turn a raw
    CR (and CR LF) into LF, which would shift every offset after it; a control character or
    a bidi override shows as its escape.

    >>> _e('<b class="x">R&D</b>\\r\\n\\x1b')
    '&lt;b class=&quot;x&quot;&gt;R&amp;D&lt;/b&gt;&#13;\\n\\\\x1b'
    """
    return html_text(value)


def _pct(x: Any) -> str:
    """A score as a percentage, the report's null (0/0) as a dash."""
    return "–" if x is None else f"{x * 100:.2f}"


def _span(start: Any, end: Any) -> str:
    return f"[{start}, {end})"


def _off(start: Any, end: Any) -> str:
    """Offsets in running text, kept on one line."""
    return f'<span class="off muted">{_e(_span(start, end))}</span>'


@dataclass(frozen=True, slots=True)
class _Mark:
    """One strict record: a correct pair, an error pair, a missed gold or a spurious prediction."""

    id: str
    outcome: str
    gold: tuple[int, int, str] | None
    pred: tuple[int, int, str] | None
    sentence: int | None

    @property
    def start(self) -> int:
        return min(s[0] for s in (self.gold, self.pred) if s)

    @property
    def end(self) -> int:
        return max(s[1] for s in (self.gold, self.pred) if s)

    @property
    def label(self) -> str:
        """What the text shows after the mark: the type, or gold→predicted when they differ."""
        g, p = self.gold, self.pred
        if g and p and g[2] != p[2]:
            return f"{g[2]}→{p[2]}"
        shown = g or p
        assert shown is not None  # a mark has a gold or a predicted side
        return shown[2]

    def describe(self, text: str) -> str:
        """The tooltip line: outcome, then each side's type, offsets and text."""
        name = {k: n for k, n, _ in OUTCOMES}[self.outcome]
        sides = []
        for side, s in (("gold", self.gold), ("predicted", self.pred)):
            if s:
                sides.append(f"{side} {s[2]} {_span(s[0], s[1])} “{text[s[0] : s[1]]}”")
        return f"{name}: " + " · ".join(sides)


def _marks(report: Mapping[str, Any], docs: Mapping[str, Document]) -> dict[str, list[_Mark]]:
    """The report's strict records per document, checked against the corpus text.

    A report scored against another version of the corpus would put highlights on the wrong
    words; the check makes that an error instead.
    """
    out: dict[str, list[_Mark]] = defaultdict(list)

    def side(rec: Mapping[str, Any], prefix: str) -> tuple[int, int, str] | None:
        if rec.get(f"{prefix}start") is None:
            return None
        s, e, t = rec[f"{prefix}start"], rec[f"{prefix}end"], rec[f"{prefix}type"]
        doc = docs.get(rec["doc_id"])
        if doc is None:
            raise NewsgoldError(
                incident(
                    "NG602", "report", message=f"the report names doc_id {rec['doc_id']!r}, which the corpus lacks"
                )
            )
        given = rec.get(f"{prefix}text")
        if not (0 <= s < e <= len(doc.text)) or (given is not None and doc.text[s:e] != given):
            raise NewsgoldError(
                incident(
                    "NG302",
                    "report",
                    message=f"{rec['doc_id']} {_span(s, e)} holds {doc.text[s:e]!r}, the report says {given!r}",
                    hint="render the report against the corpus it was scored on",
                )
            )
        return (s, e, str(t))

    n = 0
    for rec in report.get("entity_correct", []):
        g = side(rec, "")
        out[rec["doc_id"]].append(_Mark(f"e{n}", "correct", g, g, None))
        n += 1
    for rec in report.get("entity_errors", []):
        kind = rec["kind"]
        if kind not in _KIND_OUTCOME:
            raise NewsgoldError(incident("NG003", "report", message=f"unknown entity error kind {kind!r}"))
        out[rec["doc_id"]].append(
            _Mark(f"e{n}", _KIND_OUTCOME[kind], side(rec, "gold_"), side(rec, "pred_"), rec.get("sentence"))
        )
        n += 1
    for marks in out.values():
        marks.sort(key=lambda m: (m.start, m.end, m.id))
    return out


def _segments(
    n: int, spans: Sequence[tuple[int, int]], cuts: Iterable[int] = ()
) -> list[tuple[int, int, tuple[int, ...]]]:
    """Cut ``[0, n)`` at every span edge (and at ``cuts``); each piece lists the spans covering it.

    Crossing spans cannot nest as HTML elements; pieces can. One sweep over the sorted edges,
    not a scan of every span per piece, so a long document with many predictions stays cheap.

    >>> _segments(10, [(2, 6), (4, 8)])
    [(0, 2, ()), (2, 4, (0,)), (4, 6, (0, 1)), (6, 8, (1,)), (8, 10, ())]
    """
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, (s, e) in enumerate(spans):
        starts[s].append(i)
        ends[e].append(i)
    points = sorted({0, n, *starts, *ends, *(c for c in cuts if 0 < c < n)})
    active: set[int] = set()
    out = []
    for a, b in pairwise(points):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        out.append((a, b, tuple(sorted(active))))
    return out


def _article(doc: Document, marks: Sequence[_Mark], scored: tuple[int, int]) -> str:
    """The document text with every record highlighted; stripping the tags gives the text back."""
    text = doc.text
    entries: list[tuple[int, int, int, str]] = []  # start, end, mark index, side (g/p)
    for i, m in enumerate(marks):
        if m.gold:
            entries.append((m.gold[0], m.gold[1], i, "g"))
        if m.pred:
            entries.append((m.pred[0], m.pred[1], i, "p"))
    parts = [f'<div class="article" data-doc="{_e(doc.doc_id)}">']
    for a, b, covering in _segments(len(text), [(s, e) for s, e, _, _ in entries], scored):
        piece = _e(text[a:b])
        classes = [] if scored[0] <= a < scored[1] else ["out"]
        if not covering:
            parts.append(f'<span class="{" ".join(classes)}">{piece}</span>' if classes else piece)
            continue
        ids: list[int] = []
        for k in covering:
            s, e, i, side = entries[k]
            classes.append(f"{side}-{marks[i].outcome}")
            classes += [f"{side}s"] if s == a else []
            classes += [f"{side}e"] if e == b else []
            if i not in ids:
                ids.append(i)
        labels = [marks[i].label for i in ids if marks[i].end == b]
        title = "\n".join(marks[i].describe(text) for i in ids)
        attrs = [
            f'class="m {" ".join(dict.fromkeys(classes))}"',
            f'data-s="{a}" data-e="{b}"',
            f'data-r="{" ".join(marks[i].id for i in ids)}"',
            f'title="{_e(title)}"',
        ]
        if labels:
            attrs.append(f'data-label="{_e(" · ".join(labels))}"')
        parts.append(f"<span {' '.join(attrs)}>{piece}</span>")
    parts.append("</div>")
    return "".join(parts)


def _sample(outcome: str, word: str) -> str:
    g = f"g-{outcome} gs ge" if outcome != "spurious" else ""
    p = f"p-{outcome} ps pe" if outcome != "missed" else ""
    return f'<span class="m {g} {p}">{_e(word)}</span>'


def _legend(counts: Mapping[str, int]) -> str:
    items = "".join(
        f'<li data-outcome="{key}">{_sample(key, "span")} <b>{_e(name)}</b> <span class="muted">{_e(what)}</span>'
        f' <span class="count">{counts.get(key, 0)}</span></li>'
        for key, name, what in OUTCOMES
    )
    return (
        f'<ul class="legend">{items}</ul>'
        '<p class="muted small">Underline: the gold extent. Background: the predicted extent. '
        "The small label is the type (gold→predicted when they differ). Hover a highlight for its offsets; "
        "click it to outline every piece of the same record.</p>"
    )


def _error_table(doc: Document, marks: Sequence[_Mark]) -> str:
    rows = []
    names = {k: n for k, n, _ in OUTCOMES}
    for m in marks:
        if m.outcome == "correct":
            continue
        cells = [f'<td><span class="badge b-{m.outcome}">{_e(names[m.outcome])}</span></td>']
        for s in (m.gold, m.pred):
            if s:
                cells.append(
                    f'<td>{_e(s[2])}</td><td class="num">{_e(_span(s[0], s[1]))}</td>'
                    f"<td>{_e(doc.text[s[0] : s[1]])}</td>"
                )
            else:
                cells.append('<td class="muted">–</td><td></td><td></td>')
        cells.append(f'<td class="num">{"" if m.sentence is None else _e(m.sentence)}</td>')
        rows.append(f'<tr data-r="{m.id}" data-outcome="{m.outcome}" data-doc="{_e(doc.doc_id)}">{"".join(cells)}</tr>')
    if not rows:
        return '<p class="muted">No strict errors in this document.</p>'
    # A scroll box: a weak system has an error for nearly every entity, and the sections
    # below should stay in reach.
    return (
        '<div class="scroll"><table class="errors">'
        f"<caption>Strict errors in {_e(doc.doc_id)}: the sentence is its index within this document, "
        "spans are character offsets into it</caption><thead><tr>"
        "<th>outcome</th><th>gold type</th><th>gold span</th><th>gold text</th>"
        "<th>predicted type</th><th>predicted span</th><th>predicted text</th><th>sentence</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _entities_section(report: Mapping[str, Any], corpus: Sequence[tuple[Document, Gold]]) -> str:
    if "entities" not in report:
        return (
            '<section id="entities"><h2>Entities</h2>'
            '<p class="muted">Entities were not scored (see the layers option).</p></section>'
        )
    if "entity_errors" not in report or "entity_correct" not in report:
        raise NewsgoldError(
            incident(
                "NG003",
                "report",
                message="the report has no strict entity records to highlight",
                hint="score with errors=True and the strict mode (drop --no-errors)",
            )
        )
    docs = {d.doc_id: d for d, _ in corpus}
    marks = _marks(report, docs)
    counts: dict[str, int] = defaultdict(int)
    for ms in marks.values():
        for m in ms:
            counts[m.outcome] += 1
    passage = report["config"].get("entities", {}).get("passage")
    out = ['<section id="entities"><h2>Entities under strict matching</h2>', _legend(counts)]
    for doc, _ in corpus:
        scored = (doc.passage(passage).start, doc.passage(passage).end) if passage else (0, len(doc.text))
        title = doc.meta.get("title") if isinstance(doc.meta, Mapping) else None
        out.append(f'<article class="doc"><h3>{_e(doc.doc_id)}</h3>')
        if title:
            out.append(f'<p class="doctitle">{_e(title)}</p>')
        if passage:
            out.append(
                f'<p class="muted small">Only the passage “{_e(passage)}” was scored; the rest of the text is grey.</p>'
            )
        out.append(_article(doc, marks.get(doc.doc_id, []), scored))
        out.append(f"<h4>Strict errors in {_e(doc.doc_id)}</h4>")
        out.append(_error_table(doc, marks.get(doc.doc_id, [])))
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


def _badge(css: str, text: str) -> str:
    return f'<span class="badge b-{css}">{_e(text)}</span>'


def _events_section(report: Mapping[str, Any], corpus: Sequence[tuple[Document, Gold]]) -> str:
    """Gold events with what the prediction had, from the report's event error records.

    An argument error record names its gold argument by document, subtype, trigger offsets,
    role and extent; identical gold arguments share one status (the scorer de-duplicates them).
    """
    scored = "events" in report
    if scored and "event_errors" not in report:
        raise NewsgoldError(
            incident(
                "NG003",
                "report",
                message="the report has no event error records",
                hint="score with errors=True (drop --no-errors)",
            )
        )
    errors = report.get("event_errors", [])
    view = report["config"].get("events", {}).get("view")
    scored_roles: set[str] | None = None
    if scored and view != "full":
        # A role is scored in this view exactly when gold arguments of it were counted.
        per_role = report["events"].get("argument_classification", {}).get("per_type", {})
        scored_roles = {r for r, c in per_role.items() if c.get("support")}
    trig: dict[tuple[str, int, int], Mapping[str, Any]] = {}
    args: dict[tuple[Any, ...], str] = {}
    spurious: list[Mapping[str, Any]] = []
    for r in errors:
        if r["kind"] in ("missed_trigger", "wrong_type"):
            trig[(r["doc_id"], r["start"], r["end"])] = r
        elif r["kind"] in _ARG_STATUS:
            args[
                (r["doc_id"], r["gold_type"], r["trigger_start"], r["trigger_end"], r["role"], r["start"], r["end"])
            ] = r["kind"]
        else:
            spurious.append(r)

    out = ['<section id="events"><h2>Events</h2>']
    if scored:
        ev = report["config"]["events"]
        out.append(
            f'<p class="muted small">View {_e(ev.get("view"))}, arguments matched by {_e(ev.get("arg_match"))}. '
            "Argument offsets are the gold mention's extent; its head is named when it differs.</p>"
        )
    else:
        out.append(
            '<p class="muted">Events were not scored (the predictions gave none, or the layers option left them out); '
            "the gold events are shown for reference.</p>"
        )
    for doc, gold in corpus:
        by = gold.by_id()
        text = doc.text
        rows = []
        for n, e in enumerate(gold.events, 1):
            t_key = (doc.doc_id, e.trigger.start, e.trigger.end)
            if not scored:
                t_cell = _badge("none", "not scored")
            elif t_key in trig:
                r = trig[t_key]
                css, shown = _TRIGGER_STATUS[r["kind"]]
                t_cell = _badge(css, shown) + (f" predicted {_e(r['pred_type'])}" if r.get("pred_type") else "")
            else:
                t_cell = _badge("correct", "found")
            items = []
            for a in e.arguments:
                m = by.get(a.ref)
                if m is None:
                    continue
                s, end = m.span.start, m.span.end
                if not scored or (scored_roles is not None and a.role not in scored_roles):
                    status = "not_scored"
                else:
                    status = args.get((doc.doc_id, e.type, e.trigger.start, e.trigger.end, a.role, s, end), "found")
                badge = (
                    _badge("none", "not scored" + (f" ({view} view)" if scored else ""))
                    if status == "not_scored"
                    else _badge(*_ARG_STATUS[status])
                )
                head = (
                    f' <span class="muted">head “{_e(text[m.head.start : m.head.end])}”</span>'
                    if m.head and m.head != m.span
                    else ""
                )
                items.append(
                    f'<li data-status="{status}"><span class="role">{_e(a.role)}</span> “{_e(text[s:end])}” '
                    f"{_off(s, end)}{head} {badge}</li>"
                )
            arg_cell = f'<ul class="args">{"".join(items)}</ul>' if items else '<span class="muted">no arguments</span>'
            t_status = "not_scored" if not scored else trig[t_key]["kind"] if t_key in trig else "found"
            rows.append(
                f'<tr data-trigger-status="{t_status}"><td class="num">{n}</td><td>“{_e(e.trigger_text)}” '
                f"{_off(e.trigger.start, e.trigger.end)}</td><td>{_e(e.type)}</td>"
                f"<td>{t_cell}</td><td>{arg_cell}</td></tr>"
            )
        out.append(f'<article class="doc"><h3>{_e(doc.doc_id)}: gold events</h3>')
        if rows:
            out.append(
                '<table class="events"><thead><tr><th>#</th><th>trigger</th><th>gold subtype</th><th>prediction</th>'
                f"<th>arguments</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        else:
            out.append('<p class="muted">No gold events.</p>')
        extra = [r for r in spurious if r["doc_id"] == doc.doc_id]
        if extra:
            out.append(f"<h4>Predicted only in {_e(doc.doc_id)}</h4>")
            out.append(
                '<table class="spurious"><thead><tr><th>kind</th><th>predicted subtype</th><th>text</th><th>span</th>'
                "<th>role</th><th>trigger</th></tr></thead><tbody>"
            )
            for r in extra:
                kind = "spurious trigger" if r["kind"] == "spurious_trigger" else "spurious argument"
                out.append(
                    f'<tr data-kind="{_e(r["kind"])}"><td>{_badge("spurious", kind)}</td>'
                    f"<td>{_e(r.get('pred_type') or '')}</td>"
                    f'<td>“{_e(r["text"])}”</td><td class="num">{_e(_span(r["start"], r["end"]))}</td>'
                    f"<td>{_e(r.get('role') or '')}</td><td>{_e(r.get('trigger') or '')}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


def _metric_table(layer: str, name: str, block: Mapping[str, Any]) -> str:
    """One mode or metric: per-type rows, then overall and macro, counts beside the scores."""
    rows = list(block.get("per_type", {}).items())
    par = any(o.get("par") for _, o in rows) or bool(block["overall"].get("par"))
    ci = any("f1_interval" in o for _, o in rows)  # a breakdown with per-type intervals
    head = (
        "<th>type</th><th>P</th><th>R</th><th>F1</th>"
        + ("<th>F1 95% CI</th>" if ci else "")
        + "<th>TP</th><th>FP</th><th>FN</th>"
        + ("<th>PAR</th>" if par else "")
        + "<th>support</th><th>predicted</th>"
    )

    def row(label: str, o: Mapping[str, Any], css: str = "", counts: bool = True) -> str:
        cells = [f"<td>{_e(label)}</td>"] + [
            f'<td class="num">{_pct(o.get(k))}</td>' for k in ("precision", "recall", "f1")
        ]
        if ci:
            cells.append(f'<td class="num ci">{_e(interval_cell(o)) if counts else ""}</td>')
        keys = ("tp", "fp", "fn") + (("par",) if par else ()) + ("support", "predicted")
        cells += [f'<td class="num">{_e(o.get(k, 0)) if counts else ""}</td>' for k in keys]
        return f'<tr class="{css}" data-type="{_e(label)}">{"".join(cells)}</tr>'

    body = "".join(row(t, o) for t, o in rows)
    body += row("overall (micro)", {**block["overall"], "f1_interval": block.get("f1_interval")}, "total")
    for avg in ("macro", "weighted"):
        if block.get(avg):
            body += row(f"{avg} average", block[avg], "avg", counts=False)
    return (
        f'<details open class="metric"><summary>{_e(layer)}: {_e(name)}</summary>'
        f'<table class="scores" data-metric="{_e(layer)}/{_e(name)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></details>"
    )


def _summary(report: Mapping[str, Any]) -> str:
    """Each mode's and metric's overall row, with F1's interval when the report has them."""
    shown = "intervals" in report
    rows = []
    for layer in ("entities", "events"):
        for name, block in report.get(layer, {}).items():
            o = block["overall"]
            rows.append(
                f'<tr data-metric="{layer}/{_e(name)}"><td>{layer}</td><td>{_e(name)}</td>'
                + "".join(f'<td class="num">{_pct(o.get(k))}</td>' for k in ("precision", "recall", "f1"))
                + (f'<td class="num ci">{_e(interval_cell(block))}</td>' if shown else "")
                + "".join(f'<td class="num">{_e(o.get(k, 0))}</td>' for k in ("tp", "fp", "fn", "support", "predicted"))
                + "</tr>"
            )
    note = re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(interval_note(report)))  # the note's commands as code
    note = f'<p class="small" id="intervals">{note}</p>' if shown else ""
    return (
        '<table class="scores summary"><thead><tr><th>layer</th><th>mode / metric</th><th>P</th><th>R</th><th>F1</th>'
        + ("<th>F1 95% CI</th>" if shown else "")
        + f"<th>TP</th><th>FP</th><th>FN</th><th>support</th><th>predicted</th></tr></thead><tbody>{''.join(rows)}"
        f"</tbody></table>{note}"
    )


def _bar_chart(title: str, per_type: Mapping[str, Mapping[str, Any]]) -> str:
    """Per-type F1 as horizontal bars, drawn here so the page needs no charting library."""
    rows = list(per_type.items())
    label_w, row_h, top = 150, 22, 30
    width, height = label_w + _BAR_W + 120, top + row_h * max(len(rows), 1) + 26
    p = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="0" y="16" class="ctitle">{_e(title)}</text>',
    ]
    bottom = top + row_h * max(len(rows), 1)
    for q in (0, 0.25, 0.5, 0.75, 1):
        x = label_w + q * _BAR_W
        p.append(f'<line x1="{x:g}" y1="{top - 4}" x2="{x:g}" y2="{bottom}" class="grid"/>')
        p.append(f'<text x="{x:g}" y="{bottom + 16}" class="tick">{int(q * 100)}</text>')
    for i, (t, o) in enumerate(rows):
        y = top + i * row_h
        shown = t if len(t) <= 20 else t[:19] + "…"
        p.append(
            f'<g data-type="{_e(t)}"><title>{_e(t)}: F1 {_pct(o.get("f1"))}, support {_e(o.get("support", 0))}</title>'
        )
        p.append(f'<text x="{label_w - 8}" y="{y + 15}" class="blabel">{_e(shown)}</text>')
        f1 = o.get("f1")
        if f1 is None:
            p.append(f'<text x="{label_w + 4}" y="{y + 15}" class="bval muted">undefined</text>')
        else:
            w = f1 * _BAR_W
            p.append(
                f'<rect class="bar" data-type="{_e(t)}" data-f1="{_e(f1)}" x="{label_w}" y="{y + 3}" '
                f'width="{w:.2f}" height="{row_h - 6}"/>'
            )
            p.append(
                f'<text x="{label_w + w + 4:.2f}" y="{y + 15}" class="bval">'
                f"{_pct(f1)} (n={_e(o.get('support', 0))})</text>"
            )
        p.append("</g>")
    p.append("</svg>")
    return "".join(p)


def _heatmap(table: Mapping[str, Mapping[str, int]]) -> str:
    """Gold type × predicted type over strict pairs, shaded by count; MISSED and SPURIOUS at the edges."""
    gold = sorted(g for g in table if g != "SPURIOUS") + (["SPURIOUS"] if "SPURIOUS" in table else [])
    preds = {p for row in table.values() for p in row}
    cols = sorted(p for p in preds if p != "MISSED") + (["MISSED"] if "MISSED" in preds else [])
    top = max((v for row in table.values() for v in row.values()), default=0) or 1
    head = "".join(f'<th class="col">{_e(c)}</th>' for c in cols)
    body = []
    for g in gold:
        cells = []
        for c in cols:
            n = table.get(g, {}).get(c, 0)
            alpha = 0.0 if n == 0 else 0.12 + 0.78 * n / top
            rgb = "26,127,55" if g == c else "207,34,46"
            ink = "#fff" if alpha > 0.55 else "#111"
            cells.append(
                f'<td class="num" data-gold="{_e(g)}" data-pred="{_e(c)}" data-alpha="{alpha:.3f}" '
                f'style="background:rgba({rgb},{alpha:.3f});color:{ink}" '
                f'title="gold {_e(g)} → predicted {_e(c)}: {_e(n)}">{_e(n or "")}</td>'
            )
        body.append(f'<tr><th class="row">{_e(g)}</th>{"".join(cells)}</tr>')
    return (
        '<table class="heat"><caption>Strict confusion: rows gold, columns predicted. '
        "The diagonal counts pairs of the right type, boundary errors included.</caption>"
        f'<thead><tr><th class="corner">gold \\ predicted</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _run_info(report: Mapping[str, Any]) -> tuple[str, str]:
    """What was scored (for the header) and every option it was scored with (for a block
    after the summary, so the page opens with the scores)."""
    pred = str(report.get("predictions", ""))
    rows = [
        (
            "predictions",
            f"<b>{_e(PurePath(pred).name)}</b>"
            + (f' <span class="muted">{_e(pred)}</span>' if PurePath(pred).name != pred else ""),
        ),
        ("dataset version", _e(report.get("dataset_version"))),
        ("newsgold version", _e(report.get("newsgold_version"))),
        ("documents", _e(report.get("documents", "–"))),
    ]
    skip = {
        "matching",
        "per_type_booking",
        "zero_division",
        "metrics",
        "deduplicated",
    }  # fixed policy text, not options

    def shown(v: Any) -> str:
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            text = ", ".join(v) or "–"
        else:
            text = json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else "–" if v is None else str(v)
        return f"<code>{_e(text)}</code>"

    # Every option the report records, so a page found later still says how it was scored.
    options: list[tuple[str, str]] = []
    for key, value in report.get("config", {}).items():
        if isinstance(value, Mapping):
            options += [(f"{key}: {k}", shown(v)) for k, v in value.items() if k not in skip]
        else:
            options.append((key, shown(value)))

    def dl(items: list[tuple[str, str]]) -> str:
        return (
            '<dl class="run">' + "".join(f'<dt>{_e(k)}</dt><dd data-key="{_e(k)}">{v}</dd>' for k, v in items) + "</dl>"
        )

    config = (
        f'<details class="config"><summary>How this was scored: every option</summary>{dl(options)}</details>'
        if options
        else ""
    )
    return dl(rows), config


_COREF_LAYERS = {"entities": "Entity coreference", "events": "Event coreference"}
_COREF_SHOWN = ("muc", "b_cubed", "ceafe", "ceafm", "blanc", "lea")


def _coref_scores(coref: Mapping[str, Any]) -> str:
    """Each layer's CoNLL F1 and the metrics it averages, with the others beside."""
    rows = []
    for layer, block in coref["layers"].items():
        m = block["metrics"]
        rows.append(
            f'<tr data-metric="coref/{_e(layer)}/conll" class="total"><td>{_e(_COREF_LAYERS.get(layer, layer))}</td>'
            f'<td>CoNLL (MUC + B-cubed + CEAFe) / 3</td><td></td><td></td><td class="num">{_pct(m["conll"])}</td></tr>'
        )
        rows += [
            f'<tr data-metric="coref/{_e(layer)}/{name}"><td></td><td>{_e(COREF_NAMES[name])}</td>'
            + "".join(f'<td class="num">{_pct(m[name][k])}</td>' for k in ("precision", "recall", "f1"))
            + "</tr>"
            for name in _COREF_SHOWN
        ]
    o = coref["options"]
    return (
        '<table class="scores coref"><thead><tr><th>layer</th><th>metric</th><th>P</th><th>R</th><th>F1</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="small muted">{_e(coref["predictions"])} ({_e(coref["format"])}) against {_e(coref["key"])}: '
        f"{_e(o['mentions'])} mentions matched by exact span, singletons {_e(o['singletons'])}, "
        f"response mentions: {_e(o['response'])}.</p>"
    )


def _mention(m: Mapping[str, Any], label: str, css: str) -> str:
    shown = m["text"] if m.get("text") is not None else _span(m["start"], m["end"])
    return (
        f'<span class="cm {css}" data-s="{_e(m["start"])}" data-e="{_e(m["end"])}" '
        f'title="{_e(_span(m["start"], m["end"]))}">{_e(shown)}<sub>{_e(label)}</sub></span>'
    )


def _cluster_row(k: int, c: Mapping[str, Any]) -> str:
    """One gold cluster: its mentions, each with the response cluster it fell in, and badges
    for what the response did (exact, split, merged, extra mentions, missed mentions)."""
    mentions = " ".join(
        _mention(
            m, "–" if m["response"] is None else f"R{m['response'] + 1}", "c-missed" if m["response"] is None else ""
        )
        for m in c["mentions"]
    )
    badges = []
    if not c["response"]:
        verdict = "missed"
        badges.append(_badge("missed", "missed"))
    else:
        exact = not (c["split"] or c["merged_with"] or c["extra"] or c["missed"])
        verdict = "exact" if exact else "partly"
        if exact:
            badges.append(_badge("correct", "exact"))
        if c["split"]:
            badges.append(_badge("boundary", f"split into {len(c['response'])}"))
        if c["merged_with"]:
            badges.append(_badge("type", "merged with " + ", ".join(f"G{g + 1}" for g in c["merged_with"])))
        if c["missed"]:
            badges.append(_badge("missed", f"{c['missed']} missed"))
        if c["extra"]:
            badges.append(_badge("spurious", f"{len(c['extra'])} extra"))
    extra = (
        '<div class="small muted">with: '
        + " ".join(_mention(m, f"R{m['response'] + 1}", "c-extra") for m in c["extra"])
        + "</div>"
        if c["extra"]
        else ""
    )
    return (
        f'<tr class="cluster" data-cluster="G{k + 1}" data-verdict="{verdict}" '
        f'data-response="{" ".join(f"R{r + 1}" for r in c["response"])}">'
        f'<td>G{k + 1}</td><td class="num">{len(c["mentions"])}</td><td>{mentions}{extra}</td>'
        f"<td>{''.join(badges)}</td></tr>"
    )


def _coref_section(coref: Mapping[str, Any] | None) -> str:
    """The coreference scores, then each gold cluster and how the response split or merged it,
    from the coref report's cluster view (``api.coref_report(..., clusters=True)``)."""
    if coref is None:
        return ""
    out = ['<section id="coref"><h2>Coreference</h2>', _coref_scores(coref)]
    for doc_id, layers in coref.get("clusters", {}).items():
        out.append(f'<article class="doc"><h3>{_e(doc_id)}</h3>')
        for layer, view in layers.items():
            clusters = view["clusters"]
            exact = sum(
                bool(c["response"]) and not (c["split"] or c["merged_with"] or c["extra"] or c["missed"])
                for c in clusters
            )
            split = sum(c["split"] for c in clusters)
            merged = sum(bool(c["merged_with"]) for c in clusters)
            out.append(
                f"<h4>{_e(_COREF_LAYERS.get(layer, layer))}: {len(clusters)} gold clusters, {exact} exact, "
                f"{split} split, {merged} merged with another</h4>"
                '<p class="small muted">Each gold cluster (G) with its mentions; the subscript names the response '
                "cluster (R) a mention fell in, – none. <em>with</em>: mentions of the same response clusters that "
                "are in no gold cluster.</p>"
                '<div class="scroll"><table class="clusters" data-layer="'
                f'{_e(layer)}"><thead><tr><th>gold</th><th>size</th><th>mentions</th><th>the response</th></tr>'
                f"</thead><tbody>{''.join(_cluster_row(k, c) for k, c in enumerate(clusters))}</tbody></table></div>"
            )
            if view["unmatched"]:
                items = "".join(
                    '<li class="unmatched">' + " ".join(_mention(m, "", "c-extra") for m in cluster) + "</li>"
                    for cluster in view["unmatched"]
                )
                out.append(
                    f'<p class="small">{len(view["unmatched"])} response clusters hold no gold mention:</p>'
                    f'<ul class="small unmatched">{items}</ul>'
                )
        out.append("</article>")
    out.append("</section>")
    return "".join(out)


def _warnings(report: Mapping[str, Any]) -> str:
    ws = report.get("warnings") or []
    if not ws:
        return ""
    items = "".join(
        f"<li><code>{_e(w.get('code'))}</code> {_e(w.get('message'))}"
        + (f' <span class="muted">hint: {_e(w["hint"])}</span>' if w.get("hint") else "")
        + "</li>"
        for w in ws
    )
    return f'<section id="warnings"><h2>Warnings</h2><ul>{items}</ul></section>'


# A backslash at the end of a line of the style sheet joins it to the next (the string is not raw),
# which keeps its lines within the line length without adding a byte to the page.
_CSS = """
:root{--correct:#1a7f37;--correct-bg:#cdf2d8;--boundary:#b35900;--boundary-bg:#ffe0b8;--type:#6f42c1;--type-bg:#e4d8fa;
--boundary-type:#c2185b;--boundary-type-bg:#fbd0e1;--missed:#cf222e;--missed-bg:#ffe9e9;--spurious:#0969da;--spurious-bg:#d3e6ff;--none:#6e7781}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;\
margin:0 auto;padding:18px 28px 60px;max-width:1240px}
h1{font-size:1.5em;margin:0 0 6px}h2{font-size:1.2em;border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:30px}
h3{font-size:1.05em;margin:16px 0 4px}h4{font-size:.95em;margin:16px 0 6px}
.muted{color:#656d76}.small{font-size:.85em}.doctitle{font-style:italic;margin:0 0 8px}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0;font-size:.9em}
dl.run dt{color:#656d76}dl.run dd{margin:0;overflow-wrap:break-word}details.config{margin-top:8px}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
background:#f6f8fa;padding:0 3px;border-radius:3px}
table{border-collapse:collapse;font-size:.86em;margin:6px 0}
th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.off{white-space:nowrap}
.scroll{max-height:520px;overflow:auto;border-bottom:1px solid #d0d7de}.scroll table{margin:0}\
.scroll thead th{position:sticky;top:0}
tr.total td{font-weight:600;background:#f6f8fa}tr.avg td{color:#656d76}
.grid2{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:4px 24px}
details.metric{min-width:0;overflow-x:auto}details.metric summary{cursor:pointer;font-weight:600;margin-top:8px}
table.scores td:first-child,table.errors td{overflow-wrap:break-word}table.scores td:first-child{max-width:240px}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 22px;margin:8px 0 2px}
ul.legend .count{display:inline-block;min-width:1.6em;text-align:center;\
background:#eaeef2;border-radius:9px;font-size:.8em;padding:0 5px}
.article{white-space:pre-wrap;font:16px/2.25 Georgia,"Times New Roman",serif;\
border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;background:#fff}
.out{color:#9aa1a9}
.m{border-bottom:3px solid transparent}
.m[data-label]::after{content:attr(data-label);font:600 10px/1 system-ui,sans-serif;\
color:#3d444d;vertical-align:super;margin-left:2px;letter-spacing:.02em}
.g-correct{border-bottom-color:var(--correct)}.p-correct{background:var(--correct-bg)}
.g-boundary{border-bottom-color:var(--boundary)}.p-boundary{background:var(--boundary-bg)}
.g-type{border-bottom-color:var(--type)}.p-type{background:var(--type-bg)}
.g-boundary-type{border-bottom-color:var(--boundary-type)}.p-boundary-type{background:var(--boundary-type-bg)}
.g-missed{border-bottom:3px dashed var(--missed);background:var(--missed-bg)}
.p-spurious{background:var(--spurious-bg);box-shadow:inset 0 -1px 0 var(--spurious)}
.ps{border-top-left-radius:4px;border-bottom-left-radius:4px;padding-left:1px}.pe{border-top-right-radius:4px;border-bottom-right-radius:4px;padding-right:1px}
.m:hover{outline:1px solid #57606a}
html[data-js] .m[data-r],html[data-js] tr[data-r]{cursor:pointer}
.sel{outline:2px solid #1f2328!important;outline-offset:1px}tr.sel td{background:#fff8c5}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.82em;\
font-weight:600;color:#fff;white-space:nowrap}
.b-correct{background:var(--correct)}.b-boundary{background:var(--boundary)}.b-type{background:var(--type)}
.b-boundary-type{background:var(--boundary-type)}.b-missed{background:var(--missed)}.b-spurious{background:var(--spurious)}.b-none{background:var(--none)}
ul.args{margin:0;padding-left:16px}.role{font-weight:600}
svg.chart text{font:12px system-ui,sans-serif;fill:#1f2328}svg.chart .ctitle{font-weight:600;font-size:13px}
svg.chart .blabel{text-anchor:end}svg.chart .tick{text-anchor:middle;fill:#656d76;font-size:11px}
svg.chart .grid{stroke:#d0d7de;stroke-width:1}svg.chart rect.bar{fill:#0969da}svg.chart .muted{fill:#656d76}
.cm{display:inline-block;margin:1px 2px;padding:0 3px;border-radius:3px;background:#eaeef2}\
.cm sub{font:600 9px/1 system-ui,sans-serif;color:#3d444d;margin-left:2px}
.cm.c-missed{background:var(--missed-bg);border-bottom:2px dashed var(--missed)}\
.cm.c-extra{background:var(--spurious-bg)}
table.clusters td:nth-child(3){max-width:760px}ul.unmatched{margin:2px 0}
table.heat td{min-width:40px;text-align:center}table.heat th.col{max-width:160px;overflow-wrap:break-word}\
table.heat caption{caption-side:bottom;text-align:left;font-size:.85em;color:#656d76;padding-top:4px;max-width:520px}
footer{margin-top:36px;font-size:.82em;color:#656d76}
"""

# Click a highlight (or an error row) to outline every piece of the same record: a boundary
# error is cut into several pieces, and this shows them as one. Built with DOM calls only, no
# markup from strings; the ids it looks up are generated here (e0, e1, ...), never input.
_JS = """
document.documentElement.setAttribute('data-js', 'on');
document.addEventListener('click', function (ev) {
  var hit = ev.target.closest ? ev.target.closest('[data-r]') : null;
  document.querySelectorAll('.sel').forEach(function (x) { x.classList.remove('sel'); });
  if (!hit) { return; }
  hit.getAttribute('data-r').split(' ').forEach(function (id) {
    if (!/^e[0-9]+$/.test(id)) { return; }
    document.querySelectorAll('[data-r~="' + id + '"]').forEach(function (x) { x.classList.add('sel'); });
  });
});
"""


def render_html(*, report: Mapping[str, Any], corpus: Sequence[tuple[Document, Gold]]) -> str:
    """The whole page as one string (write it with :func:`newsgold.gold.write.write_atomic`).

    ``report`` is what :func:`newsgold.api.report` returns for a scoring with ``errors=True``;
    ``corpus`` is :func:`newsgold.gold.corpus.load_corpus` of the same repository, for the texts
    and the gold events. Raises :class:`NewsgoldError` when the report lacks the records the
    page is drawn from, or when its offsets do not fit the corpus text.

    >>> page = render_html(report={"newsgold_version": "0", "dataset_version": "0", "predictions": "<p>.jsonl",
    ...                            "config": {}}, corpus=[])
    >>> page.startswith("<!DOCTYPE html>"), "&lt;p&gt;.jsonl" in page, "<p>.jsonl" in page
    (True, True, False)
    """
    entities = _entities_section(report, corpus)
    charts = []
    if "entities" in report:
        mode = "strict" if "strict" in report["entities"] else next(iter(report["entities"]), None)
        if mode:
            charts.append(_bar_chart(f"F1 per type, entities {mode}", report["entities"][mode]["per_type"]))
        if "entity_confusion" in report:
            charts.append(_heatmap(report["entity_confusion"]))
    if "events" in report:
        for metric in ("trigger_classification", "argument_classification"):
            if metric in report["events"]:
                charts.append(_bar_chart(f"F1 per type, events {metric}", report["events"][metric]["per_type"]))
    tables = [
        _metric_table(layer, name, block)
        for layer in ("entities", "events")
        for name, block in report.get(layer, {}).items()
    ]
    pred_name = PurePath(str(report.get("predictions", ""))).name
    run, config = _run_info(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsgold report: {_e(pred_name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>newsgold report</h1>{run}</header>",
        (
            '<nav class="small"><a href="#summary">summary</a> · <a href="#entities">entities</a> · '
            '<a href="#charts">charts</a> · '
            '<a href="#events">events</a> · '
            + ('<a href="#coref">coreference</a> · ' if "coref" in report else "")
            + '<a href="#tables">per-type tables</a></nav>'
        ),
        f'<section id="summary"><h2>Summary</h2>{_summary(report)}{config}</section>',
        entities,
        f'<section id="charts"><h2>Per-type F1 and confusion</h2><div class="grid2">{"".join(charts)}</div></section>'
        if charts
        else "",
        _events_section(report, corpus),
        _coref_section(report.get("coref")),
        f'<section id="tables"><h2>Per-type tables</h2><div class="metrics">{"".join(tables)}</div></section>'
        if tables
        else "",
        _warnings(report),
        (
            "<footer>Scores are percentages; – is undefined (0/0). P/R/F1 from summed counts (micro); "
            "the macro row averages the defined per-type values, the weighted row weights them by gold support. "
            f"Page made by newsgold {_e(__version__)}; it loads nothing from the network.</footer>"
        ),
        f"<script>{_JS}</script>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
