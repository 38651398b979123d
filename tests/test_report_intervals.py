"""Every report that compares shows F1's bootstrap interval: seeded, holding the point score,
document-level on a corpus with enough documents and sentence-level on one document, and the
report says which."""

from __future__ import annotations

import json
from pathlib import Path

import newsgold
import pytest
from newsgold.cli import main
from newsgold.studies.bootstrap import MIN_DOCUMENTS

from tests.conftest import FROZEN

BASELINE = Path(__file__).resolve().parents[1] / "submissions" / "baseline" / "predictions.jsonl"


def _json(capsys, *args: str) -> dict:
    assert main(["score", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_one_document_resamples_its_sentences_and_every_interval_holds_its_score(capsys) -> None:
    report = _json(capsys, str(BASELINE), "--root", str(FROZEN))
    iv = report["intervals"]
    assert (iv["resampled"], iv["documents"], iv["seed"], iv["level"]) == ("sentences", 1, 0, 0.95)
    assert iv["units"] == len(next(iter(newsgold.load_corpus(FROZEN)))[0].sentences)
    for layer in ("entities", "events"):
        for name, block in report[layer].items():
            lo, hi = block["f1_interval"]  # token modes too: their chunks are booked by sentence
            assert 0 <= lo <= block["overall"]["f1"] <= hi <= 1, (layer, name)
    lo, hi = report["entities"]["strict"]["f1_interval"]
    assert hi - lo > 0.05  # 66 entities in 13 sentences leave real uncertainty
    assert _json(capsys, str(BASELINE), "--root", str(FROZEN))["entities"] == report["entities"]  # seeded


def _corpus(tmp_path: Path, n: int) -> tuple[Path, Path]:
    """``n`` identical documents of two sentences: the first sentence's entity is found, the
    second's is missed. Every document scores F1 0.5, so resampling documents cannot move F1,
    while resampling sentences can."""
    text = "Ana came. Bo left."
    gold, preds = [], []
    for i in range(n):
        gold.append({"doc_id": f"d{i:02d}", "text": text, "sentences": [{"start": 0, "end": 9}, {"start": 10, "end": 18}],
                     "entities": [{"start": 0, "end": 3, "type": "PER", "text": "Ana"},
                                  {"start": 10, "end": 12, "type": "PER", "text": "Bo"}]})
        preds.append({"doc_id": f"d{i:02d}", "entities": [{"start": 0, "end": 3, "type": "PER"}]})
    g, p = tmp_path / "gold.jsonl", tmp_path / "preds.jsonl"
    g.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    p.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
    return g, p


def test_enough_documents_are_resampled_whole(tmp_path: Path, capsys) -> None:
    gold, preds = _corpus(tmp_path, MIN_DOCUMENTS)
    report = _json(capsys, str(preds), "--gold", str(gold))
    assert report["intervals"]["resampled"] == "documents" and report["intervals"]["units"] == MIN_DOCUMENTS
    f1 = report["entities"]["strict"]["overall"]["f1"]
    assert f1 == pytest.approx(2 / 3) and report["entities"]["strict"]["f1_interval"] == [f1, f1]


def test_fewer_documents_resample_sentences(tmp_path: Path, capsys) -> None:
    gold, preds = _corpus(tmp_path, MIN_DOCUMENTS - 1)
    report = _json(capsys, str(preds), "--gold", str(gold))
    assert report["intervals"]["resampled"] == "sentences"
    assert report["intervals"]["units"] == 2 * (MIN_DOCUMENTS - 1)
    lo, hi = report["entities"]["strict"]["f1_interval"]
    assert lo < 2 / 3 < hi


def test_text_markdown_and_html_show_the_json_intervals(tmp_path: Path, capsys) -> None:
    args = [str(BASELINE), "--root", str(FROZEN)]
    report = _json(capsys, *args)
    lo, hi = report["entities"]["strict"]["f1_interval"]
    cell = f"[{lo * 100:.2f}, {hi * 100:.2f}]"
    assert main(["score", *args]) == 0
    text = capsys.readouterr().out
    strict_row = next(line for line in text.splitlines() if line.startswith("strict "))
    assert cell in strict_row and "F1 95% CI" in text
    assert "13 sentences resampled (item-level: 1 document" in text and "seed 0" in text
    assert main(["score", *args, "--markdown"]) == 0
    md = capsys.readouterr().out
    assert f"| strict | 93.94 | 93.94 | 93.94 | {cell} |" in md and "item-level" in md
    page = tmp_path / "r.html"
    assert main(["report", *args, "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert f'<td class="num ci">{cell}</td>' in html and 'id="intervals"' in html


def test_merged_counts_carry_no_intervals(tmp_path: Path, capsys) -> None:
    counts = tmp_path / "c.json"
    assert main(["score", str(BASELINE), "--root", str(FROZEN), "--counts-only", "-o", str(counts)]) == 0
    capsys.readouterr()
    assert main(["merge", str(counts)]) == 0
    assert "F1 95% CI" not in capsys.readouterr().out


def test_no_intervals_leaves_them_out(capsys) -> None:
    report = _json(capsys, str(BASELINE), "--root", str(FROZEN), "--no-intervals")
    assert "intervals" not in report and "f1_interval" not in report["entities"]["strict"]


def test_the_api_draws_intervals_where_errors_are_listed_and_a_lean_scoring_keeps_counts_only() -> None:
    full = newsgold.score(gold=FROZEN, predictions=BASELINE)
    lean = newsgold.score(gold=FROZEN, predictions=BASELINE, errors=False)
    assert full.intervals is not None and full.entities.modes["strict"].units is not None
    assert lean.intervals is None and all(r.units is None for r in lean.entities.modes.values())
    # the counts by unit are booked as the scoring goes: no alignment is kept for them
    assert all(r.alignment is None for r in [*full.entities.modes.values(), *lean.entities.modes.values()])
    assert "intervals" in newsgold.report(newsgold.score(gold=FROZEN, predictions=BASELINE, errors=False, intervals=True))


def test_every_per_type_row_has_its_interval_from_the_same_replicates(capsys) -> None:
    report = _json(capsys, str(BASELINE), "--root", str(FROZEN))
    tables = {(layer, name) for layer in ("entities", "events") for name in report[layer]}
    assert ("entities", "token_iob2") in tables and ("entities", "exact") in tables
    for layer, name in tables:
        for t, row in report[layer][name]["per_type"].items():
            if row["f1"] is None:
                assert row["f1_interval"] is None, t
            else:
                lo, hi = row["f1_interval"]
                assert 0 <= lo <= hi <= 1, t
    assert report["entities"]["strict"]["per_type"]["ORG"]["f1_interval"][0] < 0.75  # 4 of 10 ORG missed
    # one type only: its row is the overall row, drawn on the same replicates, so the same interval
    alone = _json(capsys, str(BASELINE), "--root", str(FROZEN), "--types", "ORG", "--layers", "entities")
    (row,) = alone["entities"]["strict"]["per_type"].values()
    assert row["f1_interval"] == alone["entities"]["strict"]["f1_interval"] is not None
    assert main(["score", str(BASELINE), "--root", str(FROZEN)]) == 0  # the text shows them in its breakdowns
    text = capsys.readouterr().out
    lo, hi = report["entities"]["strict"]["per_type"]["ORG"]["f1_interval"]
    org = next(line for line in text.splitlines() if line.startswith("  ORG "))
    assert f"[{lo * 100:.2f}, {hi * 100:.2f}]" in org
