"""GET /health: is Neo4j reachable, and which Neo4j, GDS and APOC versions answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.health import stack_health
from service.web.context import graph
from service.web.endpoints import endpoint

bp = Blueprint("health", __name__)


@endpoint(bp, "GET", "/health", "Neo4j reachable; Neo4j, GDS and APOC versions; the served analysis run")
def health(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(stack_health(graph()))
