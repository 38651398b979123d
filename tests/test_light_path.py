"""The default path is light: no seqeval, scikit-learn, scipy, pandas, torch or jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from newsgold.cli import main

from tests.conftest import ROOT

HEAVY = ("seqeval", "sklearn", "scipy", "pandas", "torch", "transformers", "spacy", "jsonschema", "tqdm")


@pytest.mark.parametrize("argv", [
    ["score", "submissions/baseline/predictions.jsonl"],
    ["score", "submissions/spacy-en-core-web-sm/predictions.jsonl", "--json"],
    ["validate"],
])
def test_a_default_command_imports_nothing_heavy(argv) -> None:
    code = ("import sys, io, contextlib\n"
            "from newsgold.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): assert main({argv!r}) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in " + repr(HEAVY) + "))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("path", ["submissions/baseline/predictions.jsonl", "submissions/spacy-en-core-web-sm/predictions.jsonl"])
def test_the_seqeval_engine_gives_the_same_token_scores(path: str, capsys, monkeypatch) -> None:
    pytest.importorskip("seqeval")
    monkeypatch.chdir(ROOT)
    runs = []
    for engine in ("newsgold", "seqeval"):
        assert main(["score", path, "--json", "--no-errors", "--modes", "token_conlleval,token_iob2", "--token-engine", engine]) == 0
        runs.append(json.loads(capsys.readouterr().out)["entities"])
    assert runs[0] == runs[1]


def test_the_seqeval_engine_really_calls_seqeval() -> None:
    """The equality above would hold if the flag were ignored; this proves it is not."""
    pytest.importorskip("seqeval")
    code = ("import sys, io, contextlib\n"
            "from newsgold.cli import main\n"
            "argv = ['score', 'submissions/baseline/predictions.jsonl', '--modes', 'token_iob2', '--token-engine', 'seqeval']\n"
            "with contextlib.redirect_stdout(io.StringIO()): assert main(argv) == 0\n"
            "print('seqeval.metrics' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


@pytest.mark.parametrize("path", ["submissions/baseline/predictions.jsonl", "submissions/spacy-en-core-web-sm/predictions.jsonl"])
def test_token_mode_rows_are_seqevals_numbers_averages_included(path: str, repo, capsys, monkeypatch) -> None:
    """Every number of a token mode's row is seqeval's: micro, per type, macro and weighted
    (seqeval averages over the types in gold or predictions and counts 0/0 as 0)."""
    metrics = pytest.importorskip("seqeval.metrics")
    scheme = pytest.importorskip("seqeval.scheme")
    from newsgold.gold.sources import load_corpus
    from newsgold.readers.registry import read_predictions
    from newsgold.scoring.tokens import spans_to_tags

    monkeypatch.chdir(ROOT)
    assert main(["score", path, "--json", "--no-errors", "--modes", "token_conlleval,token_iob2"]) == 0
    report = json.loads(capsys.readouterr().out)["entities"]
    corpus = load_corpus(repo)
    [(doc, gold)] = corpus
    [pred], _, _ = read_predictions(path, corpus.documents)
    gold_tags, _, _ = spans_to_tags(doc, [(e.span.start, e.span.end, e.type) for e in gold.entities])
    pred_tags, _, _ = spans_to_tags(doc, [(e.start, e.end, e.type) for e in pred.entities])
    for mode, kwargs in (("token_conlleval", {}), ("token_iob2", {"mode": "strict", "scheme": scheme.IOB2})):
        theirs = metrics.classification_report(gold_tags, pred_tags, output_dict=True, zero_division=0, **kwargs)
        ours = report[mode]
        assert ours["averages"] == "seqeval"
        for avg in ("macro", "weighted"):
            mine, their = ours[avg], theirs[f"{avg} avg"]
            assert (mine["precision"], mine["recall"], mine["f1"]) == pytest.approx(
                (their["precision"], their["recall"], their["f1-score"]), abs=1e-12), (mode, avg)


def _iob1(tag: str, previous: str) -> str:
    """IOB1: a chunk starts with I- unless it follows a chunk of its own type."""
    if tag.startswith("B-") and previous[2:] != tag[2:]:
        return "I-" + tag[2:]
    return tag


def test_submitted_tags_are_scored_as_seqeval_reads_them(repo, tmp_path, capsys) -> None:
    """An IOB1 CoNLL file of the gold: the token modes read the tags as submitted (strict IOB2,
    given with --scheme, finds no chunk where IOB1 starts one with I-; detected, the scheme is
    IOB1 and every chunk is found), and the ill-formed count is the reader's."""
    metrics = pytest.importorskip("seqeval.metrics")
    scheme = pytest.importorskip("seqeval.scheme")
    assert main(["export", "--root", str(ROOT), "--format", "conll", "-o", str(tmp_path)]) == 0
    rows = (tmp_path / "gold.conll").read_text(encoding="utf-8").split("\n")
    gold_tags, iob1, sentence, previous = [], [], [], "O"
    lines = []
    for row in rows:
        cols = row.split()
        if not cols or cols[0] == "-DOCSTART-":
            if sentence:
                gold_tags.append([g for g, _ in sentence])
                iob1.append([t for _, t in sentence])
            sentence, previous = [], "O"
            lines.append(row)
            continue
        tag = _iob1(cols[-1], previous)
        previous = cols[-1]
        sentence.append((cols[-1], tag))
        lines.append(" ".join([*cols[:-1], tag]))
    submitted = tmp_path / "iob1.conll"
    submitted.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert main(["score", "--root", str(ROOT), str(submitted), "--json", "--no-errors", "--modes", "token_iob2"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["token_iob2"]["overall"]["f1"] == 1.0
    assert main(["score", "--root", str(ROOT), str(submitted), "--json", "--no-errors", "--modes", "strict,token_conlleval,token_iob2", "--scheme", "IOB2"]) == 0
    report = json.loads(capsys.readouterr().out)
    for mode, kwargs in (("token_conlleval", {}), ("token_iob2", {"mode": "strict", "scheme": scheme.IOB2})):
        theirs = metrics.classification_report(gold_tags, iob1, output_dict=True, zero_division=0, **kwargs)["micro avg"]
        ours = report["entities"][mode]["overall"]
        assert (ours["precision"] or 0, ours["recall"], ours["f1"] or 0) == pytest.approx(
            (theirs["precision"], theirs["recall"], theirs["f1-score"])), mode
    assert report["entities"]["token_iob2"]["overall"]["f1"] in (None, 0.0) and report["entities"]["token_conlleval"]["overall"]["f1"] == 1.0
    ng613 = [w for w in report["warnings"] if w["code"] == "NG613"]
    assert ng613 and str(report["entities"]["token_iob2"]["ill_formed"]) in ng613[0]["message"]
