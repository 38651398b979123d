"""The corpus a command scores against: documents with their gold, and the inventories.

A :class:`Corpus` is loaded once per command (validated on the way in) and handed to every
scorer, report and study, so nothing reads or validates the gold twice.

>>> corpus = load_repository()
>>> len(corpus), corpus.subtypes["Meet"]
(1, 'Contact:Meet')
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, overload

from . import collector
from .errors import Incident, NewsgoldError
from .io import outside
from .model import Document, Gold
from .repo import Repo, find_repo, subtype_names
from .validate import check_gold_file


@cache
def builtin_label_maps() -> Mapping[str, Any]:
    """newsgold's own label maps (``--map conll2003`` and ``--map ace2005``), shipped in the
    package: a copy of the repository's ``annotations/inventories/label-maps.json``, so that
    they work wherever newsgold is installed, outside any checkout too."""
    text = resources.files("newsgold").joinpath("inventories").joinpath("label-maps.json").read_text(encoding="utf-8")
    maps: Mapping[str, Any] = json.loads(text)
    return maps


@dataclass(frozen=True)
class Corpus(Sequence[tuple[Document, Gold]]):
    """Documents with their gold (in doc_id order), and what scoring reads beside them:
    the entity and event type inventories and the built-in label maps (a repository's own,
    or :func:`builtin_label_maps` for a corpus given none, as one read from a gold file). A
    sequence of ``(Document, Gold)`` pairs. ``warnings``: what reading a gold file warned of
    (CRLF line ends, NG606), which a score report lists beside the predictions' own."""

    pairs: tuple[tuple[Document, Gold], ...]
    entity_types: Mapping[str, Any]
    event_types: Mapping[str, Any]
    label_maps: Mapping[str, Any]
    repo: Repo | None = None  # where it was loaded from, if from a repository
    warnings: tuple[Incident, ...] = ()
    documents: dict[str, Document] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "documents", {d.doc_id: d for d, _ in self.pairs})
        if not self.label_maps:
            object.__setattr__(self, "label_maps", builtin_label_maps())

    def __iter__(self) -> Iterator[tuple[Document, Gold]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    @overload
    def __getitem__(self, i: int) -> tuple[Document, Gold]: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[tuple[Document, Gold], ...]: ...

    def __getitem__(self, i: int | slice) -> tuple[Document, Gold] | tuple[tuple[Document, Gold], ...]:
        return self.pairs[i]

    @property
    def subtypes(self) -> dict[str, str]:
        """Each event subtype by its leaf name and by itself (``Meet`` and ``Contact:Meet``)."""
        return subtype_names(self.event_types)

    @property
    def dataset_version(self) -> str:
        return ",".join(sorted({g.dataset_version for _, g in self.pairs}))

    def only(self, doc_ids: Set[str]) -> Corpus:
        """The same corpus restricted to ``doc_ids`` (a shard scored on its own)."""
        pairs = tuple((d, g) for d, g in self.pairs if d.doc_id in doc_ids)
        return Corpus(pairs, self.entity_types, self.event_types, self.label_maps, self.repo, self.warnings)


@collector.paused()
def load_repository(root: Repo | str | Path | None = None) -> Corpus:
    """The repository's corpus (default: the one holding the current directory), every gold
    file validated; raises :class:`~newsgold.gold.errors.NewsgoldError` on any error."""
    repo = root if isinstance(root, Repo) else find_repo(root)
    pairs, errors = [], []
    for doc_id in repo.doc_ids():
        gold_path = repo.gold_path(doc_id)
        if not gold_path.exists():
            continue
        refused = outside(repo.gold_dir, gold_path)
        if refused is not None:
            errors.append(refused)
            continue
        checked = check_gold_file(repo, gold_path)
        errors += checked.errors
        if checked.doc is not None and checked.gold is not None:
            pairs.append((checked.doc, checked.gold))
    if errors:
        raise NewsgoldError(errors)
    return Corpus(tuple(pairs), repo.entity_types, repo.event_types, repo.label_maps, repo)
