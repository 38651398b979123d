"""Reports: the JSON shape of DESIGN.md, and text, Markdown and CSV renderings of it.

Reports know nothing of matching: they take results and lay them out.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Mapping, Sequence

from .. import __version__
from ..scoring.entity_errors import confusion, correct_items, error_records
from ..scoring.metrics import averages
from ..scoring.results import EntityResult, EventResult, ModeResult


def _rows(result: ModeResult) -> dict[str, Any]:
    per_type = {t: c.to_dict() for t, c in sorted(result.per_type.items())}
    out: dict[str, Any] = {"overall": result.overall.to_dict(), "per_type": per_type}
    avg = averages(result.per_type)
    out["macro"], out["weighted"] = avg["macro"], avg["weighted"]
    if result.extra:
        out.update(result.extra)
    return out


def build_report(
    *, entities: EntityResult | None, dataset_version: str, predictions: str, events: EventResult | None = None,
    errors: bool = True, correct: bool = True,
) -> dict[str, Any]:
    """The report as plain data (what ``newsgold score --json`` prints); with ``errors``, the
    strict errors, and with ``correct`` too, the strict correct entities."""
    report: dict[str, Any] = {
        "newsgold_version": __version__,
        "dataset_version": dataset_version,
        "predictions": predictions,
        "config": {},
    }
    if entities is not None:
        report["config"]["entities"] = entities.config.describe()
        report["documents"] = len(entities.doc_ids)
        report["entities"] = {mode: _rows(r) for mode, r in entities.modes.items()}
        report["timex"] = entities.timex
        if errors and "strict" in entities.modes:
            report["entity_errors"] = error_records(entities)
            report["entity_confusion"] = confusion(entities)
        if errors and correct and "strict" in entities.modes:
            # The strict true positives: with the errors they make up every scored span, so a
            # viewer can show them under any selection option without matching again.
            report["entity_correct"] = [
                {"doc_id": entities.documents[g[0]].doc_id, "start": g[1], "end": g[2], "type": g[3],
                 "text": entities.documents[g[0]].text[g[1] : g[2]]}
                for g in sorted(correct_items(entities))
            ]
        report["warnings"] = [w.to_dict() for w in entities.warnings]
    if events is not None:
        report["config"]["events"] = events.config.describe()
        report["events"] = events.to_dict()
        report["event_attributes"] = events.attributes
        if errors:
            report["event_errors"] = events.errors
        report.setdefault("warnings", []).extend(w.to_dict() for w in events.warnings)
    return report


def _fmt(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x * 100:.2f}"
    return str(x)


def render_text(report: Mapping[str, Any], *, per_type: bool = True) -> str:
    """A terminal table: one block per layer, modes side by side, then per-type rows."""
    out = io.StringIO()
    cfg = report["config"].get("entities", {})
    layers = report["config"].get("layers")
    out.write(f"newsgold {report['newsgold_version']}  dataset {report['dataset_version']}  predictions {report['predictions']}\n")
    opts = {k: v for k, v in cfg.items() if k in ("scheme", "gold_map", "passage", "types", "level") and v}
    out.write(f"documents {report.get('documents', '-')}  layers {', '.join(layers or [])}  options {opts or 'none'}\n\n")
    if "entities" in report:
        out.write(_table("entities", report["entities"], per_type=per_type))
        ex = {k: report["entities"]["token_conlleval"].get(k) for k in ("off_boundary", "overlap_dropped", "ill_formed")} if "token_conlleval" in report["entities"] else {}
        if ex:
            out.write(f"token modes: {ex['off_boundary']} predicted spans off token boundaries (widened), "
                      f"{ex['overlap_dropped']} dropped as overlapping, {ex['ill_formed']} ill-formed I- tags\n")
        t = report.get("timex")
        if t:
            no_values = "  (no values predicted)" if t["relaxed"]["tp"] and not t.get("values_predicted", 1) else ""
            out.write(
                f"\nTIMEX (DATE/TIME): relaxed F1 {_fmt(t['relaxed']['f1'])}  strict F1 {_fmt(t['strict']['f1'])}  "
                f"value accuracy {_fmt(t['value_accuracy'])}  value F1 {_fmt(t['value_f1'])}{no_values}\n"
            )
        errs = report.get("entity_errors")
        if errs is not None:
            kinds: dict[str, int] = {}
            for e in errs:
                kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
            out.write("\nstrict errors: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none") + "\n")
    if "events" in report:
        ev = report["config"]["events"]
        out.write(f"\n[events: {ev['view']} view, arguments matched by {ev['arg_match']}]\n")
        # The two headline metrics' breakdowns: triggers by subtype, arguments by role.
        shown = [m for m in ("trigger_classification", "argument_classification") if m in report["events"]]
        out.write(_table("events", report["events"], per_type=per_type, breakdowns=shown))
        attrs = report.get("event_attributes", {})
        given = {k: v for k, v in attrs.items() if v["predicted"]}
        if given:
            out.write("attribute accuracy on matched triggers: " + ", ".join(f"{k} {_fmt(v['accuracy'])}" for k, v in given.items()) + "\n")
        errs = report.get("event_errors")
        if errs is not None:
            kinds: dict[str, int] = {}
            for e in errs:
                kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
            out.write("event errors: " + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none") + "\n")
    for w in report.get("warnings", []):
        out.write(f"\nwarning {w['code']}: {w['message']}" + (f" (hint: {w['hint']})" if w.get("hint") else ""))
    if report.get("warnings"):
        out.write("\n")
    out.write("\nScores are percentages; '-' is undefined (0/0). P/R/F from summed counts (micro).\n")
    return out.getvalue()


def _table(title: str, layer: Mapping[str, Any], *, per_type: bool, breakdowns: Sequence[str] | None = None) -> str:
    """Overall rows of every mode or metric, then the per-type rows of ``breakdowns`` (default: the first)."""
    out = io.StringIO()
    if not per_type:
        breakdowns = []
    elif breakdowns is None:
        breakdowns = list(layer)[:1]
    names = [title, *layer, *(f"  {t}" for b in breakdowns for t in layer[b]["per_type"]), "  macro avg"]
    w = max(len(n) for n in names) + 1

    def row(name: str, o: Mapping[str, Any]) -> str:
        return (f"{name:<{w}} {_fmt(o['precision']):>7} {_fmt(o['recall']):>7} {_fmt(o['f1']):>7} {o['tp']:>6} {o['fp']:>6} "
                f"{o['fn']:>6} {o.get('par', 0):>5} {o['support']:>6} {o['predicted']:>6}\n")

    out.write(f"{title:<{w}} {'P':>7} {'R':>7} {'F1':>7} {'TP':>6} {'FP':>6} {'FN':>6} {'PAR':>5} {'gold':>6} {'pred':>6}\n")
    for mode, block in layer.items():
        out.write(row(mode, block["overall"]))
    for b in breakdowns:
        out.write(f"\nper type ({b}):\n")
        for t, o in layer[b]["per_type"].items():
            out.write(row(f"  {t}", o))
        m = layer[b]["macro"]
        out.write(f"{'  macro avg':<{w}} {_fmt(m['precision']):>7} {_fmt(m['recall']):>7} {_fmt(m['f1']):>7}\n")
    return out.getvalue()


def render_markdown(report: Mapping[str, Any]) -> str:
    lines = [
        f"newsgold {report['newsgold_version']}, dataset {report['dataset_version']}, predictions `{report['predictions']}`",
        f"options: `{report['config']}`",
        "",
    ]
    for layer in ("entities", "events"):
        if layer not in report:
            continue
        lines += [f"### {layer}", "", "| mode | P | R | F1 | TP | FP | FN | PAR | gold | pred |", "|---|---|---|---|---|---|---|---|---|---|"]
        for mode, block in report[layer].items():
            o = block["overall"]
            lines.append(
                f"| {mode} | {_fmt(o['precision'])} | {_fmt(o['recall'])} | {_fmt(o['f1'])} | {o['tp']} | {o['fp']} | {o['fn']} | {o.get('par', 0)} | {o['support']} | {o['predicted']} |"
            )
        first = next(iter(report[layer]), None)
        if first:
            lines += ["", f"per type ({first}):", "", "| type | P | R | F1 | TP | FP | FN | gold | pred |", "|---|---|---|---|---|---|---|---|---|"]
            for t, o in report[layer][first]["per_type"].items():
                lines.append(
                    f"| {t} | {_fmt(o['precision'])} | {_fmt(o['recall'])} | {_fmt(o['f1'])} | {o['tp']} | {o['fp']} | {o['fn']} | {o['support']} | {o['predicted']} |"
                )
        lines.append("")
    return "\n".join(lines)


def render_csv(report: Mapping[str, Any]) -> str:
    """One row per (layer, mode, type), overall rows with type ``ALL``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["dataset_version", "layer", "mode", "type", "tp", "fp", "fn", "par", "support", "predicted", "precision", "recall", "f1"])
    for layer in ("entities", "events"):
        for mode, block in report.get(layer, {}).items():
            for t, o in [("ALL", block["overall"]), *block["per_type"].items()]:
                w.writerow([report["dataset_version"], layer, mode, t, o["tp"], o["fp"], o["fn"], o.get("par", 0), o["support"], o["predicted"],
                            o["precision"], o["recall"], o["f1"]])
    return buf.getvalue()


def _p(p: float, replicates: int) -> str:
    """A bootstrap p-value as far as the replicates resolve it: ``p < 0.0001``, never ``p = 0.0``."""
    return f"p < {1 / replicates:.2g}" if p == 0 else f"p = {p:.4g}"


def render_compare(out: Mapping[str, Any]) -> str:
    """``newsgold compare``'s text: which file is A and which B, their F1, the difference, the test."""
    metric, width = out["metric"], max(len(out["a"]), len(out["b"]))
    lines = [f"{name.upper()}: {out[name]:<{width}}  {metric} F1 {_fmt(out[f'f1_{name}'])}"
             + ("  (not predicted)" if name in out.get("not_predicted", ()) else "") for name in ("a", "b")]
    if out["delta"] is None:
        missing = out.get("not_predicted") or []
        why = f"{' and '.join(n.upper() for n in missing)} predict{'s' * (len(missing) == 1)} no {out['layer']}" if missing else "F1 undefined"
        return "\n".join([*lines, f"no test: {why}"]) + "\n"
    interval = f" (95% interval {_fmt(out['delta_ci_low'])} to {_fmt(out['delta_ci_high'])})" if out.get("delta_ci_low") is not None else ""
    lines.append(f"A - B: {'+' if out['delta'] > 0 else ''}{_fmt(out['delta'])} points{interval}")
    test = f"paired bootstrap over sentences, {out['replicates']} replicates, seed {out['seed']}"
    if out["delta"] == 0:
        lines.append(f"{test}: no difference (p = 1)")
    else:
        better, worse = ("A", "B") if out["delta"] > 0 else ("B", "A")
        lines.append(f"{test}: {better} higher than {worse}, one-sided {_p(out['p_value'], out['replicates'])}")
    return "\n".join(lines) + "\n"
