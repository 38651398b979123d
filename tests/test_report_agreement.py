"""Every report format shows the same things: weighted averages beside macro ones, a document
count for every layer, a legend that fits any corpus. On a gold built here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from newsgold.cli import main

TEXTS = {"d1": "Ann met Bo in Oslo.", "d2": "Cy flew to Rome and Oslo."}
GOLD = {
    "d1": [(0, 3, "PER"), (8, 10, "PER"), (14, 18, "LOC")],
    "d2": [(0, 2, "PER"), (11, 15, "LOC")],
}
PRED = {"d1": [(0, 3, "PER"), (8, 10, "LOC"), (14, 18, "LOC")], "d2": [(0, 2, "PER"), (11, 15, "LOC")]}
EVENTS = {"d2": [{"type": "Movement:Transport", "trigger": {"start": 3, "end": 7},
                  "arguments": [{"role": "Artifact", "start": 0, "end": 2}, {"role": "Destination", "start": 11, "end": 15}]}]}


def _spans(doc: str, spans: list[tuple[int, int, str]]) -> list[dict[str, object]]:
    return [{"start": s, "end": e, "type": t, "text": TEXTS[doc][s:e]} for s, e, t in spans]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold, preds = tmp_path / "gold.jsonl", tmp_path / "preds.jsonl"
    gold.write_text("".join(json.dumps({"doc_id": d, "text": t, "entities": _spans(d, GOLD[d]), "events": EVENTS.get(d, [])}) + "\n"
                            for d, t in TEXTS.items()), encoding="utf-8")
    preds.write_text("".join(json.dumps({"doc_id": d, "entities": _spans(d, PRED[d]), "events": EVENTS.get(d, [])}) + "\n"
                             for d in TEXTS), encoding="utf-8")
    return gold, preds


# Strict per type: PER tp 2 fn 1 (Bo predicted LOC): P 1, R 2/3, F1 0.8, support 3; LOC tp 2
# fp 1: P 2/3, R 1, F1 0.8, support 2. Weighted by support, unlike the macro mean (P 5/6, R 5/6).
WEIGHTED = {"precision": (3 * 1 + 2 * 2 / 3) / 5, "recall": (3 * 2 / 3 + 2 * 1) / 5, "f1": 0.8}


def _run(files: tuple[Path, Path], *args: str, capsys: pytest.CaptureFixture[str]) -> str:
    gold, preds = files
    assert main(["score", str(preds), "--gold", str(gold), *args]) == 0
    return capsys.readouterr().out


def test_the_json_weighted_average_is_the_hand_count(files, capsys) -> None:
    weighted = json.loads(_run(files, "--json", capsys=capsys))["entities"]["strict"]["weighted"]
    assert weighted == pytest.approx(WEIGHTED)


def test_the_text_report_shows_the_weighted_average_beside_the_macro(files, capsys) -> None:
    out = _run(files, "--modes", "strict", "--layers", "entities", capsys=capsys)
    [line] = [x for x in out.splitlines() if x.strip().startswith("weighted avg")]
    assert line.split()[2:] == [f"{WEIGHTED[k] * 100:.2f}" for k in ("precision", "recall", "f1")]
    assert out.index("macro avg") < out.index("weighted avg") < out.index("strict errors")


def test_the_html_tables_show_the_weighted_average(files, tmp_path: Path, capsys) -> None:
    gold, preds = files
    page = tmp_path / "r.html"
    assert main(["report", str(preds), "--gold", str(gold), "--layers", "entities", "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    table = html[html.index('data-metric="entities/strict"') :]
    row = re.search(r'<tr class="avg" data-type="weighted average">(.*?)</tr>', table)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))[:3]
    assert cells == [f"{WEIGHTED[k] * 100:.2f}" for k in ("precision", "recall", "f1")]


def test_the_html_legend_names_no_word_of_one_corpus(files, tmp_path: Path, capsys) -> None:
    gold, preds = files
    page = tmp_path / "r.html"
    assert main(["report", str(preds), "--gold", str(gold), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    legend = html[html.index('<ul class="legend">') : html.index("</ul>", html.index('<ul class="legend">'))]
    samples = re.findall(r'<span class="m [^"]*">([^<]*)</span>', legend)
    assert len(samples) == 6 and set(samples) == {"span"}


@pytest.mark.parametrize("layers", ["entities", "events", "entities,events"])
def test_every_layer_says_how_many_documents_were_scored(files, layers, capsys) -> None:
    report = json.loads(_run(files, "--layers", layers, "--json", capsys=capsys))
    assert report["documents"] == 2
    assert "documents 2 " in _run(files, "--layers", layers, capsys=capsys)
    assert ", 2 document(s)" in _run(files, "--layers", layers, "--markdown", capsys=capsys)
