"""Messages that point at the fix: the gold formats said once and alike everywhere, a user's gold
told about its own shape, a forgotten --gold and a CoNLL-2003 label set named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.sources import CONLL_SUFFIXES, GOLD_FILE_SUFFIXES, GOLD_FORMATS

from tests.conftest import ROOT


def test_the_gold_formats_are_the_suffixes_load_corpus_reads() -> None:
    for suffix in (*GOLD_FILE_SUFFIXES, *CONLL_SUFFIXES):
        assert suffix in GOLD_FORMATS
    assert ".json " not in GOLD_FORMATS + " " and ".json," not in GOLD_FORMATS


def test_the_help_the_readme_and_the_hints_say_the_same_formats(tmp_path: Path, capsys) -> None:
    assert GOLD_FORMATS in (ROOT / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    assert " ".join(GOLD_FORMATS.split()) in " ".join(capsys.readouterr().out.split())
    preds = tmp_path / "p.jsonl"
    preds.write_text('{"doc_id": "d1", "entities": []}\n', encoding="utf-8")
    for gold in (tmp_path / "missing.jsonl", tmp_path / "gold.json"):
        if gold.suffix == ".json":
            gold.write_text("{}", encoding="utf-8")
        assert main(["score", str(preds), "--gold", str(gold)]) == 2
        err = capsys.readouterr().err
        assert GOLD_FORMATS in err and ".json gold files are accepted" not in err


def _gold(tmp_path: Path, *records: dict) -> Path:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return gold


def test_a_gold_span_with_label_for_type_is_told_which_key_and_where(tmp_path: Path, capsys) -> None:
    gold = _gold(
        tmp_path,
        {"doc_id": "d1", "text": "Obama met Castro.", "entities": [{"start": 0, "end": 5, "type": "PER"},
                                                                   {"start": 10, "end": 16, "label": "PER"}]},
        {"doc_id": "d2", "text": "Hi there.", "entities": [{"start": 0, "end": 2}]},
    )
    preds = tmp_path / "p.jsonl"
    preds.write_text('{"doc_id": "d1", "entities": []}\n', encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    # both lines' problems in one run, each with its line and pointer
    assert "gold.jsonl:1#/entities/1: error NG201" in err and "'label'" in err and 'rename "label" to "type"' in err
    assert "gold.jsonl:2#/entities/0: error NG201" in err and "missing field 'type'" in err
    assert "annotations/schema" not in err and "Score against your own corpus" in err


def test_an_unknown_doc_id_on_the_bundled_gold_asks_about_gold(tmp_path: Path, capsys, frozen_root, monkeypatch) -> None:
    monkeypatch.chdir(frozen_root)
    preds = tmp_path / "p.jsonl"
    preds.write_text('{"doc_id": "news1", "entities": []}\n', encoding="utf-8")
    assert main(["score", str(preds)]) == 2
    err = capsys.readouterr().err
    assert "NG602" in err and "unknown doc_id 'news1'" in err and "--gold YOUR_GOLD" in err


def test_a_conll2003_label_set_on_the_bundled_gold_is_told_to_map_conll2003(frozen_root, monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.chdir(frozen_root)
    gold = json.loads(next((frozen_root / "annotations" / "gold").glob("*.json")).read_text(encoding="utf-8"))
    to03 = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "NORP": "MISC"}
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": gold["doc_id"], "entities": [
        {"start": e["start"], "end": e["end"], "type": to03[e["type"]]} for e in gold["entities"] if e["type"] in to03]}) + "\n",
        encoding="utf-8")
    assert main(["score", str(preds), "--json"]) == 0
    warnings = [w for w in json.loads(capsys.readouterr().out)["warnings"] if w["code"] == "NG604"]
    assert {w["message"].split("'")[1] for w in warnings} == {"PER", "MISC"}
    assert all("--map conll2003" in w["hint"] and "--label-map" not in w["hint"] for w in warnings)


def test_a_user_gold_with_its_own_labels_gets_no_scheme_hint(tmp_path: Path, capsys) -> None:
    gold = _gold(tmp_path, {"doc_id": "d1", "text": "Take aspirin.", "entities": [{"start": 5, "end": 12, "type": "DRUG"}]})
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "d1", "entities": [{"start": 5, "end": 12, "type": "MISC"}]}) + "\n", encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold), "--json"]) == 0
    [w] = [w for w in json.loads(capsys.readouterr().out)["warnings"] if w["code"] == "NG604"]
    assert "--map" not in w["hint"] and "--label-map" in w["hint"]
