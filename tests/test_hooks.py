"""The pre-commit hooks and the GitHub Actions step that other repositories of annotations
reuse: each hook's entry point, run as pre-commit runs it, on a temporary repository."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import DOC_ID, ROOT

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


@pytest.fixture
def annotations_repo(tmp_path: Path) -> Path:
    """Someone else's repository of annotations in newsgold's layout, under git."""
    root = tmp_path / "annotations-repo"
    for part in ("corpus", "annotations", "data"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "README.md", root / "README.md")
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "gold"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root


def run_hook(hook_id: str, root: Path, changed: list[str]) -> subprocess.CompletedProcess[str] | None:
    """What pre-commit does with a hook: nothing when no changed file matches ``files``, else
    the entry (the package's console script, here through ``python -m newsgold``) with its
    args in the repository's root, file names appended only when ``pass_filenames``."""
    hook = HOOKS[hook_id]
    if not any(re.search(hook["files"], f) for f in changed):
        return None
    entry = shlex.split(hook["entry"])
    scripts = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("[project.scripts]\n", 1)[1]
    assert scripts.startswith(f'{entry[0]} = "newsgold.__main__:main"\n')  # the package's console script
    argv = [sys.executable, "-m", "newsgold", *entry[1:], *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        argv += changed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "eval"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=300)


def break_an_offset(root: Path) -> str:
    path = root / "annotations" / "gold" / f"{DOC_ID}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entities"][3]["end"] += 1  # the slip of a hand-edited offset
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path.relative_to(root))


def test_the_validate_hook_passes_a_good_gold_and_fails_a_broken_one(annotations_repo: Path) -> None:
    gold = f"annotations/gold/{DOC_ID}.json"
    good = run_hook("newsgold-validate", annotations_repo, [gold])
    assert good is not None and good.returncode == 0, good.stdout + good.stderr
    assert "PASSED" in good.stderr
    changed = break_an_offset(annotations_repo)
    bad = run_hook("newsgold-validate", annotations_repo, [changed])
    assert bad is not None and bad.returncode == 1
    assert "NG302" in bad.stdout and f"{gold}#/entities/3/text" in bad.stdout and "FAILED" in bad.stderr
    assert run_hook("newsgold-validate", annotations_repo, ["README.md"]) is None  # nothing it checks changed


def test_the_export_check_hook_fails_stale_datasets_files(annotations_repo: Path) -> None:
    fresh = run_hook("newsgold-export-check", annotations_repo, ["README.md"])
    assert fresh is not None and fresh.returncode == 0, fresh.stderr
    path = annotations_repo / "annotations" / "gold" / f"{DOC_ID}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entities"][0]["type"] = "LOC"  # a valid correction whose data/ files were not regenerated
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stale = run_hook("newsgold-export-check", annotations_repo, [str(path.relative_to(annotations_repo))])
    assert stale is not None and stale.returncode == 1
    assert "data/ner/test.jsonl is stale" in stale.stderr


def test_the_export_check_hook_leaves_another_repositorys_readme_alone(annotations_repo: Path) -> None:
    """In a repository that is not newsgold (its own README, no newsgold pyproject.toml) the
    hook checks the data/ files only; neither it nor the fix it names writes newsgold's name
    or licences into the README, however stale the front matter would be for newsgold."""
    readme = annotations_repo / "README.md"
    readme.write_text("# Our annotations\n\nLicensed by us.\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(annotations_repo), "-c", "user.name=t", "-c", "user.email=t@example.org",
                    "commit", "-qam", "our README"], check=True, capture_output=True)
    fresh = run_hook("newsgold-export-check", annotations_repo, ["README.md"])
    assert fresh is not None and fresh.returncode == 0, fresh.stderr
    path = annotations_repo / "annotations" / "gold" / f"{DOC_ID}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["entities"][0]["type"] = "LOC"
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    stale = run_hook("newsgold-export-check", annotations_repo, [str(path.relative_to(annotations_repo))])
    assert stale is not None and stale.returncode == 1
    assert "data/ner/test.jsonl is stale: run `newsgold export --format hf`" in stale.stderr
    assert "README.md" not in stale.stderr
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "eval"), os.environ.get("PYTHONPATH", "")])}
    fix = subprocess.run([sys.executable, "-m", "newsgold", "export", "--format", "hf"], cwd=annotations_repo, env=env,
                         capture_output=True, text=True, timeout=300)
    assert fix.returncode == 0, fix.stderr
    again = run_hook("newsgold-export-check", annotations_repo, ["data/ner/test.jsonl"])
    assert again is not None and again.returncode == 0, again.stderr
    changed = subprocess.run(["git", "-C", str(annotations_repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    written = sorted(line[3:] for line in changed.splitlines())
    assert written[0] == f"annotations/gold/{DOC_ID}.json" and "data/ner/test.jsonl" in written
    assert all(f.startswith("data/") for f in written[1:])  # the fix wrote data/ and nothing else
    assert readme.read_text(encoding="utf-8") == "# Our annotations\n\nLicensed by us.\n"


def test_in_newsgolds_own_repository_the_hook_checks_the_readme_card_too(annotations_repo: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", annotations_repo / "pyproject.toml")
    readme = annotations_repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("pretty_name: newsgold", "pretty_name: other"), encoding="utf-8")
    stale = run_hook("newsgold-export-check", annotations_repo, ["README.md"])
    assert stale is not None and stale.returncode == 1
    assert "README.md is stale: run `newsgold regenerate`" in stale.stderr


def test_the_actions_step_runs_the_hooks_commands_after_installing_the_package() -> None:
    assert ACTION["runs"]["using"] == "composite"
    runs = [s["run"] for s in ACTION["runs"]["steps"] if "run" in s]
    assert runs[0] == 'python -m pip install -q "${{ github.action_path }}"'
    assert runs[1:] == [HOOKS["newsgold-validate"]["entry"], HOOKS["newsgold-export-check"]["entry"]]
    assert all(s.get("shell") == "bash" for s in ACTION["runs"]["steps"] if "run" in s)
    assert set(ACTION["inputs"]) == {"root", "export-check", "python-version"}


def test_contributing_shows_how_to_use_both() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    config = yaml.safe_load(re.search(r"```yaml\n(# \.pre-commit-config\.yaml.+?)```", text, flags=re.S).group(1))
    assert {h["id"] for h in config["repos"][0]["hooks"]} <= set(HOOKS)
    workflow = yaml.safe_load(re.search(r"```yaml\n(# \.github/workflows/.+?)```", text, flags=re.S).group(1))
    steps = workflow["jobs"]["validate"]["steps"]
    (step,) = [s for s in steps if "/newsgold@" in s.get("uses", "")]
    assert set(step.get("with", {})) <= set(ACTION["inputs"])


def snippet_refs() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    config = yaml.safe_load(re.search(r"```yaml\n(# \.pre-commit-config\.yaml.+?)```", text, flags=re.S).group(1))
    workflow = yaml.safe_load(re.search(r"```yaml\n(# \.github/workflows/.+?)```", text, flags=re.S).group(1))
    (uses,) = [s["uses"] for s in workflow["jobs"]["validate"]["steps"] if "/newsgold@" in s.get("uses", "")]
    return [config["repos"][0]["rev"], uses.split("@", 1)[1]]


needs_history = pytest.mark.skipif(
    subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", "-q", "refs/heads/main"], capture_output=True).returncode != 0,
    reason="needs this repository's git history with its main branch (a copy of the files has none)",
)


@needs_history
def test_the_pasted_refs_resolve_in_this_repository() -> None:
    """What pre-commit and GitHub fetch: each ref the snippets name is one this repository has."""
    for ref in snippet_refs():
        found = subprocess.run(["git", "ls-remote", str(ROOT), ref], capture_output=True, text=True)
        assert found.returncode == 0 and re.match(r"[0-9a-f]{40}\t", found.stdout), (ref, found.stdout)


@needs_history
def test_the_command_that_prints_the_sha_to_pin_prints_one() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(git ls-remote \S+ refs/heads/main \| cut -f1)\n```", text).group(1)
    here = command.replace("https://github.com/OWNER/newsgold", shlex.quote(str(ROOT)))
    out = subprocess.run(["bash", "-c", here], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(r"[0-9a-f]{40}\n", out)
    assert "pre-commit autoupdate --bleeding-edge --freeze --repo https://github.com/OWNER/newsgold" in text
