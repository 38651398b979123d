"""The token modes' counts by unit, booked during the one scoring pass, and their intervals.

Each unit's counts are rebuilt apart: the unit (a sentence, or a document) scored alone as a
corpus of its own, and for the strict mode seqeval itself on that sentence's tags. They must
equal what the pass booked, for tags in IOB2, IOBES and IOB1 and for spans on each of the token
modes' paths (chunks read span by span, the columns of a large batch, tags written and read by
seqeval)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import newsgold
from newsgold.cli import main
from newsgold.scoring import tokens
from newsgold.scoring.metrics import Counts
from newsgold.scoring.results import EntityConfig
from newsgold.studies.bootstrap import MIN_DOCUMENTS

TYPES = ("PER", "ORG", "LOC", "MISC")
TOKEN_MODES = ("token_conlleval", "token_iob2")


def _spans(rng: random.Random, n: int) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(first token, end token, type)`` chunks over ``n`` tokens, some adjacent."""
    out, i = [], rng.randrange(2)
    while i < n:
        length = rng.choice((1, 1, 2, 3))
        if i + length > n:
            break
        out.append((i, i + length, rng.choice(TYPES)))
        i += length + rng.choice((0, 1, 1, 2))
    return out


def _noisy(rng: random.Random, spans: list[tuple[int, int, str]], n: int) -> list[tuple[int, int, str]]:
    """A prediction: each chunk kept, dropped, retyped, cut short or widened; some added."""
    out = []
    for a, b, t in spans:
        r = rng.random()
        if r < 0.15:
            continue
        if r < 0.3:
            t = rng.choice([x for x in TYPES if x != t])
        elif r < 0.4 and b - a > 1:
            b -= 1
        elif r < 0.5 and b < n and all(not (x < b + 1 and b < y) for x, y, _ in spans):
            b += 1
        out.append((a, b, t))
    taken = {k for a, b, _ in out for k in range(a, b)}
    free = [k for k in range(n) if k not in taken and k - 1 not in taken and k + 1 not in taken]
    out += [(k, k + 1, rng.choice(TYPES)) for k in rng.sample(free, min(len(free), 1))]
    return sorted(out)


def _tags(spans: list[tuple[int, int, str]], n: int, scheme: str) -> list[str]:
    tags = ["O"] * n
    for a, b, t in spans:
        for k in range(a, b):
            if scheme == "IOBES":
                prefix = "S" if b - a == 1 else "B" if k == a else "E" if k == b - 1 else "I"
            elif scheme == "IOB1":  # B- only where the chunk follows one of its type
                prefix = "B" if k == a and a > 0 and tags[a - 1][2:] == t else "I"
            else:
                prefix = "B" if k == a else "I"
            tags[k] = f"{prefix}-{t}"
    return tags


def _corpus(seed: int, docs: int, sentences: int, scheme: str) -> list[list[tuple[list[str], list[str], list[str]]]]:
    """Documents of sentences, each ``(words, gold tags, predicted tags)``."""
    rng = random.Random(seed)
    out = []
    for _ in range(docs):
        doc = []
        for _ in range(sentences):
            n = rng.randrange(4, 12)
            gold = _spans(rng, n)
            doc.append(([f"w{k}" for k in range(n)], _tags(gold, n, scheme), _tags(_noisy(rng, gold, n), n, scheme)))
        out.append(doc)
    return out


def _write(path: Path, docs: list[list[tuple[list[str], list[str], list[str]]]], side: int) -> Path:
    lines = []
    for d, doc in enumerate(docs):
        lines.append(f"-DOCSTART- d{d}")
        for sentence in doc:
            lines += [f"{w} {t}" for w, t in zip(sentence[0], sentence[side])] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _score(tmp: Path, docs, scheme: str, *, intervals: bool = True) -> newsgold.Scored:
    gold, pred = _write(tmp / "gold.conll", docs, 1), _write(tmp / "pred.conll", docs, 2)
    return newsgold.score(
        gold=gold, predictions=pred, entities=EntityConfig(tag_scheme=scheme), errors=False, intervals=intervals
    )


def _booked(scored: newsgold.Scored, mode: str, t: str | None = None) -> dict[tuple[int, int], Counts]:
    units = scored.entities.modes[mode].units
    return units.by_unit(t)


def _seqeval_strict(gold: list[str], pred: list[str], scheme: str) -> dict[str, Counts]:
    """seqeval's strict mode with ``scheme`` on one sentence: chunks of each side, counted."""
    schemes = pytest.importorskip("seqeval.scheme")
    g, p = (
        {e.to_tuple() for s in schemes.Entities([list(tags)], getattr(schemes, scheme)).entities for e in s}
        for tags in (gold, pred)
    )
    out = {}
    for t in {e[1] for e in g | p}:
        tp = len({e for e in g & p if e[1] == t})
        out[t] = Counts(tp, len({e for e in p if e[1] == t}) - tp, len({e for e in g if e[1] == t}) - tp)
    return out


@pytest.mark.parametrize("scheme", ["IOB2", "IOBES", "IOB1"])
def test_each_sentence_scored_alone_counts_what_the_pass_booked_for_it(tmp_path: Path, scheme: str) -> None:
    docs = _corpus(7, 3, 5, scheme)  # three documents: sentences are resampled
    whole = _score(tmp_path, docs, scheme)
    assert whole.intervals["resampled"] == "sentences"
    assert all(whole.entities.modes[m].units is not None for m in TOKEN_MODES)
    # booked by sentence, the counts add up to the point figures of a scoring that books nothing
    lean = _score(tmp_path, docs, scheme, intervals=False)
    for mode in TOKEN_MODES:
        assert whole.entities.modes[mode].per_type == lean.entities.modes[mode].per_type, mode
    alone = tmp_path / "alone"
    alone.mkdir()
    checked = 0
    for k, doc in enumerate(docs):
        d = whole.doc_ids.index(f"d{k}")  # the corpus's order of documents
        for s, sentence in enumerate(doc):
            one = _score(alone, [[sentence]], scheme, intervals=False)
            for mode in TOKEN_MODES:
                for t in TYPES:
                    want = one.entities.modes[mode].per_type.get(t, Counts())
                    assert _booked(whole, mode, t).get((d, s), Counts()) == want, (mode, t, d, s)
                    checked += want.tp + want.fp + want.fn
            seqeval = _seqeval_strict(sentence[1], sentence[2], scheme)
            for t in TYPES:
                assert _booked(whole, "token_iob2", t).get((d, s), Counts()) == seqeval.get(t, Counts()), (t, d, s)
    assert checked > 50  # the corpus has chunks of every kind of outcome


def _spans_corpus(tmp: Path, seed: int, docs: int) -> tuple[Path, Path, list[dict], list[dict]]:
    """A JSON Lines gold and span predictions, one span across a sentence break in a few documents."""
    rng = random.Random(seed)
    gold, pred = [], []
    for d in range(docs):
        sentences, words, g_spans, p_spans = [], [], [], []
        for _ in range(3):
            n = rng.randrange(4, 9)
            base = len(words)
            words += [f"w{len(words) + k}" for k in range(n)]
            sentences.append((base, base + n))
            spans = _spans(rng, n)
            g_spans += [(a + base, b + base, t) for a, b, t in spans]
            p_spans += [(a + base, b + base, t) for a, b, t in _noisy(rng, spans, n)]
        starts = [sum(len(w) + 1 for w in words[:k]) for k in range(len(words))]
        char = lambda a, b, starts=starts, words=words: (starts[a], starts[b - 1] + len(words[b - 1]))  # noqa: E731
        if d % 4 == 0:  # a predicted span over the first sentence break: tags are written for this document
            first_end = sentences[0][1]
            p_spans = [x for x in p_spans if not (x[0] < first_end + 1 and first_end - 1 < x[1])]
            p_spans.append((first_end - 1, first_end + 1, "PER"))
        text = " ".join(words)
        gold.append(
            {
                "doc_id": f"d{d}",
                "text": text,
                "sentences": [{"start": starts[a], "end": char(a, b)[1]} for a, b in sentences],
                "entities": [
                    {"start": s, "end": e, "type": t, "text": text[s:e]}
                    for s, e, t in ((*char(a, b), t) for a, b, t in g_spans)
                ],
            }
        )
        pred.append(
            {
                "doc_id": f"d{d}",
                "entities": [
                    {"start": s, "end": e, "type": t} for s, e, t in ((*char(a, b), t) for a, b, t in sorted(p_spans))
                ],
            }
        )
    g, p = tmp / "gold.jsonl", tmp / "pred.jsonl"
    g.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    p.write_text("".join(json.dumps(r) + "\n" for r in pred), encoding="utf-8")
    return g, p, gold, pred


@pytest.mark.parametrize("path", ["chunks", "columns", "seqeval"])
def test_each_document_scored_alone_counts_what_the_pass_booked_for_it(tmp_path: Path, monkeypatch, path: str) -> None:
    if path == "columns":  # the columns of a large batch, on a small one
        monkeypatch.setattr(tokens, "COLUMNS_FROM", 0)
    if path == "seqeval":
        pytest.importorskip("seqeval")
    config = EntityConfig(token_engine="seqeval" if path == "seqeval" else "newsgold")
    gold, pred, gold_rows, pred_rows = _spans_corpus(tmp_path, 3, MIN_DOCUMENTS + 2)
    whole = newsgold.score(gold=gold, predictions=pred, entities=config, errors=False, intervals=True)
    assert whole.intervals["resampled"] == "documents"
    one_gold, one_pred = tmp_path / "one-gold.jsonl", tmp_path / "one-pred.jsonl"
    for g, p in zip(gold_rows, pred_rows):
        d = whole.doc_ids.index(g["doc_id"])  # the corpus's order of documents
        one_gold.write_text(json.dumps(g) + "\n", encoding="utf-8")
        one_pred.write_text(json.dumps(p) + "\n", encoding="utf-8")
        one = newsgold.score(gold=one_gold, predictions=one_pred, entities=config, errors=False, intervals=False)
        for mode in TOKEN_MODES:
            for t in TYPES:
                want = one.entities.modes[mode].per_type.get(t, Counts())
                assert _booked(whole, mode, t).get((d, 0), Counts()) == want, (mode, t, d)
    for mode in TOKEN_MODES:  # and the booked counts add up to each per-type row
        for t, row in whole.entities.modes[mode].per_type.items():
            assert sum(_booked(whole, mode, t).values(), Counts()) == row, (mode, t)


def test_token_intervals_are_seeded_and_hold_their_score(tmp_path: Path) -> None:
    docs = _corpus(11, 2, 8, "IOBES")
    first, again = _score(tmp_path, docs, "IOBES"), _score(tmp_path, docs, "IOBES")
    assert first.intervals == again.intervals  # the same seed, the same intervals
    for mode in TOKEN_MODES:
        lo, hi = first.intervals["f1"][f"entities/{mode}"]
        assert lo <= first.entities.modes[mode].overall.f1 <= hi and lo < hi
        per_type = first.intervals["f1_per_type"][f"entities/{mode}"]
        assert set(per_type) >= {t for t, c in first.entities.modes[mode].per_type.items() if c.f1 is not None}


def test_every_format_shows_the_token_modes_and_every_breakdowns_intervals(tmp_path: Path, capsys) -> None:
    docs = _corpus(5, 2, 6, "IOB2")
    gold, pred = _write(tmp_path / "gold.conll", docs, 1), _write(tmp_path / "pred.conll", docs, 2)
    # exact first: the text and Markdown reports break the first mode down by type
    args = ["score", str(pred), "--gold", str(gold), "--modes", "exact,strict,token_conlleval,token_iob2"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["entities"]
    cell = lambda ci: f"[{ci[0] * 100:.2f}, {ci[1] * 100:.2f}]"  # noqa: E731
    for mode in ("exact", "strict", *TOKEN_MODES):
        assert report[mode]["f1_interval"] is not None, mode
        for t, row in report[mode]["per_type"].items():
            assert ("f1_interval" in row) and (row["f1_interval"] is None) == (row["f1"] is None), (mode, t)
    assert main(args) == 0
    text = capsys.readouterr().out
    for mode in TOKEN_MODES:
        line = next(x for x in text.splitlines() if x.startswith(f"{mode} "))
        assert cell(report[mode]["f1_interval"]) in line, line
    t, row = next((t, r) for t, r in report["exact"]["per_type"].items() if r["f1_interval"])
    assert cell(row["f1_interval"]) in next(x for x in text.splitlines() if x.startswith(f"  {t} "))
    assert "or the mode is a token mode" not in text  # the note no longer leaves them out
    assert main([*args, "--markdown"]) == 0
    md = capsys.readouterr().out
    assert "| token_iob2 | " in md and cell(report["token_iob2"]["f1_interval"]) in md
    assert f"| {t} | " in md and cell(row["f1_interval"]) in md
    page = tmp_path / "r.html"  # every mode's table, each type's row with its interval
    assert main(["report", str(pred), "--gold", str(gold), "-o", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    for mode in ("exact", *TOKEN_MODES):
        table = html[html.index(f'<table class="scores" data-metric="entities/{mode}"') :]
        table = table[: table.index("</table>")]
        for t, row in report[mode]["per_type"].items():
            shown = "-" if row["f1_interval"] is None else cell(row["f1_interval"])
            assert f'data-type="{t}"' in table and f'<td class="num ci">{shown}</td>' in table, (mode, t)


def test_compare_tests_a_token_mode_on_its_own_counts(tmp_path: Path, capsys) -> None:
    # IOBES with two adjacent S-PER: conlleval's rule reads them as one chunk, the strict mode as
    # two, so the token mode's F1 differs from the strict mode's and compare must use the former.
    rows = ["-DOCSTART- O", "", "Ann S-PER", "Bo S-PER", "met O", "Cy S-PER", ".", "",
            "Acme B-ORG", "Corp E-ORG", "hired O", "Di S-PER", ".", "",
            "-DOCSTART- O", "", "Ed S-PER", "saw O", "Lima S-LOC", "."]
    gold = tmp_path / "gold.conll"
    gold.write_text("\n".join(r if r != "." else ". O" for r in rows) + "\n", encoding="utf-8")
    a, b = tmp_path / "a.conll", tmp_path / "b.conll"
    a.write_text(gold.read_text(encoding="utf-8").replace("Bo S-PER", "Bo O").replace("Lima S-LOC", "Lima S-ORG"),
                 encoding="utf-8")
    b.write_text(gold.read_text(encoding="utf-8").replace("Corp E-ORG", "Corp O"), encoding="utf-8")

    def f1(path: Path, mode: str) -> float:
        assert main(["score", str(path), "--gold", str(gold), "--modes", mode, "--json", "--no-intervals"]) == 0
        return json.loads(capsys.readouterr().out)["entities"][mode]["overall"]["f1"]

    for mode in TOKEN_MODES:
        assert main(["compare", str(a), str(b), "--gold", str(gold), "--metric", mode, "--json",
                     "--replicates", "300"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert (out["metric"], out["layer"]) == (mode, "entities")
        assert (out["f1_a"], out["f1_b"]) == (f1(a, mode), f1(b, mode))
        assert out["delta"] == pytest.approx(out["f1_a"] - out["f1_b"]) and out["replicates"] == 300
    assert f1(a, "token_conlleval") != f1(a, "strict")  # the token mode is not the strict mode here
