"""What the text and Markdown reports show: the errors themselves, what PAR means, every
warning on stderr whatever the format, and a Markdown report a person can paste."""

from __future__ import annotations

import json

import pytest
from newsgold.cli import main

from tests.conftest import FROZEN, ROOT

BASE = str(ROOT / "submissions/baseline/predictions.jsonl")
SPACY = str(ROOT / "submissions/spacy-en-core-web-sm/predictions.jsonl")


def score(capsys, *argv: str) -> tuple[str, str]:
    assert main(["score", "--root", str(FROZEN), *argv]) == 0
    got = capsys.readouterr()
    return got.out, got.err


def test_the_text_report_lists_the_errors_up_to_a_limit_and_says_how_to_see_all(capsys) -> None:
    out, _ = score(capsys, BASE)
    assert "strict errors: type 4" in out
    assert "    6         type  ORG 'White House' [1113, 1124)               PERSON 'White House' [1113, 1124)" in out
    assert "PAR: partial matches" in out
    out, _ = score(capsys, SPACY, "--max-errors", "2")
    listed = out.split("strict errors:", 1)[1].splitlines()
    assert listed[1].startswith("  document efe-")
    assert listed[2].split() == ["sentence", "kind", "gold", "predicted"] and len([x for x in listed[3:5] if x.startswith("    ")]) == 2
    assert "... 10 more: --max-errors 0 lists all, --json gives each with its sentence text" in out
    out, _ = score(capsys, SPACY, "--max-errors", "0")
    assert "more: --max-errors" not in out


@pytest.mark.parametrize("fmt", ["--markdown", "--csv", "--json", None])
def test_warnings_reach_stderr_whatever_the_format(tmp_path, capsys, fmt) -> None:
    preds = tmp_path / "per.jsonl"
    lines = [json.loads(x) for x in (ROOT / "submissions/baseline/predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        for e in line["entities"]:
            e["type"] = "PER" if e["type"] == "PERSON" else e["type"]
    preds.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out, err = score(capsys, str(preds), *([fmt] if fmt else []))
    assert "warning NG604: label 'PER' (15 predictions)" in err
    assert ("NG604" in out) == (fmt in ("--markdown", "--json"))  # the terminal table says it once, on stderr


def test_markdown_is_a_report_to_paste(capsys) -> None:
    out, _ = score(capsys, BASE, "--markdown")
    assert "{'" not in out and "options: `" not in out
    assert out.startswith("## newsgold scores: `") and "Options: events: benchmark view, arguments matched by head." in out
    for part in ("### Entities", "*macro average*", "*weighted average*", "**TIMEX (DATE/TIME)**", "**Strict errors** (type 4)",
                 "| efe-2010-02-18-us-cuba-migration-talks | 6 | type | ORG 'White House' [1113, 1124) | PERSON 'White House' [1113, 1124) |", "### Events",
                 "**Trigger classification by subtype**", "**Argument classification by role**", "| Destination |"):
        assert part in out, part
    assert "per type (trigger_identification)" not in out


def test_report_says_where_the_page_is_and_the_page_opens_with_the_scores(tmp_path, capsys) -> None:
    out = tmp_path / "page.html"
    assert main(["report", "--root", str(FROZEN), BASE, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"report written to {out} (open it in a browser; it loads nothing from the network)\n"
    page = out.read_text(encoding="utf-8")
    header = page[page.index("<header>"):page.index("</header>")]
    assert "entities: modes" not in header and 'data-key="predictions"' in header
    assert page.index('<section id="summary">') < page.index("How this was scored") < page.index('data-key="entities: modes"')
    assert "overflow-wrap:anywhere" not in page and "break-all" not in page  # names wrap between words, not inside them
