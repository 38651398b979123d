"""The distributed path against one process: ``newsgold.dask`` with 1 and 2 workers.

Writes bench_cli.py's synthetic corpus (1M and 5M tokens, 25 tokens a document) as one gold
file and one predictions file for the command line, and as 8 + 8 shard files twice: shuffled
(the predictions shards hold other documents than the gold shard of the same number, so
every document is routed by its doc_id) and paired (``gold-0000k.jsonl`` beside
``pred-0000k.jsonl``: no routing). Then times whole processes in alternating rounds, medians
with peak RSS (the largest process of the run: for Dask, the client's or one worker's):

- ``newsgold score PRED --gold GOLD --json --no-errors``: one process, the same report;
- a script that starts a ``LocalCluster`` of N worker processes (one thread each), scores
  the shards with ``newsgold.dask.score`` and prints the report, with the number of lines
  the tasks parsed (each line once: the gold's and the predictions' line count).

The reports' numbers are checked equal to the command line's (every mode and type).

    python benchmarks/bench_dask.py                       # 1M and 5M tokens, 3 rounds
    python benchmarks/bench_dask.py --tokens 1000000 --runs 5
"""

from __future__ import annotations

import argparse
import compileall
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cli import ROOT, corpus, timed

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
            commands = {"newsgold score --json --no-errors (one process)": [py, "-m", "newsgold", "score",
                        str(tmp / "pred.jsonl"), "--gold", str(tmp / "gold.jsonl"), "--json", "--no-errors"]}
            for shape, pred in (("shuffled", "pred-shuffled-*.jsonl"), ("paired", "pred-*.jsonl")):
                for workers in (1, 2):
                    commands[f"newsgold.dask, {shape} shards, {workers} worker{'s' * (workers > 1)}"] = [
                        py, str(tmp / "dask_score.py"), str(workers),
                        str(tmp / shape / "gold-*.jsonl"), str(tmp / shape / pred)]
            times = {k: [] for k in commands}
            rss = {k: [] for k in commands}
            outs: dict[str, str] = {}
            for _ in range(args.runs):
                for k, cmd in commands.items():
                    wall, peak, out = timed(cmd, ROOT)
                    times[k].append(wall)
                    outs[k] = out
                    rss[k].append(max(peak, json.loads(out).get("stats", {}).get("worker_rss", 0)))
            one = json.loads(outs[next(iter(commands))])
            print(f"\n{tokens:,} tokens ({n_lines:,} lines; {SHARDS} + {SHARDS} shard files for Dask)")
            print("| command | median time (s) | runs (s) | peak RSS (MiB) | one process / this | lines parsed |")
            print("|---|---|---|---|---|---|")
            ref = statistics.median(times[next(iter(commands))])
            for k in commands:
                got = json.loads(outs[k])
                report, stats = got.get("report", got), got.get("stats", {})
                for key in ("entities", "documents"):
                    assert report[key] == one[key], (k, key)
                if stats:
                    assert stats["lines_parsed"] == n_lines, stats  # each line once
                med = statistics.median(times[k])
                runs = ", ".join(f"{t:.2f}" for t in times[k])
                print(f"| {k} | {med:.2f} | {runs} | {statistics.median(rss[k]):.0f} | {ref / med:.2f}x "
                      f"| {stats.get('lines_parsed', '-')} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
