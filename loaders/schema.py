"""The graph's schema: every `cypher/schema/*.cypher` file, applied and recorded as applied.

Each file holds one `CREATE CONSTRAINT|INDEX ... IF NOT EXISTS` statement, so applying them all
again is harmless; we do apply them all every time (a few milliseconds) so that a constraint
dropped by hand comes back, and record each one as `(:SchemaMigration {name, applied_at})` the
first time. Schema commands cannot share a transaction with data writes: each runs on its own.
"""

from __future__ import annotations

from neo4j import ManagedTransaction

from service.graph.db import Graph, run_write
from service.graph.queries import area_queries


def apply_schema(graph: Graph) -> list[str]:
    """Apply every schema file; return the names recorded as applied for the first time."""
    # Indexes first: each populates in the background, while the constraints that follow
    # populate theirs before their command returns. On a full store (after a bulk import) the
    # indexes' populations then overlap the constraints' instead of following them: 5.5-6.6 s
    # instead of 7.2-7.8 s on the 2.1M-row market (cold server, two runs each).
    queries = area_queries("schema")
    for query in sorted(queries, key=lambda query: query.name.endswith("_constraint")):
        graph.write(query.name)
    # Read after applying: the constraints have created the label, so the read raises no warning.
    already = {row["name"] for row in graph.read("db.list_migrations")}
    newly_recorded = [query.name for query in queries if query.name not in already]

    def record(tx: ManagedTransaction) -> None:
        for name in newly_recorded:
            run_write(tx, "db.record_migration", {"migration": name})

    # One transaction for all: on a new database (every bulk load) that is 15 records.
    if newly_recorded:
        graph.transaction(record)
    return newly_recorded
