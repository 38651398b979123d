"""A layer or a value a system does not predict is '-' (not predicted) in every command, never
0.00; every command's text shows scores on one scale (percent)."""

from __future__ import annotations

import json

from newsgold.cli import main

from tests.conftest import DOC_ID, FROZEN, ROOT

SPACY = "submissions/spacy-en-core-web-sm/predictions.jsonl"
GOLD = f"annotations/gold/{DOC_ID}.json"
PASS2 = f"annotations/adjudication/pass2-entities/{DOC_ID}.json"


def test_timex_values_a_system_does_not_give_are_not_predicted(capsys) -> None:
    assert main(["score", "--root", str(FROZEN), str(ROOT / SPACY), "--json", "--modes", "strict"]) == 0
    timex = json.loads(capsys.readouterr().out)["timex"]
    assert timex["relaxed"]["tp"] == 13 and timex["values_predicted"] == 0
    assert timex["value_accuracy"] is None and timex["value_f1"] is None
    assert main(["score", "--root", str(FROZEN), str(ROOT / SPACY), "--modes", "strict"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("TIMEX"))
    assert "value accuracy -  value F1 -  (no values predicted)" in line


def test_diff_shows_the_events_of_a_system_without_events_as_not_predicted(capsys, monkeypatch, frozen_root) -> None:
    monkeypatch.chdir(frozen_root)
    assert main(["diff", PASS2, GOLD]) == 0
    row = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("  spacy-en-core-web-sm:"))
    assert "trigger_classification - -> -" in row and "argument_classification - -> -" in row and "0.00" not in row


def test_agree_prints_percentages_and_a_layer_one_set_did_not_annotate_as_not_annotated(capsys, monkeypatch, frozen_root) -> None:
    monkeypatch.chdir(frozen_root)
    assert main(["agree", GOLD, PASS2]) == 0
    out = capsys.readouterr().out
    assert "entities  strict                   F1 100.00" in out and "mentions  strict                   F1  93.88" in out
    assert "events    trigger_classification   F1      -  (B annotated no events)" in out
    assert "0.9388" not in out and "0.0000" not in out
    assert "coreference of entities: CoNLL F1 97.18 (MUC 97.44, B-cubed 98.32, CEAFe 95.79, LEA 95.03)" in out
    assert "coreference of events" not in out  # B annotated no events


def test_agree_and_diff_read_the_doc_id_of_a_file_given_by_name(tmp_path, capsys, monkeypatch, frozen_root) -> None:
    monkeypatch.chdir(frozen_root)
    mine, theirs = tmp_path / "mine.json", tmp_path / "second pass.json"
    mine.write_bytes((FROZEN / GOLD).read_bytes())
    theirs.write_bytes((FROZEN / PASS2).read_bytes())
    assert main(["agree", str(mine), str(theirs)]) == 0, capsys.readouterr().err
    assert "mentions  strict                   F1  93.88" in capsys.readouterr().out
    assert main(["diff", str(theirs), str(mine), "--no-scores"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("71 change(s)")
