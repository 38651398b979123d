"""Label Studio JSON exports: a list of tasks, each with ``data`` and ``annotations``.

A task's document is ``data["doc_id"]`` when present, else the corpus document whose text
equals ``data["text"]``. Its entities are the ``labels`` results of its first annotation
(``--format label-studio`` reads ``predictions`` instead when a task has no annotation).
Offsets are Label Studio's ``start``/``end``, which are code point offsets into the text.
Tasks made by ``newsgold export --format label-studio`` are read as its gold would be:
trigger and head regions are not entities, nor are mentions (a ``level`` of NOM or PRO).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import read_json
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from .records import DocPredictions, PredEntity, Reader

NOT_ENTITIES = ("trigger", "head")  # the other labels of newsgold's label config


def _bad(file: str, ptr: str, message: str) -> NewsgoldError:
    return NewsgoldError(incident("NG612", file, pointer=ptr, message=message))


def _typed(obj: Mapping[str, Any], key: str, kind: type, file: str, ptr: str, what: str) -> Any:
    """``obj[key]`` when absent (None) or of ``kind``; a value of another type is NG612."""
    value = obj.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise _bad(file, f"{ptr}/{key}", f"{key!r} must be {what}, got {type(value).__name__}")
    return value


def read_label_studio(path: Path, documents: Mapping[str, Document]) -> tuple[list[DocPredictions], list[Incident]]:
    file = str(path)
    data, problems = read_json(path)
    if data is None:
        raise NewsgoldError(problems)
    if not isinstance(data, list):
        raise NewsgoldError(
            incident("NG612", file, pointer="", message="a Label Studio export is a JSON list of tasks")
        )
    if not data:
        raise NewsgoldError(incident("NG601", file, message="the export holds no task"))
    by_text = {d.text: d for d in documents.values()}
    out: list[DocPredictions] = []
    warnings: list[Incident] = []
    seen: set[str] = set()
    for i, task in enumerate(data):
        ptr = f"/{i}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise _bad(file, ptr, "a task needs a 'data' object")
        doc_id = _typed(task["data"], "doc_id", str, file, ptr + "/data", "a string")
        text = _typed(task["data"], "text", str, file, ptr + "/data", "a string")
        doc = documents.get(doc_id or "") or by_text.get(text or "")
        if doc is None:
            raise NewsgoldError(
                incident(
                    "NG602",
                    file,
                    pointer=ptr + "/data",
                    message="the task's doc_id and text match no corpus document",
                    hint="put the corpus doc_id in data.doc_id, or the verbatim text in data.text",
                )
            )
        if doc.doc_id in seen:
            raise NewsgoldError(incident("NG603", file, pointer=ptr, message=f"{doc.doc_id!r} appears in two tasks"))
        seen.add(doc.doc_id)
        annotations = _typed(task, "annotations", list, file, ptr, "a list of annotations")
        source = "annotations" if annotations else "predictions"
        given = annotations or _typed(task, "predictions", list, file, ptr, "a list of predictions") or [{}]
        if not isinstance(given[0], dict):
            raise _bad(file, f"{ptr}/{source}/0", f"an annotation must be an object, got {type(given[0]).__name__}")
        results = _typed(given[0], "result", list, file, f"{ptr}/{source}/0", "a list of results") or []
        mentions = {
            r.get("id")
            for r in results
            if isinstance(r, dict)
            and r.get("from_name") == "level"
            and isinstance(r.get("value"), dict)
            and r["value"].get("choices") in (["NOM"], ["PRO"])
        }
        ents = []
        for j, r in enumerate(results):
            rptr = f"{ptr}/{source}/0/result/{j}"
            if not isinstance(r, dict):
                raise _bad(file, rptr, f"a result must be an object, got {type(r).__name__}")
            kind = _typed(r, "type", str, file, rptr, "a string")
            value = _typed(r, "value", dict, file, rptr, "an object") or {}
            if (
                kind not in (None, "labels")
                or "labels" not in value
                or r.get("from_name") in NOT_ENTITIES
                or r.get("id") in mentions
            ):
                # another control (choices, textarea), a trigger or head region, a nominal mention: not entities
                continue
            labels = value["labels"]
            if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
                raise _bad(
                    file, rptr + "/value/labels", f"'labels' must be a list of label strings, got {labels!r:.60}"
                )
            if not labels:
                continue
            s, e = value.get("start"), value.get("end")
            if not (type(s) is int and type(e) is int and 0 <= s < e <= len(doc.text)):
                raise NewsgoldError(
                    incident(
                        "NG301",
                        file,
                        pointer=rptr + "/value",
                        message=f"offsets {s!r:.40}, {e!r:.40} are not a span of {doc.doc_id}",
                    )
                )
            span_text = _typed(value, "text", str, file, rptr + "/value", "a string")
            if span_text is not None and doc.text[s:e] != span_text:
                cause = explain_mismatch(doc.text, s, e, span_text)
                raise NewsgoldError(
                    incident(
                        "NG302",
                        file,
                        pointer=rptr + "/value/text",
                        message=f"text {span_text!r} but [{s}, {e}) holds {doc.text[s:e]!r}",
                        hint=cause,
                    )
                )
            score = r.get("score")
            if score is not None and (type(score) not in (int, float)):
                raise _bad(file, rptr + "/score", f"'score' must be a number, got {type(score).__name__}")
            if len(labels) > 1:
                warnings.append(
                    incident(
                        "NG605",
                        file,
                        pointer=rptr,
                        severity="warning",
                        message=f"{len(labels)} labels on one span: each is a prediction",
                    )
                )
            ents += [PredEntity(s, e, label, doc.text[s:e], score) for label in labels]
        out.append(DocPredictions(doc.doc_id, tuple(ents), (), frozenset({"entities"})))
    return out, warnings


def _looks_like_a_list(path: Path) -> bool:
    """A JSON document that is a list (an export), not JSON Lines of objects."""
    try:
        with path.open("rb") as f:
            head = f.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"[")


READER = Reader(
    name="label-studio",
    summary="a Label Studio JSON export (a list of tasks)",
    suffixes=(".json",),
    read=lambda path, documents, subtypes: read_label_studio(path, documents),
    sniff=_looks_like_a_list,
)
