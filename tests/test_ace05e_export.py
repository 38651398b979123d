"""The ACE05-E export profile, checked with TextEE's own loader and scorer along the README's
walk-through: their outputs on this export and these predictions are recorded in
tests/conformance/textee/textee-scores.json, and re-made live from a TextEE checkout when
``NEWSGOLD_TEXTEE`` names one (tests/conformance/textee/README.md)."""

from __future__ import annotations

import copy
import functools
import json
import os
import random
import re
import tempfile
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.repo import find_repo

from tests.conftest import FROZEN

TEXTEE = Path(__file__).parent / "conformance" / "textee"


@functools.cache
def recorded() -> dict:
    """TextEE's run recorded in the conformance folder: the export, its loaded windows, and per
    case the predictions and TextEE's scores."""
    return json.loads((TEXTEE / "textee-scores.json").read_text(encoding="utf-8"))

README = Path(__file__).resolve().parents[1] / "README.md"
METRICS = {
    "trigger_id": "trigger_identification",
    "trigger_cls": "trigger_classification",
    "argument_id": "argument_identification",
    "argument_cls": "argument_classification",
    "argument_attached_id": "argument_identification_attached",
    "argument_attached_cls": "argument_classification_attached",
}


def walkthrough() -> tuple[str, str]:
    """The README's TextEE walk-through: its export command and its Python snippet."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Run a TextEE model on newsgold") :]
    export = re.search(r"```sh\n(newsgold export [^\n]*)\n", section).group(1)
    snippet = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    return export, snippet


def exported(tmp_path: Path, capsys, fmt: str = "textee") -> list[dict]:
    command, _ = walkthrough()
    args = command.split()[1:]
    args[args.index("textee")] = fmt
    out = tmp_path / fmt
    args[args.index("-o") + 1] = str(out)
    assert main([*args, "--root", str(FROZEN)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    [path] = out.iterdir()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def export_objects() -> list[dict]:
    """The README's export of the frozen gold, as TextEE reads it (the input of its loader)."""
    command, _ = walkthrough()
    args = command.split()[1:]
    with tempfile.TemporaryDirectory() as tmp:
        args[args.index("-o") + 1] = tmp
        assert main([*args, "--root", str(FROZEN)]) == 0
        [path] = Path(tmp).iterdir()
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def predictions_for(golds: list[dict], case: str) -> list[dict]:
    """The predictions of a recorded case on TextEE's loaded windows: a seeded perturbation of the
    gold, or (``perfect``) the gold itself."""
    if case == "perfect":
        return [{**g, "events": [{"trigger": e["trigger"][:3], "arguments": [a[:3] for a in e["arguments"]]} for e in g["events"]]} for g in golds]
    return model_predictions(golds, int(case))


def model_predictions(golds: list[dict], seed: int) -> list[dict]:
    """What an ACE05-E model's ``trainer.predict`` returns for TextEE's loaded windows: per
    window, triggers (start, end, type) and arguments (start, end, role), the gold perturbed
    (dropped, retyped and moved triggers, wrong roles, spurious arguments, duplicates)."""
    rnd = random.Random(seed)
    roles = sorted(find_repo(FROZEN).event_types["benchmark_roles"])
    out = []
    for g in golds:
        events = []
        for e in g["events"]:
            if rnd.random() < 0.15:
                continue
            s, t, label = e["trigger"][:3]
            if rnd.random() < 0.15:
                label = rnd.choice(["Contact:Phone-Write", "Conflict:Attack", "Movement:Transport"])
            if rnd.random() < 0.1 and t < len(g["tokens"]):
                s, t = s + 1, t + 1
            args = []
            for a, b, role, _ in e["arguments"]:
                r = rnd.random()
                if r < 0.15:
                    continue
                args.append((a, b, rnd.choice(roles) if r < 0.3 else role))
            if rnd.random() < 0.4:
                k = rnd.randrange(len(g["tokens"]))
                args.append((k, k + 1, rnd.choice(roles)))
            if args and rnd.random() < 0.2:
                args.append(args[0])
            events.append({"trigger": (s, t, label), "arguments": args})
        if events and rnd.random() < 0.2:
            events.append(copy.deepcopy(events[0]))
        out.append({"doc_id": g["doc_id"], "wnd_id": g["wnd_id"], "tokens": g["tokens"], "events": events})
    return out


def newsgold_scores(tmp_path: Path, capsys, predictions: list[dict]) -> dict:
    """The README's snippet writes ``predictions``; newsgold scores the file (benchmark view)."""
    _, snippet = walkthrough()
    path = tmp_path / "textee-predictions.jsonl"
    code = snippet.replace('"textee-predictions.jsonl"', repr(str(path)))
    exec(compile(code, "README.md", "exec"), {"predictions": predictions})
    assert main(["score", "--root", str(FROZEN), str(path), "--layers", "events", "--json", "--no-errors"]) == 0
    return json.loads(capsys.readouterr().out)["events"]


def test_the_recorded_textee_run_is_on_todays_export_and_seeded_predictions(capsys) -> None:
    """The recording applies: its export is today's, and its predictions are what the seeded
    perturbation makes of the windows TextEE loaded (if not: regenerate, README.md there)."""
    assert export_objects() == recorded()["export"], "the export changed: regenerate textee-scores.json"
    capsys.readouterr()
    assert sorted(recorded()["cases"]) == ["1", "2", "3", "perfect"]
    for case, run in recorded()["cases"].items():
        assert json.loads(json.dumps(predictions_for(recorded()["golds"], case))) == run["predictions"], case


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_textee_scorer_on_the_ace05e_export_equals_the_benchmark_view(tmp_path: Path, capsys, seed: int) -> None:
    case = recorded()["cases"][str(seed)]
    theirs = case["scores"]
    ours = newsgold_scores(tmp_path, capsys, case["predictions"])
    for name, metric in METRICS.items():
        o = ours[metric]["overall"]
        assert (theirs[name]["match_num"], theirs[name]["pred_num"], theirs[name]["gold_num"]) == (
            o["tp"], o["tp"] + o["fp"], o["tp"] + o["fn"]
        ), name
        assert theirs[name]["f1"] == pytest.approx(100 * (o["f1"] or 0.0), abs=1e-9), name
    assert 0 < theirs["argument_cls"]["f1"] < 100


def test_a_perfect_model_scores_100_with_textees_scorer_and_newsgolds(tmp_path: Path, capsys) -> None:
    case = recorded()["cases"]["perfect"]
    theirs = case["scores"]
    ours = newsgold_scores(tmp_path, capsys, case["predictions"])
    assert {n: theirs[n]["f1"] for n in METRICS} == dict.fromkeys(METRICS, 100.0)
    assert {m: ours[m]["overall"]["f1"] for m in METRICS.values()} == dict.fromkeys(METRICS.values(), 1.0)


LIVE = os.environ.get("NEWSGOLD_TEXTEE")


@pytest.mark.skipif(not LIVE, reason="NEWSGOLD_TEXTEE names no TextEE checkout to run")
def test_the_recorded_scores_are_what_textee_computes(capsys) -> None:
    from tests.conformance.textee.run_textee import run

    assert run(Path(LIVE), export_objects(), predictions_for) == recorded()


def test_the_profile_holds_ace_types_levels_and_roles_only(tmp_path: Path, capsys) -> None:
    repo = find_repo(FROZEN)
    roles = set(repo.event_types["benchmark_roles"])
    ace = {t for t in repo.label_maps["ace2005"]["map"].values() if t}
    objs = exported(tmp_path, capsys)
    mentions = [m for r in objs for m in r["entity_mentions"]]
    assert {m["entity_type"] for m in mentions} <= ace and {m["mention_type"] for m in mentions} == {"NAM", "NOM", "PRO"}
    assert not any("value" in m for m in mentions)
    # the keys of TextEE's ACE05-E entity mentions (process_ace05_en.py, Entity.to_dict: text, id,
    # start, end, entity_type, entity_subtype, mention_type); the gold has no ACE subtypes: null
    assert {frozenset(m) for m in mentions} == {
        frozenset({"text", "id", "start", "end", "entity_type", "entity_subtype", "mention_type"})
    }
    assert {m["entity_subtype"] for m in mentions} == {None}
    args = [a for r in objs for e in r["event_mentions"] for a in e["arguments"]]
    assert args and {a["role"] for a in args} <= roles
    gold = json.loads((FROZEN / "annotations" / "gold" / f"{objs[0]['doc_id']}.json").read_text(encoding="utf-8"))
    assert len(args) == sum(a["role"] in roles for e in gold["events"] for a in e["arguments"])
    for r in exported(tmp_path / "d", capsys, "dygiepp"):
        labels = {x[2] for sentence in r["ner"] for x in sentence}
        assert labels <= ace
        assert {a[2] for sentence in r["events"] for e in sentence for a in e[1:]} <= roles


def test_the_profile_goes_with_the_event_formats_only(tmp_path: Path, capsys) -> None:
    assert main(["export", "--root", str(FROZEN), "--format", "conll", "--profile", "ace05e", "-o", str(tmp_path / "c")]) != 0
    err = capsys.readouterr().err
    assert "NG003" in err and "textee and dygiepp" in err and not (tmp_path / "c").exists()
