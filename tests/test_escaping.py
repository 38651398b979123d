"""Labels and names from the inputs cannot inject into any output: one payload file
(tests/cases/payloads/payload.json), every output format."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import CASES, ROOT

PAYLOAD = json.loads((CASES / "payloads" / "payload.json").read_text(encoding="utf-8"))
LABELS: list[str] = PAYLOAD["labels"]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def predictions(tmp_path_factory) -> Path:
    """The baseline's predictions, the first entities relabelled with the payload (its clusters
    left out: the payload is in entity labels, and the coreference tables carry none)."""
    record = json.loads((ROOT / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8"))
    record.pop("clusters", None)
    for e, label in zip(record["entities"], LABELS):
        e["type"] = label
    path = tmp_path_factory.mktemp("payload") / "payload.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def score(predictions: Path, capsys, *flags: str) -> str:
    assert main(["score", "--root", str(ROOT), str(predictions), *flags]) == 0
    return capsys.readouterr().out


def test_text_writes_control_characters_as_escapes(predictions: Path, capsys) -> None:
    out = score(predictions, capsys)
    assert "\x1b" not in out and "\r" not in out and "\t" not in out
    for label in LABELS:
        shown = label.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n").replace("\x1b", "\\x1b")
        assert any(line.strip().startswith(shown + " ") for line in out.splitlines()), label  # one row, on one line


def test_json_keeps_every_label_exactly(predictions: Path, capsys) -> None:
    report = json.loads(score(predictions, capsys, "--json"))
    assert set(LABELS) <= set(report["entities"]["strict"]["per_type"])


def test_markdown_rows_keep_their_cells_and_no_html(predictions: Path, capsys) -> None:
    out = score(predictions, capsys, "--markdown", "--max-errors", "0")
    assert "<script" not in out and "<img" not in out
    unescaped_bars = lambda line: len(re.findall(r"(?<!\\)\|", line))  # noqa: E731
    table: list[str] = []
    for line in [*out.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:  # every row of a table has the header's cells
            assert {unescaped_bars(x) for x in table} == {unescaped_bars(table[0])}, table
            table = []
    for label in LABELS:
        assert any(line.startswith(f"| {label.replace('|', chr(92) + '|').replace('<', '&lt;').replace(chr(10), ' ').replace(chr(13), ' ').replace(chr(27), '[ESC]').replace('[ESC]', chr(92) + 'x1b')} |")
                   for line in out.splitlines()), label


def test_csv_cells_never_begin_a_formula(predictions: Path, capsys) -> None:
    rows = list(csv.reader(io.StringIO(score(predictions, capsys, "--csv"))))
    assert all(not cell.startswith(FORMULA) for row in rows for cell in row)
    types = {row[3] for row in rows[1:]}
    for label in LABELS:  # control characters (but a tab) as their escapes: a row is one line
        shown = label.replace("\r", "\\r").replace("\n", "\\n").replace("\x1b", "\\x1b")
        assert ("'" + shown if shown.startswith(FORMULA) else shown) in types, label


def test_the_html_report_renders_the_payload_inert(predictions: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.html"
    assert main(["report", "--root", str(ROOT), str(predictions), "-o", str(page)]) == 0
    capsys.readouterr()
    text = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_leaderboard_escapes_metadata_and_links_only_to_the_web(tmp_path: Path, capsys) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations"):
        shutil.copytree(ROOT / part, copy / part)
    (copy / "submissions").mkdir()
    shutil.copytree(ROOT / "submissions" / "spacy-en-core-web-sm", copy / "submissions" / "x")
    meta_path = copy / "submissions" / "x" / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(system=PAYLOAD["system"], url=PAYLOAD["url"], license="=HYPERLINK(1)|x")
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert main(["leaderboard", "--root", str(copy)]) == 0
    capsys.readouterr()
    board = (copy / "LEADERBOARD.md").read_text(encoding="utf-8")
    assert "<script" not in board and "javascript:" not in board
    rows = [line for line in board.splitlines() if "&lt;script>alert(1)&lt;/script> \\| =cmd next" in line]
    assert rows and all(line.startswith("| ") and line.endswith(" |") for line in rows)
    assert main(["leaderboard", "--root", str(copy), "--html"]) == 0
    page = capsys.readouterr().out
    assert "<script>alert" not in page and "javascript:" not in page and 'href="' not in page.split("<h2>Systems</h2>")[1]
