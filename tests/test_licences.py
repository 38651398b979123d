"""One licence story, told the same everywhere: code MIT, annotations CC BY 4.0, the article
text EFE's (included for research evaluation, not licensed by the project)."""

from __future__ import annotations

import re

try:
    import tomllib
except ImportError:  # Python 3.10: the same parser, before it joined the standard library
    import tomli as tomllib

from tests.conftest import ROOT


def front_matter() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("---\n", 2)[1]
    return dict(re.findall(r"^(license\w*): (.+)$", block, flags=re.M))


def test_the_code_licence_is_mit_in_license_pyproject_and_citation() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n") and "LICENSE-DATA.md" in licence
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == {"text": "MIT"}
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(r"^license:\n  - MIT\n  - CC-BY-4.0\n", citation, flags=re.M)


def test_the_data_licence_says_cc_by_for_annotations_and_keeps_the_text_with_its_owner() -> None:
    notice = (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notice and "https://creativecommons.org/licenses/by/4.0/" in notice
    assert "EFE" in notice and "research" in notice and "does not extend" in notice
    assert front_matter() == {"license": "other", "license_name": "cc-by-4.0-annotations-and-third-party-text",
                              "license_link": "LICENSE-DATA.md"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "the code is MIT (`LICENSE`); the annotations are CC BY 4.0" in readme
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert "annotations are\n  CC BY 4.0" in citation and "MIT-licensed and" in citation
    assert "annotations and code are MIT" not in citation
