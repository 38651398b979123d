"""The gold data: valid, covered, documented, and its README card current."""

from __future__ import annotations

import json

import pytest
from newsgold.gold.sources import load_corpus
from newsgold.gold.validate import validate
from newsgold.outputs.datacard import update

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def corpus(repo):
    return load_corpus(repo)


def test_every_capitalised_or_numeric_token_is_annotated_or_listed(repo, corpus) -> None:
    listed = json.loads((ROOT / "annotations" / "not-annotated.json").read_text(encoding="utf-8"))["documents"]
    for doc, gold in corpus:
        inside = [(e.span.start, e.span.end) for e in gold.entities]
        candidates = {
            (t.start, t.end)
            for t in doc.tokens
            if (doc.text[t.start].isupper() or doc.text[t.start].isdigit())
            and not any(a <= t.start and t.end <= b for a, b in inside)
        }
        entries = listed.get(doc.doc_id, [])
        assert all(doc.text[e["start"] : e["end"]] == e["text"] and e["reason"] for e in entries)
        assert {(e["start"], e["end"]) for e in entries} == candidates


def test_every_hard_call_named_by_the_guideline_has_a_note(corpus) -> None:
    [(doc, gold)] = corpus
    hard = ["White House", "first", "one", "Western Hemisphere Affairs", "communist", "47-year-old", "Inditop.com", "EFE", "Feb 18"]
    by_text: dict[str, list] = {}
    for e in gold.entities:
        by_text.setdefault(e.text, []).append(e)
    for text in hard:
        assert any(e.note for e in by_text[text]), text


def test_timex_values_are_anchored_to_the_document_date(corpus) -> None:
    [(doc, gold)] = corpus
    values = {e.text: e.value for e in gold.entities if e.type == "DATE"}
    assert values["Feb 18"] == doc.meta["dateline"]["date"] == "2010-02-18"
    assert values["Wednesday"] == "2010-02-17" and values["Friday"] == "2010-02-19"
    assert values["this week"] == "2010-W07"


def test_clusters_join_every_mention_of_the_main_referents(corpus) -> None:
    [(doc, gold)] = corpus
    clusters: dict[str, set[str]] = {}
    for m in (*gold.entities, *gold.mentions):
        clusters.setdefault(m.cluster or "", set()).add(m.text)
    assert {"Cuba", "the communist-ruled island", "Cuban authorities", "the government in Havana"} <= clusters["cuba"]
    assert {"US", "United States", "The US government", "its"} <= clusters["us"]
    assert {"Bisa Williams", "Williams", "her", "she"} <= clusters["bisa-williams"]
    assert {"Barack Obama", "Obama", "he"} <= clusters["obama"]


def test_pass2_annotations_are_valid(repo) -> None:
    found = validate(repo, [ROOT / "annotations" / "adjudication"])
    assert [i for i in found if i.severity == "error"] == []
    assert {i.code for i in found} <= {"NG409"}  # role fillers are warnings (GUIDELINES 6.3)


def test_readme_data_card_is_current(repo) -> None:
    assert update(repo, check=True), "README.md data card is stale: run `newsgold regenerate`"
