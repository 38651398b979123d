"""Event predictions in the formats event extraction uses: TextEE/OneIE windows, DyGIE++
documents, text only, and their equivalence with the canonical form and brat."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from newsgold.cli import main
from newsgold.gold.sources import load_corpus
from newsgold.gold.spans import Span
from newsgold.readers.jsonl import dump_jsonl
from newsgold.readers.records import DocPredictions, PredArgument, PredEvent
from newsgold.readers.registry import detect
from newsgold.scoring.results import EVENT_METRICS

from tests.conftest import DOC_ID, ROOT, gold_role_misfits, role_misfits


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: these tests read back and perturb a gold, and must not move when the live one is corrected."""
    return frozen_repo


@pytest.fixture(scope="module")
def pair(repo):
    [(doc, gold)] = load_corpus(repo)
    return doc, gold


def scores(capsys, repo, path: Path, view: str, *extra: str) -> tuple[dict, dict]:
    assert main(["score", "--root", str(repo.root), str(path), "--json", "--no-errors", "--event-view", view, *extra]) == 0, capsys.readouterr().err
    report = json.loads(capsys.readouterr().out)
    return {m: report["events"][m] for m in EVENT_METRICS}, report


def export(repo, tmp_path: Path, capsys, fmt: str) -> Path:
    out = tmp_path / fmt
    assert main(["export", "--root", str(repo.root), "--format", fmt, "-o", str(out)]) == 0
    capsys.readouterr()
    [path] = out.iterdir()
    return path


# ---- the same predictions in four formats ----------------------------------------------------


def perturbed_events(doc, gold, seed: int = 7) -> list[PredEvent]:
    """An extractor's events: the gold (arguments by head) with drops, retypes, wrong roles,
    missing and spurious arguments, a duplicate and a spurious event, all on token edges."""
    rnd = random.Random(seed)
    by = gold.by_id()
    words = [t for t in doc.tokens if doc.text[t.start].isalpha()]
    out = []
    for e in gold.events:
        if rnd.random() < 0.15:
            continue
        label = rnd.choice(["Contact:Phone-Write", "Conflict:Attack"]) if rnd.random() < 0.15 else e.type
        sentence = doc.sentences[doc.sentence_of(e.trigger.start)]
        args = []
        for a in e.arguments:
            r = rnd.random()
            if r < 0.15:
                continue
            role = "Place" if r < 0.3 else a.role
            head = by[a.ref].head_or_span
            args.append(PredArgument(role, head.start, head.end))
        if rnd.random() < 0.5:
            t = rnd.choice([t for t in words if sentence.start <= t.start and t.end <= sentence.end])
            args.append(PredArgument("Entity", t.start, t.end))
        out.append(PredEvent(label, e.trigger, tuple(args)))
    out.append(out[0])
    spurious = next(t for t in words if doc.text[t.start : t.end] == "restrictions")
    out.append(PredEvent("Justice:Arrest-Jail", spurious, (PredArgument("Person", *_word(doc, "Obama", spurious)),)))
    return out


def _word(doc, word: str, near: Span) -> tuple[int, int]:
    sentence = doc.sentences[doc.sentence_of(near.start)]
    start = doc.text.index(word, sentence.start)
    return start, start + len(word)


def _tok(doc, span: tuple[int, int]) -> tuple[int, int]:
    first, stop = doc.token_index.token_range(Span(*span))
    return first, stop


def write_textee(path: Path, doc, events: list[PredEvent]) -> None:
    lines = []
    for i, sentence in enumerate(doc.sentences):
        first, stop = doc.token_index.covering_range(sentence)
        mine = [e for e in events if doc.sentence_of(e.trigger.start) == i]
        spans = sorted({(a.start, a.end) for e in mine for a in e.arguments})
        ids = {span: f"E{k}" for k, span in enumerate(spans)}
        local = lambda span: dict(zip(("start", "end"), (x - first for x in _tok(doc, span))))  # noqa: E731
        lines.append({
            "doc_id": DOC_ID, "wnd_id": f"w{i}", "text": doc.text[sentence.start : sentence.end],
            "tokens": [doc.text[t.start : t.end] for t in doc.tokens[first:stop]],
            "entity_mentions": [{"id": ids[s], "entity_type": "X", "mention_type": "NOM", **local(s)} for s in spans],
            "event_mentions": [{"event_type": e.type, "trigger": {**local((e.trigger.start, e.trigger.end)), "text": doc.text[e.trigger.start : e.trigger.end]},
                                "arguments": [{"entity_id": ids[a.start, a.end], "role": a.role} for a in e.arguments]} for e in mine],
        })
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")


def write_dygiepp(path: Path, doc, events: list[PredEvent]) -> None:
    sentences, by_sentence = [], []
    for sentence in doc.sentences:
        first, stop = doc.token_index.covering_range(sentence)
        sentences.append([doc.text[t.start : t.end] for t in doc.tokens[first:stop]])
        by_sentence.append([])
    for e in events:
        t, _ = _tok(doc, (e.trigger.start, e.trigger.end))
        args = [[a, b - 1, arg.role, 1.5, 0.8] for arg in e.arguments for a, b in [_tok(doc, (arg.start, arg.end))]]
        by_sentence[doc.sentence_of(e.trigger.start)].append([[t, e.type.replace(":", "."), 2.0, 0.9], *args])
    record = {"doc_key": DOC_ID, "dataset": "ace-event", "sentences": sentences, "events": [[] for _ in sentences],
              "predicted_events": by_sentence}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def write_brat(folder: Path, doc, events: list[PredEvent]) -> None:
    folder.mkdir()
    lines, ids = [], {}

    def t(span: tuple[int, int], label: str) -> str:
        if (span, label) not in ids:
            ids[span, label] = f"T{len(ids) + 1}"
            lines.append(f"{ids[span, label]}\t{label} {span[0]} {span[1]}\t{doc.text[span[0]:span[1]]}")
        return ids[span, label]

    for k, e in enumerate(events, 1):
        leaf = e.type.split(":")[1]
        trigger = t((e.trigger.start, e.trigger.end), leaf)
        args = " ".join(f"{a.role}:{t((a.start, a.end), 'Filler')}" for a in e.arguments)
        lines.append(f"E{k}\t{leaf}:{trigger} {args}".rstrip())
    (folder / f"{DOC_ID}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_same_events_in_four_formats_score_identically(repo, pair, tmp_path: Path, capsys) -> None:
    doc, gold = pair
    events = perturbed_events(doc, gold)
    paths = {"jsonl": tmp_path / "canonical.jsonl", "textee": tmp_path / "textee.json", "dygiepp": tmp_path / "dygiepp.jsonl",
             "brat": tmp_path / "brat"}
    paths["jsonl"].write_text(dump_jsonl([DocPredictions(DOC_ID, (), tuple(events), frozenset({"events"}))], {DOC_ID: doc.text}), encoding="utf-8")
    write_textee(paths["textee"], doc, events)
    write_dygiepp(paths["dygiepp"], doc, events)
    write_brat(paths["brat"], doc, events)
    for view in ("benchmark", "full"):
        expected, report = scores(capsys, repo, paths["jsonl"], view)
        f1 = [expected[m]["overall"]["f1"] for m in EVENT_METRICS]
        assert all(0 < x < 1 for x in f1), f1  # every metric has right and wrong predictions to count
        for name, path in paths.items():
            got, report = scores(capsys, repo, path, view)
            assert report["config"]["format"] == name
            assert got == expected, (name, view)


# ---- the gold, exported and read back -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["textee", "dygiepp"])
def test_exported_gold_read_back_scores_100_on_every_event_metric(repo, tmp_path: Path, capsys, fmt: str) -> None:
    path = export(repo, tmp_path, capsys, fmt)
    assert detect(path) == fmt
    for view in ("benchmark", "full"):
        got, report = scores(capsys, repo, path, view)
        assert {m: got[m]["overall"]["f1"] for m in EVENT_METRICS} == dict.fromkeys(EVENT_METRICS, 1.0), view
        assert report["entities"]["strict"]["overall"]["f1"] == 1.0  # names and values: both formats carry the flat layer
        assert [w for w in report["warnings"] if w["code"] != "NG617"] == []
        assert role_misfits(report) == gold_role_misfits(repo) > 0  # the gold's own NG409 fillers, read back
        # Neither format carries event attributes.
        assert all(a["predicted"] == 0 for a in report["event_attributes"].values())


def test_textee_export_is_what_textee_reads(repo, pair, tmp_path: Path, capsys) -> None:
    """The fields TextEE's data loader reads, with token indices that name the gold's spans."""
    doc, gold = pair
    records = [json.loads(line) for line in export(repo, tmp_path, capsys, "textee").read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(doc.sentences)
    by = gold.by_id()
    triggers = []
    for r in records:
        assert {"doc_id", "wnd_id", "text", "lang", "tokens", "entity_mentions", "event_mentions"} <= set(r)
        mentions = {m["id"]: m for m in r["entity_mentions"]}
        for m in r["entity_mentions"]:
            assert " ".join(r["tokens"][m["start"] : m["end"]]).replace(" ", "") == m["text"].replace(" ", "")
            assert by[m["id"]].head_or_span == Span(*_span_in(doc, r, m))
        for e in r["event_mentions"]:
            triggers.append(e["trigger"]["text"])
            for a in e["arguments"]:
                assert a["entity_id"] in mentions and a["text"] == mentions[a["entity_id"]]["text"]
    assert triggers == [e.trigger_text for e in sorted(gold.events, key=lambda e: e.trigger.start)]
    values = {m["id"]: m.get("value") for r in records for m in r["entity_mentions"]}
    assert values["T2"] == "2010-02-18"  # TIMEX values ride along on DATE and TIME mentions


def _span_in(doc, record: dict, mention: dict) -> tuple[int, int]:
    first = doc.token_index.covering_range(doc.sentences[int(record["wnd_id"].rsplit("-", 1)[1])])[0]
    return doc.tokens[first + mention["start"]].start, doc.tokens[first + mention["end"] - 1].end


def test_dygiepp_export_refuses_a_trigger_of_two_tokens(repo, pair, tmp_path: Path) -> None:
    from dataclasses import replace

    from newsgold.gold.errors import NewsgoldError
    from newsgold.outputs.export import dygiepp_records

    doc, gold = pair
    e = gold.events[0]
    wide = replace(e, trigger=Span(e.trigger.start, e.trigger.end + 3))  # 'talks on'
    with pytest.raises(NewsgoldError) as err:
        dygiepp_records([(doc, gold.replace(events=(wide, *gold.events[1:])))])
    assert err.value.incidents[0].code == "NG612" and "textee" in err.value.incidents[0].hint


# ---- bad input ---------------------------------------------------------------------------------


def textee_lines(repo, tmp_path: Path, capsys) -> list[dict]:
    return [json.loads(line) for line in export(repo, tmp_path, capsys, "textee").read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def refused(capsys, repo, path: Path, tmp_path: Path) -> str:
    out = tmp_path / "report.json"
    assert main(["score", "--root", str(repo.root), str(path), "--json", "-o", str(out)]) == 2
    assert not out.exists()  # nothing written on error
    return capsys.readouterr().err


def test_a_textee_file_with_one_bad_token_gets_a_coded_error(repo, tmp_path: Path, capsys) -> None:
    records = textee_lines(repo, tmp_path, capsys)
    records[2]["tokens"][3] = "Kelley"
    err = refused(capsys, repo, write_lines(tmp_path / "bad.json", records), tmp_path)
    assert "bad.json:3#/tokens/3: error NG608" in err and "'Kelley'" in err


@pytest.mark.parametrize(
    "change, where, code",
    [
        (lambda r: r.update(text="Havana is far away."), "#/text", "NG608"),
        (lambda r: r["tokens"].pop(), "#/tokens", "NG608"),
        (lambda r: r["event_mentions"][0]["arguments"][0].update(entity_id="T999"), "#/event_mentions/0/arguments/0/entity_id", "NG405"),
        (lambda r: r["event_mentions"][0]["trigger"].update(start=1, end=1), "#/event_mentions/0/trigger", "NG301"),
        (lambda r: r["event_mentions"][0]["trigger"].update(start=31, end=32), "#/event_mentions/0/trigger/text", "NG302"),
        (lambda r: r.update(doc_id="another"), "#/doc_id", "NG602"),
    ],
)
def test_textee_bad_input_is_refused_with_line_and_pointer(repo, tmp_path: Path, capsys, change, where: str, code: str) -> None:
    records = textee_lines(repo, tmp_path, capsys)
    change(records[0])
    err = refused(capsys, repo, write_lines(tmp_path / "bad.jsonl", records), tmp_path)
    assert f"bad.jsonl:1{where}: error {code}" in err, err


def test_a_role_the_subtype_does_not_allow_is_a_warning_and_scores_as_wrong(repo, tmp_path: Path, capsys) -> None:
    records = textee_lines(repo, tmp_path, capsys)
    records[0]["event_mentions"][0]["arguments"][0]["role"] = "Victim"  # E1 is Contact:Meet
    path = write_lines(tmp_path / "roles.jsonl", records)
    got, report = scores(capsys, repo, path, "benchmark")
    [w] = [w for w in report["warnings"] if w["code"] == "NG403"]
    assert w["severity"] == "warning" and w["line"] == 1 and w["pointer"] == "/event_mentions/0/arguments/0/role"
    assert "'Victim'" in w["message"] and "Contact:Meet" in w["message"]
    assert got["argument_classification"]["overall"]["fp"] == 1 and got["argument_identification"]["overall"]["fp"] == 0


def test_oneie_spelling_of_the_window_is_read(repo, tmp_path: Path, capsys) -> None:
    records = textee_lines(repo, tmp_path, capsys)
    for r in records:
        r["sent_id"], r["sentence"] = r.pop("wnd_id"), r.pop("text")
    got, _ = scores(capsys, repo, write_lines(tmp_path / "test.oneie.json", records), "full")
    assert got["argument_classification_attached"]["overall"]["f1"] == 1.0


def test_dygiepp_reads_the_predicted_fields_over_the_copied_gold(repo, tmp_path: Path, capsys) -> None:
    path = export(repo, tmp_path, capsys, "dygiepp")
    record = json.loads(path.read_text(encoding="utf-8"))
    predicted = [[[ev[0] + [1.2, 0.7]] for ev in sentence] for sentence in record["events"]]  # triggers only
    record["predicted_events"] = predicted
    record["predicted_ner"] = [[] for _ in record["ner"]]
    got, report = scores(capsys, repo, write_lines(tmp_path / "pred.json", [record]), "benchmark")
    assert got["trigger_classification"]["overall"]["f1"] == 1.0
    assert got["argument_identification"]["overall"]["tp"] == 0
    assert report["entities"]["strict"]["overall"]["tp"] == 0


@pytest.mark.parametrize(
    "change, where, code",
    [
        (lambda r: r["sentences"][4].__setitem__(2, "Kuba"), "#/sentences/4/2", "NG608"),
        (lambda r: r["events"][0][0][1].__setitem__(1, 999), "#/events/0/0/1", "NG301"),
        (lambda r: r["events"].pop(), "#/events", "NG201"),
        (lambda r: r["ner"][0].append(["a", 1, "GPE"]), "#/ner/0/", "NG201"),
        (lambda r: r.update(doc_key="another"), "#/doc_key", "NG602"),
    ],
)
def test_dygiepp_bad_input_is_refused_with_line_and_pointer(repo, tmp_path: Path, capsys, change, where: str, code: str) -> None:
    record = json.loads(export(repo, tmp_path, capsys, "dygiepp").read_text(encoding="utf-8"))
    change(record)
    err = refused(capsys, repo, write_lines(tmp_path / "bad.jsonl", [record]), tmp_path)
    assert f"bad.jsonl:1{where}" in err and f"error {code}" in err, err


@pytest.mark.parametrize(
    "name, record, expected",
    [
        ("a.json", {"doc_id": "d", "wnd_id": "d-0", "text": "x", "tokens": ["x"], "entity_mentions": [], "event_mentions": []}, "textee"),
        ("a.jsonl", {"doc_id": "d", "sent_id": "d-0", "sentence": "x", "tokens": ["x"], "event_mentions": []}, "textee"),
        ("a.json", {"doc_key": "d", "dataset": "ace-event", "sentences": [["x"]]}, "dygiepp"),
        ("a.jsonl", {"doc_key": "d", "sentences": [["x"]], "predicted_events": [[]]}, "dygiepp"),
        ("a.jsonl", {"doc_id": "d", "events": [{"type": "Contact:Meet", "trigger": "talks"}]}, "text-only"),
        ("a.jsonl", {"doc_id": "d", "events": [{"type": "Contact:Meet", "trigger": {"start": 0, "end": 1}}]}, "jsonl"),
    ],
)
def test_event_formats_are_detected_by_content(tmp_path: Path, name: str, record: dict, expected: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert detect(path) == expected


# ---- text-only events --------------------------------------------------------------------------


def text_only_gold(doc, gold) -> list[dict]:
    by = gold.by_id()
    return [{"type": e.type, "trigger": e.trigger_text,
             "arguments": [{"role": a.role, "text": by[a.ref].text} for a in e.arguments]} for e in gold.events]


def test_text_only_events_align_like_the_gold_where_the_text_says_it(repo, pair, tmp_path: Path, capsys) -> None:
    doc, gold = pair
    listed = text_only_gold(doc, gold)
    path = write_lines(tmp_path / "llm.jsonl", [{"doc_id": DOC_ID, "events": listed}])
    got, report = scores(capsys, repo, path, "full", "--arg-match", "extent")
    assert report["config"]["format"] == "text-only"
    # Events with arguments land on their own trigger (E6 'meeting' in New York: the occurrence
    # nearest to New York), those without ('discussions', 'meeting') once each: every gold
    # trigger and argument is found, and nothing is left out.
    assert got["trigger_classification"]["overall"]["fn"] == 0
    assert not [w for w in report["warnings"] if w["code"] == "NG608"]
    assert got["argument_classification_attached"]["overall"]["f1"] == 1.0


def test_text_only_events_report_what_they_cannot_place(repo, tmp_path: Path, capsys) -> None:
    events = [
        {"type": "Contact:Meet", "trigger": "summit"},
        {"type": "Contact:Meet", "trigger": {"text": "talks"}, "arguments": [{"role": "Entity", "text": "Moscow"}]},
        {"type": "Contact:Meet", "trigger": "talks", "arguments": [{"role": "Entity", "text": "Cuba"}, {"role": "Place", "text": "Havana"}]},
    ]
    got, report = scores(capsys, repo, write_lines(tmp_path / "llm.jsonl", [{"doc_id": DOC_ID, "events": events}]), "full")
    notes = [w["message"] for w in report["warnings"] if w["code"] == "NG608"]
    assert any("event 0" in n and "occurs nowhere" in n for n in notes)
    assert any("event 1" in n and "ambiguous" in n for n in notes)  # 'talks' twice, 'Moscow' in neither sentence
    # Event 2: 'Cuba' and 'Havana' single out the first 'talks' (E1).
    assert got["trigger_classification"]["overall"]["tp"] == 1
    assert got["argument_classification_attached"]["overall"]["tp"] == 2


def test_canonical_events_with_text_triggers_point_to_text_only(repo, tmp_path: Path, capsys) -> None:
    path = write_lines(tmp_path / "mixed.jsonl", [{"doc_id": DOC_ID, "entities": [], "events": [{"type": "Contact:Meet", "trigger": "talks"}]}])
    assert main(["score", "--root", str(repo.root), str(path), "--format", "jsonl"]) == 2
    err = capsys.readouterr().err
    assert "#/events/0/trigger" in err and "--format text-only" in err


def test_text_only_events_stream_as_they_read(repo, pair, tmp_path: Path) -> None:
    """A large file is scored as it is read (``shard``): the events are aligned the same way."""
    import newsgold

    doc, gold = pair
    path = write_lines(tmp_path / "llm.jsonl", [{"doc_id": DOC_ID, "events": text_only_gold(doc, gold)}])
    corpus = newsgold.load_corpus(repo.root)
    whole = newsgold.score(gold=corpus, predictions=path)
    streamed = newsgold.score(gold=corpus, predictions=path, shard=True)
    assert streamed.events.metrics == whole.events.metrics
    assert whole.events.metrics["trigger_classification"]


# ---- the README's TextEE walk-through --------------------------------------------------------


def test_the_readme_runs_a_textee_model_on_newsgold_up_to_the_model(repo, tmp_path: Path, capsys, monkeypatch) -> None:
    """Export, the TextEE command, and scoring what the README's snippet writes: the model is
    played by the gold itself, in the shape TextEE's loader and predictors give."""
    import re
    import shlex

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Run a TextEE model on newsgold", 1)[1].split("\n## ", 1)[0]
    export_cmd, run_cmd, score_cmd = [line for block in re.findall(r"```sh\n(.+?)\n```", section, re.S) for line in block.splitlines()]
    [snippet] = re.findall(r"```python\n(.+?)\n```", section, re.S)
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(export_cmd)
    assert argv[0] == "newsgold" and main([*argv[1:], "--root", str(repo.root)]) == 0
    capsys.readouterr()
    data = Path(shlex.split(run_cmd)[shlex.split(run_cmd).index("--data") + 1])
    assert data.is_file()  # what the model would read
    predictions = []
    for record in map(json.loads, data.read_text(encoding="utf-8").splitlines()):
        spans = {m["id"]: (m["start"], m["end"]) for m in record["entity_mentions"]}
        # trainer.predict's shape (TextEE's end-to-end trainers): 3-tuples, no text
        events = [{"trigger": (e["trigger"]["start"], e["trigger"]["end"], e["event_type"]),
                   "arguments": [(*spans[a["entity_id"]], a["role"]) for a in e["arguments"]]} for e in record["event_mentions"]]
        predictions.append({k: record[k] for k in ("doc_id", "wnd_id", "tokens")} | {"events": events})
    exec(snippet, {"predictions": predictions, "json": json})
    argv = shlex.split(score_cmd)
    got, report = scores(capsys, repo, Path(argv[2]), "benchmark", *argv[3:])  # the ACE05-E export: its 22 roles
    assert report["config"]["format"] == "textee" and report["config"]["layers"] == ["events"]
    assert {m: got[m]["overall"]["f1"] for m in EVENT_METRICS} == dict.fromkeys(EVENT_METRICS, 1.0)


def test_the_readme_example_lines_say_the_same_event(repo, tmp_path: Path, capsys) -> None:
    import re

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### Event predictions", 1)[1].split("\n\n", 3)[2]  # the table of example lines
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.+) \|$", section, re.M))
    files = {"jsonl": (tmp_path / "a.jsonl", rows["jsonl"].strip("`") + "\n"),
             "text-only": (tmp_path / "b.jsonl", rows["text-only"].strip("`") + "\n")}
    ann = [s.replace("\\t", "\t") for s in re.findall(r"`([^`]+)`", rows["brat"])]
    (tmp_path / "brat").mkdir()
    files["brat"] = (tmp_path / "brat" / f"{DOC_ID}.ann", "\n".join(ann[1:] + ann[:1]) + "\n")
    for name, (path, text) in files.items():
        path.write_text(text, encoding="utf-8")
        got, report = scores(capsys, repo, path.parent if name == "brat" else path, "benchmark")
        assert report["config"]["format"] == name
        assert got["trigger_classification"]["overall"]["tp"] == 1 and got["argument_classification_attached"]["overall"]["tp"] == 2, name
