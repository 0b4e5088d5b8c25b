"""GET /health: is Neo4j reachable, and which Neo4j, GDS and APOC versions answer."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.api import endpoint
from service.errors import ServiceError
from service.routes.analysis import current_run_summary

bp = Blueprint("health", __name__)


@endpoint(bp, "GET", "/health", "Neo4j reachable; Neo4j, GDS and APOC versions; the served analysis run")
def health(args: dict[str, Any]) -> ResponseReturnValue:
    """Versions of the stack; never configuration or secrets."""
    db = graph()
    try:
        versions = db.read_one("health.get_versions") or {}
        problems = []
    except ServiceError as error:
        if error.status == 503:
            raise
        # The server answers but a plugin is missing: report what is there, as degraded.
        versions = db.read_one("health.get_neo4j_version") or {}
        problems = ["the GDS or APOC plugin is not installed in Neo4j"]
    analysis = None if problems else current_run_summary()
    return jsonify(
        {
            "status": "degraded" if problems else "ok",
            "neo4j": versions,
            "analysis_run": analysis,
            "problems": problems,
        }
    )
