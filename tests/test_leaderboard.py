"""The baseline and the leaderboard: deterministic, offline, current."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import newsgold
import pytest
from newsgold.baseline import extract
from newsgold.cli import main
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.repo import Repo
from newsgold.gold.sources import load_corpus
from newsgold.outputs.leaderboard import render, score_submission, submissions, update
from newsgold.readers.registry import read_predictions
from newsgold.studies.bootstrap import all_units, compare, compare_all, holm
from newsgold.studies.entries import map_labels

from tests.conftest import ROOT


def test_baseline_is_deterministic_and_valid(repo) -> None:
    [(doc, _)] = load_corpus(repo)
    a, b = extract(doc), extract(doc)
    assert a == b
    assert all(doc.text[e.start : e.end] == e.text for e in a.entities)
    assert all(x.end <= y.start for x, y in zip(a.entities, a.entities[1:]))  # flat
    assert {e.type for e in a.entities} <= set(repo.entity_type_names)
    assert all(e.type in {s["subtype"] for s in repo.event_types["subtypes"]} for e in a.events)


def test_baseline_resolves_dates_against_the_dateline(repo) -> None:
    [(doc, _)] = load_corpus(repo)
    values = {e.text: e.value for e in extract(doc).entities if e.type == "DATE"}
    assert values["Wednesday"] == "2010-02-17" and values["Friday"] == "2010-02-19"
    assert values["Last April"] == "2009-04" and values["this week"] == "2010-W07" and values["47-year-old"] == "P47Y"


def test_submitted_baseline_predictions_are_current(repo, tmp_path: Path, capsys) -> None:
    out = tmp_path / "baseline.jsonl"
    assert main(["run", "--root", str(repo.root), "baseline", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (repo.root / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8")


def test_leaderboard_is_current(repo) -> None:
    assert update(repo, check=True), "LEADERBOARD.md is stale: run `newsgold leaderboard`"


def test_leaderboard_regenerates_from_scratch(repo, tmp_path: Path, capsys) -> None:
    copy = _copy(repo, tmp_path)
    assert main(["leaderboard", "--root", str(copy), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert main(["leaderboard", "--root", str(copy)]) == 0
    assert (copy / "LEADERBOARD.md").read_text(encoding="utf-8") == (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")
    meta = copy / "submissions" / "baseline" / "metadata.json"
    meta.write_text(json.dumps({"system": "x"}), encoding="utf-8")
    assert main(["leaderboard", "--root", str(copy)]) == 2
    assert "NG201" in capsys.readouterr().err
    # nothing written half-way: the page from the last good run stays
    assert (copy / "LEADERBOARD.md").read_text(encoding="utf-8") == (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")


def test_a_system_without_events_shows_dashes_not_zeros(repo) -> None:
    corpus = load_corpus(repo)
    row = score_submission(repo, repo.root / "submissions" / "spacy-en-core-web-sm", corpus)
    assert row.scores["trigger_classification"] == (None, None, None)
    f1, lo, hi = row.scores["strict"]
    assert 0 < f1 < 1 and lo < f1 < hi
    assert row.timex is None  # spaCy gives no TIMEX values: '-', not 0


def _copy(repo, tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(repo.root / part, copy / part)
    return copy


def _section(page: str, title: str) -> str:
    return page.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_only_blind_systems_are_ranked_and_the_baseline_is_shown_apart(repo, tmp_path: Path) -> None:
    page = (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")
    ranked = _section(page, "Ranked")
    apart = _section(page, "Not blind")
    assert "newsgold rule baseline" not in ranked and "newsgold rule baseline" in apart
    assert json.loads((repo.root / "submissions" / "baseline" / "metadata.json").read_text(encoding="utf-8"))["saw_corpus"] is True
    # An entry whose metadata says it saw the corpus leaves the ranking, whatever its score.
    copy = _copy(repo, tmp_path)
    meta_path = copy / "submissions" / "spacy-en-core-web-md-3.7" / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["saw_corpus"] = True
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    page = render(Repo(copy))
    assert "en_core_web_md" not in _section(page, "Ranked") and "en_core_web_md" in _section(page, "Not blind")
    first = next(line for line in _section(page, "Ranked").splitlines() if line.startswith("| 1"))
    assert "[spaCy en_core_web_sm 3.8.0]" in first  # the best of the others is listed first


def test_every_bundled_entry_declares_whether_it_saw_the_corpus_and_can_be_rerun(repo) -> None:
    for folder in submissions(repo):
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        assert isinstance(meta.get("saw_corpus"), bool), folder.name
        assert (folder / "run.sh").is_file(), folder.name
        assert f"submissions/{folder.name}/run.sh" in meta["how_run"], folder.name


def test_the_baseline_entry_reruns_to_its_committed_predictions_and_a_failed_run_leaves_nothing(tmp_path: Path) -> None:
    script = ROOT / "submissions" / "baseline" / "run.sh"
    out = tmp_path / "predictions.jsonl"
    done = subprocess.run(["sh", str(script), str(out)], env={**os.environ, "NEWSGOLD_PYTHON": sys.executable},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (script.parent / "predictions.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["predictions.jsonl"]
    half = tmp_path / "half-python"  # writes part of its output file, then fails
    half.write_text('#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && printf \'{"half\' > "$2"; shift; done; exit 1\n')
    half.chmod(0o755)
    done = subprocess.run(["sh", str(script), str(tmp_path / "failed.jsonl")], env={**os.environ, "NEWSGOLD_PYTHON": str(half)},
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    half.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["predictions.jsonl"]  # no failed.jsonl, no failed.jsonl.tmp


def test_metadata_without_saw_corpus_is_refused(repo, tmp_path: Path, capsys) -> None:
    copy = _copy(repo, tmp_path)
    meta_path = copy / "submissions" / "wink-nlp" / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["saw_corpus"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert main(["leaderboard", "--root", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "NG201" in err and "saw_corpus" in err


def test_label_maps_are_applied_as_declared_and_nulls_drop(repo, tmp_path: Path) -> None:
    corpus = load_corpus(repo)
    compromise = score_submission(repo, repo.root / "submissions" / "compromise", corpus)
    assert compromise.per_type["PERSON"] > 0.5  # Person -> PERSON
    assert compromise.timex is not None and compromise.timex[0] > 0  # the mapped DATE keeps its values
    # A null drops the label: a URL prediction counts nowhere; the same label left unmapped is refused.
    copy = _copy(repo, tmp_path)
    folder = copy / "submissions" / "wink-nlp"
    line = json.loads((folder / "predictions.jsonl").read_text(encoding="utf-8"))
    line["entities"].append({"start": 20, "end": 31, "type": "URL", "text": "Inditop.com"})
    line["entities"].sort(key=lambda e: e["start"])
    (folder / "predictions.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    corpus = load_corpus(Repo(copy))
    with_url = score_submission(Repo(copy), folder, corpus)
    without = score_submission(repo, repo.root / "submissions" / "wink-nlp", load_corpus(repo))
    assert with_url.scores == without.scores
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    del meta["label_map"]["URL"]
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(NewsgoldError) as e:
        score_submission(Repo(copy), folder, corpus)
    assert e.value.incidents[0].code == "NG604" and "URL" in e.value.incidents[0].message


def test_a_system_is_scored_on_its_own_types_and_not_ranked_against_full_systems(repo) -> None:
    corpus = load_corpus(repo)
    wink = score_submission(repo, repo.root / "submissions" / "wink-nlp", corpus)
    assert not wink.covers_gold and wink.per_type["PERSON"] is None  # not attempted: '-', not 0
    meta = json.loads((repo.root / "submissions" / "wink-nlp" / "metadata.json").read_text(encoding="utf-8"))
    preds, _, _ = read_predictions(repo.root / "submissions" / "wink-nlp" / "predictions.jsonl", corpus.documents, fmt="jsonl")
    preds, label_map = map_labels(preds, meta["label_map"])
    config = newsgold.EntityConfig(modes=("strict",), label_map=label_map, types=frozenset(meta["entity_types"]))
    expected = newsgold.score(gold=corpus, predictions=preds, entities=config).entities.modes["strict"].overall.f1
    assert wink.scores["strict_own"][0] == pytest.approx(expected)
    assert wink.scores["strict_own"][0] > wink.scores["strict"][0]
    page = (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "wink-nlp" not in _section(page, "Ranked") and "wink-nlp" in _section(page, "Blind systems that attempt some")


def test_the_pairwise_table_is_holm_corrected_paired_bootstrap(repo) -> None:
    corpus = load_corpus(repo)
    units = all_units([d for d, _ in corpus])
    counts = {f: score_submission(repo, repo.root / "submissions" / f, corpus).strict_units
              for f in ("spacy-en-core-web-sm", "spacy-en-core-web-md-3.7", "spacy-en-core-web-sm-2.3")}
    tests = compare_all(units, counts, replicates=500, seed=7)
    assert [(t["a"], t["b"]) for t in tests] == [("spacy-en-core-web-sm", "spacy-en-core-web-md-3.7"),
                                                 ("spacy-en-core-web-sm", "spacy-en-core-web-sm-2.3"),
                                                 ("spacy-en-core-web-md-3.7", "spacy-en-core-web-sm-2.3")]
    for t in tests:  # each pair equals the two-system test with the same seed
        single = compare(units, counts[t["a"]], counts[t["b"]], replicates=500, seed=7)
        assert {k: t[k] for k in single} == single
    assert [t["p_holm"] for t in tests] == holm([t["p_value"] for t in tests])


def test_holm_matches_statsmodels() -> None:
    multitest = pytest.importorskip("statsmodels.stats.multitest")
    p = [0.01, 0.04, 0.03, 0.2, 0.0, 0.5, 0.049]
    _, expected, _, _ = multitest.multipletests(p, method="holm")
    assert holm(p) == pytest.approx(list(expected))


def test_holm_by_hand() -> None:
    # sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 -> 0.02, 0.03, 0.06, 0.04 -> monotone 0.02, 0.03, 0.06, 0.06
    assert holm([0.04, 0.005, None, 0.03, 0.01]) == pytest.approx([0.06, 0.02, None, 0.06, 0.03])
    assert holm([0.9, 0.8]) == [1.0, 1.0]  # 0.8 x 2 is capped at 1, and 0.9 may not fall below it


def test_html_shows_the_same_leaderboard(repo, tmp_path: Path, capsys) -> None:
    out = tmp_path / "board.html"
    assert main(["leaderboard", "--root", str(repo.root), "--html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    markdown = (repo.root / "LEADERBOARD.md").read_text(encoding="utf-8")
    cells = [c.strip() for line in markdown.splitlines() if line.startswith("| ") for c in line.strip("|").split(" | ")]
    for cell in cells:
        if cell and not cell.startswith("---"):
            plain = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", cell).replace("`", "")
            assert html.escape(plain, quote=True) in re.sub(r"<[^>]+>", "", page), cell
    assert "<script" not in page and "src=" not in page and "stylesheet" not in page  # self-contained
    assert main(["leaderboard", "--root", str(repo.root), "--html", "--check"]) == 2
