#!/bin/sh
# Rebuilds predictions.jsonl with the bundled rule baseline (offline, deterministic): entities,
# events and coreference clusters. Runs in the project's own environment: NEWSGOLD_PYTHON names
# its python (default: python3), and scripts/rerun_submissions.py sets it to the python that
# runs the script. The output is written in a temporary folder first (newsgold writes nothing
# inside submissions/), then moved into place.
# Usage: run.sh [OUTPUT] (default: predictions.jsonl here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/predictions.jsonl}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
PYTHONPATH="$root/eval${PYTHONPATH:+:$PYTHONPATH}" "${NEWSGOLD_PYTHON:-python3}" -c 'import sys; from newsgold.cli import main; sys.exit(main(sys.argv[1:]))' \
    run --root "$root" baseline -o "$scratch/predictions.jsonl"
mv "$scratch/predictions.jsonl" "$out"
