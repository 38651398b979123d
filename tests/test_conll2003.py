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


# The document rows of the CoNLL shared tasks' own files: each a row of placeholders, no id.
DOCSTART_ROWS = {
    "English CoNLL-2003": "-DOCSTART- -X- -X- O",
    "German CoNLL-2003": "-DOCSTART- -X- -X- -X- O",
    "Spanish CoNLL-2002": "-DOCSTART- O",
    "Dutch CoNLL-2002": "-DOCSTART- -DOCSTART- O",
    "Label Studio's CONLL2003 export": "-DOCSTART- -X- O",
}


def _columns(row: str, rows: list[tuple[str, str]]) -> str:
    """Two documents opened by ``row``, in as many columns as ``row`` has (placeholders between)."""
    middle = " -X-" * (len(row.split()) - 2)
    body = "\n".join(f"{token}{middle} {tag}" for token, tag in rows)
    return f"{row}\n\n{body}\n\n{row}\n\n{body}\n"


@pytest.mark.parametrize("row", DOCSTART_ROWS.values(), ids=DOCSTART_ROWS.keys())
def test_every_shared_task_document_row_opens_a_document_without_an_id(tmp_path, capsys, row: str) -> None:
    gold = tmp_path / "gold.conll"
    gold.write_text(_columns(row, [("Ana", "B-PER"), ("Lima", "I-PER"), ("sings", "O")]), encoding="utf-8")
    corpus = load_gold_conll(gold)
    assert [(d.doc_id, d.text, [e.text for e in g.entities]) for d, g in corpus] == [
        ("doc-1", "Ana Lima sings", ["Ana Lima"]),
        ("doc-2", "Ana Lima sings", ["Ana Lima"]),
    ]
    pred = tmp_path / "pred.conll"
    pred.write_text(_columns(row, [("Ana", "B-PER"), ("Lima", "O"), ("sings", "O")]), encoding="utf-8")
    assert main(["score", str(pred), "--gold", str(gold), "--json"]) == 0
    overall = json.loads(capsys.readouterr().out)["entities"]["token_conlleval"]["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (0, 2, 2)


def _score(tmp_path, gold_rows: list[tuple[str, str]], pred_rows: list[tuple[str, str]], capsys) -> dict:
    gold, pred = tmp_path / "gold.conll", tmp_path / "pred.conll"
    gold.write_text("-DOCSTART- d1\n" + "".join(f"{t} {tag}\n" for t, tag in gold_rows), encoding="utf-8")
    pred.write_text("-DOCSTART- d1\n" + "".join(f"{t} {tag}\n" for t, tag in pred_rows), encoding="utf-8")
    assert main(["score", str(pred), "--gold", str(gold), "--json"]) == 0, capsys.readouterr().err
    entities = json.loads(capsys.readouterr().out)["entities"]
    return {mode: (r["overall"]["tp"], r["overall"]["fp"], r["overall"]["fn"]) for mode, r in entities.items()
            if isinstance(r, dict) and "overall" in r}


@pytest.mark.parametrize("mark", ["_", "-"])
def test_an_empty_field_mark_is_no_entity_in_a_gold_and_in_predictions_alike(tmp_path, capsys, mark: str) -> None:
    """`_` (CoNLL-U's empty field) and `-` read as O on both sides: a file scores perfectly
    against itself, and exactly as the same file with O in their place."""
    rows = [("Ana", "B-PER"), ("Lima", "I-PER"), ("sings", mark), ("in", mark), ("Quito", "B-LOC")]
    with_o = [(t, "O" if tag == mark else tag) for t, tag in rows]
    itself = _score(tmp_path, rows, rows, capsys)
    assert itself and all(counts == (2, 0, 0) for counts in itself.values()), itself
    assert _score(tmp_path, rows, with_o, capsys) == itself
    assert _score(tmp_path, with_o, rows, capsys) == itself
    cut = [*rows[:4], ("Quito", mark)]  # the prediction misses Quito: the mark is no chunk either
    assert all(counts == (1, 0, 1) for counts in _score(tmp_path, rows, cut, capsys).values())
