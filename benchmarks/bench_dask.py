"""The distributed path against one process: ``newsgold.dask`` with 1 and 2 workers.

Writes bench_cli.py's synthetic corpus (1M and 5M tokens, 25 tokens a document) as one gold
file and one predictions file for the command line, and as 8 + 8 shard files twice: shuffled
(the predictions shards hold other documents than the gold shard of the same number, so
every document is routed by its doc_id) and paired (``gold-0000k.jsonl`` beside
``pred-0000k.jsonl``: no routing). Then times whole processes in alternating rounds, medians
with peak RSS (the largest process of the run: for Dask, the client's or one worker's; and a
worker's alone, which a partition bounds):

- ``newsgold score PRED --gold GOLD --json --no-errors``: one process, the same report with
  F1's bootstrap intervals (the default), and with ``--no-intervals``, the numbers Dask gives;
- a script that starts a ``LocalCluster`` of N worker processes (one thread each), scores
  the shards with ``newsgold.dask.score`` and prints the report, with the number of lines
  the tasks parsed (each line once: the gold's and the predictions' line count, in one round:
  the first look at the gold's bytes read its inventories right).

The reports' numbers are checked equal to the command line's (every mode and type). Beside
wall time, the CPU time of the whole process tree (the client, the scheduler and the
workers, which the client waits for): on a machine that others load, the wall time says
little, and the load average is printed with each corpus.

    python benchmarks/bench_dask.py                       # 1M and 5M tokens, 3 rounds
    python benchmarks/bench_dask.py --tokens 1000000 --runs 5
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cli import ROOT, corpus

SHARDS = 8

DASK_SCRIPT = '''
import json, sys, resource
from distributed import Client, LocalCluster
import newsgold.dask

def rss(dask_worker=None):
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if __name__ == "__main__":
    workers, gold, pred = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            stats = {}
            report = newsgold.dask.score(gold=gold, predictions=pred, stats=stats, progress=False)
            stats["worker_rss"] = max(client.run(rss).values())
    print(json.dumps({"report": report, "stats": stats}))
'''


def timed(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of a process and the children it waited
    for, and its stdout."""
    with tempfile.TemporaryFile() as err:  # Dask logs much: a pipe left unread would fill
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
        out = proc.stdout.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read()[-2000:].decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def write(folder: Path, tokens: int, seed: int) -> int:
    """The corpus as one file a side and as shuffled and paired shards; returns its line count."""
    gold, pred = corpus(tokens, max(tokens // 25, 1), seed)
    lines = lambda records: "".join(json.dumps(r) + "\n" for r in records)  # noqa: E731
    (folder / "gold.jsonl").write_text(lines(gold), encoding="utf-8")
    (folder / "pred.jsonl").write_text(lines(pred), encoding="utf-8")
    for shape in ("shuffled", "paired"):
        (folder / shape).mkdir()
    order = list(range(len(pred)))
    random.Random(seed).shuffle(order)
    for k in range(SHARDS):
        part = lines(gold[k::SHARDS])
        (folder / "shuffled" / f"gold-{k:05d}.jsonl").write_text(part, encoding="utf-8")
        (folder / "paired" / f"gold-{k:05d}.jsonl").write_text(part, encoding="utf-8")
        (folder / "paired" / f"pred-{k:05d}.jsonl").write_text(lines(pred[k::SHARDS]), encoding="utf-8")
        # Other documents than gold-0000k's, in another order: each is routed to its partition.
        (folder / "shuffled" / f"pred-shuffled-{k:05d}.jsonl").write_text(
            lines(pred[i] for i in order[k::SHARDS]), encoding="utf-8"
        )
    return len(gold) + len(pred)


def numbers(section: object) -> object:
    """A report section without F1's intervals (every ``f1_interval``, of a mode or of a type)."""
    if isinstance(section, dict):
        return {k: numbers(v) for k, v in section.items() if k != "f1_interval"}
    if isinstance(section, list):
        return [numbers(v) for v in section]
    return section


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tokens", type=int, nargs="+", default=[1_000_000, 5_000_000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--write-to", help=argparse.SUPPRESS)  # internal: write the files and stop
    args = p.parse_args()
    if args.write_to:
        print(write(Path(args.write_to), args.tokens[0], args.seed))
        return 0
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    py = sys.executable
    for tokens in args.tokens:
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            # Written by a process of its own: a child's peak RSS starts from its parent's size.
            n_lines = int(subprocess.run([py, __file__, "--write-to", name, "--tokens", str(tokens), "--seed",
                                          str(args.seed)], capture_output=True, text=True, check=True).stdout)
            (tmp / "dask_score.py").write_text(DASK_SCRIPT, encoding="utf-8")
            cli = [py, "-m", "newsgold", "score", str(tmp / "pred.jsonl"), "--gold", str(tmp / "gold.jsonl"), "--json",
                   "--no-errors"]
            commands = {"newsgold score --json --no-errors (one process)": cli,
                        "newsgold score --json --no-errors --no-intervals (one process)": [*cli, "--no-intervals"]}
            for shape, pred in (("shuffled", "pred-shuffled-*.jsonl"), ("paired", "pred-*.jsonl")):
                for workers in (1, 2):
                    commands[f"newsgold.dask, {shape} shards, {workers} worker{'s' * (workers > 1)}"] = [
                        py, str(tmp / "dask_score.py"), str(workers),
                        str(tmp / shape / "gold-*.jsonl"), str(tmp / shape / pred)]
            times = {k: [] for k in commands}
            cpu = {k: [] for k in commands}
            rss = {k: [] for k in commands}
            worker = {k: [] for k in commands}
            outs: dict[str, str] = {}
            load = os.getloadavg()[0]
            for _ in range(args.runs):
                for k, cmd in commands.items():
                    wall, seconds, peak, out = timed(cmd)
                    times[k].append(wall)
                    cpu[k].append(seconds)
                    outs[k] = out
                    of_worker = json.loads(out).get("stats", {}).get("worker_rss")
                    rss[k].append(max(peak, of_worker or 0))
                    worker[k].append(of_worker)
            names = list(commands)
            one = json.loads(outs[names[1]])  # the numbers without intervals, as Dask reports them
            print(f"\n{tokens:,} tokens ({n_lines:,} lines; {SHARDS} + {SHARDS} shard files for Dask); "
                  f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
            print("| command | median time (s) | runs (s) | CPU (s) | peak RSS (MiB) | a worker's peak RSS (MiB) "
                  "| one process / this | without intervals / this | lines parsed |")
            print("|---|---|---|---|---|---|---|---|---|")
            ref, lean = (statistics.median(times[k]) for k in names[:2])
            for k in commands:
                got = json.loads(outs[k])
                report, stats = got.get("report", got), got.get("stats", {})
                for key in ("entities", "timex", "events", "documents"):
                    assert numbers(report.get(key)) == one.get(key), (k, key)  # every mode and type
                if stats:
                    assert stats["lines_parsed"] == n_lines and stats["rounds"] == 1, stats  # each line once
                med = statistics.median(times[k])
                runs = ", ".join(f"{t:.2f}" for t in times[k])
                of_worker = f"{statistics.median(worker[k]):.0f}" if stats else "-"
                print(f"| {k} | {med:.2f} | {runs} | {statistics.median(cpu[k]):.2f} | {statistics.median(rss[k]):.0f} "
                      f"| {of_worker} | {ref / med:.2f}x | {lean / med:.2f}x | {stats.get('lines_parsed', '-')} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
