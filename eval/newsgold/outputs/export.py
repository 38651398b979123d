"""Exports of the gold, generated from the one source of truth and never edited by hand.

Formats (``newsgold export --format F -o DIR``):

- ``conll``: CoNLL-2003-style columns ``TOKEN _ _ TAG`` (IOB2 over the canonical tokens),
  ``-DOCSTART- -X- O O`` and a blank line before each document (the delimiter spaCy's
  ``spacy convert -c ner`` splits documents on: documents in doc_id order, the ids not
  written), a blank line after each sentence;
- ``bio-jsonl``: one JSON object per sentence: doc_id, sentence index, tokens, token
  offsets, IOB2 tags;
- ``brat``: ``<doc_id>.txt``, ``<doc_id>.ann`` (every layer, losslessly) and ``annotation.conf``;
- ``hf``: the data files behind the README's ``datasets`` configs (``data/<config>/test.jsonl``);
- ``spacy``: a ``DocBin`` of the documents with their entities (needs the spacy extra);
- ``textee``: TextEE's (and OneIE's) processed JSON Lines, one window per sentence
  (``gold.textee.jsonl``), see :func:`textee_records`;
- ``dygiepp``: DyGIE++'s document JSON Lines (``gold.dygiepp.jsonl``), see :func:`dygiepp_records`;
- ``label-studio``: Label Studio tasks (``tasks.json``: the gold as annotations, or a system's
  predictions as pre-annotations) and the labelling config (``label-config.xml``), see
  ``readers/labelstudio_tasks.py``; ``newsgold import --format label-studio`` reads the
  tool's JSON export back;
- ``inception``: one UIMA CAS XMI per document (``<doc_id>.xmi``: the gold, or a system's
  predictions as pre-annotations) and ``TypeSystem.xml``, for INCEpTION or WebAnno (needs the
  inception extra), see ``readers/inception.py``; ``newsgold import --format inception``
  reads the tool's XMI export back.

Both event formats count canonical tokens and take argument spans from mention heads, as the
ACE05-E preprocessing of those frameworks does (``--profile ace05e`` writes exactly what that
preprocessing writes: :class:`Ace05e`); neither carries event attributes, coreference
clusters or notes, and DyGIE++ carries no TIMEX values and no nominal or pronominal mentions
but as argument spans.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..gold.errors import NewsgoldError, incident
from ..gold.layers import SPAN_LAYERS
from ..gold.model import Document, Gold, Mention
from ..gold.repo import Repo
from ..gold.spans import Span
from ..gold.write import write_folder
from ..readers import inception
from ..readers.brat import annotation_conf, write_ann
from ..readers.labelstudio_tasks import (
    gold_result,
    label_config,
    prediction_result,
    task,
)
from ..readers.records import DocPredictions, Predictions
from ..scoring.tokens import spans_to_tags

FORMATS = ("conll", "bio-jsonl", "brat", "hf", "spacy", "textee", "dygiepp", "label-studio", "inception")
# ``full``: every layer the format can carry; ``ace05e``: what the frameworks' ACE05-E preprocessing
# writes (see :class:`Ace05e`), for models trained on it.
PROFILES = ("full", "ace05e")
PROFILED = ("textee", "dygiepp")
PRE_ANNOTATING = ("label-studio", "inception")


def entity_spans(gold: Gold, label_map: Mapping[str, str | None] | None = None) -> list[tuple[int, int, str]]:
    out = []
    for e in gold.entities:
        label = label_map.get(e.type) if label_map is not None else e.type
        if label is not None:
            out.append((e.span.start, e.span.end, label))
    return out


def sentences(doc: Document, spans: Sequence[tuple[int, int, str]]) -> list[tuple[list[tuple[int, int]], list[str]]]:
    """Per sentence: the canonical token offsets and their IOB2 tags."""
    tags, _, _ = spans_to_tags(doc, spans)
    out, k = [], 0
    for sentence_tags in tags:
        toks = [(t.start, t.end) for t in doc.tokens[k : k + len(sentence_tags)]]
        k += len(sentence_tags)
        out.append((toks, sentence_tags))
    return out


def conll_text(corpus: Iterable[tuple[Document, Gold]], label_map: Mapping[str, str | None] | None = None) -> str:
    lines: list[str] = []
    for doc, gold in corpus:
        lines += ["-DOCSTART- -X- O O", ""]
        for toks, tags in sentences(doc, entity_spans(gold, label_map)):
            lines += [f"{doc.text[s:e]} _ _ {t}" for (s, e), t in zip(toks, tags)]
            lines.append("")
    return "\n".join(lines)


def bio_records(
    corpus: Iterable[tuple[Document, Gold]], label_map: Mapping[str, str | None] | None = None
) -> list[dict[str, Any]]:
    records = []
    for doc, gold in corpus:
        for i, (toks, tags) in enumerate(sentences(doc, entity_spans(gold, label_map))):
            records.append(
                {
                    "doc_id": doc.doc_id,
                    "sentence": i,
                    "tokens": [doc.text[s:e] for s, e in toks],
                    "token_offsets": [[s, e] for s, e in toks],
                    "tags": tags,
                }
            )
    return records


def _jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def bio_labels(types: Sequence[str]) -> list[str]:
    """The ClassLabel names: O, then B-/I- for each type in inventory order."""
    return ["O"] + [f"{p}-{t}" for t in types for p in ("B", "I")]


def hf_files(repo: Repo, corpus: Sequence[tuple[Document, Gold]]) -> dict[str, str]:
    """The ``datasets`` data files: relative path -> content."""
    onto = repo.entity_type_names
    conll_map = repo.label_maps["conll2003"]["map"]
    conll_types = list(dict.fromkeys(v for v in conll_map.values() if v))
    files: dict[str, str] = {}
    for config, label_map, types in (("ner", None, onto), ("ner_conll2003", conll_map, conll_types)):
        names = bio_labels(types)
        index = {n: i for i, n in enumerate(names)}
        files[f"data/{config}/test.jsonl"] = _jsonl(
            {
                "id": f"{r['doc_id']}-{r['sentence']}",
                "doc_id": r["doc_id"],
                "sentence": r["sentence"],
                "tokens": r["tokens"],
                "ner_tags": [index[t] for t in r["tags"]],
            }
            for r in bio_records(corpus, label_map)
        )
    span_rows = []
    event_rows = []
    for doc, gold in corpus:
        for layer in SPAN_LAYERS:
            for m in getattr(gold, layer):
                span_rows.append(
                    {
                        "doc_id": doc.doc_id,
                        "id": m.id,
                        "layer": layer,
                        "start": m.span.start,
                        "end": m.span.end,
                        "text": m.text,
                        "type": m.type,
                        "level": m.level,
                        "head_start": m.head.start if m.head else None,
                        "head_end": m.head.end if m.head else None,
                        "cluster": m.cluster,
                        "value": m.value,
                        "sentence": doc.sentence_of(m.span.start),
                    }
                )
        by = gold.by_id()
        for e in gold.events:
            event_rows.append(
                {
                    "doc_id": doc.doc_id,
                    "id": e.id,
                    "type": e.type,
                    "trigger_start": e.trigger.start,
                    "trigger_end": e.trigger.end,
                    "trigger_text": e.trigger_text,
                    "sentence": doc.sentence_of(e.trigger.start),
                    "arguments": [
                        {
                            "role": a.role,
                            "ref": a.ref,
                            "start": by[a.ref].span.start,
                            "end": by[a.ref].span.end,
                            "text": by[a.ref].text,
                            "head_start": by[a.ref].head_or_span.start,
                            "head_end": by[a.ref].head_or_span.end,
                        }
                        for a in e.arguments
                    ],
                    "modality": e.modality,
                    "polarity": e.polarity,
                    "genericity": e.genericity,
                    "tense": e.tense,
                    "cluster": e.cluster,
                }
            )
    files["data/spans/test.jsonl"] = _jsonl(span_rows)
    files["data/events/test.jsonl"] = _jsonl(event_rows)
    # What the spans' and events' offsets index: each document's text and sentences.
    files["data/documents/test.jsonl"] = _jsonl(
        {"doc_id": doc.doc_id, "text": doc.text, "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences]}
        for doc, _ in corpus
    )
    return files


HF_CONFIGS = ("ner", "ner_conll2003", "spans", "events", "documents")


def _features(**kinds: str) -> list[dict[str, Any]]:
    """``datasets`` feature entries from name=kind (``s`` string, ``i`` int32)."""
    return [{"name": name, "dtype": "string" if kind == "s" else "int32"} for name, kind in kinds.items()]


def dataset_card_yaml(repo: Repo) -> str:
    """The README's YAML front matter: ``configs`` and ``dataset_info`` for ``datasets``, one line
    per config (JSON is YAML's flow style), so the README's first screen is its title."""
    onto = repo.entity_type_names
    conll_types = list(dict.fromkeys(v for v in repo.label_maps["conll2003"]["map"].values() if v))

    def ner(types: Sequence[str]) -> list[dict[str, Any]]:
        names = {str(i): n for i, n in enumerate(bio_labels(types))}
        return [
            *_features(id="s", doc_id="s", sentence="i"),
            {"name": "tokens", "sequence": "string"},
            {"name": "ner_tags", "sequence": {"class_label": {"names": names}}},
        ]

    features = {
        "ner": ner(onto),
        "ner_conll2003": ner(conll_types),
        "spans": _features(
            doc_id="s",
            id="s",
            layer="s",
            start="i",
            end="i",
            text="s",
            type="s",
            level="s",
            head_start="i",
            head_end="i",
            cluster="s",
            value="s",
            sentence="i",
        ),
        "events": [
            *_features(
                doc_id="s", id="s", type="s", trigger_start="i", trigger_end="i", trigger_text="s", sentence="i"
            ),
            {
                "name": "arguments",
                "list": _features(role="s", ref="s", start="i", end="i", text="s", head_start="i", head_end="i"),
            },
            *_features(modality="s", polarity="s", genericity="s", tense="s", cluster="s"),
        ],
        "documents": [*_features(doc_id="s", text="s"), {"name": "sentences", "list": _features(start="i", end="i")}],
    }
    lines = [
        "---",
        "language: [en]",
        # Two licences: the annotations are CC BY 4.0, the article text stays EFE's (LICENSE-DATA.md).
        "license: other",
        "license_name: cc-by-4.0-annotations-and-third-party-text",
        "license_link: LICENSE-DATA.md",
        "pretty_name: newsgold",
        "task_categories: [token-classification]",
        "tags: [named-entity-recognition, event-extraction, ace2005, ontonotes]",
        "configs:",
    ]
    for config in HF_CONFIGS:
        files = [{"split": "test", "path": f"data/{config}/test.jsonl"}]
        default = {"default": True} if config == "ner" else {}
        lines.append("- " + json.dumps({"config_name": config, "data_files": files, **default}))
    lines.append("dataset_info:")
    lines += ["- " + json.dumps({"config_name": c, "features": features[c]}) for c in HF_CONFIGS]
    lines.append("---")
    return "\n".join(lines) + "\n"


def readme_with_card(repo: Repo) -> str:
    """README.md with its YAML front matter replaced by :func:`dataset_card_yaml`."""
    text = (repo.root / "README.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else "\n" + text
    return dataset_card_yaml(repo) + body


def brat_files(repo: Repo, corpus: Sequence[tuple[Document, Gold]]) -> dict[str, str]:
    files = {"annotation.conf": annotation_conf(repo.entity_types, repo.event_types, repo.event_attributes)}
    for doc, _ in corpus:
        record = json.loads(repo.gold_path(doc.doc_id).read_text(encoding="utf-8"))
        files[f"{doc.doc_id}.txt"] = doc.text
        files[f"{doc.doc_id}.ann"] = write_ann(record, doc.text)
    return files


def label_studio_files(
    repo: Repo, corpus: Sequence[tuple[Document, Gold]], predictions: Predictions | None = None
) -> tuple[dict[str, str], int]:
    """``tasks.json`` and ``label-config.xml``, and how many predicted event arguments had no
    region to point at (with ``predictions``: pre-annotations instead of the gold)."""
    tasks, dropped = [], 0
    if predictions is None:
        for doc, _ in corpus:
            tasks.append(
                task(doc, annotation=gold_result(json.loads(repo.gold_path(doc.doc_id).read_text(encoding="utf-8"))))
            )
    else:
        predicted = {p.doc_id: p for p in predictions.documents}
        for doc, _ in corpus:
            if doc.doc_id in predicted:
                result, lost = prediction_result(predicted[doc.doc_id], doc)
                dropped += lost
                tasks.append(task(doc, prediction=result, model_version=predictions.source))
            else:
                tasks.append(task(doc))
    config = label_config(repo.entity_types, repo.event_types, repo.event_attributes)
    return {"tasks.json": json.dumps(tasks, indent=1, ensure_ascii=False) + "\n", "label-config.xml": config}, dropped


def inception_files(
    repo: Repo, corpus: Sequence[tuple[Document, Gold]], predictions: Predictions | None = None
) -> tuple[dict[str, str], int]:
    """``<doc_id>.xmi`` per document and ``TypeSystem.xml``, and how many predicted event
    arguments had no predicted entity to link to (with ``predictions``: pre-annotations
    instead of the gold; a document the system did not predict has no annotations)."""
    ts = inception.type_system()
    files, dropped = {}, 0
    predicted = {p.doc_id: p for p in predictions.documents} if predictions is not None else None
    for doc, _ in corpus:
        if predicted is None:
            files[f"{doc.doc_id}.xmi"] = inception.gold_xmi(
                ts, json.loads(repo.gold_path(doc.doc_id).read_text(encoding="utf-8")), doc
            )
        else:
            files[f"{doc.doc_id}.xmi"], lost = inception.prediction_xmi(
                ts, predicted.get(doc.doc_id, DocPredictions(doc.doc_id, ())), doc
            )
            dropped += lost
    files[inception.TYPE_SYSTEM] = str(ts.to_xml())
    return files, dropped


def export(
    repo: Repo,
    corpus: Sequence[tuple[Document, Gold]],
    *,
    fmt: str,
    out: Path,
    protected: Sequence[Path] = (),
    predictions: Predictions | None = None,
    force: bool = False,
    profile: str = "full",
) -> list[Path]:
    """Write the export; returns the files written. Every file is written atomically.
    ``predictions`` (label-studio, inception) become pre-annotations in place of the gold.
    A folder holding anything but what this export writes is refused unless ``force``
    (see :func:`~newsgold.gold.write.check_folder`)."""
    if predictions is not None and fmt not in PRE_ANNOTATING:
        raise NewsgoldError(
            incident(
                "NG003",
                "predictions",
                message=f"only the {' and '.join(PRE_ANNOTATING)} exports take predictions, not {fmt}",
            )
        )
    if profile not in PROFILES or (profile != "full" and fmt not in PROFILED):
        raise NewsgoldError(
            incident(
                "NG003",
                "profile",
                message=f"profile {profile!r} for {fmt}; the {', '.join(PROFILES[1:])} profile goes with "
                f"{' and '.join(PROFILED)} (choose from {', '.join(PROFILES)})",
            )
        )
    ace = Ace05e(repo) if profile == "ace05e" else None
    files: Mapping[str, str | bytes]
    if fmt == "conll":
        files = {"gold.conll": conll_text(corpus)}
    elif fmt == "bio-jsonl":
        files = {"gold.bio.jsonl": _jsonl(bio_records(corpus))}
    elif fmt == "brat":
        files = brat_files(repo, corpus)
    elif fmt == "hf":
        files = {k.removeprefix("data/"): v for k, v in hf_files(repo, corpus).items()}
    elif fmt == "textee":
        files = {"gold.textee.jsonl": _jsonl(textee_records(corpus, ace))}
    elif fmt == "dygiepp":
        files = {"gold.dygiepp.jsonl": _jsonl(dygiepp_records(corpus, ace))}
    elif fmt == "spacy":
        files = {"gold.spacy": _docbin(corpus, out / "gold.spacy")}
    elif fmt == "label-studio":
        files, _ = label_studio_files(repo, corpus, predictions)
    elif fmt == "inception":
        files, _ = inception_files(repo, corpus, predictions)
    else:
        raise NewsgoldError(
            incident(
                "NG003", "export format", message=f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}"
            )
        )
    return write_folder(out, files, protected=protected, force=force)


class Ace05e:
    """The ACE05-E convention of TextEE's (``process_ace05_en.py``, ``time_and_val`` off) and
    DyGIE++'s (``parse_ace_event.py --include_pronouns``) preprocessing: entity mentions of the
    ACE entity types only (the ``ace2005`` label map of ``label-maps.json``; values and times are
    no entities there), named, nominal and pronominal, spanning their heads; event arguments of
    the 22 ACE05-E roles only (``benchmark_roles``), so a model trained on ACE05-E reads the
    labels it knows and the frameworks' scorers count what newsgold's benchmark view counts."""

    def __init__(self, repo: Repo):
        self.types: dict[str, str | None] = repo.label_maps["ace2005"]["map"]
        self.roles = frozenset(repo.event_types["benchmark_roles"])

    def mentions(self, gold: Gold) -> list[tuple[Mention, str]]:
        """The gold's entities and mentions that ACE05-E holds, with their ACE type."""
        out = []
        for m in (*gold.entities, *gold.mentions):
            ace = self.types.get(m.type)
            if ace is not None:
                out.append((m, ace))
        return out

    def arguments(self, doc: Document, gold: Gold, kept: Iterable[str]) -> dict[str, Sequence[Any]]:
        """Each event's arguments of the 22 roles, by event id; an argument whose filler ACE05-E
        does not hold cannot be written (NG612)."""
        held = set(kept)
        out: dict[str, Sequence[Any]] = {}
        for e in gold.events:
            for a in e.arguments:
                if a.role not in self.roles:
                    continue
                if a.ref not in held:
                    raise NewsgoldError(
                        incident(
                            "NG612",
                            doc.doc_id,
                            message=f"{e.id}'s {a.role} argument {a.ref} has a type with no ACE entity type",
                            hint="give the filler an entity type the ace2005 map of label-maps.json maps, "
                            "or export without --profile ace05e",
                        )
                    )
            out[e.id] = [a for a in e.arguments if a.role in self.roles]
        return out


def _tokens(doc: Document, span: Span, what: str) -> tuple[int, int]:
    """``(first, last + 1)``: the canonical tokens of a gold span (a validated span sits on token edges, NG303)."""
    found = doc.token_index.token_range(span)
    if found is None:
        raise NewsgoldError(
            incident("NG303", doc.doc_id, message=f"{what} [{span.start}, {span.end}) is not on canonical token edges")
        )
    return found


def _sentence_of_args(doc: Document, gold: Gold) -> dict[str, Mention]:
    """Each gold mention by id, after checking every argument lies in its trigger's sentence
    (NG406; the event formats group arguments by sentence)."""
    by = gold.by_id()
    for e in gold.events:
        for a in e.arguments:
            if doc.sentence_of(by[a.ref].head_or_span.start) != doc.sentence_of(e.trigger.start):
                raise NewsgoldError(
                    incident(
                        "NG406", doc.doc_id, message=f"{e.id}'s argument {a.ref} is outside the trigger's sentence"
                    )
                )
    return by


def _window_span(doc: Document, first: int, span: Span, what: str) -> dict[str, Any]:
    """A span as TextEE writes it: its text, and token indices from the window's ``first`` token."""
    a, b = _tokens(doc, span, what)
    return {"text": doc.text[span.start : span.end], "start": a - first, "end": b - first}


def textee_records(corpus: Iterable[tuple[Document, Gold]], ace: Ace05e | None = None) -> list[dict[str, Any]]:
    """The gold as TextEE's processed JSON Lines: one window per sentence.

    Each window has ``doc_id``, ``wnd_id`` (``<doc_id>-<sentence>``), ``text``, ``lang``, the
    canonical ``tokens``, ``entity_mentions`` (the entities and mentions of the sentence
    under their gold ids, spanning their heads, with ``entity_type``, ``mention_type`` (the
    level) and, for DATE and TIME, the TIMEX ``value``) and ``event_mentions`` (``event_type``,
    ``trigger``, ``arguments`` with the ``entity_id`` of their filler). Token indices count
    from the window's first token, end exclusive. With ``ace`` (the ace05e profile), ACE05-E's
    entity mentions and argument roles only (:class:`Ace05e`), and no values; each mention
    carries the ``entity_subtype`` key that ACE05-E preprocessing writes, null: the gold holds
    no ACE entity subtypes (``Nation``, ``Individual``...), and no TextEE model reads the key.
    """
    records = []
    for doc, gold in corpus:
        _sentence_of_args(doc, gold)
        typed = ace.mentions(gold) if ace else [(m, m.type) for m in (*gold.entities, *gold.mentions)]
        arguments = (
            ace.arguments(doc, gold, (m.id for m, _ in typed)) if ace else {e.id: e.arguments for e in gold.events}
        )
        language = doc.meta.get("language", "en") if doc.meta else "en"
        for i, sentence in enumerate(doc.sentences):
            first, stop = doc.token_index.covering_range(sentence)
            mentions: dict[str, dict[str, Any]] = {}
            for m, label in sorted(typed, key=lambda mt: (mt[0].head_or_span.start, mt[0].head_or_span.end, mt[0].id)):
                if doc.sentence_of(m.head_or_span.start) == i:
                    mentions[m.id] = {
                        "id": m.id,
                        **_window_span(doc, first, m.head_or_span, m.id),
                        "entity_type": label,
                        **({"entity_subtype": None} if ace else {}),  # the gold has no ACE subtypes
                        "mention_type": m.level,
                        **({"value": m.value} if m.value is not None and ace is None else {}),
                    }
            events = [
                {
                    "id": e.id,
                    "event_type": e.type,
                    "trigger": _window_span(doc, first, e.trigger, e.id),
                    "arguments": [
                        {
                            "entity_id": a.ref,
                            "role": a.role,
                            "text": mentions[a.ref]["text"],
                            "start": mentions[a.ref]["start"],
                            "end": mentions[a.ref]["end"],
                        }
                        for a in arguments[e.id]
                    ],
                }
                for e in gold.events
                if doc.sentence_of(e.trigger.start) == i
            ]
            records.append(
                {
                    "doc_id": doc.doc_id,
                    "wnd_id": f"{doc.doc_id}-{i}",
                    "text": doc.text[sentence.start : sentence.end],
                    "lang": language,
                    "tokens": [doc.text[t.start : t.end] for t in doc.tokens[first:stop]],
                    "entity_mentions": list(mentions.values()),
                    "relation_mentions": [],
                    "event_mentions": events,
                }
            )
    return records


def dygiepp_records(corpus: Iterable[tuple[Document, Gold]], ace: Ace05e | None = None) -> list[dict[str, Any]]:
    """The gold as DyGIE++'s document JSON Lines (``dataset`` ``ace-event``).

    ``sentences`` are the canonical tokens; ``ner`` the flat entity layer by sentence
    (``[first, last, type]``, document token indices, last included); ``events`` by sentence
    ``[[trigger, "Contact.Meet"], [first, last, role], ...]`` with arguments spanning their
    filler's head. A trigger of more than one token cannot be written (NG612). With ``ace`` (the
    ace05e profile), ``ner`` holds ACE05-E's entity mentions (named, nominal and pronominal, by
    head, ACE types) and events the 22 ACE05-E roles only (:class:`Ace05e`).
    """
    records = []
    for doc, gold in corpus:
        by = _sentence_of_args(doc, gold)
        if ace:
            typed = ace.mentions(gold)
            named = [(m.head_or_span, label, m.id) for m, label in typed]
            arguments = ace.arguments(doc, gold, (m.id for m, _ in typed))
        else:
            named = [(e.span, e.type, e.id) for e in gold.entities]
            arguments = {e.id: e.arguments for e in gold.events}
        sentences: list[list[str]] = []
        ner: list[list[list[int | str]]] = []  # per sentence: [first, last, type]
        events: list[list[list[list[int | str]]]] = []  # per sentence: [[trigger, type], [first, last, role], ...]
        for sentence in doc.sentences:
            first, stop = doc.token_index.covering_range(sentence)
            sentences.append([doc.text[t.start : t.end] for t in doc.tokens[first:stop]])
            ner.append([])
            events.append([])
        for span, label, ident in sorted(named, key=lambda n: (n[0].start, n[0].end, n[1])):
            a, b = _tokens(doc, span, ident)
            ner[doc.sentence_of(span.start)].append([a, b - 1, label])
        for ev in gold.events:
            t, u = _tokens(doc, ev.trigger, ev.id)
            if u - t != 1:
                raise NewsgoldError(
                    incident(
                        "NG612",
                        doc.doc_id,
                        message=f"{ev.id}'s trigger {ev.trigger_text!r} spans {u - t} tokens; "
                        "DyGIE++ triggers are one token",
                        hint="export --format textee, which keeps triggers of several tokens",
                    )
                )
            args: list[list[int | str]] = []
            for arg in arguments[ev.id]:
                a, b = _tokens(doc, by[arg.ref].head_or_span, arg.ref)
                args.append([a, b - 1, arg.role])
            events[doc.sentence_of(ev.trigger.start)].append([[t, ev.type.replace(":", ".", 1)], *args])
        records.append(
            {"doc_key": doc.doc_id, "dataset": "ace-event", "sentences": sentences, "ner": ner, "events": events}
        )
    return records


def _docbin(corpus: Sequence[tuple[Document, Gold]], path: Path) -> bytes:
    """The gold as a spaCy DocBin over the canonical tokens (spaCy's own tokenizer keeps
    ``Inditop.com/EFE`` as one token, which would put two entities on one token)."""
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
    except ImportError:
        raise NewsgoldError(
            incident("NG610", str(path), message="the spacy export needs spaCy", hint="pip install 'newsgold[spacy]'")
        ) from None
    vocab = spacy.blank("en").vocab
    bin_ = DocBin(store_user_data=True)
    for doc, gold in corpus:
        words, spaces = _words_and_spaces(doc)
        sdoc = Doc(vocab, words=words, spaces=spaces)
        assert sdoc.text == doc.text, doc.doc_id  # the tokens and the gaps between them rebuild the text
        spans = [(e, sdoc.char_span(e.span.start, e.span.end, label=e.type)) for e in gold.entities]
        off = [e.id for e, span in spans if span is None]
        if off:  # cannot happen for a validated gold (entities sit on token edges, NG303)
            raise NewsgoldError(
                incident("NG303", doc.doc_id, message=f"entities {', '.join(off)} are not on canonical token edges")
            )
        sdoc.ents = [span for _, span in spans if span is not None]
        sdoc.user_data["doc_id"] = doc.doc_id
        bin_.add(sdoc)
    return bytes(bin_.to_bytes())


def _words_and_spaces(doc: Document) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing-space flags for the canonical tokens; whitespace other than
    one space between two tokens becomes a whitespace token, as spaCy's tokenizer makes."""
    words: list[str] = []
    spaces: list[bool] = []
    end = 0
    for t in doc.tokens:
        gap = doc.text[end : t.start]
        if gap == " " and words:
            spaces[-1] = True
        elif gap:
            words.append(gap)
            spaces.append(False)
        words.append(doc.text[t.start : t.end])
        spaces.append(False)
        end = t.end
    if end < len(doc.text):
        words.append(doc.text[end:])
        spaces.append(False)
    return words, spaces
