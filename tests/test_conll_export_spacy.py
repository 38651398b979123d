"""newsgold's CoNLL export is read by spaCy's own converter (`spacy convert -c ner`) with
exactly the gold's entities, document by document, and scores back against the gold perfectly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.conll_gold import load_gold_conll
from newsgold.gold.sources import load_corpus
from newsgold.outputs.export import conll_text

from tests.conftest import FROZEN


def spacy_convert(conll: Path, out: Path) -> list[list[tuple[str, list[str]]]]:
    """Per document, the (label, words) of each entity that `spacy convert -c ner` finds."""
    tokens = pytest.importorskip("spacy.tokens")
    out.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(conll), str(out), "--converter", "ner"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    import spacy

    docs = tokens.DocBin().from_disk(out / f"{conll.stem}.spacy").get_docs(spacy.blank("xx").vocab)
    return [[(e.label_, [t.text for t in e]) for e in doc.ents] for doc in docs]


def expected(corpus) -> list[list[tuple[str, list[str]]]]:
    """Per document, each gold entity's type and the canonical tokens it covers."""
    out = []
    for doc, gold in corpus:
        rows = []
        for e in sorted(gold.entities, key=lambda e: (e.span.start, e.span.end)):
            rows.append((e.type, [doc.text[t.start : t.end] for t in doc.tokens if e.span.start < t.end and t.start < e.span.end]))
        out.append(rows)
    return out


def test_the_bundled_gold_exported_as_conll_reads_in_spacy_with_its_entities(tmp_path: Path) -> None:
    assert main(["export", "--root", str(FROZEN), "--format", "conll", "-o", str(tmp_path / "export")]) == 0
    found = spacy_convert(tmp_path / "export" / "gold.conll", tmp_path / "spacy")
    corpus = load_corpus(FROZEN)
    assert found == expected(corpus)
    assert sum(map(len, found)) == sum(len(g.entities) for _, g in corpus)


def test_several_documents_keep_their_entities_and_score_back_perfectly(tmp_path: Path) -> None:
    gold = tmp_path / "gold.conll"
    gold.write_text(
        "-DOCSTART- b-doc\n\nRaul B-PER\nCastro I-PER\nspoke O\n\nin O\nHavana B-GPE\n\n"
        "-DOCSTART- a-doc\n\nThe O\nUnited B-GPE\nStates I-GPE\nand O\nCuba B-GPE\n\n"
        "-DOCSTART- c-doc\n\nNothing O\nhere O\n",
        encoding="utf-8",
    )
    corpus = load_gold_conll(gold)
    exported = tmp_path / "exported.conll"
    exported.write_text(conll_text(corpus) + "\n", encoding="utf-8")
    assert spacy_convert(exported, tmp_path / "spacy") == expected(corpus)
    out = tmp_path / "report.json"
    assert main(["score", str(exported), "--gold", str(gold), "--json", "-o", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    for mode in ("strict", "token_conlleval", "token_iob2"):
        assert report["entities"][mode]["overall"]["f1"] == 1.0
        assert report["entities"][mode]["overall"]["tp"] == 4
