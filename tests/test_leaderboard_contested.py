"""The leaderboard's second sensitivity check: the ranks once the contested gold entities
(annotations/contested.json) are left out, with the predictions that overlap them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.repo import find_repo
from newsgold.gold.sources import load_corpus
from newsgold.outputs.leaderboard import _without, contested_spans, render
from newsgold.readers.records import DocPredictions, PredEntity

from tests.conftest import DOC_ID


@pytest.fixture
def root(frozen_root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    shutil.copytree(frozen_root, copy)
    return copy


def _contest(root: Path, *ids: str) -> None:
    items = [{"entity": i, "adjudication": "B0", "why": "a test"} for i in ids]
    (root / "annotations" / "contested.json").write_text(json.dumps({"documents": {DOC_ID: items}}), encoding="utf-8")


def test_without_the_file_the_page_has_no_such_column(root: Path) -> None:
    assert "without contested items" not in render(find_repo(root))


def test_the_listed_entities_and_the_predictions_over_them_are_left_out(root: Path) -> None:
    _contest(root, "T22")
    repo = find_repo(root)
    corpus = load_corpus(repo)
    [(doc, gold)] = corpus
    first = next(e for e in gold.entities if e.id == "T22")
    assert contested_spans(repo, corpus) == {DOC_ID: [(first.span.start, first.span.end)]}
    over = PredEntity(first.span.start, first.span.end + 1, "ORDINAL")  # overlaps: left out too
    other = PredEntity(0, 10, "GPE")
    kept_corpus, [kept] = _without(corpus, [DocPredictions(DOC_ID, (over, other))], contested_spans(repo, corpus))
    [(_, kept_gold)] = kept_corpus
    assert [e.id for e in kept_gold.entities] == [e.id for e in gold.entities if e.id != "T22"]
    assert kept.entities == (other,)


def test_the_page_gains_a_rank_column_for_every_ranked_system(root: Path) -> None:
    _contest(root, "T22", "T41")
    page = render(find_repo(root))
    lines = page.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("| rank |"))
    header = [c.strip() for c in lines[at].strip("|").split("|")]
    assert header[:3] == ["rank", "rank, determiner-insensitive", "rank, without contested items"]
    end = next(i for i in range(at, len(lines)) if not lines[i].startswith("|"))  # the table ends at a blank line
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[at + 2 : end]]
    assert rows and all(len(r) == len(header) for r in rows)
    n = len(rows)
    for row in rows:  # a range of ranks among the ranked systems, as the other two columns give
        low, _, high = row[2].partition("-")
        assert 1 <= int(low) <= int(high or low) <= n
    assert "annotations/contested.json" in page


def test_an_id_the_gold_does_not_have_is_a_coded_error(root: Path) -> None:
    _contest(root, "T999")
    with pytest.raises(NewsgoldError) as e:
        render(find_repo(root))
    [found] = e.value.incidents
    assert found.code == "NG407" and found.pointer.endswith("/0/entity") and "T999" in found.message
