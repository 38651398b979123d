"""The ``newsgold`` command: parses arguments, calls the library, prints. Nothing more.

Exit codes: 0 success; 1 validation found errors; 2 unusable input or usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__
from .errors import Incident, NewsgoldError
from .repo import find_repo

Handler = Callable[[argparse.Namespace], int]


def _print_incidents(incidents: list[Incident], *, fmt: str, max_err: int) -> None:
    shown = incidents if max_err <= 0 else incidents[:max_err]
    if fmt == "json":
        errors = sum(i.severity == "error" for i in incidents)
        print(
            json.dumps(
                {
                    "errors": errors,
                    "warnings": len(incidents) - errors,
                    "incidents": [i.to_dict() for i in shown],
                    "truncated": len(incidents) - len(shown),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for i in shown:
        print(i.render())
    if len(shown) < len(incidents):
        print(f"... and {len(incidents) - len(shown)} more (raise --max-err, 0 shows all)")


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    repo = find_repo(args.root)
    incidents = validate(repo, [Path(p) for p in args.paths], corpus_dir=Path(args.corpus) if args.corpus else None)
    errors = [i for i in incidents if i.severity == "error"]
    _print_incidents(incidents, fmt=args.format, max_err=args.max_err)
    if args.format == "text":
        verdict = "*** FAILED ***" if errors else "*** PASSED ***"
        print(f"{verdict} with {len(errors)} errors and {len(incidents) - len(errors)} warnings", file=sys.stderr)
    return 1 if errors else 0


def cmd_tokens(args: argparse.Namespace) -> int:
    from .validate import check_document

    repo = find_repo(args.root)
    checked = check_document(repo, args.doc_id)
    if checked.doc is None:
        raise NewsgoldError(checked.incidents)
    doc = checked.doc
    for i, t in enumerate(doc.tokens):
        print(f"{i}\t{t.start}\t{t.end}\t{doc.text[t.start:t.end]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgold", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsgold {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--root", help="repository root (default: the one holding the current directory)")
        p.set_defaults(handler=handler)
        return p

    p = command("validate", cmd_validate, "validate corpus documents and gold files")
    p.add_argument("paths", nargs="*", help="gold files or folders (default: the whole repository)")
    p.add_argument("--corpus", help="folder of <doc_id>.txt and .meta.json (default: ROOT/corpus)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--max-err", type=int, default=20, help="print at most N incidents (0: all)")

    p = command("tokens", cmd_tokens, "print a document's canonical tokens: index, start, end, text")
    p.add_argument("doc_id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except NewsgoldError as e:
        for i in e.incidents:
            print(i.render(), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `newsgold tokens ... | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
