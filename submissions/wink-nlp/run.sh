#!/bin/sh
# Rebuilds predictions.jsonl from the npm registry alone: `npm ci` installs exactly what
# package-lock.json pins (versions and sha512 integrity) in a temporary folder,
# then extract.mjs runs over the corpus. Needs Node 20. Usage: run.sh [OUTPUT] (default: predictions.jsonl here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/predictions.jsonl}
work=$(mktemp -d)
trap 'rm -rf "$work" "$out.tmp"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/extract.mjs" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
node "$work/extract.mjs" "$root/corpus" > "$out.tmp"
mv "$out.tmp" "$out"
