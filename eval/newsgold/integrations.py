"""Tag sequences scored in newsgold's span modes: seqeval's functions with more modes, and
the Hugging Face Trainer's ``compute_metrics``.

``newsgold.tags`` is the drop-in for ``seqeval.metrics`` (the same numbers and report text).
This module takes the same calls and adds newsgold's span modes as ``mode``: the chunks of
each sentence (read as ``newsgold.tags`` reads them: conlleval's rules, or a ``scheme``'s
strictly when one is given) become spans ``(sentence, first token, end token, type)`` and are
matched one-to-one as ``newsgold score`` matches character spans (``scoring/match.py``):

- ``mode=None`` and ``mode="strict"`` are seqeval's (the call goes to ``newsgold.tags``
  unchanged); seqeval's default mode is newsgold's ``strict`` span mode (same boundaries and
  type), so those numbers are the same either way;
- ``mode="exact"``: same boundaries, type ignored;
- ``mode="partial"``: same boundaries count in full, other overlaps half, type ignored;
- ``mode="type"``: any overlap with the same type;

and any span mode registered later that needs neither heads nor the text. Per-type rows
follow newsgold's booking (``scoring/entities.py``): a correct or partial pair counts for the
gold type, an incorrect one is a miss of the gold type and a false alarm of the predicted one.
A 0/0 precision or recall is ``zero_division``'s value as in seqeval (0.0 for ``"warn"`` and
``0``, else 1.0; no UndefinedMetricWarning is issued), F is the harmonic mean of the two, and averages are
taken as seqeval takes them.

>>> y_true = [['B-PER', 'I-PER', 'O', 'B-LOC']]
>>> y_pred = [['B-PER', 'O', 'O', 'B-LOC']]
>>> print(f1_score(y_true, y_pred), f1_score(y_true, y_pred, mode="partial"), f1_score(y_true, y_pred, mode="type"))
0.5 0.75 1.0

``classification_report`` keeps seqeval's layout in a span mode, one row per type and the
three averages:

>>> print(classification_report([['B-PER', 'I-PER', 'O']], [['B-PER', 'O', 'O']], mode="partial"))
              precision    recall  f1-score   support
<BLANKLINE>
         PER       0.50      0.50      0.50         1
<BLANKLINE>
   micro avg       0.50      0.50      0.50         1
   macro avg       0.50      0.50      0.50         1
weighted avg       0.50      0.50      0.50         1
<BLANKLINE>

``compute_metrics(label_list)`` is the hook for ``transformers.Trainer(compute_metrics=...)``:

>>> import numpy as np
>>> hook = compute_metrics(["O", "B-PER", "I-PER"])
>>> logits = np.eye(3)[[[1, 2, 0, 0]]]            # one sentence: B-PER I-PER O O (one-hot logits)
>>> labels = np.array([[1, 2, 0, -100]])          # the last position is padding
>>> metrics = hook((logits, labels))
>>> metrics["overall_f1"], metrics["overall_accuracy"], metrics["PER"], metrics["partial_f1"]
(1.0, 1.0, {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'number': 1}, 1.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import tags
from .gold.lazy import numpy
from .scoring.entities import book
from .scoring.match import align
from .scoring.metrics import Counts
from .scoring.modes import SPAN_MODES

__all__ = [
    "accuracy_score",
    "classification_report",
    "compute_metrics",
    "f1_score",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "scores_from_counts",
    "span_counts",
    "tag_modes",
    "token_counts",
]

accuracy_score = tags.accuracy_score
_SEQEVAL_MODES = (None, "strict")
_AVERAGES = (None, "micro", "macro", "weighted")


def tag_modes() -> tuple[str, ...]:
    """The span modes that tag sequences can be scored in: those that need neither gold heads
    nor the text (``head`` and ``determiner`` do), in registry order.

    >>> tag_modes()
    ('strict', 'exact', 'partial', 'type')
    """
    return tuple(name for name, m in SPAN_MODES.items() if not m.uses_heads and not m.strip_determiners)


def _span_mode(mode: str) -> str:
    if mode not in tag_modes():
        raise ValueError(
            f"mode is None, 'strict' (seqeval's) or a span mode of {', '.join(tag_modes()[1:])}, not {mode!r}"
        )
    return mode


def _check_lengths(y_true: Sequence[Sequence[str]], y_pred: Sequence[Sequence[str]]) -> None:
    len_true, len_pred = [len(s) for s in y_true], [len(s) for s in y_pred]
    if len_true != len_pred:
        raise ValueError(f"Found input variables with inconsistent numbers of samples:\n{len_true}\n{len_pred}")


def span_counts(
    y_true: Sequence[Sequence[str]],
    y_pred: Sequence[Sequence[str]],
    *,
    mode: str,
    scheme: Any = None,
    suffix: bool = False,
) -> dict[str, Counts]:
    """Per type (sorted), the counts of span mode ``mode`` over the chunks of each sentence.

    >>> span_counts([['B-PER', 'I-PER', 'O']], [['B-PER', 'O', 'O']], mode="partial")
    {'PER': Counts(tp=0, fp=0, fn=0, par=1)}
    """
    tiers = SPAN_MODES[_span_mode(mode)].tiers({})
    _check_lengths(y_true, y_pred)
    read = "strict" if scheme is not None else None
    gold = [(k, first, end, t) for k, t, first, end in tags.chunk_set(y_true, mode=read, scheme=scheme, suffix=suffix)]
    pred = [(k, first, end, t) for k, t, first, end in tags.chunk_set(y_pred, mode=read, scheme=scheme, suffix=suffix)]
    labels = sorted({item[3] for item in gold + pred})
    return book(align(gold, pred, tiers), labels)


def scores_from_counts(
    per_type: Mapping[str, Counts],
    *,
    average: str | None = "micro",
    zero_division: Any = "warn",
) -> tuple[Any, Any, Any, Any]:
    """Precision, recall, F1 and support from per-type counts, averaged as seqeval averages:
    per type as lists (``average=None``), or ``micro``, ``macro``, ``weighted``."""
    if average not in _AVERAGES:
        raise ValueError(f"average has to be one of {_AVERAGES}")
    counts = list(per_type.values())
    columns = (list(per_type), [c.credit for c in counts], [c.predicted for c in counts], [c.support for c in counts])
    return tags.prf(columns, average, (), 1.0, zero_division)


def _scores(call: tags.Call) -> tuple[Any, Any, Any, Any]:
    """seqeval's modes as :mod:`newsgold.tags` scores them; a span mode's scores (F1 only,
    ``beta=1``) in seqeval's types (numpy arrays per type, numpy floats averaged)."""
    if call.mode in _SEQEVAL_MODES:
        return tags.chunk_scores(call)
    if call.beta != 1:
        raise ValueError("span modes give F1 only: beta must be 1")
    counts = span_counts(call.y_true, call.y_pred, mode=call.mode, scheme=call.scheme, suffix=call.suffix)
    scores = scores_from_counts(counts, average=call.average, zero_division=call.zero_division)
    return tags.as_seqeval_types(scores, call.average, [c.support for c in counts.values()])


def _report(call: tags.Call) -> str | dict[str, dict[str, Any]]:
    """seqeval's modes as :mod:`newsgold.tags` reports them; a span mode in the same layout,
    one row per type and the three averages."""
    if call.mode in _SEQEVAL_MODES:
        return tags.chunk_report(call)
    counts = span_counts(call.y_true, call.y_pred, mode=call.mode, scheme=call.scheme, suffix=call.suffix)
    per_type, *averages = [scores_from_counts(counts, average=a, zero_division=call.zero_division) for a in _AVERAGES]
    width = max([len(t) for t in counts] + [len("weighted avg"), call.digits])
    return tags.report(list(counts), per_type, list(zip(_AVERAGES[1:], averages)), call.output_dict, width, call.digits)


precision_recall_fscore_support, precision_score, recall_score, f1_score, classification_report = tags.score_functions(
    _scores, _report, __name__
)
for _function in (precision_recall_fscore_support, precision_score, recall_score, f1_score, classification_report):
    _function.__doc__ = (
        f"As :func:`newsgold.tags.{_function.__name__}`, and ``mode`` may be a span mode (:func:`tag_modes`)."
    )


# ---------------------------------------------------------------- the Trainer's hook


def _entity_type(tag: str, suffix: bool) -> str | None:
    """A token's entity type: its tag without the prefix (None for O)."""
    if tag == "O":
        return None
    if suffix:
        return tag.rsplit("-", 1)[0] if "-" in tag else ""
    return tag.split("-", 1)[1] if "-" in tag else ""


def token_counts(y_true: Sequence[Sequence[str]], y_pred: Sequence[Sequence[str]], *, suffix: bool = False) -> Counts:
    """Tokens as items: a token of an entity type (its tag without the prefix; O is none) is
    correct when both sides give it that type, else a miss of the gold type and a false
    alarm of the predicted one (the micro average of scikit-learn's per-label scores over the
    entity types).

    >>> token_counts([['B-PER', 'I-PER', 'O']], [['B-PER', 'B-PER', 'B-LOC']])
    Counts(tp=2, fp=1, fn=0, par=0)
    """
    _check_lengths(y_true, y_pred)
    tp = fp = fn = 0
    for true, pred in zip(y_true, y_pred):
        for t, p in zip(true, pred):
            a, b = _entity_type(t, suffix), _entity_type(p, suffix)
            if a is not None and a == b:
                tp += 1
                continue
            fn += a is not None
            fp += b is not None
    return Counts(tp, fp, fn)


def _arrays(eval_prediction: Any) -> tuple[Any, Any]:
    """``(predictions, label_ids)`` of an ``EvalPrediction`` or of a pair."""
    if hasattr(eval_prediction, "predictions") and hasattr(eval_prediction, "label_ids"):
        predictions, label_ids = eval_prediction.predictions, eval_prediction.label_ids
    else:
        predictions, label_ids = eval_prediction
    if isinstance(predictions, tuple):  # a model that returns several outputs: the logits come first
        predictions = predictions[0]
    return predictions, label_ids


def compute_metrics(
    label_list: Sequence[str],
    *,
    modes: Sequence[str] = ("partial", "type"),
    scheme: Any = None,
    suffix: bool = False,
    zero_division: Any = 0,
) -> Callable[[Any], dict[str, Any]]:
    """A ``compute_metrics`` function for ``transformers.Trainer``, with the keys of Hugging
    Face's seqeval recipe (``evaluate.load("seqeval")``) and newsgold's span modes beside them.

    ``label_list[i]`` is the tag of label id ``i``. The function takes an ``EvalPrediction``
    (or any pair ``(predictions, label_ids)``): predictions are logits (batch, length,
    labels) or ids (batch, length); positions whose label id is -100 (padding, subword
    continuations) are left out of both sides. It returns, as the recipe does,
    ``overall_precision``, ``overall_recall``, ``overall_f1`` (seqeval's micro averages:
    chunks read by conlleval's rules, or strictly by ``scheme`` when one is given, as the
    recipe's ``mode="strict", scheme=...``), ``overall_accuracy`` (the share of tokens whose
    tag is right) and, for each entity type, a dict of ``precision``, ``recall``, ``f1`` and
    ``number`` (its gold chunks); so ``TrainingArguments(metric_for_best_model="overall_f1")``
    works. Beside them, under each mode's own prefix: for each span mode in ``modes``,
    ``<mode>_precision``, ``<mode>_recall``, ``<mode>_f1`` (micro averages over the chunks of
    each sentence, matched as in :func:`span_counts`), and ``token_precision``,
    ``token_recall``, ``token_f1`` (see :func:`token_counts`). Numbers are Python floats
    (``number`` an int). Torch is not needed: the arrays are read with numpy.
    """
    names = list(label_list)
    chosen = tuple(_span_mode(m) for m in modes)
    read = {"mode": "strict", "scheme": scheme} if scheme is not None else {}

    def compute(eval_prediction: Any) -> dict[str, Any]:
        np = numpy()
        predictions, label_ids = _arrays(eval_prediction)
        labels = np.asarray(label_ids)
        preds = np.asarray(predictions)
        if preds.ndim == labels.ndim + 1:
            preds = preds.argmax(-1)
        if preds.shape != labels.shape:
            raise ValueError(f"predictions of shape {preds.shape} do not fit label ids of shape {labels.shape}")
        y_true, y_pred = [], []
        for true_row, pred_row in zip(labels.reshape(-1, labels.shape[-1]), preds.reshape(-1, labels.shape[-1])):
            keep = true_row != -100
            y_true.append([names[i] for i in true_row[keep].tolist()])
            y_pred.append([names[i] for i in pred_row[keep].tolist()])
        report = tags.classification_report(
            y_true, y_pred, suffix=suffix, output_dict=True, zero_division=zero_division, **read
        )
        assert isinstance(report, dict)
        overall = report.pop("micro avg")
        del report["macro avg"], report["weighted avg"]
        out: dict[str, Any] = {
            name: {
                "precision": float(row["precision"]),
                "recall": float(row["recall"]),
                "f1": float(row["f1-score"]),
                "number": int(row["support"]),
            }
            for name, row in report.items()
        }
        out |= {
            f"overall_{k}": float(overall[key]) for k, key in (("precision",) * 2, ("recall",) * 2, ("f1", "f1-score"))
        }
        n = sum(map(len, y_true))
        out["overall_accuracy"] = tags.accuracy_score(y_true, y_pred) if n else tags.fill_value(zero_division)
        for mode in chosen:
            p, r, f, _ = scores_from_counts(
                span_counts(y_true, y_pred, mode=mode, scheme=scheme, suffix=suffix),
                average="micro",
                zero_division=zero_division,
            )
            out |= {f"{mode}_precision": p, f"{mode}_recall": r, f"{mode}_f1": f}
        p, r, f, _ = scores_from_counts({"": token_counts(y_true, y_pred, suffix=suffix)}, zero_division=zero_division)
        out |= {"token_precision": p, "token_recall": r, "token_f1": f}
        return out

    return compute
