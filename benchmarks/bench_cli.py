"""What a user's command costs: whole processes, from files, validation included.

Writes a seeded synthetic corpus as a gold JSON Lines file and a noisy extractor's
predictions (about 1,000,000 tokens of PER/ORG/LOC/MISC: as 40,000 documents, as one
document, and 3,000,000 tokens as 120,000 documents; and dense predictions, three predicted
spans per gold span, over the 40,000 documents), then times whole processes in alternating rounds (each command once per round)
and reports medians over the same number of runs, with each process's peak RSS:

- ``newsgold score PRED --gold GOLD`` as a user runs it (the text report, errors listed) with
  the default modes (every span mode and both token modes), the JSON report with every error
  listed written to a file (``--json -o``), with the span modes only, and ``--counts-only``;
- peer scripts that read the same two files and do the same job: seqeval's
  ``classification_report`` (default mode) on BIO tags per sentence, nervaluate 1.2.1 on
  character spans per document, and a set intersection of (doc, start, end, type) spans;
- the one-article ``newsgold score`` of the bundled baseline against a bare interpreter's
  start-up (``python -c "import json, argparse"``);
- 100,000 synthetic events scored from files (``--layers events``), as text and as
  ``--json -o``, with the default intervals and without (``--events-only``: that shape alone);
- with ``--hard`` (those shapes only): the 40,000 documents with every prediction wrong (each
  gold span predicted with another type) and with no prediction at all, the headline
  commands against the same peers;
- with ``--conll`` (that shape only): the 40,000-document corpus as ``gold.conll`` and
  ``pred.conll``, ``newsgold score pred.conll --gold gold.conll --json -o out.json`` (and the
  same with ``--no-intervals``) against a seqeval script reading the same two files.

It checks (in runs of its own, not timed) that strict micro P/R/F1 agree between newsgold
and every peer, and that newsgold's ``token_conlleval`` F1 equals seqeval's. The files are
written by a process of its own, so the measuring process stays small: a child's peak RSS
starts from its parent's size when it is forked.

    python benchmarks/bench_cli.py                 # the full run (several minutes)
    python benchmarks/bench_cli.py --runs 3 --tokens 200000 --quick
    python benchmarks/bench_cli.py --events-only   # the 100,000 events only
    python benchmarks/bench_cli.py --hard --tokens 100000 --docs 4000   # all wrong, empty
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TYPES = ("PER", "ORG", "LOC", "MISC")

PEER_SEQEVAL = '''
import json, sys
from bisect import bisect_right
from seqeval.metrics import classification_report
def tags(record, entities):
    text, out = record["text"], []
    sentence_starts = [s["start"] for s in record["sentences"]]
    by_sentence = {}
    for e in entities:
        by_sentence.setdefault(bisect_right(sentence_starts, e["start"]) - 1, []).append(e)
    for k, s in enumerate(record["sentences"]):
        words, starts, pos = [], [], s["start"]
        for w in text[s["start"]:s["end"]].split(" "):
            words.append(w); starts.append(pos); pos += len(w) + 1
        t = ["O"] * len(words)
        index = {p: i for i, p in enumerate(starts)}
        for e in by_sentence.get(k, ()):
            i = index[e["start"]]
            t[i] = "B-" + e["type"]
            j = i + 1
            while j < len(starts) and starts[j] < e["end"]:
                t[j] = "I-" + e["type"]; j += 1
        out.append(t)
    return out
gold = {r["doc_id"]: r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
y_true, y_pred = [], []
for p in map(json.loads, open(sys.argv[2], encoding="utf-8")):
    g = gold[p["doc_id"]]
    y_true += tags(g, g["entities"]); y_pred += tags(g, p["entities"])
print(json.dumps(classification_report(y_true, y_pred, digits=6, output_dict=True)["micro avg"], default=float))
'''

PEER_SEQEVAL_CONLL = '''
import json, sys
from seqeval.metrics import classification_report
def sentences(path):
    out, sentence = [], []
    for line in open(path, encoding="utf-8"):
        cols = line.split()
        if cols and cols[0] != "-DOCSTART-":
            sentence.append(cols[-1])
        elif sentence:
            out.append(sentence)
            sentence = []
    if sentence:
        out.append(sentence)
    return out
y_true, y_pred = sentences(sys.argv[1]), sentences(sys.argv[2])
print(json.dumps(classification_report(y_true, y_pred, digits=6, output_dict=True)["micro avg"], default=float))
'''

PEER_NERVALUATE = '''
import json, sys
from nervaluate import Evaluator
gold = {r["doc_id"]: r for r in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
true, pred = [], []
for p in map(json.loads, open(sys.argv[2], encoding="utf-8")):
    true.append([{"label": e["type"], "start": e["start"], "end": e["end"] - 1} for e in gold[p["doc_id"]]["entities"]])
    pred.append([{"label": e["type"], "start": e["start"], "end": e["end"] - 1} for e in p["entities"]])
results = Evaluator(true, pred, tags=list(sys.argv[3].split(",")), loader="dict").evaluate()["overall"]["strict"]
print(json.dumps({"precision": results.precision, "recall": results.recall, "f1-score": results.f1}))
'''

PEER_SETS = '''
import json, sys
gold = set(); pred = set()
for r in map(json.loads, open(sys.argv[1], encoding="utf-8")):
    gold.update((r["doc_id"], e["start"], e["end"], e["type"]) for e in r["entities"])
for r in map(json.loads, open(sys.argv[2], encoding="utf-8")):
    pred.update((r["doc_id"], e["start"], e["end"], e["type"]) for e in r["entities"])
tp = len(gold & pred); p = tp / len(pred) if pred else 0.0; r = tp / len(gold) if gold else 0.0
print(json.dumps({"precision": p, "recall": r, "f1-score": 2 * p * r / (p + r) if tp else 0.0}))
'''

WORDS = [w.strip() for w in "alpha beta gamma delta talks meeting said would cuba havana migration state office week plan trade".split()]


def corpus(tokens: int, docs: int, seed: int) -> tuple[list[dict], list[dict]]:
    """Gold and noisy predictions: sentences of plain words and a final '.', entities of 1-3 tokens."""
    rng = random.Random(seed)
    per_doc = max(1, tokens // docs)
    gold, pred = [], []
    for d in range(docs):
        words, entities, sentences = [], [], []
        pos = 0
        sentence_start = 0
        while len(words) < per_doc:
            if rng.random() < 0.18 and len(words) + 3 < per_doc:
                n = rng.randint(1, 3)
                start = pos
                for _ in range(n):
                    w = rng.choice(WORDS).capitalize()
                    words.append(w)
                    pos += len(w) + 1
                entities.append({"start": start, "end": pos - 1, "type": rng.choice(TYPES)})
            else:
                w = rng.choice(WORDS)
                words.append(w)
                pos += len(w) + 1
            if rng.random() < 0.05 or len(words) >= per_doc:
                words.append(".")
                pos += 2
                sentences.append({"start": sentence_start, "end": pos - 1})
                sentence_start = pos
        text = " ".join(words)
        assert sentences[-1]["end"] == len(text)
        doc_id = f"d{d:06d}"
        gold.append({"doc_id": doc_id, "text": text, "sentences": sentences, "entities": entities})
        predicted = []
        for e in entities:
            r = rng.random()
            if r < 0.08:
                continue  # missed
            if r < 0.14:
                predicted.append({**e, "type": rng.choice(TYPES)})  # wrong type
            else:
                predicted.append(dict(e))
        pred.append({"doc_id": doc_id, "entities": predicted})
    return gold, pred


def one_document(gold: list[dict], pred: list[dict]) -> tuple[list[dict], list[dict]]:
    """The same sentences as one document."""
    text, sentences, entities, predicted = [], [], [], []
    offset = 0
    for g, p in zip(gold, pred):
        sentences += [{"start": s["start"] + offset, "end": s["end"] + offset} for s in g["sentences"]]
        entities += [{**e, "start": e["start"] + offset, "end": e["end"] + offset} for e in g["entities"]]
        predicted += [{**e, "start": e["start"] + offset, "end": e["end"] + offset} for e in p["entities"]]
        text.append(g["text"])
        offset += len(g["text"]) + 1
    return ([{"doc_id": "all", "text": " ".join(text), "sentences": sentences, "entities": entities}],
            [{"doc_id": "all", "entities": predicted}])


def dense(gold: list[dict], seed: int) -> list[dict]:
    """Three predicted spans per gold span, overlapping it and their neighbours: the gold span
    (retyped now and then), and the span widened by one word to the right and to the left."""
    rng = random.Random(seed)
    pred = []
    for g in gold:
        text, predicted, seen = g["text"], [], set()
        for e in g["entities"]:
            start, end = e["start"], e["end"]
            right = text.find(" ", end + 1)
            left = text.rfind(" ", 0, max(start - 1, 0))
            predicted.append({**e, "type": rng.choice(TYPES)} if rng.random() < 0.14 else dict(e))
            predicted.append({"start": start, "end": len(text) if right < 0 else right, "type": e["type"]})
            if start > 0:
                predicted.append({"start": left + 1, "end": end, "type": rng.choice(TYPES)})
        # Each span once (neighbours' widenings can meet): the set intersection's numbers hold.
        unique = [e for e in predicted if (k := (e["start"], e["end"], e["type"])) not in seen and not seen.add(k)]
        pred.append({"doc_id": g["doc_id"], "entities": unique})
    return pred


def events_corpus(n: int, seed: int) -> tuple[list[dict], list[dict]]:
    """``n`` events over documents of ten sentences; predictions drop, retype and add some."""
    rng = random.Random(seed)
    gold, pred = [], []
    subtypes = ["Contact:Meet", "Movement:Transport", "Conflict:Attack", "Justice:Arrest-Jail"]
    roles = ["Entity", "Place", "Artifact", "Agent"]
    made = d = 0
    while made < n:
        words, events, predicted, sentences = [], [], [], []
        pos = 0
        for _ in range(10):
            s_start = pos
            for _ in range(3):
                for w in ("ann", "met", "bob", "at", "home"):
                    words.append(w)
                    pos += len(w) + 1
            words.append(".")
            pos += 2
            sentences.append({"start": s_start, "end": pos - 1})
            for k in range(3):  # three events a sentence, on 'met'
                base = s_start + k * 19
                ev = {"type": rng.choice(subtypes), "trigger": {"start": base + 4, "end": base + 7},
                      "arguments": [{"role": rng.choice(roles), "start": base, "end": base + 3},
                                    {"role": rng.choice(roles), "start": base + 8, "end": base + 11}]}
                events.append(ev)
                r = rng.random()
                if r < 0.1:
                    continue
                if r < 0.2:
                    ev = {**ev, "type": rng.choice(subtypes)}
                predicted.append(ev)
                made += 1
        text = " ".join(words)
        gold.append({"doc_id": f"e{d:06d}", "text": text, "sentences": sentences, "entities": [], "events": events})
        pred.append({"doc_id": f"e{d:06d}", "entities": [], "events": predicted})
        d += 1
    return gold, pred


def write_conll(path: Path, gold: list[dict], entities: list[list[dict]]) -> None:
    """Documents as CoNLL columns ``TOKEN TAG`` (IOB2; an entity that overlaps an earlier one
    is left out), ``-DOCSTART- DOC_ID`` before each, a blank line after each sentence."""
    with path.open("w", encoding="utf-8") as f:
        for record, found in zip(gold, entities):
            f.write(f"-DOCSTART- {record['doc_id']}\n\n")
            starts = {e["start"]: e for e in sorted(found, key=lambda e: -e["start"])}
            for s in record["sentences"]:
                pos, inside = s["start"], None
                for w in record["text"][s["start"] : s["end"]].split(" "):
                    e = starts.get(pos)
                    if e is not None and inside is None:
                        tag, inside = f"B-{e['type']}", e
                    elif inside is not None and pos < inside["end"]:
                        tag = f"I-{inside['type']}"
                    else:
                        tag, inside = "O", None
                    if inside is not None and pos + len(w) >= inside["end"]:
                        inside = None
                    f.write(f"{w} {tag}\n")
                    pos += len(w) + 1
                f.write("\n")


def wrong(gold: list[dict]) -> list[dict]:
    """Every gold span predicted with the next type: nothing right in the strict mode."""
    return [{"doc_id": g["doc_id"], "entities": [{**e, "type": TYPES[(TYPES.index(e["type"]) + 1) % len(TYPES)]}
                                                for e in g["entities"]]} for g in gold]


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stdout of one whole process, measured around it."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read()  # type: ignore[union-attr]
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, out


def measure(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, dict]:
    """Each command once per round, rounds alternating; medians of wall time and peak RSS."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    outputs: dict[str, str] = {}
    for _ in range(runs):
        for name, cmd in commands.items():
            wall, peak, out = timed(cmd, cwd)
            times[name].append(wall)
            rss[name].append(peak)
            outputs[name] = out
    return {name: {"time": statistics.median(times[name]), "times": times[name], "rss": statistics.median(rss[name]),
                   "out": outputs[name]} for name in commands}


def newsgold_numbers(out: str, mode: str) -> tuple[float, float, float]:
    o = json.loads(out)["entities"][mode]["overall"]
    return o["precision"], o["recall"], o["f1"]


def peer_numbers(out: str) -> tuple[float, float, float]:
    o = json.loads(out.strip().splitlines()[-1])
    return o["precision"], o["recall"], o["f1-score"]


def table(title: str, results: dict[str, dict], reference: str) -> str:
    ref = results[reference]["time"]
    lines = [f"\n{title}", "| command | median time (s) | runs (s) | peak RSS (MiB) | time / newsgold |", "|---|---|---|---|---|"]
    for name, r in results.items():
        runs = ", ".join(f"{t:.2f}" for t in r["times"])
        lines.append(f"| {name} | {r['time']:.2f} | {runs} | {r['rss']:.0f} | {r['time'] / ref:.2f}x |")
    return "\n".join(lines)


def write_corpora(folder: Path, tokens: int, docs: int, events: int, seed: int, quick: bool, conll: bool,
                  hard: bool) -> None:
    """The benchmark's files (run in a process of its own: the measuring process stays small,
    and a child's peak RSS, which starts from its parent's size at fork, stays honest)."""
    gold, pred = corpus(tokens, docs, seed)
    if conll:
        write_conll(folder / "gold.conll", gold, [g["entities"] for g in gold])
        write_conll(folder / "pred.conll", gold, [p["entities"] for p in pred])
        (folder / "peer_seqeval_conll.py").write_text(PEER_SEQEVAL_CONLL, encoding="utf-8")
        return
    write_jsonl(folder / "gold-a.jsonl", gold)
    for name, body in (("peer_seqeval.py", PEER_SEQEVAL), ("peer_nervaluate.py", PEER_NERVALUATE), ("peer_sets.py", PEER_SETS)):
        (folder / name).write_text(body, encoding="utf-8")
    if hard:
        write_jsonl(folder / "pred-wrong.jsonl", wrong(gold))
        write_jsonl(folder / "pred-empty.jsonl", [{"doc_id": g["doc_id"], "entities": []} for g in gold])
        return
    write_jsonl(folder / "pred-a.jsonl", pred)
    write_jsonl(folder / "pred-dense.jsonl", dense(gold, seed))
    if not quick:
        g, p = one_document(gold, pred)
        write_jsonl(folder / "gold-b.jsonl", g)
        write_jsonl(folder / "pred-b.jsonl", p)
        del g, p, gold, pred
        gold, pred = corpus(3 * tokens, 3 * docs, seed)
        write_jsonl(folder / "gold-c.jsonl", gold)
        write_jsonl(folder / "pred-c.jsonl", pred)
    eg, ep = events_corpus(events, seed)
    write_jsonl(folder / "gold-events.jsonl", eg)
    write_jsonl(folder / "pred-events.jsonl", ep)


def checked(cmd: list[str]) -> str:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def conll_shape(tmp: Path, tokens: int, runs: int) -> None:
    """The same corpus as two CoNLL files: newsgold's JSON report against a seqeval script."""
    py = sys.executable
    gold, pred, out = str(tmp / "gold.conll"), str(tmp / "pred.conll"), str(tmp / "out.json")
    results = measure({
        "newsgold score pred.conll --gold gold.conll --json -o out.json":
            [py, "-m", "newsgold", "score", pred, "--gold", gold, "--json", "-o", out],
        "the same with --no-intervals (what the bootstrap intervals cost)":
            [py, "-m", "newsgold", "score", pred, "--gold", gold, "--json", "-o", str(tmp / "out-lean.json"),
             "--no-intervals"],
        "seqeval script reading the two CoNLL files (default mode)": [py, str(tmp / "peer_seqeval_conll.py"), gold, pred],
    }, ROOT, runs)
    ours = json.loads(Path(out).read_text(encoding="utf-8"))["entities"]["token_conlleval"]["overall"]
    theirs = peer_numbers(results["seqeval script reading the two CoNLL files (default mode)"]["out"])
    assert all(abs(a - b) < 1e-9 for a, b in zip((ours["precision"], ours["recall"], ours["f1"]), theirs)), (ours, theirs)
    print(table(f"CoNLL: {tokens:,} tokens as gold.conll + pred.conll (token_conlleval P/R/F1 equal seqeval's)", results,
                "newsgold score pred.conll --gold gold.conll --json -o out.json"), flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tokens", type=int, default=1_000_000)
    p.add_argument("--docs", type=int, default=40_000)
    p.add_argument("--events", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5, help="rounds; each command runs once per round (medians)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--quick", action="store_true", help="the 40,000-document shapes only (plain and dense)")
    p.add_argument("--events-only", action="store_true", help="the events from files only")
    p.add_argument("--conll", action="store_true",
                   help="the CoNLL shape only: the corpus as gold.conll and pred.conll, `score --json -o`, "
                        "against a seqeval script reading the same two files")
    p.add_argument("--hard", action="store_true",
                   help="those shapes only: every prediction wrong, and no prediction, on the --docs documents")
    p.add_argument("--write-to", help=argparse.SUPPRESS)  # internal: write the files and stop
    args = p.parse_args()
    # Bytecode first, as an installed package has it: no timed process pays to compile the
    # package (PYTHONDONTWRITEBYTECODE, or an edited module, would make every run do it).
    compileall.compile_dir(str(ROOT / "eval" / "newsgold"), quiet=1)
    if args.write_to:
        write_corpora(Path(args.write_to), args.tokens, args.docs, args.events, args.seed, args.quick, args.conll,
                      args.hard)
        return 0
    py = sys.executable
    newsgold = [py, "-m", "newsgold"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run([py, __file__, "--write-to", tmp_name, "--tokens", str(args.tokens), "--docs", str(args.docs),
                        "--events", str(args.events), "--seed", str(args.seed), *(["--quick"] if args.quick or args.events_only else []),
                        *(["--conll"] if args.conll else []), *(["--hard"] if args.hard else [])], check=True)
        if args.conll:
            conll_shape(tmp, args.tokens, args.runs)
            return 0
        report = []
        shapes = (() if args.events_only else ("wrong", "empty") if args.hard else ("a", "dense") if args.quick
                  else ("a", "dense", "b", "c"))
        for shape in shapes:
            gold = str(tmp / f"gold-{shape if shape in ('b', 'c') else 'a'}.jsonl")
            pred = str(tmp / f"pred-{shape}.jsonl")
            files = [pred, "--gold", gold]
            span_modes = ["--modes", "strict,exact,partial,type,determiner,head"]
            json_out = [*newsgold, "score", *files, "--json", "-o", str(tmp / "report.json")]
            commands = {  # what a user runs: the text report on standard output
                # the peers draw no intervals: ours are measured without, and with them apart
                "newsgold score (default modes)": [*newsgold, "score", *files, "--no-intervals"],
                "newsgold score (default modes, intervals)": [*newsgold, "score", *files],
                "newsgold score --json -o (every error listed)": [*json_out, "--no-intervals"],
                "newsgold score (span modes)": [*newsgold, "score", *files, *span_modes, "--no-intervals"],
                "newsgold score --counts-only": [*newsgold, "score", *files, "--counts-only"],
                "seqeval script (default mode)": [py, str(tmp / "peer_seqeval.py"), gold, pred],
                "nervaluate script": [py, str(tmp / "peer_nervaluate.py"), gold, pred, ",".join(TYPES)],
                "set intersection script": [py, str(tmp / "peer_sets.py"), gold, pred],
            }
            if shape == "b":
                del commands["nervaluate script"]  # quadratic in document length: about ten minutes
            if shape in ("dense", "c", "wrong", "empty"):  # the headline commands only
                del commands["newsgold score (span modes)"], commands["newsgold score --counts-only"]
            results = measure(commands, ROOT, args.runs)
            ours = json.loads(checked([*newsgold, "score", *files, "--json", "--no-errors", "--no-intervals"]))["entities"]
            # 0/0 (no prediction) is undefined to newsgold (null) and 0 to the peers
            strict = tuple(ours["strict"]["overall"][k] or 0.0 for k in ("precision", "recall", "f1"))
            # Overlapping predictions are tags over tags to seqeval and partial matches to
            # nervaluate's strict count: on the dense shape the set intersection is the peer.
            peers = ("set intersection script",) if shape == "dense" else (
                "seqeval script (default mode)", "nervaluate script", "set intersection script")
            for peer in peers:
                if peer in results:
                    theirs = peer_numbers(results[peer]["out"])
                    assert all(abs(a - b) < 1e-9 for a, b in zip(strict, theirs)), (peer, strict, theirs)
            # Read in a process of its own: this one stays small (its children start from its size).
            written = json.loads(checked([py, "-c", "import json, sys; print(json.dumps(json.load(open(sys.argv[1], "
                                          "encoding='utf-8'))['entities']))", str(tmp / "report.json")]))
            assert written == ours, "the --json -o report's scores differ from --no-errors'"
            if shape != "dense":
                seqeval_f1 = peer_numbers(results["seqeval script (default mode)"]["out"])[2]
                conlleval_f1 = ours["token_conlleval"]["overall"]["f1"] or 0.0
                assert abs(conlleval_f1 - seqeval_f1) < 1e-9, (ours["token_conlleval"], seqeval_f1)
            label = {"a": f"{args.tokens:,} tokens as {args.docs:,} documents",
                     "dense": f"{args.tokens:,} tokens as {args.docs:,} documents, three predicted spans per gold span",
                     "b": f"{args.tokens:,} tokens as one document",
                     "c": f"{3 * args.tokens:,} tokens as {3 * args.docs:,} documents",
                     "wrong": f"{args.tokens:,} tokens as {args.docs:,} documents, every prediction of another type",
                     "empty": f"{args.tokens:,} tokens as {args.docs:,} documents, no prediction"}[shape]
            agree = "strict P/R/F1 equal the set intersection's" if shape == "dense" else (
                "strict P/R/F1 agree with every peer; token_conlleval F1 equals seqeval's")
            report.append(table(f"shape {shape}: {label} ({agree})", results, "newsgold score (default modes)"))
            print(report[-1], flush=True)
        if args.hard:
            return 0
        article = {} if args.events_only else measure({
            "newsgold score (the article, default modes)": [*newsgold, "score", "submissions/baseline/predictions.jsonl"],
            "python -c 'import json, argparse'": [py, "-c", "import json, argparse"],
        }, ROOT, args.runs)
        if article:
            report.append(table("the one-article score against a bare start-up", article,
                                "newsgold score (the article, default modes)"))
            print(report[-1], flush=True)
        n_events = sum(len(json.loads(line)["events"]) for line in (tmp / "pred-events.jsonl").open(encoding="utf-8"))
        event_files = [str(tmp / "pred-events.jsonl"), "--gold", str(tmp / "gold-events.jsonl"), "--layers", "events"]
        events = measure({
            f"newsgold score --layers events ({n_events:,} predicted events)": [*newsgold, "score", *event_files],
            "the same, --json -o": [*newsgold, "score", *event_files, "--json", "-o", str(tmp / "events.json")],
            # what the default intervals cost: the same two without them
            "the same, --no-intervals": [*newsgold, "score", *event_files, "--no-intervals"],
            "the same, --json -o --no-intervals": [*newsgold, "score", *event_files, "--json", "-o",
                                                    str(tmp / "events-lean.json"), "--no-intervals"],
        }, ROOT, args.runs)
        report.append(table("events from files", events, next(iter(events))))
        print(report[-1], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
