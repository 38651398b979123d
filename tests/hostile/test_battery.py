"""A battery of hostile inputs run as a user runs them (issue 30, "Checked by"): the command
as a process (``python -m newsgold``, the entry point the ``newsgold`` script calls), one case
per class at least, and every case that once failed. Each must end without a traceback or
NG010, with the exit code expected, nothing raw (a control character, a bidi control) on
stdout or stderr, no file of the folder changed and no temporary file left.

Table-driven: (name, files to make {path: text or bytes}, command (paths relative to the
test's folder, which holds ``repo/``, a copy of the frozen gold with two submissions),
expected exit code, signal and delay to send, paths allowed to change)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DOC_ID, FROZEN, ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals, FIFOs and symbolic links")

NEWSGOLD = [sys.executable, "-m", "newsgold"]
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NASTY = "GPE\nerror NG999 [L0 usage] forged\x1b[2J\u202e\x9b\ud800"
GOLD = f"repo/annotations/gold/{DOC_ID}.json"
PREDS = "repo/submissions/baseline/predictions.jsonl"
OTHER = "repo/submissions/other/predictions.jsonl"


def labelled(label: str) -> str:
    entities = [{"start": 0, "end": 10, "type": label}, {"start": 12, "end": 18, "type": label}]
    return json.dumps({"doc_id": DOC_ID, "entities": entities}) + "\n"  # ensure_ascii: "\ud800" as JSON writes it


def metadata(system: str) -> str:
    meta = json.loads((ROOT / "submissions" / "baseline" / "metadata.json").read_text(encoding="utf-8"))
    return json.dumps({**meta, "system": system, "saw_corpus": False})


def bomb() -> bytes:
    """A small zip whose .xmi holds 30 MB of spaces once inflated (the input cap is 10 MB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{DOC_ID}.xmi", '<?xml version="1.0"?><!--' + " " * 30_000_000 + "-->")
    return buf.getvalue()


def own_gold(doc: str) -> str:
    return json.dumps({"doc_id": doc, "text": "Obama met Castro.", "entities": [{"start": 0, "end": 5, "type": "PER"}]}) + "\n"


FIFO = object()  # a file to make as a named pipe
LINK_OUT = object()  # a link to a file outside the repository
MOVED_OUT = object()  # a folder moved out of the repository, a link left in its place


# (name, class, files to make, command, expected code, (signal, after seconds) or None, may change)
CASES = [
    # data loss: -o onto something the command reads
    ("score -o the --gold file", "data loss", {"own.jsonl": own_gold("d"), "p.jsonl": '{"doc_id": "d", "entities": []}\n'},
     ["score", "p.jsonl", "--gold", "own.jsonl", "-o", "own.jsonl"], 2, None, ()),
    ("leaderboard --html -o a submission's metadata", "data loss", {},
     ["leaderboard", "--html", "-o", "repo/submissions/baseline/metadata.json"], 2, None, ()),
    # stalls: bounded reads
    ("a FIFO as --gold", "stall", {"g.jsonl": FIFO}, ["score", PREDS, "--gold", "g.jsonl"], 2, None, ()),
    ("an INCEpTION zip bomb", "stall", {"b.zip": bomb()}, ["import", "b.zip", "--format", "inception"], 2, None, ()),
    ("compare with a billion replicates", "stall", {}, ["compare", PREDS, OTHER, "--replicates", "1000000000"], 2,
     None, ()),
    # tracebacks: signals and streams
    ("Ctrl-C during leaderboard --check", "traceback", {}, ["leaderboard", "--check"], 130, (signal.SIGINT, 0.5), ()),
    ("a lone surrogate in a label, --counts-only", "traceback", {"p.jsonl": labelled("GPE\ud800")},
     ["score", "p.jsonl", "--counts-only"], 0, None, ()),
    ("INCEpTION offsets out of the text", "traceback", {}, ["import", "cas", "--format", "inception"], 2, None, ()),
    ("a negative --max-errors", "traceback", {}, ["score", PREDS, "--max-errors", "-5"], 2, None, ()),
    # escaping: nothing an input says reaches a terminal raw
    ("an argument argparse does not know, holding ESC", "escape", {}, ["score", PREDS, "x\x1b[2J\u202e"], 2, None, ()),
    *[(f"a nasty label, score {' '.join(fmt) or 'text'}", "escape", {"p.jsonl": labelled(NASTY)},
       ["score", "p.jsonl", *fmt], 0, None, ()) for fmt in ([], ["--json"], ["--csv"], ["--markdown"])],
    ("a nasty system name and label in audit", "escape",
     {"repo/submissions/evil/metadata.json": metadata(NASTY), "repo/submissions/evil/predictions.jsonl": labelled(NASTY)},
     ["audit"], 0, None, ()),
    ("a nasty JSON key twice (NG113)", "escape",
     {"p.jsonl": '{"doc_id": "%s", "entities": [], "k\\u001b\\nerror NG999": 1, "k\\u001b\\nerror NG999": 2}\n' % DOC_ID},
     ["score", "p.jsonl"], 2, None, ()),
    # symlinks out of a folder a command walks
    ("a submission's predictions linked out, leaderboard --check", "symlink",
     {"repo/submissions/evil/metadata.json": metadata("evil"), "repo/submissions/evil/predictions.jsonl": LINK_OUT},
     ["leaderboard", "--check"], 2, None, ()),
    *[(f"the folder of entries itself linked out, {command[0]}", "symlink",
       {"away/secret/metadata.json": metadata("evil"), "away/secret/predictions.jsonl": labelled("SECRET-VALUE"),
        "repo/submissions": MOVED_OUT}, command, 2, None, ())
      for command in (["leaderboard", "--check"], ["audit"], ["diff", "repo/annotations/gold", "repo/annotations/gold"])],
    # silent wrong results
    ("merge counts of two golds", "silent", {}, ["merge", "c1.json", "c2.json"], 2, None, ()),
    # temporary files after a signal
    ("SIGHUP during score -o", "temp file", {}, ["score", PREDS, "--json", "-o", "out.json"], None,
     (signal.SIGHUP, 0.6), ("out.json",)),
]


def newsgold(place: Path, *argv: str) -> None:
    subprocess.run([*NEWSGOLD, argv[0], "--root", "repo", *argv[1:]], cwd=place, check=True, capture_output=True,
                   timeout=120)


def two_golds(place: Path) -> None:
    (place / "own.jsonl").write_text(own_gold(DOC_ID), encoding="utf-8")
    (place / "p.jsonl").write_text('{"doc_id": "%s", "entities": []}\n' % DOC_ID, encoding="utf-8")
    newsgold(place, "score", PREDS, "--counts-only", "-o", "c1.json")
    newsgold(place, "score", "p.jsonl", "--gold", "own.jsonl", "--counts-only", "-o", "c2.json")


def xmi_offsets_out_of_the_text(place: Path) -> None:
    newsgold(place, "export", "--format", "inception", "-o", "cas")
    xmi = place / "cas" / f"{DOC_ID}.xmi"
    text = xmi.read_text(encoding="utf-8")
    edited = text.replace('begin="0" end="10" goldId="T1"', 'begin="-5" end="99999999999999999999" goldId="T1"')
    assert edited != text
    xmi.write_text(edited, encoding="utf-8")


# Steps before a case, by its name: files made by the command itself.
PREPARE = {"merge counts of two golds": two_golds, "INCEpTION offsets out of the text": xmi_offsets_out_of_the_text}


def snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def place(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FROZEN, root, ignore=shutil.ignore_patterns("README.md"))
    for name, source in (("baseline", "baseline"), ("other", "wink-nlp")):
        shutil.copytree(ROOT / "submissions" / source, root / "submissions" / name)
    (tmp_path / "away").mkdir()
    (tmp_path / "away" / "secret.jsonl").write_text(labelled("SECRET-VALUE"), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("name", "kind", "make", "command", "expected", "stop", "may_change"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_hostile_input_through_the_command(place: Path, name, kind, make, command, expected, stop, may_change) -> None:
    for rel, content in make.items():
        path = place / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is MOVED_OUT:
            shutil.move(path, place / "away" / "entries")
            shutil.move(place / "away" / "secret", place / "away" / "entries" / "evil")
            path.symlink_to(place / "away" / "entries")
        elif content is FIFO:
            os.mkfifo(path)
        elif content is LINK_OUT:
            path.symlink_to(place / "away" / "secret.jsonl")
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if name in PREPARE:
        PREPARE[name](place)
    before = snapshot(place)
    proc = subprocess.Popen([*NEWSGOLD, command[0], "--root", "repo", *command[1:]], cwd=place,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    stopped = False
    if stop:
        try:
            proc.wait(timeout=stop[1])
        except subprocess.TimeoutExpired:
            proc.send_signal(stop[0])
            stopped = True
    out, err = proc.communicate(timeout=120)
    text = out.decode("utf-8") + err.decode("utf-8")  # both UTF-8: a lone surrogate written as its escape
    assert "Traceback" not in text and "NG010" not in text, text
    assert not RAW.search(text), RAW.search(text)
    assert "UserWarning" not in text  # a library's warning is no message of newsgold's
    assert not any(line.startswith("error NG999") for line in text.splitlines())
    assert "SECRET-VALUE" not in text
    if expected == 130 and not stopped:  # it ended before the signal (a fast machine): no Ctrl-C to judge
        expected = None
    if expected == 130 and proc.returncode == -signal.SIGINT and not text:
        # The signal came while the interpreter was starting, before any Python ran (a loaded
        # machine): killed by the system's default, with nothing written; no Ctrl-C of ours to judge.
        expected = None
    if expected is not None:
        assert proc.returncode == expected, text
    if expected == 130:
        assert err.decode("utf-8").count("\n") == 1, err
    after = snapshot(place)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)} - set(may_change)
    assert not changed, changed
