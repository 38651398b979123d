"""Fuzzing the commands that read what users give them: score, validate, import, merge, diff.

Each property mutates a real input (the baseline's predictions, the gold, the brat export,
a counts file) at the JSON level or the text level, runs the command in-process, and
checks the invariants: exit 0 with consistent counts (or 1 from the validator with its
incidents), else exit 2 with a coded error; never a traceback or an internal error
(NG010); never a changed input file. Seeded (derandomize) and bounded: a few seconds each.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT

FUZZ = settings(derandomize=True, max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CODED = re.compile(r"error NG\d{3} ")

BASELINE = (ROOT / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8")
GOLD = (ROOT / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8")

# ---------------------------------------------------------------------------------------
# Mutations

leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.sampled_from([2**53 + 1, -(2**60), 185.0, 0.5, -1.0]),
    st.text(max_size=6), st.sampled_from(["GPE", "", "T1", "M1", "=1+1", "<b>", "a|b\nc"]),
)
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                      max_leaves=6)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def json_mutation(draw, text: str, *, lines: bool = False) -> str:
    """``text`` (a JSON document, or JSON Lines) with a few of its values replaced or
    removed, then perhaps cut or corrupted as text."""
    docs = [json.loads(line) for line in text.splitlines() if line.strip()] if lines else [json.loads(text)]
    for value in docs:
        paths = [p for p in _paths(value) if p]
        for _ in range(draw(st.integers(0, 3))):
            path = draw(st.sampled_from(paths))
            parent = value
            try:
                for p in path[:-1]:
                    parent = parent[p]
                if draw(st.booleans()) and isinstance(parent, dict):
                    parent.pop(path[-1], None)
                else:
                    parent[path[-1]] = draw(values)
            except (KeyError, IndexError, TypeError):
                pass
    out = [json.dumps(v, ensure_ascii=False, indent=None if lines else 2) for v in docs]
    result = "\n".join(out) + "\n"
    kind = draw(st.sampled_from(["json", "json", "json", "cut", "byte", "special"]))
    if kind == "cut":
        result = result[: draw(st.integers(0, len(result)))]
    elif kind == "byte":
        i = draw(st.integers(0, len(result)))
        result = result[:i] + draw(st.sampled_from(["{", "]", '"', ",", "\x00", "\ufeff", "NaN", "1e400", "\r\n"])) + result[i:]
    elif kind == "special":
        result = result.replace('"start": ', draw(st.sampled_from(['"start": 1' + "0" * 30 + ", \"x\": ", '"start": -', '"start": [' * 300])), 1)
    return result


# ---------------------------------------------------------------------------------------
# Running a command


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(argv)
    return rc, out.getvalue(), err.getvalue()


def check_outcome(rc: int, out: str, err: str, *, allowed: tuple[int, ...] = (0, 2)) -> None:
    assert rc in allowed, (rc, err[-500:])
    assert "Traceback" not in err and "NG010" not in err + out, err[-1000:]
    if rc == 2:
        assert CODED.search(err), err[-500:]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def work() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="newsgold-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def consistent(report: dict) -> None:
    """Per-type rows add up to the overall row; every count is a whole number >= 0."""
    for layer in ("entities", "events"):
        for name, block in report.get(layer, {}).items():
            o = block["overall"]
            assert all(isinstance(o[k], int) and o[k] >= 0 for k in ("tp", "fp", "fn", "support", "predicted"))
            assert o["support"] == o["tp"] + o["fn"] + o.get("par", 0), name
            if block["per_type"]:
                for k in ("tp", "fp", "fn"):
                    assert sum(t[k] for t in block["per_type"].values()) == o[k], (layer, name, k)


# ---------------------------------------------------------------------------------------
# The properties


@FUZZ
@given(data=st.data())
def test_score(work: Path, data) -> None:
    text = data.draw(json_mutation(BASELINE, lines=True))
    path = work / "pred.jsonl"
    path.write_text(text, encoding="utf-8", newline="")
    before = snapshot(work)
    rc, out, err = run(["score", "--root", str(ROOT), str(path), "--json", "--no-errors"])
    check_outcome(rc, out, err)
    if rc == 0:
        consistent(json.loads(out))
    assert snapshot(work) == before


@pytest.fixture(scope="module")
def gold_copy(work: Path) -> Path:
    root = work / "repo"
    for part in ("corpus", "annotations", "submissions"):
        shutil.copytree(ROOT / part, root / part)
    return root


@FUZZ
@given(data=st.data())
def test_validate_and_diff(gold_copy: Path, work: Path, data) -> None:
    folder = work / "edited"
    folder.mkdir(exist_ok=True)
    path = folder / f"{DOC_ID}.json"
    path.write_text(data.draw(json_mutation(GOLD)), encoding="utf-8", newline="")
    before = {**snapshot(folder), **snapshot(gold_copy)}
    rc, out, err = run(["validate", "--root", str(gold_copy), str(path)])
    check_outcome(rc, out, err, allowed=(0, 1, 2))
    if rc == 1:
        assert re.search(r"error NG\d{3}", out), out[-500:]
    rc, out, err = run(["diff", "--root", str(gold_copy), str(gold_copy / "annotations" / "gold"), str(folder), "--json", "--no-scores"])
    check_outcome(rc, out, err)
    if rc == 0:
        assert isinstance(json.loads(out)["changes"], list)
    assert {**snapshot(folder), **snapshot(gold_copy)} == before


@pytest.fixture(scope="module")
def ann(gold_copy: Path, work: Path) -> str:
    rc, _, err = run(["export", "--root", str(gold_copy), "--format", "brat", "-o", str(work / "export")])
    assert rc == 0, err
    return (work / "export" / f"{DOC_ID}.ann").read_text(encoding="utf-8")


@st.composite
def ann_mutation(draw, text: str) -> str:
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["drop", "cut", "digits", "swap", "junk"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            break
        if kind == "drop":
            del lines[i]
        elif kind == "cut":
            lines = lines[: i]
        elif kind == "digits":
            lines[i] = re.sub(r"\d+", lambda m: str(draw(st.sampled_from([0, 1, 999, 10**20, int(m.group()) + 1]))), lines[i], count=1)
        elif kind == "swap":
            lines[i] = lines[i].replace("T", "E", 1) if draw(st.booleans()) else lines[i].replace("\t", " ", 1)
        else:
            lines.insert(i, draw(st.text(max_size=12)).replace("\n", " "))
    return "\n".join(lines) + ("\n" if lines else "")


@FUZZ
@given(data=st.data())
def test_import(gold_copy: Path, work: Path, ann: str, data) -> None:
    folder = work / "brat"
    folder.mkdir(exist_ok=True)
    (folder / f"{DOC_ID}.ann").write_text(data.draw(ann_mutation(ann)), encoding="utf-8", newline="")
    before = {**snapshot(folder), **snapshot(gold_copy)}
    rc, out, err = run(["import", "--root", str(gold_copy), str(folder)])  # without --write: shows, writes nothing
    check_outcome(rc, out, err)
    assert {**snapshot(folder), **snapshot(gold_copy)} == before
    target = work / "imported"
    rc, out, err = run(["import", "--root", str(gold_copy), str(folder), "-o", str(target), "--write"])
    check_outcome(rc, out, err)
    if rc == 0:  # what import writes passes the validator
        rc, out, err = run(["validate", "--root", str(gold_copy), str(target / f"{DOC_ID}.json")])
        assert rc == 0, out[-500:]
    shutil.rmtree(target, ignore_errors=True)


@pytest.fixture(scope="module")
def counts(work: Path) -> str:
    path = work / "counts.json"
    rc, _, err = run(["score", "--root", str(ROOT), str(ROOT / "submissions" / "baseline" / "predictions.jsonl"), "--counts-only", "-o", str(path)])
    assert rc == 0, err
    return path.read_text(encoding="utf-8")


@FUZZ
@given(data=st.data(), rechecksum=st.booleans())
def test_merge(work: Path, counts: str, data, rechecksum: bool) -> None:
    from newsgold.outputs.counts import checksum

    text = data.draw(json_mutation(counts))
    if rechecksum:  # past the checksum, to reach the checks behind it
        try:
            parsed = json.loads(text)
            if isinstance(parsed, dict):
                parsed["checksum"] = checksum(parsed)
                text = json.dumps(parsed)
        except ValueError:
            pass
    path = work / "fuzzed-counts.json"
    path.write_text(text, encoding="utf-8", newline="")
    before = snapshot(work)
    rc, out, err = run(["merge", str(path), "--json"])
    check_outcome(rc, out, err)
    if rc == 0:
        consistent(json.loads(out))
    assert snapshot(work) == before
