"""Coreference in mergeable counts and in the HTML report: shards add up to the whole, exactly.

``newsgold score R --layers coref --counts-only`` writes each document's coreference scores as
whole numbers; ``newsgold merge`` sums the shards' documents into the report one run over the
whole file prints. Bad counts are refused with a code; a report of coreference alone shows the clusters only.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsgold.cli import main
from newsgold.outputs.counts import checksum
from tests.conftest import FROZEN
from tests.test_coref import random_document, write_conll

TOOLS = Path(__file__).parent / "conformance" / "coref" / "tools"


def corpus_files(tmp_path: Path, documents: int = 40, shards: int = 3) -> tuple[Path, Path, list[Path]]:
    """A CoNLL-2012 key and response of random documents (missing, extra, duplicate and
    overlapping mentions), and the response cut into shards of unequal size."""
    rng = random.Random(11)
    keys, responses = {}, {}
    for d in range(documents):
        tokens, key, response, _ = random_document(rng, 3)
        keys[f"d{d:03d}"], responses[f"d{d:03d}"] = (tokens, key), (tokens, response)
    key, whole = tmp_path / "key.v4_conll", tmp_path / "response.v4_conll"
    key.write_text(write_conll(keys), encoding="utf-8")
    whole.write_text(write_conll(responses), encoding="utf-8")
    names = list(responses)
    cuts = sorted(rng.sample(range(1, documents), shards - 1))
    parts = []
    for i, (a, b) in enumerate(zip([0, *cuts], [*cuts, documents])):
        part = tmp_path / f"part{i}.v4_conll"
        part.write_text(write_conll({n: responses[n] for n in names[a:b]}), encoding="utf-8")
        parts.append(part)
    return key, whole, parts


def run_json(capsys, *argv: str) -> dict:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


@pytest.mark.parametrize("options", [[], ["--coref-singletons", "drop"], ["--coref-response", "overlapping"]])
def test_shards_merge_to_the_whole_files_report(tmp_path: Path, capsys, options: list[str]) -> None:
    key, whole, parts = corpus_files(tmp_path)
    expected = run_json(capsys, "score", str(whole), "--gold", str(key), "--json", *options)["coref"]
    counts = []
    for i, part in enumerate(parts):
        out = tmp_path / f"counts{i}.json"
        assert main(["score", str(part), "--gold", str(key), "--layers", "coref", "--counts-only", "-o", str(out), *options]) == 0
        counts.append(str(out))
    merged = run_json(capsys, "merge", *counts, "--json")["coref"]
    assert merged["layers"] == expected["layers"]  # every numerator, denominator and document
    assert merged["options"] == expected["options"] and merged["key"] == expected["key"]
    # and a shard's own counts are its documents only
    first = json.loads(Path(counts[0]).read_text(encoding="utf-8"))
    assert sorted(first["coref"]["layers"]["entities"]) == first["doc_ids"]
    assert len(first["doc_ids"]) < 40


def test_merge_prints_the_coreference_table_in_every_format(tmp_path: Path, capsys) -> None:
    key, _, parts = corpus_files(tmp_path, documents=8, shards=2)
    counts = []
    for i, part in enumerate(parts):
        out = tmp_path / f"c{i}.json"
        assert main(["score", str(part), "--gold", str(key), "--layers", "coref", "--counts-only", "-o", str(out)]) == 0
        counts.append(str(out))
    assert main(["merge", *counts]) == 0
    assert "CoNLL F1 (MUC + B-cubed + CEAFe) / 3" in capsys.readouterr().out
    assert main(["merge", *counts, "--markdown"]) == 0
    assert "## Coreference" in capsys.readouterr().out
    assert main(["merge", *counts, "--csv"]) == 0
    assert "coref-entities,muc" in capsys.readouterr().out


def test_entities_and_coreference_counted_together_against_the_gold(tmp_path: Path, capsys) -> None:
    """A DyGIE++ line with entities and clusters: one shard file with both, merged as one run."""
    line = json.loads((TOOLS / "dygiepp.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line["predicted_ner"] = [[[0, 0, "GPE"]]] + [[] for _ in line["sentences"][1:]]
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    whole = run_json(capsys, "score", str(path), "--root", str(FROZEN), "--layers", "entities,coref", "--json")
    out = tmp_path / "counts.json"
    argv = ["score", str(path), "--root", str(FROZEN), "--layers", "entities,coref", "--counts-only", "-o", str(out)]
    assert main(argv) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["config"]["layers"] == ["entities", "coref"] and data["gold_checksum"].startswith("sha256:")
    merged = run_json(capsys, "merge", str(out), "--json")
    assert merged["coref"]["layers"] == whole["coref"]["layers"]
    assert merged["entities"]["strict"]["overall"] == whole["entities"]["strict"]["overall"]
    # without --layers, such a file's counts stay entity counts, as before
    assert main(["score", str(path), "--root", str(FROZEN), "--counts-only", "-o", str(out)]) == 0
    assert "coref" not in json.loads(out.read_text(encoding="utf-8"))


def counts_file(tmp_path: Path, capsys, *options: str) -> dict:
    key, _, parts = corpus_files(tmp_path, documents=6, shards=2)
    out = tmp_path / "c.json"
    argv = ["score", str(parts[0]), "--gold", str(key), "--layers", "coref", "--counts-only", "-o", str(out), *options]
    assert main(argv) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def refused(tmp_path: Path, capsys, data: dict, *others: dict) -> str:
    paths = []
    for i, d in enumerate((data, *others)):
        path = tmp_path / f"bad{i}.json"
        path.write_text(json.dumps(d), encoding="utf-8")
        paths.append(str(path))
    assert main(["merge", *paths]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def resealed(data: dict) -> dict:
    data["checksum"] = checksum(data)
    return data


def test_bad_coreference_counts_get_coded_errors(tmp_path: Path, capsys) -> None:
    good = counts_file(tmp_path, capsys)
    doc = next(iter(good["coref"]["layers"]["entities"]))
    # edited without the checksum
    edited = json.loads(json.dumps(good))
    edited["coref"]["layers"]["entities"][doc]["muc"][0] += 1
    assert "NG621" in refused(tmp_path, capsys, edited)
    # a score that is not six whole numbers, a zero denominator, a metric missing, an unknown document
    for change, pointer in [
        (lambda d: d["coref"]["layers"]["entities"][doc].update(muc=[1, 1, 2]), f"/coref/layers/entities/{doc}/muc"),
        (lambda d: d["coref"]["layers"]["entities"][doc].update(lea=[1, 0, 2, 1, 1, 2]), f"/coref/layers/entities/{doc}/lea"),
        (lambda d: d["coref"]["layers"]["entities"][doc].update(muc=[-1, 1, 2, 1, 1, 2]), f"/coref/layers/entities/{doc}/muc"),
        (lambda d: d["coref"]["layers"]["entities"][doc].pop("ceafe"), f"/coref/layers/entities/{doc}"),
        (lambda d: d["coref"]["layers"]["entities"].update(nowhere=d["coref"]["layers"]["entities"][doc]), "/coref/layers/entities/nowhere"),
        (lambda d: d["coref"].pop("key"), "/coref/key"),
        (lambda d: d.pop("coref"), "/coref"),
    ]:
        bad = json.loads(json.dumps(good))
        change(bad)
        err = refused(tmp_path, capsys, resealed(bad))
        assert "NG620" in err and pointer in err, (pointer, err)
    # two shards with the same document; shards made with other options
    assert "NG623" in refused(tmp_path, capsys, good, good)
    (tmp_path / "o").mkdir()
    other = counts_file(tmp_path / "o", capsys, "--coref-singletons", "drop")
    assert "NG622" in refused(tmp_path, capsys, good, other)


def test_the_html_report_carries_coreference_when_asked(tmp_path: Path, capsys, monkeypatch) -> None:
    import newsgold.outputs.html as html

    given = []
    render = html.render_html
    monkeypatch.setattr(html, "render_html", lambda *, report, corpus: given.append(report) or render(report=report, corpus=corpus))
    line = json.loads((TOOLS / "dygiepp.jsonl").read_text(encoding="utf-8").splitlines()[0])
    line["predicted_ner"] = [[[0, 0, "GPE"]]] + [[] for _ in line["sentences"][1:]]
    path = tmp_path / "both.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    page = tmp_path / "r.html"
    assert main(["report", str(path), "--root", str(FROZEN), "--layers", "entities,coref", "-o", str(page)]) == 0
    assert page.is_file()
    capsys.readouterr()
    whole = run_json(capsys, "score", str(path), "--root", str(FROZEN), "--layers", "entities,coref", "--json")
    assert given[0]["coref"]["layers"] == whole["coref"]["layers"]
    # coreference alone: a page of the clusters only, scored as `score --layers coref` scores them
    alone = tmp_path / "alone.html"
    given.clear()
    argv = ["report", str(TOOLS / "fastcoref.jsonl"), "--root", str(FROZEN), "--layers", "coref", "-o", str(alone)]
    assert main(argv) == 0 and alone.is_file()
    capsys.readouterr()
    only = run_json(capsys, "score", str(TOOLS / "fastcoref.jsonl"), "--root", str(FROZEN), "--layers", "coref", "--json")
    assert given[0]["coref"]["layers"] == only["coref"]["layers"] and "entities" not in given[0]
