"""CI tests what the package says it supports: the lowest and the newest Python that
requires-python admits, and the README's examples with the lowest supported datasets."""

from __future__ import annotations

import re

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10: the same parser, before it joined the standard library
    import tomli as tomllib
yaml = pytest.importorskip("yaml")

from tests.conftest import ROOT

NEWEST_PYTHON = "3.13"  # the newest release the test extra installs on (torch, spaCy, nervaluate)


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_matrix_runs_the_lowest_and_the_newest_supported_python() -> None:
    lowest = re.fullmatch(r">=(3\.\d+)", project()["requires-python"]).group(1)
    versions = workflow()["jobs"]["test"]["strategy"]["matrix"]["python-version"]
    assert versions == [lowest, NEWEST_PYTHON]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Needs only Python {lowest} or newer." in readme


def test_the_lowest_datasets_step_pins_the_floor_the_extras_declare() -> None:
    floors = {re.fullmatch(r"datasets>=(.+)", d).group(1) for extra in project()["optional-dependencies"].values()
              for d in extra if d.startswith("datasets")}
    [floor] = floors
    steps = workflow()["jobs"]["test"]["steps"]
    [step] = [s for s in steps if "lowest supported datasets" in s.get("name", "")]
    assert f'"datasets=={floor}"' in step["run"] and "tests/test_readme.py" in step["run"]
