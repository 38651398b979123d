"""Write the response of tests/conformance/coref/tools/ as a CorefUD CoNLL-U file, with udapi.

Run from the repository root, with udapi installed (``pip install udapi``; it is not a
dependency of newsgold): ``python tests/conformance/coref/corefud/make_corefud.py``. udapi's
own code builds the CorefUD document (one tree a sentence of the frozen article, the canonical
tokens as words, one coreference entity a cluster, its mentions by their words) and writes
the ``Entity=`` MISC attributes (``Document.store_conllu``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "eval"))

from newsgold.gold.sources import load_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent


def main() -> None:
    from udapi.core.document import Document as UdDocument  # here: the test run collects this file without udapi

    [(doc, _)] = list(load_corpus(ROOT / "tests" / "cases" / "frozen"))
    clusters = json.loads((HERE.parent / "tools" / "fastcoref.jsonl").read_text(encoding="utf-8"))["clusters"]
    ud = UdDocument()
    nodes = []  # (start, end, node) of every word
    for k, sentence in enumerate(doc.sentences):
        bundle = ud.create_bundle()
        root = bundle.create_tree()
        root.sent_id = f"s{k + 1}"
        if k == 0:
            root.newdoc = doc.doc_id
        words = [t for t in doc.tokens if sentence.start <= t.start < sentence.end]
        root.text = doc.text[sentence.start : sentence.end]
        for n, t in enumerate(words):
            node = root.create_child(form=doc.text[t.start : t.end])
            if n + 1 < len(words) and words[n + 1].start == t.end:
                node.misc["SpaceAfter"] = "No"
            nodes.append((t.start, t.end, node))
    for cluster in clusters:
        entity = ud.create_coref_entity()
        for start, end in cluster:
            words = [node for s, e, node in nodes if start <= s and e <= end]
            entity.create_mention(words=words, head=words[-1])
    ud.store_conllu(str(HERE / "response.conllu"))


if __name__ == "__main__":
    main()
