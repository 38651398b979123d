"""JSON Schema checks at parsing speed: the schemas compiled once into plain Python checks.

The gold and metadata schemas use a small part of JSON Schema: ``type``, ``const``,
``enum``, ``pattern``, ``minimum``, ``maximum``, ``minLength``, ``minItems``, ``required``,
``properties``, ``additionalProperties`` (true or false), ``items`` and local ``$ref``.
:func:`compile_schema` turns such a schema into one function that walks a document once
and returns its first problem (JSON pointer parts and a message), or None. A schema that
uses anything else is refused (:class:`Unsupported`), and the validator then asks the full
JSON Schema implementation instead; the full implementation also explains every document
this check refuses, so users see every problem, not only the first.

One deliberate difference: ``integer`` means a JSON number written without a fraction or
exponent; JSON Schema also calls ``185.0`` an integer, which would then fail as an offset.

>>> check = compile_schema({"type": "object", "required": ["start"],
...                         "properties": {"start": {"type": "integer", "minimum": 0}}})
>>> check({"start": 3}) is None, check({"start": -1}), check({"start": 185.0})
(True, (['start'], '-1 is less than the minimum of 0'), (['start'], '185.0 is not of type integer'))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Problem = tuple[list[Any], str]
Check = Callable[[Any], "Problem | None"]

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "$comment", "default", "examples"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not know."""


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """One function that checks a document against ``schema`` (see the module docstring)."""
    compiled: dict[str, Check] = {}

    def ref(target: str) -> Check:
        if not target.startswith("#/"):
            raise Unsupported(f"$ref {target!r}")
        if target not in compiled:
            node: Any = schema
            for part in target[2:].split("/"):
                node = node[part]
            compiled[target] = lambda v: None  # a recursive reference resolves through the table
            compiled[target] = build(node)
        return lambda v: compiled[target](v)

    def build(node: Mapping[str, Any]) -> Check:
        unknown = (
            set(node)
            - _ANNOTATIONS
            - {
                "type",
                "const",
                "enum",
                "pattern",
                "minimum",
                "maximum",
                "minLength",
                "minItems",
                "required",
                "properties",
                "additionalProperties",
                "items",
                "$ref",
            }
        )
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in node:
            checks.append(ref(node["$ref"]))
        if "type" in node:
            names = node["type"] if isinstance(node["type"], list) else [node["type"]]
            tests = [_TYPES[n] for n in names]
            label = ", ".join(names)
            checks.append(lambda v: None if any(t(v) for t in tests) else ([], f"{v!r} is not of type {label}"))
        if "const" in node:
            const = node["const"]
            checks.append(lambda v: None if v == const and type(v) is type(const) else ([], f"{const!r} was expected"))
        if "enum" in node:
            allowed = node["enum"]
            checks.append(lambda v: None if v in allowed else ([], f"{v!r} is not one of {allowed!r}"))
        if "pattern" in node:
            search, pattern = re.compile(node["pattern"]).search, node["pattern"]
            checks.append(
                lambda v: None if type(v) is not str or search(v) else ([], f"{v!r} does not match {pattern!r}")
            )
        if "minimum" in node:
            low = node["minimum"]
            checks.append(
                lambda v: (
                    None
                    if type(v) not in (int, float) or v >= low
                    else ([], f"{v!r} is less than the minimum of {low!r}")
                )
            )
        if "maximum" in node:
            high = node["maximum"]
            checks.append(
                lambda v: (
                    None
                    if type(v) not in (int, float) or v <= high
                    else ([], f"{v!r} is greater than the maximum of {high!r}")
                )
            )
        if "minLength" in node:
            shortest = node["minLength"]
            checks.append(lambda v: None if type(v) is not str or len(v) >= shortest else ([], f"{v!r} is too short"))
        if "minItems" in node:
            fewest = node["minItems"]
            checks.append(
                lambda v: (
                    None
                    if type(v) is not list or len(v) >= fewest
                    else ([], f"{v!r} should be non-empty" if fewest == 1 else f"{v!r} is too short")
                )
            )
        if {"required", "properties", "additionalProperties"} & set(node):
            checks.append(_object(node, build))
        if "items" in node:
            item = build(node["items"])

            def items(v: Any) -> Problem | None:
                if type(v) is not list:
                    return None
                for i, x in enumerate(v):
                    found = item(x)
                    if found is not None:
                        return [i, *found[0]], found[1]
                return None

            checks.append(items)

        def check(v: Any) -> Problem | None:
            for c in checks:
                found = c(v)
                if found is not None:
                    return found
            return None

        return check

    return build(schema)


def _object(node: Mapping[str, Any], build: Callable[[Mapping[str, Any]], Check]) -> Check:
    required = list(node.get("required", ()))
    properties = {k: build(v) for k, v in node.get("properties", {}).items()}
    additional = node.get("additionalProperties", True)
    if additional not in (True, False):
        raise Unsupported("additionalProperties with a schema")

    def check(v: Any) -> Problem | None:
        if type(v) is not dict:
            return None
        for key in required:
            if key not in v:
                return [], f"{key!r} is a required property"
        for key, value in v.items():
            prop = properties.get(key)
            if prop is None:
                if not additional:
                    return [], f"Additional properties are not allowed ({key!r} was unexpected)"
                continue
            found = prop(value)
            if found is not None:
                return [key, *found[0]], found[1]
        return None

    return check
