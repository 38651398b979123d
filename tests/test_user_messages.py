"""Messages for people scoring their own corpus: a gold file's problems all named in one run,
a JSON Lines file under a CoNLL name told apart, the unknown-document hint fitted to the gold
scored against, and no hint that points into this repository for a user's own files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import CASES, FROZEN

GOLD_LINE = {"doc_id": "n1", "text": "Ana met Bo in Rome. Cy and Di.", "entities": [
    {"start": 0, "end": 3, "type": "PER"},
    {"start": 8, "end": 10, "label": "PER"},                    # label for type
    {"start": 14, "end": 18, "type": "LOC", "text": "Rom"},     # text not the slice
    {"start": 30, "end": 40, "type": "LOC"},                    # outside the text
    {"start": 0, "end": 3, "type": "PER"},                      # repeats 0
    {"start": 1, "end": 5, "type": "ORG"},                      # overlaps 0
    {"start": 20, "end": 22, "type": "PER"},
]}


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_every_problem_of_a_gold_file_in_one_run(tmp_path: Path, capsys) -> None:
    gold = _write(tmp_path / "gold.jsonl", GOLD_LINE,
                  {"doc_id": "n2", "text": "Cy went home.", "entities": [{"start": 0, "end": 2}, {"start": 5, "end": 3, "type": "X"}]})
    preds = _write(tmp_path / "p.jsonl", {"doc_id": "n1", "entities": []})
    code, err = _run(capsys, "score", str(preds), "--gold", str(gold))
    assert code == 2
    found = sorted(line.split(" [")[0] for line in err.splitlines() if " error " in line)
    assert found == sorted([
        f"{gold}:1#/entities/1: error NG201", f"{gold}:1#/entities/2/text: error NG302",
        f"{gold}:1#/entities/3: error NG301", f"{gold}:1#/entities/4: error NG503",
        f"{gold}:1#/entities/5: error NG502", f"{gold}:2#/entities/0: error NG201",
        f"{gold}:2#/entities/1: error NG301",
    ]), err
    # indices and the items a message names are the line's own, though checked items were set aside
    assert "'Ana' PER repeats /entities/0" in err and "overlaps 'Ana' (/entities/0)" in err


def test_a_line_full_of_bad_items_stops_at_the_cap(tmp_path: Path, capsys) -> None:
    bad = [{"start": 50 + i, "end": 60 + i, "type": "X"} for i in range(30)]
    gold = _write(tmp_path / "gold.jsonl", {"doc_id": "n1", "text": "short", "entities": bad})
    code, err = _run(capsys, "score", str(_write(tmp_path / "p.jsonl", {"doc_id": "n1", "entities": []})), "--gold", str(gold))
    assert code == 2 and err.count("error NG301") == 20
    assert "#/entities/19:" in err and "#/entities/20:" not in err


@pytest.mark.parametrize("suffix", [".conll", ".bio"])
def test_json_lines_under_a_conll_name_is_told_apart(tmp_path: Path, capsys, suffix: str) -> None:
    record = {"doc_id": "n1", "text": "Ana met Bo.", "entities": [{"start": 0, "end": 3, "type": "PER"}]}
    gold = _write(tmp_path / f"gold{suffix}", record)
    preds = _write(tmp_path / f"p{suffix}", {"doc_id": "n1", "entities": [{"start": 0, "end": 3, "type": "PER"}]})
    real_gold = _write(tmp_path / "gold.jsonl", record)
    code, err = _run(capsys, "score", str(preds), "--gold", str(gold))
    assert code == 2 and "NG607" in err and "holds JSON Lines" in err and ".jsonl" in err
    code, err = _run(capsys, "score", str(preds), "--gold", str(real_gold))
    assert code == 2 and "NG607" in err and "holds JSON Lines" in err and "--format jsonl" in err
    assert main(["score", str(preds), "--gold", str(real_gold), "--format", "jsonl", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["strict"]["overall"]["f1"] == 1.0


def test_an_unknown_document_asks_about_gold_only_on_the_repositorys_corpus(tmp_path: Path, capsys) -> None:
    preds = _write(tmp_path / "p.jsonl", {"doc_id": "news1", "entities": []})
    code, err = _run(capsys, "score", str(preds), "--root", str(FROZEN))
    assert code == 2 and "NG602" in err and "--gold YOUR_GOLD" in err
    gold = _write(tmp_path / "gold.jsonl", {"doc_id": "n1", "text": "Ana.", "entities": []})
    code, err = _run(capsys, "score", str(preds), "--gold", str(gold))
    assert code == 2 and "NG602" in err and "--gold" not in err and "validate" not in err
    assert "same doc_id" in err


def test_no_hint_points_into_this_repository_for_a_users_files(tmp_path: Path, capsys) -> None:
    gold = _write(tmp_path / "gold.jsonl", {"doc_id": "n1", "text": "Ana met Bo.", "entities": []})
    runs = [["score", str(_write(tmp_path / "p.jsonl", {"doc_id": "n1", "entities": [{"start": 0, "type": "PER"}]})),
             "--gold", str(gold)],
            ["score", str(_write(tmp_path / "e.jsonl", {"doc_id": "n1", "events": [{"trigger": {"start": 0, "end": 3}}]})),
             "--gold", str(gold)]]
    runs += [["score", str(tmp_path / "p.jsonl"), "--gold", str(f)] for f in sorted((CASES / "gold-jsonl").glob("ng*.jsonl"))]
    for args in runs:
        code, err = _run(capsys, *args)
        assert code == 2 and " error NG" in err, args
        for folder in ("annotations/", "corpus/", "submissions/"):
            assert folder not in err, (args, err)
    assert "a predictions line is" in _run(capsys, *runs[0])[1]
