"""Signals and streams (issue 30, item 6): Ctrl-C exits 130 in one line, SIGHUP and SIGQUIT
leave no temporary file (as SIGTERM), a full, broken or closed stdout is a coded error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOC_ID, ROOT, copy  # noqa: F401  (a fixture)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and /dev/full")
NEWSGOLD = [sys.executable, "-m", "newsgold"]
TOKENS = ["tokens", "--root", str(ROOT), DOC_ID]


def test_ctrl_c_exits_130_in_one_line_without_a_traceback() -> None:
    code = (
        "import sys, newsgold.api as api\n"
        "def stop(*a, **k): raise KeyboardInterrupt\n"
        "api.document = stop\n"
        "from newsgold.cli import main\n"
        f"sys.exit(main({TOKENS!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("module", ["newsgold.cli", "newsgold.api", "newsgold.gold.corpus"])
def test_ctrl_c_while_the_package_loads_exits_130_in_one_line(module: str) -> None:
    """The first second of a run is spent importing: a Ctrl-C there is the same one line."""
    code = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, *a):\n"
        f"        if name == {module!r}: raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "from newsgold.__main__ import main\n"
        f"sys.argv = ['newsgold', *{TOKENS!r}]\n"
        "sys.exit(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 130
    assert done.stderr == "interrupted: nothing more was written\n", done.stderr


@posix_only
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    code = (
        "import sys, time\n"
        "from newsgold.gold.write import write_atomic\n"
        "def chunks():\n"
        "    yield 'new'\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
        "    yield '!'\n"
        f"write_atomic({str(target)!r}, chunks())\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    proc.send_signal(getattr(signal, name))
    assert proc.wait(timeout=60) != 0
    proc.stdout.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert target.read_text(encoding="utf-8") == "old"



@posix_only
@pytest.mark.parametrize("where", ["full", "closed", "broken pipe"])
def test_a_stdout_that_cannot_be_written_is_a_coded_error(where: str) -> None:
    if where == "full":
        with open("/dev/full", "wb") as full:
            done = subprocess.run([*NEWSGOLD, *TOKENS], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
        code, err = done.returncode, done.stderr
    elif where == "closed":
        done = subprocess.run([*NEWSGOLD, *TOKENS], stderr=subprocess.PIPE, text=True, timeout=120,
                              preexec_fn=lambda: os.close(1))
        code, err = done.returncode, done.stderr
    else:
        proc = subprocess.Popen([*NEWSGOLD, *TOKENS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read()
        code = proc.wait(timeout=120)
        proc.stderr.close()
    assert code == 2 and "error NG012 " in err and "Traceback" not in err and "Exception ignored" not in err, err


@posix_only
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"])
def test_a_signal_during_import_write_leaves_the_gold_whole_and_no_temporary_file(copy: Path, tmp_path: Path,
                                                                                 name: str) -> None:
    """`import --write` into annotations/gold/, stopped while the new gold file is on its way to disk."""
    from newsgold.cli import main

    brat = tmp_path / "brat"
    assert main(["export", "--root", str(copy), "--format", "brat", "-o", str(brat)]) == 0
    ann = brat / f"{DOC_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("\tLOC ", "\tGPE ", 1), encoding="utf-8")  # an edit
    gold = copy / "annotations" / "gold"
    before = {p.name: p.read_bytes() for p in gold.iterdir()}
    code = (
        "import os, sys, time\n"
        "def stalled(fd):\n"
        "    print('ready', flush=True)\n"
        "    time.sleep(60)\n"
        "os.fsync = stalled\n"
        "from newsgold.cli import main\n"
        f"sys.exit(main(['import', '--root', {str(copy)!r}, {str(brat)!r}, '--write']))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        if line == b"ready\n":
            break
    else:
        pytest.fail(proc.stderr.read().decode())
    proc.send_signal(getattr(signal, name))
    code_ = proc.wait(timeout=60)
    err = proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    assert code_ == (130 if name == "SIGINT" else -getattr(signal, name)), err
    assert "Traceback" not in err
    assert {p.name: p.read_bytes() for p in gold.iterdir()} == before
