"""Re-run every leaderboard entry from nothing and fail when a committed prediction file differs.

Each ``submissions/<system>/run.sh OUTPUT`` builds its own pinned environment (a virtual
environment from hash-pinned requirements, or ``npm ci`` from a lock file) in a temporary
folder and writes canonical JSON Lines; this script runs them one at a time (each installs
tens of megabytes) and compares the output with the committed ``predictions.jsonl`` byte for
byte. Exit 0 when every entry reproduces, 1 when one differs or fails.

Not part of the test suite (it downloads every environment); run it with the project's
environment before changing an entry or a pin: ``python scripts/rerun_submissions.py [SYSTEM ...]``
(the Python entries build theirs with CPython 3.11, ``python3.11`` or ``$PYTHON``; the
NeuralCoref entry with CPython 3.7, ``python3.7`` or ``$PYTHON37``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rerun(folder: Path, scratch: Path) -> tuple[bool, str]:
    """Whether the entry in ``folder`` reproduces its committed predictions, and what happened."""
    script = folder / "run.sh"
    if not script.exists():
        return False, "no run.sh: the entry cannot be re-run"
    out = scratch / f"{folder.name}.jsonl"
    started = time.monotonic()
    env = {**os.environ, "NEWSGOLD_PYTHON": sys.executable}  # the bundled baseline runs in this environment
    done = subprocess.run(["sh", str(script), str(out)], capture_output=True, text=True, env=env, check=False)
    took = f"{time.monotonic() - started:.0f} s"
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        return False, f"run.sh failed (exit {done.returncode}, {took}):\n{tail}"
    committed = (folder / "predictions.jsonl").read_bytes()
    fresh = out.read_bytes()
    if fresh != committed:
        return False, f"differs from the committed predictions.jsonl ({len(fresh)} vs {len(committed)} bytes, {took}); the re-run is {out}"
    return True, f"identical ({len(fresh)} bytes, {took})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("systems", nargs="*", help="folder names under submissions/ (default: every entry)")
    args = parser.parse_args()
    folders = sorted(p for p in (ROOT / "submissions").iterdir() if p.is_dir())
    if args.systems:
        unknown = sorted(set(args.systems) - {p.name for p in folders})
        if unknown:
            parser.error(f"no entry {', '.join(unknown)} under submissions/")
        folders = [p for p in folders if p.name in args.systems]
    failed = 0
    scratch = Path(tempfile.mkdtemp(prefix="newsgold-rerun-"))
    for folder in folders:
        ok, what = rerun(folder, scratch)
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {folder.name}: {what}", flush=True)
    print(f"{len(folders) - failed} reproduced, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
