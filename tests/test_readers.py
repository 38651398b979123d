"""Foreign formats: each shape of the same predictions scores identically; broken ones are refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.conll_gold import load_gold_conll
from newsgold.readers.align import follow_all
from newsgold.readers.conll import read_conll
from newsgold.readers.registry import detect

from tests.conftest import DOC_ID


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: the counts below describe it, and a correction of the live gold leaves them true."""
    return frozen_repo


def predicted_spans(repo, seed: int = 3):
    """An extractor's output on token boundaries: the gold with some drops, retypes and additions."""
    from newsgold.gold.sources import load_corpus

    [(doc, gold)] = load_corpus(repo)
    rnd = random.Random(seed)
    out = []
    for e in gold.entities:
        r = rnd.random()
        if r < 0.2:
            continue
        out.append((e.span.start, e.span.end, rnd.choice(["ORG", "GPE"]) if r < 0.35 else e.type))
    taken = [(s, e) for s, e, _ in out] + [(e.span.start, e.span.end) for e in gold.entities]
    for t in rnd.sample(list(doc.tokens), 30):
        if doc.text[t.start].isalpha() and not any(a < t.end and t.start < b for a, b in taken):
            out.append((t.start, t.end, "PERSON"))
            taken.append((t.start, t.end))
    return doc, sorted(out)


def write_shapes(tmp: Path, doc, spans) -> dict[str, Path]:
    text = doc.text
    paths = {}
    canon = [{"start": s, "end": e, "type": t, "text": text[s:e]} for s, e, t in spans]
    paths["jsonl"] = tmp / "canonical.jsonl"
    paths["jsonl"].write_text(json.dumps({"doc_id": DOC_ID, "entities": canon}) + "\n", encoding="utf-8")
    paths["gliner"] = tmp / "gliner.jsonl"
    paths["gliner"].write_text(json.dumps({"doc_id": DOC_ID, "entities": [
        {"start": s, "end": e, "label": t, "score": 0.9, "text": text[s:e]} for s, e, t in spans]}) + "\n", encoding="utf-8")
    tags = {}
    for s, e, t in spans:
        inside = [k for k in doc.tokens if s <= k.start and k.end <= e]
        for i, k in enumerate(inside):
            tags[k.start] = ("B-" if i == 0 else "I-") + t
    sentence_of = doc.sentence_of
    lines, spacy_lines, prev = [], [], 0
    for k in doc.tokens:
        if sentence_of(k.start) != prev:
            lines.append("")
            spacy_lines.append("")
            prev = sentence_of(k.start)
        tag = tags.get(k.start, "O")
        lines.append(f"{text[k.start:k.end]}\t{tag}")
        iob, etype = (tag[0], tag[2:]) if tag != "O" else ("O", "")
        spacy_lines.append(f"{text[k.start:k.end]}\t{k.start}\t{k.end}\t{etype}\t{iob}")
    paths["conll"] = tmp / "two-columns.conll"
    paths["conll"].write_text("-DOCSTART- " + DOC_ID + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    paths["conll-spacy"] = tmp / "spacy-columns.tsv"
    paths["conll-spacy"].write_text("# doc_id = " + DOC_ID + "\n" + "\n".join(spacy_lines) + "\n", encoding="utf-8")
    (tmp / "brat").mkdir()
    paths["brat"] = tmp / "brat"
    (paths["brat"] / f"{DOC_ID}.ann").write_text(
        "".join(f"T{i}\t{t} {s} {e}\t{text[s:e]}\n" for i, (s, e, t) in enumerate(spans, 1)), encoding="utf-8")
    paths["label-studio"] = tmp / "export.json"
    paths["label-studio"].write_text(json.dumps([{"data": {"text": text}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": s, "end": e, "text": text[s:e], "labels": [t]}} for s, e, t in spans]}]}]), encoding="utf-8")
    return paths


def strict_numbers(capsys, repo, path: Path, *extra: str) -> dict:
    assert main(["score", "--root", str(repo.root), str(path), "--json", "--no-errors", *extra]) == 0
    report = json.loads(capsys.readouterr().out)
    return {m: report["entities"][m]["overall"] for m in ("strict", "partial", "token_iob2")}, report["config"]["format"]


def test_every_shape_of_the_same_predictions_scores_identically(tmp_path: Path, capsys, repo) -> None:
    doc, spans = predicted_spans(repo)
    paths = write_shapes(tmp_path, doc, spans)
    expected, fmt = strict_numbers(capsys, repo, paths["jsonl"])
    assert fmt == "jsonl" and 0 < expected["strict"]["f1"] < 1
    for name, path in paths.items():
        got, fmt = strict_numbers(capsys, repo, path)
        assert fmt == name.split("-spacy")[0], name
        assert got == expected, name


def test_text_only_lists_score_like_offsets_when_they_say_the_same(tmp_path: Path, capsys, repo) -> None:
    from newsgold.gold.sources import load_corpus

    [(doc, gold)] = load_corpus(repo)
    names = [e for e in gold.entities if e.level == "NAM"]
    listed = sorted({(e.text, e.type) for e in names})
    path = tmp_path / "llm.jsonl"
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": [{"text": t, "type": y} for t, y in listed]}) + "\n", encoding="utf-8")
    got, fmt = strict_numbers(capsys, repo, path, "--level", "NAM")
    assert fmt == "text-only"
    assert got["strict"]["f1"] == 1.0


def test_text_only_reports_what_it_could_not_align(tmp_path: Path, capsys, repo) -> None:
    path = tmp_path / "llm.jsonl"
    items = [{"text": "Havana", "type": "GPE"}, {"text": "Havana", "type": "LOC"}, {"text": "Moscow", "type": "GPE"},
             {"text": "the state department", "type": "ORG"}]
    path.write_text(json.dumps({"doc_id": DOC_ID, "entities": items}) + "\n", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    messages = [w["message"] for w in report["warnings"] if w["code"] == "NG608"]
    assert any("'Moscow'" in m and "nowhere" in m for m in messages)
    assert any("'Havana'" in m and "kept GPE" in m for m in messages)
    # case-insensitive fallback found 'the State Department' three times (once per occurrence)
    assert report["entities"]["strict"]["per_type"]["GPE"]["tp"] == 5
    assert report["entities"]["determiner"]["per_type"]["ORG"]["tp"] == 2


def test_conll_alignment_handles_treebank_escapes_and_quotes(tmp_path: Path, capsys, repo, article_text: str) -> None:
    sentence = article_text.split("\n")[1]  # “The discussions ... ,” the State Department said ...
    tokens = sentence.replace("“", "`` ").replace(",”", " , ''").split()
    lines = [f"{t}\t{'B-ORG' if t == 'State' else 'I-ORG' if t == 'Department' else 'O'}" for t in tokens]
    first = article_text.split("\n")[0].split()
    path = tmp_path / "ptb.conll"
    path.write_text("\n".join([f"{t}\tO" for t in first]) + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    # 'Washington,' stays one whitespace token: tokens need only spell the text in order, not match ours.
    assert main(["score", "--root", str(repo.root), str(path), "--json", "--modes", "strict"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["entities"]["strict"]["per_type"]["ORG"]["tp"] == 1


def test_conll_misaligned_token_names_the_line(tmp_path: Path, capsys, repo) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("Washington\tB-GPE\n,\tO\nMarch\tO\n", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert "NG608" in err and "bad.conll:3" in err and "'March'" in err


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# a comment\n\nWashington\tB-GPE\n\n\n,\tO\n# another\nMarch\tO\n", 8),  # blank and comment lines count
        ("\n\nWashington\tB-GPE\nMarch\tO\n", 4),  # blank lines before the first row
        ("-DOCSTART- -X- -X- O\n\nWashington\tB-GPE\n\nMarch\tO\n", 5),
        ("Washington\t0\t10\tGPE\tB\n,\t10\t11\t\tO\nMarch\t12\t17\t\tO\n", 3),  # NG302: the offsets' row
    ],
)
def test_conll_errors_name_the_line_of_their_row(tmp_path: Path, capsys, repo, text: str, line: int) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(text, encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert f"bad.conll:{line}" in err and "'March'" in err, err


def test_conll_ill_formed_tags_are_counted(tmp_path: Path, capsys, repo) -> None:
    """I- tags that start chunks are IOB1 (no warning), ill-formed where the file is IOB2 (a B-
    after O shows it) or said to be; read as starting chunks either way."""
    path = tmp_path / "ill.conll"
    for tags, options, ill in (
        (("I-GPE", "I-DATE", "I-DATE"), (), 0),
        (("I-GPE", "I-DATE", "I-DATE"), ("--scheme", "IOB2"), 2),
        (("I-GPE", "B-DATE", "I-DATE"), (), 1),
    ):
        rows = zip(("Washington", ",", "Feb", "18"), (tags[0], "O", *tags[1:]))
        path.write_text("".join(f"{token}\t{tag}\n" for token, tag in rows), encoding="utf-8")
        assert main(["score", "--root", str(repo.root), str(path), "--json", *options]) == 0
        report = json.loads(capsys.readouterr().out)
        warned = [w["message"] for w in report["warnings"] if w["code"] == "NG613"]
        assert [m.split(" ")[0] for m in warned] == ([str(ill)] if ill else []), warned
        assert report["entities"]["strict"]["overall"]["tp"] == 2
        assert report["entities"]["token_iob2"]["ill_formed"] == ill


def test_brat_predictions_with_events(tmp_path: Path, capsys, repo) -> None:
    from newsgold.cli import main as cli

    out = tmp_path / "brat"
    assert cli(["export", "--root", str(repo.root), "--format", "brat", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["score", "--root", str(repo.root), str(out), "--json", "--event-view", "full", "--arg-match", "extent"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["config"]["format"] == "brat"
    assert report["entities"]["strict"]["overall"]["f1"] == 1.0
    assert report["events"]["argument_classification_attached"]["overall"]["f1"] == 1.0


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.jsonl", {"doc_id": "x", "entities": [{"start": 0, "end": 1, "type": "X"}]}, "jsonl"),
        ("a.jsonl", {"doc_id": "x", "entities": [{"start": 0, "end": 1, "label": "X"}]}, "gliner"),
        ("a.jsonl", {"doc_id": "x", "entities": [{"entity_group": "PER", "start": 0, "end": 1}]}, "hf"),
        ("a.jsonl", {"doc_id": "x", "entities": [{"entity": "B-PER", "start": 0, "end": 1}]}, "hf"),
        ("a.jsonl", {"doc_id": "x", "entities": [{"text": "Cuba", "type": "GPE"}]}, "text-only"),
        ("a.jsonl", {"doc_id": "x", "tokens": ["Cuba"], "tags": ["B-GPE"]}, "bio-jsonl"),
        ("a.conll", None, "conll"),
        ("a.ann", None, "brat"),
        ("a.json", [], "label-studio"),
        ("a.spacy", None, "spacy"),
    ],
)
def test_detection(tmp_path: Path, name: str, content, expected: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(content) if content is not None else "", encoding="utf-8")
    assert detect(path) == expected


def test_unknown_suffix_asks_for_format(tmp_path: Path, capsys, repo) -> None:
    path = tmp_path / "out.xml"
    path.write_text("<x/>", encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path)]) == 2
    err = capsys.readouterr().err
    assert "NG607" in err and "--format" in err


@pytest.mark.parametrize(
    "tasks, code",
    [
        ({"not": "a list"}, "NG612"),
        ([{"data": {"text": "another article"}, "annotations": []}], "NG602"),
        ([{"data": {"doc_id": DOC_ID}, "annotations": [{"result": [{"type": "labels", "value": {"start": 5, "end": 2, "labels": ["GPE"]}}]}]}], "NG301"),
    ],
)
def test_label_studio_errors(tmp_path: Path, capsys, repo, tasks, code: str) -> None:
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["score", "--root", str(repo.root), str(path), "--format", "label-studio"]) == 2
    assert code in capsys.readouterr().err
    if isinstance(tasks, list):  # detected by its content too
        assert main(["score", "--root", str(repo.root), str(path)]) == 2
        assert code in capsys.readouterr().err


def test_conll_tokens_that_spell_a_conll_golds_text_get_the_spans_follow_finds(tmp_path: Path) -> None:
    """Tokens laid out as a CoNLL gold's text lays them out are placed without a search per
    token; the spans are those a search token by token finds."""
    gold = tmp_path / "gold.conll"
    gold.write_text("-DOCSTART- d1\nObama B-PER\nmet O\n\nCastro B-PER\n.\tO\n-DOCSTART- d2\nIn O\nHavana B-LOC\n")
    docs = {doc.doc_id: doc for doc, _ in load_gold_conll(gold)}
    pred = tmp_path / "pred.conll"
    pred.write_text("-DOCSTART- d1\nObama B-PER\nmet O\nCastro O\n. O\n-DOCSTART- d2\nIn O\n\nHavana B-LOC\n")
    read, _ = read_conll(pred, docs)
    tokens = {"d1": ["Obama", "met", "Castro", "."], "d2": ["In", "Havana"]}
    assert [docs[p.doc_id].text for p in read] == ["Obama met\nCastro .", "In Havana"]
    for p in read:
        assert list(zip(p.tags.starts, p.tags.ends)) == follow_all(docs[p.doc_id].text, tokens[p.doc_id], 0)
    assert [(e.text, e.type) for p in read for e in p.entities] == [("Obama", "PER"), ("Havana", "LOC")]


@pytest.mark.parametrize("token", ["", " met"])
def test_conll_an_empty_token_or_one_led_by_a_space_does_not_follow_even_where_the_text_has_room(
    tmp_path: Path, capsys, token: str
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "d1", "text": "Obama  met", "entities": []}) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.conll"
    rows = ["Obama\tB-PER", f"{token}\tO"] + (["met\tO"] if not token else [])
    pred.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["score", str(pred), "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert "NG608" in err and f"{pred}:2" in err and "Traceback" not in err
