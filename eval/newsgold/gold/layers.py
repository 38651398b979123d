"""The gold's span layers: one registry of what each layer is, read by the validator, the
scorers, agreement, the gold diff and the exports instead of a spelled-out list each.

>>> list(SPAN_LAYERS), LAYERS
(['entities', 'mentions'], ('entities', 'mentions', 'events'))
>>> SPAN_LAYERS["entities"].flat, SPAN_LAYERS["mentions"].flat
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpanLayer:
    """A layer of typed spans in the gold JSON (``rec[name]``, ``Gold.<name>``).

    ``flat``: no two spans may overlap (checked, NG502). ``value_types``: the inventory's
    value mention types are allowed beside the entity types. ``timex``: DATE/TIME spans carry
    a TIMEX3 value. The levels a layer allows come from the inventory (``levels[name]``).
    """

    name: str
    summary: str
    flat: bool
    value_types: bool = False
    timex: bool = False


SPAN_LAYERS: dict[str, SpanLayer] = {
    layer.name: layer
    for layer in (
        SpanLayer("entities", "named and value entities (NAM, VAL), flat", flat=True, timex=True),
        SpanLayer(
            "mentions",
            "nominal and pronominal mentions (NOM, PRO), may nest; event arguments",
            flat=False,
            value_types=True,
        ),
    )
}
LAYERS = (*SPAN_LAYERS, "events")  # every layer of a gold record, events last (they refer to spans)
