"""Hidden segments of a target audience and its white space.

A target audience is the union of the audiences (FOLLOWS or ENGAGED_WITH) of a cluster's creators
or of seed creators. Other clusters and creators are ranked by *lift*, not raw overlap:
lift = (shared / their audience) / (target size / all members), so a niche whose audience is
mostly our buyers beats a giant that merely contains many of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from service.domain.audience import cluster_creator_ids, is_cleaned, require_known
from service.domain.audience_index import lift, reach
from service.domain.audience_index.index import AudienceIndex
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.creators import unique_ids
from service.graph.db import Graph, Row
from service.graph.errors import invalid_input


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


def target_creators(
    graph: Graph, cluster: int | None, creator_ids: Sequence[str] | None, index: AudienceIndex | None = None
) -> list[str]:
    """The creators whose audiences make the target: a cluster's, or known seed creators."""
    if (cluster is None) == (not creator_ids):
        raise invalid_input("cluster", "give either a cluster or seed creator ids, not both or neither")
    if cluster is not None:
        if isinstance(cluster, bool) or not isinstance(cluster, int):
            raise invalid_input("cluster", f"must be an integer, got {cluster!r}")
        ids = cluster_creator_ids(graph, cluster, index)
        if not ids:
            raise invalid_input("cluster", f"no creators in cluster {cluster}", cluster=cluster)
        return ids
    ids = unique_ids(creator_ids or [], "creator_ids")
    require_known(graph, ids, "creator_ids", index)
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
    index: IndexSource = None,
) -> Segments:
    """What else the target audience follows (by lift), and what the roster leaves uncovered.

    The roster defaults to the seed creators; for a cluster target without a roster there is no
    white space (None). `audience="cleaned"` leaves out the members marked suspicious: bots that
    follow everyone otherwise show up as affinity everywhere.
    """
    for name, value in (("min_shared", min_shared), ("limit", limit)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise invalid_input(name, f"must be an integer >= 1, got {value!r}")
    found = resolve(graph, index)
    cleaned = is_cleaned(graph, audience, found)
    targets = target_creators(graph, cluster, creator_ids, found)
    if found is not None:
        cluster_rows = lift.cluster_lift(found, targets, min_shared, limit, cleaned)
        creator_rows = lift.creator_lift(found, targets, min_shared, limit, cleaned)
    else:
        params = {"target_ids": targets, "min_shared": min_shared, "limit": limit, "cleaned": cleaned}
        cluster_rows = graph.read("segments.get_cluster_lift", **params)
        creator_rows = graph.read("segments.get_creator_lift", **params)
    roster = targets if creator_ids else None
    if roster_ids:
        roster = unique_ids(roster_ids, "roster")
        require_known(graph, roster, "roster", found)
    if found is not None:
        target_size, total = reach.target_size(found, targets, cleaned), found.member_count(cleaned)
    else:
        size_row = graph.read_one("campaigns.get_target_audience", creator_ids=targets, cleaned=cleaned)
        total_row = graph.read_one("segments.count_members", cleaned=cleaned)
        target_size = len(size_row["members"]) if size_row else 0
        total = total_row["total"] if total_row else 0
    return Segments(
        cluster=cluster,
        target_ids=targets,
        target_size=target_size,
        total_members=total,
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
        white_space=None if roster is None else white_space(graph, targets, roster, limit, cleaned, found),
    )


def white_space(
    graph: Graph,
    target_ids: list[str],
    roster_ids: list[str],
    limit: int,
    cleaned: bool = False,
    index: AudienceIndex | None = None,
) -> WhiteSpace:
    """How much of the target the roster misses, by cluster, and the creators who reach most of it."""
    if index is not None:
        summary: Row | None = lift.white_space_summary(index, target_ids, roster_ids, cleaned)
        rows = lift.white_space_creators(index, target_ids, roster_ids, limit, cleaned)
    else:
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
