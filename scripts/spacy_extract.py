"""Run a spaCy pipeline over every corpus document and print canonical JSON Lines.

Standalone on purpose: a leaderboard entry runs it inside its own pinned environment, which
holds spaCy (v2 or v3) and the model but not newsgold. One line per document, in doc_id
order, each entity as ``{"start", "end", "type", "text"}`` with spaCy's character offsets
(Python string indexes, so Unicode code points): the shape ``newsgold run spacy`` writes.

    python spacy_extract.py MODEL CORPUS_DIR [--folder-in PACKAGE]

MODEL is an installed pipeline package; with ``--folder-in PACKAGE`` it is a folder inside
the installed package PACKAGE, loaded by path (for a re-upload whose package loader is broken).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import spacy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--folder-in", metavar="PACKAGE")
    args = parser.parse_args()
    model = args.model
    if args.folder_in:
        spec = importlib.util.find_spec(args.folder_in)
        if spec is None or not spec.submodule_search_locations:
            parser.error(f"package {args.folder_in!r} is not installed")
        model = str(Path(next(iter(spec.submodule_search_locations))) / args.model)
    nlp = spacy.load(model)
    out = sys.stdout.buffer
    for path in sorted(args.corpus.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        entities = [{"start": e.start_char, "end": e.end_char, "type": e.label_, "text": e.text} for e in nlp(text).ents]
        out.write((json.dumps({"doc_id": path.stem, "entities": entities}, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
