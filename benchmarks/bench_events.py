"""Event scoring at scale: 100,000 synthetic ACE events scored by ``newsgold.scoring.events.score_events``.

A seeded synthetic corpus of short documents, each with named entities and events whose
arguments point at them, and the output of a noisy event extractor derived from it
(events dropped, retyped, moved to the next token; arguments dropped, given the wrong role
or added; attributes given, sometimes wrong; spurious events). Scored in the benchmark view
with arguments matched by head (the defaults), with the error listing (the target: under one
second) and, for comparison, counts only.

Time is wall-clock, best of ``--repeat`` runs; peak memory is tracemalloc's peak over one
more run (beyond the prebuilt input), set against the size of the input as newsgold's files
would hold it: texts, gold JSON (entities and events) and the predictions as JSON Lines.

    python benchmarks/bench_events.py
    python benchmarks/bench_events.py --events 10000 --repeat 1   # a quick check
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
import tracemalloc
from typing import Any

from newsgold.scoring.events import score_events
from newsgold.scoring.results import EventConfig
from newsgold.scoring.metrics import total
from newsgold.gold.model import Argument, Document, Event, Gold, Mention
from newsgold.readers.jsonl import DocPredictions, PredArgument, PredEvent, dump_jsonl
from newsgold.gold.repo import find_repo
from newsgold.gold.spans import Span

EVENTS_PER_DOC = 5
ENTITIES_PER_DOC = 8
ATTRS = {"modality": ("Asserted", "Other"), "polarity": ("Positive", "Negative"),
         "genericity": ("Specific", "Generic"), "tense": ("Past", "Present", "Future", "Unspecified")}


def make(n_events: int, seed: int, event_types: dict[str, Any]) -> tuple[list[tuple[Document, Gold]], list[DocPredictions]]:
    rnd = random.Random(seed)
    benchmark = set(event_types["benchmark_roles"])
    subtypes = [(s["subtype"], [r for r in s["roles"] if r in benchmark]) for s in event_types["subtypes"]]
    subtypes = [(name, roles) for name, roles in subtypes if roles]
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 8))) for _ in range(2000)]
    gold: list[tuple[Document, Gold]] = []
    preds: list[DocPredictions] = []
    for d in range(max(1, n_events // EVENTS_PER_DOC)):
        doc_id = f"events-{d:06d}"
        tokens = [rnd.choice(words) for _ in range(40)]
        starts, pos = [], 0
        for w in tokens:
            starts.append(pos)
            pos += len(w) + 1
        text = " ".join(tokens)

        def span(a: int, b: int) -> Span:
            return Span(starts[a], starts[b - 1] + len(tokens[b - 1]))

        # Entities on even token pairs, triggers on the odd tokens left between them.
        entities = []
        for k in range(ENTITIES_PER_DOC):
            a = 4 * k
            head = span(a + 1, a + 2)
            entities.append(Mention(f"T{k + 1}", span(a, a + 2), text[starts[a]:head.end], "PERSON", "NAM", head))
        events, pevents = [], []
        for k in range(EVENTS_PER_DOC):
            trig_tok = 4 * k + 2
            trigger = span(trig_tok, trig_tok + 1)
            subtype, roles = rnd.choice(subtypes)
            args = tuple(Argument(rnd.choice(roles), rnd.choice(entities).id) for _ in range(rnd.randint(1, 3)))
            attrs = {a: rnd.choice(v) for a, v in ATTRS.items()}
            events.append(Event(f"E{k + 1}", subtype, trigger, text[trigger.start:trigger.end], args, **attrs))
            r = rnd.random()
            if r < 0.1:
                continue
            p_type = rnd.choice(subtypes)[0] if r < 0.2 else subtype
            p_trigger = span(trig_tok + 1, trig_tok + 2) if 0.2 <= r < 0.28 else trigger
            by_id = {m.id: m for m in entities}
            p_args = []
            for a in args:
                if rnd.random() < 0.1:
                    continue
                role = rnd.choice(roles) if rnd.random() < 0.1 else a.role
                h = by_id[a.ref].head_or_span
                p_args.append(PredArgument(role, h.start, h.end))
            if rnd.random() < 0.1:
                h = rnd.choice(entities).head_or_span
                p_args.append(PredArgument(rnd.choice(roles), h.start, h.end))
            p_attrs = {a: (v if rnd.random() < 0.8 else rnd.choice(ATTRS[a])) for a, v in attrs.items()} if rnd.random() < 0.5 else {}
            pevents.append(PredEvent(p_type, p_trigger, tuple(p_args), **p_attrs))
        if rnd.random() < 0.25:  # a spurious event
            t = 4 * rnd.randrange(ENTITIES_PER_DOC) + 3
            subtype, roles = rnd.choice(subtypes)
            h = rnd.choice(entities).head_or_span
            pevents.append(PredEvent(subtype, span(t, t + 1), (PredArgument(rnd.choice(roles), h.start, h.end),)))
        doc = Document(doc_id, text, (Span(0, len(text)),), (("body", Span(0, len(text))),), {})
        gold.append((doc, Gold(doc_id, "0.0.0-synthetic", tuple(entities), (), tuple(events))))
        preds.append(DocPredictions(doc_id, (), tuple(pevents), frozenset({"events"})))
    return gold, preds


def input_bytes(gold: list[tuple[Document, Gold]], preds: list[DocPredictions]) -> int:
    """Bytes of the texts, the gold JSON and the predictions' JSON Lines."""
    size = 0
    for doc, g in gold:
        record = {
            "doc_id": doc.doc_id, "dataset_version": g.dataset_version,
            "entities": [{"id": m.id, "start": m.span.start, "end": m.span.end, "text": m.text, "type": m.type, "level": m.level,
                          **({"head": {"start": m.head.start, "end": m.head.end}} if m.head else {})} for m in g.entities],
            "events": [{"id": e.id, "type": e.type, "trigger": {"start": e.trigger.start, "end": e.trigger.end, "text": e.trigger_text},
                        "arguments": [{"role": a.role, "ref": a.ref} for a in e.arguments],
                        **{a: getattr(e, a) for a in ATTRS}} for e in g.events],
        }
        size += len(doc.text.encode("utf-8")) + len(json.dumps(record))
    return size + len(dump_jsonl(preds, {d.doc_id: d.text for d, _ in gold}).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=100_000, help="gold events (default 100,000)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-memory", action="store_true")
    args = p.parse_args(argv)
    event_types = find_repo().event_types
    t0 = time.perf_counter()
    gold, preds = make(args.events, args.seed, event_types)
    n_gold = sum(len(g.events) for _, g in gold)
    n_pred = sum(len(dp.events) for dp in preds)
    n_args = sum(len(e.arguments) for _, g in gold for e in g.events)
    size = input_bytes(gold, preds)
    print(f"{len(gold)} documents, {n_gold} gold events ({n_args} arguments), {n_pred} predicted; "
          f"input files {size / 2**20:.1f} MiB; built in {time.perf_counter() - t0:.1f} s", flush=True)
    gc.collect()
    gc.freeze()  # the input lives on: full collections need not walk it on every run

    def run(errors: bool = True) -> Any:
        return score_events(gold=gold, predictions=preds, event_types=event_types, config=EventConfig(), errors=errors)

    run()  # first-call costs out of the timing
    times, counts_only = [], []
    for _ in range(args.repeat):
        for errors, into in ((True, times), (False, counts_only)):
            gc.collect()
            t = time.perf_counter()
            out = run(errors)
            into.append(time.perf_counter() - t)
            result = out  # the previous run's result is freed here, outside the timed span
            del out
    peak = None
    if not args.no_memory:
        gc.collect()
        tracemalloc.start()
        run()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    best = min(times)
    memory = "-" if peak is None else f"{peak / 2**20:.1f} ({peak / size:.2f}x input)"
    print("\n| events scored | time (s) | peak MiB (tracemalloc) | target |")
    print("|---|---|---|---|")
    print(f"| {n_gold} gold, {n_pred} predicted | {best:.3f} | {memory} | < 1 s: {'met' if best < 1 else 'NOT met'} |")
    print(f"| the same, counts only (no error rows, as --no-errors and --counts-only) | {min(counts_only):.3f} | - | - |")
    for name in ("trigger_classification", "argument_classification"):
        c = total(result.metrics[name].values())
        print(f"{name}: P {c.precision:.4f} R {c.recall:.4f} F1 {c.f1:.4f}")
    return 0 if best < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
