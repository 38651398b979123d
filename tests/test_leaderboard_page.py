"""The leaderboard ranks only what its paired tests separate, shows how that moves in the
determiner-insensitive mode, and its HTML page draws each ranked system's F1 with its interval
(all types and per type) as inline SVG that a browser renders without a network."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.outputs.leaderboard import MAIN_TYPES, rank_ranges

from tests.test_html import ARTIFACTS, Page, chromium, run_chromium  # noqa: F401 (a fixture)


def _tables(markdown: str) -> list[list[list[str]]]:
    """Each Markdown table of the page as rows of cells, header first."""
    tables, rows = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not line.startswith("|---"):
                rows.append([c.strip() for c in line.strip().strip("|").split(" | ")])
        elif rows:
            tables.append(rows)
            rows = []
    return tables


@pytest.fixture(scope="module")
def board(frozen_root: Path, tmp_path_factory) -> tuple[str, str]:
    """LEADERBOARD.md and the HTML page of the frozen gold with the repository's submissions."""
    root = tmp_path_factory.mktemp("board") / "repo"
    import shutil

    shutil.copytree(frozen_root, root)
    assert main(["leaderboard", "--root", str(root)]) == 0
    page = root.parent / "board.html"
    assert main(["leaderboard", "--root", str(root), "--html", "-o", str(page)]) == 0
    return (root / "LEADERBOARD.md").read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def test_ranks_are_what_the_pairwise_tests_separate_in_both_modes(board) -> None:
    markdown, _ = board
    ranked = next(t for t in _tables(markdown) if t[0][0] == "rank")
    pairs = next(t for t in _tables(markdown) if t[0][:2] == ["A", "B"])
    names = [re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", r[2]) for r in ranked[1:]]
    assert len(names) == 5 and len(pairs) == 1 + 10
    for column, verdict in ((0, 5), (1, 6)):
        tests = []
        for r in pairs[1:]:
            delta = float(r[2].split()[0]) if column == 0 else float(r[6].split("(")[1].split(",")[0])
            tests.append({"a": r[0], "b": r[1], "delta": delta, "p_holm": 0.0 if r[verdict].startswith("yes") else 1.0})
        assert [r[column] for r in ranked[1:]] == [rank_ranges(names, tests)[n] for n in names]
    # with no pair separated, every system may hold every rank; no order is claimed
    assert [r[0] for r in ranked[1:]] != ["1", "2", "3", "4"]


def test_rank_ranges_by_hand() -> None:
    tests = [{"a": "a", "b": "b", "delta": 0.1, "p_holm": 0.04}, {"a": "a", "b": "c", "delta": -0.1, "p_holm": 0.2},
             {"a": "b", "b": "c", "delta": -0.3, "p_holm": 0.001}]
    # a beats b; c beats b; a and c are not separated
    assert rank_ranges(["a", "b", "c"], tests) == {"a": "1-2", "b": "3", "c": "1-2"}
    assert rank_ranges(["a", "b"], [{"a": "a", "b": "b", "delta": 0.1, "p_holm": None}]) == {"a": "1-2", "b": "1-2"}


def test_partial_is_described_as_it_scores(board) -> None:
    markdown, _ = board
    assert "*partial* counts the same boundaries in full and any other overlap as half, whatever the types" in markdown
    assert "overlap of the same type" not in markdown


def test_the_page_draws_every_ranked_system_with_the_tables_numbers(board) -> None:
    markdown, page = board
    ranked = next(t for t in _tables(markdown) if t[0][0] == "rank")
    header = ranked[0]
    dom = Page(page)
    figure = dom.find("figure", cls="intervals")
    assert len(figure) == 1
    groups = [el for el in dom.elements if el["tag"] == "g" and "data-system" in el["attrs"]]
    assert len(groups) == (1 + len(MAIN_TYPES)) * (len(ranked) - 1)  # the overall panel and one per main type
    overall = groups[: len(ranked) - 1]
    for row, g in zip(ranked[1:], overall):
        assert g["attrs"]["data-system"] in row[2]
        f1, low, high = re.fullmatch(r"([\d.]+) \[([\d.]+), ([\d.]+)\]", row[header.index("strict F1, all types")]).groups()
        assert (g["attrs"]["data-f1"], g["attrs"]["data-low"], g["attrs"]["data-high"]) == (f1, low, high)
    for k, t in enumerate(MAIN_TYPES):  # each panel's dots are the per-type columns
        panel = groups[(k + 1) * (len(ranked) - 1) : (k + 2) * (len(ranked) - 1)]
        assert [g["attrs"]["data-f1"] for g in panel] == [r[header.index(f"{t} F1")] for r in ranked[1:]]
        assert all(float(g["attrs"]["data-low"]) <= float(g["attrs"]["data-f1"]) <= float(g["attrs"]["data-high"])
                   for g in panel)
    assert "<script" not in page and "src=" not in page and "http" not in page.split("<figure")[1].split("</figure>")[0]


def test_browser_renders_the_charts(chromium, board, tmp_path: Path) -> None:  # noqa: F811
    _, page = board
    path = tmp_path / "board.html"
    path.write_text(page, encoding="utf-8")
    dom = Page(run_chromium(chromium, "--dump-dom", path.as_uri()).stdout)
    circles = [el for el in dom.elements if el["tag"] == "circle" and "dot" in el["attrs"].get("class", "")]
    lines = [el for el in dom.elements if el["tag"] == "line" and "ci" in el["attrs"].get("class", "")]
    assert circles and len(lines) == len(circles)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "leaderboard.png"
    shot.unlink(missing_ok=True)
    run_chromium(chromium, f"--screenshot={shot}", "--window-size=1400,1400", "--hide-scrollbars", path.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1400, 1400)
    assert len(data) > 50_000  # a blank or failed render compresses to a few kB
