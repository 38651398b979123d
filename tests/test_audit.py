"""newsgold audit: gold annotations most blind systems contradict alike, each with an outcome on record."""

from __future__ import annotations

import json
import re

from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.studies.audit import System, audit, audit_repo

ALL = frozenset({"GPE", "ORG", "PERSON", "DATE", "NORP", "LOC", "CARDINAL", "ORDINAL"})


def _system(name: str, spans, types=ALL, doc_id: str = "") -> System:
    return System(name, frozenset(types), {doc_id: sorted(spans)})


def test_a_reading_shared_by_most_counted_systems_is_listed_with_every_reading(repo) -> None:
    corpus = load_corpus(repo)
    doc, gold = corpus.pairs[0]
    by_id = {e.id: e for e in gold.entities}
    cuba, havana, kelly = by_id["T8"], by_id["T9"], by_id["T15"]  # Cuba GPE, Havana GPE, Craig Kelly PERSON

    def g(e, t=None):
        return e.span.start, e.span.end, t or e.type

    everything = [g(x) for x in gold.entities]

    def without(*drop):
        return [s for s in everything if s not in drop]

    systems = [
        # two of three skip Havana; all three call Cuba a LOC (a type contradiction)
        _system("a", [*without(g(havana), g(cuba)), g(cuba, "LOC")], doc_id=doc.doc_id),
        _system("b", [*without(g(havana), g(cuba)), g(cuba, "LOC")], doc_id=doc.doc_id),
        _system("c", [*without(g(cuba)), g(cuba, "LOC"), (1368, 1373, "ORG")], doc_id=doc.doc_id),
        # never predicts GPE or PERSON: counts for neither; misses Craig Kelly without being asked
        _system("dates-only", [s for s in everything if s[2] == "DATE"], types={"DATE"}, doc_id=doc.doc_id),
    ]
    items = {i.key: i for i in audit(corpus, systems)}
    assert set(items) == {"T8", "T9"}  # [1368, 1373) ORG: one system only; Craig Kelly: every system that counts agrees
    assert items["T8"].kind == "type" and items["T8"].shared == (g(cuba, "LOC"),) and items["T8"].agreeing == ["a", "b", "c"]
    assert items["T9"].kind == "missed" and items["T9"].agreeing == ["a", "b"] and items["T9"].counted == ["a", "b", "c"]
    assert items["T9"].readings["c"] == (g(havana),)
    assert kelly.id not in items


def test_a_span_outside_the_gold_that_most_predict_is_listed(repo) -> None:
    corpus = load_corpus(repo)
    doc, gold = corpus.pairs[0]
    everything = [(e.span.start, e.span.end, e.type) for e in gold.entities]
    state = (1368, 1373, "ORG")  # 'state' in 'secretary of state'
    systems = [_system(n, [*everything, state], doc_id=doc.doc_id) for n in ("a", "b")] + [_system("c", everything, doc_id=doc.doc_id)]
    [item] = audit(corpus, systems)
    assert item.key == "[1368, 1373) ORG" and item.kind == "not in gold" and item.gold is None and item.agreeing == ["a", "b"]
    # one system alone is never a majority
    assert audit(corpus, systems[1:2]) == []


def test_the_audit_reads_only_blind_entries_and_exits_zero(repo, capsys) -> None:
    corpus = load_corpus(repo)
    systems, items = audit_repo(repo, corpus)
    assert "newsgold rule baseline" not in {s.name for s in systems} and len(systems) >= 2
    assert main(["audit", "--root", str(repo.root), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [i["key"] for i in data["items"]] == [i.key for i in items]


def test_every_audit_item_has_a_recorded_outcome(repo) -> None:
    corpus = load_corpus(repo)
    _, items = audit_repo(repo, corpus)
    text = (repo.root / "annotations" / "ADJUDICATION.md").read_text(encoding="utf-8")
    section = text.split("## Audit against the blind leaderboard systems", 1)[1]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)` \|(.*)$", section, flags=re.MULTILINE)}
    for item in items:
        assert item.key in rows, f"audit item {item.key} has no row in annotations/ADJUDICATION.md"
        assert "Gold confirmed" in rows[item.key] or "Corrected" in rows[item.key], item.key
