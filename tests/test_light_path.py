"""The default path is light: no seqeval, scikit-learn, scipy, pandas, torch or jsonschema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from newsgold.cli import main

from tests.conftest import ROOT

HEAVY = ("seqeval", "sklearn", "scipy", "pandas", "torch", "transformers", "spacy", "jsonschema", "tqdm")


@pytest.mark.parametrize("argv", [
    ["score", "submissions/baseline/predictions.jsonl"],
    ["score", "submissions/spacy-en-core-web-sm/predictions.jsonl", "--json"],
    ["validate"],
])
def test_a_default_command_imports_nothing_heavy(argv) -> None:
    code = ("import sys, io, contextlib\n"
            "from newsgold.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): assert main({argv!r}) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in " + repr(HEAVY) + "))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("path", ["submissions/baseline/predictions.jsonl", "submissions/spacy-en-core-web-sm/predictions.jsonl"])
def test_the_seqeval_engine_gives_the_same_token_scores(path: str, capsys, monkeypatch) -> None:
    pytest.importorskip("seqeval")
    monkeypatch.chdir(ROOT)
    runs = []
    for engine in ("newsgold", "seqeval"):
        assert main(["score", path, "--json", "--no-errors", "--modes", "token_conlleval,token_iob2", "--token-engine", engine]) == 0
        runs.append(json.loads(capsys.readouterr().out)["entities"])
    assert runs[0] == runs[1]
