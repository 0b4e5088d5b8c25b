"""Hidden segments of a target audience, its white space, and goal-aware creator ranking.

A target audience is the union of the audiences (FOLLOWS or ENGAGED_WITH) of a cluster's creators
or of seed creators. Other clusters and creators are ranked by *lift*, not raw overlap:
lift = (shared / their audience) / (target size / all members), so a niche whose audience is
mostly our buyers beats a giant that merely contains many of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from service.campaigns import audience_is_cleaned, invalid, known_creators, unique_ids
from service.db import Graph

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
class SegmentCluster:
    cluster: int
    shared: int
    audience: int
    lift: float


@dataclass(frozen=True)
class SegmentCreator:
    id: str
    handle: str | None
    cluster: int | None
    shared: int
    audience: int
    lift: float


@dataclass(frozen=True)
class WhiteSpaceCreator:
    id: str
    handle: str | None
    cluster: int | None
    uncovered_reached: int


@dataclass(frozen=True)
class WhiteSpace:
    """The target members a roster misses, where they are, and who reaches most of them."""

    roster_ids: list[str]
    target_size: int
    covered: int
    uncovered: int
    by_cluster: list[dict[str, int]]
    creators: list[WhiteSpaceCreator]


@dataclass(frozen=True)
class Segments:
    """Clusters and creators over-indexing on the target, and the roster's white space (or None)."""

    cluster: int | None
    target_ids: list[str]
    target_size: int
    total_members: int
    clusters: list[SegmentCluster]
    creators: list[SegmentCreator]
    white_space: WhiteSpace | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def target_creators(graph: Graph, cluster: int | None, creator_ids: Sequence[str] | None) -> list[str]:
    """The creators whose audiences make the target: a cluster's, or known seed creators."""
    if (cluster is None) == (not creator_ids):
        raise invalid("cluster", "give either a cluster or seed creator ids, not both or neither")
    if cluster is not None:
        if isinstance(cluster, bool) or not isinstance(cluster, int):
            raise invalid("cluster", f"must be an integer, got {cluster!r}")
        ids = [row["id"] for row in graph.read("campaigns.get_cluster_creators", cluster=cluster)]
        if not ids:
            raise invalid("cluster", f"no creators in cluster {cluster}", cluster=cluster)
        return ids
    ids = unique_ids(creator_ids or [], "creator_ids")
    known_creators(graph, ids, "creator_ids")
    return ids


def hidden_segments(
    graph: Graph,
    *,
    cluster: int | None = None,
    creator_ids: Sequence[str] | None = None,
    roster_ids: Sequence[str] | None = None,
    min_shared: int = 3,
    limit: int = 10,
    audience: str = "raw",
) -> Segments:
    """What else the target audience follows (by lift), and what the roster leaves uncovered.

    The roster defaults to the seed creators; for a cluster target without a roster there is no
    white space (None). `audience="cleaned"` leaves out the members marked suspicious: bots that
    follow everyone otherwise show up as affinity everywhere.
    """
    for name, value in (("min_shared", min_shared), ("limit", limit)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise invalid(name, f"must be an integer >= 1, got {value!r}")
    cleaned = audience_is_cleaned(graph, audience)
    targets = target_creators(graph, cluster, creator_ids)
    params = {"target_ids": targets, "min_shared": min_shared, "limit": limit, "cleaned": cleaned}
    cluster_rows = graph.read("segments.get_cluster_lift", **params)
    creator_rows = graph.read("segments.get_creator_lift", **params)
    roster = targets if creator_ids else None
    if roster_ids:
        roster = unique_ids(roster_ids, "roster")
        known_creators(graph, roster, "roster")
    size_row = graph.read_one("campaigns.get_target_audience", creator_ids=targets, cleaned=cleaned)
    total_row = graph.read_one("segments.count_members", cleaned=cleaned)
    return Segments(
        cluster=cluster,
        target_ids=targets,
        target_size=len(size_row["members"]) if size_row else 0,
        total_members=total_row["total"] if total_row else 0,
        clusters=[
            SegmentCluster(r["cluster"], r["shared"], r["audience"], round(r["lift"], 4))
            for r in cluster_rows
        ],
        creators=[
            SegmentCreator(
                r["id"], r["handle"], r["cluster"], r["shared"], r["audience"], round(r["lift"], 4)
            )
            for r in creator_rows
        ],
        white_space=None if roster is None else white_space(graph, targets, roster, limit, cleaned),
    )


def white_space(
    graph: Graph, target_ids: list[str], roster_ids: list[str], limit: int, cleaned: bool = False
) -> WhiteSpace:
    """How much of the target the roster misses, by cluster, and the creators who reach most of it."""
    ids = {"target_ids": target_ids, "roster_ids": roster_ids, "cleaned": cleaned}
    summary = graph.read_one("segments.get_white_space_summary", **ids)
    rows = graph.read("segments.get_white_space_creators", **ids, limit=limit)
    summary = summary or {"target_size": 0, "covered": 0, "uncovered": 0, "by_cluster": []}
    return WhiteSpace(
        roster_ids=roster_ids,
        target_size=summary["target_size"],
        covered=summary["covered"],
        uncovered=summary["uncovered"],
        by_cluster=summary["by_cluster"],
        creators=[
            WhiteSpaceCreator(r["id"], r["handle"], r["cluster"], r["uncovered_reached"]) for r in rows
        ],
    )


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
) -> Ranking:
    """Rank creators for awareness or conversion (see RANKING_WEIGHTS); conversion needs a target."""
    if goal not in RANKING_GOALS:
        raise invalid("goal", f"unknown goal {goal!r}; use one of {', '.join(RANKING_GOALS)}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise invalid("limit", f"must be an integer >= 1, got {limit!r}")
    has_target = cluster is not None or bool(creator_ids)
    if goal == "conversion" and not has_target:
        raise invalid("cluster", "conversion ranking needs a target: a cluster or seed creators")
    targets = target_creators(graph, cluster, creator_ids) if has_target else []
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
