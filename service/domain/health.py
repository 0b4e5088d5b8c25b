"""Is the stack healthy: Neo4j reachable, GDS and APOC present, and which analysis run is served."""

from __future__ import annotations

from typing import Any

from service.domain.analysis.reads import current_run_summary
from service.graph.db import Graph
from service.graph.errors import ServiceError


def stack_health(graph: Graph) -> dict[str, Any]:
    """Versions of the stack and the served run; never configuration or secrets. A 503 when Neo4j
    does not answer; `degraded` when it answers without the GDS or APOC plugin."""
    try:
        versions = graph.read_one("health.get_versions") or {}
        problems = []
    except ServiceError as error:
        if error.status == 503:
            raise
        # The server answers but a plugin is missing: report what is there, as degraded.
        versions = graph.read_one("health.get_neo4j_version") or {}
        problems = ["the GDS or APOC plugin is not installed in Neo4j"]
    return {
        "status": "degraded" if problems else "ok",
        "neo4j": versions,
        "analysis_run": None if problems else current_run_summary(graph),
        "problems": problems,
    }
