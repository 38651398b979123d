"""The README's quick start is what CI runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci


# The README's examples, run as a user runs them: a fresh interpreter in the repository root,
# offline, with a throwaway `datasets` cache. CI runs this file again with the lowest
# supported `datasets` (.github/workflows/ci.yml).
DOCTEST = """
import doctest, sys
r = doctest.testfile("README.md", module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
print(r.attempted, r.failed)
"""


def test_readme_python_examples_run_as_written(tmp_path) -> None:
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run([sys.executable, "-c", DOCTEST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    attempted, failed = map(int, result.stdout.split()[-2:])
    assert failed == 0, result.stdout[-4000:]
    assert attempted >= 8


def test_readme_loads_the_datasets_files_from_the_repository_root() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'datasets.load_dataset(os.getcwd(), "ner", split="test")' in readme
    assert 'load_dataset(".", ' not in readme  # refused by recent datasets versions
