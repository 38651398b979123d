"""newsgold.tags against seqeval 1.2.2: whole processes that read a corpus and print the
classification report, in the default (conlleval) mode and in strict IOB2 mode.

A seeded synthetic corpus (1,000,000 tokens in 40,000 sentences; about 80% O; PER, ORG,
LOC, MISC and DATE chunks of 1 to 4 tokens) and a noisy tagger's output derived from it
(chunks dropped, retyped, cut short or stretched, started with I-, switching type inside,
and spurious ones) are written as two CoNLL-style files ("token tag" rows, a blank line
after each sentence) to a temporary folder.

Each run is a fresh process (``python score.py``) that reads both files, imports the scorer,
calls ``classification_report`` once and writes the report. A third process, "reading
only", is the same script without a scorer: what every scorer's process pays before and
after scoring (reading the files, and freeing their 2M tag strings at exit), so what the
ratio of whole processes can reach at best. The three alternate, in turn forward and
backward; each gets the same number of runs. Reported per scorer and mode, as medians over
the runs:

- process: wall-clock seconds of the whole process (interpreter start, imports, reading,
  scoring, writing), timed by this script around it;
- peak RSS: the process's maximum resident set size, from ``os.wait4``;
- in-memory: seconds of the ``classification_report`` call alone, timed inside the process.

The script fails unless both scorers wrote the same report, character for character.

    python benchmarks/bench_tags.py                  # 1M tokens, 5 runs of each
    python benchmarks/bench_tags.py --tokens 100000 --runs 1   # a quick check
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

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["PER", "ORG", "LOC", "MISC", "DATE"]
TYPE_WEIGHTS = [30, 25, 25, 12, 8]

SCORER = r'''
import json, sys, time

def read(path):
    sentences, sentence = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line == "\n":
                sentences.append(sentence)
                sentence = []
            else:
                sentence.append(line.split(" ", 1)[1][:-1])
    return sentences

tool, mode, gold_path, pred_path, out_path = sys.argv[1:]
start = time.perf_counter()
y_true, y_pred = read(gold_path), read(pred_path)
read_s = time.perf_counter() - start
if tool == "newsgold":
    from newsgold.tags import IOB2, classification_report
elif tool == "seqeval":
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2
else:  # "reading only": the same process without a scorer, the floor of every scorer's
    IOB2, classification_report = None, lambda *args, **kwargs: ""
kwargs = {"mode": "strict", "scheme": IOB2} if mode == "strict" else {}
start = time.perf_counter()
report = classification_report(y_true, y_pred, digits=4, **kwargs)
score_s = time.perf_counter() - start
with open(out_path, "w", encoding="utf-8") as f:
    f.write(report)
print(json.dumps({"read_s": read_s, "score_s": score_s}))
'''


def make_corpus(tokens: int, sentences: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Gold IOB2 sentences and a noisy tagger's predictions for them."""
    rng = random.Random(seed)
    lengths = [tokens // sentences] * sentences
    for i in range(tokens - sum(lengths)):
        lengths[i % sentences] += 1
    for i in range(0, sentences - 1, 2):  # vary lengths, keeping the total
        d = rng.randint(-min(lengths[i], lengths[i + 1]) + 3, 15)
        d = max(-lengths[i] + 3, min(d, lengths[i + 1] - 3))
        lengths[i] += d
        lengths[i + 1] -= d
    gold, pred = [], []
    for n in lengths:
        g = ["O"] * n
        p = ["O"] * n
        i = 0
        while i < n:
            if rng.random() < 0.14:
                size = min(rng.choices([1, 2, 3, 4], [45, 35, 15, 5])[0], n - i)
                kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
                g[i:i + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
                noise = rng.random()
                if noise < 0.78:  # found as is
                    p[i:i + size] = g[i:i + size]
                elif noise < 0.84:  # missed
                    pass
                elif noise < 0.89:  # wrong type
                    other = rng.choice([t for t in TYPES if t != kind])
                    p[i:i + size] = [f"B-{other}"] + [f"I-{other}"] * (size - 1)
                elif noise < 0.93:  # cut short or stretched by one token
                    stop = i + size + (1 if i + size < n and rng.random() < 0.5 else -1)
                    stop = max(stop, i + 1)
                    p[i:stop] = [f"B-{kind}"] + [f"I-{kind}"] * (stop - i - 1)
                elif noise < 0.97:  # ill-formed: starts with I-
                    p[i:i + size] = [f"I-{kind}"] * size
                else:  # ill-formed: switches type inside
                    other = rng.choice([t for t in TYPES if t != kind])
                    p[i:i + size] = [f"B-{kind}"] + [f"I-{other}"] * (size - 1)
                i += size + 1
            else:
                if rng.random() < 0.004:  # spurious chunk
                    p[i] = f"B-{rng.choices(TYPES, TYPE_WEIGHTS)[0]}"
                i += 1
        gold.append(g)
        pred.append(p)
    return gold, pred


def write_conll(path: Path, sentences: list[list[str]], seed: int) -> None:
    rng = random.Random(seed)
    words = [f"w{k}" for k in range(5000)]
    with open(path, "w", encoding="utf-8") as f:
        for sentence in sentences:
            f.writelines(f"{rng.choice(words)} {tag}\n" for tag in sentence)
            f.write("\n")


def run(tool: str, mode: str, folder: Path, out: Path) -> dict[str, float]:
    """One whole process: wall-clock, peak RSS and what the process timed itself."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "eval"), os.environ.get("PYTHONPATH")])))
    args = [sys.executable, str(folder / "score.py"), tool, mode, str(folder / "gold.conll"), str(folder / "pred.conll"), str(out)]
    with open(folder / "stdout", "w+") as stdout, open(folder / "stderr", "w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=stdout, stderr=stderr, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            stderr.seek(0)
            sys.exit(f"{tool} {mode} failed:\n{stderr.read()}")
        stdout.seek(0)
        timed = json.loads(stdout.read())
    return {"process_s": wall, "rss_mib": usage.ru_maxrss / 1024, **timed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--sentences", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each scorer in each mode")
    parser.add_argument("--seed", type=int, default=20240611)
    args = parser.parse_args()
    # Bytecode first, as an installed package has it: no timed process pays to compile the
    # package (PYTHONDONTWRITEBYTECODE, or an edited module, would make every run do it).
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)

    gold, pred = make_corpus(args.tokens, args.sentences, args.seed)
    n = sum(map(len, gold))
    outside = sum(t == "O" for s in gold for t in s) / n
    ill_formed = sum(t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]) for s in pred for prev, t in zip(["O", *s], s))
    print(f"corpus: {n:,} tokens, {len(gold):,} sentences, {outside:.1%} O in gold, "
          f"{sum(t.startswith('B-') for s in gold for t in s):,} gold chunks, "
          f"{ill_formed:,} predicted I- tags that start a chunk or switch type")
    with tempfile.TemporaryDirectory(prefix="bench_tags_") as tmp:
        folder = Path(tmp)
        (folder / "score.py").write_text(SCORER, encoding="utf-8")
        write_conll(folder / "gold.conll", gold, args.seed + 1)
        write_conll(folder / "pred.conll", pred, args.seed + 1)
        del gold, pred
        results: dict[tuple[str, str], list[dict[str, float]]] = {}
        for mode in ("default", "strict"):
            reports: dict[str, set[str]] = {"newsgold": set(), "seqeval": set(), "reading only": set()}
            for r in range(args.runs):
                order = ("newsgold", "seqeval", "reading only") if r % 2 == 0 else ("reading only", "seqeval", "newsgold")
                for tool in order:
                    out = folder / f"report-{tool.replace(' ', '-')}-{mode}.txt"
                    results.setdefault((mode, tool), []).append(run(tool, mode, folder, out))
                    reports[tool].add(out.read_text(encoding="utf-8"))
            if len(reports["newsgold"] | reports["seqeval"]) != 1:
                sys.exit(f"{mode}: the reports differ")
            print(f"{mode}: reports identical ({len(next(iter(reports['newsgold'])).splitlines())} lines)")

    print(f"\nmedians of {args.runs} runs each, alternating; process = whole python process, "
          "in-memory = the classification_report call alone")
    head = f"{'mode':8} {'scorer':12} {'process s':>10} {'peak RSS MiB':>13} {'in-memory s':>12} {'reading s':>10}"
    print(head)
    print("-" * len(head))
    med = {key: {k: statistics.median(r[k] for r in rows) for k in rows[0]} for key, rows in results.items()}
    for (mode, tool), m in med.items():
        print(f"{mode:8} {tool:12} {m['process_s']:10.3f} {m['rss_mib']:13.1f} {m['score_s']:12.3f} {m['read_s']:10.3f}")
    print()
    for mode in ("default", "strict"):
        ours, theirs, floor = med[(mode, "newsgold")], med[(mode, "seqeval")], med[(mode, "reading only")]
        print(f"{mode:8} seqeval / newsgold: process {theirs['process_s'] / ours['process_s']:.1f}x "
              f"(a scorer that took no time: {theirs['process_s'] / floor['process_s']:.1f}x), "
              f"in-memory {theirs['score_s'] / ours['score_s']:.1f}x, "
              f"peak RSS {theirs['rss_mib'] / ours['rss_mib']:.1f}x")


if __name__ == "__main__":
    main()
