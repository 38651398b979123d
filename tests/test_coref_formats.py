"""Coreference from the files systems write, through the command line, against the reference scorer.

- The CoNLL-2012 reader reads every file as the reference scorer (v8.01) reads it: its own test
  files (``.key``, ``.response``: detected by content) and the random corpus of test_coref.
- One response to the frozen article, written in the shape of each tool's code
  (tests/conformance/coref/tools/, README.md there), scores the same in every shape, and equal
  to what the Perl scorer prints for its CoNLL-2012 form, metric by metric (recorded,
  tests/conformance/coref/conll2012/scorer-tools.json).
- The article's gold is the key; a CoNLL-2012 key works as well (token units).
- Every bad input gets a coded error and exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsgold import api
from newsgold.cli import main
from newsgold.gold.errors import NewsgoldError
from newsgold.gold.sources import load_corpus
from newsgold.readers.coref import gold_clusters
from newsgold.readers.coref_conll import read_conll2012
from newsgold.scoring.coref import evaluate
from newsgold.scoring.coref_corpus import CorefConfig, overlapping

from tests.conftest import DOC_ID, FROZEN
from tests.conformance.coref.conll2012 import run_reference_scorer as run_scorer
from tests.conformance.coref.conll2012.run_reference_scorer import DATA, case_files, sha256
from tests.test_coref import CASES, case_clusters, expected, random_corpus, read_conll, write_conll

TOOLS = Path(__file__).parent / "conformance" / "coref" / "tools"
SHAPES = ["fastcoref.jsonl", "maverick.jsonl", "dygiepp.jsonl", "response.v4_conll", "../corefud/response.conllu"]


def score_json(capsys, *argv: str) -> dict:
    assert main(["score", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["coref"]


# ---- the CoNLL-2012 reader reads as the reference does ------------------------------------------


def package_read(path: Path) -> dict[str, list[list[tuple[int, int]]]]:
    """The package's reading, as (first, last) with the last included, like the test's own reader."""
    return {d.name: [[(s, e - 1) for s, e in c] for c in d.entities.values()] for d in read_conll2012(path, False)}


def test_the_reader_reads_the_reference_test_files_as_the_reference_does() -> None:
    files = sorted(DATA.iterdir())
    assert len(files) > 40
    for path in files:
        ours = package_read(path)
        theirs = read_conll(path.read_text(encoding="utf-8"))
        assert list(ours.values()) == list(theirs.values()), path.name  # names: see doc_name


def test_the_reader_reads_the_random_corpus_as_the_reference_does(tmp_path: Path) -> None:
    for f, (keys, responses) in enumerate(random_corpus(20140602)[:4]):
        for rows in (keys, responses):
            text = write_conll(rows)
            path = tmp_path / f"{f}.conll"
            path.write_text(text, encoding="utf-8")
            assert package_read(path) == read_conll(text)


@pytest.mark.parametrize("case", ["TC-A-2", "TC-A-9", "TC-K-1", "TC-M-6", "TC-N-3"])
def test_the_reference_cases_score_through_the_command_line(case: str, capsys) -> None:
    """The reference's own files, suffixes .key and .response, detected by content."""
    key, response = case_files(case)
    metrics = score_json(capsys, str(response), "--gold", str(key))["layers"]["entities"]["metrics"]
    for name in ("mentions", "muc", "b_cubed", "ceafm", "ceafe"):
        want = expected(CASES[case][name])
        got = metrics[name]
        assert (got["recall_den"], got["precision_den"]) == (want.recall_den, want.precision_den), (case, name)
        assert got["recall_num"] == pytest.approx(float(want.recall_num), abs=1e-12), (case, name)
        assert got["precision_num"] == pytest.approx(float(want.precision_num), abs=1e-12), (case, name)
    assert metrics["blanc"]["coref_links"]["recall_den"] == expected(CASES[case]["blanc_coref"]).recall_den


# ---- one response in every tool's shape ---------------------------------------------------------


def test_every_shape_scores_the_same(capsys) -> None:
    reports = [score_json(capsys, str(TOOLS / name), "--root", str(FROZEN)) for name in SHAPES]
    assert [r["format"] for r in reports] == ["json-clusters"] * 3 + ["conll2012", "corefud"]
    layers = [r["layers"] for r in reports]
    assert all(x == layers[0] for x in layers)
    by_key_file = score_json(capsys, str(TOOLS / "response.v4_conll"), "--gold", str(TOOLS / "key.v4_conll"))
    assert by_key_file["layers"]["entities"]["metrics"] == layers[0]["entities"]["metrics"]


def test_the_shapes_hold_what_the_gold_and_the_changes_say(capsys) -> None:
    """The key file is the frozen gold's clusters, and the response differs from it in every metric."""
    corpus = load_corpus(FROZEN)
    [(doc, gold)] = list(corpus)
    key = gold_clusters(gold).entities
    first = {t.start: k for k, t in enumerate(doc.tokens)}
    from_file = package_read(TOOLS / "key.v4_conll")[DOC_ID]
    assert sorted(first[s] for c in key for s, _ in c) == sorted(s for c in from_file for s, _ in c)
    metrics = score_json(capsys, str(TOOLS / "fastcoref.jsonl"), "--root", str(FROZEN))["layers"]["entities"]["metrics"]
    assert all(0 < metrics[m]["f1"] < 1 for m in ("muc", "b_cubed", "ceafm", "ceafe", "blanc", "lea"))


def test_the_shapes_score_as_the_reference_scorer_scores_their_conll_form(capsys) -> None:
    recorded = json.loads(run_scorer.TOOLS.read_text(encoding="utf-8"))
    # the recording is of these very files
    key, response = (p.read_text(encoding="utf-8") for p in run_scorer.TOOLS_PAIR)
    assert (sha256(key), sha256(response)) == (recorded["key_sha256"], recorded["response_sha256"])
    ours = score_json(capsys, str(TOOLS / "dygiepp.jsonl"), "--root", str(FROZEN))["layers"]["entities"]["metrics"]
    for metric, name in (("muc", "muc"), ("bcub", "b_cubed"), ("ceafm", "ceafm"), ("ceafe", "ceafe")):
        totals = recorded[metric]
        rn, rd, pn, pd = totals["Coreference"]
        got = ours[name]
        assert (int(rd), int(pd)) == (got["recall_den"], got["precision_den"]), metric
        assert float(rn) == pytest.approx(got["recall_num"], rel=1e-14), metric
        assert float(pn) == pytest.approx(got["precision_num"], rel=1e-14), metric
        assert totals["Identification of Mentions"][:2] == [str(int(ours["mentions"]["recall_num"])), str(ours["mentions"]["recall_den"])]
    totals = recorded["blanc"]
    assert [float(x) for x in totals["Coreference links"]] == [
        ours["blanc"]["coref_links"][k] for k in ("recall_num", "recall_den", "precision_num", "precision_den")
    ]


# ---- the gold as the key, text-only clusters, events, options -----------------------------------


def test_the_gold_scored_as_a_response_is_perfect_in_both_layers(tmp_path: Path, capsys) -> None:
    [(_, gold)] = list(load_corpus(FROZEN))
    key = gold_clusters(gold)
    line = {"doc_id": DOC_ID, "clusters": [[list(m) for m in c] for c in key.entities],
            "event_clusters": [[list(m) for m in c] for c in key.events]}
    path = tmp_path / "perfect.json"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = score_json(capsys, str(path), "--root", str(FROZEN))
    assert set(report["layers"]) == {"entities", "events"}
    for layer in report["layers"].values():
        assert layer["metrics"]["conll"] == 1.0
        assert layer["metrics"]["lea"]["f1"] == 1.0
    assert report["layers"]["events"]["metrics"]["mentions"]["recall_den"] == len(gold.events)


def test_text_only_clusters_mark_every_occurrence(tmp_path: Path, capsys) -> None:
    [(doc, gold)] = list(load_corpus(FROZEN))
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "clusters": [["Cuba", "Havana"], ["Washington"]]}) + "\n", "utf-8")
    report = score_json(capsys, str(path), "--root", str(FROZEN))
    found = report["layers"]["entities"]["metrics"]["mentions"]["precision_den"]
    assert found == sum(doc.text.count(w) for w in ("Havana", "Washington")) + doc.text.count("Cuba") - doc.text.count("Cuban")


def test_the_options_change_what_is_scored(tmp_path: Path, capsys) -> None:
    key, response = case_files("TC-A-4")
    plain = score_json(capsys, str(response), "--gold", str(key))["layers"]["entities"]["metrics"]
    dropped = score_json(capsys, str(response), "--gold", str(key), "--coref-singletons", "drop")
    assert dropped["options"]["singletons"] == "dropped"
    assert dropped["layers"]["entities"]["metrics"]["b_cubed"]["recall_den"] < plain["b_cubed"]["recall_den"]
    overlap = score_json(capsys, str(response), "--gold", str(key), "--coref-response", "overlapping")
    assert overlap["layers"]["entities"]["metrics"]["mentions"]["precision_den"] < plain["mentions"]["precision_den"]


def test_overlapping_keeps_exactly_the_response_mentions_that_touch_a_key_mention() -> None:
    key = (((0, 4), (10, 12)), ((20, 30),))
    response = (((4, 6), (3, 5), (12, 13), (9, 11)), ((25, 26), (31, 40)), ((30, 31),))
    assert overlapping(key, response) == (((3, 5), (9, 11)), ((25, 26),))
    assert overlapping((), response) == ()


def test_gold_mentions_mode_refuses_a_response_mention_outside_the_key(capsys) -> None:
    key, response = case_files("TC-A-3")  # its response adds mentions the key lacks
    assert main(["score", str(response), "--gold", str(key), "--coref-mentions", "gold"]) == 2
    assert "NG652" in capsys.readouterr().err


def test_the_api_scores_what_the_command_line_does(capsys) -> None:
    scored = api.score_coref(gold=FROZEN, predictions=TOOLS / "maverick.jsonl", config=CorefConfig(singletons=False))
    total = scored.layers["entities"].total
    report = score_json(capsys, str(TOOLS / "maverick.jsonl"), "--root", str(FROZEN), "--coref-singletons", "drop")
    assert total.conll == report["layers"]["entities"]["metrics"]["conll"]
    [(_, gold)] = list(load_corpus(FROZEN))
    assert total.muc == evaluate(key=gold_clusters(gold).entities, response=scored_response(), singletons=False).muc


def scored_response() -> list[list[tuple[int, int]]]:
    line = json.loads((TOOLS / "fastcoref.jsonl").read_text(encoding="utf-8"))
    return [[tuple(m) for m in c] for c in line["clusters"]]


@pytest.mark.parametrize("fmt", ["--markdown", "--csv", None])
def test_every_table_format_shows_every_metric(fmt: str | None, capsys) -> None:
    assert main(["score", str(TOOLS / "fastcoref.jsonl"), "--root", str(FROZEN), *([fmt] if fmt else [])]) == 0
    out = capsys.readouterr().out
    for label in (("muc", "b_cubed", "ceafe", "blanc", "lea", "conll") if fmt == "--csv" else ("MUC", "B-cubed", "CEAFe", "BLANC", "LEA", "CoNLL")):
        assert label in out
    assert "entities" in out


def test_a_dygiepp_line_with_entities_and_clusters_gets_both_reports(tmp_path: Path, capsys) -> None:
    line = json.loads((TOOLS / "dygiepp.jsonl").read_text(encoding="utf-8"))
    line["predicted_ner"] = [[] for _ in line["sentences"]]
    path = tmp_path / "dygie.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["score", str(path), "--root", str(FROZEN), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "entities" in report and report["coref"]["layers"]["entities"]["documents"] == 1


# ---- bad inputs ---------------------------------------------------------------------------------

BEGIN = "#begin document (d); part 000\n"
BAD = {
    "cell": (BEGIN + "d\t0\t0\tw\t(1x\n#end document\n", "NG650"),
    "close-without-open": (BEGIN + "d\t0\t0\tw\t1)\n#end document\n", "NG650"),
    "left-open": (BEGIN + "d\t0\t0\tw\t(1\n#end document\n", "NG650"),
    "no-end": (BEGIN + "d\t0\t0\tw\t(1)\n", "NG650"),
    "twice": (BEGIN + "d\t0\t0\tw\t(1)\n#end document\n" + BEGIN + "d\t0\t0\tw\t-\n#end document\n", "NG603"),
}
BAD_JSON = {
    "unknown-doc": ({"doc_id": "nope", "clusters": [[[0, 4]]]}, "NG602"),
    "out-of-range": ({"doc_id": DOC_ID, "clusters": [[[0, 10 ** 6]]]}, "NG301"),
    "not-pairs": ({"doc_id": DOC_ID, "clusters": [[0, 4]]}, "NG201"),
    "bad-mention": ({"doc_id": DOC_ID, "clusters": [[["a", 4]]]}, "NG201"),
    "no-doc-id": ({"clusters": [[[0, 4]]]}, "NG201"),
    "tokens-off-text": ({"doc_id": DOC_ID, "sentences": [["Nowhere", "words"]], "clusters": [[[0, 1]]]}, "NG608"),
    "empty-text": ({"doc_id": DOC_ID, "clusters": [[""]]}, "NG201"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_conll_gets_a_coded_error(name: str, tmp_path: Path, capsys) -> None:
    text, code = BAD[name]
    path = tmp_path / "bad.response"
    path.write_text(text, encoding="utf-8")
    assert main(["score", str(path), "--gold", str(case_files("TC-A-1")[0])]) == 2
    err = capsys.readouterr().err
    assert code in err and "Traceback" not in err


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_bad_json_clusters_get_a_coded_error(name: str, tmp_path: Path, capsys) -> None:
    record, code = BAD_JSON[name]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["score", str(path), "--root", str(FROZEN), "--layers", "coref"]) == 2
    err = capsys.readouterr().err
    assert code in err and "Traceback" not in err


def test_char_spans_against_a_token_key_are_refused(capsys) -> None:
    assert main(["score", str(TOOLS / "fastcoref.jsonl"), "--gold", str(TOOLS / "key.v4_conll")]) == 2
    assert "NG651" in capsys.readouterr().err


def test_a_file_without_clusters_asked_for_coreference_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": []}) + "\n", encoding="utf-8")
    assert main(["score", str(path), "--root", str(FROZEN), "--layers", "coref"]) == 2
    assert "NG607" in capsys.readouterr().err


def test_a_key_that_gives_a_mention_twice_is_refused(tmp_path: Path) -> None:
    key = tmp_path / "key.conll"
    key.write_text(BEGIN + "d\t0\t0\tw\t(1)|(2)\n#end document\n", encoding="utf-8")
    with pytest.raises(NewsgoldError) as e:
        api.score_coref(gold=key, predictions=key)
    assert e.value.incidents[0].code == "NG652"


def test_a_corpus_total_equals_adding_its_documents_one_by_one() -> None:
    from functools import reduce

    from newsgold.scoring.coref import CorefScores

    documents = [
        evaluate(key=key, response=response)
        for key, response in (case_clusters(c) for c in ("TC-A-2", "TC-A-5", "TC-A-13", "TC-L-1", "TC-M-6", "TC-N-6"))
    ]
    assert CorefScores.total(documents) == reduce(lambda a, b: a + b, documents)
    assert CorefScores.total([]) == CorefScores()


def test_what_the_default_run_scores_is_told_by_the_content(tmp_path: Path) -> None:
    from newsgold.readers.coref_formats import clusters_in

    key, response = case_files("TC-A-1")
    assert clusters_in(response) == ("conll2012", True)
    assert clusters_in(TOOLS / "maverick.jsonl") == ("json-clusters", True)
    line = json.loads((TOOLS / "dygiepp.jsonl").read_text(encoding="utf-8"))
    for clusters, expected_answer in (([], (None, False)), (line["predicted_clusters"], ("json-clusters", False))):
        path = tmp_path / "d.jsonl"
        path.write_text(json.dumps({**line, "predicted_ner": [], "predicted_clusters": clusters}) + "\n", "utf-8")
        assert clusters_in(path) == expected_answer
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"doc_id": DOC_ID, "entities": []}) + "\n", encoding="utf-8")
    assert clusters_in(plain) == (None, False)


NEWDOC = "# newdoc id = d\n"
BAD_CONLLU = {
    "discontinuous": NEWDOC + "1\tw\t_\t_\t_\t_\t0\t_\t_\tEntity=(e1[1/2]--1)\n",
    "close-without-open": NEWDOC + "1\tw\t_\t_\t_\t_\t0\t_\t_\tEntity=e1)\n",
    "left-open": NEWDOC + "1\tw\t_\t_\t_\t_\t0\t_\t_\tEntity=(e1--1\n",
    "not-brackets": NEWDOC + "1\tw\t_\t_\t_\t_\t0\t_\t_\tEntity=(e1--1)junk\n",
    "nine-columns": NEWDOC + "1\tw\t_\t_\t_\t_\t0\t_\tEntity=(e1)\n2\tx\t_\t_\t_\t_\t0\t_\t_\tEntity=(e1)\n",
}


@pytest.mark.parametrize("name", sorted(BAD_CONLLU))
def test_bad_corefud_gets_a_coded_error(name: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.conllu"
    path.write_text(BAD_CONLLU[name], encoding="utf-8")
    assert main(["score", str(path), "--gold", str(case_files("TC-A-1")[0]), "--format", "corefud"]) == 2
    err = capsys.readouterr().err
    assert "NG650" in err and "Traceback" not in err


def test_corefud_words_against_a_token_key(tmp_path: Path, capsys) -> None:
    """CorefUD against a CoNLL-2012 key: both count words, so the figures are the reference's."""
    key = tmp_path / "key.conll"
    key.write_text("#begin document (d); part 000\nd\t0\t0\ta\t(1\nd\t0\t1\tb\t1)\nd\t0\t2\tc\t(1)\n#end document\n", "utf-8")
    response = tmp_path / "r.conllu"
    rows = ["(e1--1", "e1)", "(e2--1)"]
    response.write_text(NEWDOC + "".join(f"{i + 1}\t{w}\t_\t_\t_\t_\t0\t_\t_\tEntity={r}\n" for i, (w, r) in enumerate(zip("abc", rows))), "utf-8")
    metrics = score_json(capsys, str(response), "--gold", str(key))["layers"]["entities"]["metrics"]
    assert (metrics["muc"]["recall_num"], metrics["muc"]["recall_den"]) == (0, 1)
    assert (metrics["mentions"]["recall_num"], metrics["mentions"]["precision_den"]) == (2, 2)


def test_a_users_own_gold_gives_its_clusters_on_entities_mentions_and_events(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    record = {"doc_id": "d1", "text": "Obama met Castro. He smiled at the meeting.",
              "entities": [{"start": 0, "end": 5, "type": "PER", "cluster": "o"}, {"start": 10, "end": 16, "type": "PER"}],
              "mentions": [{"start": 18, "end": 20, "type": "PER", "level": "PRO", "cluster": "o"}],
              "events": [{"type": "Contact:Meet", "trigger": {"start": 6, "end": 9}, "cluster": "m"},
                         {"type": "Contact:Meet", "trigger": {"start": 35, "end": 42}, "cluster": "m"}]}
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    response = tmp_path / "clusters.jsonl"
    response.write_text(json.dumps({"doc_id": "d1", "clusters": [["Obama", "He"], ["Castro"]],
                                    "event_clusters": [["met"], ["meeting"]]}) + "\n", encoding="utf-8")
    report = score_json(capsys, str(response), "--gold", str(gold))
    entities, events = report["layers"]["entities"]["metrics"], report["layers"]["events"]["metrics"]
    assert entities["conll"] == 1.0
    assert (events["muc"]["recall_num"], events["muc"]["recall_den"]) == (0, 1)
    record["entities"][1]["cluster"] = 7
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert main(["score", str(response), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert "NG201" in err and "/entities/1/cluster" in err
