"""The HTML report: escaping, outcome highlights, offsets, tables and charts, and a real browser.

The unit tests parse the page with the standard library's HTML parser (it tokenizes the way
a browser does: script bodies are raw text, character references are decoded). The browser
tests load the page in headless Chromium and read the DOM it built after running scripts.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from newsgold import report as build
from newsgold import score
from newsgold.cli import main
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.model import Document, Gold, Mention
from newsgold.gold.sources import load_corpus
from newsgold.gold.spans import Span
from newsgold.outputs.html import _BAR_W, OUTCOMES, render_html
from newsgold.outputs.report import build_report
from newsgold.readers.records import DocPredictions, PredEntity
from newsgold.scoring.entities import score_entities

from tests.conftest import DOC_ID, ROOT

# A predicted label and an event type that would run if the page pasted them in as markup.
LABEL = "<script>document.title='pwned'</script>"
LABEL_IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
# A file name is input too ("/" is the one character a name cannot hold).
PRED_NAME = "pred<svg onload=\"document.body.setAttribute('data-pwned','2')\">.jsonl"
ARTIFACTS = ROOT / "tests" / "artifacts"
OUTCOME_KEYS = {k for k, _, _ in OUTCOMES}


class Page(HTMLParser):
    """Every element of a page with its attributes and the text inside it."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"})

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []
        self.feed(page)
        self.close()
        for el in self.elements:
            el["text"] = "".join(el["text"])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = {"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "text": []}
        self.elements.append(el)
        if tag not in self.VOID:
            self._open.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append({"tag": tag, "attrs": {k: v or "" for k, v in attrs}, "text": []})

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop()["tag"] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for el in self._open:
            el["text"].append(data)

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[dict[str, Any]]:
        out = []
        for el in self.elements:
            if tag and el["tag"] != tag:
                continue
            if cls and cls not in el["attrs"].get("class", "").split():
                continue
            if all(el["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(el)
        return out


def classes(el: dict[str, Any]) -> set[str]:
    return set(el["attrs"].get("class", "").split())


def pieces(page: Page, doc_id: str) -> list[dict[str, Any]]:
    """The highlighted pieces of one document's article text."""
    article = page.find("div", cls="article", data_doc=doc_id)
    assert len(article) == 1
    start = page.elements.index(article[0])
    out = []
    for el in page.elements[start + 1 :]:
        if el["tag"] == "h4" or "article" in classes(el):
            break
        if "m" in classes(el):
            out.append(el)
    return out


def entity(start: int, end: int, label: str) -> dict[str, Any]:
    return {"start": start, "end": end, "type": label}


# One prediction of every strict outcome, and events of every event outcome, on the real article.
ENTITIES = [
    entity(0, 10, "GPE"),  # Washington: correct
    entity(12, 18, "ORG"),  # Feb 18 (DATE): type error
    entity(37, 43, "GPE"),  # "The US" for gold "US": boundary error
    entity(20, 35, "PERSON"),  # "Inditop.com/EFE" for gold ORG "Inditop.com": boundary and type; EFE missed
    entity(44, 54, "ORG"),  # "government": spurious
    entity(152, 157, LABEL),  # "talks": spurious, malicious label
    entity(216, 227, LABEL_IMG),  # "discussions": spurious, malicious label
    entity(185, 189, "GPE"),  # Cuba: correct
    entity(193, 199, "GPE"),  # Havana: correct
]
EVENTS = [
    {"type": "Contact:Meet", "trigger": {"start": 152, "end": 157},  # talks: found
     "arguments": [{"role": "Entity", "start": 185, "end": 189}, {"role": "Place", "start": 193, "end": 199}]},
    {"type": "Contact:Phone-Write", "trigger": {"start": 216, "end": 227}},  # discussions: wrong type
    {"type": "Movement:Transport", "trigger": {"start": 287, "end": 296},  # migration: found
     "arguments": [{"role": "Origin", "start": 318, "end": 331}]},  # United States is the Destination: wrong role
    {"type": LABEL, "trigger": {"start": 338, "end": 343},  # "State": spurious trigger
     "arguments": [{"role": "Attacker", "start": 344, "end": 354}]},  # "Department": spurious argument
]


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: the crafted predictions above and the counts below are written against it."""
    return frozen_repo


@pytest.fixture(scope="module")
def corpus(repo):
    return load_corpus(repo)


@pytest.fixture(scope="module")
def crafted(repo, corpus, tmp_path_factory) -> tuple[dict[str, Any], str, Path]:
    """The report, the page, and the page's file, for the crafted predictions above."""
    folder = tmp_path_factory.mktemp("html")
    path = folder / PRED_NAME
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": ENTITIES, "events": EVENTS}) + "\n", encoding="utf-8")
    report = build(score(gold=repo.root, predictions=path))
    page = render_html(report=report, corpus=corpus)
    out = folder / "report.html"
    out.write_text(page, encoding="utf-8")
    return report, page, out


def test_every_outcome_is_highlighted_and_in_the_legend(crafted, corpus) -> None:
    report, page, _ = crafted
    parsed = Page(page)
    marks = pieces(parsed, DOC_ID)
    shown = {c.split("-", 1)[1] for m in marks for c in classes(m) if c[:2] in ("g-", "p-")}
    assert shown == OUTCOME_KEYS

    kinds = [e["kind"].replace("+", "-") for e in report["entity_errors"]]
    expected = {k: kinds.count(k) for k in OUTCOME_KEYS} | {"correct": len(report["entity_correct"])}
    legend = {li["attrs"]["data-outcome"]: li for li in parsed.find("li") if "data-outcome" in li["attrs"]}
    assert set(legend) == OUTCOME_KEYS
    for key, li in legend.items():
        assert li["text"].strip().endswith(str(expected[key])), key
    assert expected["boundary"] == expected["type"] == expected["boundary-type"] == 1

    at = {(int(m["attrs"]["data-s"]), int(m["attrs"]["data-e"])): m for m in marks}
    assert {"g-correct", "p-correct"} <= classes(at[(0, 10)])
    assert at[(0, 10)]["attrs"]["title"] == "correct: gold GPE [0, 10) “Washington” · predicted GPE [0, 10) “Washington”"
    assert {"g-type", "p-type"} <= classes(at[(12, 18)]) and at[(12, 18)]["attrs"]["data-label"] == "DATE→ORG"
    # The boundary error is cut where the extents differ: "The " is predicted only, "US" both.
    assert "p-boundary" in classes(at[(37, 41)]) and not any(c.startswith("g-") for c in classes(at[(37, 41)]))
    assert {"g-boundary", "p-boundary"} <= classes(at[(41, 43)])
    assert at[(37, 41)]["attrs"]["data-r"] == at[(41, 43)]["attrs"]["data-r"]
    assert "gold GPE [41, 43) “US”" in at[(41, 43)]["attrs"]["title"] and "predicted GPE [37, 43) “The US”" in at[(41, 43)]["attrs"]["title"]
    assert classes(at[(32, 35)]) >= {"g-missed", "p-boundary-type"}  # EFE: missed, under the wider prediction
    assert "p-spurious" in classes(at[(44, 54)]) and not any(c.startswith("g-") for c in classes(at[(44, 54)]))


def test_pieces_reproduce_the_article_text_and_every_extent(crafted, corpus) -> None:
    report, page, _ = crafted
    doc = corpus[0][0]
    parsed = Page(page)
    [article] = parsed.find("div", cls="article", data_doc=DOC_ID)
    assert article["text"] == doc.text
    gold_at: set[int] = set()
    pred_at: set[int] = set()
    for m in pieces(parsed, DOC_ID):
        s, e = int(m["attrs"]["data-s"]), int(m["attrs"]["data-e"])
        assert m["text"] == doc.text[s:e]
        if any(c.startswith("g-") for c in classes(m)):
            gold_at.update(range(s, e))
        if any(c.startswith("p-") for c in classes(m)):
            pred_at.update(range(s, e))
    want_gold = {i for r in report["entity_correct"] for i in range(r["start"], r["end"])}
    want_pred = set(want_gold)
    for r in report["entity_errors"]:
        if r["gold_start"] is not None:
            want_gold.update(range(r["gold_start"], r["gold_end"]))
        if r["pred_start"] is not None:
            want_pred.update(range(r["pred_start"], r["pred_end"]))
    assert gold_at == want_gold and pred_at == want_pred
    # Every error is a row of the error table, tied to its highlight by the record id.
    rows = [r for r in parsed.find("tr") if "data-outcome" in r["attrs"]]
    assert len(rows) == len(report["entity_errors"])
    ids = {i for m in pieces(parsed, DOC_ID) for i in m["attrs"]["data-r"].split()}
    assert {r["attrs"]["data-r"] for r in rows} <= ids


def test_malicious_labels_texts_and_names_are_escaped(repo) -> None:
    text = 'Tom <script>document.title="x"</script> & "Ann" met\r\nin <b>Rome</b>.'
    rome = text.index("Rome")
    inject = text.index("<script>")
    doc = Document(doc_id='d<i>"x"</i>', text=text, sentences=(Span(0, len(text)),), passages=(("body", Span(0, len(text))),),
                   meta={"title": "<em>title</em>"})
    gold = Gold.of(doc.doc_id, "<u>v</u>", text, (Mention("T1", Span(0, 3), "Tom", "PERSON", "NAM"),
                                                   Mention("T2", Span(rome, rome + 4), "Rome", "GPE", "NAM")))
    preds = [DocPredictions(doc.doc_id, (PredEntity(0, 3, "PERSON"), PredEntity(inject, inject + 8, LABEL)))]
    result = score_entities(gold=[(doc, gold)], predictions=preds, entity_types=repo.entity_types, label_maps=repo.label_maps)
    report = build_report(entities=result, dataset_version="<u>v</u>", predictions="runs/" + PRED_NAME)
    page = render_html(report=report, corpus=[(doc, gold)])
    parsed = Page(page)

    scripts = parsed.find("script")
    assert len(scripts) == 1 and "pwned" not in scripts[0]["text"] and "title=" not in scripts[0]["text"]
    assert not parsed.find("img") and not parsed.find("u") and not parsed.find("em") and not parsed.find("i")
    assert [b["text"] for b in parsed.find("b") if b["text"] == "Rome"] == []
    assert not [el for el in parsed.elements if "onerror" in el["attrs"] or "onload" in el["attrs"]]
    for raw in (LABEL, "<b>Rome</b>", '<script>document.title="x"', "<u>v</u>", "<svg onload", '<i>"x"</i>'):
        assert raw not in page
    # Shown as text, character for character, CR LF included.
    [article] = parsed.find("div", cls="article")
    assert article["text"] == text and article["attrs"]["data-doc"] == doc.doc_id
    assert any(td["text"] == LABEL for td in parsed.find("td"))
    assert any(h["text"] == doc.doc_id for h in parsed.find("h3"))
    assert parsed.find("dd", data_key="dataset version")[0]["text"] == "<u>v</u>"
    assert parsed.find("title")[0]["text"] == f"newsgold report: {PRED_NAME}"
    [spurious] = [m for m in pieces(parsed, doc.doc_id) if "p-spurious" in classes(m)]
    assert spurious["attrs"]["data-label"] == LABEL and spurious["text"] == "<script>"


def test_page_is_self_contained(crafted) -> None:
    _, page, _ = crafted
    parsed = Page(page)
    assert not parsed.find("link") and not parsed.find("iframe") and not parsed.find("object") and not parsed.find("img")
    assert all("src" not in s["attrs"] for s in parsed.find("script"))
    for el in parsed.elements:
        for key in ("src", "href", "xlink:href", "action", "poster", "data"):
            value = el["attrs"].get(key, "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "data:", "file:")), (el["tag"], key, value)
    style = "".join(s["text"] for s in parsed.find("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "http://" not in page and "https://" not in page


def test_per_type_tables_match_the_report(crafted) -> None:
    report, page, _ = crafted
    parsed = Page(page)
    metrics = [("entities", m) for m in report["entities"]] + [("events", m) for m in report["events"]]
    assert len(metrics) == 8 + 6
    for layer, name in metrics:
        [table] = parsed.find("table", data_metric=f"{layer}/{name}")
        start = parsed.elements.index(table)
        rows = {}
        for el in parsed.elements[start + 1 :]:
            if el["tag"] == "table":
                break
            if el["tag"] == "tr" and "data-type" in el["attrs"]:
                rows[el["attrs"]["data-type"]] = el
        block = report[layer][name]
        averaged = {f"{a} average" for a in ("macro", "weighted") if block.get(a)}
        assert set(rows) == set(block["per_type"]) | {"overall (micro)"} | averaged and len(averaged) == 2
        for avg in ("macro", "weighted"):
            i = parsed.elements.index(rows[f"{avg} average"])
            f1 = block[avg]["f1"]
            assert parsed.elements[i + 4]["text"] == ("–" if f1 is None else f"{f1 * 100:.2f}"), (name, avg)
        for label, counts in [*block["per_type"].items(), ("overall (micro)", block["overall"])]:
            i = parsed.elements.index(rows[label])
            cells = []
            for el in parsed.elements[i + 1 :]:
                if el["tag"] != "td":
                    break
                cells.append(el["text"])
            f1 = "–" if counts["f1"] is None else f"{counts['f1'] * 100:.2f}"
            assert cells[3] == f1, (name, label)
            if any("f1_interval" in o for o in block["per_type"].values()):  # a breakdown with intervals
                ci = block["f1_interval"] if label == "overall (micro)" else counts["f1_interval"]
                assert cells.pop(4) == ("-" if ci is None else f"[{ci[0] * 100:.2f}, {ci[1] * 100:.2f}]"), (name, label)
            assert [int(c) for c in cells[4:7]] == [counts["tp"], counts["fp"], counts["fn"]], (name, label)
            assert int(cells[-2]) == counts["support"] and int(cells[-1]) == counts["predicted"]


def test_f1_chart_and_confusion_heatmap_follow_the_report(crafted) -> None:
    report, page, _ = crafted
    parsed = Page(page)
    per_type = report["entities"]["strict"]["per_type"]
    bars = {r["attrs"]["data-type"]: r for r in parsed.find("rect", cls="bar")}
    entity_bars = {t: bars[t] for t in per_type if t in bars}
    assert set(entity_bars) == {t for t, o in per_type.items() if o["f1"] is not None}
    for t, rect in entity_bars.items():
        assert float(rect["attrs"]["width"]) == pytest.approx(per_type[t]["f1"] * _BAR_W, abs=0.01)
    assert float(entity_bars["GPE"]["attrs"]["width"]) > 0 and float(entity_bars[LABEL]["attrs"]["width"]) == 0

    confusion = report["entity_confusion"]
    cells = {(c["attrs"]["data-gold"], c["attrs"]["data-pred"]): c for c in parsed.find("td") if "data-gold" in c["attrs"]}
    for g, row in confusion.items():
        for p, n in row.items():
            assert cells[(g, p)]["text"] == str(n)
    assert confusion["SPURIOUS"][LABEL] == 1 and confusion["GPE"]["MISSED"] > 1
    by_count = sorted((int(c["text"] or 0), float(c["attrs"]["data-alpha"])) for c in cells.values())
    assert all(a1 <= a2 for (_, a1), (_, a2) in zip(by_count, by_count[1:]))
    assert all(alpha == 0 for n, alpha in by_count if n == 0)


def test_event_view_shows_what_the_prediction_had(crafted, corpus) -> None:
    report, page, _ = crafted
    gold = corpus[0][1]
    parsed = Page(page)
    rows = [r for r in parsed.find("tr") if "data-trigger-status" in r["attrs"]]
    assert len(rows) == len(gold.events)
    status = [r["attrs"]["data-trigger-status"] for r in rows]
    missed = sum(e["kind"] == "missed_trigger" for e in report["event_errors"])
    assert status.count("found") == 2 and status.count("wrong_type") == 1 and status.count("missed_trigger") == missed
    assert status.count("found") + status.count("wrong_type") + missed == len(gold.events)

    def args_of(i: int) -> dict[str, str]:
        start = parsed.elements.index(rows[i])
        end = parsed.elements.index(rows[i + 1]) if i + 1 < len(rows) else len(parsed.elements)
        return {el["text"].split(" [")[0]: el["attrs"]["data-status"] for el in parsed.elements[start:end] if el["tag"] == "li"}

    talks = next(i for i, e in enumerate(gold.events) if e.trigger.start == 152)
    assert args_of(talks) == {
        "Entity “one of its top diplomats for Latin America”": "missed_argument",  # predicted nowhere
        "Entity “Cuba”": "found",
        "Place “Havana”": "found",
        "Time-Within “this week”": "not_scored",  # the benchmark view drops Time roles
    }
    migration = next(i for i, e in enumerate(gold.events) if e.trigger.start == 287)
    assert args_of(migration) == {"Origin “Cuba”": "missed_argument", "Destination “United States”": "wrong_role"}
    assert "predicted Contact:Phone-Write" in rows[next(i for i, e in enumerate(gold.events) if e.trigger.start == 216)]["text"]
    spurious = {r["attrs"]["data-kind"]: r["text"] for r in parsed.find("tr") if "data-kind" in r["attrs"]}
    assert set(spurious) == {"spurious_trigger", "spurious_argument"}
    assert LABEL in spurious["spurious_trigger"] and "“State”" in spurious["spurious_trigger"]
    assert "Attacker" in spurious["spurious_argument"] and "“Department”" in spurious["spurious_argument"]


def test_entities_only_predictions_show_the_gold_events_unscored(repo, corpus, tmp_path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": ENTITIES[:2]}) + "\n", encoding="utf-8")
    report = build(score(gold=repo.root, predictions=path))
    parsed = Page(render_html(report=report, corpus=corpus))
    rows = [r["attrs"]["data-trigger-status"] for r in parsed.find("tr") if "data-trigger-status" in r["attrs"]]
    assert rows == ["not_scored"] * len(corpus[0][1].events)
    assert not parsed.find("table", data_metric="events/trigger_classification")


def test_report_without_records_or_for_another_text_is_refused(repo, corpus, tmp_path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": ENTITIES[:2]}) + "\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as info:
        render_html(report=build(score(gold=repo.root, predictions=path, errors=False)), corpus=corpus)
    assert info.value.incidents[0].code == "NG003"
    report = build(score(gold=repo.root, predictions=path))
    report["entity_correct"][0]["text"] = "Havana"
    with pytest.raises(NewsgoldError) as info:
        render_html(report=report, corpus=corpus)
    assert info.value.incidents[0].code == "NG302"


def test_cli_report_applies_the_selection_options(repo, tmp_path, capsys) -> None:
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"doc_id": DOC_ID, "entities": ENTITIES}) + "\n", encoding="utf-8")
    label_map = tmp_path / "map.json"
    label_map.write_text('{"GPE": "LOC"}', encoding="utf-8")
    out = tmp_path / "out" / "report.html"
    argv = ["report", "--root", str(repo.root), str(preds), "-o", str(out), "--passage", "body", "--gold-map", "conll2003",
            "--label-map", str(label_map), "--event-view", "full", "--arg-match", "extent"]
    assert main(argv) == 0
    assert not list(out.parent.glob(".*.tmp"))  # written atomically: no temporary file left behind
    parsed = Page(out.read_text(encoding="utf-8"))
    info = {dd["attrs"]["data-key"]: dd["text"] for dd in parsed.find("dd")}
    assert info["predictions"] == "p.jsonl" + " " + str(preds)
    assert info["dataset version"] == "0.1.0" and info["newsgold version"]
    assert info["entities: passage"] == "body" and info["entities: gold_map"] == "conll2003"
    assert info["entities: label_map"] == '{"GPE": "LOC"}' and info["layers"] == "entities"
    at = {int(m["attrs"]["data-s"]): m for m in pieces(parsed, DOC_ID)}
    assert 0 not in at and 12 not in at  # the dateline is outside the passage: not scored, not highlighted
    assert "out" in classes(next(el for el in parsed.find("span", cls="out")))
    assert at[185]["attrs"]["data-label"] == "LOC" and "g-correct" in classes(at[185])  # GPE mapped on both sides
    assert 200 not in at  # "this week": conll2003 drops DATE

    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--root", str(repo.root), str(preds)])
    assert exit_info.value.code == 2 and "--output" in capsys.readouterr().err
    assert main(["report", "--root", str(repo.root), str(preds), "-o", str(tmp_path / "x.html"), "--passage", "nope"]) == 2
    assert "NG003" in capsys.readouterr().err and not (tmp_path / "x.html").exists()


# Browser tests: Debian's Chromium, headless, with the flags this machine's closed network needs.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium (.ci/run installs it; a test never changes the machine)."""
    if not CHROMIUM.exists():
        if os.environ.get("NEWSGOLD_REQUIRE_BROWSER"):  # CI installed it: its absence is a failure there
            pytest.fail(f"{CHROMIUM} is missing although NEWSGOLD_REQUIRE_BROWSER is set")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (as .ci/run does) to run the browser tests")
    return CHROMIUM


def run_chromium(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One headless run with a fresh profile, so no state carries between runs."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run([str(binary), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_browser_shows_the_malicious_input_as_text_and_runs_none_of_it(chromium, crafted) -> None:
    _, _, path = crafted
    started = time.monotonic()
    dom = Page(run_chromium(chromium, "--dump-dom", path.as_uri()).stdout)
    print(f"chromium --dump-dom took {time.monotonic() - started:.1f} s")
    [html_el] = dom.find("html")
    assert html_el["attrs"].get("data-js") == "on"  # the page's own script ran: scripts were enabled
    assert dom.find("title")[0]["text"] == f"newsgold report: {PRED_NAME}"  # not set by the input's script
    assert not [el for el in dom.elements if "data-pwned" in el["attrs"]]
    assert not dom.find("img") and len(dom.find("script")) == 1
    assert all("chart" in classes(s) for s in dom.find("svg"))
    assert any(td["text"] == LABEL for td in dom.find("td")) and any(td["text"] == LABEL_IMG for td in dom.find("td"))
    assert dom.find("div", cls="article", data_doc=DOC_ID)[0]["text"] == (ROOT / "corpus" / f"{DOC_ID}.txt").read_text(encoding="utf-8")


def test_browser_screenshot(chromium, crafted) -> None:
    _, _, path = crafted
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_chromium(chromium, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 50_000  # a blank or failed render compresses to a few kB
    print(f"screenshot: {shot}")
