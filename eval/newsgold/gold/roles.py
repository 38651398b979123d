"""Which entity types may fill each ACE 2005 event argument role: one table, read by the
validator (NG409) and the scorer's role-constraint view.

The table follows the argument definitions of the ACE 2005 English Events Guidelines
(v5.4.3): a role takes the ACE types listed for it (most roles take the same types in every
subtype; ``BY_SUBTYPE`` lists the subtypes that differ). Value roles take values: the Time
roles a TIMEX (DATE or TIME), Position a job title, Crime a crime, Sentence a sentence,
Money and Price an amount of money.

The gold is typed with OntoNotes; ``ACE_TYPES`` says which ACE types each OntoNotes type (or
value mention type) stands for, the way annotations/GUIDELINES.md 6.3 states it: NORP counts
as GPE (the ``ace2005`` label map's choice) or PER (a NORP noun that names people is an ACE
person group, ADJUDICATION.md B16), PRODUCT may be a vehicle or a weapon, and the
types ACE has no entity for (EVENT, LAW, CARDINAL, ...) fill no role. A prediction may also
type its entities with ACE's own names (PER, VEH, ...).

The validator reads the table for gold arguments (NG409); the event scorer for predicted
arguments whose filler is a predicted entity at the same offsets (NG617, a report warning:
scores are unchanged).

>>> fits("Contact:Meet", "Place", "GPE"), fits("Contact:Meet", "Place", "ORG")
(True, False)
>>> sorted(fillers("Movement:Transport", "Artifact"))
['PER', 'VEH', 'WEA']
>>> sorted(fillers("Transaction:Transfer-Ownership", "Artifact"))
['FAC', 'ORG', 'VEH', 'WEA']
>>> fits("Movement:Transport", "Artifact", "PER"), fits("Movement:Transport", "Artifact", "person")
(True, True)
"""

from __future__ import annotations

TIME_ROLES = (
    "Time-Within",
    "Time-Holds",
    "Time-Starting",
    "Time-Ending",
    "Time-Before",
    "Time-After",
    "Time-At-Beginning",
    "Time-At-End",
)

_AGENTIVE = frozenset({"PER", "ORG", "GPE"})
_PLACE = frozenset({"GPE", "LOC", "FAC"})

BY_ROLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"PER"}),
    "Victim": frozenset({"PER"}),
    "Agent": _AGENTIVE,
    "Attacker": _AGENTIVE,
    "Buyer": _AGENTIVE,
    "Seller": _AGENTIVE,
    "Beneficiary": _AGENTIVE,
    "Giver": _AGENTIVE,
    "Recipient": _AGENTIVE,
    "Entity": _AGENTIVE,
    "Defendant": _AGENTIVE,
    "Prosecutor": _AGENTIVE,
    "Adjudicator": _AGENTIVE,
    "Plaintiff": _AGENTIVE,
    "Org": frozenset({"ORG"}),
    "Artifact": frozenset({"PER", "WEA", "VEH"}),
    "Target": frozenset({"PER", "ORG", "VEH", "FAC", "WEA"}),
    "Instrument": frozenset({"WEA", "VEH"}),
    "Vehicle": frozenset({"VEH"}),
    "Place": _PLACE,
    "Origin": _PLACE,
    "Destination": _PLACE,
    "Position": frozenset({"Job-Title"}),
    "Crime": frozenset({"Crime"}),
    "Sentence": frozenset({"Sentence"}),
    "Money": frozenset({"Money"}),
    "Price": frozenset({"Money"}),
    **dict.fromkeys(TIME_ROLES, frozenset({"TIMEX"})),
}
"""The ACE types each role takes, in every subtype not listed in ``BY_SUBTYPE``."""

BY_SUBTYPE: dict[tuple[str, str], frozenset[str]] = {
    ("Transaction:Transfer-Ownership", "Artifact"): frozenset({"VEH", "WEA", "FAC", "ORG"}),
    ("Business:Declare-Bankruptcy", "Org"): _AGENTIVE,
    ("Conflict:Demonstrate", "Entity"): frozenset({"PER", "ORG"}),
    ("Personnel:Start-Position", "Entity"): frozenset({"ORG", "GPE"}),
    ("Personnel:End-Position", "Entity"): frozenset({"ORG", "GPE"}),
    ("Personnel:Nominate", "Agent"): frozenset({"PER", "ORG", "GPE", "FAC"}),
}
"""Where a subtype's role takes other types than ``BY_ROLE`` says."""

ACE_TYPES: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"PER"}),
    "ORG": frozenset({"ORG"}),
    "GPE": frozenset({"GPE"}),
    "NORP": frozenset({"GPE", "PER"}),
    "LOC": frozenset({"LOC"}),
    "FAC": frozenset({"FAC"}),
    "PRODUCT": frozenset({"VEH", "WEA"}),
    "DATE": frozenset({"TIMEX"}),
    "TIME": frozenset({"TIMEX"}),
    "MONEY": frozenset({"Money"}),
    "JOB_TITLE": frozenset({"Job-Title"}),
    "CRIME": frozenset({"Crime"}),
    "SENTENCE": frozenset({"Sentence"}),
    **dict.fromkeys(
        ("EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"), frozenset()
    ),
}
"""The ACE types each OntoNotes type (and value mention type) may stand for; EVENT, LAW,
CARDINAL and the like stand for none, so they fill no role."""

VALUE_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""OntoNotes' value types. A predicted value at an argument's offsets tells nothing of the
filler's type: a number is often the head of a nominal mention (``one`` in ``one of the
envoys``), so the scorer's check (NG617) reads predicted names only."""

ACE_ENTITY_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC", "VEH", "WEA"})
"""A type already named in ACE's scheme (a system trained on ACE 2005 predicts these) stands for itself."""


def fillers(subtype: str, role: str) -> frozenset[str] | None:
    """The ACE types ``role`` takes in ``subtype`` (None: a role the table does not know)."""
    return BY_SUBTYPE.get((subtype, role), BY_ROLE.get(role))


def fits(subtype: str, role: str, entity_type: str) -> bool:
    """Whether a filler of type ``entity_type`` (OntoNotes or ACE) may fill ``role`` in
    ``subtype``. A role or a type the table does not know constrains nothing: the subtype
    check (NG403, NG604) and the type check (NG401) report those."""
    allowed = fillers(subtype, role)
    types = ACE_TYPES.get(entity_type, frozenset({entity_type}) & ACE_ENTITY_TYPES or None)
    return allowed is None or types is None or not allowed.isdisjoint(types)
