"""The ACE 2005 role table (newsgold.gold.roles): what it says, and validate's NG409 warning
that reads it, on small golds and on the frozen gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.roles import ACE_TYPES, BY_SUBTYPE, fillers, fits
from newsgold.gold.validate import validate

from tests.conftest import CASES, DOC_ID, FROZEN

MINI = CASES / "validate" / "gold" / "valid" / "mini.json"
CORPUS = CASES / "validate" / "corpus"


def test_every_role_of_every_subtype_has_its_fillers(frozen_repo) -> None:
    missing = [(s, r) for s, roles in frozen_repo.roles_by_subtype.items() for r in roles if fillers(s, r) is None]
    assert missing == []
    assert {s for s, _ in BY_SUBTYPE} <= set(frozen_repo.roles_by_subtype)


def test_the_entity_types_map_as_the_ace2005_label_map_does(frozen_repo) -> None:
    """One mapping of OntoNotes to ACE: where the label map names an ACE type, the role table
    reads the type the same way (PRODUCT, which the label map drops, may be VEH or WEA), and
    NORP may also be PER (a NORP noun that names people is an ACE person group)."""
    label_map = frozen_repo.label_maps["ace2005"]["map"]
    named = {t: {ace} for t, ace in label_map.items() if ace is not None}
    assert {t: set(ACE_TYPES[t]) for t in named} == {**named, "NORP": {"GPE", "PER"}}
    unnamed = {t for t, ace in label_map.items() if ace is None}
    assert {t for t in unnamed if ACE_TYPES[t]} == {"PRODUCT", "DATE", "TIME", "MONEY"}  # vehicles, values
    assert set(ACE_TYPES) == set(label_map) | {"JOB_TITLE", "CRIME", "SENTENCE"}


@pytest.mark.parametrize(
    ("subtype", "role", "entity_type", "expected"),
    [
        ("Contact:Meet", "Place", "GPE", True),
        ("Contact:Meet", "Place", "FAC", True),
        ("Contact:Meet", "Place", "ORG", False),
        ("Contact:Meet", "Entity", "GPE", True),
        ("Conflict:Demonstrate", "Entity", "GPE", False),
        ("Movement:Transport", "Artifact", "PERSON", True),
        ("Movement:Transport", "Artifact", "NORP", True),
        ("Movement:Transport", "Destination", "NORP", True),  # as GPE
        ("Contact:Meet", "Place", "NORP", True),
        ("Movement:Transport", "Artifact", "PRODUCT", True),
        ("Transaction:Transfer-Ownership", "Artifact", "PERSON", False),
        ("Transaction:Transfer-Money", "Giver", "NORP", True),
        ("Personnel:Start-Position", "Entity", "PERSON", False),
        ("Personnel:Start-Position", "Position", "JOB_TITLE", True),
        ("Life:Die", "Time-Within", "DATE", True),
        ("Life:Die", "Time-Within", "CARDINAL", False),
        ("Life:Die", "Victim", "EVENT", False),
        ("Contact:Meet", "Place", "LOC", True),
        ("Contact:Meet", "Place", "PER", False),  # a prediction in ACE's own types
        ("Contact:Meet", "Place", "person", True),  # a label the table does not know: no judgement
        ("Contact:Meet", "Chair", "ORG", True),  # a role the table does not know: NG403's business
    ],
)
def test_fits(subtype: str, role: str, entity_type: str, expected: bool) -> None:
    assert fits(subtype, role, entity_type) is expected


def _mini(tmp_path: Path, **refs: str) -> Path:
    """The valid mini gold with the first event's arguments pointed at other fillers."""
    gold = json.loads(MINI.read_text(encoding="utf-8"))
    gold["events"][0]["arguments"] = [{"role": role, "ref": ref} for role, ref in refs.items()]
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def test_a_role_filled_by_a_type_it_does_not_take_is_a_warning(repo, tmp_path: Path) -> None:
    # Barack Obama (PERSON) as the Place of `met`; Cuban officials (PERSON) stays a fine Entity.
    [found] = validate(repo, [_mini(tmp_path, Entity="M1", Place="T4")], corpus_dir=CORPUS)
    assert (found.code, found.severity, found.pointer) == ("NG409", "warning", "/events/0/arguments/1/ref")
    assert "Contact:Meet Place takes FAC, GPE, LOC; T4 'Barack Obama' is PERSON" in found.message


def test_a_role_the_subtype_does_not_take_is_the_role_error_alone(repo, tmp_path: Path) -> None:
    found = validate(repo, [_mini(tmp_path, Victim="T4")], corpus_dir=CORPUS)
    assert [i.code for i in found] == ["NG403"]


def test_strict_fails_on_the_warning(repo, tmp_path: Path, capsys) -> None:
    path = str(_mini(tmp_path, Place="T4"))
    root = str(repo.root)
    assert main(["validate", "--root", root, "--corpus", str(CORPUS), path]) == 0
    assert "PASSED *** with 0 errors and 1 warnings" in capsys.readouterr().err
    assert main(["validate", "--root", root, "--corpus", str(CORPUS), path, "--strict"]) == 1
    assert "FAILED *** with 0 errors and 1 warnings (--strict: warnings fail)" in capsys.readouterr().err


def test_the_frozen_gold_has_one_role_violation(frozen_repo) -> None:
    """Place `UN` (ORG) of the July talks, which the gold review named and dataset 1.0.0 corrected;
    the review's other item, Artifact `Cuban-Americans` (NORP), fits as a person group."""
    found = validate(frozen_repo, [FROZEN / "annotations" / "gold" / f"{DOC_ID}.json"])
    gold = json.loads((FROZEN / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    spans = {m["id"]: m for layer in ("entities", "mentions") for m in gold[layer]}
    flagged = []
    for i in found:
        assert (i.code, i.severity) == ("NG409", "warning")
        _, _, e, _, a, _ = i.pointer.split("/")
        event = gold["events"][int(e)]
        arg = event["arguments"][int(a)]
        flagged.append((event["type"], arg["role"], spans[arg["ref"]]["text"], spans[arg["ref"]]["type"]))
    assert flagged == [("Contact:Meet", "Place", "UN", "ORG")]



def _misfit_warnings(tmp_path: Path, capsys, article_text: str, fillers: list[tuple[str, str, str]]) -> list[dict]:
    """The NG617 warnings of `newsgold score --json` on the frozen gold, for one predicted
    meeting (`discussions` of the July talks) whose arguments are the predicted entities
    ``fillers`` (role, text, predicted type)."""
    trigger = article_text.index("discussions on immigration")
    entities, arguments = [], []
    for role, text, kind in fillers:
        start = article_text.index(text, trigger - 40)
        entities.append({"start": start, "end": start + len(text), "type": kind})
        arguments.append({"role": role, "start": start, "end": start + len(text)})
    event = {"type": "Contact:Meet", "trigger": {"start": trigger, "end": trigger + 11}, "arguments": arguments}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": entities, "events": [event]}) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(FROZEN), str(path), "--json"]) == 0
    return [w for w in json.loads(capsys.readouterr().out)["warnings"] if w["code"] == "NG617"]


def test_score_warns_of_predicted_fillers_the_role_does_not_take(tmp_path: Path, capsys, article_text: str) -> None:
    [found] = _misfit_warnings(
        tmp_path, capsys, article_text, [("Place", "UN", "ORG"), ("Entity", "US", "GPE"), ("Entity", "Cuba", "GPE")]
    )
    assert found["severity"] == "warning"
    assert found["message"].startswith("predicted arguments whose entity's predicted type the role does not take: 1 ")
    assert "(Contact:Meet Place ORG 1)" in found["message"]


def test_score_is_silent_when_every_predicted_filler_fits(tmp_path: Path, capsys, article_text: str) -> None:
    assert _misfit_warnings(tmp_path, capsys, article_text, [("Place", "UN", "GPE"), ("Entity", "US", "GPE")]) == []


def test_a_filler_that_fits_under_one_of_its_predicted_types_is_no_misfit(tmp_path: Path, capsys, article_text: str) -> None:
    """`UN` predicted twice, ORG and LOC: the LOC reading fits Place."""
    assert _misfit_warnings(tmp_path, capsys, article_text, [("Place", "UN", "ORG"), ("Place", "UN", "LOC")]) == []


def test_a_predicted_value_tells_nothing_of_the_filler(tmp_path: Path, capsys, article_text: str) -> None:
    """A number at an argument's offsets may be the head of the mention that fills it."""
    assert _misfit_warnings(tmp_path, capsys, article_text, [("Entity", "July 14", "CARDINAL")]) == []
    [found] = _misfit_warnings(tmp_path, capsys, article_text, [("Entity", "July 14", "LAW")])
    assert "(Contact:Meet Entity LAW 1)" in found["message"]
