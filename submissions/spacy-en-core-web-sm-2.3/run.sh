#!/bin/sh
# Rebuilds predictions.jsonl from PyPI alone: a fresh virtual environment in a temporary folder
# with every package pinned by version and sha256 (requirements.txt, wheels for CPython 3.11 on
# x86-64 Linux), then spaCy v2 over the corpus (the pipeline is loaded from its folder inside the
# package: spaCy v2 looks a package name up among installed distributions, and this one is
# installed as dataqa-nlp-models). Usage: run.sh [OUTPUT] (default: predictions.jsonl here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/predictions.jsonl}
env=$(mktemp -d)
trap 'rm -rf "$env" "$out.tmp"' EXIT
"${PYTHON:-python3.11}" -m venv "$env"
"$env/bin/python" -m pip install --isolated --quiet --no-deps --only-binary :all: --require-hashes -r "$here/requirements.txt"
"$env/bin/python" "$root/scripts/spacy_extract.py" en_core_web_sm-2.3.1 --folder-in en_core_web_sm "$root/corpus" > "$out.tmp"
mv "$out.tmp" "$out"
