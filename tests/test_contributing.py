"""A contributor's path on a copy of the repository, and the review tools it relies on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT


def gold_path(root: Path) -> Path:
    return root / "annotations" / "gold" / f"{DOC_ID}.json"


def edit(root: Path, change) -> None:
    path = gold_path(root)
    record = json.loads(path.read_text(encoding="utf-8"))
    change(record)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_bad_edit_is_named_then_good_edit_passes_and_diff_shows_exactly_it(copy: Path, tmp_path: Path, capsys) -> None:
    original = tmp_path / "original.json"
    shutil.copy(gold_path(copy), original)

    # A slip: the contributor retypes 'Latin America' but also nudges its end by one.
    def bad(record):
        e = next(x for x in record["entities"] if x["text"] == "Latin America")
        e["type"], e["end"] = "GPE", e["end"] + 1

    edit(copy, bad)
    assert main(["validate", "--root", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "NG302" in out and "#/entities/6/text" in out and "off by one" in out

    shutil.copy(original, gold_path(copy))
    edit(copy, lambda r: next(x for x in r["entities"] if x["text"] == "Latin America").update(type="GPE"))
    assert main(["validate", "--root", str(copy)]) == 0
    capsys.readouterr()
    assert main(["diff", "--root", str(copy), str(original), str(gold_path(copy)), "--json"]) == 0
    diff = json.loads(capsys.readouterr().out)
    assert [(c["kind"], c["id"], c["fields"]) for c in diff["changes"]] == [
        ("changed", "T7", {"type": {"before": "LOC", "after": "GPE"}})
    ]
    effects = {e["system"]: e for e in diff["score_effects"]}
    assert set(effects) == {p.name for p in (copy / "submissions").iterdir()}
    for name, effect in effects.items():  # a system that called Latin America a LOC loses that match; the others keep theirs
        predicted = (copy / "submissions" / name / "predictions.jsonl").read_text(encoding="utf-8")
        if '"start": 103, "end": 116, "type": "LOC"' in predicted:
            assert effect["after"]["entity_strict_f1"] < effect["before"]["entity_strict_f1"]
        else:
            assert effect["after"]["entity_strict_f1"] == effect["before"]["entity_strict_f1"]


def test_diff_of_events_lists_arguments_and_attributes(copy: Path, tmp_path: Path, capsys) -> None:
    original = tmp_path / "original.json"
    shutil.copy(gold_path(copy), original)

    def change(record):
        ev = record["events"][0]
        ev["modality"] = "Asserted"
        ev["arguments"] = ev["arguments"][1:]
        record["events"].append(dict(record["events"][1], id=f"E{len(record['events']) + 1}", type="Contact:Phone-Write", arguments=[]))

    edit(copy, change)
    assert main(["diff", "--root", str(copy), str(original), str(gold_path(copy)), "--no-scores"]) == 0
    text = capsys.readouterr().out
    assert "changed" in text and "modality: 'Other' -> 'Asserted'" in text and "argument removed: Entity M2" in text
    assert re.search(r"added .* events E19 Contact:Phone-Write 'discussions'", text)


def test_diff_between_git_revisions(copy: Path, capsys) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(copy), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "gold")
    edit(copy, lambda r: r["entities"][0].update(cluster="washington-dc"))
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "fix")
    assert main(["diff", "--root", str(copy), "HEAD~1", "HEAD", "--no-scores"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 change(s)") and "cluster: 'washington' -> 'washington-dc'" in out
    assert main(["diff", "--root", str(copy), "HEAD", str(copy / "annotations" / "gold"), "--no-scores"]) == 0
    assert capsys.readouterr().out.startswith("0 change(s)")


def test_versions_agree_everywhere(repo) -> None:
    meta = json.loads(repo.meta_path(DOC_ID).read_text(encoding="utf-8"))
    gold = json.loads(repo.gold_path(DOC_ID).read_text(encoding="utf-8"))
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    version = meta["dataset_version"]
    assert gold["dataset_version"] == version
    assert f"\nversion: {version}\n" in citation
    assert f"## Dataset {version}" in changelog


def test_templates_and_workflow_exist_and_run_the_readme_test_command() -> None:
    from tests.test_readme import quick_start_commands

    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert f"run: {quick_start_commands()[1]}" in workflow and "newsgold diff" in workflow
    assert (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").exists()
    assert {p.name for p in (ROOT / ".github" / "ISSUE_TEMPLATE").iterdir()} == {"annotation-error.md", "new-document.md"}
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for command in ("newsgold validate", "newsgold diff", "newsgold agree", "newsgold regenerate --check", "newsgold regenerate\n"):
        assert command in contributing
