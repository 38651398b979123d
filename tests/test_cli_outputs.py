"""What the commands write: only the output they were asked for, never an input, never the data."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT

BASE = ROOT / "submissions" / "baseline" / "predictions.jsonl"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", [
    ["score", "{preds}", "-o", "{preds}"],
    ["score", "{preds}", "--counts-only", "-o", "{preds}"],
    ["report", "{preds}", "-o", "{preds}"],
    ["score", "{preds}", "--label-map", "{map}", "-o", "{map}"],
    ["merge", "{preds}", "-o", "{preds}"],
])
def test_an_output_that_is_one_of_the_inputs_is_refused_and_the_input_kept(command, copy: Path, capsys) -> None:
    preds = copy / "mine.jsonl"
    shutil.copy(BASE, preds)
    label_map = copy / "map.json"
    label_map.write_text('{"PLACE": "LOC"}', encoding="utf-8")
    before = snapshot(copy)
    argv = [a.replace("{preds}", str(preds)).replace("{map}", str(label_map)) for a in command]
    assert main([argv[0], "--root", str(copy), *argv[1:]]) == 2
    err = capsys.readouterr().err
    assert "NG004" in err and "Traceback" not in err
    assert snapshot(copy) == before


@pytest.mark.parametrize("inside", ["annotations/gold/report.json", "corpus/x.txt", f"annotations/gold/{DOC_ID}.json"])
def test_scoring_never_writes_into_the_data_folders(inside: str, copy: Path, capsys) -> None:
    before = snapshot(copy)
    assert main(["score", "--root", str(copy), str(BASE), "--json", "-o", str(copy / inside)]) == 2
    assert "NG006" in capsys.readouterr().err
    assert snapshot(copy) == before


def test_export_onto_a_file_is_a_coded_error(copy: Path, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("keep me", encoding="utf-8")
    assert main(["export", "--root", str(copy), "--format", "conll", "-o", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "NG007" in err and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "keep me"


def test_score_into_a_missing_folder_makes_it_and_keeps_the_target_mode(copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "report.json"
    assert main(["score", "--root", str(copy), str(BASE), "--json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["entities"]
    os.chmod(out, 0o600)
    assert main(["score", "--root", str(copy), str(BASE), "--json", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]  # no temporary file left


def test_the_spacy_export_keeps_every_entity_and_reads_back_as_perfect(copy: Path, tmp_path: Path, capsys) -> None:
    pytest.importorskip("spacy")
    out = tmp_path / "spacy"
    assert main(["export", "--root", str(copy), "--format", "spacy", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["score", "--root", str(copy), str(out / "gold.spacy"), "--json", "--modes", "strict"]) == 0
    strict = json.loads(capsys.readouterr().out)["entities"]["strict"]["overall"]
    assert strict["f1"] == 1.0 and strict["support"] == strict["tp"] > 60


def test_an_unexpected_failure_is_one_coded_line_and_debug_shows_the_traceback(monkeypatch, capsys) -> None:
    import newsgold.api

    def broken(**kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(newsgold.api, "score", broken)
    assert main(["score", str(BASE)]) == 2
    err = capsys.readouterr().err
    assert "NG010" in err and "ZeroDivisionError: division by zero" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "score", str(BASE)])
