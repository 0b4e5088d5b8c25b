"""The graph's schema: every `cypher/schema/*.cypher` file, applied and recorded as applied.

Each file holds one `CREATE CONSTRAINT|INDEX ... IF NOT EXISTS` statement, so applying them all
again is harmless; we do apply them all every time (a few milliseconds) so that a constraint
dropped by hand comes back, and record each one as `(:SchemaMigration {name, applied_at})` the
first time. Schema commands cannot share a transaction with data writes: each runs on its own.
"""

from __future__ import annotations

from service.graph.db import Graph
from service.graph.queries import area_queries


def apply_schema(graph: Graph) -> list[str]:
    """Apply every schema file; return the names recorded as applied for the first time."""
    for query in area_queries("schema"):
        graph.write(query.name)
    # Read after applying: the constraints have created the label, so the read raises no warning.
    already = {row["name"] for row in graph.read("db.list_migrations")}
    newly_recorded = []
    for query in area_queries("schema"):
        if query.name not in already:
            graph.write("db.record_migration", migration=query.name)
            newly_recorded.append(query.name)
    return newly_recorded
