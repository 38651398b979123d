"""The validator: every incident code has a minimal invalid fixture that raises exactly it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.validate import validate

from tests.conftest import CASES

FIXTURES = CASES / "validate"
CORPUS = FIXTURES / "corpus"
INVALID = sorted(p for p in (FIXTURES / "gold").iterdir() if p.name != "valid")


def codes(repo, path: Path) -> set[str]:
    return {i.code for i in validate(repo, [path], corpus_dir=CORPUS)}


def test_repository_is_valid(repo) -> None:
    """No errors; the only warnings allowed are role fillers under adjudication (NG409)."""
    found = validate(repo)
    assert [i for i in found if i.severity == "error"] == []
    assert {i.code for i in found} <= {"NG409"}


def test_valid_fixture_passes(repo) -> None:
    assert codes(repo, FIXTURES / "gold" / "valid") == set()


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_each_invalid_fixture_raises_its_code(repo, case: Path) -> None:
    expected = case.name.split("-")[0].upper()
    assert codes(repo, case) == {expected}


def test_every_validator_code_has_a_fixture() -> None:
    from newsgold.gold.errors import CATALOG

    validator_codes = {c for c, (level, _, _) in CATALOG.items() if 1 <= level <= 5}
    covered = {p.name.split("-")[0].upper() for p in INVALID}
    covered |= {p.stem.split("-")[0].upper() for p in (FIXTURES.parent / "gold-jsonl").glob("ng*.jsonl")}  # your own corpus's gold
    assert validator_codes == covered


def test_byte_offsets_are_named_as_such(repo) -> None:
    [found] = validate(repo, [FIXTURES / "gold" / "ng302-byte-offsets"], corpus_dir=CORPUS)
    assert found.pointer == "/entities/5/text"
    assert "UTF-8 byte" in found.hint and "[89, 95)" in found.hint


def test_byte_offsets_in_the_real_article_are_rejected(repo, tmp_path: Path) -> None:
    """A gold file whose offsets were counted in UTF-8 bytes after the first curly quote."""
    gold = json.loads(next(repo.gold_dir.glob("*.json")).read_text(encoding="utf-8"))
    text = repo.text_path(gold["doc_id"]).read_text(encoding="utf-8")
    after_quote = [e for e in gold["entities"] if e["start"] > text.index("“")][0]
    start = len(text[: after_quote["start"]].encode("utf-8"))
    after_quote.update(start=start, end=start + len(after_quote["text"].encode("utf-8")))
    path = tmp_path / f"{gold['doc_id']}.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    [found] = validate(repo, [path], corpus_dir=repo.corpus_dir)
    assert found.code == "NG302" and "UTF-8 byte counting" in found.hint


def test_mismatch_hint_points_at_the_shift(repo) -> None:
    [found] = validate(repo, [FIXTURES / "gold" / "ng302"], corpus_dir=CORPUS)
    assert "shifted by 1" in found.hint


def test_json_error_has_line_and_column(repo) -> None:
    [found] = validate(repo, [FIXTURES / "gold" / "ng103"], corpus_dir=CORPUS)
    assert (found.line, found.column) == (30, 7)


def test_cli_exit_codes_and_formats(capsys, repo) -> None:
    root = str(repo.root)
    assert main(["validate", "--root", root]) == 0
    assert "PASSED" in capsys.readouterr().err

    assert main(["validate", "--root", root, "--corpus", str(CORPUS), str(FIXTURES / "gold"), "--format", "json", "--max-err", "3"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert len(report["incidents"]) == 3
    assert report["errors"] + report["warnings"] == 3 + report["truncated"]
    assert report["warnings"] == 1  # the ng409 fixture's role filler
    assert {"code", "level", "file", "pointer", "line", "message", "hint"} <= set(report["incidents"][0])

    assert main(["validate", "--root", root, "no/such/file.json"]) == 1
    assert "NG002" in capsys.readouterr().out


def test_cli_outside_a_repository_says_so(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "NG001" in err and "Traceback" not in err


@pytest.mark.parametrize("suffix", [".jsonl", ".conll"])
def test_a_gold_file_of_ones_own_corpus_is_validated_outside_a_repository(
    capsys, tmp_path: Path, monkeypatch, suffix: str
) -> None:
    """What ``--gold FILE`` reads, ``validate FILE`` checks by the same reader."""
    monkeypatch.chdir(tmp_path)
    good, bad = tmp_path / f"good{suffix}", tmp_path / f"bad{suffix}"
    if suffix == ".jsonl":
        record = {"doc_id": "d1", "text": "Obama met Castro.", "entities": [{"start": 0, "end": 5, "type": "PER"}]}
        good.write_bytes(json.dumps(record).encode() + b"\r\n")
        bad.write_text(json.dumps({**record, "entities": [{"start": 0, "end": 50, "type": "PER"}]}) + "\n", encoding="utf-8")
        refused = f"{bad}:1#/entities/0: error NG301"
    else:
        good.write_text("-DOCSTART- d1\n\nObama B-PER\nmet O\n", encoding="utf-8")
        bad.write_text("-DOCSTART- d1\n\nObama B-PER\nmet\n", encoding="utf-8")
        refused = f"{bad}:4: error NG201"
    assert main(["validate", str(good)]) == 0
    out, err = capsys.readouterr()
    assert "PASSED *** with 0 errors" in err
    if suffix == ".jsonl":  # the line reader's warning, as a score against it names it
        assert out.startswith(f"{good}: warning NG606") and "1 warnings" in err
    assert main(["validate", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out.startswith(refused) and "FAILED *** with 1 errors" in err


def test_default_run_finds_the_repository_from_a_subfolder(capsys, repo, monkeypatch) -> None:
    monkeypatch.chdir(repo.root / "annotations" / "gold")
    assert main(["validate"]) == 0


def test_gold_edit_in_a_copy_is_caught(tmp_path: Path, repo) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(repo.root / "corpus", copy / "corpus")
    shutil.copytree(repo.root / "annotations", copy / "annotations")
    gold_path = next((copy / "annotations" / "gold").glob("*.json"))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["entities"][0]["type"] = "CITY"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    from newsgold.gold.repo import find_repo

    [found] = [i for i in validate(find_repo(copy)) if i.severity == "error"]
    assert found.code == "NG401" and found.pointer == "/entities/0/type"


def test_validation_and_token_scoring_keep_no_tokens(repo) -> None:
    # Tokens take about ten times the text: a large corpus must not keep them all after use.
    from newsgold.gold.sources import load_corpus
    from newsgold.readers.records import DocPredictions, PredEntity
    from newsgold.scoring.entities import score_entities
    from newsgold.scoring.results import EntityConfig

    corpus = load_corpus(repo)
    assert all("tokens" not in doc._derived and "token_index" not in doc._derived for doc, _ in corpus)
    doc, gold = corpus[0]
    preds = [DocPredictions(doc.doc_id, tuple(PredEntity(e.span.start, e.span.end, e.type) for e in gold.entities))]
    result = score_entities(gold=corpus, predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps,
                            config=EntityConfig(modes=("strict", "token_conlleval")))
    assert result.modes["token_conlleval"].per_type and "tokens" not in doc._derived
    assert len(doc.tokens) > 400  # and they come back on use
