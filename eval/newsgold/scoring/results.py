"""The result types of a scoring, and the configurations that produce them.

Every scorer and report imports these from here, so nothing imports upward: the scorers
fill them, the outputs lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..gold.errors import Incident, NewsgoldError, incident
from ..gold.layers import SPAN_LAYERS
from ..gold.model import Document
from ..tags import SCHEMES
from .listing import Listing
from .match import Alignment
from .metrics import Counts, averages, total
from .modes import BUILTIN_MODES, SPAN_MODES, mode_names
from .units import UnitCounts

LEVELS = ("NAM", "VAL")
EVENT_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "argument_identification",
    "argument_classification",
    "argument_identification_attached",
    "argument_classification_attached",
)
ARG_MATCHES = ("head", "extent", "quote", "coref", "overlap")
TAG_SCHEMES = tuple(SCHEMES)  # the tagging schemes the strict token mode reads submitted tags with
TOKEN_ENGINES = ("newsgold", "seqeval")  # who reads the token modes' tags: newsgold.tags, or seqeval itself
VIEWS = ("benchmark", "full")
# Whose definition of the event metrics: TextEE's (the default; de-duplicated, one-to-one) or
# DyGIE++'s EventMetrics (scoring/events_dygiepp.py).
EVENT_DEFINITIONS = ("textee", "dygiepp")


def _invalid(field: str, message: str) -> NewsgoldError:
    """A configuration that cannot be scored; ``field`` names the option (the CLI names its flag)."""
    return NewsgoldError(incident("NG003", field, message=message))


@dataclass(frozen=True)
class EntityConfig:
    """What an entity scoring scores and keeps; checked when made, so a bad combination fails
    before any file is read."""

    modes: tuple[str, ...] = BUILTIN_MODES
    # A built-in table (annotations/inventories/label-maps.json: conll2003 | ace2005) applied
    # to the gold and the predicted labels alike; what it maps to null is dropped from both
    # sides. Predicted labels the table does not name (already in its scheme) pass unchanged.
    scheme: str | None = None
    gold_map: str | None = None  # a built-in table applied to the gold labels only
    # predicted label -> label, applied first; None drops the predictions with that label
    label_map: Mapping[str, str | None] = field(default_factory=dict)
    passage: str | None = None
    types: frozenset[str] | None = None
    level: str | None = None  # NAM (names) or VAL (values)
    layer: str = "entities"  # the gold layer scored: entities (flat) or mentions (nested)
    # Span modes whose whole alignment the result keeps, for anything that lists pairs
    # (error_records and confusion read it when the mode is not listed): None keeps every
    # span mode scored, () none (memory that does not grow with the corpus).
    keep_alignments: tuple[str, ...] | None = None
    # The span mode whose errors are listed as the scoring goes (error records and confusion
    # counts, ``listing.Listing``: memory grows with the errors only), and with
    # list_correct the gold items of its correct pairs too. None lists nothing.
    # These three change no score, so describe() leaves them out.
    list_errors: str | None = None
    list_correct: bool = False
    # Who reads the token modes' chunks: newsgold (the same chunks as seqeval, without it) or
    # seqeval 1.2.2 itself (the newsgold[seqeval] extra), e.g. to check a doubt.
    token_engine: str = "newsgold"
    # The tagging scheme (IOB1, IOB2, IOE1, IOE2, IOBES, BILOU) that the strict token mode
    # reads predictions given as tags with (and a gold given as tags); None detects each
    # side's from its tags.
    tag_scheme: str | None = None

    def __post_init__(self) -> None:
        if self.tag_scheme is not None and self.tag_scheme not in TAG_SCHEMES:
            raise _invalid(
                "EntityConfig.tag_scheme", f"tagging scheme {self.tag_scheme!r}; choose {', '.join(TAG_SCHEMES)}"
            )
        if self.token_engine not in TOKEN_ENGINES:
            raise _invalid(
                "EntityConfig.token_engine", f"token engine {self.token_engine!r}; choose {' or '.join(TOKEN_ENGINES)}"
            )
        unknown = sorted(set(self.modes) - set(mode_names()))
        if unknown:
            raise _invalid("EntityConfig.modes", f"unknown mode(s) {unknown}; choose from {', '.join(mode_names())}")
        if self.scheme is not None and self.gold_map is not None:
            raise _invalid(
                "EntityConfig.gold_map",
                f"choose one of scheme {self.scheme!r} (gold and predictions) "
                f"and gold_map {self.gold_map!r} (gold only)",
            )
        bad = {
            k: v for k, v in self.label_map.items() if not isinstance(k, str) or not (v is None or isinstance(v, str))
        }
        if bad:
            raise _invalid("EntityConfig.label_map", f"a label map maps labels to labels or None (drop), got {bad}")
        if self.level is not None and self.level not in LEVELS:
            raise _invalid("EntityConfig.level", f"level {self.level!r}; choose NAM or VAL")
        if self.layer not in SPAN_LAYERS:
            raise _invalid("EntityConfig.layer", f"layer {self.layer!r}; choose {' or '.join(SPAN_LAYERS)}")
        span_modes = set(self.span_modes)
        if self.keep_alignments is not None and set(self.keep_alignments) - span_modes:
            extra = sorted(set(self.keep_alignments) - span_modes)
            raise _invalid(
                "EntityConfig.keep_alignments", f"cannot keep the alignment of {extra}: keep span modes that are scored"
            )
        if self.list_errors is not None and self.list_errors not in span_modes:
            raise _invalid(
                "EntityConfig.list_errors",
                f"cannot list the errors of {self.list_errors!r}: list a span mode that is scored",
            )

    @property
    def span_modes(self) -> list[str]:
        """The span modes asked for, each once, in the order given."""
        return [m for m in dict.fromkeys(self.modes) if m in SPAN_MODES]

    def describe(self) -> dict[str, object]:
        return {
            "modes": list(self.modes),
            "scheme": self.scheme,
            "gold_map": self.gold_map,
            "label_map": dict(self.label_map),
            "passage": self.passage,
            "types": sorted(self.types) if self.types else None,
            "level": self.level,
            "layer": self.layer,
            "token_engine": self.token_engine,
            **({"tag_scheme": self.tag_scheme} if self.tag_scheme else {}),  # only when given
            "matching": "one-to-one; exact pass first, then a maximum assignment over overlaps",
            "per_type_booking": (
                "correct pairs under the gold type; incorrect pairs as fn of gold type and fp of predicted type"
            ),
            "zero_division": "null",
        }


@dataclass
class ModeResult:
    per_type: dict[str, Counts]
    alignment: Alignment | None = None
    # Counts that add up over parts of a scoring (nested by name: the token modes' schemes
    # read, ``{side: {scheme: documents}}``).
    extra: dict[str, Any] = field(default_factory=dict)
    units: UnitCounts | None = None  # by unit and type, when the scoring booked units (units.py)

    @property
    def overall(self) -> Counts:
        return total(self.per_type.values())


@dataclass
class EntityResult:
    config: EntityConfig
    doc_ids: list[str]
    documents: list[Document]
    modes: dict[str, ModeResult]
    timex: dict[str, Any]  # the report's TIMEX block (JSON)
    warnings: list[Incident]
    # What the warnings were made from, as numbers that add up over parts of a scoring.
    tallies: dict[str, Any] = field(default_factory=dict)
    listing: Listing | None = None  # EntityConfig.list_errors
    support: dict[str, int] = field(default_factory=dict)  # doc_id -> gold items scored (each span mode's support)


@dataclass(frozen=True)
class EventConfig:
    """Which view of the gold events is scored, and how argument spans match."""

    view: str = "benchmark"
    arg_match: str = "head"
    definition: str = "textee"

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise _invalid("EventConfig.view", f"view {self.view!r}; choose {', '.join(VIEWS)}")
        if self.arg_match not in ARG_MATCHES:
            raise _invalid("EventConfig.arg_match", f"{self.arg_match!r}; choose {', '.join(ARG_MATCHES)}")
        if self.definition not in EVENT_DEFINITIONS:
            raise _invalid("EventConfig.definition", f"{self.definition!r}; choose {', '.join(EVENT_DEFINITIONS)}")
        if self.definition == "dygiepp" and self.arg_match not in ("head", "extent"):
            raise _invalid(
                "EventConfig.definition",
                f"DyGIE++'s metrics match argument spans exactly: arg_match head or extent, not {self.arg_match!r}",
            )

    def describe(self) -> dict[str, object]:
        if self.definition == "dygiepp":
            return {
                "view": self.view,
                "arg_match": self.arg_match,
                "definition": "dygiepp",
                "metrics": [
                    "trigger_identification",
                    "trigger_classification",
                    "argument_identification",
                    "argument_classification",
                ],
                "deduplicated": False,
                "matching": "many-to-one, by sentence (DyGIE++'s EventMetrics)",
                "zero_division": "null",
            }
        return {
            "view": self.view,
            "arg_match": self.arg_match,
            "metrics": list(EVENT_METRICS),
            "deduplicated": True,
            "matching": "one-to-one (maximum assignment within subtype/role/trigger blocks)",
            "zero_division": "null",
        }


@dataclass
class EventResult:
    config: EventConfig
    metrics: dict[str, dict[str, Counts]]
    attributes: dict[str, dict[str, int | float | None]]
    errors: Sequence[dict[str, Any]]  # made as they are read (scoring.events.EventErrors)
    warnings: list[Incident] = field(default_factory=list)
    # What the warnings were made from, as numbers that add up over parts of a scoring.
    tallies: dict[str, Any] = field(default_factory=dict)
    # metric -> its counts by unit (of the trigger) and label, when the scoring booked units (units.py)
    unit_counts: dict[str, UnitCounts] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, per_type in self.metrics.items():
            avg = averages(per_type)
            out[name] = {
                "overall": total(per_type.values()).to_dict(),
                "per_type": {t: c.to_dict() for t, c in sorted(per_type.items())},
                "macro": avg["macro"],
                "weighted": avg["weighted"],
            }
        return out


@dataclass
class Scored:
    """One scoring run, before it is laid out as a report."""

    entities: EntityResult | None
    events: EventResult | None
    layers: tuple[str, ...]
    format: str
    dataset_version: str
    doc_ids: list[str]
    warnings: list[Incident]
    predictions: str  # where the predictions came from, as the report names them
    errors: bool = True  # whether errors were listed (the report shows them)
    correct: bool = True  # whether the strict correct entities were listed
    # bootstrap intervals of F1 (studies.bootstrap.report_intervals); None: not computed
    intervals: dict[str, Any] | None = None
