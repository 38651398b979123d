"""The package's doctests (eval/newsgold) run from a repository root whose gold is the frozen copy
(tests/cases/frozen): the numbers they show stay true when the live gold is corrected."""

from __future__ import annotations

import pytest

from tests.conftest import frozen_root  # noqa: F401  (a fixture, used below)


@pytest.fixture(autouse=True)
def _doctests_run_in_the_frozen_root(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.chdir(request.getfixturevalue("frozen_root"))
