"""The ``newsgold`` command: parses arguments, calls :mod:`newsgold.api`, prints.

Exit codes: 0 success; 1 validation found errors; 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn, TextIO, cast

from . import api
from .escape import json_safe, text_cell
from .gold import collector
from .gold.corpus import Corpus
from .gold.errors import Incident, NewsgoldError, incident
from .gold.layers import SPAN_LAYERS
from .gold.repo import find_repo
from .gold.sources import GOLD_FORMATS, load_corpus
from .gold.write import check_output, protected_folders, write_atomic, write_folder
from .outputs.report import render_compare
from .readers.coref_formats import COREF_READERS, clusters_in
from .readers.registry import READERS, formats
from .scoring.modes import BUILTIN_MODES, SPAN_MODES, TOKEN_MODES, mode_names
from .scoring.results import TAG_SCHEMES, EntityConfig, EventConfig
from .version import __version__

# Library options as the command line spells them, for messages about a bad option.
FLAGS = {
    "EntityConfig.modes": "--modes",
    "EntityConfig.gold_map": "--gold-map",
    "EntityConfig.types": "--types",
    "EntityConfig.scheme": "--map",
    "EntityConfig.label_map": "--label-map",
    "EntityConfig.token_engine": "--token-engine",
    "EntityConfig.tag_scheme": "--scheme",
    "EntityConfig.level": "--level",
    "EntityConfig.passage": "--passage",
    "EntityConfig.layer": "--layer",
    "EventConfig.view": "--event-view",
    "EventConfig.arg_match": "--arg-match",
    "EventConfig.definition": "--event-metrics",
    "layers": "--layers",
    "format": "--format",
    "compare.seed": "--seed",
    "compare.replicates": "--replicates",
}

Handler = Callable[[argparse.Namespace], int]


def _count(text: str) -> int:
    """An argument that counts things: a whole number, 0 or more."""
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number 0 or more")
    return n


def _json(value: Any, **options: Any) -> str:
    """JSON for the terminal or a file: UTF-8 as is, but what a terminal acts on escaped."""
    return json_safe(json.dumps(value, ensure_ascii=False, **options))


INTERRUPTED = "interrupted: nothing more was written"
"""What Ctrl-C prints (exit status 130); ``__main__`` prints it too, for a Ctrl-C while importing."""


def _print_incidents(incidents: list[Incident], *, fmt: str, max_err: int) -> None:
    shown = incidents if max_err <= 0 else incidents[:max_err]
    if fmt == "json":
        errors = sum(i.severity == "error" for i in incidents)
        print(
            _json(
                {
                    "errors": errors,
                    "warnings": len(incidents) - errors,
                    "incidents": [i.to_dict() for i in shown],
                    "truncated": len(incidents) - len(shown),
                },
                indent=2,
            )
        )
        return
    for i in shown:
        print(i.render())
    if len(shown) < len(incidents):
        print(f"... and {len(incidents) - len(shown)} more (raise --max-err, 0 shows all)")


def cmd_validate(args: argparse.Namespace) -> int:
    incidents = api.validate(args.paths, root=args.root, corpus=args.corpus)
    errors = [i for i in incidents if i.severity == "error"]
    failed = bool(incidents if args.strict else errors)
    _print_incidents(incidents, fmt=args.format, max_err=args.max_err)
    if args.format == "text":
        verdict = "*** FAILED ***" if failed else "*** PASSED ***"
        strict = " (--strict: warnings fail)" if args.strict and incidents and not errors else ""
        print(
            f"{verdict} with {len(errors)} errors and {len(incidents) - len(errors)} warnings{strict}", file=sys.stderr
        )
    return 1 if failed else 0


def cmd_tokens(args: argparse.Namespace) -> int:
    doc = api.document(args.doc_id, root=args.root)
    for i, t in enumerate(doc.tokens):
        print(f"{i}\t{t.start}\t{t.end}\t{doc.text[t.start : t.end]}")
    return 0


NOT_PATHS = frozenset({"output", "doc_id", "modes", "types", "labels", "passage", "layers"})
"""The free-text arguments that name no file: every other string argument of a command is a
path it reads (see :func:`reads`), so a new argument is protected from ``-o`` unless it is
listed here."""


def _path_arguments(p: argparse.ArgumentParser) -> tuple[str, ...]:
    """The ``dest`` of each argument of ``p`` that takes a path: a string (or strings) without
    a fixed set of choices, and not in :data:`NOT_PATHS`."""
    return tuple(
        a.dest
        for a in p._actions
        if isinstance(a, argparse._StoreAction)
        and a.choices is None
        and a.type in (None, str)
        and a.dest not in NOT_PATHS
    )


@dataclass(frozen=True)
class Reads:
    """What a command reads: its output never replaces one of ``inputs`` nor lands inside one of
    ``protected`` (the repository's data and submissions, the one of ``--root`` and of ``--gold``)."""

    inputs: tuple[str, ...]
    protected: tuple[Path, ...]


def reads(args: argparse.Namespace) -> Reads:
    """The one place that says what a command reads (the parser marks its path arguments)."""
    inputs: list[str] = []
    for name in getattr(args, "reads", ()):
        value = getattr(args, name, None)
        inputs += [value] if isinstance(value, str) else [v for v in value or () if isinstance(v, str)]
    protected: list[Path] = []
    try:
        protected += protected_folders(find_repo(args.root).root)
    except NewsgoldError:  # outside a repository: nothing of it to protect
        pass
    gold = getattr(args, "gold", None)
    if gold and Path(gold).is_dir():  # another repository's data
        protected += protected_folders(gold)
    return Reads(tuple(inputs), tuple(protected))


def _gold(args: argparse.Namespace) -> Corpus:
    """``--gold`` (a repository or a gold file of your own corpus), else the repository."""
    return load_corpus(args.gold if getattr(args, "gold", None) else find_repo(args.root))


def _checked_output(args: argparse.Namespace) -> Path | None:
    """``-o``, refused before any work when writing it would destroy something."""
    if not getattr(args, "output", None):
        return None
    target = Path(args.output)
    read = reads(args)
    problems = check_output(target, inputs=read.inputs, protected=read.protected)
    if problems:
        raise NewsgoldError(problems)
    return target


def _write(args: argparse.Namespace, target: Path, content: str | Iterable[str]) -> None:
    read = reads(args)
    write_atomic(target, content, inputs=read.inputs, protected=read.protected)


def _score_options(args: argparse.Namespace) -> dict:
    """The scoring options that ``score`` and ``report`` share, as keyword arguments of :func:`api.score`."""
    config = EntityConfig(
        modes=tuple(args.modes.split(",")) if getattr(args, "modes", None) else BUILTIN_MODES,
        scheme=args.map,
        gold_map=args.gold_map,
        label_map=api.load_label_map(args.label_map) if args.label_map else {},
        passage=args.passage,
        types=frozenset(args.types.split(",")) if args.types else None,
        level=args.level,
        token_engine=getattr(args, "token_engine", "newsgold"),
        tag_scheme=getattr(args, "scheme", None),
    )
    return {
        "predictions": args.predictions,
        "entities": config,
        "events": EventConfig(view=args.event_view, arg_match=args.arg_match, definition=args.event_metrics),
        "layers": tuple(args.layers.split(",")) if args.layers else None,
        "format": args.format,
    }


def cmd_score(args: argparse.Namespace) -> int:
    chosen = [f for f in ("json", "markdown", "csv", "counts_only") if getattr(args, f)]
    if len(chosen) > 1:
        raise NewsgoldError(
            incident(
                "NG003",
                "score",
                message=f"choose one output format, got {', '.join('--' + f.replace('_', '-') for f in chosen)}",
            )
        )
    target = _checked_output(args)
    coref, others = _coref_layers(args)
    if args.counts_only:
        coref = coref and (bool(args.layers) or others == [])  # asked for, or all the file gives
        scored, corpus = None, None
        if others != []:  # entities and events (None: the default layers)
            options = _score_options(args)
            if others:
                options["layers"] = tuple(others)
            corpus = _gold(args)
            scored = api.score(gold=corpus, **options, shard=True, errors=False)
        coref_scored = _coref_scored(args, shard=True) if coref else None
        counts = api.counts(scored, coref_scored, gold=corpus)
        text = _json(counts, indent=1) + "\n"
        if target is not None:
            _write(args, target, text)
        else:
            sys.stdout.write(text)
        return 0
    if coref and others == []:
        _emit_coref(args, _score_coref(args))
        return 0
    # Only the JSON report lists the correct entities (for viewers); the tables do not.
    options = _score_options(args)
    if others:
        options["layers"] = tuple(others)
    scored = api.score(
        gold=_gold(args), **options, errors=not args.no_errors, correct=args.json, intervals=not args.no_intervals
    )
    # The JSON report lists every error unless --max-errors is given; its rows are made as written.
    listed = (args.max_errors or 0) if args.json else 0
    report = api.report(scored, lazy=args.json, max_errors=listed)
    if coref:
        report["coref"] = _score_coref(args)
    _emit(args, report)
    return 0


def _coref_layers(args: argparse.Namespace) -> tuple[bool, list[str] | None]:
    """Whether to score coreference, and the other layers (None: the default ones).

    ``--layers`` names them (``coref`` among them); without it, a file of clusters only is
    scored for coreference only, and a file with clusters beside entities for both.
    """
    if args.layers:
        named = args.layers.split(",")
        return "coref" in named, [n for n in named if n != "coref"]
    if args.format in COREF_READERS:
        return True, []
    if args.format != "auto" or not Path(args.predictions).is_file():
        return False, None
    fmt, only = clusters_in(args.predictions)
    return fmt is not None, [] if only else None


def _score_coref(args: argparse.Namespace, *, clusters: bool = False) -> dict:
    return api.coref_report(_coref_scored(args), clusters=clusters)


def _coref_scored(args: argparse.Namespace, *, shard: bool = False) -> api.CorefScored:
    from .scoring.coref_corpus import CorefConfig

    config = CorefConfig(
        singletons=args.coref_singletons == "keep",
        mentions=args.coref_mentions,
        response=args.coref_response,
        match=args.coref_match.replace("-", "_"),
    )
    gold = args.gold if args.gold else load_corpus(find_repo(args.root))
    fmt = args.format if args.format in COREF_READERS else "auto"
    return api.score_coref(gold=gold, predictions=args.predictions, format=fmt, config=config, shard=shard)


def _emit_coref(args: argparse.Namespace, coref: dict) -> None:
    """A coreference report alone, in the format asked for."""
    from .outputs.coref import render_coref_csv, render_coref_markdown, render_coref_text
    from .outputs.report import render_warnings

    if args.json:
        text = _json({"coref": coref}, indent=2) + "\n"
    elif args.markdown:
        text = render_coref_markdown(coref)
    elif args.csv:
        text = render_coref_csv(coref)
    else:
        text = render_coref_text(coref)
    if args.output:
        _write(args, Path(args.output), text)
    else:
        sys.stdout.write(text)
    sys.stderr.write(render_warnings(coref))


def cmd_merge(args: argparse.Namespace) -> int:
    formats = [f for f in ("json", "markdown", "csv") if getattr(args, f)]
    if len(formats) > 1:
        raise NewsgoldError(
            incident("NG003", "merge", message=f"choose one output format, got {', '.join('--' + f for f in formats)}")
        )
    _checked_output(args)
    _emit(args, api.merge(args.counts))
    return 0


def _emit(args: argparse.Namespace, report: dict) -> None:
    from .outputs.report import (
        MAX_ERRORS,
        iter_json,
        render_csv,
        render_markdown,
        render_text,
        render_warnings,
    )

    limit = getattr(args, "max_errors", None)
    limit = MAX_ERRORS if limit is None else limit
    coref = report.get("coref")
    text: str | Iterator[str]
    if args.json:
        text = iter_json(report)
    else:
        if args.markdown:
            page = render_markdown(report, max_errors=limit)
        elif args.csv:
            page = render_csv(report)
        else:  # on the terminal the warnings come once, on stderr
            page = render_text(report, per_type=not args.no_per_type, max_errors=limit, warnings=bool(args.output))
        if coref is not None:  # coreference, its own section after the others
            from .outputs.coref import render_coref_csv, render_coref_markdown, render_coref_text

            render = render_coref_markdown if args.markdown else render_coref_csv if args.csv else render_coref_text
            page += "\n" + render(coref)
        text = page
    if args.output:
        _write(args, Path(args.output), text)
    else:
        for chunk in [text] if isinstance(text, str) else text:  # through _Stdout.write, which escapes
            sys.stdout.write(chunk)
    sys.stderr.write(render_warnings(report))  # whatever the format
    if coref is not None:
        sys.stderr.write(render_warnings(coref))


def cmd_report(args: argparse.Namespace) -> int:
    from .outputs.html import render_html
    from .outputs.report import render_warnings

    target = _checked_output(args)
    assert target is not None  # -o is required
    options = _score_options(args)
    corpus = _gold(args)
    coref, others = _coref_layers(args)
    if others == []:  # clusters only: the page shows coreference alone
        report: dict = {"predictions": args.predictions, "config": {}}
    else:
        if others:
            options["layers"] = tuple(others)
        report = api.report(api.score(gold=corpus, **options, errors=True))
    if coref:
        report["coref"] = _score_coref(args, clusters=True)
    _write(args, target, render_html(report=report, corpus=corpus))
    sys.stderr.write(render_warnings(report))
    if coref:
        sys.stderr.write(render_warnings(report["coref"]))
    print(f"report written to {target} (open it in a browser; it loads nothing from the network)")
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    result = api.agree(args.a, args.b, root=args.root)
    if args.json:
        print(_json(result, indent=2))
        return 0
    pct = lambda x: "-" if x is None else f"{100 * x:.2f}"  # noqa: E731
    print(
        f"documents: {len(result['documents'])}  (A plays gold; scores are percentages, '-' not annotated or undefined)"
    )
    for layer in SPAN_LAYERS:
        for mode, block in result[layer].items():
            o = block["overall"]
            print(
                f"{layer:<9} {mode:<24} F1 {pct(o['f1']):>6}  (A {o['support']}, B {o['predicted']}, agreed {o['tp']})"
            )
    missing = result.get("events_not_annotated", [])
    for key in ("trigger_classification", "argument_classification"):
        if key in result.get("events", {}):
            o = result["events"][key]["overall"]
            if missing:
                print(
                    f"events    {key:<24} F1 {'-':>6}  ({' and '.join(m.upper() for m in missing)} annotated no events)"
                )
            else:
                print(
                    f"events    {key:<24} F1 {pct(o['f1']):>6}  "
                    f"(A {o['support']}, B {o['predicted']}, agreed {o['tp']})"
                )
    kappa = result["token_kappa"]
    print(
        f"Cohen's kappa over tokens (IOB2 labels): {kappa:.4f} (a coefficient, 1 is perfect)"
        if kappa is not None
        else "Cohen's kappa: undefined"
    )
    for layer, c in result["coreference"].items():
        print(
            f"coreference of {layer}: CoNLL F1 {pct(c['conll'])} (MUC {pct(c['muc']['f1'])}, "
            f"B-cubed {pct(c['b_cubed']['f1'])}, CEAFe {pct(c['ceafe']['f1'])}, LEA {pct(c['lea']['f1'])})"
        )
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    for view in api.event_views(args.view, root=args.root):
        print(_json(view))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    target = _checked_output(args)
    assert target is not None  # -o is required
    labels = [x.strip() for x in args.labels.split(",") if x.strip()] if args.labels is not None else None
    text, found = api.predict(
        args.adapter,
        root=args.root,
        model=args.model,
        labels=labels,
        threshold=args.threshold,
        progress=sys.stderr.isatty(),
    )
    _write(args, target, text)
    if args.adapter == "baseline":
        print(f"{len(found)} documents -> {args.output}", file=sys.stderr)
    else:
        print(
            f"{len(found)} documents, {sum(len(p.entities) for p in found)} entities -> {args.output}", file=sys.stderr
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.check and (args.format != "hf" or args.output):
        raise NewsgoldError(
            incident("NG003", "--check", message="--check compares the hf files kept in the repository (no -o)")
        )
    tool = args.format in ("label-studio", "inception")
    if args.predictions and not tool:
        raise NewsgoldError(
            incident(
                "NG003",
                "--predictions",
                message="--predictions goes with --format label-studio or inception (pre-annotations)",
            )
        )
    if args.format == "hf" and not args.output:  # the repository's own copy, as `datasets` reads it
        kept = api.hf_files(root=args.root)
        if args.check:
            stale = [p for p, content in kept.items() if not p.exists() or p.read_text(encoding="utf-8") != content]
            repo = find_repo(args.root)
            fix = "newsgold regenerate" if repo.is_newsgolds_own else "newsgold export --format hf"
            for p in stale:
                print(f"{p.relative_to(repo.root)} is stale: run `{fix}` to regenerate it", file=sys.stderr)
            return 1 if stale else 0
        for path, content in kept.items():
            write_atomic(path, content)
            print(path)
        return 0
    if not args.output:
        raise NewsgoldError(incident("NG003", "export", message=f"--format {args.format} needs -o DIR"))
    if not tool:
        for path in api.export(args.format, args.output, root=args.root, force=args.force, profile=args.profile):
            print(path)
        return 0
    files, dropped = api.annotation_tool_files(args.format, root=args.root, predictions=args.predictions)
    read = reads(args)
    for path in write_folder(args.output, files, inputs=read.inputs, protected=read.protected, force=args.force):
        print(path)
    if dropped:
        message = (
            f"{dropped} predicted event arguments have no predicted entity of the same span to point at, "
            "and are left out of the pre-annotations"
        )
        print(incident("NG614", args.predictions, severity="warning", message=message).render(), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Show what the validated records would change in the gold; write them with --write
    (and with --force when an import removes more annotations than it keeps)."""
    from .studies.diff import render

    plan = api.import_gold(args.source, root=args.root, format=args.format, output=args.output, force=args.force)
    for w in plan.warnings:
        print(w.render(), file=sys.stderr)
    if plan.not_carried:
        print(plan.not_carried, file=sys.stderr)
    sys.stdout.write(render(plan.changes, []))
    if not args.write:
        out_dir = Path(args.output) if args.output else plan.repo.gold_dir
        print(f"nothing written: pass --write to write {len(plan.staged)} gold file(s) to {out_dir}", file=sys.stderr)
        return 0
    for path in plan.write(force=args.force):
        print(path)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .studies.diff import render

    found = api.diff(args.old, args.new, root=args.root, scores=not args.no_scores)
    if args.json:
        print(_json(found, indent=2))
    else:
        sys.stdout.write(render(found["changes"], found["score_effects"]))
    return 0


def cmd_leaderboard(args: argparse.Namespace) -> int:
    if args.html:
        if args.check:
            raise NewsgoldError(
                incident(
                    "NG003", "leaderboard", message="--check compares LEADERBOARD.md; --html renders a page: choose one"
                )
            )
        target = _checked_output(args)
        page = api.leaderboard_page(root=args.root)
        if target is None:
            sys.stdout.write(page)
        else:
            _write(args, target, page)
            print(target)
        return 0
    if args.output:
        raise NewsgoldError(
            incident(
                "NG003", "leaderboard", message="-o goes with --html; without it the command writes LEADERBOARD.md"
            )
        )
    current = api.update_leaderboard(root=args.root, check=args.check)
    if args.check and not current:
        print("LEADERBOARD.md is stale: run `newsgold regenerate` to regenerate it", file=sys.stderr)
        return 1
    if not args.check:
        print(find_repo(args.root).root / "LEADERBOARD.md")
    return 0


def cmd_regenerate(args: argparse.Namespace) -> int:
    found = api.regenerate(root=args.root, check=args.check)
    if args.check:
        for path in found:
            print(f"{path} is stale: run `newsgold regenerate` to regenerate it", file=sys.stderr)
        return 1 if found else 0
    for path in found:
        print(path)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from .studies.audit import render, to_data

    corpus, systems, items = api.audit(root=args.root)
    if args.json:
        data = {"systems": [s.name for s in systems], "items": to_data(corpus, items)}
        print(_json(data, indent=2))
    else:
        sys.stdout.write(render(corpus, systems, items))
    return 0  # a report for review, never a failure


def cmd_compare(args: argparse.Namespace) -> int:
    corpus = _gold(args)
    out = api.compare(
        args.a, args.b, gold=corpus, metric=args.metric, format=args.format, replicates=args.replicates, seed=args.seed
    )
    if args.json:
        print(json.dumps(out, indent=2))  # ASCII: nothing raw
        return 0
    sys.stdout.write(render_compare(out))
    return 0


def _gold_option(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    p.add_argument(
        "--gold",
        help=f"the gold of your own corpus: {GOLD_FORMATS} (README: Score against your own corpus) "
        "(default: the repository)",
    )


def _report_options(out: argparse.ArgumentParser | argparse._ArgumentGroup, *, csv: str) -> None:
    """The report's formats and file, shared by ``score`` and ``merge`` (``csv``: what its rows are)."""
    out.add_argument("--json", action="store_true", help="the report as JSON")
    out.add_argument("--markdown", action="store_true", help="the report as Markdown tables")
    out.add_argument("--csv", action="store_true", help=csv)
    out.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    out.add_argument("--no-per-type", action="store_true", help="text output: overall rows only")


def _coref_options(p: argparse.ArgumentParser) -> None:
    """The coreference options, shared by ``score`` and ``report``."""
    coref = p.add_argument_group("coreference (--layers coref, or a file of clusters; README: Coreference)")
    coref.add_argument(
        "--coref-singletons",
        choices=["keep", "drop"],
        default="keep",
        help="keep clusters of one mention (the reference scorer, CorefUD, LitBank) or drop them from both sides "
        "(OntoNotes/CoNLL-2012); default keep",
    )
    coref.add_argument(
        "--coref-mentions",
        choices=["predicted", "gold"],
        default="predicted",
        help="predicted: the system found its own mentions (default); gold: it was given the key's",
    )
    coref.add_argument(
        "--coref-response",
        choices=["all", "overlapping"],
        default="all",
        help="overlapping: drop response mentions that overlap no key mention (twinless, Cai and Strube 2010), "
        "a fair look at a system that predicts every mention against a gold that annotates only some",
    )
    coref.add_argument(
        "--coref-match",
        choices=["exact", "head", "min-span"],
        default="exact",
        help="how a response mention meets a key mention: exact span (the CoNLL-2012 scorer, default); head "
        "(head match: the same head, heads from CorefUD files or the gold); min-span (partial match, minimum span: "
        "within the key mention and covering its head)",
    )


def _selection_options(sel: argparse._ArgumentGroup) -> None:
    """The options that choose what is scored, shared by ``score`` and ``report``."""
    _gold_option(sel)
    sel.add_argument(
        "--map",
        choices=["conll2003", "ace2005"],
        help="score in another scheme: map the gold and the predicted labels with the same built-in table and drop "
        "what it maps to null (e.g. an OntoNotes model scored as CoNLL-2003: DATE, CARDINAL... "
        "dropped from both sides)",
    )
    sel.add_argument(
        "--gold-map",
        choices=["conll2003", "ace2005"],
        help="map the gold labels only (for predictions already in that scheme; --map does both sides)",
    )
    sel.add_argument(
        "--label-map",
        metavar="FILE.json",
        help='rename predicted labels first: a JSON object such as {"PLACE": "LOC", "MISC": null} (null drops)',
    )
    sel.add_argument("--passage", help="score one passage only (e.g. body: without the dateline)")
    sel.add_argument("--types", help="comma-separated labels to score (after mapping)")
    sel.add_argument("--level", choices=["NAM", "VAL"], help="names only (NAM) or values only (VAL)")
    sel.add_argument(
        "--layers",
        help="entities,events,coref (default: entities, and events and coref when the file gives them)",
    )
    sel.add_argument(
        "--event-view",
        choices=["benchmark", "full"],
        default="benchmark",
        help="benchmark: the 22 ACE05-E roles (default); full: every role, Time and values included",
    )
    sel.add_argument(
        "--arg-match",
        choices=["head", "extent", "quote", "coref", "overlap"],
        default="head",
        help="how argument spans match the gold mention (default: head, as ACE05-E; text-only predictions: "
        "quote, the mention's extent or head)",
    )
    sel.add_argument(
        "--event-metrics",
        choices=["textee", "dygiepp"],
        default="textee",
        help="textee: TextEE's definitions, de-duplicated, one-to-one (default); dygiepp: DyGIE++'s "
        "EventMetrics, per sentence, many-to-one, not de-duplicated, no attached metrics",
    )


DESCRIPTION = """\
Score information-extraction output (named entities, ACE 2005 events) against the newsgold
gold standard, and check, export and compare the gold itself. Run it inside the repository
(or pass --root). Each command has its own help: newsgold COMMAND --help."""

EXAMPLES = """\
examples:
  newsgold score mine.jsonl                      score a system's predictions (every mode, TIMEX, events)
  newsgold score mine.conll --map conll2003      score a CoNLL-2003 tagger
  newsgold report mine.jsonl -o report.html      one HTML page with the errors highlighted
  newsgold compare mine.jsonl theirs.jsonl       is mine better than theirs? (paired bootstrap)
  newsgold validate                              check the gold after editing it

Exit status: 0 success, 1 validation found errors (or a --check found stale files),
2 unusable input or usage (one coded line on stderr, nothing written)."""


def _listing(title: str, rows: dict[str, str]) -> str:
    """A titled two-column list for an epilog, the second column wrapped."""
    width = max(map(len, rows))
    lines = [title]
    for name, text in rows.items():
        wrapped = textwrap.wrap(text, 96 - width - 4) or [""]
        lines.append(f"  {name:<{width}}  {wrapped[0]}")
        lines += [" " * (width + 4) + more for more in wrapped[1:]]
    return "\n".join(lines)


def _modes_help() -> str:
    summaries = {m: (SPAN_MODES.get(m) or TOKEN_MODES[m]).summary for m in mode_names()}
    return _listing("entity modes (--modes; default: all):", summaries)


def _formats_help(coref: bool = False) -> str:
    """The ``--format`` listing; with ``coref``, the coreference formats too (``score`` reads them)."""
    more = {name: f"coreference: {r.summary}" for name, r in COREF_READERS.items()} if coref else {}
    return _listing(
        "formats (--format; default: detected from the suffix and the content):",
        {name: r.summary for name, r in READERS.items()} | more,
    )


class _Parser(argparse.ArgumentParser):
    """argparse, its usage errors on one line: an argument it echoes (a file name a shell glob
    passed, say) shows its control characters escaped."""

    def error(self, message: str) -> NoReturn:
        super().error(text_cell(message))


def build_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(prog="newsgold", description=DESCRIPTION, epilog=EXAMPLES, formatter_class=raw)
    parser.add_argument("--version", action="version", version=f"newsgold {__version__}")
    parser.add_argument("--debug", action="store_true", help="on an internal error, print the full traceback")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help: str, example: str, more: str = "") -> argparse.ArgumentParser:
        epilog = (
            "example:\n" + "\n".join(f"  {line}" for line in example.splitlines()) + (f"\n\n{more}" if more else "")
        )
        p = sub.add_parser(
            name, help=help, description=help[0].upper() + help[1:] + ".", epilog=epilog, formatter_class=raw
        )
        p.add_argument("--root", help="repository root (default: the one holding the current directory)")
        p.set_defaults(handler=handler)
        return p

    p = command(
        "validate",
        cmd_validate,
        "validate corpus documents and gold files",
        "newsgold validate                                   the whole repository, levels L1-L5\n"
        "newsgold validate annotations/gold/DOC.json         one gold file\n"
        "newsgold validate my-gold.jsonl                     the gold file of your own corpus\n"
        "newsgold validate --strict                          warnings (NG409 role fillers) fail too",
    )
    p.add_argument(
        "paths",
        nargs="*",
        help="gold files or folders of the repository, or the gold file of your own corpus (.jsonl, .conll ...: "
        "read as --gold reads it); default: the whole repository",
    )
    p.add_argument("--corpus", help="folder of <doc_id>.txt and .meta.json (default: ROOT/corpus)")
    p.add_argument(
        "--format", choices=["text", "json"], default="text", help="text: one line per incident (default); json: data"
    )
    p.add_argument("--max-err", type=_count, default=20, help="print at most N incidents (0: all)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too (e.g. NG409, an argument whose entity type its role does not take)",
    )

    p = command(
        "score",
        cmd_score,
        "score an extractor's predictions against the gold: P/R/F1 per mode and type, TIMEX values, events, errors",
        "newsgold score mine.jsonl                          a table for the terminal\n"
        "newsgold score mine.jsonl --markdown -o scores.md  for a paper or a pull request\n"
        "newsgold score mine.conll --map conll2003          a CoNLL-2003 tagger against the mapped gold",
        _modes_help() + "\n\n" + _formats_help(coref=True),
    )
    p.add_argument("predictions", help="predictions file or folder (see formats below)")
    p.add_argument(
        "--format",
        default="auto",
        choices=(*formats(), *COREF_READERS),
        metavar="FORMAT",
        help="input format (default: auto; see below)",
    )
    out = p.add_argument_group("output")
    _report_options(out, csv="one CSV row per layer, mode and type, then one per strict entity error")
    out.add_argument(
        "--no-errors", action="store_true", help="leave the error list and confusion matrix out of the JSON"
    )
    out.add_argument(
        "--no-intervals",
        action="store_true",
        help="leave out F1's bootstrap intervals (a merge of counts files never has them)",
    )
    out.add_argument(
        "--max-errors",
        type=_count,
        metavar="N",
        help="list N errors (0 lists all; default: 10 in text and Markdown, all in JSON)",
    )
    out.add_argument(
        "--counts-only",
        action="store_true",
        help="write mergeable counts for the documents the file predicts (see `newsgold merge`)",
    )
    sel = p.add_argument_group("what to score")
    sel.add_argument("--modes", help="comma-separated entity modes (default: all; see below)")
    sel.add_argument(
        "--token-engine",
        choices=["newsgold", "seqeval"],
        default="newsgold",
        help="who reads the token modes' tags: newsgold (seqeval's chunks, without seqeval) or seqeval itself "
        "(pip install 'newsgold[seqeval]')",
    )
    sel.add_argument(
        "--scheme",
        choices=list(TAG_SCHEMES),
        help="the tagging scheme of tags given as tags (CoNLL, BIO JSON Lines): token_iob2 reads them as "
        "seqeval's strict mode with it (default: detected from the tags)",
    )
    _selection_options(sel)
    _coref_options(p)

    p = command(
        "merge",
        cmd_merge,
        "add up counts files from `newsgold score --counts-only` into one report",
        "newsgold score part1.jsonl --counts-only -o part1.json   (on each machine)\n"
        "newsgold merge part1.json part2.json                     the report of the whole corpus",
    )
    p.add_argument("counts", nargs="+", help="counts files (JSON)")
    _report_options(p, csv="one CSV row per layer, mode and type")

    p = command(
        "report",
        cmd_report,
        "write a self-contained HTML page: highlighted errors, events, per-type tables and charts",
        "newsgold report mine.jsonl -o report.html          then open report.html in a browser",
        _formats_help(),
    )
    p.add_argument("predictions", help="predictions file or folder (see formats below)")
    p.add_argument(
        "--format", default="auto", choices=formats(), metavar="FORMAT", help="input format (default: auto; see below)"
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="write the page to FILE (atomically)")
    sel = p.add_argument_group("what to score (as in score)")
    _selection_options(sel)
    _coref_options(p)

    p = command(
        "agree",
        cmd_agree,
        "inter-annotator agreement of two annotation sets (gold files or folders)",
        "newsgold agree annotations/gold annotations/adjudication/PASS2",
    )
    p.add_argument("a", help="annotation set A, a gold file or folder (plays gold)")
    p.add_argument("b", help="annotation set B, a gold file or folder")
    p.add_argument("--json", action="store_true", help="the agreement as JSON")

    p = command(
        "events",
        cmd_events,
        "print the gold events in one view, one JSON line per document",
        "newsgold events --view benchmark                   what ACE05-E style scoring compares against",
    )
    p.add_argument(
        "--view",
        choices=["full", "benchmark"],
        default="full",
        help="full: every role and attribute; benchmark: the 22 ACE05-E roles, head spans, no attributes",
    )

    p = command(
        "export",
        cmd_export,
        "export the gold: conll, bio-jsonl, brat, hf (the datasets files), spacy, textee, dygiepp, "
        "label-studio, inception",
        "newsgold export --format conll -o out/             the gold as CoNLL columns\n"
        "newsgold export --format textee -o out/            the gold as TextEE windows\n"
        "newsgold export --format textee --profile ace05e -o out/   as ACE05-E, to run a TextEE model on\n"
        "newsgold export --format label-studio -o ls/       "
        "Label Studio tasks and labelling config, to correct the gold in\n"
        "newsgold export --format inception -o cas/         "
        "INCEpTION/WebAnno XMI per document and TypeSystem.xml, the same\n"
        "newsgold export --format hf                        regenerate data/ and the README's dataset card",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=["conll", "bio-jsonl", "brat", "hf", "spacy", "textee", "dygiepp", "label-studio", "inception"],
        help="the format to write",
    )
    p.add_argument("-o", "--output", help="output folder (hf: default ROOT/data)")
    p.add_argument(
        "--profile",
        choices=["full", "ace05e"],
        default="full",
        help="textee, dygiepp: full (every layer the format carries) or ace05e (ACE entity types and "
        "mention levels, the 22 ACE05-E roles, no values or times: what ACE05-E models are trained on)",
    )
    p.add_argument("--check", action="store_true", help="hf only: exit 1 when the files in data/ are stale")
    p.add_argument(
        "--predictions",
        metavar="FILE",
        help="label-studio, inception: a system's predictions (any format) as pre-annotations, in place of the gold",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that holds other files, or files changed since an export wrote them "
        "(the export's own names are replaced; other files are left as they are)",
    )

    p = command(
        "import",
        cmd_import,
        "import brat standoff, a Label Studio JSON export or INCEpTION XMI back into gold JSON: "
        "shows what changes, writes with --write",
        "newsgold import out/brat/                          what the edited export would change in the gold\n"
        "newsgold import out/brat/ --write                  write it (validated; nothing written on error)\n"
        "newsgold import export.json --format label-studio --write   "
        "after correcting the tasks in Label Studio (its JSON export)\n"
        "newsgold import cas/ --format inception --write    "
        "after correcting the documents in INCEpTION (its XMI export)",
    )
    p.add_argument(
        "source",
        help="brat: a .ann file or a folder of <doc_id>.ann; label-studio: the JSON export; "
        "inception: an .xmi, a .zip or a folder of them",
    )
    p.add_argument(
        "--format",
        default="brat",
        choices=["brat", "label-studio", "inception"],
        help="the format of the source (default: brat)",
    )
    p.add_argument("-o", "--output", help="folder for the gold files (default: ROOT/annotations/gold)")
    p.add_argument(
        "--write", action="store_true", help="write the gold files (without it, only show what would change)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="with --write: also write a file that removes more annotations than it keeps, "
        "or replaces an unreadable one",
    )

    p = command(
        "run",
        cmd_run,
        "run the bundled baseline, or a spaCy, transformers or GLiNER model, over the corpus; "
        "write canonical predictions",
        "newsgold run baseline -o base.jsonl\n"
        'newsgold run spacy en_core_web_sm -o mine.jsonl    (pip install -e ".[spacy]" and the model first)\n'
        "newsgold run gliner ./gliner-model --labels person,organization,location -o mine.jsonl",
        "Models are never downloaded at run time: give an installed package or a local folder.",
    )
    p.add_argument("adapter", choices=["baseline", "spacy", "transformers", "gliner"], help="what to run")
    p.add_argument(
        "model",
        nargs="?",
        help="spacy: package name or folder; transformers, gliner: local folder (nothing is downloaded)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="predictions file to write (JSON Lines, atomically)"
    )
    p.add_argument(
        "--labels", help="comma-separated types; gliner: the types to ask for (required); others: keep only these"
    )
    p.add_argument("--threshold", type=float, help="drop spans scored below it (default 0.5; not for spacy)")

    p = command(
        "diff",
        cmd_diff,
        "what changed between two gold versions (files, folders or git revisions), and the score effects",
        "newsgold diff main annotations/gold                what your working tree changes, and how the scores move",
    )
    p.add_argument("old", help="gold file, folder, or git revision (e.g. main)")
    p.add_argument("new", help="gold file, folder, or git revision (e.g. annotations/gold for the working tree)")
    p.add_argument("--json", action="store_true", help="the changes as JSON")
    p.add_argument("--no-scores", action="store_true", help="skip scoring the submissions")

    p = command(
        "leaderboard",
        cmd_leaderboard,
        "regenerate LEADERBOARD.md from submissions/ (blind systems ranked, with intervals and pairwise tests)",
        "newsgold leaderboard --check                       exit 1 when LEADERBOARD.md is stale\n"
        "newsgold leaderboard --html -o board.html          the same leaderboard as one self-contained page",
    )
    p.add_argument("--check", action="store_true", help="exit 1 when LEADERBOARD.md is stale")
    p.add_argument(
        "--html",
        action="store_true",
        help="print the same leaderboard as one self-contained HTML page (or write it with -o)",
    )
    p.add_argument("-o", "--output", help="with --html: write the page to this file")

    p = command(
        "regenerate",
        cmd_regenerate,
        "rewrite every file derived from the gold: data/, the README's dataset card and data card, LEADERBOARD.md",
        "newsgold regenerate                                after a gold correction, before the pull request\n"
        "newsgold regenerate --check                        write nothing; exit 1, naming them, when any is stale",
    )
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when any derived file is stale")

    p = command(
        "audit",
        cmd_audit,
        "gold annotations that most blind leaderboard systems contradict the same way, with each system's reading",
        "newsgold audit                                     each item and what every blind system read there",
    )
    p.add_argument("--json", action="store_true", help="the items as JSON")

    p = command(
        "compare",
        cmd_compare,
        "is system A better than system B? a paired bootstrap test on the same gold",
        "newsgold compare mine.jsonl submissions/baseline/predictions.jsonl",
        "Prints both systems' F1 on one metric, the difference A - B with its 95% interval, and a\n"
        "p-value for the system that scored higher: the share of bootstrap replicates (sentences\n"
        "resampled within documents, documents across the corpus, the same resample for both\n"
        "systems) whose difference exceeds twice the observed one (one-sided). A p below 0.05 says\n"
        "the higher score is unlikely to be luck of this sample; a system that does not predict the\n"
        "metric's layer (e.g. events) shows '-' and no test is run.",
    )
    p.add_argument("a", help="predictions of system A")
    p.add_argument("b", help="predictions of system B (the one A is compared with)")
    _gold_option(p)
    p.add_argument(
        "--metric",
        default="strict",
        choices=[*SPAN_MODES, *TOKEN_MODES, "trigger_classification", "argument_classification"],
        help="an entity span or token mode, or an event metric (default: strict)",
    )
    p.add_argument(
        "--format", default="auto", choices=formats(), metavar="FORMAT", help="format of both files (default: auto)"
    )
    p.add_argument("--replicates", type=int, default=10000, help="bootstrap replicates (default: 10000)")
    p.add_argument("--seed", type=int, default=0, help="random seed of the resampling (default: 0)")
    p.add_argument("--json", action="store_true", help="the result as JSON")

    p = command(
        "tokens",
        cmd_tokens,
        "print a document's canonical tokens: index, start, end, text",
        "newsgold tokens efe-2010-02-18-us-cuba-migration-talks | head",
    )
    p.add_argument("doc_id", help="the document (its file name in corpus/, without .txt)")
    for p in sub.choices.values():
        p.set_defaults(reads=_path_arguments(p))
    return parser


class _StdoutFailed(Exception):
    """Standard output could not be written (full, closed, or its reader gone)."""


class _Stdout:
    """Standard output for a command: text as UTF-8 with lone surrogates escaped (as every
    file is written, :func:`~newsgold.escape.utf8`), and a failed write said as one error."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        if self._stream is None:  # started with standard output closed
            raise _StdoutFailed("standard output is closed")
        try:
            self._stream.write(text.encode(self._encoding, "backslashreplace").decode(self._encoding))
            return len(text)
        except OSError as e:
            raise _StdoutFailed(e.strerror or str(e)) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as e:
            raise _StdoutFailed(e.strerror or str(e)) from None

    @property
    def _encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _silence_stdout(stream: Any) -> None:
    """After a failed write, point the process's standard output at /dev/null, so that the
    interpreter's last flush at exit does not fail again with a traceback."""
    if stream is None or stream is not sys.__stdout__:
        return
    with suppress(OSError, ValueError):
        fd = cast(TextIO, stream).fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    stream = sys.stdout
    sys.stdout = cast(TextIO, _Stdout(stream))
    try:
        with collector.paused():  # a command keeps what it loads until it ends (gold/collector.py)
            code = int(args.handler(args))
        sys.stdout.flush()  # a full device says so now, while it can still be reported
        return code
    except NewsgoldError as e:
        for i in e.incidents:
            print(replace(i, file=FLAGS.get(i.file, i.file)).render(), file=sys.stderr)
        return 2
    except _StdoutFailed as e:  # `> /dev/full`, `| head`, `>&-`
        _silence_stdout(stream)
        print(
            incident("NG012", "<stdout>", message=f"cannot write the output: {e}").render(),
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:  # Ctrl-C: what was being written was removed (gold/write.py)
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except Exception as e:  # the last resort: a bug, said in one coded line
        if args.debug:
            raise
        where = args.command
        print(incident("NG010", where, message=f"{type(e).__name__}: {e}").render(), file=sys.stderr)
        return 2
    finally:
        sys.stdout = stream


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
