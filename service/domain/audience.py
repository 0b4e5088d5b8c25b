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
    (members marked suspicious by the last assessment removed), side by side. Before any
    assessment `assessed` is false and every cleaned figure is None: they would only repeat raw."""
    ids = list(dict.fromkeys(creator_ids))
    found = resolve(graph, index)
    require_known(graph, ids, "creators", found)
    if found is not None:
        row = reach.raw_and_cleaned_reach(found, ids)
    else:
        row = graph.read_one("authenticity.get_raw_and_cleaned_reach", creator_ids=ids) or {}
    assessed = bool(row.get("assessed"))
    creators = row.get("creators", [])
    if not assessed:
        creators = [{**creator, "cleaned_audience": None} for creator in creators]
    return {
        "raw": {"unique_reach": row.get("unique_reach", 0), "impressions": row.get("impressions", 0)},
        "cleaned": {
            "unique_reach": row.get("cleaned_reach", 0),
            "impressions": row.get("cleaned_impressions", 0),
        }
        if assessed
        else None,
        "assessed": assessed,
        "creators": creators,
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


# Audience make-up: the dimensions members carry (as loaded) and how many values each chart lists.
MAKEUP_DIMENSIONS = ("country", "age_band", "gender")
MAKEUP_TOP = 8


def audience_makeup(graph: Graph, creator_id: str) -> dict[str, Any]:
    """Who a creator's loaded audience is: members by country, age band and gender (shares of the
    members who carry the value; the top MAKEUP_TOP values, the rest summed as "other"), and the
    share marked suspicious by the last assessment (null before one); 404 for an unknown creator."""
    row = graph.read_one("creators.get_audience_makeup", id=creator_id)
    if row is None:
        raise ServiceError(404, "not_found", f"no creator with id {creator_id!r}", {"id": creator_id})
    members = int(row["members"])
    result: dict[str, Any] = {"id": creator_id, "members": members}
    for dimension in MAKEUP_DIMENSIONS:
        result[dimension] = _breakdown(row[dimension], members)
    assessed = int(row["assessed"]) > 0
    result["suspicious"] = {
        "assessed": assessed,
        "members": int(row["suspicious"]) if assessed else None,
        "share": round(int(row["suspicious"]) / members, 4) if assessed and members else None,
    }
    return result


def _breakdown(counts: Sequence[Row], members: int) -> dict[str, Any]:
    known = [c for c in counts if c["value"] is not None]
    total = sum(int(c["members"]) for c in known)
    top = known[:MAKEUP_TOP]
    rest = total - sum(int(c["members"]) for c in top)
    pairs = [(str(c["value"]), int(c["members"])) for c in top] + ([("other", rest)] if rest else [])
    values = [
        {"value": value, "members": n, "share": round(n / total, 4) if total else 0.0} for value, n in pairs
    ]
    return {"known": total, "unknown": members - total, "values": values}
