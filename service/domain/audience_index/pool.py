"""A plan's candidate pool on the audience index: the filters of campaigns.get_candidates and
get_target_candidates answered from the creators' properties the index holds.

Only a budget plan's costs (any Creator property the request names) are read from Neo4j, for the
pool's creators alone (`audience_index.list_creator_costs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.domain.audience_index.index import AudienceIndex, Bitmap, CreatorInfo
from service.graph.db import Graph, Row


@dataclass(frozen=True)
class PoolFilters:
    """The filters of a plan's pool, as the candidate queries take them."""

    require_ids: Sequence[str]
    exclude_ids: Sequence[str]
    min_followers: int | None
    max_followers: int | None
    min_engagement: float | None
    countries: Sequence[str]
    topics: Sequence[str]  # lower-cased
    cost_property: str | None
    pool_size: int
    include_flagged: bool


def _number(value: Any, default: float) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else default


def _passes(
    creator: CreatorInfo, f: PoolFilters, exclude: set[str], countries: set[str], topics: set[str]
) -> bool:
    followers = _number(creator.followers, 0)
    return (
        creator.id not in exclude
        and (f.include_flagged or not creator.flagged)
        and (f.min_followers is None or followers >= f.min_followers)
        and (f.max_followers is None or followers < f.max_followers)
        and (f.min_engagement is None or _number(creator.engagement_rate, 0.0) >= f.min_engagement)
        and (not countries or creator.country in countries)
        and (not topics or bool(creator.topics & topics))
    )


def candidates(graph: Graph, index: AudienceIndex, f: PoolFilters, target: Bitmap | None) -> list[Row]:
    """The filtered pool, best first, as get_candidates (no target) or get_target_candidates
    (creators reaching the target, by target members reached) return it: `id`, `handle`,
    `followers`, `engagement_rate`, `cluster`, `bridge_score`, `hub_score`, `cost`, `required`
    (and `target_reach` with a target)."""
    require = set(f.require_ids)
    exclude, countries, topics = set(f.exclude_ids), set(f.countries), set(f.topics)
    chosen: list[tuple[tuple[Any, ...], CreatorInfo, int | None]] = []
    for n, creator in enumerate(index.creators):
        required = creator.id in require
        if not required and not _passes(creator, f, exclude, countries, topics):
            continue
        reach = None
        if target is not None:
            reach = index.raw[n].intersection_cardinality(target)
            if not reach and not required:
                continue
        followers = _number(creator.followers, 0)
        key = (not required, 0 if reach is None else -reach, -followers, creator.id)
        chosen.append((key, creator, reach))
    chosen.sort(key=lambda item: item[0])
    chosen = chosen[: f.pool_size]
    costs: dict[str, Any] = {}
    if f.cost_property is not None and chosen:
        costs = {
            row["id"]: row["cost"]
            for row in graph.read(
                "audience_index.list_creator_costs",
                ids=[c.id for _, c, _ in chosen],
                cost_property=f.cost_property,
            )
        }
    rows = []
    for _, creator, reach in chosen:
        row = {
            "id": creator.id,
            "handle": creator.handle,
            "followers": creator.followers,
            "engagement_rate": creator.engagement_rate,
            "cluster": creator.cluster,
            "bridge_score": creator.bridge_score,
            "hub_score": creator.hub_score,
            "cost": costs.get(creator.id),
            "required": creator.id in require,
        }
        if target is not None:
            row["target_reach"] = reach or 0
        rows.append(row)
    return rows
