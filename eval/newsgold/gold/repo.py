"""Where the data lives: a newsgold repository root and what it holds.

A root is a folder with ``corpus/`` and ``annotations/``. Commands default to the root
that holds the current directory, so they work from anywhere inside a checkout.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import NewsgoldError, incident


@dataclass(frozen=True)
class Repo:
    root: Path

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    @property
    def gold_dir(self) -> Path:
        return self.root / "annotations" / "gold"

    def text_path(self, doc_id: str) -> Path:
        return self.corpus_dir / f"{doc_id}.txt"

    def meta_path(self, doc_id: str) -> Path:
        return self.corpus_dir / f"{doc_id}.meta.json"

    def gold_path(self, doc_id: str) -> Path:
        return self.gold_dir / f"{doc_id}.json"

    def doc_ids(self) -> list[str]:
        """Documents of the corpus, in sorted order (one per ``corpus/*.txt``)."""
        return sorted(p.stem for p in self.corpus_dir.glob("*.txt"))

    def _json(self, *parts: str) -> Any:
        return json.loads((self.root / "annotations" / Path(*parts)).read_text(encoding="utf-8"))

    @cached_property
    def gold_schema(self) -> dict[str, Any]:
        return self._json("schema", "gold.schema.json")

    @cached_property
    def meta_schema(self) -> dict[str, Any]:
        return self._json("schema", "meta.schema.json")

    @cached_property
    def entity_types(self) -> dict[str, Any]:
        return self._json("inventories", "entity-types.json")

    @cached_property
    def event_types(self) -> dict[str, Any]:
        return self._json("inventories", "event-types.json")

    @cached_property
    def event_attributes(self) -> dict[str, list[str]]:
        return self._json("inventories", "event-attributes.json")

    @cached_property
    def label_maps(self) -> dict[str, Any]:
        return self._json("inventories", "label-maps.json")

    @property
    def is_newsgolds_own(self) -> bool:
        """Whether this is newsgold's own repository (its pyproject.toml names the package
        newsgold), not another repository of annotations in its layout: only here does the
        README carry newsgold's dataset card (its name and licences)."""
        pyproject = self.root / "pyproject.toml"
        return pyproject.is_file() and '\nname = "newsgold"\n' in pyproject.read_text(encoding="utf-8")

    @property
    def entity_type_names(self) -> list[str]:
        return [t["type"] for t in self.entity_types["types"]]

    @property
    def roles_by_subtype(self) -> dict[str, list[str]]:
        return {s["subtype"]: s["roles"] for s in self.event_types["subtypes"]}


def is_root(path: Path) -> bool:
    return (path / "corpus").is_dir() and (path / "annotations" / "schema").is_dir()


def find_repo(root: str | Path | None = None, *, start: Path | None = None) -> Repo:
    """The repository at ``root``, or the one holding ``start`` (default: the current directory)."""
    if root is not None:
        path = Path(root)
        if not is_root(path):
            raise NewsgoldError(
                incident(
                    "NG001", str(path), message="not a newsgold repository (needs corpus/ and annotations/schema/)"
                )
            )
        return Repo(path)
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if is_root(candidate):
            return Repo(candidate)
    raise NewsgoldError(
        incident("NG001", str(here), message="no corpus/ and annotations/ here or in any parent folder")
    )


class SubtypeNames(dict[str, str]):
    """Each event subtype by its leaf name and by itself (``Meet`` and ``Contact:Meet``), and
    in ``roles`` the roles each subtype allows (what a reader checks predicted roles against)."""

    def __init__(self, names: Mapping[str, str], roles: Mapping[str, frozenset[str]]):
        super().__init__(names)
        self.roles = dict(roles)


def subtype_names(event_types: Mapping[str, Any]) -> SubtypeNames:
    """Each event subtype by its leaf name and by itself (``Meet`` and ``Contact:Meet``).

    >>> names = subtype_names({"subtypes": [{"subtype": "Contact:Meet", "roles": ["Entity", "Place"]}]})
    >>> names["Meet"], sorted(names.roles["Contact:Meet"])
    ('Contact:Meet', ['Entity', 'Place'])
    """
    names = {}
    for s in event_types["subtypes"]:
        names[s["subtype"]] = s["subtype"]
        names[s["subtype"].split(":", 1)[-1]] = s["subtype"]
    return SubtypeNames(names, {s["subtype"]: frozenset(s["roles"]) for s in event_types["subtypes"]})
