"""Label Studio JSON exports: a list of tasks, each with ``data`` and ``annotations``.

A task's document is ``data["doc_id"]`` when present, else the corpus document whose text
equals ``data["text"]``. Its entities are the ``labels`` results of its first annotation
(``--format label-studio`` reads ``predictions`` instead when a task has no annotation).
Offsets are Label Studio's ``start``/``end``, which are code point offsets into the text.
Tasks made by ``newsgold export --format label-studio`` are read as its gold would be:
trigger and head regions are not entities, nor are mentions (a ``level`` of NOM or PRO).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.io import read_json
from ..gold.model import Document
from ..gold.offsets import explain_mismatch
from .records import DocPredictions, PredEntity, Reader

NOT_ENTITIES = ("trigger", "head")  # the other labels of newsgold's label config


def read_label_studio(path: Path, documents: Mapping[str, Document]) -> tuple[list[DocPredictions], list[Incident]]:
    file = str(path)
    data, problems = read_json(path)
    if data is None:
        raise NewsgoldError(problems)
    if not isinstance(data, list):
        raise NewsgoldError(incident("NG612", file, pointer="", message="a Label Studio export is a JSON list of tasks"))
    if not data:
        raise NewsgoldError(incident("NG601", file, message="the export holds no task"))
    by_text = {d.text: d for d in documents.values()}
    out: list[DocPredictions] = []
    warnings: list[Incident] = []
    seen: set[str] = set()
    for i, task in enumerate(data):
        ptr = f"/{i}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise NewsgoldError(incident("NG612", file, pointer=ptr, message="a task needs a 'data' object"))
        doc = documents.get(task["data"].get("doc_id", "")) or by_text.get(task["data"].get("text", ""))
        if doc is None:
            raise NewsgoldError(incident("NG602", file, pointer=ptr + "/data", message="the task's doc_id and text match no corpus document",
                                         hint="put the corpus doc_id in data.doc_id, or the verbatim text in data.text"))
        if doc.doc_id in seen:
            raise NewsgoldError(incident("NG603", file, pointer=ptr, message=f"{doc.doc_id!r} appears in two tasks"))
        seen.add(doc.doc_id)
        source = "annotations" if task.get("annotations") else "predictions"
        results: list[Any] = (task.get(source) or [{}])[0].get("result", [])
        mentions = {r.get("id") for r in results if isinstance(r, dict) and r.get("from_name") == "level"
                    and (r.get("value") or {}).get("choices") in (["NOM"], ["PRO"])}
        ents = []
        for j, r in enumerate(results):
            rptr = f"{ptr}/{source}/0/result/{j}"
            value = r.get("value", {}) if isinstance(r, dict) else {}
            labels = value.get("labels")
            if r.get("type") not in (None, "labels") or not labels or r.get("from_name") in NOT_ENTITIES or r.get("id") in mentions:
                continue
            s, e = value.get("start"), value.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(doc.text)):
                raise NewsgoldError(incident("NG301", file, pointer=rptr + "/value", message=f"offsets {s!r}, {e!r} are not a span of {doc.doc_id}"))
            text = value.get("text")
            if text is not None and doc.text[s:e] != text:
                cause = explain_mismatch(doc.text, s, e, text)
                raise NewsgoldError(incident("NG302", file, pointer=rptr + "/value/text", message=f"text {text!r} but [{s}, {e}) holds {doc.text[s:e]!r}", hint=cause))
            if len(labels) > 1:
                warnings.append(incident("NG605", file, pointer=rptr, severity="warning", message=f"{len(labels)} labels on one span: each is a prediction"))
            ents += [PredEntity(s, e, label, doc.text[s:e], r.get("score")) for label in labels]
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
    name="label-studio", summary="a Label Studio JSON export (a list of tasks)", suffixes=(".json",),
    read=lambda path, documents, subtypes: read_label_studio(path, documents), sniff=_looks_like_a_list,
)
