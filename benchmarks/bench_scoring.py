"""newsgold's full entity report against seqeval and nervaluate, side by side, on one corpus.

A seeded synthetic corpus (about 1,000,000 tokens, 54,000 gold entities of PER, ORG, LOC and
MISC) and the output of a noisy extractor derived from it (entities dropped, shifted,
retyped and added) are scored in one process by:

- newsgold: ``score_entities`` with every span mode (strict, exact, partial, type,
  determiner, head) and ``build_report`` (per-type rows, averages, TIMEX, the strict error
  records and the confusion table): the full entity report as ``newsgold score --json``
  builds it;
- seqeval's ``classification_report``: default (conlleval) mode, and ``mode="strict"`` with
  ``scheme=IOB2``, on BIO tags of the same spans over the same tokens, one sequence per
  sentence;
- nervaluate 1.2.1 ``Evaluator(...).evaluate()`` (it computes all four SemEval modes; its
  strict numbers are read), on the same spans as character offsets, one list per document.

Two shapes of the same sentences: (a) 40,000 short documents, (b) one single document.
The extractor's output is flat, on token edges and overlaps gold one-to-one, so strict
micro P/R/F1 are defined the same way by all three, and the script checks they agree.

Times are wall-clock, the best of ``--repeat`` rounds in which each tool runs once (a tool
sits out once its runs add up to 30 s), with the collector on (newsgold pauses it over its
own scoring, as it does for any caller). Peak memory is
tracemalloc's peak over a separate run of each call (tracemalloc slows a run, so it never
times one), counting what the call allocates beyond its prebuilt input. "input files" is
the size of the corpus as newsgold's files would hold it: texts, metadata and gold JSON,
and the predictions as JSON Lines.

    python benchmarks/bench_scoring.py --shape both
    python benchmarks/bench_scoring.py --shape a --tokens 100000 --repeat 1   # a quick check
    python benchmarks/bench_scoring.py --scaling --limit 60   # shape (b) from 1/8 to 2x --tokens

``--scaling`` scores one document of growing length (newsgold's full entity report, and
nervaluate until a run passes ``--limit``) and prints each time per 100,000 tokens: flat
for a scorer linear in document length.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import signal
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from typing import Any, Callable

from nervaluate import Evaluator
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from newsgold.scoring.entities import score_entities
from newsgold.scoring.results import EntityConfig
from newsgold.scoring.modes import SPAN_MODES, TOKEN_MODES
from newsgold.scoring.entity_errors import confusion, error_records
from newsgold.gold.model import Document, Gold, Mention
from newsgold.readers.jsonl import DocPredictions, PredEntity
from newsgold.outputs.report import build_report
from newsgold.gold.spans import Span
from newsgold.gold.tokenize import TokenIndex

TYPES = ("PER", "ORG", "LOC", "MISC")
TYPE_WEIGHTS = (0.3, 0.25, 0.3, 0.15)
# What score_entities needs of the inventories, for the four CoNLL labels.
ENTITY_TYPES: dict[str, Any] = {
    "types": [{"type": t, "kind": "name"} for t in TYPES],
    "timex_types": ["DATE", "TIME"],
}
DATASET_VERSION = "0.0.0-synthetic"
# Chosen so that 1,000,000 tokens hold about 54,000 entities (mean entity length 1.5 tokens).
ENTITY_START = 0.0605


@dataclass
class Sentence:
    words: list[str]
    gold: list[tuple[int, int, str]]  # token ranges [first, last) and type
    pred: list[tuple[int, int, str]]
    heads: dict[int, tuple[int, int]]  # index into gold -> head token range


@dataclass
class Corpus:
    """One shape of the data, ready for each tool, and what it would weigh as files."""

    shape: str
    tokens: int
    gold: list[tuple[Document, Gold]]
    predictions: list[DocPredictions]
    seqeval_true: list[list[str]]
    seqeval_pred: list[list[str]]
    nerv_true: list[list[dict[str, Any]]]
    nerv_pred: list[list[dict[str, Any]]]
    input_bytes: int
    build_seconds: float
    gold_entities: int = 0
    predicted_entities: int = 0


def _vocabulary(rnd: random.Random, n: int, capital: bool) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(n):
        w = "".join(rnd.choice(letters) for _ in range(rnd.randint(2, 9)))
        out.append(w.capitalize() if capital else w)
    return out


def make_sentences(tokens: int, seed: int) -> list[Sentence]:
    """Sentences of words with gold spans and a noisy extractor's spans, on token indexes."""
    rnd = random.Random(seed)
    plain = _vocabulary(rnd, 3000, capital=False)
    names = _vocabulary(rnd, 3000, capital=True)
    out: list[Sentence] = []
    made = 0
    while made < tokens:
        length = min(rnd.randint(8, 17), max(tokens - made, 2))
        words: list[str] = []
        gold: list[tuple[int, int, str]] = []
        heads: dict[int, tuple[int, int]] = {}
        while len(words) < length - 1:  # the last word is the full stop
            if rnd.random() < ENTITY_START:
                n = min(rnd.choices((1, 2, 3), (0.6, 0.3, 0.1))[0], length - 1 - len(words))
                label = rnd.choices(TYPES, TYPE_WEIGHTS)[0]
                start = len(words)
                if words and rnd.random() < 0.2 and (not gold or gold[-1][1] < start):
                    words[-1] = "the"
                    if label == "ORG" and rnd.random() < 0.3:  # "the" inside the gold span
                        start -= 1
                words.extend(rnd.choice(names) for _ in range(n))
                if len(words) - start > 1:
                    heads[len(gold)] = (len(words) - 1, len(words))
                gold.append((start, len(words), label))
            else:
                words.append(rnd.choice(plain))
        words.append(".")
        out.append(Sentence(words, gold, _extract(rnd, len(words), gold), heads))
        made += len(words)
    return out


def _extract(rnd: random.Random, n: int, gold: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A noisy extractor: flat output that overlaps gold one-to-one."""
    taken = [False] * n
    for a, b, _ in gold:
        for k in range(a, b):
            taken[k] = True
    taken[n - 1] = True  # never tag the full stop
    pred: list[tuple[int, int, str]] = []
    for a, b, label in gold:
        r = rnd.random()
        if r < 0.08:
            continue
        if r < 0.16:  # boundary error: take in the word before, drop a word, or take the word after
            if a > 0 and not taken[a - 1]:
                taken[a - 1] = True
                a -= 1
            elif b - a > 1:
                a += 1
            elif b < n and not taken[b]:
                taken[b] = True
                b += 1
        elif r < 0.24:
            label = rnd.choice([t for t in TYPES if t != label])
        pred.append((a, b, label))
    for k in range(n):
        if not taken[k] and rnd.random() < 0.0045:
            taken[k] = True
            pred.append((k, k + 1, rnd.choices(TYPES, TYPE_WEIGHTS)[0]))
    pred.sort()
    return pred


def _bio(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * n
    for a, b, label in spans:
        tags[a] = "B-" + label
        for k in range(a + 1, b):
            tags[k] = "I-" + label
    return tags


def build(sentences: list[Sentence], shape: str, docs: int) -> Corpus:
    """Documents of ``sentences`` for every tool: ``docs`` documents, or one for shape b."""
    t0 = time.perf_counter()
    groups: list[list[Sentence]]
    if shape == "b":
        groups = [sentences]
    else:
        per = max(1, round(len(sentences) / docs))
        groups = [sentences[i : i + per] for i in range(0, len(sentences), per)]
    gold: list[tuple[Document, Gold]] = []
    preds: list[DocPredictions] = []
    nerv_true: list[list[dict[str, Any]]] = []
    nerv_pred: list[list[dict[str, Any]]] = []
    size = 0
    n_gold = n_pred = 0
    for di, group in enumerate(groups):
        doc_id = f"synthetic-{di:06d}"
        words: list[str] = []
        starts: list[int] = []
        sent_spans: list[Span] = []
        entities: list[Mention] = []
        pentities: list[PredEntity] = []
        pos = 0
        gold_recs: list[dict[str, Any]] = []
        pred_recs: list[dict[str, Any]] = []
        nt: list[dict[str, Any]] = []
        np_: list[dict[str, Any]] = []
        for s in group:
            base = len(words)
            for w in s.words:
                starts.append(pos)
                words.append(w)
                pos += len(w) + 1
            sent_spans.append(Span(starts[base], starts[-1] + len(words[-1])))

            def chars(a: int, b: int) -> tuple[int, int]:
                return starts[base + a], starts[base + b - 1] + len(words[base + b - 1])

            for gi, (a, b, label) in enumerate(s.gold):
                cs, ce = chars(a, b)
                head = Span(*chars(*s.heads[gi])) if gi in s.heads else None
                entities.append(Mention(f"T{len(entities) + 1}", Span(cs, ce), "", label, "NAM", head))
                nt.append({"label": label, "start": cs, "end": ce - 1})
            for a, b, label in s.pred:
                cs, ce = chars(a, b)
                pentities.append(PredEntity(cs, ce, label))
                np_.append({"label": label, "start": cs, "end": ce - 1})
        text = " ".join(words)
        # Mentions carry their text: fill it in now that the text exists.
        entities = [Mention(m.id, m.span, text[m.span.start : m.span.end], m.type, m.level, m.head) for m in entities]
        for m in entities:
            rec: dict[str, Any] = {"id": m.id, "start": m.span.start, "end": m.span.end, "text": m.text, "type": m.type, "level": "NAM"}
            if m.head:
                rec["head"] = {"start": m.head.start, "end": m.head.end}
            gold_recs.append(rec)
        pred_recs = [{"start": e.start, "end": e.end, "type": e.type} for e in pentities]
        body = Span(0, len(text))
        meta = {"doc_id": doc_id, "dataset_version": DATASET_VERSION, "sentences": [{"start": s.start, "end": s.end} for s in sent_spans],
                "passages": [{"name": "body", "start": 0, "end": len(text)}]}
        size += len(text.encode("utf-8")) + len(json.dumps(meta)) + len(json.dumps({"doc_id": doc_id, "entities": gold_recs}))
        size += len(json.dumps({"doc_id": doc_id, "entities": pred_recs})) + 1
        doc = Document(doc_id, text, tuple(sent_spans), (("body", body),), {})
        gold.append((doc, Gold(doc_id, DATASET_VERSION, tuple(entities), (), ())))
        preds.append(DocPredictions(doc_id, tuple(pentities)))
        nerv_true.append(nt)
        nerv_pred.append(np_)
        n_gold += len(entities)
        n_pred += len(pentities)
    seq_true = [_bio(len(s.words), s.gold) for s in sentences]
    seq_pred = [_bio(len(s.words), s.pred) for s in sentences]
    return Corpus(shape, sum(len(s.words) for s in sentences), gold, preds, seq_true, seq_pred, nerv_true, nerv_pred,
                  size, time.perf_counter() - t0, n_gold, n_pred)


# ---- the tools ------------------------------------------------------------------------------


def _score(c: Corpus, correct: bool = False) -> Any:
    # The report lists the strict errors, as the CLI does: batch by batch, no alignment kept.
    return score_entities(gold=c.gold, predictions=c.predictions, entity_types=ENTITY_TYPES, label_maps={},
                          config=EntityConfig(modes=tuple(SPAN_MODES), keep_alignments=(), list_errors="strict", list_correct=correct))


def run_newsgold(c: Corpus) -> dict[str, Any]:
    """Every span mode with per-type rows, TIMEX, the classified strict errors and the confusion table."""
    result = _score(c)
    report = build_report(entities=result, dataset_version=DATASET_VERSION, predictions="synthetic", errors=False)
    report["entity_errors"] = error_records(result)
    report["entity_confusion"] = confusion(result)
    return report


def run_newsgold_cli_report(c: Corpus) -> dict[str, Any]:
    """The report as ``newsgold score --json`` builds it, with whatever else it lists (the correct entities)."""
    return build_report(entities=_score(c, correct=True), dataset_version=DATASET_VERSION, predictions="synthetic")


def run_newsgold_tokens(c: Corpus) -> dict[str, Any]:
    result = score_entities(gold=c.gold, predictions=c.predictions, entity_types=ENTITY_TYPES, label_maps={},
                            config=EntityConfig(modes=tuple(TOKEN_MODES)))
    return build_report(entities=result, dataset_version=DATASET_VERSION, predictions="synthetic", errors=False)


def run_seqeval_default(c: Corpus) -> dict[str, Any]:
    return classification_report(c.seqeval_true, c.seqeval_pred, output_dict=True, zero_division=0)


def run_seqeval_strict(c: Corpus) -> dict[str, Any]:
    return classification_report(c.seqeval_true, c.seqeval_pred, output_dict=True, zero_division=0, mode="strict", scheme=IOB2)


def run_nervaluate(c: Corpus) -> dict[str, Any]:
    return Evaluator(c.nerv_true, c.nerv_pred, tags=list(TYPES), loader="dict").evaluate()


# ---- measuring ------------------------------------------------------------------------------


class Stopped(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Stopped


@dataclass
class Measure:
    name: str
    seconds: float | None = None  # None: stopped at the time limit
    peak: int | None = None
    numbers: tuple[float, float, float] | None = None  # strict micro P/R/F1 of the last run
    note: str = ""
    runs: list[float] = field(default_factory=list)


def time_once(m: Measure, fn: Callable[[Corpus], Any], c: Corpus, limit: float) -> None:
    """One timed run of ``fn`` into ``m`` (or a note that it was stopped at the time limit)."""
    gc.collect()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    try:
        out = fn(c)
    except Stopped:
        m.note = f"stopped after {limit:.0f} s"
        return
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    m.runs.append(time.perf_counter() - t0)
    m.seconds = min(m.runs)
    # Only the numbers to compare are kept: a tool's whole output left alive would be walked by
    # the collector during the other tools' runs. The output is freed here, outside the timing.
    m.numbers = micro(m.name, out)


def peak_of(fn: Callable[[Corpus], Any], c: Corpus) -> int:
    """tracemalloc's peak over one run of ``fn`` (beyond its prebuilt input)."""
    out = None
    gc.collect()
    tracemalloc.start()
    try:
        out = fn(c)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        del out


def micro(name: str, result: Any) -> tuple[float, float, float]:
    """Strict micro precision, recall and F1 as each tool reports them."""
    if name.startswith("newsgold"):
        o = result["entities"]["strict" if "strict" in result["entities"] else "token_conlleval"]["overall"]
        return o["precision"], o["recall"], o["f1"]
    if name.startswith("seqeval"):
        o = result["micro avg"]
        return o["precision"], o["recall"], o["f1-score"]
    o = result["overall"]["strict"]
    return o.precision, o.recall, o.f1


def mib(n: int | None) -> str:
    return "-" if n is None else f"{n / 2**20:.1f}"


def run_shape(shape: str, sentences: list[Sentence], args: argparse.Namespace) -> dict[str, Any]:
    docs = max(1, round(40_000 * args.tokens / 1_000_000))
    c = build(sentences, shape, docs)
    print(f"\nshape {shape}: {len(c.gold)} documents, {c.tokens} tokens, {c.gold_entities} gold entities, "
          f"{c.predicted_entities} predicted; input files {mib(c.input_bytes)} MiB; inputs built in {c.build_seconds:.1f} s",
          flush=True)
    gc.collect()
    t0 = time.perf_counter()
    # What loading a corpus costs besides scoring: validation indexes the token offsets of
    # every document once (to check that gold spans sit on token edges), then drops them.
    tokens = 0
    for d, _ in c.gold:
        tokens += TokenIndex.of_text(d.text).covering_range(Span(0, len(d.text)))[1]
    print(f"token index of every document (as validation builds it): {tokens} tokens in "
          f"{time.perf_counter() - t0:.2f} s", flush=True)
    assert tokens == c.tokens, (tokens, c.tokens)
    # Every tool's input stays alive for the whole run: frozen, it is not walked again by each
    # full collection, which would charge one tool for the size of all the others' inputs.
    gc.collect()
    gc.freeze()

    tools: list[tuple[str, Callable[[Corpus], Any]]] = [
        ("newsgold full entity report", run_newsgold),
        ("seqeval default", run_seqeval_default),
        ("seqeval strict IOB2", run_seqeval_strict),
        ("nervaluate", run_nervaluate),
        ("newsgold token modes (seqeval inside)", run_newsgold_tokens),
        ("newsgold build_report as the CLI calls it", run_newsgold_cli_report),
    ]
    # Rounds: each tool once per round, so every tool's best run comes from the same stretch
    # of time and a slow minute on a shared machine does not tilt the ratios.
    results = [Measure(name) for name, _ in tools]
    for _ in range(args.repeat):
        for m, (_, fn) in zip(results, tools):
            if not m.note and sum(m.runs) <= 30:  # slow tools get fewer runs: their spread matters less
                time_once(m, fn, c, args.limit)
    for m, (_, fn) in zip(results, tools):
        if not args.no_memory and not m.note:
            m.peak = peak_of(fn, c)
        took = f"{m.seconds:.3f} s (best of {len(m.runs)})" if m.seconds is not None else m.note
        print(f"  {m.name}: {took}, peak {mib(m.peak)} MiB", flush=True)

    base = results[0]
    expected = base.numbers
    agree = True
    for m in results[1:]:
        if m.numbers is None:
            continue
        got = m.numbers
        same = all(abs(a - b) < 1e-9 for a, b in zip(expected, got))
        agree &= same
        print(f"  strict micro P/R/F1 {'agrees' if same else 'DIFFERS'}: {m.name} {tuple(round(x, 6) for x in got)}"
              f" vs newsgold {tuple(round(x, 6) for x in expected)}")

    print(f"\n| shape {shape} | time (s) | peak MiB (tracemalloc) | time / newsgold |")
    print("|---|---|---|---|")
    for m in results:
        t = f"{m.seconds:.3f}" if m.seconds is not None else f"> {args.limit:.0f} (stopped)"
        if m is base:
            r = "1"
        elif m.seconds is not None and base.seconds:
            r = f"{m.seconds / base.seconds:.1f}x"
        else:
            r = f"> {args.limit / base.seconds:.0f}x" if base.seconds else "-"
        print(f"| {m.name} | {t} | {mib(m.peak)} | {r} |")
    print(f"input files: {mib(c.input_bytes)} MiB; newsgold peak / input = "
          f"{(base.peak or 0) / c.input_bytes:.2f}" if base.peak else "")
    gc.unfreeze()
    return {"shape": shape, "measures": results, "input_bytes": c.input_bytes, "agree": agree}


def run_scaling(args: argparse.Namespace) -> None:
    """Shape (b) at 1/8, 1/4, 1/2, 1 and 2 times ``--tokens``."""
    print("| tokens (one document) | newsgold (s) | per 100k tokens | nervaluate (s) | per 100k tokens |")
    print("|---|---|---|---|---|")
    nervaluate_stopped = False
    for factor in (0.125, 0.25, 0.5, 1, 2):
        c = build(make_sentences(round(args.tokens * factor), args.seed), "b", 1)
        gc.collect()
        gc.freeze()
        ours, theirs = Measure("newsgold full entity report"), Measure("nervaluate")
        for _ in range(args.repeat):
            time_once(ours, run_newsgold, c, args.limit)
        if not nervaluate_stopped:
            time_once(theirs, run_nervaluate, c, args.limit)
            nervaluate_stopped = theirs.seconds is None
        gc.unfreeze()
        per = 100_000 / c.tokens
        ng = f"{ours.seconds:.3f} | {ours.seconds * per:.4f}" if ours.seconds is not None else f"{ours.note} | -"
        nv = f"{theirs.seconds:.2f} | {theirs.seconds * per:.3f}" if theirs.seconds is not None else f"{theirs.note or 'not run'} | -"
        print(f"| {c.tokens:,} | {ng} | {nv} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shape", choices=["a", "b", "both"], default="both")
    p.add_argument("--tokens", type=int, default=1_000_000, help="corpus size in tokens (default 1,000,000)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--repeat", type=int, default=5, help="rounds of one timed run per tool (fewer past 30 s); the best counts")
    p.add_argument("--limit", type=float, default=180, help="stop a tool's run after this many seconds")
    p.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    p.add_argument("--scaling", action="store_true", help="shape b at 1/8 to 2x --tokens: newsgold and nervaluate only")
    args = p.parse_args(argv)
    if args.scaling:
        warm = build(make_sentences(2_000, args.seed), "b", 1)
        run_newsgold(warm)
        run_nervaluate(warm)
        run_scaling(args)
        return 0
    sentences = make_sentences(args.tokens, args.seed)
    # One small run of each tool first, so no timing includes first-call costs.
    warm = build(sentences[:200], "a", 20)
    for fn in (run_newsgold, run_newsgold_tokens, run_newsgold_cli_report, run_seqeval_default, run_seqeval_strict, run_nervaluate):
        fn(warm)
    shapes = ["a", "b"] if args.shape == "both" else [args.shape]
    done = {s: run_shape(s, sentences, args) for s in shapes}
    ok = all(d["agree"] for d in done.values())
    if {"a", "b"} <= set(done):
        ta = done["a"]["measures"][0].seconds
        tb = done["b"]["measures"][0].seconds
        print(f"\nnewsgold one document / many documents: {tb / ta:.2f}x")
    for shape, d in done.items():
        ms = {m.name: m for m in d["measures"]}
        ng = ms["newsgold full entity report"]
        checks = {
            "seqeval default >= 20x newsgold": ms["seqeval default"].seconds / ng.seconds >= 20 if ms["seqeval default"].seconds else None,
            "nervaluate >= 10x newsgold": (ms["nervaluate"].seconds is None) or ms["nervaluate"].seconds / ng.seconds >= 10,
        }
        if ng.peak is not None:
            checks["newsgold peak <= 3x input files"] = ng.peak <= 3 * d["input_bytes"]
        if shape == "b" and "a" in done:
            checks["shape b <= 1.5x shape a"] = ng.seconds <= 1.5 * done["a"]["measures"][0].seconds
        print(f"targets, shape {shape}: " + ", ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in checks.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
