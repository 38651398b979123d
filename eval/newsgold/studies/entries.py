"""A leaderboard entry as the scorers read it: its metadata checked, its predictions read,
and its label map split into what is dropped (null) and what the entity scorer renames.

``submissions/<system>/metadata.json`` declares, besides its text fields, whether the
system saw the corpus (``saw_corpus``), the map from its labels to entity types
(``label_map``, null drops a label) and the types it can predict (``entity_types``). The
leaderboard and the gold diff both score an entry through :func:`read_entry`, so a label
map is applied the same way wherever the entry is scored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..gold.errors import NewsgoldError, incident
from ..gold.io import folder_files, outside, read_json
from ..gold.model import Document
from ..readers.records import DocPredictions
from ..readers.registry import read_predictions

METADATA_FIELDS = ("system", "version", "how_run", "license")

ENTRY_FILES = ("metadata.json", "predictions.jsonl")


def _bad(path: Path, pointer: str, message: str, hint: str) -> NewsgoldError:
    return NewsgoldError(incident("NG201", str(path), pointer=pointer, message=message, hint=hint))


def read_metadata(path: Path, type_names: Sequence[str]) -> dict[str, Any]:
    """An entry's metadata.json, checked: what the leaderboard reads must be there and sound."""
    meta, problems = read_json(path)
    if meta is None:  # a missing file gets a hint of its own: the generic one speaks of corpus documents
        raise NewsgoldError(
            [
                replace(
                    i,
                    hint=f"add {path.parent.name}/metadata.json beside predictions.jsonl (CONTRIBUTING.md, "
                    '"Submit a system to the leaderboard")',
                )
                if i.code == "NG105"
                else i
                for i in problems
            ]
        )
    how = 'see CONTRIBUTING.md, "Submit a system to the leaderboard"'
    if not isinstance(meta, dict):
        raise _bad(path, "", "metadata is a JSON object", how)
    missing = [f for f in METADATA_FIELDS if not isinstance(meta.get(f), str) or not meta.get(f)]
    if missing:
        raise _bad(
            path,
            "",
            f"missing fields: {', '.join(missing)}",
            f"metadata.json needs {', '.join(METADATA_FIELDS)} and saw_corpus",
        )
    if not isinstance(meta.get("saw_corpus"), bool):
        raise _bad(
            path,
            "/saw_corpus",
            "saw_corpus must be true or false",
            "say whether the system was built, tuned or written with knowledge of this corpus "
            "(true: shown apart, not ranked)",
        )
    known = set(type_names)
    label_map = meta.get("label_map", {})
    if not isinstance(label_map, dict):
        raise _bad(path, "/label_map", "label_map is a JSON object", 'e.g. {"Place": "GPE", "URL": null}')
    for label, target in label_map.items():
        if target is not None and target not in known:
            raise _bad(
                path,
                f"/label_map/{label}",
                f"{label!r} maps to {target!r}, which is no entity type",
                f"map to one of {', '.join(sorted(known))}, or null to drop the label",
            )
    types = meta.get("entity_types", sorted(known))
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        raise _bad(
            path,
            "/entity_types",
            "entity_types is a non-empty list of entity types",
            "list the types the system can predict",
        )
    unknown = sorted(set(types) - known)
    if unknown:
        raise _bad(path, "/entity_types", f"{unknown} are not entity types", f"choose from {', '.join(sorted(known))}")
    return meta


def map_labels(
    predictions: Sequence[DocPredictions], label_map: dict[str, str | None]
) -> tuple[list[DocPredictions], dict[str, str]]:
    """Predictions without the labels the map drops (null), and the rest of the map, which
    the entity scorer applies (``EntityConfig.label_map``)."""
    dropped = {label for label, target in label_map.items() if target is None}
    kept = {label: target for label, target in label_map.items() if target is not None}
    if not dropped:
        return list(predictions), kept
    return [replace(p, entities=tuple(e for e in p.entities if e.type not in dropped)) for p in predictions], kept


def read_entry(
    folder: Path, documents: Mapping[str, Document], type_names: Sequence[str]
) -> tuple[dict[str, Any], list[DocPredictions], dict[str, str]]:
    """An entry's checked metadata, its predictions without the labels its map drops, and the
    renaming part of its map (for ``EntityConfig.label_map``). Its files are read only where
    they lie inside the folder of entries (``submissions/``), itself inside the repository: a link
    out of either is refused (NG114)."""
    entries = folder.parent
    checks = [(entries.parent, entries), *((entries, folder / name) for name in ENTRY_FILES)]
    refused = [i for i in (outside(where, path) for where, path in checks) if i is not None]
    if refused:
        raise NewsgoldError(refused)
    meta = read_metadata(folder / "metadata.json", type_names)
    preds, _, _ = read_predictions(folder / "predictions.jsonl", documents, fmt="jsonl")
    preds, label_map = map_labels(preds, meta.get("label_map", {}))
    return meta, preds, label_map


def gold_files(path: Path) -> list[Path]:
    """The gold files a study reads: ``path`` itself, or a folder's ``.json`` files at any depth
    (a file the folder refuses to give is an error)."""
    if not path.is_dir():
        return [path]
    names, refused = folder_files(path, ".json", recursive=True)
    if refused:
        raise NewsgoldError(refused)
    return [Path(n) for n in names]
