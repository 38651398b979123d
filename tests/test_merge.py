"""Scoring in shards: counts from parts of a corpus merge into the report of one run."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from newsgold.cli import main

from tests.conftest import DOC_ID, ROOT


@pytest.fixture(scope="module")
def corpus3(tmp_path_factory) -> Path:
    """A three-document repository: the article under three ids (the scorer cannot tell)."""
    root = tmp_path_factory.mktemp("shards") / "repo"
    shutil.copytree(ROOT / "annotations" / "schema", root / "annotations" / "schema")
    shutil.copytree(ROOT / "annotations" / "inventories", root / "annotations" / "inventories")
    (root / "annotations" / "gold").mkdir(parents=True)
    (root / "corpus").mkdir()
    text = (ROOT / "corpus" / f"{DOC_ID}.txt").read_bytes()
    meta = json.loads((ROOT / "corpus" / f"{DOC_ID}.meta.json").read_text(encoding="utf-8"))
    gold = json.loads((ROOT / "annotations" / "gold" / f"{DOC_ID}.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(text).hexdigest() == meta["sha256"]
    for doc_id in ("doc-a", "doc-b", "doc-c"):
        (root / "corpus" / f"{doc_id}.txt").write_bytes(text)
        (root / "corpus" / f"{doc_id}.meta.json").write_text(json.dumps({**meta, "doc_id": doc_id}), encoding="utf-8")
        (root / "annotations" / "gold" / f"{doc_id}.json").write_text(json.dumps({**gold, "doc_id": doc_id}), encoding="utf-8")
    return root


def noisy_lines(seed: int) -> dict[str, str]:
    """The baseline's output, perturbed differently for each document."""
    [line] = (ROOT / "submissions" / "baseline" / "predictions.jsonl").read_text(encoding="utf-8").splitlines()
    out = {}
    for k, doc_id in enumerate(("doc-a", "doc-b", "doc-c")):
        record = json.loads(line)
        rnd = random.Random(seed + k)
        record["doc_id"] = doc_id
        record["entities"] = [dict(e, type=rnd.choice(["ORG", "GPE", e["type"]])) for e in record["entities"] if rnd.random() > 0.15]
        record["events"] = [e for e in record["events"] if rnd.random() > 0.2]
        # What the warnings count, spread over the documents: labels outside the inventory,
        # a duplicated entity and event.
        record["entities"][k]["type"] = "PLACE"
        record["entities"].append(record["entities"][-1])
        record["events"][0]["type"] = ["Contact:Meeting", "Contact:Meet", "Contact:Meeting"][k]
        record["events"].append(record["events"][-1])
        out[doc_id] = json.dumps(record)
    return out


def test_shards_merge_into_the_report_of_one_run(corpus3: Path, tmp_path: Path, capsys) -> None:
    lines = noisy_lines(7)
    whole = tmp_path / "all.jsonl"
    whole.write_text("\n".join(lines.values()) + "\n", encoding="utf-8")
    part1, part2 = tmp_path / "p1.jsonl", tmp_path / "p2.jsonl"
    part1.write_text(lines["doc-b"] + "\n", encoding="utf-8")
    part2.write_text(lines["doc-c"] + "\n" + lines["doc-a"] + "\n", encoding="utf-8")
    root = ["--root", str(corpus3)]
    assert main(["score", *root, str(whole), "--json", "--no-errors", "--no-intervals"]) == 0
    one_run = json.loads(capsys.readouterr().out)
    for part, out in ((part1, "c1.json"), (part2, "c2.json")):
        assert main(["score", *root, str(part), "--counts-only", "-o", str(tmp_path / out)]) == 0
    assert main(["merge", str(tmp_path / "c1.json"), str(tmp_path / "c2.json"), "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    for key in ("entities", "timex", "events", "event_attributes", "dataset_version"):
        assert merged[key] == one_run[key], key
    assert merged["warnings"] == one_run["warnings"]
    # NG617: an entity retyped ORG where an argument of the baseline's takes GPE, LOC or FAC
    assert {w["code"] for w in merged["warnings"]} == {"NG604", "NG605", "NG617"}
    assert any("'PLACE' (3 predictions)" in w["message"] for w in merged["warnings"])
    assert merged["documents"] == 3
    assert 0 < merged["entities"]["strict"]["overall"]["f1"] < 1


def test_merge_refuses_counts_that_do_not_add_up(corpus3: Path, tmp_path: Path, capsys) -> None:
    lines = noisy_lines(3)
    part = tmp_path / "p.jsonl"
    part.write_text(lines["doc-a"] + "\n", encoding="utf-8")
    root = ["--root", str(corpus3)]
    assert main(["score", *root, str(part), "--counts-only", "-o", str(tmp_path / "a.json")]) == 0
    assert main(["score", *root, str(part), "--counts-only", "--passage", "body", "-o", str(tmp_path / "body.json")]) == 0
    assert main(["merge", str(tmp_path / "a.json"), str(tmp_path / "a.json")]) == 2
    assert "NG623" in capsys.readouterr().err
    assert main(["merge", str(tmp_path / "a.json"), str(tmp_path / "body.json")]) == 2
    err = capsys.readouterr().err
    assert "NG622" in err and "config differs" in err
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["merge", str(tmp_path / "bad.json")]) == 2
    assert "NG201" in capsys.readouterr().err


def test_without_errors_nothing_is_kept_to_list_them_and_the_counts_are_the_same(repo) -> None:
    from newsgold import score

    path = ROOT / "submissions" / "baseline" / "predictions.jsonl"
    full = score(gold=repo.root, predictions=path, intervals=False)
    lean = score(gold=repo.root, predictions=path, errors=False, intervals=False)
    # The report lists strict errors and correct entities only, batch by batch: no alignment is kept.
    assert full.entities.listing.mode == "strict" and full.entities.listing.correct
    assert all(r.alignment is None for r in [*lean.entities.modes.values(), *full.entities.modes.values()])
    assert lean.entities.listing is None
    assert full.events.errors and lean.events.errors == []
    assert {m: r.per_type for m, r in lean.entities.modes.items()} == {m: r.per_type for m, r in full.entities.modes.items()}
    assert (lean.events.metrics, lean.events.attributes) == (full.events.metrics, full.events.attributes)


def test_only_the_json_report_lists_the_correct_entities(repo, capsys, monkeypatch) -> None:
    import newsgold.api

    listed = []
    real = newsgold.api.score

    def spy(**kwargs):
        scored = real(**kwargs)
        listed.append(scored.entities.listing.correct is not None)
        return scored

    monkeypatch.setattr(newsgold.api, "score", spy)
    path = str(ROOT / "submissions" / "baseline" / "predictions.jsonl")
    assert main(["score", path, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["entity_correct"]) == report["entities"]["strict"]["overall"]["tp"] and report["entity_errors"]
    assert main(["score", path]) == 0 and "strict errors:" in capsys.readouterr().out  # the tables list errors only
    assert listed == [True, False]


def test_counts_only_reads_a_jsonl_file_as_it_scores_it(corpus3: Path, tmp_path: Path, monkeypatch) -> None:
    import newsgold.scoring.score
    from newsgold.gold.errors import NewsgoldError
    from newsgold.gold.repo import find_repo
    from newsgold.gold.sources import load_corpus
    from newsgold.readers.jsonl import JsonlFile, canonical_entities, read_jsonl

    lines = noisy_lines(5)
    path = tmp_path / "all.jsonl"
    path.write_text("\n".join(lines.values()) + "\n", encoding="utf-8")
    documents = {d.doc_id: d for d, _ in load_corpus(find_repo(corpus3))}
    f = JsonlFile(path, documents, canonical_entities)
    whole, _ = read_jsonl(path, documents)
    assert f.doc_ids == ["doc-a", "doc-b", "doc-c"] and f.layers == {"entities", "events"}
    assert list(f) == list(f) == whole  # read again on every pass, the same each time

    handed = []
    score_entities = newsgold.scoring.score.score_entities
    monkeypatch.setattr(newsgold.scoring.score, "score_entities", lambda **kw: handed.append(kw["predictions"]) or score_entities(**kw))
    assert main(["score", "--root", str(corpus3), str(path), "--counts-only", "-o", str(tmp_path / "c.json")]) == 0
    assert main(["score", "--root", str(corpus3), str(path), "--json", "-o", str(tmp_path / "r.json")]) == 0
    assert [type(h) for h in handed] == [JsonlFile, list]  # counts only: streamed; with the error listing: whole

    # A file changed between its check and its scoring is refused, not scored half-way.
    path.write_text(lines["doc-a"] + "\n" + lines["doc-a"] + "\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as err:
        list(f)
    assert err.value.incidents[0].code == "NG603" and "changed while it was scored" in str(err.value)


@pytest.fixture(scope="module")
def shards(corpus3: Path, tmp_path_factory) -> tuple[Path, Path]:
    """Counts of doc-a and of doc-b and doc-c, as score --counts-only wrote them."""
    folder = tmp_path_factory.mktemp("counts")
    lines = noisy_lines(11)
    out = []
    for name, docs in (("a", ["doc-a"]), ("bc", ["doc-b", "doc-c"])):
        pred = folder / f"{name}.jsonl"
        pred.write_text("".join(lines[d] + "\n" for d in docs), encoding="utf-8")
        assert main(["score", "--root", str(corpus3), str(pred), "--counts-only", "-o", str(folder / f"{name}.json")]) == 0
        out.append(folder / f"{name}.json")
    return out[0], out[1]


def tampered(path: Path, tmp_path: Path, change, *, rechecksum: bool = True) -> Path:
    from newsgold.outputs.counts import checksum

    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    if rechecksum:  # past the checksum, to reach the check under test
        data["checksum"] = checksum(data)
    out = tmp_path / f"tampered-{path.name}"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_a_counts_file_carries_a_checksum_versions_and_per_document_support(shards) -> None:
    from newsgold.outputs.counts import checksum

    data = json.loads(shards[1].read_text(encoding="utf-8"))
    assert data["checksum"] == checksum(data) and data["checksum"].startswith("sha256:")
    assert data["newsgold_version"] and data["dataset_version"]
    support = data["gold_support"]["entities"]
    assert sorted(support) == ["doc-b", "doc-c"] and support["doc-b"] == support["doc-c"] > 0
    strict = data["entities"]["strict"]
    assert sum(c[0] + c[2] + c[3] for c in strict.values()) == sum(support.values())


def test_shards_merge_when_untouched(shards, capsys) -> None:
    assert main(["merge", str(shards[0]), str(shards[1]), "--json"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert merged["documents"] == 3 and merged["entities"]["strict"]["overall"]["support"] == 3 * json.loads(
        shards[0].read_text(encoding="utf-8"))["gold_support"]["entities"]["doc-a"]


def _set(*keys_and_value):
    *keys, value = keys_and_value

    def change(data):
        for k in keys[:-1]:
            data = data[k]
        data[keys[-1]] = value
    return change


def _first_count(data):
    return next(iter(data["entities"]["strict"].values()))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        pytest.param(lambda d: _first_count(d).__setitem__(0, -163), "NG620", id="a negative count"),
        pytest.param(lambda d: _first_count(d).__setitem__(1, 2.5), "NG620", id="a fraction"),
        pytest.param(lambda d: _first_count(d).__setitem__(1, True), "NG620", id="a boolean"),
        pytest.param(lambda d: _first_count(d).pop(), "NG620", id="three counts instead of four"),
        pytest.param(lambda d: d["timex"]["strict"].append(0), "NG620", id="five timex counts"),
        pytest.param(lambda d: d.pop("doc_ids"), "NG620", id="doc_ids missing"),
        pytest.param(lambda d: d.pop("timex"), "NG620", id="timex missing"),
        pytest.param(lambda d: d.pop("gold_support"), "NG620", id="gold support missing"),
        pytest.param(lambda d: d["entities"].__setitem__("strict", 7), "NG620", id="a mode that is a number"),
        pytest.param(lambda d: d["entity_tallies"].__setitem__("duplicates", -1), "NG620", id="a negative tally"),
        pytest.param(_set("newsgold_version", "0.0.1"), "NG622", id="another newsgold"),
        pytest.param(_set("dataset_version", "9.9.9"), "NG622", id="another dataset version"),
        pytest.param(_set("doc_ids", []), "NG620", id="doc_ids emptied"),
        pytest.param(lambda d: (d.__setitem__("doc_ids", []), d["gold_support"].__setitem__("entities", {})), "NG624",
                     id="doc_ids and support emptied"),
        pytest.param(lambda d: _first_count(d).__setitem__(0, _first_count(d)[0] + 5), "NG624", id="true positives added"),
        pytest.param(lambda d: (d.__setitem__("doc_ids", ["doc-b"]), d["gold_support"].__setitem__("entities", {"doc-b": d["gold_support"]["entities"]["doc-a"]})),
                     "NG623", id="renamed to a document of another shard"),
        pytest.param(_set("format", "newsgold-counts/1"), "NG201", id="the old format"),
    ],
)
def test_merge_refuses_every_kind_of_tampering(shards, tmp_path: Path, capsys, change, code: str) -> None:
    bad = tampered(shards[0], tmp_path, change)
    assert main(["merge", str(bad), str(shards[1])]) == 2
    err = capsys.readouterr().err
    assert f"error {code}" in err and "NG010" not in err, err


def test_an_edit_without_a_new_checksum_is_refused_as_an_edit(shards, tmp_path: Path, capsys) -> None:
    bad = tampered(shards[0], tmp_path, lambda d: _first_count(d).__setitem__(1, _first_count(d)[1] + 1), rechecksum=False)
    assert main(["merge", str(bad), str(shards[1])]) == 2
    assert "error NG621" in capsys.readouterr().err
    renamed = tampered(shards[0], tmp_path, _set("doc_ids", ["doc-z"]), rechecksum=False)
    assert main(["merge", str(renamed), str(shards[1])]) == 2
    assert "error NG621" in capsys.readouterr().err
