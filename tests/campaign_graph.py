"""Small hand-checkable creator graphs for the campaign tests, seeded through tests.seed.

Creators carry the analysis results (`cluster`, `bridge_score`, `hub_score`) set directly, so the
planner is tested without depending on an analysis run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.graph.db import Graph
from tests import seed as seeding

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
    follow_pairs = [(m, c) for c, members in follows.items() for m in members]
    engaged_pairs = [(e[0], e[1]) for e in engaged]
    all_weights = dict(weights or {})
    all_weights |= {(e[0], e[1]): float(e[2]) for e in engaged if len(e) == 3}
    seeding.seed(
        db, [dict(c) for c in creators], follows=follow_pairs, engaged=engaged_pairs, weights=all_weights
    )


def members(prefix: str, first: int, last: int) -> list[str]:
    """['a1', 'a2', ...]: member ids prefix+first .. prefix+last."""
    return [f"{prefix}{n}" for n in range(first, last + 1)]
