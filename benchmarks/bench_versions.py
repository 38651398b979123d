"""Before and after: the same user commands on two versions of the package, in alternating rounds.

A change that reshapes the core must not make the user's commands slower. This script takes
an earlier commit's package (``git archive`` into a temporary folder, never a checkout of the
working tree), writes bench_cli.py's synthetic files once (the 40,000-document corpus, its
dense predictions and the 100,000-event corpus), and runs each command under both versions
once per round, the versions alternating, then prints medians of wall time and peak RSS and
the after/before ratio. Both versions must print the same report and write the same bytes
with ``-o`` (checked every round), unless ``--reports-may-differ`` says the output changed on
purpose between them.

    python benchmarks/bench_versions.py c68002b            # 5 rounds
    python benchmarks/bench_versions.py HEAD~3 --runs 3 --tokens 200000
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cli import ROOT, timed


def package_at(ref: str, folder: Path) -> Path:
    """The package of commit ``ref``, unpacked under ``folder``; returns its source root."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref, "eval/newsgold"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    compileall.compile_dir(str(folder / "eval" / "newsgold"), quiet=1)
    return folder / "eval"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("ref", help="the earlier commit (the 'before')")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--tokens", type=int, default=1_000_000)
    p.add_argument("--docs", type=int, default=40_000)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--reports-may-differ", action="store_true",
                   help="the versions print different reports on purpose (a change of output between them)")
    p.add_argument("--before-without-intervals", action="store_true",
                   help="the earlier version predates intervals (no --no-intervals flag): compare only the runs "
                        "without them, the flag left out of its command lines")
    args = p.parse_args()
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_cli.py"), "--write-to", tmp_name, "--quick",
                        "--tokens", str(args.tokens), "--docs", str(args.docs), "--events", str(args.events)], check=True)
        sources = {"before": package_at(args.ref, tmp / "before"), "after": ROOT / "eval"}
        for source in sources.values():  # each version's own package, not an installed one
            env = {**os.environ, "PYTHONPATH": str(source)}
            found = subprocess.run([sys.executable, "-c", "import newsgold; print(newsgold.__file__)"], env=env,
                                   capture_output=True, text=True, check=True).stdout.strip()
            assert Path(found).is_relative_to(source), (source, found)
        entities = ["score", str(tmp / "pred-a.jsonl"), "--gold", str(tmp / "gold-a.jsonl")]
        dense = ["score", str(tmp / "pred-dense.jsonl"), "--gold", str(tmp / "gold-a.jsonl"), "--no-intervals"]
        events = ["score", str(tmp / "pred-events.jsonl"), "--gold", str(tmp / "gold-events.jsonl"), "--layers", "events"]
        commands = {  # the default run draws intervals; --no-intervals shows what they cost
            f"score ({args.docs:,} documents, default modes)": entities,
            f"score --no-intervals ({args.docs:,} documents)": [*entities, "--no-intervals"],
            f"score --no-intervals ({args.docs:,} documents, dense predictions)": dense,
            f"score --json -o --no-intervals ({args.docs:,} documents, dense predictions)": [
                *dense, "--json", "-o", str(tmp / "dense-VERSION.json")],
            f"score --layers events ({args.events:,} events)": events,
            f"score --layers events --json -o ({args.events:,} events)": [
                *events, "--json", "-o", str(tmp / "events-VERSION.json")],
            f"score --layers events --json -o --no-intervals ({args.events:,} events)": [
                *events, "--json", "-o", str(tmp / "events-VERSION.json"), "--no-intervals"],
        }
        if args.before_without_intervals:
            commands = {name: cmd for name, cmd in commands.items() if "--no-intervals" in cmd}
        times = {(c, v): [] for c in commands for v in sources}
        rss = {(c, v): [] for c in commands for v in sources}
        first: dict[str, str] = {}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                for version, source in sources.items():
                    env = {**os.environ, "PYTHONPATH": str(source)}
                    if version == "before" and args.before_without_intervals:
                        argv = [a for a in cmd if a != "--no-intervals"]
                    else:
                        argv = cmd
                    argv = [a.replace("VERSION", version) for a in argv]  # each version's own -o file
                    wall, peak, out = timed([sys.executable, "-m", "newsgold", *argv], ROOT, env=env)
                    times[name, version].append(wall)
                    rss[name, version].append(peak)
                    if first.setdefault(name, out) != out and not args.reports_may_differ:
                        raise SystemExit(f"{name}: the two versions print different reports (--reports-may-differ)")
                written = [Path(a.replace("VERSION", v)) for a in cmd if "VERSION" in a for v in sources]
                # Compared a block at a time: a forked child's peak RSS starts from this process's peak.
                if written and not filecmp.cmp(*written, shallow=False) and not args.reports_may_differ:
                    raise SystemExit(f"{name}: the two versions write different files (--reports-may-differ)")
        print(f"\nbefore = {args.ref}, after = the working tree; {args.runs} alternating rounds")
        print("| command | before (s) | after (s) | after / before | before RSS (MiB) | after RSS (MiB) |")
        print("|---|---|---|---|---|---|")
        for name in commands:
            b, a = statistics.median(times[name, "before"]), statistics.median(times[name, "after"])
            rb, ra = statistics.median(rss[name, "before"]), statistics.median(rss[name, "after"])
            print(f"| {name} | {b:.2f} | {a:.2f} | {a / b:.3f} | {rb:.0f} | {ra:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
