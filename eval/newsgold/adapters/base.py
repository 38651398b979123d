"""What every adapter shares: lazy imports with an install hint, local-only models, filters.

Adapters run third-party models, and two promises hold for all of them: the heavy library is
imported only when the adapter runs (so ``import newsgold`` stays light, and a missing extra is
a coded NG610 naming what to install), and nothing is fetched from a network (a model is a
local folder or an installed package; anything else is NG611 at once).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType

from ..gold.errors import NewsgoldError, incident
from ..gold.model import Document
from ..readers.records import PredEntity

Predict = Callable[[Document], list[PredEntity]]
"""A loaded model: one document in, its predicted entities (document offsets) out."""


def require(module: str, *, adapter: str, extra: str) -> ModuleType:
    """Import ``module`` or raise NG610 saying which extra brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise NewsgoldError(
            incident(
                "NG610",
                adapter,
                message=f"the {adapter} adapter needs {module!r}, which cannot be imported ({e})",
                hint=f"pip install 'newsgold[{extra}]'",
            )
        ) from None


def unloadable(adapter: str, model: str, reason: object) -> NewsgoldError:
    """NG611 for a model that did not load, with the library's own words for why."""
    hint = (
        "pass an installed pipeline name (python -m spacy download NAME installs one) "
        "or a folder written by nlp.to_disk"
        if adapter == "spacy"
        else "pass the folder the model was saved to (save_pretrained); model names are not downloaded"
    )
    return NewsgoldError(
        incident("NG611", model, message=f"the {adapter} adapter cannot load this model: {reason}", hint=hint)
    )


def local_folder(adapter: str, model: str) -> Path:
    """``model`` as an existing folder; a hub name would mean a download, so it is refused."""
    path = Path(model)
    if not path.is_dir():
        raise unloadable(
            adapter, model, "no such folder (give the folder the model was saved to; nothing is downloaded)"
        )
    return path


def bad_option(adapter: str, message: str) -> NewsgoldError:
    return NewsgoldError(incident("NG003", adapter, message=message))


def check_labels(adapter: str, labels: Sequence[str] | None, known: Iterable[str]) -> None:
    """Refuse a label the model never predicts: filtering on a typo would silently give nothing."""
    if labels is None:
        return
    known_set = set(known)
    unknown = [label for label in labels if label not in known_set]
    if unknown:
        raise bad_option(
            adapter,
            f"the model never predicts {', '.join(map(repr, unknown))}; "
            f"it predicts {', '.join(sorted(known_set)) or 'nothing'}",
        )


def keep(entities: Iterable[PredEntity], *, labels: Sequence[str] | None, threshold: float | None) -> list[PredEntity]:
    """Entities of the wanted types whose score reaches ``threshold`` (unscored ones pass)."""
    wanted = None if labels is None else set(labels)
    return [
        e
        for e in entities
        if (wanted is None or e.type in wanted) and (threshold is None or e.score is None or e.score >= threshold)
    ]


def sentence_pieces(doc: Document) -> list[tuple[int, str]]:
    """``(start, text)`` of each sentence with any text: models read sentence by sentence.

    Running per sentence keeps inputs within a model's length limit and matches how NER
    models are trained; a document without sentence spans is read whole.
    """
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    return [(start, doc.text[start:end]) for start, end in spans if doc.text[start:end].strip()]
