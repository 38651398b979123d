"""The README's quick start is what CI runs."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

from newsgold.cli import build_parser, main

from tests.conftest import FROZEN, ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci


# The README's examples, run as a user runs them: a fresh interpreter in a repository root,
# offline, with a throwaway `datasets` cache. CI runs this file again with the lowest
# supported `datasets` (.github/workflows/ci.yml). The root holds the frozen gold, its data/
# exported by the documented command and the README, so the numbers the examples show stay
# true when the live gold is corrected.
DOCTEST = """
import doctest, sys
r = doctest.testfile("README.md", module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
print(r.attempted, r.failed)
"""


def test_readme_python_examples_run_as_written(tmp_path, frozen_root) -> None:
    root = tmp_path / "repo"
    shutil.copytree(frozen_root, root)
    shutil.copy(ROOT / "README.md", root / "README.md")
    assert main(["export", "--root", str(root), "--format", "hf"]) == 0
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run([sys.executable, "-c", DOCTEST], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    attempted, failed = map(int, result.stdout.split()[-2:])
    assert failed == 0, result.stdout[-4000:]
    assert attempted >= 8


def test_readme_loads_the_datasets_files_from_the_repository_root() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'datasets.load_dataset(os.getcwd(), "ner", split="test")' in readme
    assert 'load_dataset(".", ' not in readme  # refused by recent datasets versions


def section(title: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def commands_of(block: str) -> list[list[str]]:
    """The newsgold command lines of a sh block, as argv (comments and `&&` chains split off)."""
    argvs = []
    for line in block.splitlines():
        for part in line.split("#", 1)[0].split("&&"):
            words = shlex.split(part)
            if words and words[0] == "newsgold":
                argvs.append(words[1:])
    return argvs


def test_score_your_system_runs_as_written(tmp_path, monkeypatch, capsys) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(ROOT / part, copy / part)
    monkeypatch.chdir(copy)
    first = re.findall(r"```sh\n(.+?)\n```", section("Score your system"), flags=re.S)[0]
    argvs = commands_of(first)
    assert [a[0] for a in argvs] == ["run", "score", "report", "compare"]
    for argv in argvs:
        assert main(argv) == 0, (argv, capsys.readouterr().err)
    assert (copy / "mine.jsonl").exists() and (copy / "report.html").exists()


def test_every_documented_model_command_parses_and_the_spacy_model_comes_from_spacy_download() -> None:
    models = re.findall(r"```sh\n(.+?)\n```", section("Score your system"), flags=re.S)[1]
    assert "python -m spacy download en_core_web_sm && newsgold run spacy en_core_web_sm" in models
    for argv in commands_of(models):
        args = build_parser().parse_args(argv)
        assert args.command == "run" and args.adapter in ("spacy", "transformers", "gliner")


def test_the_documented_prediction_lines_are_read_and_scored(tmp_path, capsys) -> None:
    lines = re.findall(r"```json\n(.+?)\n```", section("Score your system"), flags=re.S)
    assert len(lines) == 2
    for i, (line, fmt) in enumerate(zip(lines, ("jsonl", "text-only"))):
        path = tmp_path / f"line{i}.jsonl"
        path.write_text(line + "\n", encoding="utf-8")
        assert main(["score", "--root", str(FROZEN), str(path), "--json"]) == 0, capsys.readouterr().err
        report = json.loads(capsys.readouterr().out)
        assert report["config"]["format"] == fmt
        strict = report["entities"]["strict"]["overall"]
        assert strict["fp"] == 0 and strict["tp"] >= len(json.loads(line)["entities"])  # text-only labels every occurrence
    events = json.loads(lines[0])["events"]
    assert set(events[0]) == {"type", "trigger", "arguments", "modality", "polarity", "genericity", "tense"}
    assert main(["score", "--root", str(FROZEN), str(tmp_path / "line0.jsonl"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["events"]["trigger_classification"]["overall"]["tp"] == 1
    assert report["events"]["argument_classification"]["overall"]["tp"] == 2
    assert all(v["correct"] == 1 for v in report["event_attributes"].values())
