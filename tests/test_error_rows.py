"""Every error row names its document, its sentence within the document and its offsets, in every
format; the text report groups the errors by document. On a multi-document gold of its own."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from newsgold.cli import main

# Two documents of two sentences each; each has one error in its second sentence, so a sentence
# number that restarted at 0 in every document could not tell them apart without the doc_id.
TEXTS = {
    "beta": "Anna met Bob. Then Carl left Rome.",
    "alpha": "Dora sang. Eve flew to Oslo today.",
}


def _span(doc: str, word: str, type_: str) -> dict[str, object]:
    start = TEXTS[doc].index(word)
    return {"start": start, "end": start + len(word), "text": word, "type": type_}


def _sentences(text: str) -> list[dict[str, int]]:
    cut = text.index(". ") + 1
    return [{"start": 0, "end": cut}, {"start": cut + 1, "end": len(text)}]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold_entities = {
        "beta": [_span("beta", "Anna", "PER"), _span("beta", "Carl", "PER"), _span("beta", "Rome", "LOC")],
        "alpha": [_span("alpha", "Dora", "PER"), _span("alpha", "Oslo", "LOC")],
    }
    pred_entities = {
        "beta": [_span("beta", "Anna", "PER"), _span("beta", "Carl", "LOC"), _span("beta", "Rome", "LOC")],
        "alpha": [_span("alpha", "Dora", "PER")],  # Oslo missed
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            json.dumps({"doc_id": d, "text": t, "sentences": _sentences(t), "entities": gold_entities[d]}) + "\n"
            for d, t in TEXTS.items()
        ),
        encoding="utf-8",
    )
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps({"doc_id": d, "entities": e}) + "\n" for d, e in pred_entities.items()))
    return gold, preds


# doc_id, sentence, kind, gold (type, start, end), predicted (type, start, end)
EXPECTED = [
    ("alpha", 1, "missed", ("LOC", 23, 27), None),
    ("beta", 1, "type", ("PER", 19, 23), ("LOC", 19, 23)),
]


def _score(files: tuple[Path, Path], *fmt: str, capsys: pytest.CaptureFixture[str]) -> str:
    gold, preds = files
    assert main(["score", str(preds), "--gold", str(gold), "--layers", "entities", *fmt]) == 0
    return capsys.readouterr().out


def test_the_expectation_matches_the_texts() -> None:
    assert TEXTS["alpha"][23:27] == "Oslo" and TEXTS["beta"][19:23] == "Carl"


def test_json_error_records_name_document_sentence_and_offsets(files, capsys) -> None:
    report = json.loads(_score(files, "--json", capsys=capsys))
    got = [
        (
            e["doc_id"],
            e["sentence"],
            e["kind"],
            e["gold_type"] and (e["gold_type"], e["gold_start"], e["gold_end"]),
            e["pred_type"] and (e["pred_type"], e["pred_start"], e["pred_end"]),
        )
        for e in report["entity_errors"]
    ]
    assert got == EXPECTED


def test_the_text_report_groups_errors_under_their_document(files, capsys) -> None:
    out = _score(files, capsys=capsys)
    block = out[out.index("strict errors:") :]
    assert block.index("document alpha") < block.index("'Oslo' [23, 27)") < block.index("document beta")
    assert block.index("document beta") < block.index("PER 'Carl' [19, 23)") < block.index("LOC 'Carl' [19, 23)")
    # each row starts with the sentence index within its document
    rows = [line.split() for line in block.splitlines() if "[" in line and "'" in line]
    assert [(r[0], r[1]) for r in rows] == [("1", "missed"), ("1", "type")]
    assert "index within the document" in block


def test_the_markdown_report_has_a_document_column(files, capsys) -> None:
    out = _score(files, "--markdown", capsys=capsys)
    rows = [line for line in out.splitlines() if line.startswith("| alpha") or line.startswith("| beta")]
    assert rows == [
        "| alpha | 1 | missed | LOC 'Oslo' [23, 27) | - |",
        "| beta | 1 | type | PER 'Carl' [19, 23) | LOC 'Carl' [19, 23) |",
    ]


def test_the_csv_report_has_one_row_per_error_after_the_scores(files, capsys) -> None:
    rows = list(csv.DictReader(io.StringIO(_score(files, "--csv", capsys=capsys))))
    errors = [r for r in rows if r["type"] == "ERROR"]
    got = [
        (
            r["doc_id"],
            int(r["sentence"]),
            r["kind"],
            r["gold_type"] and (r["gold_type"], int(r["gold_start"]), int(r["gold_end"])),
            r["pred_type"] and (r["pred_type"], int(r["pred_start"]), int(r["pred_end"])),
        )
        for r in errors
    ]
    assert got == [(d, s, k, g, p or "") for d, s, k, g, p in EXPECTED]
    assert all(r["mode"] == "strict" and r["tp"] == "" for r in errors)
    scores = [r for r in rows if r["type"] != "ERROR"]
    assert scores and all(r["doc_id"] == "" for r in scores) and rows.index(errors[0]) == len(scores)


def test_html_error_rows_sit_in_their_documents_table(files, tmp_path: Path, capsys) -> None:
    gold, preds = files
    page = tmp_path / "r.html"
    assert main(["report", str(preds), "--gold", str(gold), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-r="[^"]+" data-outcome="([^"]+)" data-doc="([^"]+)">(.*?)</tr>', html)
    assert [(doc, outcome) for outcome, doc, _ in rows] == [("alpha", "missed"), ("beta", "type")]  # by document, as the text report
    cells = {doc: re.findall(r"<td[^>]*>(.*?)</td>", body) for _, doc, body in rows}
    assert "[23, 27)" in cells["alpha"] and cells["alpha"][-1] == "1"
    assert "[19, 23)" in cells["beta"] and cells["beta"][-1] == "1"
    assert "<caption>Strict errors in alpha" in html and "<caption>Strict errors in beta" in html
