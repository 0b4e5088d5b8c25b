"""Request schemas: the small JSON Schema subset our request bodies are declared in, and its check.

A request type declares its body once (`SCHEMA`); the web layer validates HTTP bodies against it
(and renders it into OpenAPI), the CLI and Python callers build the same type through
`from_mapping`, which checks the same schema. Supported keywords: type (object, array, string,
integer, number, boolean), properties, required, items, minItems, maxItems, minLength,
maxLength, minimum, maximum, enum, pattern.

JSON `null` is a value like any other: it is accepted only where the schema says so, with the
JSON Schema (and OpenAPI 3.1) spelling `"type": ["integer", "null"]` (`nullable`). A request type
makes a field nullable when its Python default is None, and the field's description says what
null means there. Numbers must be finite (no NaN or Infinity, which Python's JSON parser accepts).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from service.graph.errors import invalid_input

MAX_ITEMS = 500
MAX_STRING = 200
Problem = dict[str, str]


def check_range(value: Any, minimum: float | None, maximum: float | None) -> None:
    if minimum is not None and value < minimum:
        raise ValueError(f"must be >= {minimum}")
    if maximum is not None and value > maximum:
        raise ValueError(f"must be <= {maximum}")


def nullable(schema: Mapping[str, Any]) -> dict[str, Any]:
    """`schema` that also accepts JSON null: `"type": [<its type>, "null"]`."""
    widened = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        widened["enum"] = [*schema["enum"], None]
    return widened


def validate(value: Any, schema: Mapping[str, Any], where: str) -> list[Problem]:
    """Every way `value` breaks `schema`, as [{field, reason}] with `where` as the path."""
    kind = schema.get("type")
    if isinstance(kind, list):  # [<type>, "null"]: null is allowed, else the one other type
        if value is None and "null" in kind:
            return []
        kind = next(name for name in kind if name != "null")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind in checks and not isinstance(value, checks[kind]):
        return [{"field": where, "reason": f"must be {kind}"}]
    if kind in ("integer", "number"):
        numeric = isinstance(value, int) if kind == "integer" else isinstance(value, int | float)
        if not numeric or isinstance(value, bool):
            return [{"field": where, "reason": f"must be {kind}"}]
        if isinstance(value, float) and not math.isfinite(value):
            return [{"field": where, "reason": "must be a finite number"}]
        try:
            check_range(value, schema.get("minimum"), schema.get("maximum"))
        except ValueError as error:
            return [{"field": where, "reason": str(error)}]
    if "enum" in schema and value not in schema["enum"]:
        return [{"field": where, "reason": f"must be one of {', '.join(map(str, schema['enum']))}"}]
    if kind == "object":
        return _validate_object(value, schema, where)
    if kind == "array":
        low, high = schema.get("minItems", 0), schema.get("maxItems", MAX_ITEMS)
        if not low <= len(value) <= high:
            return [{"field": where, "reason": f"must have {low} to {high} items"}]
        return [p for i, item in enumerate(value) for p in validate(item, schema["items"], f"{where}[{i}]")]
    if kind == "string":
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", MAX_STRING):
            return [{"field": where, "reason": "has a bad length"}]
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            return [{"field": where, "reason": "has a bad form"}]
    return []


def _validate_object(value: Mapping[str, Any], schema: Mapping[str, Any], where: str) -> list[Problem]:
    properties = schema.get("properties", {})
    prefix = f"{where}." if where else ""
    problems = [
        {"field": f"{prefix}{name}", "reason": "is required"}
        for name in schema.get("required", [])
        if name not in value
    ]
    problems += [
        {"field": f"{prefix}{name}", "reason": "unknown field"} for name in value if name not in properties
    ]
    for name, item in value.items():
        if name in properties:
            problems += validate(item, properties[name], f"{prefix}{name}")
    return problems


def check_fields(data: Any, schema: Mapping[str, Any]) -> None:
    """For Python and CLI callers: a 400 `invalid_input` naming the first bad top-level field
    (`details.field`), with every problem in `details.problems`."""
    if not isinstance(data, Mapping):
        raise invalid_input("body", "must be a JSON object")
    problems = validate(data, schema, "")
    if problems:
        first = problems[0]
        field = re.split(r"[.\[]", first["field"], maxsplit=1)[0]
        raise invalid_input(field, first["reason"], problems=problems)
