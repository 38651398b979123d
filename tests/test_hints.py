"""Every hint is about the case at hand: a missing label map is not a missing corpus
document, a missing predictions file is not a gold file, a folder of JSON Lines is not a
folder that lacks .ann files, and a model folder is not a package name."""

from __future__ import annotations

import json
import shutil

import pytest
from newsgold.adapters.base import unloadable
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT

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
    assert "give one file (formats for these suffixes: bio-jsonl, dygiepp, gliner, hf, jsonl, text-only, textee)" in line


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


def test_canonical_json_lines_saved_as_json_are_sniffed_not_read_as_label_studio(capsys, tmp_path) -> None:
    preds = tmp_path / "preds.json"
    shutil.copy(BASE, preds)
    assert main(["score", "--root", str(ROOT), str(preds), "--json"]) == 0
    assert '"format": "jsonl"' in capsys.readouterr().out


def test_a_detected_format_that_fails_says_it_was_a_guess_and_what_else_was_considered(capsys, tmp_path) -> None:
    bad = tmp_path / "preds.json"
    bad.write_text('{"doc_id": "nope"}\n', encoding="utf-8")
    assert main(["score", "--root", str(ROOT), str(bad)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert "error NG602" in lines[0]
    assert "warning NG607" in lines[1] and "read as jsonl, detected from its .json suffix and content" in lines[1]
    assert "also considered: gliner, hf, text-only, textee, dygiepp, bio-jsonl, label-studio" in lines[1] and "pass --format" in lines[1]
    assert main(["score", "--root", str(ROOT), str(bad), "--format", "jsonl"]) == 2
    assert "NG607" not in capsys.readouterr().err  # a format the user chose is no guess


def test_byte_offsets_without_text_are_warned_about_with_ng302s_hint(capsys, tmp_path) -> None:
    text = (ROOT / "corpus" / "efe-2010-02-18-us-cuba-migration-talks.txt").read_text(encoding="utf-8")
    line = json.loads((ROOT / "submissions/baseline/predictions.jsonl").read_text(encoding="utf-8").splitlines()[0])
    as_bytes = lambda i: len(text[:i].encode("utf-8"))  # noqa: E731
    line["entities"] = [{"start": as_bytes(e["start"]), "end": as_bytes(e["end"]), "type": e["type"]} for e in line["entities"]
                        if as_bytes(e["end"]) <= len(text)]
    line.pop("events", None)
    preds = tmp_path / "bytes.jsonl"
    preds.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(ROOT), str(preds), "--modes", "strict", "--no-per-type"]) == 0
    err = capsys.readouterr().err
    assert "warning NG302: 48 of 65" in err and "spans given without text are off token boundaries" in err
    assert "(hint: the offsets fit UTF-8 byte counting: count Unicode code points instead (" in err
    line["entities"] = [{**e, "start": e["start"], "end": e["end"]} for e in json.loads(
        (ROOT / "submissions/baseline/predictions.jsonl").read_text(encoding="utf-8").splitlines()[0])["entities"]]
    for e in line["entities"]:
        e.pop("text")
    preds.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(ROOT), str(preds), "--modes", "strict"]) == 0
    assert "NG302" not in capsys.readouterr().err  # code point offsets without text: nothing to say


def test_byte_offsets_that_move_only_a_spans_end_are_warned_about_too(capsys, tmp_path) -> None:
    """"Señor Peña" is bytes [0, 12) and code points [0, 10): the start reads alike both ways, so
    the example the warning gives is the span whose end moves (this once ended in an NG010)."""
    gold, preds = tmp_path / "gold.jsonl", tmp_path / "preds.jsonl"
    gold.write_text(json.dumps({"doc_id": "d1", "text": "Señor Peña llegó a Cuba", "entities": []}) + "\n", encoding="utf-8")
    preds.write_text(json.dumps({"doc_id": "d1", "entities": [{"start": 0, "end": 12, "type": "PER"}]}) + "\n", encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold), "--modes", "strict"]) == 0
    err = capsys.readouterr().err
    assert "warning NG302: 1 of 1 spans given without text are off token boundaries" in err, err
    assert "Señor Peña is at [0, 10)" in err and "NG010" not in err
    # a gold without entities has no labels and no scheme: said so, with no --map to try
    assert "warning NG604: label 'PER' (1 prediction) is not one of the gold's labels (it has none)" in err
    assert "--map" not in err


def test_a_plain_error_in_a_plainly_detected_file_gets_no_guess_note(capsys, tmp_path) -> None:
    bad = tmp_path / "preds.jsonl"
    bad.write_text(json.dumps({"doc_id": DOC_ID, "entities": [{"start": 0, "end": 10, "type": "GPE", "text": "Washingto"}]}) + "\n",
                   encoding="utf-8")
    assert main(["score", "--root", str(ROOT), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "NG302" in err and "NG607" not in err
