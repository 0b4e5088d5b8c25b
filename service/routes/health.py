"""GET /health: is Neo4j reachable, and which Neo4j, GDS and APOC versions answer."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.errors import ServiceError

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> ResponseReturnValue:
    """Versions of the stack; never configuration or secrets. 503 when Neo4j is down."""
    db = graph()
    try:
        versions = db.read_one("health.get_versions") or {}
        plugins_ok = True
    except ServiceError as error:
        if error.status == 503:
            raise
        # The server answers but a plugin is missing: report what is there, as degraded.
        versions = db.read_one("health.get_neo4j_version") or {}
        plugins_ok = False
    problems = [] if plugins_ok else ["the GDS or APOC plugin is not installed in Neo4j"]
    status = "ok" if plugins_ok else "degraded"
    return jsonify({"status": status, "neo4j": versions, "problems": problems})
