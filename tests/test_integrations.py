"""newsgold.integrations: seqeval's calls in newsgold's span modes, checked against seqeval,
nervaluate and scikit-learn on the same tags, and the Trainer hook on numpy arrays (no torch)."""

from __future__ import annotations

import math
import random
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from newsgold import integrations, tags

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
TYPES = ["PER", "LOC", "ORG"]


def iob2_sentence(draw_types: list[tuple[int, str]]) -> list[str]:
    """Well-formed IOB2 tags from (length, type) runs; length 0 is one O."""
    out: list[str] = []
    for n, t in draw_types:
        out += ["O"] if n == 0 else [f"B-{t}"] + [f"I-{t}"] * (n - 1)
    return out


runs = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(TYPES)), min_size=1, max_size=8)


@st.composite
def pairs_of_iob2(draw):
    """Gold and predicted sentences of equal lengths, well-formed IOB2 on both sides."""
    true, pred = [], []
    for _ in range(draw(st.integers(1, 4))):
        t = iob2_sentence(draw(runs))
        p = iob2_sentence(draw(runs))
        p = (p + ["O"] * len(t))[: len(t)]
        if p and p[0].startswith("I-"):
            p[0] = "B-" + p[0][2:]
        p = [f"B-{tag[2:]}" if tag.startswith("I-") and (i == 0 or p[i - 1] == "O") else tag for i, tag in enumerate(p)]
        true.append(t)
        pred.append(p)
    return true, pred


def close(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == pytest.approx(float(b))


# ---------------------------------------------------------------- span modes


@SETTINGS
@given(pairs_of_iob2(), st.sampled_from([None, "micro", "macro", "weighted"]), st.sampled_from([0, 1]),
       st.sampled_from([None, "IOB2"]))
def test_the_strict_span_mode_gives_seqevals_numbers(data, average, zero_division, scheme) -> None:
    """The span path (chunks -> spans -> one-to-one matching -> booking -> seqeval's averages)
    in newsgold's strict mode is seqeval's default (or strict-scheme) score, every average."""
    y_true, y_pred = data
    counts = integrations.span_counts(y_true, y_pred, mode="strict", scheme=scheme)
    ours = integrations.scores_from_counts(counts, average=average, zero_division=zero_division)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = tags.precision_recall_fscore_support(
            y_true, y_pred, average=average, zero_division=zero_division, mode="strict" if scheme else None, scheme=scheme)
    for o, t in zip(ours, theirs):
        assert close(o, t), (ours, theirs)


try:  # nervaluate 1.2.1 needs Python 3.11 (see pyproject.toml)
    import nervaluate
except ImportError:
    nervaluate = None
NERVALUATE = {"exact": "exact", "partial": "partial", "type": "ent_type"}


@pytest.mark.skipif(nervaluate is None, reason="nervaluate 1.2.1 needs Python 3.11")
@SETTINGS
@given(pairs_of_iob2())
def test_exact_partial_and_type_equal_nervaluate_on_the_same_tags(data) -> None:
    y_true, y_pred = data
    chunks = lambda y: tags.chunk_set(y)  # noqa: E731
    gold, pred = chunks(y_true), chunks(y_pred)
    for g in gold:  # nervaluate pairs overlaps greedily: compare where every overlap is one-to-one
        assume(sum(g[0] == p[0] and g[2] < p[3] and p[2] < g[3] for p in pred) <= 1)
    for p in pred:
        assume(sum(g[0] == p[0] and g[2] < p[3] and p[2] < g[3] for g in gold) <= 1)
    evaluator = nervaluate.Evaluator(y_true, y_pred, tags=TYPES, loader="list")
    theirs = evaluator.evaluate()["overall"]
    for mode, their_name in NERVALUATE.items():
        t = theirs[their_name]
        counts = integrations.span_counts(y_true, y_pred, mode=mode)
        o = sum(counts.values(), integrations.Counts())
        assert (o.tp, o.par) == (t.correct, t.partial), mode
        p, r, _, _ = integrations.scores_from_counts(counts, average="micro", zero_division=0)
        assert (p, r) == pytest.approx((t.precision, t.recall)), mode
        assert integrations.f1_score(y_true, y_pred, mode=mode, zero_division=0) == pytest.approx(t.f1), mode


def test_seqevals_modes_go_to_newsgold_tags_unchanged() -> None:
    y_true = [["B-PER", "I-PER", "O", "I-LOC"]]
    y_pred = [["B-PER", "I-PER", "O", "B-LOC"]]
    for mode, scheme in ((None, None), ("strict", "IOB2")):
        for fn in ("precision_score", "recall_score", "f1_score"):
            assert getattr(integrations, fn)(y_true, y_pred, mode=mode, scheme=scheme) == getattr(tags, fn)(y_true, y_pred, mode=mode, scheme=scheme)
        assert integrations.classification_report(y_true, y_pred, mode=mode, scheme=scheme) == tags.classification_report(
            y_true, y_pred, mode=mode, scheme=scheme)
    assert integrations.accuracy_score is tags.accuracy_score


def test_both_modules_keep_seqevals_signatures_and_their_own_names() -> None:
    """The five functions are built by one factory: each module's still takes seqeval's
    parameters (name, kind, default) and names itself as its own."""
    import inspect

    from seqeval.metrics import sequence_labeling, v1

    def parameters(fn):
        return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]

    for name in ("precision_recall_fscore_support", "precision_score", "recall_score", "f1_score",
                 "classification_report"):
        expected = parameters(getattr(sequence_labeling, name))
        if name == "precision_recall_fscore_support":  # seqeval's default mode, with v1's mode and scheme
            assert {n for n, _, _ in parameters(v1.precision_recall_fscore_support)} >= {"scheme"}
            expected += [("mode", inspect.Parameter.KEYWORD_ONLY, None), ("scheme", inspect.Parameter.KEYWORD_ONLY, None)]
        for module in (tags, integrations):
            fn = getattr(module, name)
            assert parameters(fn) == expected, (module.__name__, name)
            assert (fn.__module__, fn.__name__, fn.__qualname__) == (module.__name__, name, name)
            assert fn.__doc__


def test_a_span_mode_report_has_seqevals_layout() -> None:
    # every predicted chunk has the gold boundaries: exact equals strict when types agree too
    y_true = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O", "B-LOCATION"]]
    y_pred = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "O", "B-LOCATION"]]
    for digits in (2, 4):
        assert integrations.classification_report(y_true, y_pred, mode="exact", digits=digits) == tags.classification_report(
            y_true, y_pred, digits=digits)
    as_dict = integrations.classification_report(y_true, y_pred, mode="partial", output_dict=True)
    assert as_dict == tags.classification_report(y_true, y_pred, output_dict=True)


def test_partial_credit_and_type_overlap_on_a_worked_example() -> None:
    y_true = [["B-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC"]]
    y_pred = [["B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG"]]
    assert integrations.span_counts(y_true, y_pred, mode="partial") == {
        "LOC": integrations.Counts(tp=1), "ORG": integrations.Counts(), "PER": integrations.Counts(par=1)}
    assert integrations.f1_score(y_true, y_pred, mode="partial") == 0.75
    assert integrations.f1_score(y_true, y_pred, mode="type") == 0.5  # PER overlaps with its type; LOC vs ORG does not
    assert integrations.f1_score(y_true, y_pred, mode="exact") == 0.5
    assert integrations.f1_score(y_true, y_pred) == 0.0


@pytest.mark.parametrize("mode", ["head", "determiner", "loose"])
def test_a_mode_that_tags_cannot_give_is_refused(mode: str) -> None:
    with pytest.raises(ValueError, match="span mode of exact, partial, type"):
        integrations.f1_score([["B-PER"]], [["B-PER"]], mode=mode)


# ---------------------------------------------------------------- the Trainer hook

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


def batch(seed: int, rows: int = 16, length: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """Logits and label ids as a token classifier's evaluation loop gives them: padded rows,
    -100 at padding and at subword continuations."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, len(LABELS), size=(rows, length))
    lengths = rng.integers(1, length + 1, size=rows)
    labels[np.arange(length)[None, :] >= lengths[:, None]] = -100
    labels[rng.random((rows, length)) < 0.1] = -100
    logits = rng.normal(size=(rows, length, len(LABELS)))
    agree = rng.random((rows, length)) < 0.6  # a tagger right most of the time
    rows_i, cols_i = np.nonzero(agree & (labels != -100))
    logits[rows_i, cols_i, labels[rows_i, cols_i]] += 10
    return logits, labels


def as_tags(logits: np.ndarray, labels: np.ndarray) -> tuple[list[list[str]], list[list[str]]]:
    ids = logits.argmax(-1)
    y_true = [[LABELS[i] for i, keep in zip(row, row != -100) if keep] for row in labels]
    y_pred = [[LABELS[p] for p, t in zip(prow, row) if t != -100] for prow, row in zip(ids, labels)]
    return y_true, y_pred


class EvalPrediction:
    """What transformers' EvalPrediction holds (attributes, not a tuple)."""

    def __init__(self, predictions, label_ids):
        self.predictions, self.label_ids = predictions, label_ids


@pytest.mark.parametrize("seed", range(4))
def test_the_trainer_hook_on_numpy_logits_equals_seqeval_scikit_learn_and_the_span_modes(seed: int) -> None:
    import seqeval.metrics
    from sklearn.metrics import precision_recall_fscore_support

    logits, labels = batch(seed)
    metrics = integrations.compute_metrics(LABELS)((logits, labels))
    y_true, y_pred = as_tags(logits, labels)
    extra = {f"{m}_{k}" for m in ("partial", "type", "token") for k in ("precision", "recall", "f1")}
    assert set(metrics) - extra == set(hf_seqeval_recipe(y_true, y_pred))
    assert all(isinstance(v, float) for k, v in metrics.items() if k in extra)
    assert metrics["overall_f1"] == pytest.approx(seqeval.metrics.f1_score(y_true, y_pred))
    assert metrics["overall_precision"] == pytest.approx(seqeval.metrics.precision_score(y_true, y_pred))
    assert metrics["overall_accuracy"] == pytest.approx(seqeval.metrics.accuracy_score(y_true, y_pred))
    for mode in ("partial", "type"):
        assert metrics[f"{mode}_f1"] == integrations.f1_score(y_true, y_pred, mode=mode, zero_division=0)
    entity = lambda tag: tag[2:] if tag != "O" else "O"  # noqa: E731
    flat_true = [entity(t) for s in y_true for t in s]
    flat_pred = [entity(t) for s in y_pred for t in s]
    p, r, f, _ = precision_recall_fscore_support(flat_true, flat_pred, labels=["LOC", "ORG", "PER"], average="micro", zero_division=0)
    assert (metrics["token_precision"], metrics["token_recall"], metrics["token_f1"]) == pytest.approx((p, r, f))


def hf_seqeval_recipe(y_true, y_pred, **kwargs):
    """What Hugging Face's seqeval metric returns (``evaluate.load("seqeval").compute``),
    computed with seqeval the way its ``_compute`` does (huggingface/evaluate,
    metrics/seqeval/seqeval.py at a7dd338: the report's micro average as ``overall_*``, the
    accuracy, and each type's row as precision, recall, f1 and number). The metric's code
    is fetched from the Hub at run time, which the tests cannot reach."""
    import seqeval.metrics

    report = seqeval.metrics.classification_report(y_true, y_pred, output_dict=True, **kwargs)
    overall = report.pop("micro avg")
    del report["macro avg"], report["weighted avg"]
    out = {t: {"precision": r["precision"], "recall": r["recall"], "f1": r["f1-score"], "number": r["support"]}
           for t, r in report.items()}
    out |= {f"overall_{k}": overall[k] for k in ("precision", "recall")}
    out["overall_f1"] = overall["f1-score"]
    out["overall_accuracy"] = seqeval.metrics.accuracy_score(y_true, y_pred)
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("scheme", [None, "IOB2"])
def test_the_trainer_hook_gives_the_hf_seqeval_recipe_number_for_number(seed: int, scheme) -> None:
    import seqeval.scheme

    logits, labels = batch(seed)
    y_true, y_pred = as_tags(logits, labels)
    kwargs = {"mode": "strict", "scheme": seqeval.scheme.IOB2} if scheme else {}
    expected = hf_seqeval_recipe(y_true, y_pred, zero_division=0, **kwargs)
    metrics = integrations.compute_metrics(LABELS, scheme=scheme)((logits, labels))
    assert {k: v for k, v in metrics.items() if k in expected} == expected
    assert all(type(v) is float for k, v in metrics.items() if k.startswith("overall_"))
    assert all(type(row["number"]) is int for k, row in metrics.items() if isinstance(row, dict))
    assert set(metrics) - set(expected) == {f"{m}_{k}" for m in ("partial", "type", "token") for k in ("precision", "recall", "f1")}


def test_the_trainer_hook_takes_ids_an_eval_prediction_and_a_tuple_of_outputs() -> None:
    logits, labels = batch(7)
    hook = integrations.compute_metrics(LABELS)
    expected = hook((logits, labels))
    ids = np.where(labels == -100, -100, logits.argmax(-1))
    assert hook((ids, labels)) == expected
    assert hook(EvalPrediction(logits, labels)) == expected
    assert hook(((logits, np.zeros((16, 24, 8))), labels)) == expected  # a model that returns hidden states too
    assert hook((logits.astype(np.float16), labels.astype(np.int32))) == expected


def test_the_trainer_hook_with_a_scheme_reads_chunks_strictly_and_other_modes() -> None:
    labels = np.array([[1, 2, 0, 4, -100]])  # B-PER I-PER O I-LOC
    logits = np.eye(len(LABELS))[[[1, 2, 0, 4, 0]]]
    loose = integrations.compute_metrics(LABELS)((logits, labels))
    strict = integrations.compute_metrics(LABELS, scheme="IOB2", modes=("strict", "exact"))((logits, labels))
    assert loose["overall_f1"] == 1.0 and loose["overall_recall"] == 1.0  # I-LOC after O starts a chunk (conlleval)
    assert loose["LOC"]["number"] == 1
    assert strict["overall_f1"] == strict["strict_f1"] == 1.0 and "exact_f1" in strict and "partial_f1" not in strict
    assert "LOC" not in strict  # strictly, I-LOC after O is no chunk
    assert integrations.f1_score([["B-PER", "I-PER", "O", "I-LOC"]], [["B-PER", "I-PER", "O", "I-LOC"]], mode="exact", scheme="IOB2") == 1.0
    assert integrations.span_counts([["B-PER", "I-PER", "O", "I-LOC"]], [["B-PER", "I-PER", "O", "O"]], mode="exact", scheme="IOB2") == {
        "PER": integrations.Counts(tp=1)}


def test_the_trainer_hook_refuses_arrays_that_do_not_fit() -> None:
    hook = integrations.compute_metrics(LABELS)
    with pytest.raises(ValueError, match="do not fit"):
        hook((np.zeros((2, 5, 7)), np.zeros((2, 6), dtype=int)))


def test_the_trainer_hook_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = ("import sys, numpy as np; from newsgold.integrations import compute_metrics; "
            "compute_metrics(['O', 'B-X'])((np.zeros((1, 2, 2)), np.zeros((1, 2), dtype=int))); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_random_labels_round_trip_through_the_hook() -> None:
    rng = random.Random(3)
    y_true = [[rng.choice(LABELS) for _ in range(rng.randint(1, 9))] for _ in range(30)]
    y_pred = [[rng.choice(LABELS) for _ in s] for s in y_true]
    width = max(map(len, y_true))
    labels = np.full((30, width), -100)
    preds = np.zeros((30, width), dtype=int)
    for i, (t, p) in enumerate(zip(y_true, y_pred)):
        labels[i, : len(t)] = [LABELS.index(x) for x in t]
        preds[i, : len(p)] = [LABELS.index(x) for x in p]
    metrics = integrations.compute_metrics(LABELS)((preds, labels))
    assert metrics["overall_f1"] == pytest.approx(tags.f1_score(y_true, y_pred))
    assert metrics["partial_f1"] == pytest.approx(integrations.f1_score(y_true, y_pred, mode="partial", zero_division=0))


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_span_modes_return_seqevals_types(average) -> None:
    """A span mode's scores come in the types seqeval's own calls return (numpy arrays per
    type, numpy floats averaged), so code written for seqeval runs on them unchanged."""
    import seqeval.metrics.sequence_labeling as sl

    def kinds(result):
        return [(type(x).__name__, str(getattr(x, "dtype", ""))) for x in result]

    y_true, y_pred = [["B-PER", "I-PER", "O", "B-LOC"]], [["B-PER", "O", "O", "B-ORG"]]
    theirs = sl.precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0)
    for mode in integrations.tag_modes():
        ours = integrations.precision_recall_fscore_support(y_true, y_pred, average=average, zero_division=0, mode=mode)
        assert kinds(ours) == kinds(theirs)
        assert type(integrations.f1_score(y_true, y_pred, average=average, zero_division=0, mode=mode)) is type(theirs[2])
        report = integrations.classification_report(y_true, y_pred, output_dict=True, zero_division=0, mode=mode)
        assert kinds(report["PER"].values()) == kinds(sl.classification_report(y_true, y_pred, output_dict=True)["PER"].values())


@pytest.mark.models
def test_a_real_trainer_picks_its_best_model_by_overall_f1(tmp_path) -> None:
    """transformers.Trainer with the hook and metric_for_best_model="overall_f1": it trains,
    evaluates each epoch, keeps the best checkpoint by that key and logs the per-type dicts
    (the transformers extra brings the accelerate the Trainer needs)."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embed = torch.nn.Embedding(len(LABELS), len(LABELS))

        def forward(self, input_ids, labels=None):
            logits = self.embed(input_ids)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), labels.reshape(-1), ignore_index=-100)
            return {"loss": loss, "logits": logits}

    _, labels = batch(11, rows=8, length=12)
    rows = [{"input_ids": torch.tensor(np.where(r == -100, 0, r)), "labels": torch.tensor(r)} for r in labels]
    torch.manual_seed(0)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path), num_train_epochs=3, learning_rate=0.5, per_device_train_batch_size=4,
        eval_strategy="epoch", save_strategy="epoch", load_best_model_at_end=True,
        metric_for_best_model="overall_f1", report_to=[], use_cpu=True, disable_tqdm=True,
    )
    trainer = transformers.Trainer(model=Tagger(), args=args, train_dataset=rows, eval_dataset=rows,
                                   compute_metrics=integrations.compute_metrics(LABELS))
    trainer.train()
    evaluated = [log for log in trainer.state.log_history if "eval_overall_f1" in log]
    assert len(evaluated) == 3
    assert trainer.state.best_metric == max(log["eval_overall_f1"] for log in evaluated)
    final = trainer.evaluate()
    assert final["eval_overall_f1"] == trainer.state.best_metric  # the best model was loaded back
    assert set(final["eval_PER"]) == {"precision", "recall", "f1", "number"}
