"""Write one system response to the frozen article in the shape each coreference tool writes.

Run from the repository root: ``python tests/conformance/coref/tools/make_outputs.py``. The
response is the frozen gold's entity clusters changed on purpose (a mention dropped here, two
clusters merged there, one split, mentions the gold lacks added), so every metric has
something to count; it is then written, unchanged, as each tool's code writes clusters:

- ``fastcoref.jsonl``: ``CorefResult.get_clusters(as_strings=False)`` of fastcoref/LingMess:
  lists of ``(start, end)`` code point pairs, end excluded, one list a cluster;
- ``maverick.jsonl``: the dict ``Maverick.predict`` returns: ``tokens`` (the flat word list),
  ``clusters_token_offsets`` (first and last token, included), ``clusters_char_offsets``
  (first and last character, included), ``clusters_token_text``;
- ``dygiepp.jsonl``: DyGIE++'s document line with ``sentences`` and ``predicted_clusters``
  (``[first, last]`` document token indices, last included);
- ``response.v4_conll`` and ``key.v4_conll``: CoNLL-2012 columns (document, part, word number,
  word, then ``-`` columns, the coreference column last), what the reference scorer reads.

Each line also carries ``doc_id``, the name newsgold matches on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "eval"))

from newsgold.gold.sources import load_corpus  # noqa: E402
from newsgold.readers.coref import gold_clusters  # noqa: E402

HERE = Path(__file__).resolve().parent


def response(key: list[list[tuple[int, int]]], free: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    out: list[list[tuple[int, int]]] = []
    for i, cluster in enumerate(key):
        c = list(cluster)
        if i % 5 == 0 and len(c) > 1:
            c = c[:-1]  # a mention missed
        if i % 4 == 1 and len(c) > 3:
            out.append(c[: len(c) // 2])  # a cluster split
            c = c[len(c) // 2 :]
        if i % 7 == 3 and out:
            out[-1] += c  # two clusters merged
            continue
        out.append(c)
    out += [[free[k], free[k + 1]] for k in range(0, min(len(free) - 1, 12), 4)]  # mentions the gold lacks
    out.append([free[-1]])
    return out


def conll(name: str, tokens: list[tuple[int, int]], text: str, clusters: list[list[tuple[int, int]]]) -> str:
    index = {s: k for k, (s, _) in enumerate(tokens)}
    ends = {e: k for k, (_, e) in enumerate(tokens)}
    cells: list[list[str]] = [[] for _ in tokens]
    for n, cluster in enumerate(clusters):
        for s, e in cluster:
            first, last = index[s], ends[e]
            if first == last:
                cells[first].append(f"({n})")
            else:
                cells[first].append(f"({n}")
                cells[last].append(f"{n})")
    lines = [f"#begin document ({name}); part 000"]
    for k, (s, e) in enumerate(tokens):
        lines.append("\t".join([name, "0", str(k), text[s:e], "-", "-", "|".join(cells[k]) or "-"]))
    return "\n".join([*lines, "", "#end document", ""])


def main() -> None:
    corpus = load_corpus(ROOT / "tests" / "cases" / "frozen")
    out = {name: [] for name in ("fastcoref", "maverick", "dygiepp")}
    key_conll, response_conll = [], []
    for doc, gold in corpus:
        key = [list(c) for c in gold_clusters(gold).entities]
        tokens = [(t.start, t.end) for t in doc.tokens]
        taken = {m for c in key for m in c}
        free = [t for t in tokens[5::23] if t not in taken and doc.text[t[0] : t[1]].isalpha()]
        clusters = response(key, free)
        first = {s: k for k, (s, _) in enumerate(tokens)}
        last = {e: k for k, (_, e) in enumerate(tokens)}
        words = [doc.text[s:e] for s, e in tokens]
        token_offsets = [[[first[s], last[e]] for s, e in c] for c in clusters]
        out["fastcoref"].append({"doc_id": doc.doc_id, "clusters": [[[s, e] for s, e in c] for c in clusters]})
        out["maverick"].append(
            {
                "doc_id": doc.doc_id,
                "tokens": words,
                "clusters_token_offsets": token_offsets,
                "clusters_char_offsets": [[[s, e - 1] for s, e in c] for c in clusters],
                "clusters_token_text": [[doc.text[s:e] for s, e in c] for c in clusters],
            }
        )
        sentences = [[doc.text[s:e] for s, e in tokens if sent.start <= s < sent.end] for sent in doc.sentences]
        assert sum(map(len, sentences)) == len(tokens)
        out["dygiepp"].append(
            {"doc_key": doc.doc_id, "dataset": "newsgold", "sentences": sentences, "predicted_clusters": token_offsets}
        )
        key_conll.append(conll(doc.doc_id, tokens, doc.text, key))
        response_conll.append(conll(doc.doc_id, tokens, doc.text, clusters))
    for name, lines in out.items():
        (HERE / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    (HERE / "key.v4_conll").write_text("".join(key_conll), "utf-8")
    (HERE / "response.v4_conll").write_text("".join(response_conll), "utf-8")


if __name__ == "__main__":
    main()
