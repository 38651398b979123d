"""The coreference report: plain data (what ``--json`` prints), then text, Markdown and CSV,
and the cluster view the HTML report draws (:func:`cluster_views`).

Each layer (entity coreference, event coreference) lists every metric with its recall,
precision and F1 and the numerators and denominators they come from (numerators of B-cubed,
CEAF and LEA are sums of fractions, printed as decimals), the CoNLL score, and each
document's CoNLL score. Figures are percentages to two decimals in the tables, as the
reference scorer prints them; the JSON keeps full precision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from ..escape import md_cell, text_cell
from ..readers.coref import Clusters, CorefDoc, Span
from ..scoring.coref import Blanc, CorefScores, Score
from ..scoring.coref_corpus import CorefConfig, CorefLayer

METRICS = (
    ("mentions", "mentions"),
    ("muc", "MUC"),
    ("b_cubed", "B-cubed"),
    ("ceafm", "CEAFm"),
    ("ceafe", "CEAFe"),
    ("blanc", "BLANC"),
    ("lea", "LEA"),
)
NAMES = dict(METRICS)


def _score(s: Score) -> dict[str, Any]:
    return {
        "recall": s.recall,
        "precision": s.precision,
        "f1": s.f1,
        "recall_num": float(s.recall_num),
        "recall_den": s.recall_den,
        "precision_num": float(s.precision_num),
        "precision_den": s.precision_den,
    }


def _blanc(b: Blanc) -> dict[str, Any]:
    return {
        "recall": b.recall,
        "precision": b.precision,
        "f1": b.f1,
        "coref_links": _score(b.coref),
        "non_coref_links": _score(b.non_coref),
    }


def scores_data(s: CorefScores) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, _ in METRICS:
        value = getattr(s, name)
        out[name] = _blanc(value) if isinstance(value, Blanc) else _score(value)
    out["conll"] = s.conll
    return out


def build_coref_report(
    layers: Mapping[str, CorefLayer], config: CorefConfig, *, predictions: str, key: str, format: str
) -> dict[str, Any]:
    return {
        "predictions": predictions,
        "key": key,
        "format": format,
        "options": {
            "singletons": "kept" if config.singletons else "dropped",
            "mentions": config.mentions,
            "response": config.response,
            "match": config.match,
        },
        "layers": {
            name: {
                "documents": len(layer.documents),
                "metrics": scores_data(layer.total),
                "per_document": {doc: {"conll": s.conll} for doc, s in layer.documents.items()},
            }
            for name, layer in layers.items()
        },
    }


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def _num(x: float) -> str:
    return f"{x:g}" if x == int(x) else f"{x:.4f}".rstrip("0")


def _rows(metrics: Mapping[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    out = []
    for name, label in METRICS:
        m = metrics[name]
        if name == "blanc":
            out.append((label, _pct(m["recall"]), _pct(m["precision"]), _pct(m["f1"]), "", ""))
            continue
        recall = f"{_num(m['recall_num'])}/{m['recall_den']}"
        precision = f"{_num(m['precision_num'])}/{m['precision_den']}"
        out.append((label, _pct(m["recall"]), _pct(m["precision"]), _pct(m["f1"]), recall, precision))
    return out


def _title(name: str, layer: Mapping[str, Any], report: Mapping[str, Any]) -> str:
    o = report["options"]
    return (
        f"Coreference ({name}): {layer['documents']} documents, {o['mentions']} mentions, "
        f"singletons {o['singletons']}, response mentions: {o['response']}, mention match: {o['match']}"
    )


def render_coref_text(report: Mapping[str, Any]) -> str:
    source = f"{text_cell(report['predictions'])} ({report['format']}) against {text_cell(report['key'])}"
    lines = [f"Coreference of {source}"]
    header = ("metric", "recall", "precision", "F1", "recall num/den", "precision num/den")
    for name, layer in report["layers"].items():
        rows = [header, *_rows(layer["metrics"])]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines += ["", _title(name, layer, report)]
        for r in rows:
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        lines.append(f"CoNLL F1 (MUC + B-cubed + CEAFe) / 3: {_pct(layer['metrics']['conll'])}")
    return "\n".join(lines) + "\n"


def render_coref_markdown(report: Mapping[str, Any]) -> str:
    out = [
        f"## Coreference\n\n{md_cell(report['predictions'])} ({report['format']}) against {md_cell(report['key'])}\n"
    ]
    for name, layer in report["layers"].items():
        out.append(f"### {_title(name, layer, report)}\n")
        out.append("| metric | recall | precision | F1 | recall num/den | precision num/den |")
        out.append("|---|---:|---:|---:|---:|---:|")
        out += ["| " + " | ".join(r) + " |" for r in _rows(layer["metrics"])]
        out.append(f"\nCoNLL F1 (MUC + B-cubed + CEAFe) / 3: **{_pct(layer['metrics']['conll'])}**\n")
    return "\n".join(out)


CSV_HEADER = (
    "layer",
    "metric",
    "recall",
    "precision",
    "f1",
    "recall_num",
    "recall_den",
    "precision_num",
    "precision_den",
)


def coref_csv_rows(report: Mapping[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for name, layer in report["layers"].items():
        metrics = layer["metrics"]
        for metric, _ in METRICS:
            m = metrics[metric]
            nums = ["", "", "", ""] if metric == "blanc" else [m[k] for k in CSV_HEADER[5:]]
            rows.append([f"coref-{name}", metric, m["recall"], m["precision"], m["f1"], *nums])
        rows.append([f"coref-{name}", "conll", "", "", metrics["conll"], "", "", "", ""])
    return rows


def render_coref_csv(report: Mapping[str, Any], *, header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_HEADER)
    writer.writerows(coref_csv_rows(report))
    return buffer.getvalue()


# ---- the HTML report's cluster view: each gold cluster and what the response made of it


def _view(key: Clusters, response: Clusters, text: str | None) -> dict[str, Any]:
    """One document layer: each key cluster with the response cluster of each of its mentions
    (exact spans; None: in no response cluster), what those response clusters hold besides
    (mentions of other key clusters: a merge; mentions in no key cluster: extra), and the
    response clusters that hold no key mention.

    >>> v = _view((((0, 1), (2, 3), (4, 5)), ((6, 7),)), (((0, 1), (2, 3)), ((4, 5), (6, 7)), ((8, 9),)), None)
    >>> [(c["response"], c["split"], c["merged_with"], c["missed"]) for c in v["clusters"]]
    [([0, 1], True, [1], 0), ([1], False, [0], 0)]
    >>> [[m["start"] for m in c] for c in v["unmatched"]]
    [[8]]
    """
    of_key = {m: k for k, c in enumerate(key) for m in c}
    of_response = {m: r for r, c in enumerate(response) for m in c}

    def mention(m: Span) -> dict[str, Any]:
        return {"start": m[0], "end": m[1], "text": None if text is None else text[m[0] : m[1]]}

    clusters = []
    for k, cluster in enumerate(key):
        found = sorted({of_response[m] for m in cluster if m in of_response})
        others = [m for r in found for m in response[r] if of_key.get(m) != k]
        clusters.append(
            {
                "mentions": [{**mention(m), "response": of_response.get(m)} for m in cluster],
                "response": found,
                "split": len(found) > 1,
                "missed": sum(m not in of_response for m in cluster),
                "merged_with": sorted({of_key[m] for m in others if m in of_key}),
                "extra": [{**mention(m), "response": of_response[m]} for m in others if m not in of_key],
            }
        )
    unmatched = [[mention(m) for m in c] for c in response if not any(m in of_key for m in c)]
    return {"clusters": clusters, "unmatched": unmatched}


def cluster_views(
    key: Mapping[str, CorefDoc], response: Iterable[CorefDoc], texts: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """For each key document and layer (``entities``; ``events`` when the response gives event
    clusters), how the response split or merged each key cluster (:func:`_view`); mentions
    carry their text when ``texts`` has the document and the spans are code points."""
    given = {d.doc_id: d for d in response}
    events = any(d.events is not None for d in given.values())
    out: dict[str, dict[str, Any]] = {}
    for doc_id, k in key.items():
        r = given.get(doc_id)
        text = texts.get(doc_id) if k.unit == "chars" else None
        out[doc_id] = {"entities": _view(k.entities, r.entities if r else (), text)}
        if events:
            out[doc_id]["events"] = _view(k.events or (), (r.events or ()) if r else (), text)
    return out
