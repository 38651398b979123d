"""The HTML report's coreference section: each gold cluster and how the response split or merged
it, drawn from clusters the test builds out of the frozen gold's own, escaped, and rendered by a
real browser."""

from __future__ import annotations

import json
from pathlib import Path

import newsgold
import pytest
from newsgold.cli import main
from newsgold.readers.coref import gold_clusters

from tests.test_html import Page, chromium, run_chromium  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def key(frozen_root: Path) -> tuple[str, str, list[list[tuple[int, int]]]]:
    [(doc, gold)] = list(newsgold.load_corpus(frozen_root))
    return doc.doc_id, doc.text, [list(c) for c in gold_clusters(gold).entities]


def _response(key) -> tuple[list[list[tuple[int, int]]], dict[str, object]]:
    """The gold's clusters with four edits: the largest cluster split in two, the first two
    clusters of two or more mentions merged, a mention past the gold added to a cluster (extra),
    and the last cluster left out (missed); plus one cluster of no gold mention."""
    _, text, clusters = key
    sizes = sorted(range(len(clusters)), key=lambda k: (-len(clusters[k]), k))
    big = sizes[0]
    pair = [k for k in range(len(clusters)) if len(clusters[k]) >= 2 and k != big][:2]
    last = len(clusters) - 1
    taken = {m for c in clusters for m in c}
    free = [(s, s + 4) for s in range(0, len(text) - 4) if text[s : s + 4].isalpha() and (s, s + 4) not in taken]
    extra, alone = free[0], free[-1]
    response = []
    for k, c in enumerate(clusters):
        if k == big:
            response += [c[: len(c) // 2], c[len(c) // 2 :]]
        elif k == pair[0]:
            response.append(c + clusters[pair[1]] + [extra])
        elif k in (pair[1], last):
            continue
        else:
            response.append(c)
    response.append([alone])
    return response, {"big": big, "pair": pair, "last": last, "extra": extra, "alone": alone}


@pytest.fixture(scope="module")
def page(key, frozen_root: Path, tmp_path_factory) -> tuple[str, dict[str, object]]:
    doc_id, _, _ = key
    response, edits = _response(key)
    folder = tmp_path_factory.mktemp("coref-html")
    path = folder / "<marquee>clusters.jsonl"  # a file name that is markup: shown as text
    path.write_text(json.dumps({"doc_id": doc_id, "clusters": [[list(m) for m in c] for c in response]}) + "\n")
    out = folder / "report.html"
    assert main(["report", "--root", str(frozen_root), str(path), "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8"), edits


def _rows(page: str) -> dict[str, dict]:
    return {el["attrs"]["data-cluster"]: el for el in Page(page).find("tr", cls="cluster")}


def test_each_gold_cluster_shows_what_the_response_made_of_it(page, key) -> None:
    html, edits = page
    _, text, clusters = key
    rows = _rows(html)
    assert list(rows) == [f"G{k + 1}" for k in range(len(clusters))]
    big, (a, b), last = edits["big"], edits["pair"], edits["last"]
    assert "split into 2" in rows[f"G{big + 1}"]["text"]
    assert len(rows[f"G{big + 1}"]["attrs"]["data-response"].split()) == 2
    assert f"merged with G{b + 1}" in rows[f"G{a + 1}"]["text"] and f"merged with G{a + 1}" in rows[f"G{b + 1}"]["text"]
    assert rows[f"G{a + 1}"]["attrs"]["data-response"] == rows[f"G{b + 1}"]["attrs"]["data-response"]
    s, e = edits["extra"]
    assert "1 extra" in rows[f"G{a + 1}"]["text"] and text[s:e] in rows[f"G{a + 1}"]["text"]
    assert rows[f"G{last + 1}"]["attrs"]["data-verdict"] == "missed"
    untouched = set(range(len(clusters))) - {big, a, b, last}
    assert {rows[f"G{k + 1}"]["attrs"]["data-verdict"] for k in untouched} == {"exact"}
    # every gold mention is listed once, with its text, in its cluster's row
    for k, c in enumerate(clusters):
        spans = [(int(m["attrs"]["data-s"]), int(m["attrs"]["data-e"])) for m in Page(_row_html(html, k)).find("span", cls="cm")]
        assert spans[: len(c)] == c
    s, e = edits["alone"]
    [unmatched] = Page(html).find("li", cls="unmatched")
    assert text[s:e] in unmatched["text"]


def _row_html(html: str, k: int) -> str:
    start = html.index(f'data-cluster="G{k + 1}"')
    return html[start : html.index("</tr>", start)]


def test_the_section_carries_the_scores_of_score(page, key, frozen_root: Path, tmp_path: Path) -> None:
    html, _ = page
    doc_id, _, _ = key
    response, _ = _response(key)
    path = tmp_path / "clusters.jsonl"
    path.write_text(json.dumps({"doc_id": doc_id, "clusters": [[list(m) for m in c] for c in response]}) + "\n")
    conll = newsgold.score_coref(gold=newsgold.load_corpus(frozen_root), predictions=path).layers["entities"].total.conll
    [row] = Page(html).find("tr", data_metric="coref/entities/conll")
    assert f"{100 * conll:.2f}" in row["text"]
    assert 'href="#coref"' in html
    assert 'id="entities"' in html and "Entities were not scored" in html  # a file of clusters only


def test_input_is_escaped(page) -> None:
    html, _ = page
    assert "<marquee>" not in html and "&lt;marquee&gt;clusters.jsonl" in html


def test_a_file_with_entities_and_clusters_gets_both(frozen_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    entry = frozen_root / "submissions" / "baseline" / "predictions.jsonl"
    assert main(["report", "--root", str(frozen_root), str(entry), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="coref"' in html and "Entities were not scored" not in html and Page(html).find("tr", cls="cluster")
    plain = tmp_path / "plain.html"  # --layers chooses: without coref there is no section
    assert main(["report", "--root", str(frozen_root), str(entry), "--layers", "entities", "-o", str(plain)]) == 0
    assert 'id="coref"' not in plain.read_text(encoding="utf-8")


def test_browser_shows_the_clusters(chromium, page, tmp_path: Path) -> None:  # noqa: F811
    html, _ = page
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    dom = Page(run_chromium(chromium, "--dump-dom", path.as_uri()).stdout)
    rendered = {el["attrs"]["data-cluster"]: el["attrs"]["data-verdict"] for el in dom.find("tr", cls="cluster")}
    assert rendered == {k: el["attrs"]["data-verdict"] for k, el in _rows(html).items()}
    assert not dom.find("marquee")  # the file name's markup stayed text
