"""Lift, white space and ranking features on the audience index, in the Cypher queries' row shapes.

Lift is computed with the same floating-point expression as the queries (`toFloat(shared) * total
/ (toFloat(target_size) * audience)`), and rows are ordered and cut the same way, so the answers
are equal to the last bit. The callers (`service.domain.campaigns.segments`, `.rank`) validate
first: every id here is a creator of the index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.domain.audience_index.index import AudienceIndex, Bitmap
from service.graph.db import Row


def _lift(shared: int, total: int, target_size: int, audience: int) -> float:
    return float(shared) * total / (float(target_size) * audience)


def _clusters_without(index: AudienceIndex, left_out: set[int]) -> dict[Any, list[int]]:
    """Each cluster's creators without the left-out ones (clusters left empty dropped)."""
    found: dict[Any, list[int]] = {}
    for cluster, creators in index.cluster_creators().items():
        kept = [n for n in creators if n not in left_out]
        if kept:
            found[cluster] = kept
    return found


def _audience_of(index: AudienceIndex, cluster: Any, creators: list[int], cleaned: bool) -> Bitmap:
    """A cluster's audience over some of its creators (the cached one when none is left out)."""
    if len(creators) == len(index.cluster_creators().get(cluster, ())):
        return index.cluster_audience(cluster, cleaned)
    return index.union(creators, cleaned)


def cluster_lift(
    index: AudienceIndex, target_ids: Sequence[str], min_shared: int, limit: int, cleaned: bool
) -> list[Row]:
    """segments.get_cluster_lift: `cluster`, `shared`, `audience`, `target_size`, `total`, `lift`."""
    targets = index.numbers(target_ids)
    target = index.union(targets, cleaned)
    total = index.member_count(cleaned)
    rows = []
    for cluster, creators in _clusters_without(index, set(targets)).items():
        # Target members are already clean: the raw audience gives the same count.
        shared = target.intersection_cardinality(_audience_of(index, cluster, creators, False))
        if shared < min_shared or shared == 0:
            continue
        audience = len(_audience_of(index, cluster, creators, cleaned))
        lift = _lift(shared, total, len(target), audience)
        rows.append(
            {
                "cluster": cluster,
                "shared": shared,
                "audience": audience,
                "target_size": len(target),
                "total": total,
                "lift": lift,
            }
        )
    rows.sort(key=lambda r: (-r["lift"], -r["shared"], r["cluster"]))
    return rows[:limit]


def creator_lift(
    index: AudienceIndex, target_ids: Sequence[str], min_shared: int, limit: int, cleaned: bool
) -> list[Row]:
    """segments.get_creator_lift: `id`, `handle`, `cluster`, `shared`, `audience`, `target_size`,
    `total`, `lift`."""
    targets = set(index.numbers(target_ids))
    target = index.union(sorted(targets), cleaned)
    total = index.member_count(cleaned)
    found = []
    for n, members in enumerate(index.raw):
        if n in targets:
            continue
        shared = members.intersection_cardinality(target)
        if shared < min_shared or shared == 0:
            continue
        audience = len(index.audience(n, cleaned))
        found.append((n, shared, audience, _lift(shared, total, len(target), audience)))
    found.sort(key=lambda r: (-r[3], -r[1], index.creators[r[0]].id))
    return [
        {
            "id": index.creators[n].id,
            "handle": index.creators[n].handle,
            "cluster": index.creators[n].cluster,
            "shared": shared,
            "audience": audience,
            "target_size": len(target),
            "total": total,
            "lift": lift,
        }
        for n, shared, audience, lift in found[:limit]
    ]


def _gaps(
    index: AudienceIndex, target_ids: Sequence[str], roster_ids: Sequence[str], cleaned: bool
) -> tuple[Bitmap, Bitmap]:
    target = index.union(index.numbers(target_ids), cleaned)
    return target, target - index.union(index.numbers(roster_ids), False)


def white_space_summary(
    index: AudienceIndex, target_ids: Sequence[str], roster_ids: Sequence[str], cleaned: bool
) -> Row:
    """segments.get_white_space_summary: `target_size`, `covered`, `uncovered`, `by_cluster`."""
    target, gaps = _gaps(index, target_ids, roster_ids, cleaned)
    by_cluster = []
    for cluster, creators in _clusters_without(index, set(index.numbers(target_ids))).items():
        missed = gaps.intersection_cardinality(_audience_of(index, cluster, creators, False))
        if missed:
            by_cluster.append({"cluster": cluster, "uncovered": missed})
    by_cluster.sort(key=lambda r: (-r["uncovered"], r["cluster"]))
    return {
        "target_size": len(target),
        "covered": len(target) - len(gaps),
        "uncovered": len(gaps),
        "by_cluster": by_cluster,
    }


def white_space_creators(
    index: AudienceIndex, target_ids: Sequence[str], roster_ids: Sequence[str], limit: int, cleaned: bool
) -> list[Row]:
    """segments.get_white_space_creators: `id`, `handle`, `cluster`, `uncovered_reached`,
    `uncovered`, `target_size`."""
    target, gaps = _gaps(index, target_ids, roster_ids, cleaned)
    roster = set(index.numbers(roster_ids))
    reached = [
        (n, members.intersection_cardinality(gaps)) for n, members in enumerate(index.raw) if n not in roster
    ]
    best = sorted(((n, r) for n, r in reached if r), key=lambda p: (-p[1], index.creators[p[0]].id))[:limit]
    return [
        {
            "id": index.creators[n].id,
            "handle": index.creators[n].handle,
            "cluster": index.creators[n].cluster,
            "uncovered_reached": r,
            "uncovered": len(gaps),
            "target_size": len(target),
        }
        for n, r in best
    ]


def ranking_features(index: AudienceIndex, target_ids: Sequence[str]) -> list[Row]:
    """campaigns.get_ranking_features: per creator, by id, its properties, `audience` and `shared`
    (members in the target audience; 0 without a target)."""
    target = index.union(index.numbers(target_ids), False) if target_ids else None
    return [
        {
            "id": creator.id,
            "handle": creator.handle,
            "cluster": creator.cluster,
            "followers": creator.followers,
            "engagement_rate": creator.engagement_rate,
            "bridge_score": creator.bridge_score,
            "hub_score": creator.hub_score,
            "audience": len(members),
            "shared": 0 if target is None else members.intersection_cardinality(target),
        }
        for creator, members in zip(index.creators, index.raw, strict=True)
    ]
