"""Write small, hand-made graphs of the project's model for tests (test-only Cypher)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.db import Graph

CREATORS = """
UNWIND $rows AS row
MERGE (c:Creator {id: row.id})
SET c += row.props
WITH c, row
UNWIND row.topics AS topic
MERGE (t:Topic {name: topic})
MERGE (c)-[:POSTS_ABOUT]->(t)
"""
FOLLOWS = """
UNWIND $rows AS row
MERGE (m:AudienceMember {id: row[0]})
WITH m, row
MATCH (c:Creator {id: row[1]})
MERGE (m)-[:FOLLOWS]->(c)
"""
MENTIONS = """
UNWIND $rows AS row
MATCH (a:Creator {id: row[0]}), (b:Creator {id: row[1]})
MERGE (a)-[m:MENTIONED {kind: row[2]}]->(b)
SET m.count = row[3]
"""
SHARES = """
UNWIND $rows AS row
MATCH (a:Creator {id: row.a}), (b:Creator {id: row.b})
MERGE (a)-[s:SHARES_AUDIENCE]->(b)
SET s += row.props
"""


def seed(
    graph: Graph,
    creators: Sequence[dict[str, Any]] = (),
    follows: Sequence[tuple[str, str]] = (),
    mentions: Sequence[tuple[str, str, str, int]] = (),
    shares: Sequence[dict[str, Any]] = (),
) -> None:
    """Creators are dicts with `id`, optional `topics` and any other properties."""
    rows = [
        {
            "id": c["id"],
            "topics": c.get("topics", []),
            "props": {k: v for k, v in c.items() if k not in ("id", "topics")},
        }
        for c in creators
    ]
    for query, data in (
        (CREATORS, rows),
        (FOLLOWS, [list(f) for f in follows]),
        (MENTIONS, [list(m) for m in mentions]),
        (
            SHARES,
            [
                {"a": s["a"], "b": s["b"], "props": {k: v for k, v in s.items() if k not in "ab"}}
                for s in shares
            ],
        ),
    ):
        if data:
            graph.driver.execute_query(query, rows=data, database_=graph.database)
