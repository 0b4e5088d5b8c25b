"""Seeds small hand-checkable creator graphs for the campaign tests (issue 3's graph model).

Creators carry the analysis results (`cluster`, `bridge_score`, `hub_score`) set directly, so the
planner is tested without depending on the analysis run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.db import Graph

# Test-only Cypher: constants, never built from input.
SEED_CREATORS = """
UNWIND $rows AS row
MERGE (c:Creator {id: row.id})
SET c += row
"""
SEED_EDGES = """
UNWIND $rows AS row
MATCH (c:Creator {id: row.creator})
MERGE (m:AudienceMember {id: row.member, platform: 'test'})
FOREACH (_ IN CASE WHEN row.kind = 'FOLLOWS' THEN [1] ELSE [] END |
  MERGE (m)-[f:FOLLOWS]->(c) SET f.weight = row.weight)
FOREACH (_ IN CASE WHEN row.kind = 'ENGAGED_WITH' THEN [1] ELSE [] END |
  MERGE (m)-[e:ENGAGED_WITH]->(c) SET e.weight = row.weight)
"""

Edge = tuple[str, str] | tuple[str, str, float]


def creator(id: str, cluster: int, followers: int = 1000, **extra: Any) -> dict[str, Any]:
    """A Creator row with defaults for the properties the planner reads."""
    row = {
        "id": id,
        "handle": id.lower(),
        "followers": followers,
        "engagement_rate": 0.03,
        "country": "US",
        "topics": ["fitness"],
        "cluster": cluster,
        "bridge_score": 0.0,
        "hub_score": 0.0,
    }
    return row | extra


def seed(
    db: Graph,
    creators: Sequence[Mapping[str, Any]],
    follows: Mapping[str, Sequence[str]],
    engaged: Sequence[Edge] = (),
    weights: Mapping[tuple[str, str], float] | None = None,
) -> None:
    """Write creators, FOLLOWS edges (creator -> its followers) and ENGAGED_WITH edges
    ((member, creator) or (member, creator, weight)); `weights` sets FOLLOWS weights by (member, creator)."""
    weights = weights or {}
    edges = [
        {"creator": c, "member": m, "kind": "FOLLOWS", "weight": weights.get((m, c))}
        for c, members in follows.items()
        for m in members
    ]
    edges += [
        {"creator": e[1], "member": e[0], "kind": "ENGAGED_WITH", "weight": e[2] if len(e) == 3 else None}
        for e in engaged
    ]
    db.driver.execute_query(SEED_CREATORS, {"rows": [dict(c) for c in creators]}, database_=db.database)
    db.driver.execute_query(SEED_EDGES, {"rows": edges}, database_=db.database)


def members(prefix: str, first: int, last: int) -> list[str]:
    """['a1', 'a2', ...]: member ids prefix+first .. prefix+last."""
    return [f"{prefix}{n}" for n in range(first, last + 1)]
