"""Coreference of a corpus: each document's key and response through :mod:`.coref`, summed.

The key and the response are :class:`~newsgold.readers.coref.CorefDoc` values by document;
entity coreference and event coreference are scored apart (event coreference only when the
response gives event clusters). A key document the response leaves out is scored as an
empty response; a response document the key lacks is an error (NG602).

Options (:class:`CorefConfig`), as the literature names them:

- ``singletons``: keep clusters of one mention (the reference scorer's default; CorefUD,
  PreCo and LitBank keep them) or drop them from key and response first (OntoNotes/CoNLL-2012);
- ``mentions``: ``"predicted"`` (the system found its own mentions, Pradhan et al. 2014) or
  ``"gold"`` (it was given the key's mentions);
- ``response``: ``"all"``, or ``"overlapping"``: response mentions that overlap no key mention
  are removed first. Such *twinless* response mentions (Cai and Strube 2010) are what a system
  that predicts every mention writes where the key annotates only some (the gold's mention
  layer is not every noun phrase); removing them is a partial-annotation evaluation, to be
  reported as such beside the plain one;
- ``match``: how a response mention meets a key mention, as the CorefUD scorer (the CRAC
  shared tasks') names it: ``"exact"`` (the same span, the CoNLL-2012 reference's only
  way), ``"head"`` (*head match*: the same head; the same span with another head is no
  match) or ``"min_span"`` (*partial match*, minimum-span evaluation: the response mention
  lies within the key mention and covers its head). One-to-one, by :func:`.coref.align`;
  heads come from the files that give them (CorefUD, the gold); head match needs them on
  both sides, partial match on the key's only (NG653 when missing). Entity coreference
  only: an event's trigger is its own head.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..gold.errors import NewsgoldError, incident
from ..readers.coref import Clusters, CorefDoc, Span
from .coref import CorefScores, Mentions, align, evaluate


@dataclass(frozen=True, slots=True)
class CorefConfig:
    singletons: bool = True
    mentions: Mentions = "predicted"
    response: Literal["all", "overlapping"] = "all"
    match: Literal["exact", "head", "min_span"] = "exact"

    def __post_init__(self) -> None:
        if self.match not in ("exact", "head", "min_span"):
            raise ValueError(f"match must be 'exact', 'head' or 'min_span', not {self.match!r}")
        if self.mentions not in ("predicted", "gold"):
            raise ValueError(f"mentions must be 'predicted' or 'gold', not {self.mentions!r}")
        if self.response not in ("all", "overlapping"):
            raise ValueError(f"response must be 'all' or 'overlapping', not {self.response!r}")


DEFAULT_CONFIG = CorefConfig()


@dataclass
class CorefLayer:
    """One layer's scores: the corpus total (micro) and each document's."""

    total: CorefScores = field(default_factory=CorefScores)
    documents: dict[str, CorefScores] = field(default_factory=dict)


def overlapping(key: Clusters, response: Clusters) -> Clusters:
    """The response without the mentions that overlap no key mention.

    >>> overlapping((((0, 4), (10, 12)),), (((2, 5), (6, 8)), ((11, 20),)))
    (((2, 5),), ((11, 20),))
    """
    spans = sorted({m for c in key for m in c})
    starts = [s for s, _ in spans]
    reach = []  # the furthest end among the key spans that start at or before each
    furthest = -1
    for _, e in spans:
        furthest = max(furthest, e)
        reach.append(furthest)

    def touches(m: tuple[int, int]) -> bool:
        k = bisect_left(starts, m[1]) - 1  # the last key span starting before m ends
        return k >= 0 and reach[k] > m[0]

    kept = (tuple(m for m in c if touches(m)) for c in response)
    return tuple(c for c in kept if c)


def _heads(doc: CorefDoc | None, side: str, source: str) -> Mapping[Span, Span]:
    if doc is None:
        return {}
    if doc.heads is None:
        raise NewsgoldError(
            incident(
                "NG653",
                source,
                message=f"{doc.doc_id}: the {side} gives no mention heads, which this matching needs",
            )
        )
    return doc.heads


def matched(
    key: CorefDoc,
    response: CorefDoc | None,
    key_clusters: Clusters,
    response_clusters: Clusters,
    config: CorefConfig,
    source: str,
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Key and response entity clusters with each response mention that matches a key mention
    by head or minimum span replaced by it (singletons dropped first when they are excluded,
    so that they match nothing, as the CorefUD scorer drops them)."""
    key_heads = _heads(key, "key", source or "gold")
    if not config.singletons:
        key_clusters = tuple(c for c in key_clusters if len(c) > 1)
        response_clusters = tuple(c for c in response_clusters if len(set(c)) > 1)
    if config.match == "head":  # a mention is its span and its head: the same span with another head differs
        response_heads = _heads(response, "response", source or "predictions")
        headed = [[(m, key_heads.get(m, m)) for m in c] for c in key_clusters]
        given = [[(m, response_heads.get(m, m)) for m in c] for c in response_clusters]
        return headed, align(key=headed, response=given, by="head", span=_span_of, head=_head_of)
    keys = [list(c) for c in key_clusters]
    responses = align(
        key=keys, response=response_clusters, by="min_span", span=_self, min_span=lambda m: key_heads.get(m, m)
    )
    return keys, responses


def _self(m: Span) -> Span:
    return m


def _span_of(m: tuple[Span, Span]) -> Span:
    return m[0]


def _head_of(m: tuple[Span, Span]) -> Span:
    return m[1]


def score_coref(
    key: Mapping[str, CorefDoc],
    response: Iterable[CorefDoc],
    config: CorefConfig = DEFAULT_CONFIG,
    *,
    source: str = "",
    shard: bool = False,
) -> dict[str, CorefLayer]:
    """Each layer the response gives, scored against the key, in key document order; with
    ``shard``, only the key documents the response gives (one shard of a corpus)."""
    given: dict[str, CorefDoc] = {}
    for doc in response:
        if doc.doc_id not in key:
            raise NewsgoldError(
                incident(
                    "NG602",
                    source or "predictions",
                    message=f"unknown document {doc.doc_id!r} (key: {', '.join(sorted(key)[:5])})",
                )
            )
        given[doc.doc_id] = doc
    layers = ["entities"] + (["events"] if any(d.events is not None for d in given.values()) else [])
    out = {layer: CorefLayer() for layer in layers}
    for doc_id, k in key.items():
        r = given.get(doc_id)
        if shard and r is None:
            continue
        for layer in layers:
            key_spans = (k.entities if layer == "entities" else k.events) or ()
            response_spans = ((r.entities if layer == "entities" else r.events) or ()) if r else ()
            if config.response == "overlapping":
                response_spans = overlapping(key_spans, response_spans)
            key_clusters: Sequence[Sequence[Any]] = key_spans
            response_clusters: Sequence[Sequence[Any]] = response_spans
            if layer == "entities" and config.match != "exact":
                key_clusters, response_clusters = matched(k, r, key_spans, response_spans, config, source)
            try:
                scores = evaluate(
                    key=key_clusters, response=response_clusters, singletons=config.singletons, mentions=config.mentions
                )
            except ValueError as e:
                raise NewsgoldError(
                    incident(
                        "NG652",
                        source or "predictions",
                        message=f"{doc_id} ({layer} coreference): {e}",
                    )
                ) from None
            out[layer].documents[doc_id] = scores
    for result in out.values():
        result.total = CorefScores.total(list(result.documents.values()))
    return out
