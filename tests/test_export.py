"""Exports: generated from the gold, fresh in the repository, loadable offline, round-tripping."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newsgold.cli import main
from newsgold.gold.repo import subtype_names
from newsgold.gold.sources import load_corpus
from newsgold.outputs.export import bio_labels
from newsgold.readers.brat import from_ann, parse_ann, write_ann

from tests.conftest import DOC_ID, ROOT, gold_role_misfits, role_misfits


def test_kept_exports_are_fresh(repo, capsys) -> None:
    assert main(["export", "--root", str(repo.root), "--format", "hf", "--check"]) == 0, capsys.readouterr().err


def test_a_stale_export_names_the_command(repo, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "data"):
        shutil.copytree(repo.root / part, copy / part)
    for name in ("README.md", "pyproject.toml"):  # newsgold's own repository
        shutil.copy(repo.root / name, copy / name)
    gold_path = copy / "annotations" / "gold" / f"{DOC_ID}.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["entities"][0]["type"] = "LOC"
    gold_path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["export", "--root", str(copy), "--format", "hf", "--check"]) == 1
    err = capsys.readouterr().err
    assert "data/ner/test.jsonl is stale: run `newsgold regenerate`" in err
    assert main(["export", "--root", str(copy), "--format", "hf"]) == 0
    assert main(["export", "--root", str(copy), "--format", "hf", "--check"]) == 0


def test_regenerate_writes_every_derived_file_and_its_check_names_the_stale_ones(repo, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "repo"
    for part in ("corpus", "annotations", "data", "submissions"):
        shutil.copytree(repo.root / part, copy / part)
    for name in ("README.md", "LEADERBOARD.md"):
        shutil.copy(repo.root / name, copy / name)
    gold_path = copy / "annotations" / "gold" / f"{DOC_ID}.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    gold["entities"][0]["type"] = "LOC"
    gold_path.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (copy / "LEADERBOARD.md").write_text("stale\n", encoding="utf-8")
    assert main(["regenerate", "--root", str(copy), "--check"]) == 1
    err = capsys.readouterr().err
    for stale in ("data/ner/test.jsonl", "LEADERBOARD.md"):
        assert f"{copy / stale} is stale: run `newsgold regenerate`" in err
    assert (copy / "LEADERBOARD.md").read_text(encoding="utf-8") == "stale\n"  # --check writes nothing
    assert main(["regenerate", "--root", str(copy)]) == 0
    written = capsys.readouterr().out.split()
    assert str(copy / "LEADERBOARD.md") in written and str(copy / "data" / "ner" / "test.jsonl") in written
    assert main(["regenerate", "--root", str(copy), "--check"]) == 0
    assert main(["leaderboard", "--root", str(copy), "--check"]) == 0


LOAD = """
import json, sys, datasets
out = {}
for config in ("ner", "ner_conll2003", "spans", "events"):
    ds = datasets.load_dataset(sys.argv[1], config, cache_dir=sys.argv[2])["test"]
    row = {"rows": ds.num_rows}
    if "ner_tags" in ds.features:
        names = ds.features["ner_tags"].feature.names
        row["names"] = names
        row["entities"] = sum(names[t].startswith("B-") for tags in ds["ner_tags"] for t in tags)
    out[config] = row
print(json.dumps(out))
"""


def test_datasets_loads_every_config_offline(repo, tmp_path: Path) -> None:
    env = {**os.environ, "HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", LOAD, str(ROOT), str(tmp_path / "cache")], env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    got = json.loads(result.stdout.strip().splitlines()[-1])
    [(doc, gold)] = load_corpus(repo)
    conll = repo.label_maps["conll2003"]["map"]
    assert got["ner"]["rows"] == len(doc.sentences)
    assert got["ner"]["names"] == bio_labels(repo.entity_type_names)
    assert got["ner"]["entities"] == len(gold.entities)
    assert got["ner_conll2003"]["names"] == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
    assert got["ner_conll2003"]["entities"] == sum(conll[e.type] is not None for e in gold.entities)
    assert got["spans"]["rows"] == len(gold.entities) + len(gold.mentions)
    assert got["events"]["rows"] == len(gold.events)


def test_brat_round_trip_of_the_real_gold_is_byte_identical(repo, tmp_path: Path, capsys) -> None:
    out, back = tmp_path / "brat", tmp_path / "gold"
    assert main(["export", "--root", str(repo.root), "--format", "brat", "-o", str(out)]) == 0
    assert (out / "annotation.conf").read_text(encoding="utf-8").count("\tMeet\t") == 1
    assert main(["import", "--root", str(repo.root), str(out), "-o", str(back), "--write"]) == 0
    assert (back / f"{DOC_ID}.json").read_bytes() == repo.gold_path(DOC_ID).read_bytes()
    ann = (out / f"{DOC_ID}.ann").read_text(encoding="utf-8")
    record = json.loads((back / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    [(doc, _)] = load_corpus(repo)
    assert write_ann(record, doc.text) == ann


def test_import_refuses_a_broken_file_and_writes_nothing(repo, tmp_path: Path, capsys) -> None:
    out, back = tmp_path / "brat", tmp_path / "gold"
    assert main(["export", "--root", str(repo.root), "--format", "brat", "-o", str(out)]) == 0
    ann = out / f"{DOC_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("T1\tGPE 0 10\tWashington", "T1\tGPE 0 11\tWashington"), encoding="utf-8")
    assert main(["import", "--root", str(repo.root), str(out), "-o", str(back), "--write"]) == 2
    assert "NG302" in capsys.readouterr().err
    assert not back.exists()
    ann.write_text("T1\tGPE 0 4;6 9\tWash ngt\n", encoding="utf-8")
    assert main(["import", "--root", str(repo.root), str(out), "-o", str(back), "--write"]) == 2
    assert "NG612" in capsys.readouterr().err and not back.exists()


@st.composite
def gold_records(draw, doc):
    """Random gold records over the article's tokens, every field exercised."""
    tokens = doc.tokens
    starts = sorted(draw(st.sets(st.integers(0, len(tokens) - 2), max_size=12)))
    entities, last = [], -1
    label = st.sampled_from(["PERSON", "ORG", "GPE", "DATE"])
    note = st.text(alphabet=st.characters(blacklist_characters="\t\n\r", blacklist_categories=("Cs",)), min_size=1, max_size=12)
    for i in starts:
        if i <= last:
            continue
        j = draw(st.integers(i, min(i + 2, len(tokens) - 1)))
        s, e = tokens[i].start, tokens[j].end
        if "\n" in doc.text[s:e]:  # gold spans stay inside a sentence (brat cannot hold a line break either)
            continue
        last = j
        rec = {"id": f"T{len(entities) + 1}", "start": s, "end": e, "text": doc.text[s:e], "type": draw(label),
               "level": draw(st.sampled_from(["NAM", "VAL"]))}
        if draw(st.booleans()):
            rec["cluster"] = draw(st.sampled_from(["a", "b-c", "cuba"]))
        if draw(st.booleans()):
            rec["value"] = "2010-02-18"
        if draw(st.booleans()):
            rec["note"] = draw(note)
        entities.append(rec)
    mentions = []
    for k in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(tokens) - 3))
        s, e = tokens[i].start, tokens[i + 2].end
        if "\n" in doc.text[s:e]:
            continue
        h = tokens[i + draw(st.integers(0, 2))]
        rec = {"id": f"M{len(mentions) + 1}", "start": s, "end": e, "text": doc.text[s:e], "type": "PERSON", "level": draw(st.sampled_from(["NOM", "PRO"])),
               "head": {"start": h.start, "end": h.end}}
        if draw(st.booleans()):
            rec["cluster"] = "x"
        mentions.append(rec)
    refs = [r["id"] for r in entities + mentions]
    events = []
    for k in range(draw(st.integers(0, 3))):
        t = tokens[draw(st.integers(0, len(tokens) - 1))]
        args = [{"role": draw(st.sampled_from(["Entity", "Place", "Time-Within"])), "ref": draw(st.sampled_from(refs))}
                for _ in range(draw(st.integers(0, 3)))] if refs else []
        if args and draw(st.booleans()):
            args[0]["note"] = draw(note)
        rec = {"id": f"E{k + 1}", "type": draw(st.sampled_from(["Contact:Meet", "Movement:Transport", "Transaction:Transfer-Ownership"])),
               "trigger": {"start": t.start, "end": t.end, "text": doc.text[t.start:t.end]}, "arguments": args,
               "modality": "Other", "polarity": "Negative", "genericity": "Generic", "tense": "Future"}
        if draw(st.booleans()):
            rec["cluster"] = "ev-1"
        if draw(st.booleans()):
            rec["note"] = draw(note)
        events.append(rec)
    return {"schema_version": "1.0", "doc_id": doc.doc_id, "text_sha256": doc.meta["sha256"], "dataset_version": doc.meta["dataset_version"],
            "entities": entities, "mentions": mentions, "events": events}


def test_brat_round_trip_on_generated_documents(repo) -> None:
    [(doc, _)] = load_corpus(repo)
    subtypes = subtype_names(repo.event_types)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(gold_records(doc))
    def check(record) -> None:
        ann = write_ann(record, doc.text)
        back = from_ann(parse_ann(ann, "g.ann"), doc, subtypes=subtypes, dataset_version=record["dataset_version"], file="g.ann")
        assert back == record
        assert write_ann(back, doc.text) == ann

    check()


# Every export that can carry predictions (the files a system could write in the same shape),
# and the file `score` reads from it. hf's data files are the `datasets` view of the gold
# (ClassLabel ids, one span a line), not a predictions format.
READ_BACK = {"conll": "gold.conll", "bio-jsonl": "gold.bio.jsonl", "brat": ".", "spacy": "gold.spacy"}


@pytest.mark.parametrize("fmt", sorted(READ_BACK))
def test_every_export_that_can_carry_predictions_scores_perfectly(repo, tmp_path: Path, capsys, fmt: str) -> None:
    assert main(["export", "--root", str(repo.root), "--format", fmt, "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["score", "--root", str(repo.root), str(tmp_path / READ_BACK[fmt]), "--json", "--no-errors"]) == 0, capsys.readouterr().err
    report = json.loads(capsys.readouterr().out)
    assert report["config"]["format"] == fmt
    strict = report["entities"]["strict"]["overall"]
    assert (strict["tp"], strict["fp"], strict["fn"]) == (66, 0, 0)
    assert all(m["overall"]["f1"] == 1.0 for m in report["entities"].values())
    assert [w for w in report["warnings"] if w["code"] != "NG617"] == []
    # the gold's own NG409 fillers, read back where the format carries events
    assert role_misfits(report) == (gold_role_misfits(repo) if "events" in report else 0)


def test_bio_jsonl_without_offsets_is_aligned_and_ner_tags_are_read(repo, tmp_path: Path, capsys) -> None:
    assert main(["export", "--root", str(repo.root), "--format", "bio-jsonl", "-o", str(tmp_path)]) == 0
    rows = [json.loads(line) for line in (tmp_path / "gold.bio.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(t.startswith("B-") for r in rows for t in r["tags"]) == 66
    bare = [{"doc_id": r["doc_id"], "tokens": r["tokens"], "ner_tags": r["tags"]} for r in rows]
    bare[0]["ner_tags"][0] = "I-GPE"  # ill-formed: read as starting a chunk, and counted
    path = tmp_path / "bare.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in bare), encoding="utf-8")
    capsys.readouterr()
    assert main(["score", "--root", str(repo.root), str(path), "--json", "--no-errors", "--modes", "strict"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["entities"]["strict"]["overall"]["f1"] == 1.0
    assert [w["code"] for w in report["warnings"]] == ["NG613"]
    bare[1]["ner_tags"] = [0] * len(bare[1]["tokens"])  # ClassLabel ids
    path.write_text("".join(json.dumps(r) + "\n" for r in bare), encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert "bare.jsonl:2#/ner_tags: error NG201" in err and "convert them to strings" in err
