from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from newsgold.gold.repo import Repo, find_repo

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
DOC_ID = "efe-2010-02-18-us-cuba-migration-talks"


@pytest.fixture(scope="session")
def repo() -> Repo:
    return find_repo(ROOT)


@pytest.fixture(scope="session")
def article_text(repo: Repo) -> str:
    return repo.text_path(DOC_ID).read_text(encoding="utf-8")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the repository's data (corpus, annotations, submissions) that a test may change."""
    root = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(ROOT / part, root / part)
    return root
