"""Scoring many documents from files with ``--counts-only``: time and peak memory.

Writes a seeded synthetic gold JSON Lines file and a noisy extractor's predictions (the
shape of ``bench_cli.py``: documents of about 25 tokens, PER/ORG/LOC/MISC), then runs
``newsgold score --gold GOLD PRED --counts-only -o counts.json`` as a process of its own
and reports its wall time and peak resident memory (``ru_maxrss`` of the child), for each
corpus size asked. The target (issue 19): 100,000 documents under 1 GB.

    python benchmarks/bench_counts.py                       # 100,000 documents
    python benchmarks/bench_counts.py --docs 25000 50000 100000

What grows with the corpus is the gold, loaded whole by design (each document's text,
sentences and entities, and the token index the scorer reads), the per-document gold
support of the counts file, and the doc ids; the predictions are streamed a slice at a
time, and each document's items and matches are dropped once its batch is scored.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import ROOT, corpus, write_jsonl  # noqa: E402


def run(gold: Path, pred: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``newsgold score --counts-only`` process."""
    code = ("import resource, sys; from newsgold.cli import main; rc = main(sys.argv[1:]); "
            "sys.stderr.write(f'peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'); sys.exit(rc)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "score", "--gold", str(gold), str(pred), "--counts-only", "-o", str(out)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    peak = next(int(line.split("=")[1]) for line in done.stderr.splitlines() if line.startswith("peak_kib="))
    return seconds, peak / 1024


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, nargs="+", default=[100_000], help="corpus sizes in documents (default: 100000)")
    p.add_argument("--tokens-per-doc", type=int, default=25)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    # Bytecode first, as an installed package has it: no timed process pays to compile the
    # package (PYTHONDONTWRITEBYTECODE, or an edited module, would make every run do it).
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    print("| documents | gold file (MiB) | predictions (MiB) | time (s) | peak RSS (MiB) | KiB per document |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            gold, pred = corpus(n * args.tokens_per_doc, n, args.seed)
            gpath, ppath = Path(tmp) / f"gold-{n}.jsonl", Path(tmp) / f"pred-{n}.jsonl"
            write_jsonl(gpath, gold)
            write_jsonl(ppath, pred)
            del gold, pred
            seconds, peak = run(gpath, ppath, Path(tmp) / f"counts-{n}.json")
            print(f"| {n:,} | {os.path.getsize(gpath) / 2**20:.1f} | {os.path.getsize(ppath) / 2**20:.1f} | {seconds:.1f} | "
                  f"{peak:.0f} | {peak * 1024 / n:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
