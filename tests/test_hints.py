"""Every hint is about the case at hand: a missing label map is not a missing corpus
document, a missing predictions file is not a gold file, a folder of JSON Lines is not a
folder that lacks .ann files, and a model folder is not a package name."""

from __future__ import annotations

import shutil

import pytest
from newsgold.adapters.base import unloadable
from newsgold.cli import main

from tests.conftest import ROOT

BASE = str(ROOT / "submissions/baseline/predictions.jsonl")


def error_of(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    [line] = capsys.readouterr().err.splitlines()
    return line


def test_a_missing_label_map(capsys, tmp_path) -> None:
    line = error_of(capsys, "score", "--root", str(ROOT), BASE, "--label-map", str(tmp_path / "nope.json"))
    assert "nope.json: error NG105" in line and "corpus" not in line and "hint: give the path of a JSON file such as" in line


def test_a_missing_predictions_file(capsys, tmp_path) -> None:
    line = error_of(capsys, "score", "--root", str(ROOT), str(tmp_path / "nope.jsonl"))
    assert "NG002" in line and "gold files" not in line and "hint: check the path of the predictions file" in line


def test_a_folder_of_jsonl_files(capsys, tmp_path) -> None:
    shutil.copy(BASE, tmp_path / "a.jsonl")
    line = error_of(capsys, "score", "--root", str(ROOT), str(tmp_path))
    assert "NG607" in line and "it holds .jsonl files" in line
    assert "give one file (formats for these suffixes: bio-jsonl, gliner, hf, jsonl, text-only)" in line


def test_a_missing_submission_metadata(capsys, tmp_path) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(ROOT / part, copy / part)
    (copy / "submissions" / "baseline" / "metadata.json").unlink()
    line = error_of(capsys, "leaderboard", "--root", str(copy))
    assert "metadata.json: error NG105" in line and "corpus" not in line and "add baseline/metadata.json beside predictions.jsonl" in line


@pytest.mark.parametrize("adapter, expected", [
    ("spacy", "python -m spacy download NAME"),
    ("transformers", "the folder the model was saved to (save_pretrained)"),
    ("gliner", "the folder the model was saved to (save_pretrained)"),
])
def test_an_unloadable_model_gets_the_hint_of_its_adapter(adapter: str, expected: str) -> None:
    [i] = unloadable(adapter, "./model", "no such folder").incidents
    assert expected in i.hint
    assert ("package name" in i.hint or "pipeline name" in i.hint) == (adapter == "spacy")
