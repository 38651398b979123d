"""INCEpTION both ways: the gold exported as UIMA CAS XMI and imported back byte for byte,
edits made the way the tool makes them, coded refusals that write nothing, pre-annotations,
and the layers checked against INCEpTION's rules for a type system it turns into layers.

INCEpTION itself does not run here: its export is played by dkpro-cassis (the library the
tool's own docs name for Python), writing the zip INCEpTION writes (the XMI and its type
system)."""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from newsgold.cli import build_parser, main
from newsgold.readers import inception

from tests.conftest import DOC_ID, GOLD, ROOT, assert_the_tools_three_edits, first_event_with_arguments, with_argument_notes
from tests.test_readme import commands_of

PREDICTIONS = ROOT / "submissions" / "baseline" / "predictions.jsonl"


def _has_cassis() -> bool:
    try:
        import cassis  # noqa: F401 - only whether it imports
    except ImportError:
        return False
    return True


needs_cassis = pytest.mark.skipif(not _has_cassis(), reason="dkpro-cassis is not installed (pip install 'newsgold[inception]')")


def export(root: Path, out: Path, *more: str) -> Path:
    assert main(["export", "--root", str(root), "--format", "inception", "-o", str(out), *more]) == 0
    return out


def load(out: Path):
    import cassis

    ts = cassis.load_typesystem(out / inception.TYPE_SYSTEM)
    return cassis.load_cas_from_xmi(out / f"{DOC_ID}.xmi", typesystem=ts)


def as_exported_by_inception(cas, path: Path) -> Path:
    """The zip INCEpTION's document export writes: the XMI (XML 1.0) and the project's type system."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{DOC_ID}.xmi", cas.to_xmi())
        z.writestr("TypeSystem.xml", cas.typesystem.to_xml())
    return path


def import_(root: Path, source: Path, *more: str) -> int:
    return main(["import", "--root", str(root), str(source), "--format", "inception", "--write", *more])


@needs_cassis
def test_the_gold_comes_back_byte_for_byte(copy: Path, tmp_path: Path, capsys) -> None:
    out = export(copy, tmp_path / "cas")
    assert sorted(p.name for p in out.iterdir()) == ["TypeSystem.xml", f"{DOC_ID}.xmi"]
    imported = tmp_path / "imported"
    imported.mkdir()
    capsys.readouterr()
    assert import_(copy, out, "-o", str(imported)) == 0  # the folder as exported
    assert (imported / f"{DOC_ID}.json").read_bytes() == (copy / GOLD).read_bytes()
    err = capsys.readouterr().err
    assert "not carried by INCEpTION: notes on event arguments" in err and "NG614" not in err  # this gold has none
    zipped = as_exported_by_inception(load(out), tmp_path / f"{DOC_ID}.zip")
    assert import_(copy, zipped, "-o", str(imported)) == 0  # the zip as INCEpTION writes it
    assert (imported / f"{DOC_ID}.json").read_bytes() == (copy / GOLD).read_bytes()


@needs_cassis
def test_the_cas_holds_the_gold_as_inceptions_layers(copy: Path, tmp_path: Path) -> None:
    cas = load(export(copy, tmp_path / "cas"))
    record = json.loads((copy / GOLD).read_text(encoding="utf-8"))
    sentences = [(s.begin, s.end) for s in cas.select(inception.SENTENCE)]
    assert len(sentences) > 1 and sentences[0][0] == 0 and sentences[-1][1] == len(cas.sofa_string)
    tokens = [t.get_covered_text() for t in cas.select(inception.TOKEN)]
    assert tokens[:3] == ["Washington", ",", "Feb"]
    assert [m.get("documentId") for m in cas.select(inception.METADATA)] == [DOC_ID]
    entities = {e.get("goldId"): e for e in cas.select(inception.ENTITY)}
    assert len(entities) == len(record["entities"]) + len(record["mentions"])
    t2 = next(e for e in record["entities"] if "value" in e)
    assert (entities[t2["id"]].get("value"), entities[t2["id"]].get("timex"), entities[t2["id"]].get("level")) == (t2["type"], t2["value"], "VAL")
    m = next(x for x in record["mentions"] if "head" in x)
    (link,) = entities[m["id"]].get("head").elements
    assert (link.role, link.target.begin, link.target.end) == ("head", m["head"]["start"], m["head"]["end"])
    e1 = record["events"][0]
    event = next(e for e in cas.select(inception.EVENT) if e.get("goldId") == e1["id"])
    assert event.get("value") == e1["type"] and event.get_covered_text() == e1["trigger"]["text"]
    assert [(a.role, a.target.get("goldId")) for a in event.get("arguments").elements] == [(a["role"], a["ref"]) for a in e1["arguments"]]


@needs_cassis
def test_the_layers_follow_inceptions_rules_for_an_imported_type_system(copy: Path, tmp_path: Path) -> None:
    """What INCEpTION's type-system import (TypeSystemAnalysis) turns into a span layer with
    link features, and the link type name its link features generate (LinkFeatureSupport)."""
    import cassis

    ts = cassis.load_typesystem(export(copy, tmp_path / "cas") / inception.TYPE_SYSTEM)
    custom = [t for t in ts.get_types() if t.name.startswith("webanno.custom.")]
    assert sorted(t.name for t in custom) == sorted([inception.ENTITY, inception.HEAD, inception.HEAD_LINK, inception.EVENT, inception.ARGUMENT_LINK])
    for layer in (inception.ENTITY, inception.HEAD, inception.EVENT):
        t = ts.get_type(layer)
        assert t.supertype.name == "uima.tcas.Annotation"
        for f in t.features:  # primitive features, or slot features
            if f.rangeType.name == "uima.cas.FSArray":
                link = ts.get_type(f.elementType.name)
                assert link.name == layer + f.name[0].upper() + f.name[1:] + "Link"
                assert link.supertype.name == "uima.cas.TOP"
                assert {g.name: g.rangeType.name for g in link.features} == {"role": "uima.cas.String", "target": {
                    "head": inception.HEAD, "arguments": inception.ENTITY}[f.name]}
            else:
                assert f.rangeType.name == "uima.cas.String", (layer, f.name)
    assert ts.get_type(inception.SENTENCE).supertype.name == "uima.tcas.Annotation"  # DKPro Core's own definitions


@needs_cassis
def test_argument_notes_are_kept_from_the_current_gold_and_reported(copy: Path, tmp_path: Path, capsys) -> None:
    record, k = with_argument_notes(copy)
    assert main(["validate", "--root", str(copy)]) == 0
    cas = load(export(copy, tmp_path / "cas"))
    ev2 = record["events"][k]
    event = next(e for e in cas.select(inception.EVENT) if e.get("goldId") == ev2["id"])
    event.get("arguments").elements.pop(0)  # the annotator deletes the second event's first argument
    capsys.readouterr()
    assert import_(copy, as_exported_by_inception(cas, tmp_path / "doc.zip")) == 0
    err = capsys.readouterr().err
    assert "NG614" in err and f"1 kept from the current gold ({record['events'][0]['id']} Entity" in err
    assert f"dropped with their arguments ({ev2['id']} {ev2['arguments'][0]['role']} {ev2['arguments'][0]['ref']})" in err
    back = json.loads((copy / GOLD).read_text(encoding="utf-8"))
    assert back["events"][0] == record["events"][0]
    assert back["events"][k]["arguments"] == record["events"][k]["arguments"][1:]


def new_span(cas, type_name: str, start: int, end: int, **features):
    """A span as INCEpTION makes it: features the annotator set, goldId left empty."""
    fs = cas.typesystem.get_type(type_name)(begin=start, end=end)
    for name, value in features.items():
        fs.set(name, value)
    cas.add(fs)
    return fs


def slot(cas, link_type: str, role: str, target):
    return cas.typesystem.get_type(link_type)(role=role, target=target)


@needs_cassis
def test_edits_made_in_the_tool_import_validate_and_diff_as_exactly_those_edits(copy: Path, tmp_path: Path, capsys) -> None:
    """CONTRIBUTING's path without hand-edited offsets: export, edit in the tool, import, validate, diff."""
    before = tmp_path / "before.json"
    shutil.copy(copy / GOLD, before)
    cas = load(export(copy, tmp_path / "cas"))
    text = cas.sofa_string
    # 1. retype Latin America (the value of its Entity)
    la = next(e for e in cas.select(inception.ENTITY) if e.get_covered_text() == "Latin America")
    la.set("value", "GPE")
    # 2. a new nominal mention: its span, value and level set, its head slot filled with a new Head span
    s = text.index("a new round")
    e = s + len("a new round")
    mention = new_span(cas, inception.ENTITY, s, e, value="EVENT", level="NOM")
    head = new_span(cas, inception.HEAD, e - len("round"), e)
    mention.set("head", cas.typesystem.get_type("uima.cas.FSArray")(elements=[slot(cas, inception.HEAD_LINK, "head", head)]))
    # 3. an argument removed: its slot deleted
    event = next(x for x in cas.select(inception.EVENT) if x.get("goldId") == first_event_with_arguments(copy))
    gone = event.get("arguments").elements.pop(0)
    assert main(["validate", "--root", str(copy)]) == 0
    assert import_(copy, as_exported_by_inception(cas, tmp_path / "doc.zip")) == 0
    assert_the_tools_three_edits(copy, before, capsys, s, e, [gone.role, gone.target.get("goldId")])


def _first(cas, type_name: str):
    return next(iter(cas.select(type_name)))


def _unset_value(cas) -> None:
    _first(cas, inception.ENTITY).set("value", None)


def _unknown_subtype(cas) -> None:
    _first(cas, inception.EVENT).set("value", "Contact:Chat")


def _lonely_head(cas) -> None:
    new_span(cas, inception.HEAD, 0, 4)


def _roleless_slot(cas) -> None:
    next(e for e in cas.select(inception.EVENT) if e.get("arguments").elements).get("arguments").elements[0].role = ""


def _empty_slot(cas) -> None:
    next(e for e in cas.select(inception.EVENT) if e.get("arguments").elements).get("arguments").elements[0].target = None


def _two_heads(cas) -> None:
    m = next(e for e in cas.select(inception.ENTITY) if e.get("head") is not None)
    m.get("head").elements.append(slot(cas, inception.HEAD_LINK, "head", new_span(cas, inception.HEAD, m.begin, m.begin + 1)))


def _overlap(cas) -> None:
    new_span(cas, inception.ENTITY, 0, 12, value="LOC", level="NAM")


@needs_cassis
@pytest.mark.parametrize("edit, code, said", [
    (_unset_value, "NG612", "has no value"),
    (_unknown_subtype, "NG612", "event type 'Contact:Chat'"),
    (_lonely_head, "NG612", "is the head of no Entity"),
    (_roleless_slot, "NG612", "without a role"),
    (_empty_slot, "NG612", "filled with no Entity"),
    (_two_heads, "NG612", "has 2 heads"),
    (_overlap, "NG502", "imported from"),  # the validator refuses an overlap in the flat layer
])
def test_a_bad_edit_is_a_coded_error_and_nothing_is_written(copy: Path, tmp_path: Path, capsys, edit, code, said) -> None:
    cas = load(export(copy, tmp_path / "cas"))
    edit(cas)
    before = (copy / GOLD).read_bytes()
    capsys.readouterr()
    assert import_(copy, as_exported_by_inception(cas, tmp_path / "doc.zip")) == 2
    err = capsys.readouterr().err
    assert f"error {code}" in err and said in err, err
    assert (copy / GOLD).read_bytes() == before


def _zip(path: Path, xmi: bytes | str, ts: bytes | str, *more: str) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{DOC_ID}.xmi", xmi)
        z.writestr("TypeSystem.xml", ts)
        for name in more:
            z.writestr(name, "")
    return path


@needs_cassis
def test_files_the_tool_did_not_make_right_are_coded_errors(copy: Path, tmp_path: Path, capsys) -> None:
    import cassis

    out = export(copy, tmp_path / "cas")
    xmi = (out / f"{DOC_ID}.xmi").read_text(encoding="utf-8")
    ts = (out / inception.TYPE_SYSTEM).read_text(encoding="utf-8")
    lone = tmp_path / "lone"
    lone.mkdir()
    shutil.copy(out / f"{DOC_ID}.xmi", lone)
    cases = [
        (lone / f"{DOC_ID}.xmi", "NG612", "no TypeSystem.xml beside the XMI"),
        (_zip(tmp_path / "a.zip", xmi, cassis.load_dkpro_core_typesystem().to_xml()), "NG612", "the project has no newsgold layers"),
        (_zip(tmp_path / "b.zip", xmi.replace('sofaString="Washington', 'sofaString="Washingtom'), ts), "NG612", "was changed in the tool"),
        (_zip(tmp_path / "c.zip", xmi.replace(f'documentId="{DOC_ID}"', 'documentId="other"').replace("Washington,", "Washington;", 1), ts),
         "NG602", "match no corpus document"),
        (_zip(tmp_path / "d.zip", xmi, ts, "extra.xmi"), "NG612", "a zip holds one .xmi"),
        (_zip(tmp_path / "e.zip", xmi[: len(xmi) // 2], ts), "NG612", "does not load"),
        (tmp_path / "nothing", "NG002", "no .xmi or .zip"),
    ]
    (tmp_path / "nothing").mkdir()
    before = (copy / GOLD).read_bytes()
    for source, code, said in cases:
        capsys.readouterr()
        assert import_(copy, source) == 2, source
        err = capsys.readouterr().err
        assert f"error {code}" in err and said in err, (source, err)
    assert (copy / GOLD).read_bytes() == before


@needs_cassis
def test_a_systems_predictions_become_pre_annotations(copy: Path, tmp_path: Path) -> None:
    from newsgold import api
    from newsgold.gold.repo import find_repo
    from newsgold.gold.sources import load_corpus

    cas = load(export(copy, tmp_path / "cas", "--predictions", str(PREDICTIONS)))
    (pred,) = [p for p in api.read_predictions(PREDICTIONS, load_corpus(find_repo(copy))).documents if p.doc_id == DOC_ID]
    entities = list(cas.select(inception.ENTITY))
    assert sorted((e.begin, e.end, e.get("value")) for e in entities) == sorted((p.start, p.end, p.type) for p in pred.entities)
    assert all(e.get("goldId") is None and e.get("level") is None for e in entities)  # the annotator decides; import defaults NAM/VAL
    events = list(cas.select(inception.EVENT))
    assert [e.get("value") for e in events] == [p.type for p in pred.events]
    links = [a for e in events for a in e.get("arguments").elements]
    assert links and all((a.target.begin, a.target.end) in {(p.start, p.end) for p in pred.entities} for a in links)
    assert len(links) <= sum(len(p.arguments) for p in pred.events)


def test_without_cassis_the_export_says_which_extra_to_install(copy: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "cassis", None)  # an import of it fails
    assert main(["export", "--root", str(copy), "--format", "inception", "-o", str(tmp_path / "cas")]) == 2
    err = capsys.readouterr().err
    assert "error NG610" in err and "newsgold[inception]" in err
    assert not (tmp_path / "cas").exists()


def test_predictions_go_only_with_the_tool_exports(copy: Path, tmp_path: Path, capsys) -> None:
    assert main(["export", "--root", str(copy), "--format", "conll", "-o", str(tmp_path), "--predictions", "x.jsonl"]) == 2
    assert "NG003" in capsys.readouterr().err


def test_contributings_inception_path_is_the_one_tested_here() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("In INCEpTION instead", 1)[1]
    block = re.search(r"```sh\n(.+?)```", text, flags=re.S).group(1)
    argvs = commands_of(block)
    assert [a[0] for a in argvs] == ["export", "import", "validate"]
    for argv in argvs:
        build_parser().parse_args(argv)
    assert argvs[0][1:3] == ["--format", "inception"] and argvs[1][-3:] == ["--format", "inception", "--write"]


def test_the_readme_lists_what_the_format_cannot_carry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `inception` |"))
    for item in inception.not_carried():
        said = item.split(" (")[0]
        assert said in row and said in " ".join(inception.__doc__.split())
