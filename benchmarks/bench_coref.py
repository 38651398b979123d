"""Coreference scoring as whole processes from files: the CoNLL-2012 reference scorer against newsgold.

Writes a seeded synthetic CoNLL-2012 key and response (documents of about 300 tokens, about
one mention in nine tokens, OntoNotes-like chains: no singletons in the key, sizes 2 and up
with a long tail; the response misses mentions, adds mentions the key lacks, splits and
merges chains), then runs, alternating, in fresh processes:

- ``perl scorer.pl all KEY RESPONSE none`` (the reference scorer v8.01, run from a checkout of
  github.com/conll/reference-coreference-scorers named by ``--scorer`` or by the variable
  ``NEWSGOLD_COREF_SCORER``, as in the tests; no copy of it is kept in this repository; every
  metric, totals only);
- ``newsgold score RESPONSE --gold KEY --json -o OUT`` (every metric, LEA too, per document
  and in total).

Each size gets ``--runs`` rounds; a round runs both scorers once, the Perl scorer first in
even rounds and newsgold first in odd ones, so that a drift in the machine's load falls on
both. It reports, per size, the medians over the rounds of wall time (per process and per
1,000 documents, to show growth in the corpus) and peak RSS (``os.wait4``), the range of the
per-round ratio, and the load average before and after; it checks, every round, that every
total the Perl scorer prints (recall and precision numerators and denominators of MUC,
B-cubed, CEAFm, CEAFe, the mentions and BLANC's two kinds of links) equals newsgold's:
denominators and integers exactly, sums of fractions to the 15 significant digits Perl prints.

    git clone https://github.com/conll/reference-coreference-scorers /tmp/reference-coreference-scorers
    export NEWSGOLD_COREF_SCORER=/tmp/reference-coreference-scorers
    python benchmarks/bench_coref.py                          # 1,000, 5,000 and 10,000 documents, 5 rounds
    python benchmarks/bench_coref.py --docs 200 --runs 2      # a quick check that it works
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chains(rng: random.Random, tokens: int) -> list[list[tuple[int, int]]]:
    """Non-overlapping mentions (1 to 4 tokens) grouped into chains of realistic sizes."""
    spans, t = [], rng.randrange(6)
    while t < tokens:
        length = rng.choice((1, 1, 1, 2, 2, 3, 4))
        if t + length > tokens:
            break
        spans.append((t, t + length - 1))
        t += length + rng.randrange(3, 14)
    rng.shuffle(spans)
    out = []
    while len(spans) >= 2:
        size = min(len(spans), 2 + int(rng.paretovariate(1.6)) - 1 + rng.choice((0, 0, 1)))
        out.append(sorted(spans[:size]))
        spans = spans[size:]
    return out


def respond(rng: random.Random, key: list[list[tuple[int, int]]], tokens: int) -> list[list[tuple[int, int]]]:
    """A system's chains: some mentions missed, some added, chains split and merged."""
    taken = {m for c in key for m in c}
    out: list[list[tuple[int, int]]] = []
    for chain in key:
        kept = [m for m in chain if rng.random() > 0.12]
        if len(kept) > 3 and rng.random() < 0.2:
            out.append(kept[: len(kept) // 2])
            kept = kept[len(kept) // 2 :]
        if out and rng.random() < 0.1:
            out[-1] += kept
        elif kept:
            out.append(kept)
    free = [(t, t) for t in range(tokens) if all(not (s <= t <= e) for s, e in taken)]
    extra = rng.sample(free, min(len(free), len(taken) // 6))
    for k in range(0, len(extra) - 1, 2):
        if rng.random() < 0.5 and out:
            rng.choice(out).append(extra[k])
        else:
            out.append([extra[k], extra[k + 1]])
    return [sorted(c) for c in out if c]


def write(path: Path, docs: list[tuple[str, int, list[list[tuple[int, int]]]]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for name, tokens, clusters in docs:
            cells: list[list[str]] = [[] for _ in range(tokens)]
            for n, chain in enumerate(clusters):
                for s, e in chain:
                    if s == e:
                        cells[s].append(f"({n})")
                    else:
                        cells[s].append(f"({n}")
                        cells[e].append(f"{n})")
            f.write(f"#begin document ({name}); part 000\n")
            for t in range(tokens):
                f.write(f"{name}\t0\t{t}\tw{t}\t-\t-\t{'|'.join(cells[t]) or '-'}\n")
                if t % 25 == 24:
                    f.write("\n")
            f.write("\n#end document\n")


def corpus(n: int, tokens: int, seed: int, folder: Path) -> tuple[Path, Path]:
    rng = random.Random(seed)
    keys, responses = [], []
    for d in range(n):
        size = max(30, int(rng.gauss(tokens, tokens / 3)))
        key = chains(rng, size)
        keys.append((f"doc{d:06d}", size, key))
        responses.append((f"doc{d:06d}", size, respond(rng, key, size)))
    key_path, response_path = folder / f"key-{n}.v4_gold_conll", folder / f"response-{n}.v4_conll"
    write(key_path, keys)
    write(response_path, responses)
    return key_path, response_path


def timed(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and standard output of one process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        assert child.stderr is not None
        err = child.stderr.read().decode()
        if child.returncode != 0:
            raise SystemExit(f"{argv[:2]} failed: {err[-2000:]}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read().decode()


RPF = re.compile(r"^(.*?): ?Recall: \((\S+) / (\S+)\).*?Precision: \((\S+) / (\S+)\)", re.M)


def perl_totals(stdout: str) -> dict[str, list[tuple[str, ...]]]:
    """What the scorer prints after each METRIC line: its total lines, by label."""
    out: dict[str, list[tuple[str, ...]]] = {}
    parts = re.split(r"^METRIC (\w+):$", stdout, flags=re.M)
    for metric, block in zip(parts[1::2], parts[2::2]):
        out[metric] = [m.groups() for m in RPF.finditer(block)]
    return out


def same(printed: str, ours: float, exact: bool) -> bool:
    return float(printed) == ours if exact else abs(float(printed) - ours) <= 1e-13 * max(1.0, abs(ours))


def check(perl: str, report_path: Path) -> int:
    """Every total the Perl scorer printed, compared with newsgold's report; returns how many."""
    metrics = json.loads(report_path.read_text(encoding="utf-8"))["coref"]["layers"]["entities"]["metrics"]
    names = {"muc": "muc", "bcub": "b_cubed", "ceafm": "ceafm", "ceafe": "ceafe"}
    compared = 0
    for metric, rows in perl_totals(perl).items():
        for label, rn, rd, pn, pd in rows:
            if label == "Identification of Mentions":
                ours = metrics["mentions"]
            elif label == "Coreference" and metric in names:
                ours = metrics[names[metric]]
            elif label == "Coreference links":
                ours = metrics["blanc"]["coref_links"]
            elif label == "Non-coreference links":
                ours = metrics["blanc"]["non_coref_links"]
            else:
                continue
            exact = metric in ("muc", "blanc") or label != "Coreference" or metric == "ceafm"
            ok = (
                int(rd) == ours["recall_den"]
                and int(pd) == ours["precision_den"]
                and same(rn, ours["recall_num"], exact)
                and same(pn, ours["precision_num"], exact)
            )
            if not ok:
                raise SystemExit(f"{metric} {label}: Perl {rn}/{rd} {pn}/{pd}, newsgold {ours}")
            compared += 1
    return compared


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, nargs="+", default=[1000, 5000, 10000])
    p.add_argument("--tokens", type=int, default=300, help="mean tokens per document (default 300)")
    p.add_argument("--runs", type=int, default=5, help="alternating rounds per size (default 5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scorer", type=Path, default=os.environ.get("NEWSGOLD_COREF_SCORER"),
                   help="a checkout of github.com/conll/reference-coreference-scorers "
                        "(default: the variable NEWSGOLD_COREF_SCORER)")
    args = p.parse_args()
    if args.scorer is None or not (Path(args.scorer) / "scorer.pl").is_file():
        p.error("name a checkout of github.com/conll/reference-coreference-scorers (the folder holding scorer.pl) "
                "with --scorer or NEWSGOLD_COREF_SCORER")
    scorer = Path(args.scorer) / "scorer.pl"
    # Bytecode first, as an installed package has it: no timed process pays to compile the package.
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.runs} rounds per size, "
          "alternating which scorer runs first; medians")
    print("| documents | mentions (key, response) | Perl scorer (s) | newsgold (s) | per 1,000 docs (Perl, newsgold) "
          "| Perl / newsgold (range over rounds) | Perl peak RSS (MiB) | newsgold peak RSS (MiB) | totals equal |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.docs:
            key, response = corpus(n, args.tokens, args.seed, folder)
            mentions = [sum(line.count("(") for line in path.open(encoding="utf-8")) for path in (key, response)]
            out = folder / f"report-{n}.json"
            commands = {
                "perl": ["perl", str(scorer), "all", str(key), str(response), "none"],
                "newsgold": [sys.executable, "-m", "newsgold", "score", str(response), "--gold", str(key), "--json",
                             "-o", str(out)],
            }
            runs: dict[str, list[tuple[float, float, str]]] = {"perl": [], "newsgold": []}
            compared = 0
            for r in range(args.runs):
                for tool in ("perl", "newsgold") if r % 2 == 0 else ("newsgold", "perl"):
                    runs[tool].append(timed(commands[tool]))
                compared = check(runs["perl"][-1][2], out)  # every round's figures, not only the first
                out.unlink()
            perl_s = statistics.median(t for t, _, _ in runs["perl"])
            ours_s = statistics.median(t for t, _, _ in runs["newsgold"])
            ratios = [a[0] / b[0] for a, b in zip(runs["perl"], runs["newsgold"])]
            print(f"| {n:,} | {mentions[0]:,}, {mentions[1]:,} | {perl_s:.1f} | {ours_s:.2f} "
                  f"| {1000 * perl_s / n:.2f}, {1000 * ours_s / n:.3f} "
                  f"| {perl_s / ours_s:.1f}x ({min(ratios):.1f}x to {max(ratios):.1f}x) "
                  f"| {statistics.median(m for _, m, _ in runs['perl']):.0f} "
                  f"| {statistics.median(m for _, m, _ in runs['newsgold']):.0f} "
                  f"| {compared} of {compared}, every round |", flush=True)
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
