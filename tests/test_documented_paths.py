"""The adjudication folders the documentation names (for `newsgold agree` and contributors) exist."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

DOCS = ["README.md", "CONTRIBUTING.md", "annotations/ADJUDICATION.md", "eval/newsgold/outputs/datacard.py"]


@pytest.mark.parametrize("doc", DOCS)
def test_every_named_adjudication_folder_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = set(re.findall(r"annotations/adjudication/([^\s`/)'\",;:]+)", text))
    assert [n for n in sorted(named) if not (ROOT / "annotations" / "adjudication" / n).is_dir()] == []


def test_the_documentation_names_them_all() -> None:
    text = "".join((ROOT / doc).read_text(encoding="utf-8") for doc in ("README.md", "CONTRIBUTING.md"))
    folders = {p.name for p in (ROOT / "annotations" / "adjudication").iterdir() if p.is_dir()}
    assert folders and {f for f in folders if f not in text} == set()
