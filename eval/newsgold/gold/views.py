"""The two views of the gold events, derived by code and never stored twice.

- ``full``: every event with every argument (Place, Time-* and value roles included), its
  attributes and its coreference cluster;
- ``benchmark``: what the ACE05-E literature scores: the 22 benchmark roles only (Time and
  value roles dropped), no attributes, arguments given by their head spans.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Document, Gold

VIEWS = ("full", "benchmark")


def event_view(doc: Document, gold: Gold, *, view: str, event_types: Mapping[str, Any]) -> list[dict[str, Any]]:
    if view not in VIEWS:
        raise ValueError(f"view {view!r}; choose {', '.join(VIEWS)}")
    keep = set(event_types["benchmark_roles"]) if view == "benchmark" else None
    by = gold.by_id()
    out = []
    for e in gold.events:
        args = []
        for a in e.arguments:
            if keep is not None and a.role not in keep:
                continue
            m = by[a.ref]
            span = m.head_or_span if view == "benchmark" else m.span
            arg: dict[str, Any] = {
                "role": a.role,
                "start": span.start,
                "end": span.end,
                "text": doc.text[span.start : span.end],
            }
            if view == "full":
                arg.update(
                    ref=a.ref, entity_type=m.type, head={"start": m.head_or_span.start, "end": m.head_or_span.end}
                )
            args.append(arg)
        record: dict[str, Any] = {
            "id": e.id,
            "type": e.type,
            "trigger": {"start": e.trigger.start, "end": e.trigger.end, "text": e.trigger_text},
            "arguments": args,
        }
        if view == "full":
            record.update(
                modality=e.modality, polarity=e.polarity, genericity=e.genericity, tense=e.tense, cluster=e.cluster
            )
        out.append(record)
    return out
