"""Campaign simulation: the exact reach and frequency of a set of creators, from the audience edges.

A member is reached by a creator it FOLLOWS or ENGAGED_WITH (both edges count as one exposure).
Bad input raises `ServiceError(400, "invalid_input", "<field>: ...", {"field": ...})`. With a fresh
audience index (`index`) the counts come from its bitmaps, else from the Cypher reference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from service.domain.audience import is_cleaned, raw_and_cleaned_reach, require_known
from service.domain.audience_index import reach as index_reach
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.creators import unique_ids
from service.graph.db import Graph
from service.graph.errors import invalid_input

# The frequency distribution groups everyone reached this many times or more in one bucket.
TOP_BUCKET = 7


@dataclass(frozen=True)
class ClusterReach:
    """How far a campaign reaches into one cluster's audience."""

    cluster: int
    reach: int
    audience: int
    share: float
    creators: list[str]


@dataclass(frozen=True)
class CreatorReach:
    """One chosen creator's audience, and the part of it no other chosen creator reaches."""

    id: str
    audience: int
    exclusive: int


@dataclass(frozen=True)
class Simulation:
    """The exact reach and frequency of a set of creators. `frequency` maps exposures to people."""

    creator_ids: list[str]
    unique_reach: int
    impressions: float
    average_frequency: float
    frequency: dict[str, int]
    effective_frequency: int
    effective_reach: int
    weighted: bool
    audience: str
    clusters: list[ClusterReach]
    creators: list[CreatorReach]
    # The set's reach on raw and on cleaned audiences whichever audience the rest measures.
    side_by_side: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def simulate(
    graph: Graph,
    creator_ids: Sequence[str],
    frequency: int = 3,
    weighted: bool = False,
    audience: str = "raw",
    index: IndexSource = None,
) -> Simulation:
    """Reach, impressions, frequency distribution, effective reach, clusters and exclusives of a set.

    Unweighted, every exposure counts 1. `weighted` makes each exposure count its edge weight in
    `impressions`, `average_frequency` and `effective_reach` (a member is effectively reached when
    its summed weights reach `frequency`); the distribution always counts exposures.
    `audience="cleaned"` measures without the members marked suspicious (409 before any assessment).
    """
    ids = unique_ids(creator_ids, "creator_ids")
    if not ids:
        raise invalid_input("creator_ids", "name at least one creator")
    if isinstance(frequency, bool) or not isinstance(frequency, int) or frequency < 1:
        raise invalid_input("frequency", f"must be an integer >= 1, got {frequency!r}")
    if not isinstance(weighted, bool):
        raise invalid_input("weighted", f"must be true or false, got {weighted!r}")
    found = resolve(graph, index)
    cleaned = is_cleaned(graph, audience, found)
    require_known(graph, ids, "creator_ids", found)
    if found is not None:
        rows = index_reach.frequency_distribution(found, ids, float(frequency), cleaned)
        cluster_rows = index_reach.cluster_reach(found, ids, cleaned)
        creator_rows = index_reach.exclusive_audience(found, ids, cleaned)
    else:
        rows = graph.read(
            "campaigns.get_frequency_distribution",
            creator_ids=ids,
            frequency=float(frequency),
            cleaned=cleaned,
        )
        cluster_rows = graph.read("campaigns.get_cluster_reach", creator_ids=ids, cleaned=cleaned)
        creator_rows = graph.read("campaigns.get_exclusive_audience", creator_ids=ids, cleaned=cleaned)
    reach = sum(r["people"] for r in rows)
    if weighted:
        impressions: float = sum(r["weighted_impressions"] for r in rows)
        effective = sum(r["weighted_effective"] for r in rows)
    else:
        impressions = sum(r["exposures"] * r["people"] for r in rows)
        effective = sum(r["people"] for r in rows if r["exposures"] >= frequency)
    return Simulation(
        creator_ids=ids,
        unique_reach=reach,
        impressions=impressions,
        average_frequency=round(impressions / reach, 4) if reach else 0.0,
        frequency=frequency_buckets(rows),
        effective_frequency=frequency,
        effective_reach=effective,
        weighted=weighted,
        audience=audience,
        clusters=[
            ClusterReach(
                r["cluster"], r["reach"], r["audience"], round(r["reach"] / r["audience"], 4), r["creators"]
            )
            for r in cluster_rows
        ],
        creators=[CreatorReach(**r) for r in creator_rows],
        side_by_side=raw_and_cleaned_reach(graph, ids, found),
    )


def simulate_from_mapping(graph: Graph, data: Mapping[str, Any], index: IndexSource = None) -> Simulation:
    """`simulate` from a JSON body {"creator_ids": [...], "frequency": 3, "weighted": false}."""
    if not isinstance(data, Mapping):
        raise invalid_input("body", "must be a JSON object")
    unknown = sorted(set(data) - {"creator_ids", "frequency", "weighted", "audience"})
    if unknown:
        raise invalid_input(unknown[0], "unknown field", unknown=unknown)
    if "creator_ids" not in data:
        raise invalid_input("creator_ids", "is required")
    return simulate(
        graph,
        data["creator_ids"],
        data.get("frequency", 3),
        data.get("weighted", False),
        data.get("audience", "raw"),
        index,
    )


def frequency_buckets(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """People reached exactly 1..6 times, and `7+`; every bucket present, zero when empty."""
    buckets = {str(n): 0 for n in range(1, TOP_BUCKET)} | {f"{TOP_BUCKET}+": 0}
    for row in rows:
        key = str(row["exposures"]) if row["exposures"] < TOP_BUCKET else f"{TOP_BUCKET}+"
        buckets[key] += row["people"]
    return buckets
