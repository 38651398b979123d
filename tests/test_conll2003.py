"""CoNLL-2003's own layout reads and scores: the `-DOCSTART- -X- -X- O` row opens a document
without an id (it was taken as the id '-X-': NG201 as gold, NG602 as predictions), four columns,
IOB1 tags; the numbers equal seqeval's on the same tag sequences."""

from __future__ import annotations

import json

import pytest
from newsgold.cli import main
from newsgold.gold.conll_gold import load_gold_conll

from tests.conftest import ROOT

FILES = ROOT / "tests" / "conformance" / "conll2003"


def sentences(path) -> list[list[str]]:
    """The named-entity tags of each sentence, as seqeval takes them (the -DOCSTART- rows left out)."""
    out: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if out[-1]:
                out.append([])
            continue
        out[-1].append(cols[-1])
    return [s for s in out if s]


def test_the_gold_numbers_its_documents_and_reads_iob1_chunks() -> None:
    corpus = load_gold_conll(FILES / "gold.conll")
    assert [d.doc_id for d, _ in corpus] == ["doc-1", "doc-2"]
    assert [[(e.text, e.type) for e in g.entities] for _, g in corpus] == [
        [("Ana Lima", "PER"), ("Bo", "PER"), ("Quito", "LOC"), ("Andes", "LOC"), ("Trade Board", "ORG")],
        [("Acme Corp", "ORG"), ("Dora Diaz", "PER"), ("Peru", "LOC")],
    ]


def test_predictions_score_against_it_as_seqeval_scores_the_tags(capsys) -> None:
    seqeval = pytest.importorskip("seqeval.metrics")
    assert main(["score", str(FILES / "pred.conll"), "--gold", str(FILES / "gold.conll"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    y_true, y_pred = sentences(FILES / "gold.conll"), sentences(FILES / "pred.conll")
    expected = seqeval.f1_score(y_true, y_pred)
    assert report["entities"]["token_conlleval"]["overall"]["f1"] == pytest.approx(expected, abs=1e-12)
    assert report["entities"]["strict"]["overall"]["f1"] == pytest.approx(expected, abs=1e-12)
    assert 0 < expected < 1
