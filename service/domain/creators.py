"""Creators: the one existence check, filtered lists, profiles, shared audience, mentions, paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.domain.tiers import tier_of, tier_range
from service.graph.db import Graph, Row
from service.graph.errors import ServiceError, invalid_input

# Sort keys of `list_creators`; the query picks the key from this list, never from text.
SORTS = ("bridge_score", "followers", "engagement_rate", "hub_score")


def has_creators(graph: Graph) -> bool:
    """Whether the graph holds any creator at all (a cheap, indexed check)."""
    return bool((graph.read_one("analysis.get_has_creators") or {}).get("found"))


def existing_ids(graph: Graph, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` that name a creator in the graph (stubs included)."""
    return {row["id"] for row in graph.read("creators.list_existing_ids", ids=list(ids))}


def require_creators(graph: Graph, ids: Sequence[str], field_name: str) -> None:
    """A 400 naming `field_name` and the unknown ids when any of `ids` is not a creator."""
    found = existing_ids(graph, ids)
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise unknown_creators(field_name, unknown)


def unknown_creators(field_name: str, unknown: Sequence[str]) -> ServiceError:
    """The 400 for ids that name no creator (whoever found them: the graph or the audience index)."""
    return invalid_input(field_name, f"unknown creator id(s): {', '.join(unknown)}", unknown=list(unknown))


def require_creator(graph: Graph, creator_id: str) -> None:
    """A 404 when no creator has this id (for routes addressing one creator)."""
    if not existing_ids(graph, [creator_id]):
        raise no_creator(creator_id)


def no_creator(creator_id: str) -> ServiceError:
    return ServiceError(404, "not_found", f"no creator with id {creator_id!r}", {"id": creator_id})


def unique_ids(values: Sequence[str], field_name: str) -> list[str]:
    """The ids in order without repeats; each must be a non-empty string."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise invalid_input(field_name, "must be a list of creator ids")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise invalid_input(field_name, f"{value!r} is not a creator id")
    return list(dict.fromkeys(v.strip() for v in values))


def list_creators(
    graph: Graph, filters: Mapping[str, Any], tier_bounds: Sequence[int], offset: int, limit: int
) -> list[Row]:
    """One page of creators matching `filters` (q, platform, topic, country, tier, min/max
    followers, min_engagement, cluster, sort), each with its tier."""
    wanted = dict(filters)
    tier = wanted.pop("tier", None)
    low, high = tier_range(tier, tier_bounds) if tier else (None, None)
    given_min, given_max = wanted.get("min_followers"), wanted.get("max_followers")
    # A tier and explicit bounds both apply: the tighter bound wins (0 is a bound, not "none").
    wanted["min_followers"] = max((b for b in (given_min, low) if b is not None), default=None)
    wanted["max_followers"] = min((b for b in (given_max, high) if b is not None), default=None)
    rows = graph.read("creators.list_creators", **wanted, offset=offset, limit=limit)
    return [{**row["creator"], "tier": tier_of(row["creator"]["followers"], tier_bounds)} for row in rows]


def get_creator(graph: Graph, creator_id: str, tier_bounds: Sequence[int]) -> Row:
    """One creator's profile, scores and topics; a 404 for an unknown id."""
    row = graph.read_one("creators.get_creator", id=creator_id)
    if row is None:
        raise ServiceError(404, "not_found", f"no creator with id {creator_id!r}", {"id": creator_id})
    return {
        **row["creator"],
        "topics": row["topics"],
        "tier": tier_of(row["creator"].get("followers"), tier_bounds),
    }


def list_overlaps(graph: Graph, creator_id: str, offset: int, limit: int) -> list[Row]:
    """The creators sharing most audience with this one (the current run's links)."""
    require_creator(graph, creator_id)
    return graph.read("creators.list_overlaps", id=creator_id, offset=offset, limit=limit)


def list_mentions(graph: Graph, creator_id: str, offset: int, limit: int) -> list[Row]:
    """A creator's mentions, both ways, most frequent first."""
    require_creator(graph, creator_id)
    return graph.read("creators.list_mentions", id=creator_id, offset=offset, limit=limit)


def mention_paths(
    graph: Graph, source: str, target: str, max_hops: int, every: bool, limit: int
) -> list[Row]:
    """Shortest mention paths from `source` to `target` (one, or every shortest one); 404 for an
    unknown creator. A creator reaches itself by the path of zero hops (Neo4j's shortestPath
    refuses the same node at both ends)."""
    for creator_id in (source, target):
        require_creator(graph, creator_id)
    if source == target:
        return [{"path": [source], "hops": 0}]
    params = {"source": source, "target": target, "max_hops": max_hops}
    if every:
        return graph.read("paths.list_all_shortest_mention_paths", **params, limit=limit)
    return graph.read("paths.get_shortest_mention_path", **params)


def check_sort(sort: str) -> str:
    if sort not in SORTS:
        raise invalid_input("sort", f"must be one of {', '.join(SORTS)}")
    return sort
