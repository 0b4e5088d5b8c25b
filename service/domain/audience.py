"""Raw and cleaned audiences: which members a computation counts, and reach on both side by side.

An authenticity assessment (`service.domain.authenticity.flag_creators`) marks audience members
`suspicious`. "raw" counts every member; "cleaned" leaves out the suspicious ones, and needs an
assessment first (before one, every member would count as clean and the two would silently agree).

Each function takes an `IndexSource` (`service.domain.audience_index.store`): with a fresh
audience index the answer is computed on it, else (no index, a stale or unbuilt one) by the
Cypher reference; both give the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.domain.audience_index import overlap, reach
from service.domain.audience_index.index import AudienceIndex
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.creators import no_creator, require_creator, require_creators, unknown_creators
from service.graph.db import Graph, Row
from service.graph.errors import ServiceError, invalid_input

AUDIENCES = ("raw", "cleaned")


def require_assessment(graph: Graph, index: AudienceIndex | None = None) -> None:
    """A 409 unless audience members carry the marks of an assessment (cleaned audiences need them)."""
    if index is not None:
        assessed = index.assessed
    else:
        assessed = bool((graph.read_one("authenticity.get_assessed") or {}).get("assessed"))
    if not assessed:
        raise ServiceError(
            409,
            "not_assessed",
            "cleaned audiences need an authenticity assessment first; run `influence-map authenticity`",
            {"audience": "cleaned"},
        )


def is_cleaned(graph: Graph, audience: Any, index: AudienceIndex | None = None) -> bool:
    """True for "cleaned" (after checking an assessment exists), False for "raw"; else a 400."""
    if audience not in AUDIENCES:
        raise invalid_input("audience", f"must be one of {', '.join(AUDIENCES)}, got {audience!r}")
    if audience == "cleaned":
        require_assessment(graph, index)
    return bool(audience == "cleaned")


def require_known(graph: Graph, ids: Sequence[str], field_name: str, index: AudienceIndex | None) -> None:
    """`creators.require_creators`, answered by the index when there is one (it holds every creator)."""
    if index is None:
        require_creators(graph, ids, field_name)
        return
    unknown = index.unknown(ids)
    if unknown:
        raise unknown_creators(field_name, unknown)


def cluster_creator_ids(graph: Graph, cluster: int, index: AudienceIndex | None) -> list[str]:
    """The ids of a cluster's creators, in id order (campaigns.get_cluster_creators)."""
    if index is not None:
        return sorted(c.id for c in index.creators if c.cluster == cluster)
    return [row["id"] for row in graph.read("campaigns.get_cluster_creators", cluster=cluster)]


def raw_and_cleaned_reach(
    graph: Graph, creator_ids: Sequence[str], index: IndexSource = None
) -> dict[str, Any]:
    """Unique reach and impressions of a creator set on raw audiences and on cleaned ones
    (members marked suspicious by the last assessment removed), side by side."""
    ids = list(dict.fromkeys(creator_ids))
    found = resolve(graph, index)
    require_known(graph, ids, "creators", found)
    if found is not None:
        row = reach.raw_and_cleaned_reach(found, ids)
    else:
        row = graph.read_one("authenticity.get_raw_and_cleaned_reach", creator_ids=ids) or {}
    return {
        "raw": {"unique_reach": row.get("unique_reach", 0), "impressions": row.get("impressions", 0)},
        "cleaned": {
            "unique_reach": row.get("cleaned_reach", 0),
            "impressions": row.get("cleaned_impressions", 0),
        },
        "creators": row.get("creators", []),
    }


def cleaned_overlaps(
    graph: Graph, creator_id: str, limit: int = 20, offset: int = 0, index: IndexSource = None
) -> list[Row]:
    """Shared audience of one creator with every other on raw and cleaned audiences side by side,
    most cleaned shared members first (counted live: it needs no analysis run and follows the
    latest marks); 404 for an unknown creator, 409 before any assessment."""
    found = resolve(graph, index)
    if found is None:
        require_creator(graph, creator_id)
        require_assessment(graph)
        return graph.read("creators.list_cleaned_overlaps", id=creator_id, offset=offset, limit=limit)
    if creator_id not in found.position:
        raise no_creator(creator_id)
    require_assessment(graph, found)
    return overlap.cleaned_overlaps(found, creator_id, offset, limit)
