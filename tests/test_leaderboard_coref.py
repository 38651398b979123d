"""The leaderboard's coreference column: CoNLL F1 of an entry's clusters as `score
--coref-singletons drop` computes it, shown only when an entry gives clusters; a document
bootstrap for its interval."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import newsgold
import pytest
from newsgold.cli import main
from newsgold.gold.repo import Repo
from newsgold.outputs.leaderboard import COREF_HEADER, coref_interval, render
from newsgold.scoring.coref import CorefScores, evaluate
from newsgold.scoring.coref_corpus import CorefConfig

from tests.test_leaderboard_page import _tables


def _root(frozen_root: Path, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(frozen_root, root)
    return root


def _cells(markdown: str, system: str) -> dict[str, str]:
    """The score table row of ``system``, by column header."""
    for table in _tables(markdown):
        for row in table[1:]:
            if any(system in cell for cell in row):
                return dict(zip(table[0], row))
    raise AssertionError(f"{system} is not on the page")


def test_the_column_shows_the_conll_score_that_score_computes(frozen_root: Path) -> None:
    page = render(Repo(frozen_root))
    path = frozen_root / "submissions" / "baseline" / "predictions.jsonl"
    config = CorefConfig(singletons=False)
    scored = newsgold.score_coref(gold=newsgold.load_corpus(frozen_root), predictions=path, config=config)
    conll = scored.layers["entities"].total.conll
    assert _cells(page, "newsgold rule baseline")[COREF_HEADER] == f"{100 * conll:.1f}"  # one document: no interval
    assert _cells(page, "en_core_web_md")[COREF_HEADER] == "-"  # gives no clusters
    assert _cells(page, "NeuralCoref 4.0")[COREF_HEADER] != "-"
    assert "Coreference: CoNLL F1, the mean of MUC, B-cubed and CEAFe F1" in page


def test_without_clusters_there_is_no_column(frozen_root: Path, tmp_path: Path) -> None:
    root = _root(frozen_root, tmp_path)
    given = 0
    for path in (root / "submissions").glob("*/predictions.jsonl"):
        record = json.loads(path.read_text(encoding="utf-8"))
        given += record.pop("clusters", None) is not None
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert given >= 2  # the rule baseline and NeuralCoref
    page = render(Repo(root))
    assert COREF_HEADER not in page and "Coreference:" not in page
    assert _cells(page, "newsgold rule baseline")["strict F1, all types"].startswith("93.9")


def test_bad_clusters_stop_the_page_with_a_coded_error(frozen_root: Path, tmp_path: Path, capsys) -> None:
    root = _root(frozen_root, tmp_path)
    assert main(["leaderboard", "--root", str(root)]) == 0
    before = (root / "LEADERBOARD.md").read_text(encoding="utf-8")
    path = root / "submissions" / "baseline" / "predictions.jsonl"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["clusters"][0][0] = [10, 10**7]  # past the end of the text
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["leaderboard", "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert "NG" in err and "/clusters/0/0" in err and "Traceback" not in err
    assert (root / "LEADERBOARD.md").read_text(encoding="utf-8") == before  # nothing written half-way


def _documents(n: int, seed: int) -> list[CorefScores]:
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        mentions = list(range(rng.randint(2, 12)))
        key = [mentions[i::3] for i in range(3)]
        rng.shuffle(mentions)
        response = [mentions[i::2] for i in range(2)]
        docs.append(evaluate(key=[c for c in key if c], response=[c for c in response if c]))
    return docs


def test_the_interval_resamples_documents() -> None:
    docs = _documents(8, 1)
    low, high = coref_interval(docs)
    assert low is not None and high is not None
    assert low < CorefScores.total(docs).conll < high
    assert coref_interval(docs) == (low, high)  # one seed: the same interval each time
    # identical documents: every replicate is the same corpus, the interval a point
    same = [docs[0]] * 5
    assert coref_interval(same) == pytest.approx((CorefScores.total(same).conll,) * 2)
    assert coref_interval(docs[:1]) == (None, None)
