"""Tag files in every scheme score through the default run: ``token_conlleval`` equals
conlleval.pl (its recorded output on the same tags; run live too when ``NEWSGOLD_CONLLEVAL``
names the script), ``token_iob2`` equals seqeval's strict mode with the file's scheme.
The files and their provenance: tests/conformance/tagschemes/README.md."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.scoring.tokens import conlleval_counts, tag_scheme

from tests.conftest import ROOT
from tests.test_conll2003 import sentences

FILES = ROOT / "tests" / "conformance" / "tagschemes"
CASES = {  # file name -> the scheme its tags are written in
    "conll2002-iob2": "IOB2",
    "conll2002-ned-iob2": "IOB2",
    "conll2003-iob1": "IOB1",
    "iobes": "IOBES",
    "bilou": "BILOU",
    "ioe1": "IOE1",
    "ioe2": "IOE2",
    "bare": "IOB1",
    "labelstudio-conll2003": "IOB2",
}
Figures = dict[str, tuple[int, int, int]]  # type -> (correct, gold chunks, predicted chunks)


def conlleval_figures(output: str) -> tuple[Figures, tuple[int, int, int]]:
    """Per-type and overall (correct, gold, predicted) from conlleval.pl's output (the copy
    recorded prints each type's counts before its scores)."""
    head = re.search(r"with (\d+) phrases; found: (\d+) phrases; correct: (\d+)\.", output)
    assert head is not None, output
    gold, found, correct = map(int, head.groups())
    rows: Figures = {}
    for line in output.splitlines()[2:]:
        m = re.match(r"^ *(.*?): +(\d+) +(\d+) +(\d+) precision", line)
        assert m is not None, line
        rows[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    return rows, (correct, gold, found)


def figures(per_type: dict[str, dict]) -> Figures:
    return {
        t: (r["tp"], r["tp"] + r["fn"], r["tp"] + r["fp"]) for t, r in per_type.items() if r["tp"] + r["fn"] + r["fp"]
    }


def score(tmp_path: Path, pred: Path, gold: Path, *options: str) -> dict:
    out = tmp_path / "out.json"
    assert main(["score", str(pred), "--gold", str(gold), "--json", "-o", str(out), *options]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


RANDOM = [json.loads(line) for line in (FILES / "random.conlleval.jsonl").read_text(encoding="utf-8").splitlines()]


def test_conlleval_counts_equal_conlleval_pl_on_every_recorded_random_file() -> None:
    assert len(RANDOM) == 2000
    for case in RANDOM:
        rows, overall = conlleval_figures(case["conlleval"])
        counts = conlleval_counts(case["gold"], case["pred"])
        got = {t: (c.tp, c.tp + c.fn, c.tp + c.fp) for t, c in counts.items()}
        assert got == rows, case
        assert tuple(sum(row[i] for row in got.values()) for i in range(3)) == overall, case


def test_the_random_files_hold_every_kind_of_tag_conlleval_treats_apart() -> None:
    tags = Counter(t for case in RANDOM for side in ("gold", "pred") for s in case[side] for t in s)
    assert {"S-PER", "E-LOC", "PER", "B", "I-", "I-0", "B-ORG-X", "U-LOC"} <= set(tags)
    outputs = "".join(case["conlleval"] for case in RANDOM)
    assert re.search(r"^ {17}: ", outputs, re.M)  # chunks without a type (a bare label after a typed tag)


LIVE = os.environ.get("NEWSGOLD_CONLLEVAL")


@pytest.mark.skipif(not LIVE or not shutil.which("perl"), reason="NEWSGOLD_CONLLEVAL names no conlleval.pl to run")
def test_the_recorded_outputs_are_what_conlleval_pl_prints() -> None:
    for case in RANDOM[:300]:
        lines = []
        for g, p in zip(case["gold"], case["pred"]):
            lines += [f"w {a} {b}" for a, b in zip(g, p)] + [""]
        text = "\n".join(lines) + "\n"
        run = subprocess.run(["perl", str(LIVE)], input=text, capture_output=True, text=True, check=True)
        assert conlleval_figures(run.stdout) == conlleval_figures(case["conlleval"])


@pytest.mark.parametrize("name", list(CASES))
def test_each_conformance_file_scores_as_conlleval_and_seqeval_strict(tmp_path: Path, name: str) -> None:
    scheme_module = pytest.importorskip("seqeval.scheme")
    gold, pred = FILES / f"{name}.gold.conll", FILES / f"{name}.pred.conll"
    report = score(tmp_path, pred, gold)
    rows, overall = conlleval_figures((FILES / f"{name}.conlleval.txt").read_text(encoding="utf-8"))
    assert figures(report["entities"]["token_conlleval"]["per_type"]) == rows
    o = report["entities"]["token_conlleval"]["overall"]
    assert (o["tp"], o["tp"] + o["fn"], o["tp"] + o["fp"]) == overall

    scheme = CASES[name]
    y_true, y_pred = sentences(gold), sentences(pred)
    if name == "bare":  # seqeval knows no bare labels: newsgold reads them as IOB1 inside tags
        y_true, y_pred = ([[t if t == "O" else f"I-{t}" for t in s] for s in y] for y in (y_true, y_pred))
    assert tag_scheme(y_pred, None, "pred").name == scheme  # (the IOE1 gold, all I-, reads alike as IOB1)
    seqeval_scheme = getattr(scheme_module, scheme)
    chunks = [
        {e.to_tuple() for s in scheme_module.Entities(y, seqeval_scheme).entities for e in s} for y in (y_true, y_pred)
    ]
    expected: dict[str, list[int]] = {}
    for chunk in chunks[0] & chunks[1]:
        expected.setdefault(chunk[1], [0, 0, 0])[0] += 1
    for side, found in ((1, chunks[0]), (2, chunks[1])):
        for chunk in found:
            expected.setdefault(chunk[1], [0, 0, 0])[side] += 1
    assert figures(report["entities"]["token_iob2"]["per_type"]) == {t: tuple(v) for t, v in expected.items()}
    strict = report["entities"]["token_iob2"]
    assert strict["tag_schemes"]["predicted"] == {scheme: 1} and strict.pop("tag_scheme_source") == "detected"
    # given, the scheme changes no count; the default (conlleval) mode does not read it
    given = score(tmp_path, pred, gold, "--scheme", scheme)
    assert given["entities"]["token_iob2"].pop("tag_scheme_source") == "given"
    assert given["entities"]["token_iob2"].pop("tag_schemes") == {"predicted": {scheme: 1}, "gold": {scheme: 1}}
    strict.pop("tag_schemes")
    assert given["entities"] == report["entities"]
    # NG613 only where the file's own scheme makes an inside tag illegal
    warned = [w["message"] for w in report["warnings"] if w["code"] == "NG613"]
    assert warned == ([f"{ILL[name]} inside tags (I-, E-, L-) in doc-1 continue no chunk of their type, "
                       f"which their scheme, {scheme} (detected), does not allow"] if name in ILL else [])


ILL = {  # the predictions' inside tags that follow no chunk of their type where their scheme forbids it
    "conll2002-iob2": 1,  # O I-LOC
    "conll2002-ned-iob2": 1,
    "labelstudio-conll2003": 1,
    "bilou": 1,  # U-PER L-PER
}


def test_an_iob1_file_warns_only_when_read_as_another_scheme(tmp_path: Path, capsys) -> None:
    """CoNLL-2003's own IOB1 tagging starts chunks with I-: legal there, so no NG613 unless
    --scheme says the file is IOB2; every report says which scheme read the tags, and how."""
    gold, pred = ROOT / "tests" / "conformance" / "conll2003" / "gold.conll", ROOT / "tests" / "conformance" / "conll2003" / "pred.conll"
    starts = sum(
        1
        for s in sentences(pred)
        for prev, tag in zip(["O", *s], s)
        if tag.startswith("I-") and prev[2:] != tag[2:]
    )
    assert starts > 0
    assert main(["score", str(pred), "--gold", str(gold), "--no-per-type"]) == 0
    out, err = capsys.readouterr()
    assert "NG613" not in err
    assert "token_iob2 read the predicted tags as IOB1 (detected), the gold's own tags as IOB1 (detected)" in out
    assert main(["score", str(pred), "--gold", str(gold), "--scheme", "IOB2", "--markdown"]) == 0
    out, err = capsys.readouterr()
    warned = re.findall(r"warning NG613: (\d+) inside tags \(I-, E-, L-\) in doc-\d .*IOB2 \(given\)", err)
    assert len(warned) == 2 and sum(map(int, warned)) == starts  # one warning a document
    assert "--scheme IOB1" in err  # the hint names the way out
    assert "Options: token_iob2 read the predicted tags as IOB2 (given), the gold's own tags as IOB2 (given)." in out
    report = score(tmp_path, pred, gold, "--scheme", "IOB1")
    assert not [w for w in report["warnings"] if w["code"] == "NG613"]
    assert report["config"]["entities"]["tag_scheme"] == "IOB1"
    assert report["entities"]["token_iob2"]["tag_scheme_source"] == "given"


def test_a_given_scheme_that_the_tags_do_not_fit_is_a_coded_error(tmp_path: Path, capsys) -> None:
    gold, pred = FILES / "iobes.gold.conll", FILES / "iobes.pred.conll"
    assert main(["score", str(pred), "--gold", str(gold), "--scheme", "IOB2"]) != 0
    err = capsys.readouterr().err
    assert "NG626" in err and "'E-PER' is not a tag of scheme IOB2" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("tags", "scheme"),
    [
        ([["B-PER", "I-PER", "O", "I-LOC"]], "IOB2"),  # an ill-formed I- in an IOB2 file stays IOB2
        ([["I-PER", "B-PER", "O", "I-LOC"]], "IOB1"),
        ([["I-PER", "E-PER", "O", "E-LOC"]], "IOE2"),
        ([["I-PER", "E-PER", "I-PER", "O"]], "IOE1"),
        ([["B-PER", "E-PER", "O"]], "IOBES"),
        ([["U-PER"]], "BILOU"),
        ([["U-PER", "S-PER", "B-LOC", "L-LOC"]], "IOBES"),  # a mix: L- read as E-, U- as S-
        ([["O", "O"]], "IOB2"),
    ],
)
def test_the_scheme_is_read_from_the_tags(tags: list[list[str]], scheme: str) -> None:
    assert tag_scheme(tags, None, "pred.conll").name == scheme


def test_a_corpus_of_random_documents_scores_as_conlleval_on_each_document(tmp_path: Path) -> None:
    """Through the CLI, many documents at once: each document is scored as conlleval.pl scores
    it alone (its recorded output), and the documents add up."""
    cases = [c for c in RANDOM[:400] if all(t != "I-" for s in c["gold"] for t in s)]
    gold_lines, pred_lines = [], []
    for k, case in enumerate(cases):
        gold_lines += [f"-DOCSTART- d{k}", ""]
        pred_lines += [f"-DOCSTART- d{k}", ""]
        for g, p in zip(case["gold"], case["pred"]):
            gold_lines += [f"w {t}" for t in g] + [""]
            pred_lines += [f"w {t}" for t in p] + [""]
    (tmp_path / "gold.conll").write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
    (tmp_path / "pred.conll").write_text("\n".join(pred_lines) + "\n", encoding="utf-8")
    report = score(tmp_path, tmp_path / "pred.conll", tmp_path / "gold.conll", "--modes", "token_conlleval")
    expected: dict[str, tuple[int, int, int]] = {}
    for case in cases:
        for t, row in conlleval_figures(case["conlleval"])[0].items():
            expected[t] = tuple(a + b for a, b in zip(expected.get(t, (0, 0, 0)), row))  # type: ignore[assignment]
    assert figures(report["entities"]["token_conlleval"]["per_type"]) == expected


def test_on_iob_tags_conlleval_counts_the_intersection_of_seqevals_default_chunks() -> None:
    """Why B/I/O documents may be read by chunk sets: on every recorded random file whose
    tags are all O, B-TYPE or I-TYPE (and 1,000 more of B/I/O only), conlleval.pl's counts are
    that intersection's."""
    from newsgold.tags import chunk_set

    recorded = (FILES / "random-iob.conlleval.jsonl").read_text(encoding="utf-8").splitlines()
    iob = [c for c in [*RANDOM, *map(json.loads, recorded)] if all(t == "O" or t[:2] in ("B-", "I-") and t[2:] not in ("", "0") for side in ("gold", "pred") for s in c[side] for t in s)]
    assert len(iob) > 1000
    for case in iob:
        gold, pred = chunk_set(case["gold"]), chunk_set(case["pred"])
        expected = {t: (c, g, p) for t, (c, g, p) in conlleval_figures(case["conlleval"])[0].items()}
        got: dict[str, list[int]] = {}
        for side, chunks in ((0, gold & pred), (1, gold), (2, pred)):
            for chunk in chunks:
                got.setdefault(chunk[1], [0, 0, 0])[side] += 1
        assert {t: tuple(v) for t, v in got.items()} == expected, case


def test_a_token_mode_with_no_chunk_at_all_has_null_averages_in_valid_json(tmp_path: Path) -> None:
    """conlleval.pl finds no chunk in a file of bare labels after O; seqeval's averages of no
    type are NaN, which JSON cannot carry: the report says null."""
    out = tmp_path / "out.json"
    assert main(["score", str(FILES / "bare.pred.conll"), "--gold", str(FILES / "bare.gold.conll"), "--json", "-o", str(out)]) == 0

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON report")

    row = json.loads(out.read_text(encoding="utf-8"), parse_constant=refuse)["entities"]["token_conlleval"]
    assert row["overall"]["tp"] + row["overall"]["fp"] + row["overall"]["fn"] == 0
    assert row["macro"] == row["weighted"] == {"precision": None, "recall": None, "f1": None}


@pytest.mark.parametrize("name", list(CASES))
def test_seqeval_itself_as_the_token_engine_reads_the_same_strict_chunks(tmp_path: Path, name: str) -> None:
    pytest.importorskip("seqeval")
    gold, pred = FILES / f"{name}.gold.conll", FILES / f"{name}.pred.conll"
    ours, theirs = score(tmp_path, pred, gold)["entities"], score(tmp_path, pred, gold, "--token-engine", "seqeval")["entities"]
    assert theirs["token_iob2"] == ours["token_iob2"]
    if CASES[name] in ("IOB1", "IOB2") and name != "bare":  # B/I/O tags: seqeval's default mode is conlleval's reading
        assert theirs["token_conlleval"] == ours["token_conlleval"]


@pytest.mark.parametrize("name", ["iobes", "ioe1", "bilou", "conll2003-iob1"])
def test_a_gold_given_as_spans_is_written_as_iob2_whatever_the_predictions_scheme(tmp_path: Path, name: str) -> None:
    """Against a JSON Lines gold (no tags of its own), the gold is written as IOB2 on the file's
    tokens and read so, also when --scheme names the predictions' scheme: the same numbers as
    against the same gold given as tags."""
    from newsgold.gold.conll_gold import load_gold_conll

    gold_conll, pred = FILES / f"{name}.gold.conll", FILES / f"{name}.pred.conll"
    [(doc, gold)] = list(load_gold_conll(gold_conll))
    record = {
        "doc_id": doc.doc_id,
        "text": doc.text,
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "entities": [{"start": e.span.start, "end": e.span.end, "type": e.type} for e in gold.entities],
    }
    gold_jsonl = tmp_path / "gold.jsonl"
    gold_jsonl.write_text(json.dumps(record) + "\n", encoding="utf-8")
    as_tags = score(tmp_path, pred, gold_conll)["entities"]["token_iob2"]
    as_tags.pop("tag_schemes"), as_tags.pop("tag_scheme_source")
    for options in ((), ("--scheme", CASES[name])):
        strict = score(tmp_path, pred, gold_jsonl, *options)["entities"]["token_iob2"]
        assert strict.pop("tag_schemes") == {"predicted": {CASES[name]: 1}}  # a gold written from spans: not listed
        assert strict.pop("tag_scheme_source") == ("given" if options else "detected")
        assert strict == as_tags, options


def test_counts_of_a_tag_file_merge_with_their_schemes_and_warnings(tmp_path: Path, capsys) -> None:
    """The counts of an IOB1 file, merged, say what the run says: the schemes the strict mode
    read, and NG613 only when the file is said to be IOB2. (A CoNLL file numbers its
    documents by position, so its parts cannot be scored as shards of one corpus.)"""
    folder = ROOT / "tests" / "conformance" / "conll2003"
    gold, pred = folder / "gold.conll", folder / "pred.conll"
    for options in ((), ("--scheme", "IOB2")):
        counts = tmp_path / "c.json"
        assert main(["score", str(pred), "--gold", str(gold), "--counts-only", *options, "-o", str(counts)]) == 0
        assert main(["merge", str(counts), "--json"]) == 0
        merged = json.loads(capsys.readouterr().out)
        whole = score(tmp_path, pred, gold, *options, "--no-intervals")  # a merge has none
        for mode in ("token_conlleval", "token_iob2"):
            keep = ("overall", "per_type", "tag_schemes", "tag_scheme_source", "ill_formed")
            assert {k: merged["entities"][mode].get(k) for k in keep} == {k: whole["entities"][mode].get(k) for k in keep}
        scheme = options[1] if options else "IOB1"
        assert merged["entities"]["token_iob2"]["tag_schemes"] == {"predicted": {scheme: 2}, "gold": {scheme: 2}}
        ng613 = sorted(w["message"] for w in merged["warnings"] if w["code"] == "NG613")
        assert ng613 == sorted(w["message"] for w in whole["warnings"] if w["code"] == "NG613")
        assert len(ng613) == (2 if options else 0)


@pytest.mark.parametrize("name", ["bilou", "bare"])
def test_seqeval_engine_warnings_are_coded(tmp_path: Path, capsys, name: str) -> None:
    """seqeval's default mode warns "... seems not to be NE tag." of tags without a B-, I-,
    E- or S- prefix; the seqeval engine turns that into NG627, counted by tag, and nothing of
    seqeval's own text or location reaches stderr (merged shards keep it too)."""
    pytest.importorskip("seqeval")
    gold, pred = FILES / f"{name}.gold.conll", FILES / f"{name}.pred.conll"
    expected = Counter(
        t for path in (gold, pred) for s in sentences(path) for t in s if t != "O" and t[:2] not in ("B-", "I-", "E-", "S-")
    )
    assert expected
    assert main(["score", str(pred), "--gold", str(gold), "--token-engine", "seqeval", "--no-per-type"]) == 0
    err = capsys.readouterr().err
    assert "seems not to be NE tag" not in err and "UserWarning" not in err and "site-packages" not in err
    [line] = [line for line in err.splitlines() if "NG627" in line]
    listed = dict((tag, int(n)) for tag, n in re.findall(r"'([^']+)' \((\d+)\)", line))
    assert f"read {len(expected)} tags" in line
    assert listed == {t: expected[t] for t in sorted(expected)[:5]}
    assert main(["score", str(pred), "--gold", str(gold), "--token-engine", "seqeval", "--counts-only", "-o", str(tmp_path / "c.json")]) == 0
    assert main(["merge", str(tmp_path / "c.json"), "--json"]) == 0
    out = capsys.readouterr().out
    assert [w["message"] for w in json.loads(out)["warnings"] if w["code"] == "NG627"] == [line.split("NG627: ")[1].split(" (hint")[0]]
    # the newsgold engine reads these tags itself: no such warning
    assert main(["score", str(pred), "--gold", str(gold), "--no-per-type"]) == 0
    assert "NG627" not in capsys.readouterr().err
