#!/bin/sh
# Rebuilds predictions.jsonl with the bundled rule baseline (offline, deterministic). Runs in
# the project's own environment (the one `pip install -e .` made; set PYTHON to its python).
# Usage: run.sh [OUTPUT] (default: predictions.jsonl here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/predictions.jsonl}
rm -f "$out.tmp"
PYTHONPATH="$root/eval${PYTHONPATH:+:$PYTHONPATH}" "${PYTHON:-python3}" -c 'import sys; from newsgold.cli import main; sys.exit(main(sys.argv[1:]))' \
    run --root "$root" baseline -o "$out.tmp" 2>/dev/null
mv "$out.tmp" "$out"
