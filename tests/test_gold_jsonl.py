"""Gold for your own corpus (``--gold FILE.jsonl``): the same coded checks as the bundled gold."""

from __future__ import annotations

import json
from pathlib import Path

import newsgold
import pytest
from newsgold.cli import main
from newsgold.gold.jsonl_gold import load_gold_jsonl

from tests.conftest import CASES

FIXTURES = CASES / "gold-jsonl"

# fixture: (code, line, JSON pointer)
EXPECTED = {
    "ng103": ("NG103", 2, None),
    "ng201": ("NG201", 2, ""),
    "ng301": ("NG301", 2, "/entities/0"),
    "ng302": ("NG302", 2, "/entities/0/text"),
    "ng305": ("NG305", 2, "/sentences/1"),
    "ng306": ("NG306", 2, "/entities/0"),
    "ng502": ("NG502", 2, "/entities/1"),
    "ng503": ("NG503", 2, "/entities/1"),
    "ng505": ("NG505", 2, "/doc_id"),
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("ng*.jsonl")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_bad_gold_file_gets_its_code_line_and_pointer(name: str) -> None:
    code, line, ptr = EXPECTED[name]
    with pytest.raises(newsgold.NewsgoldError) as e:
        load_gold_jsonl(FIXTURES / f"{name}.jsonl")
    [found] = e.value.incidents
    assert (found.code, found.line, found.pointer) == (code, line, ptr)
    assert found.file.endswith(f"{name}.jsonl")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_cli_refuses_it_with_exit_2_and_writes_nothing(name: str, tmp_path: Path, capsys) -> None:
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "d1", "entities": []}) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["score", str(preds), "--gold", str(FIXTURES / f"{name}.jsonl"), "--json", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert EXPECTED[name][0] in err and "Traceback" not in err
    assert not out.exists()


def test_any_label_set_is_scored_and_a_perfect_system_gets_f1_1(tmp_path: Path, capsys) -> None:
    gold = FIXTURES / "valid.jsonl"
    preds = tmp_path / "p.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": json.loads(line)["doc_id"], "entities": json.loads(line)["entities"]}) + "\n"
                             for line in gold.read_text(encoding="utf-8").splitlines()), encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["entities"]["strict"]["per_type"]) == {"PER"}
    assert all(m["overall"]["f1"] == 1.0 for m in report["entities"].values())


def test_predictions_for_a_document_the_gold_lacks_are_refused(tmp_path: Path, capsys) -> None:
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "nope", "entities": []}) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["score", str(preds), "--gold", str(FIXTURES / "valid.jsonl"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "NG602" in err and f"{preds}:1#/doc_id" in err and not out.exists()


def test_the_api_takes_the_same_gold_and_counts_only_shards_merge(tmp_path: Path, capsys) -> None:
    gold = FIXTURES / "valid.jsonl"
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "d1", "entities": [{"start": 0, "end": 5, "type": "PER"}]}) + "\n"
                     + json.dumps({"doc_id": "d2", "entities": [{"start": 0, "end": 7, "type": "ORG"}]}) + "\n", encoding="utf-8")
    scored = newsgold.score(gold=gold, predictions=preds)
    strict = scored.entities.modes["strict"].overall
    assert (strict.tp, strict.fp, strict.fn) == (1, 1, 1)
    assert main(["score", str(preds), "--gold", str(gold), "--counts-only", "-o", str(tmp_path / "c.json")]) == 0
    assert main(["merge", str(tmp_path / "c.json"), "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)["entities"]["strict"]["overall"]
    assert (merged["tp"], merged["fp"], merged["fn"]) == (1, 1, 1)


def test_events_given_as_spans_are_scored(tmp_path: Path) -> None:
    text = "Obama met Castro in Havana."
    record = {"doc_id": "d1", "text": text, "entities": [{"start": 0, "end": 5, "type": "PER"}],
              "events": [{"type": "Contact:Meet", "trigger": {"start": 6, "end": 9},
                          "arguments": [{"role": "Entity", "start": 0, "end": 5}, {"role": "Place", "start": 20, "end": 26}]}]}
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "d1", "entities": [], "events": [
        {"type": "Contact:Meet", "trigger": {"start": 6, "end": 9}, "arguments": [{"role": "Entity", "start": 0, "end": 5}]}]}) + "\n",
        encoding="utf-8")
    scored = newsgold.score(gold=gold, predictions=preds)
    metrics = {name: sum(c.tp for c in per.values()) for name, per in scored.events.metrics.items()}
    assert metrics["trigger_classification"] == 1 and metrics["argument_classification"] == 1
    missed = sum(c.fn for c in scored.events.metrics["argument_classification"].values())
    assert missed == 1  # the Place argument


# ---- a CoNLL gold file -----------------------------------------------------------------


def _conll_export(tmp_path: Path) -> Path:
    assert main(["export", "--root", str(CASES.parents[1]), "--format", "conll", "-o", str(tmp_path / "export")]) == 0
    return tmp_path / "export" / "gold.conll"


def test_a_conll_gold_file_is_scored_on_its_own_tokens_as_seqeval_reads_them(tmp_path: Path, capsys) -> None:
    metrics = pytest.importorskip("seqeval.metrics")
    scheme = pytest.importorskip("seqeval.scheme")
    gold = _conll_export(tmp_path)
    rows = gold.read_text(encoding="utf-8").split("\n")
    rng = __import__("random").Random(3)
    pred_rows, gold_tags, pred_tags, g_sent, p_sent = [], [], [], [], []
    for row in rows:
        cols = row.split()
        if not cols or cols[0] == "-DOCSTART-":
            if g_sent:
                gold_tags.append(g_sent)
                pred_tags.append(p_sent)
            g_sent, p_sent = [], []
            pred_rows.append(row)
            continue
        tag = cols[-1]
        r = rng.random()
        if tag != "O" and r < 0.2:
            tag = tag[:2] + rng.choice(["GPE", "ORG", "PERSON"])
        elif tag.startswith("B-") and r < 0.3:
            tag = "I-" + tag[2:]  # ill-formed in IOB2
        elif tag == "O" and r < 0.03:
            tag = "B-ORG"
        g_sent.append(cols[-1])
        p_sent.append(tag)
        pred_rows.append(" ".join([*cols[:-1], tag]))
    preds = tmp_path / "pred.conll"
    preds.write_text("\n".join(pred_rows), encoding="utf-8")
    capsys.readouterr()
    assert main(["score", str(preds), "--gold", str(gold), "--json", "--no-errors", "--modes", "strict,token_conlleval,token_iob2"]) == 0
    report = json.loads(capsys.readouterr().out)["entities"]
    for mode, kwargs in (("token_conlleval", {}), ("token_iob2", {"mode": "strict", "scheme": scheme.IOB2})):
        theirs = metrics.classification_report(gold_tags, pred_tags, output_dict=True, zero_division=0, **kwargs)
        ours = report[mode]
        assert (ours["overall"]["precision"], ours["overall"]["recall"], ours["overall"]["f1"]) == pytest.approx(
            (theirs["micro avg"]["precision"], theirs["micro avg"]["recall"], theirs["micro avg"]["f1-score"])), mode
        assert ours["macro"]["f1"] == pytest.approx(theirs["macro avg"]["f1-score"]), mode
    assert main(["score", str(gold), "--gold", str(gold), "--json", "--no-errors"]) == 0
    assert all(m["overall"]["f1"] == 1.0 for m in json.loads(capsys.readouterr().out)["entities"].values())


def test_a_conll_gold_row_without_a_tag_is_a_coded_error(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.conll"
    gold.write_text("-DOCSTART- d1\nObama B-PER\nmet\n", encoding="utf-8")
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": "d1", "entities": []}) + "\n", encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert f"{gold}:3" in err and "NG201" in err and "Traceback" not in err


def test_the_readmes_gold_line_is_a_gold_file_as_written(tmp_path: Path, capsys) -> None:
    readme = (CASES.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Score against your own corpus", 1)[1].split("\n## ", 1)[0]
    [line] = [x.strip() for x in section.splitlines() if x.strip().startswith('{"doc_id"')]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(line + "\n", encoding="utf-8")
    record = json.loads(line)
    preds = tmp_path / "pred.jsonl"
    preds.write_text(json.dumps({"doc_id": record["doc_id"], "entities": record["entities"]}) + "\n", encoding="utf-8")
    assert main(["score", str(preds), "--gold", str(gold), "--json", "--no-errors"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["strict"]["overall"]["f1"] == 1.0
    scored = newsgold.score(gold=gold, predictions=preds)  # the README's Python line, with these files
    assert scored.entities.modes["strict"].overall.f1 == 1.0
