"""A pytest plugin (``-p redirect``) that points seqeval's imports at ``newsgold.tags``, so
that seqeval's own tests (from its sdist, see README.md) run against newsgold.

``seqeval.metrics`` and ``seqeval.metrics.sequence_labeling`` are ``newsgold.tags`` itself.
``seqeval.metrics.v1`` is seqeval's strict mode, which newsgold takes as ``mode="strict"``
with a ``scheme``. ``seqeval.scheme`` gives newsgold's schemes and scheme detection; its
token classes (which newsgold does not have) stay seqeval's only so that ``test_scheme.py``
imports: the tests of those classes are not run (README.md).
"""

from __future__ import annotations

import sys
import types
from typing import Any

import seqeval.scheme as seqeval_scheme
from newsgold import tags


def _strict_prfs(y_true: Any, y_pred: Any, *, scheme: Any = None, **kwargs: Any) -> Any:
    return tags.precision_recall_fscore_support(y_true, y_pred, mode="strict", scheme=scheme, **kwargs)


def _strict_report(y_true: Any, y_pred: Any, *, scheme: Any = None, **kwargs: Any) -> Any:
    return tags.classification_report(y_true, y_pred, mode="strict", scheme=scheme, **kwargs)


def _unique_labels(y_true: Any, y_pred: Any, scheme: Any, suffix: bool = False) -> list[str]:
    chunks = tags.chunk_set(y_true, "strict", scheme, suffix) | tags.chunk_set(y_pred, "strict", scheme, suffix)
    return sorted({t for _, t, _, _ in chunks})


def _module(name: str, **names: Any) -> None:
    module = types.ModuleType(name)
    module.__dict__.update(names)
    sys.modules[name] = module


sys.modules["seqeval.metrics"] = sys.modules["seqeval.metrics.sequence_labeling"] = tags
_module(
    "seqeval.metrics.v1",
    precision_recall_fscore_support=_strict_prfs,
    classification_report=_strict_report,
    check_consistent_length=tags._check_consistent_length,
    unique_labels=_unique_labels,
)
_module(
    "seqeval.scheme",
    **{name: getattr(seqeval_scheme, name) for name in ("Entities", "Entity", "Prefix", "Token", "Tokens")},
    **tags.SCHEMES,
    auto_detect=tags.detect_scheme,
)


def pytest_report_header() -> str:
    names = ("seqeval.metrics", "seqeval.metrics.sequence_labeling", "seqeval.metrics.v1", "seqeval.scheme")
    return "redirected: " + ", ".join(f"{n} -> {getattr(sys.modules[n], '__name__', n)}" for n in names)
