"""The input cap counts bytes after decompression: small compressed files that expand past it
are refused with NG108 naming the file (and the member), without ever holding the expansion."""

from __future__ import annotations

import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.io import MAX_INPUT_ENV, check_inflated, read_member
from newsgold.readers import inception

CAP = 1 << 20
EXPANDED = 64 << 20  # 64 MiB of zeros: about 64 KB once compressed


@pytest.fixture(autouse=True)
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_INPUT_ENV, str(CAP))


def _bomb_zip(path: Path, member: str, size: int = EXPANDED) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("TypeSystem.xml", "<typeSystemDescription/>")
        with z.open(member, "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(size // len(block)):
                f.write(block)
    return path


def _refused(err: NewsgoldError) -> str:
    [i] = err.incidents
    assert i.code == "NG108"
    assert MAX_INPUT_ENV in i.render()  # says how to raise the cap
    return i.file


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_an_inception_zip_whose_xmi_expands_past_the_cap_is_refused_naming_the_member(tmp_path: Path) -> None:
    z = _bomb_zip(tmp_path / "doc.zip", "doc.xmi")
    assert z.stat().st_size < CAP
    with pytest.raises(NewsgoldError) as e:
        inception.sources(z)
    assert _refused(e.value) == f"{z}!doc.xmi"


def test_a_zip_member_is_read_in_chunks_up_to_the_cap(tmp_path: Path) -> None:
    z = _bomb_zip(tmp_path / "doc.zip", "doc.xmi", size=4 << 20)
    with zipfile.ZipFile(z) as archive:
        got = []
        assert _peak(lambda: got.append(read_member(archive, "doc.xmi", str(z)))) < 8 * CAP
        # Its declared size is refused at once; hidden, zipfile stops at the size declared.
        archive.getinfo("doc.xmi").file_size = CAP - 1
        with pytest.raises(zipfile.BadZipFile):
            read_member(archive, "doc.xmi", str(z))
    assert got[0][0] is None and got[0][1][0].code == "NG108"


def test_a_loose_xmi_or_type_system_past_the_cap_is_refused(tmp_path: Path) -> None:
    (tmp_path / "TypeSystem.xml").write_text("<typeSystemDescription/>", encoding="utf-8")
    xmi = tmp_path / "doc.xmi"
    xmi.write_bytes(b" " * (CAP + 1))
    with pytest.raises(NewsgoldError) as e:
        inception.sources(xmi)
    assert _refused(e.value) == str(xmi)
    xmi.write_bytes(b"<xmi/>")
    (tmp_path / "TypeSystem.xml").write_bytes(b" " * (CAP + 1))
    with pytest.raises(NewsgoldError) as e:
        inception.sources(xmi)
    assert _refused(e.value) == str(tmp_path / "TypeSystem.xml")


def test_a_zlib_stream_is_measured_in_chunks_without_holding_its_expansion() -> None:
    bomb = zlib.compress(b"\0" * EXPANDED, 9)
    assert len(bomb) < CAP
    problems: list = []
    assert _peak(lambda: problems.extend(check_inflated(bomb, "x.spacy"))) < 8 * CAP
    assert [p.code for p in problems] == ["NG108"] and problems[0].file == "x.spacy"
    assert check_inflated(zlib.compress(b"\0" * CAP), "x.spacy") == []
    assert check_inflated(b"not zlib", "x.spacy") == []  # left to the format's reader


def test_a_spacy_docbin_bomb_is_refused_before_spacy_reads_it(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from newsgold.readers.spacy_docbin import read_docbin

    path = tmp_path / "bomb.spacy"
    path.write_bytes(zlib.compress(b"\0" * EXPANDED, 9))
    with pytest.raises(NewsgoldError) as e:
        read_docbin(path, {})
    assert _refused(e.value) == str(path)
