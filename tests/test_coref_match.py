"""Mention matching by head and by minimum span (``--coref-match``), as the CorefUD scorer defines them.

The CoNLL-2012 reference scorer (v8.01) matches mentions exactly and nothing else, so it has
no say here. The scorer that defines head match and partial (minimum span) match is the
CorefUD scorer of the CRAC shared tasks, built on the Universal Anaphora scorer: its counts on
seeded random CorefUD documents, computed by its own code outside this repository, are
recorded in ``tests/conformance/coref/corefud/corefud-scorer.json`` (README.md there; no code of
it is kept here), and every metric's numerators and denominators equal newsgold's. With
``NEWSGOLD_COREFUD_SCORER=/path/to/corefud-scorer`` (and udapi installed, the scorer's own
requirement) the scorer also runs live, as a separate program, and must give the recorded
counts. BLANC is compared by its two kinds of links (coreference and non-coreference, each
counted alike): the two scorers combine them differently when one kind is missing (the CorefUD
scorer averages every kind with links on either side, the reference only the kinds the key
has), and newsgold follows the reference.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
from fractions import Fraction
from pathlib import Path

import pytest
from tests.conformance.coref.corefud import run_corefud_scorer as run_scorer
from tests.conftest import FROZEN

from newsgold import api
from newsgold.cli import main
from newsgold.scoring.coref import Score, align, linear_assignment, muc
from newsgold.scoring.coref_corpus import CorefConfig

LIVE = os.environ.get("NEWSGOLD_COREFUD_SCORER")
live = pytest.mark.skipif(
    not LIVE or importlib.util.find_spec("udapi") is None,
    reason="NEWSGOLD_COREFUD_SCORER names no corefud-scorer checkout to run (with udapi installed)",
)

# ---- hand cases --------------------------------------------------------------------------


def test_head_match_pairs_mentions_of_one_head_and_prefers_the_better_covered_key() -> None:
    # mentions as (start, end, head); heads match when equal
    key = [[(0, 3, 2), (10, 12, 11)], [(20, 22, 21)]]
    response = [[(1, 3, 2), (10, 12, 11)], [(20, 21, 20)], [(0, 1, 2)]]
    span = lambda m: m[:2]  # noqa: E731
    head = lambda m: m[2]  # noqa: E731
    # (1, 3) covers 2/3 of key (0, 3), (0, 1) 1/3: one-to-one, the better cover wins
    aligned = align(key=key, response=response, by="head", head=head, span=span)
    assert aligned == [[(0, 3, 2), (10, 12, 11)], [(20, 21, 20)], [(0, 1, 2)]]
    assert muc(key=key, response=aligned) == Score(Fraction(1), 1, Fraction(1), 1)
    assert muc(key=key, response=response) == Score(Fraction(0), 1, Fraction(0), 1)


def test_the_assignment_maximises_total_cover_not_the_number_of_pairs() -> None:
    # key A = (0, 4) head 3, key B = (3, 4) head 3; response (0, 4) head 3 is A exactly (identical
    # first); then response (2, 4) head 3 can only go to B. With min-span, (3, 4) covers B wholly.
    span = lambda m: m  # noqa: E731
    key = [[(0, 10), (20, 22)]]
    # response (5, 10) covers half of (0, 10); (0, 2) also lies within but misses the min-span
    response = [[(5, 10), (20, 22)], [(0, 2)]]
    min_span = {(0, 10): (6, 7), (20, 22): (20, 22)}.get
    assert align(key=key, response=response, by="min_span", span=span, min_span=min_span) == [
        [(0, 10), (20, 22)],
        [(0, 2)],
    ]
    # two response mentions within one key mention: the one covering more of it is matched
    response = [[(6, 7)], [(5, 9)]]
    assert align(key=key, response=response, by="min_span", span=span, min_span=min_span) == [[(6, 7)], [(0, 10)]]
    # one key mention twice as well covered beats two poorly covered pairs: x = (0, 10) with
    # min-span (0, 1) and y = (0, 1); response (0, 10) goes to x whole (identical) ...
    key = [[(0, 10)], [(0, 1)]]
    assert align(key=key, response=[[(0, 10)]], by="min_span", span=span, min_span=lambda m: (0, 1)) == [[(0, 10)]]


def test_min_span_needs_the_response_within_the_key_mention_and_over_its_head() -> None:
    key = [[(0, 3, 2), (10, 12, 11)], [(20, 22, 21)]]
    span = lambda m: m[:2]  # noqa: E731
    min_span = lambda m: (m[2], m[2] + 1)  # noqa: E731
    response = [[(1, 3, 9)], [(21, 22, 9)], [(0, 2, 9)], [(19, 22, 9)]]
    # (1, 3) lies within (0, 3) and covers its head 2; (21, 22) within (20, 22) over 21;
    # (0, 2) misses head 2; (19, 22) sticks out of (20, 22)
    assert align(key=key, response=response, by="min_span", span=span, min_span=min_span) == [
        [(0, 3, 2)],
        [(20, 22, 21)],
        [(0, 2, 9)],
        [(19, 22, 9)],
    ]
    assert align(key=key, response=response, by="exact") == response
    with pytest.raises(ValueError, match="head="):
        align(key=key, response=response, by="head", span=span)
    with pytest.raises(ValueError, match="span="):
        align(key=key, response=response, by="head")
    with pytest.raises(ValueError, match="span= and min_span="):
        align(key=key, response=response, by="min_span", span=span)
    with pytest.raises(ValueError, match="by must be"):
        align(key=key, response=response, by="overlap", span=span)  # type: ignore[arg-type]


def test_the_assignment_breaks_ties_as_scipy_does() -> None:
    """Matching maximises a sum of similarities that often ties; the CorefUD scorer leaves the
    choice to scipy's solver, and so the package's solver makes scipy's choices."""
    np = pytest.importorskip("numpy")
    optimize = pytest.importorskip("scipy.optimize")
    rng = random.Random(7)
    for _ in range(3000):
        rows, cols = rng.randint(1, 8), rng.randint(1, 8)
        cost = [[-rng.choice([0.0, 0.0, 1 / 3, 0.5, 1.0, 2 / 3, 0.25, 0.75]) for _ in range(cols)] for _ in range(rows)]
        expected = [-1] * rows
        for r, c in zip(*optimize.linear_sum_assignment(np.array(cost))):
            expected[r] = int(c)
        assert linear_assignment(cost) == expected, cost


# ---- CorefUD files: heads read, and the command line -------------------------------------


def conllu(docs: dict[str, list[list[tuple[str, str]]]]) -> str:
    """CoNLL-U text of documents of sentences of (form, Entity value or '')."""
    out = ["# global.Entity = eid-etype-head-other"]
    for name, sentences in docs.items():
        for s, sentence in enumerate(sentences):
            if s == 0:
                out.append(f"# newdoc id = {name}")
            out.append(f"# sent_id = {name}-{s + 1}")
            for i, (form, entity) in enumerate(sentence, 1):
                misc = f"Entity={entity}" if entity else "_"
                out.append(f"{i}\t{form}\t_\t_\t_\t_\t0\t_\t_\t{misc}")
            out.append("")
    return "\n".join(out) + "\n"


KEY = conllu(
    {
        "d1": [
            [("The", "(e1-person-2-"), ("minister", "e1)"), ("said", ""), ("she", "(e1-person-1-)"), ("left", "")],
            [("The", "(e2-place-3-"), ("old", ""), ("port", "e2)"), ("closed", ""), ("it", "(e2-place-1-)")],
        ]
    }
)
# the response finds "minister" (head 1 of a one-word mention), "she", "port" with a wrong head
# ("The" as head 1), and "it"; clusters as in the key
RESPONSE = conllu(
    {
        "d1": [
            [("The", ""), ("minister", "(e1-person-1-)"), ("said", ""), ("she", "(e1-person-1-)"), ("left", "")],
            [("The", "(e2-place-1-"), ("old", ""), ("port", "e2)"), ("closed", ""), ("it", "(e2-place-1-)")],
        ]
    }
)


def coref_json(capsys, *args: str) -> dict:
    assert main(["score", *args, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)["coref"]


@pytest.mark.parametrize(
    ("match", "muc_recall"),
    [
        # "minister" is not "The minister": e1's link is lost, e2's ("The old port", "it") kept
        ("exact", (1, 2)),
        # "minister" heads both, e1's link is kept; "The old port" with the head "The" is the
        # same span with another head, no match (head match's rule): e2's link is lost
        ("head", (1, 2)),
        # within the key mention and over its head: both links
        ("min-span", (2, 2)),
    ],
)
def test_corefud_key_and_response_score_by_each_matching(tmp_path: Path, capsys, match: str, muc_recall) -> None:
    key, response = tmp_path / "key.conllu", tmp_path / "response.conllu"
    key.write_text(KEY, encoding="utf-8")
    response.write_text(RESPONSE, encoding="utf-8")
    report = coref_json(capsys, str(response), "--gold", str(key), "--coref-match", match)
    assert report["options"]["match"] == match.replace("-", "_")
    m = report["layers"]["entities"]["metrics"]["muc"]
    assert (m["recall_num"], m["recall_den"]) == muc_recall
    found = report["layers"]["entities"]["metrics"]["mentions"]["recall_num"]
    assert found == {"exact": 3, "head": 3, "min-span": 4}[match]


def test_exact_match_is_the_default_and_the_plain_score(tmp_path: Path, capsys) -> None:
    key, response = tmp_path / "key.conllu", tmp_path / "response.conllu"
    key.write_text(KEY, encoding="utf-8")
    response.write_text(RESPONSE, encoding="utf-8")
    assert coref_json(capsys, str(response), "--gold", str(key))["layers"] == coref_json(
        capsys, str(response), "--gold", str(key), "--coref-match", "exact"
    )["layers"]


def test_a_head_outside_its_mention_is_a_coded_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.conllu"
    bad.write_text(KEY.replace("(e1-person-2-", "(e1-person-3-"), encoding="utf-8")
    assert main(["score", str(bad), "--gold", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "NG650" in err and "bad.conllu:5:" in err and "Traceback" not in err
    assert "head 3 of entity e1's mention (opened on line 4)" in err
    bad.write_text(KEY.replace("(e1-person-2-", "(e1-person-x-"), encoding="utf-8")
    assert main(["score", str(bad), "--gold", str(bad)]) == 2
    assert "is not a number" in capsys.readouterr().err


def test_a_response_without_heads_refused_for_head_match_and_read_for_min_span(capsys) -> None:
    fastcoref = str(Path(__file__).parent / "conformance" / "coref" / "tools" / "fastcoref.jsonl")
    assert main(["score", fastcoref, "--root", str(FROZEN), "--coref-match", "head"]) == 2
    err = capsys.readouterr().err
    assert "NG653" in err and "the response gives no mention heads" in err and "Traceback" not in err
    # min-span needs only the key's heads: the gold gives them
    report = coref_json(capsys, fastcoref, "--root", str(FROZEN), "--coref-match", "min-span")
    exact = coref_json(capsys, fastcoref, "--root", str(FROZEN))
    found = report["layers"]["entities"]["metrics"]["mentions"]["recall_num"]
    assert found >= exact["layers"]["entities"]["metrics"]["mentions"]["recall_num"]


def test_the_gold_heads_make_a_response_of_heads_alone_match_by_min_span(tmp_path: Path, capsys) -> None:
    """A response that gives each gold mention's head span instead of the mention: each head
    matches its mention by minimum span (two mentions of one head span give the response one
    mention, which matches one of them), and nothing the response gives is wrong."""
    corpus = api.load_corpus(FROZEN)
    [(doc, gold)] = list(corpus)
    from newsgold.readers.coref import gold_clusters

    key = gold_clusters(gold)
    assert key.heads is not None
    clusters = [[list(key.heads[m]) for m in c] for c in key.entities]
    path = tmp_path / "heads.jsonl"
    path.write_text(json.dumps({"doc_id": doc.doc_id, "clusters": clusters}) + "\n", encoding="utf-8")
    scored = api.score_coref(gold=FROZEN, predictions=path, config=CorefConfig(match="min_span"))
    total = scored.layers["entities"].total
    heads = {key.heads[m] for c in key.entities for m in c}
    assert total.mentions == Score(Fraction(len(heads)), len(key.heads), Fraction(len(heads)), len(heads))
    assert total.muc.precision == total.b_cubed.precision == total.lea.precision == 1.0
    exact = api.score_coref(gold=FROZEN, predictions=path).layers["entities"].total
    assert exact.mentions.recall < 1.0  # some heads are shorter than their mentions


# ---- the CorefUD scorer as the oracle (its counts recorded) -------------------------------


def random_documents(seed: int, n: int = 12) -> tuple[str, str]:
    """A key and a response of ``n`` documents: mentions within sentences, heads anywhere in
    them, and a response that moves boundaries and heads, splits, merges, drops and invents."""
    rng = random.Random(seed)
    key_docs, response_docs = {}, {}
    for d in range(n):
        lengths = [rng.randint(4, 12) for _ in range(rng.randint(1, 4))]
        key_m = _random_mentions(rng, lengths, rng.randint(1, 5))
        response_m = []
        for eid, sent, start, end, head in key_m:
            roll = rng.random()
            if roll < 0.1:
                continue  # dropped
            if roll < 0.35:  # boundaries moved, within the sentence
                start = max(0, min(head, start + rng.randint(-1, 1)))
                end = min(lengths[sent], max(head + 1, end + rng.randint(-1, 1)))
            elif roll < 0.45:
                start, end = rng.randint(0, head), rng.randint(head + 1, lengths[sent])
            if rng.random() < 0.15:
                head = rng.randrange(start, end)
            if rng.random() < 0.2:
                eid = f"e{rng.randint(1, 7)}"  # moved to another (or a new) cluster
            response_m.append((eid, sent, start, end, head))
        response_m += _random_mentions(rng, lengths, rng.randint(0, 2), prefix="x")
        key_docs[f"d{d}"] = _sentences(rng, lengths, key_m)
        response_docs[f"d{d}"] = _sentences(rng, lengths, response_m, forms=key_docs[f"d{d}"])
    return conllu(key_docs), conllu(response_docs)


def _random_mentions(rng: random.Random, lengths: list[int], entities: int, prefix: str = "e") -> list:
    out = []
    for e in range(entities):
        for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
            sent = rng.randrange(len(lengths))
            start = rng.randrange(lengths[sent])
            end = min(lengths[sent], start + rng.choice([1, 1, 2, 3, 4]))
            out.append((f"{prefix}{e + 1}", sent, start, end, rng.randrange(start, end)))
    return out


def _sentences(rng: random.Random, lengths: list[int], mentions: list, forms=None) -> list:
    """Sentences of (form, Entity value): a span is given once (in the first entity that has
    it), and a mention that would cross or nest in another of its own entity is left out, so
    that the brackets read one way."""
    kept: list = []
    spans: set = set()
    for m in mentions:
        eid, sent, start, end, _ = m
        same = [k for k in kept if k[0] == eid and k[1] == sent]
        if (sent, start, end) in spans or any(not (end <= k[2] or k[3] <= start) for k in same):
            continue
        spans.add((sent, start, end))
        kept.append(m)
    out = []
    for s, length in enumerate(lengths):
        cells: list[list[str]] = [[] for _ in range(length)]
        closings: list[list[str]] = [[] for _ in range(length)]
        for eid, sent, start, end, head in kept:
            if sent != s:
                continue
            mark = f"({eid}--{head - start + 1}"
            if end - start == 1:
                cells[start].append(mark + ")")
            else:
                cells[start].append(mark)
                closings[end - 1].append(f"{eid})")
        words = [w for w, _ in forms[s]] if forms else [f"w{rng.randint(0, 99)}" for _ in range(length)]
        out.append([(words[i], "".join(closings[i] + cells[i])) for i in range(length)])
    return out


def ours(key: Path, response: Path, match: str, singletons: str) -> dict:
    config = CorefConfig(singletons=singletons == "keep", match={"partial": "min_span"}.get(match, match))  # type: ignore[arg-type]
    total = api.score_coref(gold=key, predictions=response, config=config).layers["entities"].total
    out = {
        name: [float(s.precision_num), s.precision_den, float(s.recall_num), s.recall_den]
        for name, s in [
            ("muc", total.muc),
            ("b_cubed", total.b_cubed),
            ("ceafm", total.ceafm),
            ("ceafe", total.ceafe),
            ("lea", total.lea),
            ("blanc_coref", total.blanc.coref),
            ("blanc_non_coref", total.blanc.non_coref),
        ]
    }
    return out


SEEDS = tuple(range(20))  # 20 x 60 documents, one scorer run each per matching and singleton mode


def random_files() -> dict[int, tuple[str, str]]:
    """The key and response CorefUD texts the scorer was given, by seed."""
    return {seed: random_documents(seed, 60) for seed in SEEDS}


def recorded() -> list[dict]:
    return json.loads(run_scorer.RECORDED.read_text(encoding="utf-8"))


def test_every_matching_and_singleton_mode_of_every_seed_is_recorded() -> None:
    cases = [(c["seed"], c["match"], c["singletons"]) for c in recorded()]
    assert sorted(cases) == sorted((s, m, k) for s in SEEDS for m in run_scorer.MATCHES for k in run_scorer.SINGLETONS)


@pytest.mark.parametrize("singletons", ["keep", "drop"])
@pytest.mark.parametrize("match", ["exact", "head", "partial"])
def test_random_corefud_documents_score_as_the_corefud_scorer_scores_them(
    tmp_path: Path, match: str, singletons: str
) -> None:
    files = random_files()
    cases = [c for c in recorded() if (c["match"], c["singletons"]) == (match, singletons)]
    assert sorted(c["seed"] for c in cases) == list(SEEDS)
    for case in cases:
        seed = case["seed"]
        key_text, response_text = files[seed]
        # the recording is of these very files: a change of the generator needs a new recording
        assert (run_scorer.sha256(key_text), run_scorer.sha256(response_text)) == (
            case["key_sha256"],
            case["response_sha256"],
        ), seed
        key, response = tmp_path / f"key{seed}.conllu", tmp_path / f"response{seed}.conllu"
        key.write_text(key_text, encoding="utf-8")
        response.write_text(response_text, encoding="utf-8")
        theirs = case["counts"]
        mine = ours(key, response, match, singletons)
        assert sorted(theirs) == sorted(mine)
        for metric, figures in theirs.items():
            assert mine[metric] == pytest.approx(figures, rel=1e-12, abs=1e-12), (seed, metric)


@live
def test_the_recorded_counts_are_what_the_corefud_scorer_computes() -> None:
    assert LIVE
    assert run_scorer.record(Path(LIVE), random_files()) == recorded()
