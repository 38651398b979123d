"""Adversarial inputs: time should grow linearly with the input, never with its square.

Writes, for each shape, inputs of 3-4 sizes, then times whole ``newsgold score`` processes
from files in alternating rounds (each size once per round) and reports medians with each
process's peak RSS, and the time per unit of size (flat for a linear cost):

- ``wide``: k predictions that each cover nearly a document of 8,000 gold entities (the
  size is k; the overlapping pairs are k x 8,000, of which the matcher lists only those of
  the gold entities it searches from; from about 1,000 predictions on, the searches reach the
  overlap tiers' budget and the report carries an NG618 warning);
- ``text-only``: one text-only entity, ``"a"``, against n occurrences of it in one document;
- ``huge line``: one prediction line whose label is n characters long (the text report and
  its warnings print it);
- ``tiny documents``: n documents of one sentence and one entity each;
- ``nested``: k predictions nested one in the next, every one with its own bounds (so no two
  share a candidate list), over a gold of 3,000 one-word entities of 7 types: the overlap
  graph has about k x 1,500 pairs and the exact assignment walks it once per prediction
  (k^2 x 1,500); the overlap tiers' budget stops it from about 400 on (NG618).

    python benchmarks/bench_adversarial.py              # 3 rounds, every shape
    python benchmarks/bench_adversarial.py --runs 1 --shapes wide
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cli import ROOT

SHAPES = {
    "wide": (250, 500, 1000, 2000),
    "text-only": (15_000, 30_000, 60_000, 120_000),
    "huge line": (5_000_000, 10_000_000, 20_000_000, 40_000_000),
    "tiny documents": (10_000, 20_000, 40_000, 80_000),
    "nested": (100, 200, 400, 800),
}


def _line(record: dict) -> str:
    return json.dumps(record) + "\n"


def write(folder: Path, shape: str, n: int) -> list[str]:
    """The files of one input, and the arguments that score them."""
    gold, pred = folder / f"{shape}-{n}-gold.jsonl".replace(" ", "-"), folder / f"{shape}-{n}-pred.jsonl".replace(" ", "-")
    extra: list[str] = []
    if shape == "wide":
        words = [f"w{i % 97}" for i in range(8000)]
        text = " ".join(words)
        ents, pos = [], 0
        for w in words:
            ents.append({"start": pos, "end": pos + len(w), "type": "PER"})
            pos += len(w) + 1
        gold.write_text(_line({"doc_id": "d", "text": text, "sentences": [{"start": 0, "end": len(text)}], "entities": ents}))
        wide = [{"start": ents[i % 50]["start"], "end": ents[-1 - (i // 50) % 50]["end"], "type": "PER"} for i in range(n)]
        pred.write_text(_line({"doc_id": "d", "entities": wide}))
    elif shape == "text-only":
        text = " ".join(["a"] * n) + " ."
        gold.write_text(_line({"doc_id": "d", "text": text, "sentences": [{"start": 0, "end": len(text)}], "entities": []}))
        pred.write_text(_line({"doc_id": "d", "entities": [{"text": "a", "type": "PER"}]}))
        extra = ["--format", "text-only"]
    elif shape == "nested":
        text = " ".join(["x"] * 3000)
        ents = [{"start": 2 * i, "end": 2 * i + 1, "type": f"T{i % 7}"} for i in range(3000)]
        gold.write_text(_line({"doc_id": "d", "text": text, "sentences": [{"start": 0, "end": len(text)}], "entities": ents}))
        pred.write_text(_line({"doc_id": "d", "entities": [{"start": 2 * i, "end": len(text) - 2 * i, "type": "T1"} for i in range(n)]}))
    elif shape == "huge line":
        text = "Cuba and Havana."
        gold.write_text(_line({"doc_id": "d", "text": text, "sentences": [{"start": 0, "end": len(text)}],
                               "entities": [{"start": 0, "end": 4, "type": "GPE"}]}))
        pred.write_text(_line({"doc_id": "d", "entities": [{"start": 0, "end": 4, "type": "L" * n}]}))
    else:
        text = "Talks in Havana ."
        with gold.open("w") as g, pred.open("w") as p:
            for d in range(n):
                g.write(_line({"doc_id": f"d{d:07d}", "text": text, "sentences": [{"start": 0, "end": len(text)}],
                               "entities": [{"start": 9, "end": 15, "type": "GPE"}]}))
                p.write(_line({"doc_id": f"d{d:07d}", "entities": [{"start": 9, "end": 15, "type": "GPE" if d % 3 else "LOC"}]}))
    return [str(pred), "--gold", str(gold), *extra]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process. Its output is thrown away, not
    read: a report that prints a huge label is as large, and holding it here would raise the
    peak RSS every later child starts from."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="rounds; each size runs once per round (medians)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated: " + ", ".join(SHAPES))
    ap.add_argument("--write-to", help=argparse.SUPPRESS)  # internal: write the files and stop
    args = ap.parse_args()
    shapes = [s.strip() for s in args.shapes.split(",")]
    if args.write_to:
        for shape in shapes:
            for n in SHAPES[shape]:
                print(json.dumps(write(Path(args.write_to), shape, n)))
        return 0
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        # The files are written by a process of its own: a child's peak RSS starts from its
        # parent's size when it is forked.
        made = subprocess.run([py, __file__, "--write-to", tmp, "--shapes", ",".join(shapes)],
                              check=True, capture_output=True, text=True).stdout.splitlines()
        files = iter(json.loads(line) for line in made)
        commands = {(shape, n): [py, "-m", "newsgold", "score", *next(files)] for shape in shapes for n in SHAPES[shape]}
        times: dict[tuple[str, int], list[float]] = {k: [] for k in commands}
        rss: dict[tuple[str, int], list[float]] = {k: [] for k in commands}
        for _ in range(args.runs):
            for key, cmd in commands.items():
                wall, peak = timed(cmd)
                times[key].append(wall)
                rss[key].append(peak)
        print("| shape | size | input (bytes) | median time (s) | runs (s) | peak RSS (MiB) | time / size (µs) |")
        print("|---|---|---|---|---|---|---|")
        for (shape, n), cmd in commands.items():
            size = sum(Path(a).stat().st_size for a in cmd if a.endswith(".jsonl"))
            t = statistics.median(times[(shape, n)])
            runs = ", ".join(f"{x:.2f}" for x in times[(shape, n)])
            print(f"| {shape} | {n:,} | {size:,} | {t:.2f} | {runs} | {statistics.median(rss[(shape, n)]):.0f} | {t / n * 1e6:.2f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
