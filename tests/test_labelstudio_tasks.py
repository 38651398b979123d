"""Label Studio both ways: the gold exported as tasks and imported back byte for byte, edits
made the way the tool makes them, coded refusals that write nothing, and pre-annotations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, GOLD, ROOT, assert_the_tools_three_edits, first_event_with_arguments, with_argument_notes


def export(root: Path, out: Path, *more: str) -> list[dict]:
    assert main(["export", "--root", str(root), "--format", "label-studio", "-o", str(out), *more]) == 0
    return json.loads((out / "tasks.json").read_text(encoding="utf-8"))


def as_exported_by_label_studio(tasks: list[dict]) -> list[dict]:
    """What the tool's JSON export adds around each task and annotation."""
    return [{"id": i + 1, **t, "annotations": [{"id": 10 + i, "completed_by": 1, "was_cancelled": False, "ground_truth": False,
                                                 "lead_time": 12.5, **a} for a in t.get("annotations", [])],
             "predictions": t.get("predictions", []), "meta": {}, "created_at": "2026-01-01T00:00:00Z"} for i, t in enumerate(tasks)]


def write(path: Path, tasks: list[dict]) -> Path:
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    return path


def import_(root: Path, source: Path, *more: str) -> int:
    return main(["import", "--root", str(root), str(source), "--format", "label-studio", "--write", *more])


def test_the_gold_comes_back_byte_for_byte(copy: Path, tmp_path: Path, capsys) -> None:
    tasks = export(copy, tmp_path / "ls")
    assert [t["data"]["doc_id"] for t in tasks] == [DOC_ID]
    source = write(tmp_path / "export.json", as_exported_by_label_studio(tasks))
    out = tmp_path / "imported"
    out.mkdir()
    capsys.readouterr()
    assert import_(copy, source, "-o", str(out)) == 0
    assert (out / f"{DOC_ID}.json").read_bytes() == (copy / GOLD).read_bytes()
    err = capsys.readouterr().err
    assert "not carried by Label Studio: notes on event arguments" in err and "NG614" not in err  # this gold has none


def test_argument_notes_are_kept_from_the_current_gold_and_reported(copy: Path, tmp_path: Path, capsys) -> None:
    record, k = with_argument_notes(copy)
    assert main(["validate", "--root", str(copy)]) == 0
    tasks = export(copy, tmp_path / "ls")
    ev2 = record["events"][k]
    result = tasks[0]["annotations"][0]["result"]
    gone = next(r for r in result if r.get("type") == "relation" and r["from_id"] == ev2["id"] and r["to_id"] == ev2["arguments"][0]["ref"])
    result.remove(gone)  # the annotator deletes the second event's first argument
    capsys.readouterr()
    assert import_(copy, write(tmp_path / "export.json", tasks)) == 0
    err = capsys.readouterr().err
    assert "NG614" in err and f"1 kept from the current gold ({record['events'][0]['id']} Entity" in err
    assert f"dropped with their arguments ({ev2['id']} {ev2['arguments'][0]['role']} {ev2['arguments'][0]['ref']})" in err
    back = json.loads((copy / GOLD).read_text(encoding="utf-8"))
    assert back["events"][0] == record["events"][0]
    assert back["events"][k]["arguments"] == record["events"][k]["arguments"][1:]


def region(rid: str, control: str, start: int, end: int, text: str, label: str) -> dict:
    return {"id": rid, "from_name": control, "to_name": "text", "type": "labels", "origin": "manual",
            "value": {"start": start, "end": end, "text": text, "labels": [label]}}


def test_edits_made_in_the_tool_import_validate_and_diff_as_exactly_those_edits(copy: Path, tmp_path: Path, capsys) -> None:
    """CONTRIBUTING's path without hand-edited offsets: export, edit in the tool, import, validate, diff."""
    before = tmp_path / "before.json"
    shutil.copy(copy / GOLD, before)
    tasks = export(copy, tmp_path / "ls")
    text = tasks[0]["data"]["text"]
    result = tasks[0]["annotations"][0]["result"]
    # 1. retype Latin America (the label of its region)
    la = next(r for r in result if r["from_name"] == "entity" and r["value"]["text"] == "Latin America")
    la["value"]["labels"] = ["GPE"]
    # 2. a new nominal mention drawn by hand: the tool gives it a random id; the annotator picks NOM and a head
    s = text.index("a new round")
    e = s + len("a new round")
    result += [region("Xk3_p9aQ1", "entity", s, e, text[s:e], "EVENT"),
               {"id": "Xk3_p9aQ1", "from_name": "level", "to_name": "text", "type": "choices", "value": {"start": s, "end": e, "choices": ["NOM"]}},
               region("Hq8_zz0", "head", e - len("round"), e, "round", "Head"),
               {"from_id": "Xk3_p9aQ1", "to_id": "Hq8_zz0", "type": "relation", "direction": "right", "labels": ["head"]}]
    # 3. an argument removed: its relation deleted
    arg = next(r for r in result if r.get("type") == "relation" and r["labels"] != ["head"] and r["from_id"] == first_event_with_arguments(copy))
    result.remove(arg)
    assert main(["validate", "--root", str(copy)]) == 0
    source = write(tmp_path / "export.json", as_exported_by_label_studio(tasks))
    assert import_(copy, source) == 0
    assert_the_tools_three_edits(copy, before, capsys, s, e, [arg["labels"][0], arg["to_id"]])


@pytest.mark.parametrize("edit, code, where", [
    (lambda r, t: r[0]["value"].update(end=r[0]["value"]["end"] + 1), "NG302", "/0/annotations/0/result/0/value/text"),
    (lambda r, t: next(x for x in r if x.get("from_name") == "trigger")["value"].update(labels=["Contact:Chat"]), "NG612", "/value/labels"),
    (lambda r, t: r.append(region("lonely", "head", 0, 4, t[:4], "Head")), "NG612", "/0/annotations/0/result/"),
    (lambda r, t: r.append({"from_id": "T1", "to_id": "T2", "type": "relation", "direction": "right", "labels": ["Entity"]}), "NG612", "/result/"),
    (lambda r, t: r.append(region("T999", "entity", 0, 10, t[:10], "LOC")), "NG502", "imported from"),  # the validator refuses an overlap
    (lambda r, t: r.clear() or None, None, None),
])
def test_a_bad_edit_is_a_coded_error_and_nothing_is_written(copy: Path, tmp_path: Path, capsys, edit, code, where) -> None:
    tasks = export(copy, tmp_path / "ls")
    edit(tasks[0]["annotations"][0]["result"], tasks[0]["data"]["text"])
    if code is None:  # an emptied annotation is a valid gold (nothing annotated): use a skipped task instead
        tasks[0]["annotations"][0]["was_cancelled"] = True
        code, where = "NG612", "/0/annotations"
    before = (copy / GOLD).read_bytes()
    capsys.readouterr()
    assert import_(copy, write(tmp_path / "export.json", tasks)) == 2
    err = capsys.readouterr().err
    assert f"error {code}" in err, err
    if where:
        assert where in err, err
    assert (copy / GOLD).read_bytes() == before


def test_a_systems_predictions_become_pre_annotations_that_score_as_the_system(copy: Path, tmp_path: Path, capsys) -> None:
    predictions = ROOT / "submissions" / "baseline" / "predictions.jsonl"
    tasks = export(copy, tmp_path / "ls", "--predictions", str(predictions))
    assert "annotations" not in tasks[0] and tasks[0]["predictions"][0]["model_version"] == str(predictions)
    result = tasks[0]["predictions"][0]["result"]
    assert any(r.get("from_name") == "trigger" for r in result) and any(r.get("type") == "relation" for r in result)
    capsys.readouterr()
    for path in (predictions, tmp_path / "ls" / "tasks.json"):
        assert main(["score", "--root", str(copy), str(path), "--json", "--layers", "entities"]) == 0
        report = json.loads(capsys.readouterr().out)
        if path == predictions:
            expected = report["entities"]
        else:
            assert report["config"]["format"] == "label-studio"
            assert report["entities"]["strict"] == expected["strict"]


def test_the_gold_export_scores_as_the_gold_when_read_as_predictions(copy: Path, tmp_path: Path, capsys) -> None:
    export(copy, tmp_path / "ls")  # triggers, heads and mentions are regions too: the reader leaves them out
    capsys.readouterr()
    assert main(["score", "--root", str(copy), str(tmp_path / "ls" / "tasks.json"), "--json", "--modes", "strict"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["strict"]["overall"]["f1"] == 1.0


def test_predictions_go_only_with_the_label_studio_export(copy: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", "--root", str(copy), "--format", "conll", "-o", str(tmp_path), "--predictions", "x.jsonl"]) == 2
    assert "NG003" in capsys.readouterr().err


def test_label_studios_own_sdk_accepts_the_config_the_gold_and_the_pre_annotations(copy: Path, tmp_path: Path) -> None:
    sdk = pytest.importorskip("label_studio_sdk.label_interface")
    tasks = export(copy, tmp_path / "gold")
    interface = sdk.LabelInterface((tmp_path / "gold" / "label-config.xml").read_text(encoding="utf-8"))
    interface.validate()
    assert interface.validate_annotation(tasks[0]["annotations"][0])
    pre = export(copy, tmp_path / "pre", "--predictions", str(ROOT / "submissions" / "baseline" / "predictions.jsonl"))
    assert interface.validate_prediction(pre[0]["predictions"][0])
    tasks[0]["annotations"][0]["result"][0]["value"]["labels"] = ["NOT_A_TYPE"]
    assert not interface.validate_annotation(tasks[0]["annotations"][0])  # the check can fail


def test_contributings_label_studio_path_is_the_one_tested_here() -> None:
    import re

    from newsgold.cli import build_parser

    from tests.test_readme import commands_of

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("Without typing offsets", 1)[1]
    block = re.search(r"```sh\n(.+?)```", text, flags=re.S).group(1)
    argvs = commands_of(block)
    assert [a[0] for a in argvs] == ["export", "import", "import", "validate"]
    for argv in argvs:
        build_parser().parse_args(argv)
    assert argvs[0][1:3] == ["--format", "label-studio"] and "label-studio" in argvs[1]
    assert "--write" not in argvs[1] and "--write" in argvs[2]  # look first, then write
