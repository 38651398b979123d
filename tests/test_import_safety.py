"""`newsgold import` shows what it would change and writes only with --write; a file that
drops more than it keeps needs --force; a truncated or inconsistent .ann is a coded error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for part in ("corpus", "annotations"):
        shutil.copytree(ROOT / part, root / part)
    return root


@pytest.fixture
def exported(copy: Path, tmp_path: Path, capsys) -> Path:
    out = tmp_path / "brat"
    assert main(["export", "--root", str(copy), "--format", "brat", "-o", str(out)]) == 0
    capsys.readouterr()
    return out / f"{DOC_ID}.ann"


def gold(copy: Path) -> Path:
    return copy / "annotations" / "gold" / f"{DOC_ID}.json"


def run(copy: Path, ann: Path, *flags: str) -> int:
    return main(["import", "--root", str(copy), str(ann.parent), *flags])


def test_without_write_it_shows_the_changes_and_writes_nothing(copy: Path, exported: Path, capsys) -> None:
    before = gold(copy).read_bytes()
    ann = exported.read_text(encoding="utf-8")
    exported.write_text(ann.replace("T1\tGPE 0 10\tWashington", "T1\tLOC 0 10\tWashington"), encoding="utf-8")
    assert run(copy, exported) == 0
    out, err = capsys.readouterr()
    assert "1 change(s)" in out and "type: 'GPE' -> 'LOC'" in out
    assert "nothing written" in err and "--write" in err
    assert gold(copy).read_bytes() == before
    assert run(copy, exported, "--write") == 0
    assert '"type": "LOC"' in gold(copy).read_text(encoding="utf-8")


def test_an_unchanged_import_writes_the_same_bytes(copy: Path, exported: Path, capsys) -> None:
    before = gold(copy).read_bytes()
    assert run(copy, exported, "--write") == 0
    assert capsys.readouterr().out.startswith("0 change(s)")
    assert gold(copy).read_bytes() == before


@pytest.mark.parametrize("keep", [0, 11])
def test_an_empty_or_truncated_file_is_refused_without_force(copy: Path, exported: Path, capsys, keep: int) -> None:
    """What the probe found: an empty .ann rewrote the gold to nothing, and validate passed."""
    before = gold(copy).read_bytes()
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x.split("\t")[0] for x in lines if x.startswith("T") and int(x.split("\t")[0][1:]) < 1000][:keep]
    # the first entities, each whole (its level, cluster, value and note): a clean cut, no dangling reference
    whole = [x for x in lines if x.split("\t")[0] in kept or (x[0] in "AN#" and x.split("\t")[1].split(" ")[1] in kept)]
    exported.write_text("".join(whole), encoding="utf-8")
    assert run(copy, exported, "--write") == 2
    err = capsys.readouterr().err
    assert "NG616" in err and "--force" in err and f"keeps {keep}" in err
    assert gold(copy).read_bytes() == before
    assert run(copy, exported, "--write", "--force") == 0
    assert gold(copy).read_bytes() != before


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda lines: [x for x in lines if not x.startswith("T1001\t")], id="a mention an event names"),
        pytest.param(lambda lines: [x for x in lines if not x.startswith("T3\t")], id="an entity an attribute names"),
        pytest.param(lambda lines: lines[len(lines) // 2 :], id="the first half"),
    ],
)
def test_a_file_that_refers_to_what_it_lost_is_a_coded_error(copy: Path, exported: Path, capsys, cut) -> None:
    before = gold(copy).read_bytes()
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    exported.write_text("".join(cut(lines)), encoding="utf-8")
    assert run(copy, exported, "--write", "--force") == 2
    err = capsys.readouterr().err
    assert "NG615" in err and "NG010" not in err
    assert gold(copy).read_bytes() == before


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("E1\tMeet:T999\n", "NG615"),
        ("T2\tMeet 41 43\tUS\nE1\tMeet:T2 Entity:T77\n", "NG615"),
        ("R1\tHeadOf Arg1:T50 Arg2:T1\n", "NG615"),
        ("A1\tLevel T42 NAM\n", "NG615"),
        ("T1\tGPE 0 10\tWashington\n", "NG612"),  # T1 twice
        ("T9\tGPE 0 " + "1" * 5000 + "\tWashington\n", "NG301"),
    ],
)
def test_dangling_references_and_impossible_offsets_are_coded(copy: Path, tmp_path: Path, capsys, line: str, code: str) -> None:
    folder = tmp_path / "hand"
    folder.mkdir()
    (folder / f"{DOC_ID}.ann").write_text("T1\tGPE 0 10\tWashington\n" + line, encoding="utf-8")
    assert main(["import", "--root", str(copy), str(folder), "--write", "--force"]) == 2
    err = capsys.readouterr().err
    assert code in err and "NG010" not in err


def test_a_link_out_of_the_folder_is_refused_and_never_echoed(copy: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / f"{DOC_ID}.ann").symlink_to(secret)
    assert main(["import", "--root", str(copy), str(folder)]) == 2
    err = capsys.readouterr().err
    assert "NG114" in err and "root:x" not in err


def test_an_import_that_validate_would_refuse_is_refused(copy: Path, exported: Path, capsys) -> None:
    """Found by the fuzzer: with the Head lines cut off, the mentions had no head, import
    wrote the file, and validate then failed it on the schema."""
    before = gold(copy).read_bytes()
    lines = exported.read_text(encoding="utf-8").splitlines(keepends=True)
    exported.write_text("".join(x for x in lines if "\tHead " not in x and "\tHeadOf " not in x), encoding="utf-8")
    assert run(copy, exported, "--write", "--force") == 2
    err = capsys.readouterr().err
    assert "NG201" in err and "'head' is a required property" in err
    assert gold(copy).read_bytes() == before
