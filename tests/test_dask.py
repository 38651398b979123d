"""newsgold.dask on a distributed LocalCluster of several workers equals one run in one process."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import newsgold  # noqa: E402
import newsgold.dask  # noqa: E402
from newsgold.gold.errors import NewsgoldError  # noqa: E402
from newsgold.outputs.counts import merge_counts, to_counts  # noqa: E402

from tests.conftest import FROZEN, ROOT  # noqa: E402

SYSTEMS = sorted(p.name for p in (ROOT / "submissions").iterdir() if (p / "predictions.jsonl").exists())


def sentence_corpus() -> tuple[list[dict], list[dict]]:
    """A corpus of many short documents: each sentence of the article once per leaderboard
    system, with its gold (entities, mentions, events) and that system's predictions in it;
    every seventh document has no predictions line. Built from the frozen gold: a correction of
    the live gold moves nothing here."""
    corpus = newsgold.load_corpus(FROZEN)
    [(doc, gold)] = list(corpus)
    by = gold.by_id()
    systems = {s: json.loads((ROOT / "submissions" / s / "predictions.jsonl").read_text(encoding="utf-8")) for s in SYSTEMS}
    gold_lines, pred_lines = [], []
    for i, sentence in enumerate(doc.sentences):
        a, b = sentence.start, sentence.end
        inside = lambda s, e: a <= s and e <= b  # noqa: E731
        span = lambda s, e, **more: {"start": s - a, "end": e - a, **more}  # noqa: E731
        record = {
            "text": doc.text[a:b],
            "entities": [span(m.span.start, m.span.end, type=m.type) for m in gold.entities if inside(m.span.start, m.span.end)],
            "mentions": [span(m.span.start, m.span.end, type=m.type) for m in gold.mentions if inside(m.span.start, m.span.end)],
            "events": [{"type": e.type, "trigger": span(e.trigger.start, e.trigger.end),
                        "arguments": [span(by[x.ref].span.start, by[x.ref].span.end, role=x.role) for x in e.arguments]}
                       for e in gold.events if inside(e.trigger.start, e.trigger.end)],
        }
        for k, (system, predicted) in enumerate(systems.items()):
            doc_id = f"s{i:02d}-{system}"
            gold_lines.append({"doc_id": doc_id, **record})
            if (i * len(systems) + k) % 7 == 3:
                continue
            entities = [span(e["start"], e["end"], type=e["type"]) for e in predicted["entities"] if inside(e["start"], e["end"])]
            line = {"doc_id": doc_id, "entities": entities}
            if "events" in predicted:
                line["events"] = [{"type": e["type"], "trigger": span(e["trigger"]["start"], e["trigger"]["end"]),
                                   "arguments": [span(x["start"], x["end"], role=x["role"]) for x in e["arguments"] if inside(x["start"], x["end"])]}
                                  for e in predicted["events"] if inside(e["trigger"]["start"], e["trigger"]["end"])]
            pred_lines.append(line)
    return gold_lines, pred_lines


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("dask")
    gold, predicted = sentence_corpus()
    # one file each for the one-process run; several, in other orders, for Dask
    parts = {"gold_all": write(folder / "gold.jsonl", gold), "pred_all": write(folder / "pred.jsonl", predicted)}
    for k in range(3):
        write(folder / f"gold-{k}.jsonl", gold[k::3])
    write(folder / "pred-0.jsonl", predicted[::-2])
    write(folder / "pred-1.jsonl", predicted[-2::-2])
    parts |= {"gold_glob": str(folder / "gold-*.jsonl"), "pred_glob": str(folder / "pred-*.jsonl"), "documents": len(gold)}
    return parts


@pytest.fixture(scope="module")
def client():
    # Three worker processes (about two seconds to start on a two-core machine): every task and
    # its data cross a process boundary, as on a cluster.
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def one_process(files) -> dict:
    scored = newsgold.score(gold=files["gold_all"], predictions=files["pred_all"], errors=False)
    return scored, merge_counts([("all", to_counts(scored))])


def test_dask_on_several_workers_equals_one_run_in_one_process(files, client) -> None:
    scored, expected = one_process(files)
    report = newsgold.report(scored)
    with distributed.get_task_stream(client) as stream:
        got = newsgold.dask.score(gold=files["gold_glob"], predictions=files["pred_glob"], blocksize=4096)
    assert len({t["worker"] for t in stream.data}) >= 2  # the work was spread over the workers
    for key in ("entities", "timex", "events", "event_attributes", "dataset_version", "config", "documents"):
        assert got[key] == expected[key], key
    for key in ("entities", "timex", "events", "event_attributes"):
        assert got[key] == report[key], key  # and so equals the one-process report itself
    assert got["documents"] == files["documents"] > 50
    assert [(w["code"], w["message"]) for w in got["warnings"]] == [(w["code"], w["message"]) for w in report["warnings"]]
    assert any(w["code"] == "NG609" for w in got["warnings"])  # documents without predictions, named as one run names them
    assert 0 < got["entities"]["strict"]["overall"]["f1"] < 1 and got["events"]["trigger_classification"]["overall"]["tp"] > 0


def test_options_reach_every_partition(files, client) -> None:
    config = newsgold.EntityConfig(modes=("strict", "partial"), types=frozenset({"GPE", "PERSON"}))
    scored = newsgold.score(gold=files["gold_all"], predictions=files["pred_all"], entities=config, layers=("entities",), errors=False)
    got = newsgold.dask.score(gold=files["gold_glob"], predictions=files["pred_glob"], entities=config, layers=("entities",))
    assert got["entities"] == newsgold.report(scored)["entities"]
    assert set(got["entities"]) == {"strict", "partial"} and "events" not in got


def test_a_prediction_for_no_gold_document_and_a_bad_line_are_coded_errors(files, client, tmp_path: Path) -> None:
    stray = write(tmp_path / "stray.jsonl", [{"doc_id": "not-in-the-gold", "entities": []}])
    with pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=files["gold_glob"], predictions=str(stray))
    assert e.value.incidents[0].code == "NG602" and "not-in-the-gold" in e.value.incidents[0].message
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "s00-baseline", "entities": [{"start": 0, "end": 99999, "type": "GPE"}]}\n', encoding="utf-8")
    with pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=files["gold_glob"], predictions=str(bad))
    assert e.value.incidents[0].code == "NG301" and e.value.incidents[0].file == str(bad)


def test_the_readme_lines_run_as_written(files, tmp_path: Path) -> None:
    import os
    import re
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Score a corpus on Dask", 1)[1]
    lines = re.search(r"```python\n(.+?)```", readme, flags=re.S).group(1)
    assert len(lines.strip().splitlines()) == 3
    gold, predicted = sentence_corpus()
    write(tmp_path / "gold-a.jsonl", gold[:40])
    write(tmp_path / "gold-b.jsonl", gold[40:])
    write(tmp_path / "predictions-1.jsonl", predicted)
    code = lines + "import json; print(json.dumps(report['entities']['strict']['overall'])); client.close()\n"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "eval"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    scored, _ = one_process(files)
    assert json.loads(out.stdout.splitlines()[-1]) == newsgold.report(scored)["entities"]["strict"]["overall"]


def paired(folder: Path, gold: list[dict], predicted: list[dict], shards: int = 3) -> tuple[str, str]:
    """Gold and predictions sharded alike: gold-0000k.jsonl beside pred-0000k.jsonl."""
    ids = {r["doc_id"]: k % shards for k, r in enumerate(gold)}
    for k in range(shards):
        write(folder / f"gold-{k:05d}.jsonl", [r for r in gold if ids[r["doc_id"]] == k])
        write(folder / f"pred-{k:05d}.jsonl", [r for r in predicted if ids[r["doc_id"]] == k][::-1])
    return str(folder / "gold-*.jsonl"), str(folder / "pred-*.jsonl")


def test_each_line_is_parsed_once_and_each_document_built_once(files, monkeypatch) -> None:
    """Counted in the tasks themselves (Dask's synchronous scheduler runs them here): one
    parse a line, one check and build a document, whatever the number of blocks."""
    import dask
    from newsgold import dask as module

    counts = {"lines": 0, "gold": 0, "predicted": 0}

    def counted(name, f, records):  # a document built by a block check, or alone
        def call(*a, **k):
            built = f(*a, **k)
            counts[name] += 0 if built is None else len(records(*a))
            return built

        return call

    class Lines(module.JsonLines):  # the one line reader, which parses each line it yields
        def __iter__(self):
            for item in super().__iter__():
                counts["lines"] += 1
                yield item

    monkeypatch.setattr(module, "JsonLines", Lines)
    monkeypatch.setattr(module, "gold_block", counted("gold", module.gold_block, lambda records: records))
    monkeypatch.setattr(module, "gold_record", counted("gold", module.gold_record, lambda record, file: [record]))
    monkeypatch.setattr(module, "predictions_block", counted("predicted", module.predictions_block, lambda _, v, *a: v))
    monkeypatch.setattr(module, "parse_document", counted("predicted", module.parse_document, lambda record, doc: [record]))
    n_pred = sum(1 for _ in open(files["pred_all"], encoding="utf-8"))
    with dask.config.set(scheduler="sync"):
        stats: dict[str, int] = {}
        got = newsgold.dask.score(gold=files["gold_glob"], predictions=files["pred_glob"], blocksize=2048, stats=stats)
    assert stats["blocks"] > 5 and stats["partitions"] > 2  # many blocks, routed to several partitions
    assert counts == {"lines": files["documents"] + n_pred, "gold": files["documents"], "predicted": n_pred}
    assert stats["lines_parsed"] == counts["lines"]
    _, expected = one_process(files)
    assert got["entities"] == expected["entities"] and got["events"] == expected["events"]


def idle(client) -> None:
    """Wait for the workers to finish what an earlier test left running (a computation that
    raised stops waiting, not its tasks), which would land in a task stream."""
    deadline = time.monotonic() + 30
    while any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_shards_sharded_alike_are_paired_without_routing(files, client, tmp_path: Path) -> None:
    gold, predicted = sentence_corpus()
    gold_glob, pred_glob = paired(tmp_path, gold, predicted)
    stats: dict[str, int] = {}
    # The workers' transfer logs hold what earlier tests moved too (in any order): only this run's entries count.
    logged = client.run(lambda dask_worker: len(dask_worker.transfer_incoming_log))
    idle(client)
    with distributed.get_task_stream(client) as stream:
        got = newsgold.dask.score(gold=gold_glob, predictions=pred_glob, stats=stats)
    # the first look, its inventories and one task a pair: no task gathers the counts on a worker
    assert {str(t["key"]).split("-")[0] for t in stream.data} == {"_scan", "_inventories", "_paired"}
    assert stats == {"lines_parsed": len(gold) + len(predicted), "blocks": 6, "partitions": 3, "rounds": 1}
    transfers = client.run(lambda dask_worker: [[str(k) for k in d["keys"]] for d in list(dask_worker.transfer_incoming_log)])
    moved = [k for worker, entries in transfers.items() for keys in entries[logged[worker]:] for k in keys]
    assert not [k for k in moved if k.startswith(("_paired", "_build"))]  # no part moved
    _, expected = one_process(files)
    for key in ("entities", "timex", "events", "documents"):
        assert got[key] == expected[key], key
    # A document's predictions in another shard than its gold: the pairing is by name, so it is unknown there.
    moved = tmp_path / "moved"
    moved.mkdir()
    gold_glob, pred_glob = paired(moved, gold, predicted)
    first = json.loads((moved / "pred-00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    with open(moved / "pred-00001.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(first) + "\n")
    with pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=gold_glob, predictions=pred_glob)
    assert e.value.incidents[0].code == "NG602" and first["doc_id"] in e.value.incidents[0].message


@pytest.mark.parametrize("scheduler", ["sync", "threads", "distributed"])
def test_the_same_coded_error_on_every_scheduler(files, client, tmp_path: Path, scheduler) -> None:
    import contextlib

    import dask

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "s00-baseline", "entities": []}\n{"doc_id": 3}\n', encoding="utf-8")
    chosen = contextlib.nullcontext() if scheduler == "distributed" else dask.config.set(scheduler=scheduler)
    idle(client)
    with chosen, distributed.get_task_stream(client) as stream:
        with pytest.raises(NewsgoldError) as e:
            newsgold.dask.score(gold=files["gold_glob"], predictions=str(bad))
    assert bool(stream.data) == (scheduler == "distributed")  # the client's workers ran it, or none did
    [i] = e.value.incidents
    assert (i.code, i.file, i.line, i.pointer) == ("NG201", str(bad), 2, "/doc_id")


def test_a_fifo_is_refused_before_any_task_runs(files, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pred.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=files["gold_glob"], predictions=str(fifo))
    assert [(i.code, i.file) for i in e.value.incidents] == [("NG107", str(fifo))]


def test_blocks_read_a_bom_crlf_blank_lines_and_a_bad_line_as_the_line_reader_does(files, tmp_path: Path) -> None:
    """Byte-range blocks go through the one JSON Lines line reader: the same rules as a whole
    file, and an error names the line number that reading the whole file names."""
    import dask
    from newsgold.readers.jsonl import read_jsonl
    from newsgold.tables.lines import JsonLines

    raw = Path(files["pred_all"]).read_bytes()
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(raw.replace(b"\n", b"\r\n\n  \n"))  # CRLF, a blank line and a line of spaces after each
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + raw)
    lines = raw.splitlines(keepends=True)
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"".join(lines[:-3]) + b'{"doc_id": "x", "entities": [}\n' + b"".join(lines[-3:]))
    _, expected = one_process(files)
    with dask.config.set(scheduler="sync"):
        stats: dict[str, int] = {}
        got = newsgold.dask.score(gold=files["gold_glob"], predictions=str(crlf), blocksize=2048, stats=stats)
        assert stats["blocks"] > 10 and got["entities"] == expected["entities"]
        assert any(w["code"] == "NG606" for w in got["warnings"])  # CRLF said, as the line reader says it
        for path in (bom, broken):
            whole = JsonLines(path, max_errors=1)
            list(whole)
            with pytest.raises(NewsgoldError) as e:
                newsgold.dask.score(gold=files["gold_glob"], predictions=str(path), blocksize=2048)
            [i] = e.value.incidents
            assert (i.code, i.file, i.line, i.column) == (whole.errors[0].code, str(path), whole.errors[0].line, whole.errors[0].column)
    assert whole.errors[0].line == len(lines) - 2 > 50  # in a block far from the file's start
    with pytest.raises(NewsgoldError):
        read_jsonl(bom, newsgold.load_corpus(files["gold_all"]).documents)  # the one-process reader refuses it too


def test_a_document_in_two_paired_gold_shards_is_a_coded_error(tmp_path: Path) -> None:
    import dask

    gold, predicted = sentence_corpus()
    gold_glob, pred_glob = paired(tmp_path, gold, predicted)
    with open(tmp_path / "gold-00001.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(gold[0]) + "\n")  # gold[0] is in gold-00000.jsonl too
    with dask.config.set(scheduler="sync"), pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=gold_glob, predictions=pred_glob)
    [i] = e.value.incidents
    assert i.code == "NG505" and gold[0]["doc_id"] in i.message


@pytest.mark.parametrize("partitions", [1, 3])  # one partition: its predictions read as one block
def test_byte_offsets_are_suspected_as_one_process_suspects_them(tmp_path: Path, partitions: int) -> None:
    import dask

    text = "Señor Díaz met Cuba in Habana on Thursday."
    as_bytes = lambda s, e: (len(text[:s].encode()), len(text[:e].encode()))  # noqa: E731
    gold = [{"doc_id": f"d{i}", "text": text, "entities": [{"start": 15, "end": 19, "type": "GPE"}]} for i in range(4)]
    predicted = [
        {"doc_id": "d1", "entities": [dict(zip(("start", "end"), as_bytes(15, 19)), type="GPE"),
                                      dict(zip(("start", "end"), as_bytes(23, 29)), type="GPE")]},
        {"doc_id": "d2", "entities": [{"start": 15, "end": 19, "type": "GPE"}]},
        {"doc_id": "d0", "entities": [{"start": 15, "end": 19, "type": "GPE"}]},
    ]
    gold_file, pred_file = write(tmp_path / "gold.jsonl", gold), write(tmp_path / "pred.jsonl", predicted)
    one = newsgold.report(newsgold.score(gold=gold_file, predictions=pred_file, errors=False))
    with dask.config.set(scheduler="sync"):
        got = newsgold.dask.score(gold=str(gold_file), predictions=str(pred_file), partitions=partitions)
    assert got["entities"] == one["entities"]
    said = lambda r: [(w["code"], w["message"], w.get("line")) for w in r["warnings"] if w["code"] == "NG302"]  # noqa: E731
    assert said(got) == said(one) == [("NG302", said(one)[0][1], 1)]


def test_each_partition_is_freed_by_the_task_that_built_it(files, monkeypatch) -> None:
    """Memory per worker is bounded by a partition: no part outlives its task (Dask's
    synchronous scheduler runs the tasks one after another here)."""
    import gc
    import weakref

    import dask
    from newsgold import dask as module

    parts: list[weakref.ref] = []
    held_at_build: list[int] = []
    build = module._build

    def watched(*a, **k):
        gc.collect()
        held_at_build.append(sum(r() is not None for r in parts))
        part = build(*a, **k)
        parts.append(weakref.ref(part))
        return part

    monkeypatch.setattr(module, "_build", watched)
    with dask.config.set(scheduler="sync"):
        stats: dict[str, int] = {}
        got = newsgold.dask.score(gold=files["gold_glob"], predictions=files["pred_glob"], blocksize=2048, stats=stats)
    gc.collect()
    assert len(parts) == stats["partitions"] > 2 and stats["rounds"] == 1
    assert held_at_build == [0] * len(parts) and all(r() is None for r in parts)
    _, expected = one_process(files)
    assert got["entities"] == expected["entities"] and got["events"] == expected["events"]


def test_a_gold_layout_the_first_look_misreads_is_scored_again_with_the_same_numbers(files, tmp_path: Path) -> None:
    """The inventories are guessed from the bytes before any line is parsed; an event whose
    arguments come before its type misleads the guess (its roles go to the event before), and
    what the partitions built says so: every partition is scored again, with equal numbers."""
    import dask

    gold, predicted = sentence_corpus()
    reordered = [{**r, "events": [{k: e[k] for k in reversed(list(e))} for e in r["events"]]} for r in gold]
    assert any(len(r["events"]) > 1 for r in reordered)
    gold_file = write(tmp_path / "gold.jsonl", reordered)
    write(tmp_path / "pred.jsonl", predicted)
    expected = newsgold.report(newsgold.score(gold=gold_file, predictions=tmp_path / "pred.jsonl", errors=False))
    with dask.config.set(scheduler="sync"):
        stats: dict[str, int] = {}
        got = newsgold.dask.score(gold=str(gold_file), predictions=str(tmp_path / "pred.jsonl"), blocksize=4096, stats=stats)
    assert stats["rounds"] == 2 and stats["lines_parsed"] == 2 * (len(gold) + len(predicted))
    for key in ("entities", "timex", "events", "event_attributes"):
        assert got[key] == expected[key], key
    assert got["events"]["argument_classification"]["overall"]["tp"] > 0


def test_the_first_look_reads_escaped_labels_and_ignores_labels_inside_text(tmp_path: Path) -> None:
    """The guess equals what the built gold uses: escaped labels decoded, a text that quotes a
    key read as text (each quote in it is escaped)."""
    import fsspec
    from newsgold import dask as module
    from newsgold.gold.jsonl_gold import gold_record, usage

    text = 'He said "type": "FAKE", "role": "Fake" — Zoë.'
    record = {"doc_id": "d", "text": text, "entities": [{"start": 39, "end": 42, "type": "PERSÖN"}],
              "events": [{"type": "Life:Bé", "trigger": {"start": 3, "end": 7}, "arguments": [{"start": 39, "end": 42, "role": "Pérson"}]}]}
    path = write(tmp_path / "gold.jsonl", [record])  # json.dumps escapes the non-ASCII labels
    assert "\\u" in path.read_text(encoding="utf-8")
    labels = module._scan(module.Block(fsspec.filesystem("file"), str(path), module.GOLD))
    assert labels == (*usage([gold_record(record, str(path))]), set())


def test_predictions_of_entities_only_are_read_a_block_at_a_time_with_the_same_numbers(tmp_path: Path, monkeypatch) -> None:
    import dask
    from newsgold import dask as module

    gold, predicted = sentence_corpus()
    entities_only = [{"doc_id": r["doc_id"], "entities": r["entities"]} for r in predicted]
    gold_file, pred_file = write(tmp_path / "gold.jsonl", gold), write(tmp_path / "pred.jsonl", entities_only)
    blocks: list[int] = []
    block = module.predictions_block
    alone = module.parse_document
    monkeypatch.setattr(module, "predictions_block", lambda first, values, *a: blocks.append(len(values)) or block(first, values, *a))
    monkeypatch.setattr(module, "parse_document", lambda record, doc: blocks.append(-1) or alone(record, doc))
    expected = newsgold.report(newsgold.score(gold=gold_file, predictions=pred_file, errors=False))
    with dask.config.set(scheduler="sync"):
        got = newsgold.dask.score(gold=str(gold_file), predictions=str(pred_file), blocksize=4096)
    assert got["entities"] == expected["entities"] and "events" not in got
    # each partition's predictions in one block (a partition predicted once: that line alone)
    assert len([n for n in blocks if n > 1]) > 1 and sum(n if n > 0 else 1 for n in blocks) == len(entities_only)


def test_lines_routed_as_bytes_or_parsed_where_read_each_once_with_the_same_numbers(files, tmp_path: Path, monkeypatch) -> None:
    """A line that opens with a plain doc_id is routed as its bytes; any other (doc_id not
    first, written with escapes, or named twice) is parsed where it is read. Either way each
    line is parsed once and lands with its document's gold."""
    import dask
    from newsgold import dask as module

    gold, predicted = sentence_corpus()
    lines = []
    for k, r in enumerate(predicted):
        rest = {key: v for key, v in r.items() if key != "doc_id"}
        line = json.dumps(r)
        if k % 4 == 1:
            line = json.dumps({**rest, "doc_id": r["doc_id"]})  # doc_id last
        elif k % 4 == 2:
            line = line.replace('"doc_id"', '"doc\\u005fid"', 1)  # the key written with an escape
        elif k % 4 == 3:
            line = line.replace('"s', '"\\u0073', 1)  # the value written with an escape
        lines.append(line + "\n")
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(lines), encoding="utf-8")
    parsed = {"lines": 0}

    class Lines(module.JsonLines):
        def __iter__(self):
            for item in super().__iter__():
                parsed["lines"] += 1
                yield item

    monkeypatch.setattr(module, "JsonLines", Lines)
    with dask.config.set(scheduler="sync"):
        stats: dict[str, int] = {}
        got = newsgold.dask.score(gold=files["gold_glob"], predictions=str(pred_file), blocksize=2048, stats=stats)
    assert parsed["lines"] == stats["lines_parsed"] == files["documents"] + len(predicted)
    _, expected = one_process(files)
    assert got["entities"] == expected["entities"] and got["events"] == expected["events"]
    # A doc_id only inside an entity is no doc_id of the line's, routed or not.
    nested = tmp_path / "nested.jsonl"
    nested.write_text("".join(lines[:5]) + '{"entities": [{"doc_id": "s00-baseline", "start": 0, "end": 1}]}\n', encoding="utf-8")
    with dask.config.set(scheduler="sync"), pytest.raises(NewsgoldError) as e:
        newsgold.dask.score(gold=files["gold_glob"], predictions=str(nested), blocksize=2048)
    [i] = e.value.incidents
    assert (i.code, i.file, i.line, i.pointer) == ("NG201", str(nested), 6, "/doc_id")


@pytest.mark.parametrize("partitions", [1, 4])
def test_crlf_files_routed_in_blocks_are_one_warning_a_file_as_in_one_process(tmp_path: Path, partitions: int) -> None:
    import dask

    gold, predicted = sentence_corpus()
    crlf = lambda path, records: path.write_bytes(b"".join(json.dumps(r).encode() + b"\r\n" for r in records)) and path  # noqa: E731
    gold_file, pred_file = crlf(tmp_path / "gold.jsonl", gold), crlf(tmp_path / "pred.jsonl", predicted[::-1])

    def ng606(report: dict) -> list[tuple[str, str]]:
        return sorted((w["file"], w["message"]) for w in report["warnings"] if w["code"] == "NG606")

    one = newsgold.report(newsgold.score(gold=gold_file, predictions=pred_file, errors=False))
    with dask.config.set(scheduler="sync"):
        routed = newsgold.dask.score(gold=str(gold_file), predictions=str(pred_file), blocksize=2000,
                                     partitions=partitions)
    said = lambda n: f"{n} lines end in CRLF; read as LF (offsets are unaffected)"  # noqa: E731
    # one warning a file, its count the file's, however many blocks and partitions read it
    assert ng606(routed) == [(str(gold_file), said(len(gold))), (str(pred_file), said(len(predicted)))]
    assert ng606(routed) == ng606(one)
    assert routed["entities"] == one["entities"]
