"""`newsgold run`: models built here (never downloaded) run over the article and get scored.

A blank spaCy pipeline with an entity ruler has known answers, so its predictions are
scored and checked as true positives. A tiny randomly initialised BERT predicts arbitrary
labels, so only the shape of its output is checked, and its per-piece output is checked
against the pipeline's own ``first`` grouping. GLiNER is too heavy for the test extra: its
adapter runs against a stand-in object with the same ``predict_entities`` method.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest

# huggingface_hub reads these once, when first imported: set them before any test imports it.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from newsgold.adapters import load_adapter, predictions_to_jsonl, run_adapter  # noqa: E402
from newsgold.adapters.gliner_adapter import entities_from_gliner  # noqa: E402
from newsgold.cli import main  # noqa: E402
from newsgold.gold.errors import NewsgoldError  # noqa: E402
from newsgold.gold.model import Document  # noqa: E402
from newsgold.gold.sources import load_corpus  # noqa: E402
from newsgold.gold.spans import Span  # noqa: E402
from newsgold.readers.hf import entities_from_hf  # noqa: E402
from newsgold.readers.records import DocPredictions, PredEntity  # noqa: E402

from tests.conftest import ROOT  # noqa: E402

RULES = {"Havana": "GPE", "Craig Kelly": "PERSON", "Barack Obama": "PERSON"}
BERT_LABELS = ["O", "B-PERSON", "I-PERSON", "B-GPE", "I-GPE", "B-ORG", "I-ORG", "B-DATE", "I-DATE"]
BERT_TYPES = {"PERSON", "GPE", "ORG", "DATE"}


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="module")
def repo(frozen_repo):
    """The frozen gold: the counts below describe it, and a correction of the live gold leaves them true."""
    return frozen_repo


@pytest.fixture(scope="module")
def documents(repo) -> list[Document]:
    return [doc for doc, _gold in load_corpus(repo)]


def rule_matches(text: str) -> list[tuple[int, int, str, str]]:
    """Where the ruler must fire: every occurrence of each pattern, as (start, end, type, text)."""
    found = [
        (m.start(), m.end(), label, m.group())
        for pattern, label in RULES.items()
        for m in re.finditer(re.escape(pattern), text)
    ]
    return sorted(found)


@pytest.fixture(scope="module")
def spacy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": pattern} for pattern, label in RULES.items()])
    folder = tmp_path_factory.mktemp("spacy-ruler")
    nlp.to_disk(folder)
    return folder


@pytest.fixture(scope="module")
def bert_model(tmp_path_factory: pytest.TempPathFactory, documents: list[Document]) -> Path:
    """A two-layer BERT with a vocabulary of the article's words, saved like any fine-tuned model.

    "havana" is left out of the vocabulary and given as ``ha`` + ``##vana`` instead, so the
    pipeline meets a word split into sub-word pieces.
    """
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    words = sorted({w for doc in documents for w in re.findall(r"\w+|[^\w\s]", doc.text.lower())} - {"havana"})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words, "ha", "##vana"]
    folder = tmp_path_factory.mktemp("tiny-bert")
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    # Loading from the folder (not the constructor) reads vocab.txt under transformers 4 and 5 alike.
    tokenizer = transformers.BertTokenizerFast.from_pretrained(str(folder), do_lower_case=True)
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        id2label=dict(enumerate(BERT_LABELS)),
        label2id={label: i for i, label in enumerate(BERT_LABELS)},
    )
    torch.manual_seed(0)
    transformers.BertForTokenClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def run_cli(repo, *argv: str) -> int:
    return main([argv[0], "--root", str(repo.root), *argv[1:]])


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# spaCy ---------------------------------------------------------------------------------


def test_spacy_ruler_matches_come_out_as_true_positives(tmp_path: Path, capsys, repo, spacy_model, article_text) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", "spacy", str(spacy_model), "-o", str(out)) == 0
    [line] = read_lines(out)
    got = [(e["start"], e["end"], e["type"], e["text"]) for e in line["entities"]]
    expected = rule_matches(article_text)
    assert got == expected and len(expected) == 7
    assert all("score" not in e for e in line["entities"])  # spaCy's ents carry none
    err = capsys.readouterr().err
    assert "1 documents, 7 entities" in err and "%|" not in err  # no progress bar off a terminal

    report_path = tmp_path / "report.json"
    assert run_cli(repo, "score", str(out), "--json", "-o", str(report_path)) == 0
    strict = json.loads(report_path.read_text(encoding="utf-8"))["entities"]["strict"]
    assert (strict["overall"]["tp"], strict["overall"]["fp"]) == (7, 0)
    assert strict["per_type"]["GPE"]["tp"] == 5 and strict["per_type"]["PERSON"]["tp"] == 2


def test_spacy_labels_keep_only_those_types(documents, spacy_model, article_text) -> None:
    [pred] = run_adapter("spacy", model=str(spacy_model), documents=documents, labels=["PERSON"])
    assert [e.text for e in pred.entities] == ["Craig Kelly", "Barack Obama"]
    with pytest.raises(NewsgoldError) as e:
        run_adapter("spacy", model=str(spacy_model), documents=documents, labels=["PER"])
    assert e.value.incidents[0].code == "NG003" and "'PER'" in e.value.incidents[0].message


def test_progress_bar_only_on_a_terminal(tmp_path: Path, monkeypatch, repo, spacy_model) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run_cli(repo, "run", "spacy", str(spacy_model), "-o", str(tmp_path / "out.jsonl")) == 0
    assert "1/1" in terminal.getvalue()


@pytest.mark.parametrize("argv", [["spacy", "{model}", "--threshold", "0.3"], ["transformers"], ["spacy"]])
def test_run_usage_errors_are_ng003(tmp_path: Path, capsys, repo, spacy_model, argv: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", *[a.format(model=spacy_model) for a in argv], "-o", str(out)) == 2
    assert "NG003" in capsys.readouterr().err and not out.exists()


# transformers --------------------------------------------------------------------------


@pytest.mark.models
def test_tiny_bert_output_is_valid(documents, bert_model) -> None:
    from transformers import AutoTokenizer

    assert AutoTokenizer.from_pretrained(str(bert_model)).tokenize("Havana") == ["ha", "##vana"]
    preds = run_adapter("transformers", model=str(bert_model), documents=documents, threshold=0.0)
    assert [p.doc_id for p in preds] == [d.doc_id for d in documents]
    for doc, pred in zip(documents, preds):
        assert len(pred.entities) > 10  # random weights label most words
        havana_inside = {m.start() + k for m in re.finditer("Havana", doc.text) for k in range(1, 6)}
        previous_end = 0
        for e in pred.entities:
            assert 0 <= e.start < e.end <= len(doc.text)
            assert e.text == doc.text[e.start : e.end] == e.text.strip()
            assert e.type in BERT_TYPES
            assert e.score is not None and 0.0 <= e.score <= 1.0
            assert doc.sentence_of(e.start) == doc.sentence_of(e.end - 1)  # read sentence by sentence
            assert e.start not in havana_inside and e.end not in havana_inside  # ##vana joined its word
            assert e.start >= previous_end
            previous_end = e.end


@pytest.mark.models
def test_tiny_bert_threshold_and_labels(documents, bert_model) -> None:
    everything = run_adapter("transformers", model=str(bert_model), documents=documents, threshold=0.0)[0].entities
    assert run_adapter("transformers", model=str(bert_model), documents=documents, threshold=0.99)[0].entities == ()
    gpe = run_adapter("transformers", model=str(bert_model), documents=documents, labels=["GPE"], threshold=0.0)[0].entities
    assert gpe == tuple(e for e in everything if e.type == "GPE") and gpe
    median = sorted(e.score for e in everything)[len(everything) // 2]
    half = run_adapter("transformers", model=str(bert_model), documents=documents, threshold=median)[0].entities
    assert half == tuple(e for e in everything if e.score >= median) and 0 < len(half) < len(everything)
    with pytest.raises(NewsgoldError) as e:
        load_adapter("transformers", model=str(bert_model), labels=["PER"])
    assert e.value.incidents[0].code == "NG003"


@pytest.mark.models
def test_tiny_bert_through_the_cli_is_scorable(tmp_path: Path, repo, bert_model) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", "transformers", str(bert_model), "-o", str(out), "--threshold", "0") == 0
    [line] = read_lines(out)
    report_path = tmp_path / "report.json"
    # The scorer re-checks every span's text against the document: a wrong offset fails here.
    assert run_cli(repo, "score", str(out), "--json", "-o", str(report_path)) == 0
    overall = json.loads(report_path.read_text(encoding="utf-8"))["entities"]["strict"]["overall"]
    assert overall["predicted"] == len(line["entities"]) > 0


RECORDED = ROOT / "tests" / "cases" / "hf" / "tiny-bert-pipeline.json"


def _plain(items: list[dict]) -> list[dict]:
    """A pipeline's output as plain JSON values (it gives numpy scalars)."""
    return [{k: (float(v) if k == "score" else int(v) if k in ("start", "end", "index") else v) for k, v in item.items()} for item in items]


@pytest.mark.models
def test_the_recorded_pipeline_outputs_are_what_the_tiny_model_gives(documents, bert_model) -> None:
    """The outputs the HF reader is tested on (without torch) are the tiny model's, per sentence:
    per sub-word piece, and grouped by the pipeline's ``first`` strategy. Regenerate with
    NEWSGOLD_UPDATE_GOLDEN=1 after changing the model."""
    from transformers import pipeline

    pieces = pipeline("token-classification", model=str(bert_model))
    words = pipeline("token-classification", model=str(bert_model), aggregation_strategy="first")
    doc = documents[0]
    sentences = []
    for sentence in doc.sentences:
        text = doc.text[sentence.start : sentence.end]
        sentences.append({"start": sentence.start, "pieces": _plain(pieces(text)), "words": _plain(words(text))})
    got = {"doc_id": doc.doc_id, "sentences": sentences}
    if os.environ.get("NEWSGOLD_UPDATE_GOLDEN"):
        RECORDED.parent.mkdir(parents=True, exist_ok=True)
        RECORDED.write_text(json.dumps(got, indent=1) + "\n", encoding="utf-8")
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    # Labels and offsets exactly; scores to float32's precision, which differs a little
    # between builds and processors of the same torch version.
    assert _without_scores(got) == _without_scores(recorded)
    assert _scores(got) == pytest.approx(_scores(recorded), rel=1e-5, abs=1e-6)


def _without_scores(recorded: dict) -> list[list[dict]]:
    return [[{k: v for k, v in item.items() if k != "score"} for item in s[key]] for s in recorded["sentences"] for key in ("pieces", "words")]


def _scores(recorded: dict) -> list[float]:
    return [item["score"] for s in recorded["sentences"] for key in ("pieces", "words") for item in s[key]]


def test_per_piece_output_groups_as_the_pipelines_first_strategy(documents) -> None:
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    doc = documents[0]
    joined_pieces = 0
    for sentence in recorded["sentences"]:
        ours = entities_from_hf(doc, sentence["pieces"], offset=sentence["start"])
        theirs = entities_from_hf(doc, sentence["words"], offset=sentence["start"])
        assert [(e.start, e.end, e.type) for e in ours] == [(e.start, e.end, e.type) for e in theirs]
        joined_pieces += len(sentence["pieces"]) - len(ours)
    assert joined_pieces > 0  # some spans were built from several pieces


# entities_from_hf on hand-written outputs -----------------------------------------------

TEXT = "Led by Craig Kelly, in Havana. Obama’s talks"
CRAIG = TEXT.index("Craig")
KELLY = TEXT.index("Kelly")
HAVANA = TEXT.index("Havana")
OBAMA = TEXT.index("Obama")


def piece(label: str, start: int, word: str, *, index: int | None = None, score: float = 0.9, end: int | None = None) -> dict:
    item = {"entity": label, "score": score, "word": word, "start": start, "end": end if end is not None else start + len(word.removeprefix("##"))}
    if index is not None:
        item["index"] = index
    return item


HF_CASES = {
    "grouped": (
        [{"entity_group": "PER", "score": 0.9, "word": "craig kelly", "start": CRAIG, "end": KELLY + len("Kelly")}],
        [("Craig Kelly", "PER")],
    ),
    "grouped-keeps-two-groups": (
        [
            {"entity_group": "PER", "score": 0.9, "word": "craig", "start": CRAIG, "end": CRAIG + len("Craig")},
            {"entity_group": "PER", "score": 0.9, "word": "kelly", "start": KELLY, "end": KELLY + len("Kelly")},
        ],
        [("Craig", "PER"), ("Kelly", "PER")],
    ),
    "grouped-leading-space-trimmed": (
        [{"entity_group": "LOC", "score": 0.5, "word": " havana", "start": HAVANA - 1, "end": HAVANA + len("Havana")}],
        [("Havana", "LOC")],
    ),
    "b-i-merge": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("I-PER", KELLY, "kelly", index=4)],
        [("Craig Kelly", "PER")],
    ),
    "b-b-split": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("B-PER", KELLY, "kelly", index=4)],
        [("Craig", "PER"), ("Kelly", "PER")],
    ),
    "i-of-another-type-starts-a-span": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("I-LOC", KELLY, "kelly", index=4)],
        [("Craig", "PER"), ("Kelly", "LOC")],
    ),
    "stray-i-starts-a-span": ([piece("I-LOC", HAVANA, "havana", index=7)], [("Havana", "LOC")]),
    "left-out-o-word-breaks-the-run": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("I-PER", HAVANA, "havana", index=7)],
        [("Craig", "PER"), ("Havana", "PER")],
    ),
    "adjacent-words-join": (
        [piece("B-PER", CRAIG, "craig"), piece("I-PER", KELLY, "kelly")],
        [("Craig Kelly", "PER")],
    ),
    "explicit-o-breaks-the-run": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("O", KELLY, "kelly", index=4), piece("I-PER", KELLY + 5, ",", index=5)],
        [("Craig", "PER"), (",", "PER")],
    ),
    "subword-joins-its-word-whatever-its-label": (
        [piece("B-GPE", HAVANA, "ha", index=7), piece("I-PER", HAVANA + 2, "##vana", index=8)],
        [("Havana", "GPE")],
    ),
    "left-out-subword-extends-the-span-to-its-word-end": ([piece("B-GPE", HAVANA, "ha", index=7)], [("Havana", "GPE")]),
    "left-out-subword-then-next-word-continues": (
        [piece("B-PER", CRAIG, "cr", index=3), piece("I-PER", KELLY, "kelly", index=5)],
        [("Craig Kelly", "PER")],
    ),
    "subword-after-a-left-out-middle-piece-joins": (
        [piece("B-GPE", HAVANA, "ha", index=7), piece("B-PER", HAVANA + 4, "##na", index=9)],
        [("Havana", "GPE")],
    ),
    "piece-inside-a-word-without-a-marker-joins": (
        [piece("B-LOC", HAVANA, "Hav", index=7), piece("B-PER", HAVANA + 3, "ana", index=8)],
        [("Havana", "LOC")],
    ),
    "subword-of-an-outside-word-is-dropped": ([piece("B-GPE", HAVANA + 2, "##vana", index=8)], []),
    "subword-then-next-word-continues": (
        [
            piece("B-PER", CRAIG, "cr", index=3),
            piece("O", CRAIG + 2, "##aig", index=4),
            piece("I-PER", KELLY, "kelly", index=5),
        ],
        [("Craig Kelly", "PER")],
    ),
    "bare-labels-continue": (
        [piece("PER", CRAIG, "craig", index=3), piece("PER", KELLY, "kelly", index=4), piece("LOC", HAVANA, "havana", index=7)],
        [("Craig Kelly", "PER"), ("Havana", "LOC")],
    ),
    "bioes-singletons-do-not-merge": (
        [piece("S-PER", CRAIG, "craig", index=3), piece("S-PER", KELLY, "kelly", index=4)],
        [("Craig", "PER"), ("Kelly", "PER")],
    ),
    "bioes-begin-end": (
        [piece("B-PER", CRAIG, "craig", index=3), piece("E-PER", KELLY, "kelly", index=4)],
        [("Craig Kelly", "PER")],
    ),
    "curly-apostrophe-is-one-code-point": (
        [piece("B-PER", OBAMA, "obama", index=10), piece("O", OBAMA + 5, "’", index=11)],
        [("Obama", "PER")],
    ),
    "empty": ([], []),
}


@pytest.fixture(scope="module")
def small_doc() -> Document:
    return Document("small", TEXT, (Span(0, len("Led by Craig Kelly, in Havana.")),), (), {})


@pytest.mark.parametrize("name", sorted(HF_CASES))
def test_entities_from_hf(small_doc: Document, name: str) -> None:
    output, expected = HF_CASES[name]
    got = entities_from_hf(small_doc, output)
    assert [(e.text, e.type) for e in got] == expected
    assert all(e.text == TEXT[e.start : e.end] for e in got)


@pytest.mark.parametrize("name", sorted(HF_CASES))
def test_entities_from_hf_ignores_input_order(small_doc: Document, name: str) -> None:
    output, _ = HF_CASES[name]
    shuffled = list(output)
    random.Random(7).shuffle(shuffled)
    assert entities_from_hf(small_doc, shuffled) == entities_from_hf(small_doc, output)


def test_entities_from_hf_offset_scores_and_numpy_values(small_doc: Document) -> None:
    sentence_start = HAVANA - 3  # the pipeline was given TEXT[HAVANA - 3:]
    output = [
        {"entity": "B-GPE", "score": np.float32(0.5), "index": np.int64(1), "word": "ha", "start": np.int64(3), "end": np.int64(5)},
        {"entity": "I-GPE", "score": np.float32(1.0), "index": np.int64(2), "word": "##vana", "start": np.int64(5), "end": np.int64(9)},
    ]
    [e] = entities_from_hf(small_doc, output, offset=sentence_start)
    assert (e.start, e.end, e.text, e.type) == (HAVANA, HAVANA + len("Havana"), "Havana", "GPE")
    assert type(e.score) is float and e.score == pytest.approx(0.75)


@pytest.mark.parametrize(
    "output, message",
    [
        ({"entity": "B-PER"}, "list"),
        ([{"entity": "B-PER", "score": 0.9, "word": "craig", "start": None, "end": None}], "fast tokenizer"),
        ([{"entity": "B-PER", "score": 0.9, "word": "craig", "start": 0.0, "end": 5.0}], "integer"),
        ([{"entity": "B-PER", "score": 0.9, "word": "x", "start": 40, "end": 400}], "inside"),
        ([{"score": 0.9, "word": "x", "start": 0, "end": 3}], "label"),
        ([piece("B-PER", CRAIG, "craig"), {"entity_group": "PER", "start": KELLY, "end": KELLY + 5}], "mixes"),
        (["B-PER"], "object"),
    ],
)
def test_entities_from_hf_refuses_malformed_output(small_doc: Document, output, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        entities_from_hf(small_doc, output)


# GLiNER (a stand-in with the same predict_entities method) ------------------------------


class StandInGliner:
    """Answers like GLiNER: dicts with start, end (offsets into the text given), label, score, text."""

    def __init__(self, found: dict[str, str], *, score: float = 0.8) -> None:
        self.found = found  # surface text -> label
        self.score = score
        self.calls: list[tuple[str, list[str], float]] = []

    def predict_entities(self, text: str, labels: list[str], threshold: float = 0.5) -> list[dict]:
        self.calls.append((text, labels, threshold))
        if self.score < threshold:
            return []
        return [
            {"start": m.start(), "end": m.end(), "label": label, "score": self.score, "text": m.group()}
            for surface, label in self.found.items()
            if label in labels
            for m in re.finditer(re.escape(surface), text)
        ]


def test_gliner_spans_map_back_to_the_document(documents, article_text) -> None:
    [doc] = documents
    model = StandInGliner(RULES)
    got = entities_from_gliner(doc, model, labels=["GPE", "PERSON"], threshold=0.5)
    assert [(e.start, e.end, e.type, e.text) for e in got] == rule_matches(article_text)
    assert all(e.score == 0.8 for e in got)
    assert [text for text, _, _ in model.calls] == [doc.text[s.start : s.end] for s in doc.sentences]
    assert {(tuple(labels), threshold) for _, labels, threshold in model.calls} == {(("GPE", "PERSON"), 0.5)}
    assert entities_from_gliner(doc, StandInGliner(RULES, score=0.4), labels=["GPE"], threshold=0.5) == []


def test_gliner_offsets_that_miss_the_text_are_refused(documents) -> None:
    class ByteOffsets(StandInGliner):
        def predict_entities(self, text: str, labels: list[str], threshold: float = 0.5) -> list[dict]:
            found = super().predict_entities(text, labels, threshold)
            for f in found:  # what a tool counting UTF-8 bytes would say
                b = len(text[: f["start"]].encode("utf-8"))
                f["start"], f["end"] = b, b + len(f["text"])
            return found

    with pytest.raises(NewsgoldError) as e:
        entities_from_gliner(documents[0], ByteOffsets({"Havana": "GPE"}), labels=["GPE"], threshold=0.5)
    assert e.value.incidents[0].code == "NG612"


@pytest.fixture
def fake_gliner(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    """A ``gliner`` module whose GLiNER.from_pretrained hands out the stand-in."""
    seen = types.SimpleNamespace(loads=[], fail=None)

    class GLiNER:
        @staticmethod
        def from_pretrained(path: str, **kwargs) -> StandInGliner:
            seen.loads.append((path, kwargs))
            if seen.fail:
                raise OSError(seen.fail)
            return StandInGliner(RULES)

    monkeypatch.setitem(sys.modules, "gliner", types.SimpleNamespace(GLiNER=GLiNER))
    return seen


def test_gliner_adapter_loads_locally_only(tmp_path: Path, documents, fake_gliner, article_text) -> None:
    [pred] = run_adapter("gliner", model=str(tmp_path), documents=documents, labels=["GPE", "PERSON"])
    assert [(e.start, e.end, e.type, e.text) for e in pred.entities] == rule_matches(article_text)
    assert fake_gliner.loads == [(str(tmp_path), {"local_files_only": True})]


def test_gliner_needs_labels(tmp_path: Path, capsys, repo, fake_gliner) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", "gliner", str(tmp_path), "-o", str(out)) == 2
    assert "NG003" in capsys.readouterr().err and not out.exists()


def test_gliner_model_that_does_not_load(tmp_path: Path, capsys, repo, fake_gliner) -> None:
    fake_gliner.fail = "no model.safetensors here"
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", "gliner", str(tmp_path), "-o", str(out), "--labels", "GPE") == 2
    err = capsys.readouterr().err
    assert "NG611" in err and "no model.safetensors here" in err and not out.exists()


# missing extras and models -------------------------------------------------------------


@pytest.mark.parametrize(
    "adapter, hidden, extra",
    [("spacy", "spacy", "spacy"), ("transformers", "transformers", "transformers"),
     pytest.param("transformers", "torch", "transformers", marks=pytest.mark.models),  # transformers installed, torch not
     ("gliner", "gliner", "gliner")],
)
def test_missing_extra_is_ng610(tmp_path: Path, capsys, monkeypatch, repo, adapter: str, hidden: str, extra: str) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)  # makes `import <hidden>` fail as if not installed
    out = tmp_path / "out.jsonl"
    out.write_text("earlier run\n", encoding="utf-8")
    assert run_cli(repo, "run", adapter, str(tmp_path), "-o", str(out), "--labels", "GPE") == 2
    err = capsys.readouterr().err
    assert "NG610" in err and f"pip install 'newsgold[{extra}]'" in err and repr(hidden) in err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "earlier run\n"  # nothing written half-way


@pytest.mark.parametrize(
    "adapter, model",
    [
        ("spacy", "no_such_spacy_package"),
        ("spacy", "{tmp}/missing"),
        pytest.param("transformers", "{tmp}/missing", marks=pytest.mark.models),  # needs transformers itself
        pytest.param("transformers", "{tmp}/empty", marks=pytest.mark.models),
    ],
)
def test_missing_model_is_ng611(tmp_path: Path, capsys, repo, adapter: str, model: str) -> None:
    (tmp_path / "empty").mkdir()
    model = model.format(tmp=tmp_path)
    out = tmp_path / "out.jsonl"
    assert run_cli(repo, "run", adapter, model, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "NG611" in err and model in err and "Traceback" not in err
    assert not out.exists()


def test_bad_threshold_and_unknown_adapter() -> None:
    for name, threshold in [("transformers", 1.5), ("nope", 0.5)]:
        with pytest.raises(NewsgoldError) as e:
            load_adapter(name, model="x", threshold=threshold)
        assert e.value.incidents[0].code == "NG003"


def test_predictions_to_jsonl_round_trips_through_the_reader(tmp_path: Path, documents) -> None:
    from newsgold.readers.jsonl import read_jsonl

    [doc] = documents
    i = doc.text.index("Havana")
    written = [DocPredictions(doc.doc_id, (PredEntity(i, i + 6, "GPE", "Havana", 0.25), PredEntity(0, 10, "GPE", "Washington")))]
    path = tmp_path / "p.jsonl"
    path.write_text(predictions_to_jsonl(written), encoding="utf-8")
    read, warnings = read_jsonl(path, {doc.doc_id: doc})
    assert [p.entities for p in read] == [p.entities for p in written] and warnings == []
