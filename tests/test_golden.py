"""Every output of the bundled submissions, frozen byte for byte.

Each case runs one command the way a user would (from the repository root, relative paths)
and compares its exit code, standard output, standard error and every file it writes with
``tests/golden/<case>.txt``. A change of output is then a visible, reviewed diff of a golden
file, never a side effect of moving code.

The root is the frozen gold (tests/cases/frozen) with the repository's submissions, so a
correction of the live gold changes no golden file. The one exception checks the live
repository: ``export --check`` (data/ and the dataset card are current).

Regenerate after an intended change of output:
``NEWSGOLD_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT

GOLDEN = ROOT / "tests" / "golden"
BASE = "submissions/baseline/predictions.jsonl"
SPACY = "submissions/spacy-en-core-web-sm/predictions.jsonl"
GOLD_FILE = f"annotations/gold/{DOC_ID}.json"

# name: argv; "{out}" stands for a fresh output path (file or folder) in a temporary folder.
CASES: dict[str, list[str]] = {
    "validate-text": ["validate"],
    "validate-json": ["validate", "--format", "json"],
    "tokens": ["tokens", DOC_ID],
    "events-full": ["events"],
    "events-benchmark": ["events", "--view", "benchmark"],
    "run-baseline": ["run", "baseline", "-o", "{out}"],
    "agree-text": ["agree", GOLD_FILE, f"annotations/adjudication/pass2-entities/{DOC_ID}.json"],
    "agree-json": ["agree", GOLD_FILE, f"annotations/adjudication/pass2-entities/{DOC_ID}.json", "--json"],
    "diff-text": ["diff", f"annotations/adjudication/pass2-entities/{DOC_ID}.json", GOLD_FILE],
    "diff-json": ["diff", f"annotations/adjudication/pass2-entities/{DOC_ID}.json", GOLD_FILE, "--json"],
    "compare-text": ["compare", BASE, SPACY, "--replicates", "300"],
    "compare-json": ["compare", BASE, SPACY, "--replicates", "300", "--json"],
    "compare-events": ["compare", BASE, BASE, "--metric", "trigger_classification", "--replicates", "100", "--json"],
    "export-conll": ["export", "--format", "conll", "-o", "{out}"],
    "export-bio-jsonl": ["export", "--format", "bio-jsonl", "-o", "{out}"],
    "export-brat": ["export", "--format", "brat", "-o", "{out}"],
    "export-hf": ["export", "--format", "hf", "-o", "{out}"],
    "export-textee": ["export", "--format", "textee", "-o", "{out}"],
    "export-dygiepp": ["export", "--format", "dygiepp", "-o", "{out}"],
    "export-hf-check": ["export", "--format", "hf", "--check"],
    "audit-text": ["audit"],
    "audit-json": ["audit", "--json"],
}
for name, path in (("baseline", BASE), ("spacy", SPACY)):
    CASES |= {
        f"score-{name}-text": ["score", path],
        f"score-{name}-json": ["score", path, "--json"],
        f"score-{name}-markdown": ["score", path, "--markdown"],
        f"score-{name}-csv": ["score", path, "--csv"],
        f"score-{name}-no-per-type": ["score", path, "--no-per-type"],
        f"score-{name}-json-no-errors": ["score", path, "--json", "--no-errors"],
        f"score-{name}-counts-only": ["score", path, "--counts-only", "-o", "{out}"],
        f"score-{name}-conll2003": ["score", path, "--gold-map", "conll2003", "--modes", "strict,partial,token_iob2"],
        f"score-{name}-map-conll2003": ["score", path, "--map", "conll2003", "--modes", "strict,partial,token_iob2"],
        f"score-{name}-selection": ["score", path, "--types", "GPE,PERSON", "--level", "NAM", "--passage", "body", "--json"],
        f"score-{name}-events-full": ["score", path, "--layers", "events", "--event-view", "full", "--arg-match", "coref"],
        f"report-{name}-html": ["report", path, "-o", "{out}"],
    }
CASES["merge-text"] = ["merge", "{counts}"]
CASES["merge-json"] = ["merge", "{counts}", "--json"]
CASES["merge-markdown"] = ["merge", "{counts}", "--markdown"]
CASES["leaderboard"] = ["leaderboard", "--root", "{copy}"]
LIVE = {"export-hf-check"}  # checks the repository's own data/, so it runs there


def run(name: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """One command's whole observable output as one text, run in the current directory."""
    out = tmp / "out"
    argv = [a.replace("{out}", str(out)) for a in CASES[name]]
    if "{counts}" in argv:
        counts = tmp / "counts.json"
        assert main(["score", BASE, "--counts-only", "-o", str(counts)]) == 0
        argv = [str(counts) if a == "{counts}" else a for a in argv]
    if "{copy}" in argv:
        copy = tmp / "copy"
        shutil.copytree(Path.cwd(), copy)
        out = copy / "LEADERBOARD.md"
        argv = [str(copy) if a == "{copy}" else a for a in argv]
    capsys.readouterr()
    code = main(argv)
    got = capsys.readouterr()
    parts = [f"exit {code}", "--- stdout", got.out, "--- stderr", got.err]
    files = sorted(p for p in out.rglob("*") if p.is_file()) if out.is_dir() else [out] if out.exists() else []
    for f in files:
        parts += [f"--- file {f.relative_to(tmp).as_posix()}", f.read_text(encoding="utf-8")]
    return "\n".join(parts).replace(str(tmp), "<TMP>")


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_unchanged(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                             frozen_root: Path) -> None:
    monkeypatch.chdir(ROOT if name in LIVE else frozen_root)
    got = run(name, tmp_path, capsys)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("NEWSGOLD_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file for {name}: run with NEWSGOLD_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8"), f"output of {name} changed (see {golden.relative_to(ROOT)})"


def test_every_golden_file_has_a_case() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == sorted(CASES)
