"""Declared endpoints: parameter and body schemas that both validate requests and build OpenAPI.

A view is registered with `@endpoint(bp, "GET", "/creators", summary=..., params=[...])`; the
decorator checks the bearer token, parses and validates the query string, path and JSON body
against the declaration (a 400 names every bad field) and calls the view with one dict of
arguments. `openapi_document()` renders the same declarations as OpenAPI 3.1.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.domain.requests import check_range, validate
from service.graph.errors import ServiceError
from service.web.answer_cache import cached_answer
from service.web.context import settings

View = Callable[[dict[str, Any]], ResponseReturnValue]
MAX_LIMIT = 500
# The largest request body (Flask's MAX_CONTENT_LENGTH): ours are a few kilobytes at most.
MAX_BODY_BYTES = 1_000_000
# Neo4j integers are 64-bit; larger numbers could not even be sent as parameters.
INT_BOUND = 2**53
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", list: "array"}


@dataclass(frozen=True)
class Param:
    """One query-string or path parameter."""

    name: str
    kind: type
    description: str
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None
    location: str = "query"

    def __post_init__(self) -> None:
        if self.kind is int:
            object.__setattr__(self, "minimum", -INT_BOUND if self.minimum is None else self.minimum)
            object.__setattr__(self, "maximum", INT_BOUND if self.maximum is None else self.maximum)

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": JSON_TYPES[self.kind]}
        if self.kind is list:
            schema = {"type": "string", "description": "comma-separated list"}
        for key, value in (("minimum", self.minimum), ("maximum", self.maximum), ("default", self.default)):
            if value is not None:
                schema[key] = value
        if self.choices:
            schema["enum"] = list(self.choices)
        return schema


def limit_param(default: int = 50) -> Param:
    return Param(
        "limit", int, f"page size (at most {MAX_LIMIT})", default=default, minimum=1, maximum=MAX_LIMIT
    )


OFFSET = Param("offset", int, "rows to skip (for the next page)", default=0, minimum=0, maximum=1_000_000)


@dataclass
class Endpoint:
    method: str
    rule: str
    summary: str
    params: Sequence[Param] = ()
    body: Mapping[str, Any] | None = None
    write: bool = False
    status: int = 200
    tags: Sequence[str] = field(default_factory=tuple)
    # OpenAPI links from the success response to the operations it names ids for:
    # {"GetRun": ("get_analysis_runs_id", {"id": "$response.body#/id"})}.
    links: Mapping[str, tuple[str, Mapping[str, str]]] = field(default_factory=dict)


ENDPOINTS: list[Endpoint] = []


def endpoint(
    bp: Blueprint,
    method: str,
    rule: str,
    summary: str,
    params: Sequence[Param] = (),
    body: Mapping[str, Any] | None = None,
    write: bool = False,
    status: int = 200,
    links: Mapping[str, tuple[str, Mapping[str, str]]] | None = None,
    run_scoped: bool = False,
) -> Callable[[View], Callable[..., ResponseReturnValue]]:
    """Register a view with its declared inputs; see the module docstring. `run_scoped`: the
    answer depends only on the served run and the data (`service.web.answer_cache`: ETag, 304,
    cached per worker)."""
    declared = Endpoint(method, rule, summary, params, body, write, status, (bp.name,), links or {})
    ENDPOINTS.append(declared)

    def decorate(view: View) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def handle(**path: Any) -> ResponseReturnValue:
            check_auth(write)
            args = parse_params(params, {**request.args.to_dict(), **path}, path)
            if body is not None:
                args["body"] = parse_body(body)
            if run_scoped:
                return cached_answer(lambda: view(args))
            return view(args)

        bp.add_url_rule(rule.replace("{", "<").replace("}", ">"), view.__name__, handle, methods=[method])
        return handle

    return decorate


def check_auth(write: bool) -> None:
    """Bearer tokens: always for writes, for reads when the settings say so."""
    config = settings()
    if not write and not config.require_auth_for_reads:
        return
    tokens = [t for t in config.api_tokens.split(",") if t.strip()]
    if not tokens:
        raise ServiceError(403, "auth_not_configured", "this route needs INFLUENCE_MAP_API_TOKENS to be set")
    header = request.headers.get("Authorization", "")
    given = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if not given:
        raise ServiceError(401, "unauthorized", "send 'Authorization: Bearer <token>'")
    # Compared as bytes: compare_digest refuses str with non-ASCII characters, and a header may
    # hold any byte (WSGI hands them over as latin-1 text).
    sent = given.encode("latin-1", "replace")
    if not any(hmac.compare_digest(sent, token.strip().encode()) for token in tokens):
        raise ServiceError(403, "forbidden", "the bearer token is not accepted")


def parse_params(params: Sequence[Param], raw: Mapping[str, Any], path: Mapping[str, Any]) -> dict[str, Any]:
    """Typed arguments from strings; one 400 listing every bad or unknown field."""
    problems: list[dict[str, str]] = []
    known = {p.name for p in params}
    problems += [{"field": name, "reason": "unknown parameter"} for name in raw if name not in known]
    args: dict[str, Any] = {}
    for param in params:
        value = raw.get(param.name)
        if value is None or value == "":
            if param.required:
                problems.append({"field": param.name, "reason": "is required"})
            args[param.name] = param.default
            continue
        try:
            args[param.name] = convert(param, value)
        except ValueError as error:
            problems.append({"field": param.name, "reason": str(error)})
    if problems:
        status = 404 if any(p["field"] in path for p in problems) else 400
        names = ", ".join(p["field"] for p in problems)
        raise ServiceError(status, "bad_request", f"invalid parameter(s): {names}", problems)
    return args


def convert(param: Param, value: Any) -> Any:
    """One parameter from its string form, checked against its declaration."""
    text = str(value)
    if param.kind is bool:
        if text.lower() not in ("true", "false", "1", "0"):
            raise ValueError("must be true or false")
        return text.lower() in ("true", "1")
    if param.kind is list:
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items or len(items) > MAX_LIMIT:
            raise ValueError(f"must list 1 to {MAX_LIMIT} comma-separated values")
        return items
    try:
        converted = param.kind(text)
    except ValueError:
        raise ValueError(f"must be {JSON_TYPES[param.kind]}") from None
    if isinstance(converted, float) and converted != converted:  # NaN compares unequal to itself
        raise ValueError("must be a number")
    check_range(converted, param.minimum, param.maximum)
    if param.choices and converted not in param.choices:
        raise ValueError(f"must be one of {', '.join(param.choices)}")
    return converted


def parse_body(schema: Mapping[str, Any]) -> Any:
    """The JSON body, checked against `schema`: a 400 for anything else (also JSON nested too deep
    for the parser); bodies over MAX_BODY_BYTES are refused by Flask with a 413 before this."""
    try:
        payload = request.get_json(silent=True)
    except RecursionError:
        raise ServiceError(400, "bad_request", "the body is JSON nested too deeply") from None
    if payload is None:
        raise ServiceError(400, "bad_request", "the body must be JSON (Content-Type: application/json)")
    problems = validate(payload, schema, "body")
    if problems:
        names = ", ".join(p["field"] for p in problems)
        raise ServiceError(400, "bad_request", f"invalid field(s): {names}", problems)
    return payload


def operation_id(ep: Endpoint) -> str:
    """`get_creators_id_overlap` for GET /creators/{id}/overlap."""
    words = ep.rule.strip("/").replace("{", "").replace("}", "").replace("/", "_")
    return f"{ep.method.lower()}_{words or 'root'}"


def _links(ep: Endpoint) -> dict[str, Any]:
    """The success response's OpenAPI links (what a client, or a stateful fuzzer, may call next)."""
    if not ep.links:
        return {}
    return {
        "links": {
            name: {"operationId": target, "parameters": dict(parameters)}
            for name, (target, parameters) in ep.links.items()
        }
    }


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.1 from the declared endpoints."""
    error = {"$ref": "#/components/schemas/Error"}
    paths: dict[str, dict[str, Any]] = {}
    for ep in ENDPOINTS:
        operation: dict[str, Any] = {
            "summary": ep.summary,
            "operationId": operation_id(ep),
            "tags": list(ep.tags),
            "parameters": [
                {
                    "name": p.name,
                    "in": p.location,
                    "required": p.required or p.location == "path",
                    "description": p.description,
                    "schema": p.schema(),
                }
                for p in ep.params
            ],
            "responses": {
                str(ep.status): {
                    "description": "success",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                    **_links(ep),
                },
                "default": {"description": "error", "content": {"application/json": {"schema": error}}},
            },
        }
        if ep.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ep.body}},
            }
        if ep.write:
            operation["security"] = [{"bearer": []}]
        paths.setdefault(ep.rule, {})[ep.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "influence-map",
            "version": "0.1.0",
            "description": "Who really influences a market: creators, clusters, hubs and bridges.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "details"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "details": {},
                            },
                        }
                    },
                }
            },
        },
    }
