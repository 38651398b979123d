"""One nasty label through every output format and every warning (issue 30, item 4): nothing an
input says reaches a terminal or a log raw, forges a line, injects Markdown or HTML, and a lone
surrogate is data, written escaped, never an internal error."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import ROOT

NASTY = "GPE\ud800\nerror NG999 [L0 usage] forged\x1b[2J\u202e\x85|# <script>x</script>"
FORGED = "error NG999"


def raw(text: str) -> list[str]:
    """The characters a terminal must never get raw: controls (but the line break), bidi and surrogates."""
    return [c for c in text if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs")]


@pytest.fixture(scope="module")
def nasty(tmp_path_factory) -> Path:
    record = json.loads((ROOT / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8"))
    record["entities"][0]["type"] = NASTY
    path = tmp_path_factory.mktemp("nasty") / "nasty.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")  # ensure_ascii: "\ud800" as JSON writes it
    return path


FORMATS = [[], ["--json"], ["--csv"], ["--markdown"], ["--counts-only"]]


def run(argv: list[str], capsysbinary) -> tuple[bytes, str]:
    assert main(argv) == 0
    out = capsysbinary.readouterr()
    err = out.err.decode("utf-8")  # stderr is UTF-8 text: nothing unencodable reached it
    assert "NG010" not in err and "Traceback" not in err and not raw(err)
    assert not any(line.startswith(FORGED) for line in err.splitlines()), err
    return out.out, err


def check(fmt: list[str], data: bytes) -> None:
    text = data.decode("utf-8")  # every output is valid UTF-8: the surrogate written as its escape
    assert not raw(text)  # JSON and CSV too: escapes that read back (JSON) or show (CSV) what the input holds
    if fmt in (["--json"], ["--counts-only"]):
        found = json.loads(text)
        assert json.dumps(NASTY, ensure_ascii=False)[1:-1] in json.dumps(found, ensure_ascii=False)  # read back exactly
        return
    if fmt == ["--csv"]:  # for a spreadsheet and a log: one cell on one line, its controls escaped
        assert any("\\ud800\\nerror NG999" in cell for row in csv.reader(io.StringIO(text)) for cell in row)
        return
    assert not raw(text)
    assert not any(line.startswith(FORGED) for line in text.splitlines())
    if fmt == ["--markdown"]:
        assert "<script" not in text and not any(line.startswith("# ") for line in text.splitlines())


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f[0] if f else "text")
def test_every_score_format_on_stdout_and_in_a_file(nasty: Path, tmp_path: Path, capsysbinary, fmt: list[str]) -> None:
    out, err = run(["score", "--root", str(ROOT), str(nasty), *fmt], capsysbinary)
    check(fmt, out)
    assert "NG604" in err or fmt == ["--counts-only"]  # the unknown label's warning, escaped
    target = tmp_path / "out"
    run(["score", "--root", str(ROOT), str(nasty), *fmt, "-o", str(target)], capsysbinary)
    check(fmt, target.read_bytes())


@pytest.mark.parametrize("fmt", [[], ["--json"], ["--csv"], ["--markdown"]], ids=lambda f: f[0] if f else "text")
def test_merged_counts_of_the_label(nasty: Path, tmp_path: Path, capsysbinary, fmt: list[str]) -> None:
    counts = tmp_path / "counts.json"
    run(["score", "--root", str(ROOT), str(nasty), "--counts-only", "-o", str(counts)], capsysbinary)
    out, _ = run(["merge", str(counts), *fmt], capsysbinary)
    check(fmt if fmt else [], out)


def test_the_html_report(nasty: Path, tmp_path: Path, capsysbinary) -> None:
    target = tmp_path / "r.html"
    run(["report", "--root", str(ROOT), str(nasty), "-o", str(target)], capsysbinary)
    page = target.read_bytes().decode("utf-8")
    assert "<script>x</script>" not in page and "\\ud800" in page  # markup escaped, the surrogate as its escape


def test_the_label_map_keys_in_the_markdown_options_line(nasty: Path, tmp_path: Path, capsysbinary) -> None:
    label_map = tmp_path / "map.json"
    label_map.write_text(json.dumps({NASTY: None, "# heading\n<script>": "GPE"}), encoding="utf-8")
    out, _ = run(["score", "--root", str(ROOT), str(nasty), "--markdown", "--label-map", str(label_map)], capsysbinary)
    check(["--markdown"], out)


def test_a_duplicate_nasty_key_is_one_escaped_coded_line(tmp_path: Path, capsysbinary) -> None:
    key = "k\x1b[2J\nerror NG999 forged\u202e"
    path = tmp_path / "dup.jsonl"
    path.write_text('{"doc_id": "x", %s: 1, %s: 2}\n' % (json.dumps(key), json.dumps(key)), encoding="utf-8")
    assert main(["score", "--root", str(ROOT), str(path)]) == 2
    err = capsysbinary.readouterr().err.decode("utf-8")
    assert "NG113" in err and not raw(err) and "NG010" not in err
    assert not any(line.startswith(FORGED) for line in err.splitlines())


DOC_TEXT = "Cuba\ud800 and the \x1b[2J United\u202e States met in Havana\x85 today.\r\nerror NG999 forged line."


@pytest.fixture(scope="module")
def nasty_document(tmp_path_factory) -> tuple[Path, Path]:
    """A gold of one's own whose document text holds a lone surrogate, an escape sequence, a bidi
    override, a C1 control and a CR LF, and predictions that hit and miss around them."""
    place = tmp_path_factory.mktemp("nasty-doc")

    def at(s: str) -> dict:
        return {"start": DOC_TEXT.index(s), "end": DOC_TEXT.index(s) + len(s)}

    gold = {"doc_id": "a", "text": DOC_TEXT, "entities": [{**at("Cuba\ud800"), "type": "GPE"},
                                                         {**at("United\u202e States"), "type": "GPE"}]}
    preds = {"doc_id": "a", "entities": [{**at("Cuba"), "type": "GPE"}, {**at("Havana\x85"), "type": "GPE"},
                                         {**at("United\u202e States"), "type": NASTY}]}
    (place / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (place / "p.jsonl").write_text(json.dumps(preds) + "\n", encoding="utf-8")
    return place / "gold.jsonl", place / "p.jsonl"


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f[0] if f else "text")
def test_a_nasty_document_text_in_every_score_format(nasty_document, tmp_path: Path, capsysbinary, fmt) -> None:
    gold, preds = nasty_document
    target = tmp_path / "out"
    for where in ([], ["-o", str(target)]):
        out, _ = run(["score", str(preds), "--gold", str(gold), *fmt, *where], capsysbinary)
        text = (target.read_bytes() if where else out).decode("utf-8")
        if fmt in (["--json"], ["--counts-only"]):
            assert json.loads(text)  # data: the texts as JSON writes them, read back
        assert not raw(text)
        if fmt != ["--json"] and fmt != ["--counts-only"]:
            assert not any(line.startswith(FORGED) for line in text.splitlines())


def test_a_nasty_document_text_in_the_html_report(nasty_document, tmp_path: Path, capsysbinary) -> None:
    gold, preds = nasty_document
    target = tmp_path / "r.html"
    run(["report", str(preds), "--gold", str(gold), "-o", str(target)], capsysbinary)
    page = target.read_bytes().decode("utf-8")
    shown = [c for c in page if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs") or c == "\u202e")]
    assert not shown and "\\ud800" in page and "\\x1b[2J" in page and "\\u202e" in page and "&#13;" in page
    assert "<script>x</script>" not in page


def test_a_nasty_system_name_on_the_leaderboard_page(tmp_path: Path, capsysbinary) -> None:
    import shutil

    from tests.conftest import FROZEN

    root = tmp_path / "repo"
    shutil.copytree(FROZEN, root, ignore=shutil.ignore_patterns("README.md"))
    entry = root / "submissions" / "nasty"
    shutil.copytree(ROOT / "submissions" / "baseline", entry)
    meta = json.loads((entry / "metadata.json").read_text(encoding="utf-8"))
    (entry / "metadata.json").write_text(json.dumps({**meta, "system": NASTY}), encoding="utf-8")
    out, _ = run(["leaderboard", "--root", str(root), "--html"], capsysbinary)
    page = out.decode("utf-8")
    shown = [c for c in page if c not in "\n\t" and (unicodedata.category(c) in ("Cc", "Cs") or c == "\u202e")]
    assert not shown and "<script>x</script>" not in page and "\\x1b[2J" in page


@pytest.mark.parametrize("fmt", [[], ["--markdown"]], ids=["text", "markdown"])
def test_a_huge_label_is_cut_in_the_tables_and_pads_no_row(tmp_path: Path, capsysbinary, fmt: list[str]) -> None:
    record = json.loads((ROOT / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8"))
    record["entities"][0]["type"] = "L" * 1_000_000
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    out, err = run(["score", "--root", str(ROOT), str(path), *fmt], capsysbinary)
    text = out.decode("utf-8")
    assert "chars, cut]" in text and len(text) < 100_000 and len(err) < 10_000
    longest = max(map(len, text.splitlines()))
    assert longest < (400 if not fmt else 3_000), longest
