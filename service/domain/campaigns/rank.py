"""Goal-aware creator ranking: awareness (reach, bridges) or conversion (engagement, target fit)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from service.domain.audience_index.lift import ranking_features
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.campaigns.segments import target_creators
from service.graph.db import Graph
from service.graph.errors import invalid_input

RANKING_GOALS = ("awareness", "conversion")
# Weights of the normalised parts of each ranking (each part is scaled to 0..1 over the creators
# ranked). Awareness: how many people a creator reaches (log followers, as sizes are heavy-tailed)
# and how well it carries a message across clusters (bridge_score). Conversion: how engaged its
# audience is, how much of its audience is the target (affinity = shared / its audience) and how
# central it is in its cluster (hub_score).
RANKING_WEIGHTS: dict[str, dict[str, float]] = {
    "awareness": {"reach": 0.6, "bridge": 0.4},
    "conversion": {"engagement": 0.4, "affinity": 0.4, "centrality": 0.2},
}


@dataclass(frozen=True)
class RankedCreator:
    """A ranked creator: its score and the weighted parts (each 0..1 before weighting)."""

    id: str
    handle: str | None
    cluster: int | None
    score: float
    parts: dict[str, float]


@dataclass(frozen=True)
class Ranking:
    goal: str
    weights: dict[str, float]
    target_ids: list[str]
    creators: list[RankedCreator]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rank_creators(
    graph: Graph,
    goal: str,
    *,
    cluster: int | None = None,
    creator_ids: Sequence[str] | None = None,
    limit: int = 20,
    index: IndexSource = None,
) -> Ranking:
    """Rank creators for awareness or conversion (see RANKING_WEIGHTS); conversion needs a target."""
    if goal not in RANKING_GOALS:
        raise invalid_input("goal", f"unknown goal {goal!r}; use one of {', '.join(RANKING_GOALS)}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise invalid_input("limit", f"must be an integer >= 1, got {limit!r}")
    has_target = cluster is not None or bool(creator_ids)
    if goal == "conversion" and not has_target:
        raise invalid_input("cluster", "conversion ranking needs a target: a cluster or seed creators")
    found = resolve(graph, index)
    targets = target_creators(graph, cluster, creator_ids, found) if has_target else []
    if found is not None:
        rows = ranking_features(found, targets)
    else:
        rows = graph.read("campaigns.get_ranking_features", target_ids=targets)
    parts = _ranking_parts(rows, goal)
    weights = RANKING_WEIGHTS[goal]
    ranked = [
        RankedCreator(
            r["id"],
            r["handle"],
            r["cluster"],
            round(sum(weights[name] * value for name, value in p.items()), 4),
            {name: round(value, 4) for name, value in p.items()},
        )
        for r, p in zip(rows, parts, strict=True)
    ]
    ranked.sort(key=lambda c: (-c.score, c.id))
    return Ranking(goal, weights, targets, ranked[:limit])


def _ranking_parts(rows: list[dict[str, Any]], goal: str) -> list[dict[str, float]]:
    """Each creator's raw features scaled to 0..1 by the largest value among the creators."""

    def raw(row: dict[str, Any]) -> dict[str, float]:
        if goal == "awareness":
            return {
                "reach": math.log1p(max(row["followers"] or 0, 0)),
                "bridge": float(row["bridge_score"] or 0.0),
            }
        affinity = row["shared"] / row["audience"] if row["audience"] else 0.0
        return {
            "engagement": float(row["engagement_rate"] or 0.0),
            "affinity": affinity,
            "centrality": float(row["hub_score"] or 0.0),
        }

    raws = [raw(row) for row in rows]
    tops = {name: max((r[name] for r in raws), default=0.0) for name in RANKING_WEIGHTS[goal]}
    return [{name: (r[name] / tops[name] if tops[name] > 0 else 0.0) for name in r} for r in raws]
