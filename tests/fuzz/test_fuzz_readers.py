"""Fuzzing every reader the command fuzz does not reach: each predictions format newsgold
reads (as its own export writes it, or as the tool's output looks), the annotation tools'
imports, and a gold of one's own corpus. Each property mutates a valid sample as text (or
as bytes, for a binary format), runs the command in-process and checks the invariants of
``test_fuzz_commands``: exit 0 with consistent counts, else exit 2 with a coded error; never
a traceback or NG010; no input changed and no temporary file left. Seeded and bounded.

The samples are made from the frozen gold (tests/cases/frozen/), never from the live one.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DOC_ID, FROZEN
from tests.fuzz.test_fuzz_commands import check_outcome, consistent, run, snapshot

READERS = settings(derandomize=True, max_examples=25, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# format: (the sample's file in the work folder, the command after `newsgold`, with {path})
SCORED = {
    "conll": "conll/gold.conll",
    "bio-jsonl": "bio-jsonl/gold.bio.jsonl",
    "textee": "textee/gold.textee.jsonl",
    "dygiepp": "dygiepp/gold.dygiepp.jsonl",
    "brat": f"brat/{DOC_ID}.ann",
    "text-only": "text-only.jsonl",
    "hf": "hf.jsonl",
    "gliner": "gliner.jsonl",
}
IMPORTED = {"label-studio": "label-studio/tasks.json", "inception": f"inception/{DOC_ID}.xmi"}


@pytest.fixture(scope="module")
def work() -> Path:
    """The frozen repository, each format's sample beside it, and a gold of one's own corpus."""
    folder = Path(tempfile.mkdtemp(prefix="newsgold-fuzz-readers-"))
    root = folder / "repo"
    shutil.copytree(FROZEN, root, ignore=shutil.ignore_patterns("README.md"))
    for fmt in ("conll", "bio-jsonl", "textee", "dygiepp", "brat", "label-studio", "inception", "spacy"):
        rc, _, err = run(["export", "--root", str(root), "--format", fmt, "-o", str(folder / fmt)])
        assert rc == 0, err
    gold = json.loads((root / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    text = (root / "corpus" / f"{DOC_ID}.txt").read_text(encoding="utf-8")
    ents = [e for e in gold["entities"] if e["type"] != "TIMEX"]
    lines = {
        "text-only.jsonl": {"doc_id": DOC_ID, "entities": [{"text": e["text"], "type": e["type"]} for e in ents]},
        "hf.jsonl": {"doc_id": DOC_ID, "entities": [{"entity_group": e["type"], "start": e["start"], "end": e["end"],
                                                       "word": e["text"], "score": 0.9} for e in ents]},
        "gliner.jsonl": {"doc_id": DOC_ID, "entities": [{"label": e["type"], "start": e["start"], "end": e["end"],
                                                           "text": e["text"], "score": 0.9} for e in ents]},
        "own-gold.jsonl": {"doc_id": "own", "text": text, "entities": [
            {k: e[k] for k in ("start", "end", "type")} for e in ents]},
        "own-preds.jsonl": {"doc_id": "own", "entities": [{k: e[k] for k in ("start", "end", "type")} for e in ents[::2]]},
    }
    for name, record in lines.items():
        (folder / name).write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


JUNK = ["\x00", "\ufeff", "\t", "{", "]", '"', "\r", "-1", "99999999999999999999", " ", "\n", "<", "&", "\ud800"]


@st.composite
def text_mutation(draw, text: str) -> str:
    """``text`` with a few lines dropped, repeated, swapped or cut, junk put in, or a number changed."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        kind = draw(st.sampled_from(["drop", "repeat", "swap", "cut", "junk", "number"]))
        if not lines:
            break
        if kind == "drop":
            del lines[i]
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif kind == "junk":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(st.sampled_from(JUNK)) + lines[i][k:]
        else:
            lines[i] = re.sub(r"\d+", lambda m: str(draw(st.sampled_from([0, 1, 7, 10**6, int(m.group()) + 1]))),
                              lines[i], count=1)
    return "\n".join(lines)


@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    """``data`` cut short, with bytes flipped or put in."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "flip", "insert"]))
        i = draw(st.integers(0, max(0, len(out) - 1)))
        if kind == "cut":
            del out[i:]
        elif kind == "flip" and out:
            out[i] ^= draw(st.integers(1, 255))
        else:
            out[i:i] = draw(st.binary(min_size=1, max_size=8))
    return bytes(out)


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: bytes no UTF-8 reader accepts


def _unchanged_and_clean(work: Path, before: dict[str, bytes]) -> None:
    assert snapshot(work) == before
    assert not list(work.rglob(".*.tmp"))


@pytest.mark.parametrize("fmt", sorted(SCORED))
@READERS
@given(data=st.data())
def test_score_each_format(work: Path, data, fmt: str) -> None:
    sample = work / SCORED[fmt]
    path = sample.with_name("fuzzed-" + sample.name)
    _write(path, data.draw(text_mutation(sample.read_text(encoding="utf-8"))))
    if fmt == "brat":  # a folder of .ann is read as a whole: give the file alone
        path = path.rename(work / f"{DOC_ID}.ann")
    before = snapshot(work)
    rc, out, err = run(["score", "--root", str(work / "repo"), str(path), "--format", fmt, "--json", "--no-errors"])
    check_outcome(rc, out, err)
    if rc == 0:
        consistent(json.loads(out))
    _unchanged_and_clean(work, before)


@READERS
@given(data=st.data())
def test_score_a_spacy_docbin(work: Path, data) -> None:
    pytest.importorskip("spacy")
    path = work / "fuzzed.spacy"
    path.write_bytes(data.draw(byte_mutation((work / "spacy" / "gold.spacy").read_bytes())))
    before = snapshot(work)
    rc, out, err = run(["score", "--root", str(work / "repo"), str(path), "--format", "spacy", "--json", "--no-errors"])
    check_outcome(rc, out, err)
    _unchanged_and_clean(work, before)


@pytest.mark.parametrize("fmt", sorted(IMPORTED))
@READERS
@given(data=st.data())
def test_import_each_tool(work: Path, data, fmt: str) -> None:
    """Shown, not written: the repository's gold stays as it is whatever the file holds."""
    sample = work / IMPORTED[fmt]
    folder = work / f"fuzzed-{fmt}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(sample.parent, folder)
    _write(folder / sample.name, data.draw(text_mutation(sample.read_text(encoding="utf-8"))))
    before = snapshot(work)
    source = folder / sample.name if fmt == "label-studio" else folder
    rc, out, err = run(["import", "--root", str(work / "repo"), str(source), "--format", fmt])
    if "NG610" in err:  # the inception extra (dkpro-cassis) is not installed
        pytest.skip("needs the inception extra")
    check_outcome(rc, out, err)
    _unchanged_and_clean(work, before)


@READERS
@given(data=st.data())
def test_score_against_a_gold_of_ones_own(work: Path, data) -> None:
    path = work / "fuzzed-gold.jsonl"
    _write(path, data.draw(text_mutation((work / "own-gold.jsonl").read_text(encoding="utf-8"))))
    before = snapshot(work)
    rc, out, err = run(["score", str(work / "own-preds.jsonl"), "--gold", str(path), "--json", "--no-errors"])
    check_outcome(rc, out, err)
    if rc == 0:
        consistent(json.loads(out))
    _unchanged_and_clean(work, before)
