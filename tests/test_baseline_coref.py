"""The baseline's coreference: each rule on a small text, and the submitted clusters scored from the file."""

from __future__ import annotations

import json
from pathlib import Path

import newsgold
import pytest
from newsgold.baseline import extract
from newsgold.baseline.coref import clusters
from newsgold.cli import main
from newsgold.gold.model import Document
from newsgold.gold.spans import Span
from newsgold.readers.records import PredEntity


def _doc(*sentences: str) -> Document:
    text, spans = "", []
    for s in sentences:
        start = len(text) + (1 if text else 0)
        text += (" " if text else "") + s
        spans.append(Span(start, len(text)))
    return Document("d", text, tuple(spans), (), {})


def _chains(doc: Document, *names: tuple[str, str, int]) -> list[list[str]]:
    """The clusters of more than one mention as texts; names are (text, type, which occurrence)."""
    ents = []
    for text, kind, n in names:
        start = -1
        for _ in range(n + 1):
            start = doc.text.index(text, start + 1)
        ents.append(PredEntity(start, start + len(text), kind, text))
    return [[doc.text[s:e] for s, e in c] for c in clusters(doc, ents) if len(c) > 1]


@pytest.mark.parametrize(
    ("sentences", "names", "expected"),
    [
        # equal names, once a leading 'the' and full stops are dropped
        (("The U.S. said no.", "The US agreed."), [("U.S.", "GPE", 0), ("US", "GPE", 0)], [["U.S.", "US"]]),
        # initials of the capitalised words
        (("The United States spoke.", "The US agreed."), [("United States", "GPE", 0), ("US", "GPE", 0)],
         [["United States", "US"]]),
        # a person's last word, the head of the name; not for other types
        (("Bisa Williams came.", "Williams left."), [("Bisa Williams", "PERSON", 0), ("Williams", "PERSON", 0)],
         [["Bisa Williams", "Williams"]]),
        (("New York grew.", "York fell."), [("New York", "GPE", 0), ("York", "GPE", 0)], []),
        # the same text of another type, and values, never join
        (("Jordan met Jordan.",), [("Jordan", "PERSON", 0), ("Jordan", "GPE", 1)], []),
        (("two men and two women",), [("two", "CARDINAL", 0), ("two", "CARDINAL", 1)], []),
        # multi-word names that share their last word are not the same name
        (("The US Interests Section and the Cuban Interests Section met.",),
         [("US Interests Section", "ORG", 0), ("Cuban Interests Section", "ORG", 0)], []),
    ],
)
def test_names_join_by_string_match(sentences, names, expected) -> None:
    assert _chains(_doc(*sentences), *names) == expected


def test_pronouns_take_the_nearest_agreeing_mention() -> None:
    doc = _doc("Ann Lee met Tom Kay in Cuba.", "He said it was fine, and she left.")
    got = _chains(doc, ("Ann Lee", "PERSON", 0), ("Tom Kay", "PERSON", 0), ("Cuba", "GPE", 0))
    # 'He' the nearest person; 'it' skips the people for the country; 'she' skips the cluster 'He' joined
    assert got == [["Ann Lee", "she"], ["Tom Kay", "He"], ["Cuba", "it"]]


def test_a_pronoun_looks_back_one_sentence_and_one_without_antecedent_is_left_out() -> None:
    doc = _doc("Ann Lee came.", "Rain fell.", "She left.", "They sang.")
    assert clusters(doc, [PredEntity(0, 7, "PERSON", "Ann Lee")]) == (((0, 7),),)


def test_a_pronoun_joins_an_earlier_pronoun_of_its_form() -> None:
    doc = _doc("Ann Lee came.", "She sat.", "Then she left.")
    assert _chains(doc, ("Ann Lee", "PERSON", 0)) == [["Ann Lee", "She", "she"]]


def test_every_entity_is_a_mention_and_clusters_are_disjoint(repo) -> None:
    for doc, _ in newsgold.load_corpus(repo.root):
        found = extract(doc)
        spans = [m for c in clusters(doc, found.entities) for m in c]
        assert len(spans) == len(set(spans))
        assert {(e.start, e.end) for e in found.entities} <= set(spans)


def test_the_submitted_baseline_is_scored_for_coreference_from_its_file(repo, capsys) -> None:
    """`newsgold score` on the entry's file scores its clusters beside its entities, as the API does."""
    path = repo.root / "submissions" / "baseline" / "predictions.jsonl"
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["clusters"]
    assert main(["score", "--root", str(repo.root), str(path), "--json", "--no-intervals"]) == 0
    report = json.loads(capsys.readouterr().out)
    api = newsgold.coref_report(newsgold.score_coref(gold=newsgold.load_corpus(repo.root), predictions=path))
    assert report["coref"]["layers"] == api["layers"]
    assert "strict" in report["entities"]
    conll = report["coref"]["layers"]["entities"]["metrics"]["conll"]
    assert 0.5 < conll < 1


def test_run_baseline_writes_clusters_that_read_back(repo, tmp_path: Path) -> None:
    out = tmp_path / "base.jsonl"
    assert main(["run", "--root", str(repo.root), "baseline", "-o", str(out)]) == 0
    [doc] = [d for d, _ in newsgold.load_corpus(repo.root)]
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["clusters"] == [[list(m) for m in c] for c in clusters(doc, extract(doc).entities)]
