"""The wheel holds everything a command needs: built from the source, installed in a fresh
virtual environment outside any checkout (with ``--no-deps``: the dependencies come from
this environment's site-packages), ``newsgold score --gold ... --map conll2003`` runs."""

from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("setuptools")  # the wheel is built without build isolation: no download


def tracked(under: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", under], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("the source is not a git checkout")
    return out.stdout.split()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin (Scripts) folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    for name in ["pyproject.toml", "README.md", "LICENSE", *tracked("eval/newsgold")]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(source)], check=True)
    (wheel,) = (tmp / "dist").glob("newsgold-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    python = tmp / "venv" / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], check=True)
    # the dependencies: this environment's site-packages, after the venv's own (a plain path
    # line: the .pth files there, this checkout's editable install among them, are not read)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()}
    Path(purelib, "deps.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return python.parent


def test_the_wheel_holds_every_data_file_of_the_package(installed: Path) -> None:
    (wheel,) = installed.parent.parent.glob("dist/newsgold-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [f for f in tracked("eval/newsgold") if not f.endswith(".py")]
    assert data and [f for f in data if f.removeprefix("eval/") not in names] == []


def test_score_with_a_builtin_map_outside_any_checkout(installed: Path, tmp_path: Path) -> None:
    text = "Angela Merkel visited Paris on Monday."
    gold = {"doc_id": "d1", "text": text, "entities": [
        {"start": 0, "end": 13, "type": "PERSON"}, {"start": 22, "end": 27, "type": "GPE"},
        {"start": 31, "end": 37, "type": "DATE"}]}
    pred = {"doc_id": "d1", "entities": [{"start": 0, "end": 13, "type": "PER"}, {"start": 22, "end": 27, "type": "LOC"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(json.dumps(pred) + "\n", encoding="utf-8")
    newsgold = installed / ("newsgold.exe" if sys.platform == "win32" else "newsgold")
    where = subprocess.run([str(installed / "python"), "-c", "import newsgold; print(newsgold.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert Path(where).is_relative_to(installed.parent) and not Path(where).is_relative_to(ROOT)

    def score(*options: str) -> dict:
        run = subprocess.run([str(newsgold), "score", "pred.jsonl", "--gold", "gold.jsonl", "--json", *options],
                             cwd=tmp_path, capture_output=True, text=True)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
        return json.loads(run.stdout)["entities"]["strict"]

    mapped = score("--map", "conll2003")  # PERSON -> PER, GPE -> LOC, DATE dropped
    assert mapped["overall"]["f1"] == 1.0 and sorted(mapped["per_type"]) == ["LOC", "PER"]
    assert score()["overall"]["tp"] == 0  # unmapped, the CoNLL labels match nothing
    ace = score("--map", "ace2005")
    assert ace["overall"]["support"] == 2  # DATE is no ACE 2005 entity type either
    bad = subprocess.run([str(newsgold), "score", "pred.jsonl", "--gold", "gold.jsonl", "--map", "conll2002"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_the_packaged_label_maps_are_the_repositorys() -> None:
    """The package's copy (what a gold file is scored with) is the repository's inventory:
    after changing annotations/inventories/label-maps.json, copy it to eval/newsgold/inventories/."""
    from newsgold.gold.corpus import builtin_label_maps

    repository = json.loads((ROOT / "annotations/inventories/label-maps.json").read_text(encoding="utf-8"))
    assert builtin_label_maps() == repository
