"""spaCy's experimental coreference output, read by content from Doc.to_json() lines and DocBins.

No model is downloaded: the Docs are made here by a blank pipeline and given their span groups
by hand, as spacy-experimental's components set them (``doc.spans[f"{prefix}_{n}"]``, n from 1;
``coref_head_clusters_n`` from the coreference component, ``coref_clusters_n`` from the span
resolver, mention for mention: tests/conformance/coref/spacy/README.md gives the source).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

from newsgold import api  # noqa: E402
from newsgold.cli import main  # noqa: E402
from newsgold.readers.coref import gold_clusters  # noqa: E402
from newsgold.readers.coref_formats import coref_format, read_clusters  # noqa: E402
from newsgold.scoring.coref_corpus import CorefConfig  # noqa: E402
from tests.conftest import FROZEN  # noqa: E402


def response_doc(drop_every: int = 4):
    """A Doc of the frozen article with the gold's clusters as spacy-experimental sets them:
    the mentions whose span and head fall on spaCy's token edges, every ``drop_every``-th
    left out, so the response is not the key."""
    [(doc, gold)] = list(api.load_corpus(FROZEN))
    key = gold_clusters(gold)
    assert key.heads is not None
    sdoc = spacy.blank("en")(doc.text)
    sdoc.user_data["doc_id"] = doc.doc_id
    kept: list[list[tuple[int, int]]] = []
    n = 0
    for cluster in key.entities:
        spans = []
        for m in cluster:
            n += 1
            head = key.heads[m]
            if n % drop_every and sdoc.char_span(*m) is not None and sdoc.char_span(*head) is not None:
                spans.append(m)
        if spans:
            kept.append(spans)
    for i, cluster in enumerate(kept, 1):
        sdoc.spans[f"coref_clusters_{i}"] = [sdoc.char_span(*m) for m in cluster]
        sdoc.spans[f"coref_head_clusters_{i}"] = [sdoc.char_span(*key.heads[m]) for m in cluster]
    sdoc.spans["sc"] = [sdoc[0:2]]  # another component's group: not a cluster
    return doc, sdoc, kept


def write_json(path: Path, sdoc, doc_id: str | None = None) -> Path:
    record = sdoc.to_json()
    if doc_id is not None:
        record["doc_id"] = doc_id
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def write_docbin(path: Path, *docs) -> Path:
    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    path.write_bytes(db.to_bytes())
    return path


def test_json_lines_and_docbins_are_recognised_by_content_whatever_the_suffix(tmp_path: Path) -> None:
    _, sdoc, _ = response_doc()
    assert coref_format(write_json(tmp_path / "out.txt", sdoc)) == "spacy-coref"
    assert coref_format(write_docbin(tmp_path / "out.bin", sdoc)) == "spacy-coref-docbin"
    plain = spacy.blank("en")("No clusters here.")
    assert coref_format(write_docbin(tmp_path / "plain.spacy", plain)) is None


def test_both_shapes_score_as_the_same_clusters_given_as_code_point_pairs(tmp_path: Path) -> None:
    doc, sdoc, kept = response_doc()
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"doc_id": doc.doc_id, "clusters": [[list(m) for m in c] for c in kept]}) + "\n")
    expected = api.score_coref(gold=FROZEN, predictions=pairs).layers["entities"].total
    assert expected.mentions.recall < 1.0 and expected.mentions.precision == 1.0  # some left out, none wrong
    for path in (write_json(tmp_path / "a.jsonl", sdoc), write_docbin(tmp_path / "a.spacy", sdoc)):
        scored = api.score_coref(gold=FROZEN, predictions=path)
        assert scored.layers["entities"].total == expected, path
        assert scored.format in ("spacy-coref", "spacy-coref-docbin")


def test_the_head_clusters_give_the_heads_that_head_match_reads(tmp_path: Path, capsys) -> None:
    _, sdoc, _ = response_doc()
    path = write_docbin(tmp_path / "a.spacy", sdoc)
    exact = api.score_coref(gold=FROZEN, predictions=path).layers["entities"].total
    head = api.score_coref(gold=FROZEN, predictions=path, config=CorefConfig(match="head")).layers["entities"].total
    assert head == exact  # each response mention is a key mention with the key's head
    # heads moved to each mention's first token: a mention whose head was elsewhere no longer matches
    for key in [k for k in sdoc.spans if k.startswith("coref_head_clusters_")]:
        sdoc.spans[key] = [sdoc[s.start : s.start + 1] for s in sdoc.spans[key.replace("head_", "")]]
    moved = write_docbin(tmp_path / "b.spacy", sdoc)
    worse = api.score_coref(gold=FROZEN, predictions=moved, config=CorefConfig(match="head")).layers["entities"].total
    assert worse.mentions.recall_num < head.mentions.recall_num
    # without head clusters the file gives no heads: head match refuses it, with a code
    for key in [k for k in sdoc.spans if k.startswith("coref_head_clusters_")]:
        del sdoc.spans[key]
    bare = write_json(tmp_path / "c.jsonl", sdoc)
    assert main(["score", str(bare), "--root", str(FROZEN), "--coref-match", "head"]) == 2
    assert "NG653" in capsys.readouterr().err


def test_one_word_clusters_alone_are_read_as_the_clusters(tmp_path: Path) -> None:
    """A pipeline with the coreference component and no span resolver writes only head clusters."""
    doc, sdoc, _ = response_doc()
    for key in [k for k in sdoc.spans if k.startswith("coref_clusters_")]:
        del sdoc.spans[key]
    heads = [[(s.start_char, s.end_char) for s in sdoc.spans[k]] for k in sdoc.spans if k != "sc"]
    [read] = read_clusters(write_json(tmp_path / "h.jsonl", sdoc), {doc.doc_id: doc})[0]
    assert [list(c) for c in read.entities] == heads


def test_the_command_line_scores_a_docbin_as_coreference(tmp_path: Path, capsys) -> None:
    _, sdoc, _ = response_doc()
    path = write_docbin(tmp_path / "a.spacy", sdoc)
    assert main(["score", str(path), "--root", str(FROZEN), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["coref"]
    assert report["format"] == "spacy-coref-docbin" and report["layers"]["entities"]["metrics"]["muc"]["f1"] > 0


def test_bad_spacy_output_gets_a_coded_error(tmp_path: Path, capsys) -> None:
    doc, sdoc, _ = response_doc()
    record = sdoc.to_json()
    cases = {
        "NG608": {**record, "text": record["text"].replace("Washington", "Washingtin", 1), "doc_id": doc.doc_id},
        "NG301": {**record, "spans": {"coref_clusters_1": [{"start": 0, "end": 10**7}]}},
        "NG201": {**record, "spans": {"coref_clusters_1": [{"start": "0", "end": 5}]}},
        "NG602": {**record, "text": "Another text."},
    }
    for code, bad in cases.items():
        path = tmp_path / f"{code}.jsonl"
        path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
        assert main(["score", str(path), "--root", str(FROZEN), "--layers", "coref"]) == 2, code
        err = capsys.readouterr().err
        assert code in err and ":1" in err and "Traceback" not in err, (code, err)
    twice = tmp_path / "twice.jsonl"
    twice.write_text((json.dumps(record) + "\n") * 2, encoding="utf-8")
    assert main(["score", str(twice), "--root", str(FROZEN)]) == 2
    assert "NG603" in capsys.readouterr().err
    key = Path(__file__).parent / "conformance" / "coref" / "tools" / "key.v4_conll"
    assert main(["score", str(write_docbin(tmp_path / "a.spacy", sdoc)), "--gold", str(key)]) == 2
    assert "NG651" in capsys.readouterr().err
