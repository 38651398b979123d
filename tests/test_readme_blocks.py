"""Every fenced python and sh block of README.md runs as written, in README order, in a
repository root like a user's (the frozen gold, the submissions, the exported data/), with the
environment the quick start makes: or it is named below with the reason it is not run here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import ROOT

BLOCK = re.compile(r"^```(python|sh)\n(.*?)^```", re.S | re.M)

# A line of the block -> why this test does not run it.
NOT_RUN = {
    '.venv/bin/pip install -q -e . && .venv/bin/newsgold score': "builds a virtual environment from the package "
    "index (network); CI's own set-up is this line",
    '.venv/bin/pip install -q -e ".[test]" && .venv/bin/python -m pytest -q': "the whole test suite, which CI runs "
    "verbatim (test_readme.py holds it to that)",
    "python -m spacy download en_core_web_sm": "downloads a spaCy pipeline and runs models (network, models)",
    "python TextEE/evaluate_end2end.py": "needs a TextEE checkout and a model trained on ACE05-E (models)",
    "dask scheduler --host 127.0.0.1": "starts a Dask scheduler and workers that run until stopped, each in a "
    "terminal of its own (tests/test_dask.py scores on a distributed client in-process)",
}
DOCTEST = "its >>> examples run as a doctest of the whole README (test_readme_python_examples_run_as_written)"

# What a plain python block expects to exist, as its prose says: the TextEE block's `predictions`
# are what `trainer.predict` returns, made here from the gold's own TextEE windows.
SETUP = r"""
import json
windows = [json.loads(line) for line in open("newsgold-textee/gold.textee.jsonl", encoding="utf-8")]
predictions = []
for w in windows:
    ents = {e["id"]: e for e in w["entity_mentions"]}
    predictions.append({"doc_id": w["doc_id"], "wnd_id": w["wnd_id"], "text": w["text"], "tokens": w["tokens"],
                        "events": [{"trigger": (e["trigger"]["start"], e["trigger"]["end"], e["event_type"]),
                                    "arguments": [(ents[a["entity_id"]]["start"], ents[a["entity_id"]]["end"], a["role"])
                                                  for a in e["arguments"]]}
                                   for e in w["event_mentions"]]})
"""


def blocks() -> list[tuple[str, str]]:
    return [(m[1], m[2]) for m in BLOCK.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]


def why_not_run(kind: str, block: str) -> str | None:
    if kind == "python" and block.lstrip().startswith(">>>"):
        return DOCTEST
    return next((why for line, why in NOT_RUN.items() if line in block), None)


def test_every_block_not_run_here_is_named_with_its_reason() -> None:
    found = blocks()
    assert len(found) >= 10
    for line in NOT_RUN:  # no stale entry: each names a block that exists
        assert any(line in block for _, block in found), line
    skipped = [why_not_run(kind, block) for kind, block in found]
    print("\n".join(f"not run: {why}" for why in skipped if why))
    assert sum(why is None for why in skipped) >= 3


@pytest.fixture(scope="module")
def user_root(tmp_path_factory, frozen_root: Path) -> Path:
    """A repository root as a user has it, and the environment the quick start made."""
    root = tmp_path_factory.mktemp("readme") / "repo"
    shutil.copytree(frozen_root, root)
    shutil.copy(ROOT / "README.md", root / "README.md")
    assert main(["export", "--root", str(root), "--format", "hf"]) == 0
    assert main(["export", "--root", str(root), "--format", "textee", "-o", str(root / "newsgold-textee")]) == 0
    bin_dir = Path(sys.executable).parent
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "activate").write_text(f'PATH="{bin_dir}:$PATH"; export PATH\n', encoding="utf-8")
    (root / ".venv" / "bin" / "newsgold").symlink_to(bin_dir / "newsgold")
    # the Dask block's files: the gold as JSON Lines of one's own corpus, and the predictions
    with open(root / "gold-1.jsonl", "w", encoding="utf-8") as f:
        for path in sorted((root / "annotations" / "gold").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            text = (root / "corpus" / f"{path.stem}.txt").read_text(encoding="utf-8")
            entities = [{"start": e["start"], "end": e["end"], "type": e["type"]} for e in gold["entities"]]
            f.write(json.dumps({"doc_id": path.stem, "text": text, "entities": entities}) + "\n")
    shutil.copy(root / "submissions" / "baseline" / "predictions.jsonl", root / "predictions-1.jsonl")
    # the coreference block's files, as a clone holds them
    tools = Path("tests") / "conformance" / "coref" / "tools"
    shutil.copytree(ROOT / tools, root / tools)
    return root


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
            "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(root.parent / "hf")}


@pytest.mark.parametrize("index", range(len(blocks())))
def test_readme_block_runs_as_written(index: int, user_root: Path) -> None:
    kind, block = blocks()[index]
    why = why_not_run(kind, block)
    if why:
        pytest.skip(f"README block {index} not run here: {why}")
    if kind == "sh":
        done = subprocess.run(["bash", "-e", "-c", block], cwd=user_root, env=_env(user_root),
                              capture_output=True, text=True, timeout=600)
    else:
        script = (SETUP if "predictions" in block and "trainer.predict" not in block else "") + block
        done = subprocess.run([sys.executable, "-c", script], cwd=user_root, env=_env(user_root),
                              capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (block, done.stdout[-2000:], done.stderr[-3000:])
    assert "Traceback" not in done.stderr
