"""The authenticity audience signals on the audience index, in the Cypher queries' row shapes.

- mass followers: members with at least `mass_follows` FOLLOWS edges (the index's `follows`);
- burst arrivals of a creator: its members whose FOLLOWS `since` falls on a day on which at least
  its `burst_sizes[id]` members started following it (a `bincount` over the creator's day numbers);
- `member_degrees` and `arrival_history`: the market's member follow counts and each creator's own
  arrival history, which the authenticity calibration sets those thresholds from;
- `suspicious_members`: the members an assessment marks (mass followers and every creator's burst
  arrivals), which `service.domain.authenticity` writes back by node id.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from pyroaring import BitMap

from service.domain.audience_index.index import (
    EMPTY,
    AudienceIndex,
    Bitmap,
    bitmap_of,
    member_numbers,
    no_day,
)
from service.graph.db import Row

# A burst size no creator's day reaches (creators without a size have no bursts).
NO_BURSTS = 2**31


def bursts(index: AudienceIndex, burst_sizes: Mapping[str, int]) -> list[Bitmap]:
    """Every creator's burst arrivals, computed once per index and burst sizes."""
    sizes = tuple(burst_sizes.get(creator.id, NO_BURSTS) for creator in index.creators)
    return index.memo(
        ("bursts", sizes),
        lambda: [burst_members(index, n, size) for n, size in enumerate(sizes)],
    )


def member_degrees(index: AudienceIndex) -> list[Row]:
    """authenticity.list_member_degrees: `follows`, `members` for every follow count >= 1."""
    counts = np.bincount(index.follows) if len(index.follows) else np.zeros(1, dtype=np.int64)
    return [{"follows": f, "members": int(counts[f])} for f in range(1, len(counts)) if counts[f]]


def arrival_history(index: AudienceIndex) -> list[Row]:
    """authenticity.list_arrival_history: per creator, by id, `arrivals`, `days` (first to last
    arrival, both counted; None without arrivals) and `top_day` (most arrivals on one day)."""
    rows: list[Row] = []
    for n, creator in enumerate(index.creators):
        days = index.days[n]
        known = days[days != no_day(days)] if days is not None else np.zeros(0, dtype=np.int32)
        if not len(known):
            rows.append({"id": creator.id, "arrivals": 0, "days": None, "top_day": None})
            continue
        known = known.astype(np.int64)
        low = int(known.min())
        rows.append(
            {
                "id": creator.id,
                "arrivals": len(known),
                "days": int(known.max()) - low + 1,
                "top_day": int(np.bincount(known - low).max()),
            }
        )
    return rows


def burst_members(index: AudienceIndex, creator: int, burst_size: int) -> Bitmap:
    """The creator's members whose FOLLOWS `since` is on a day with >= burst_size arrivals."""
    days = index.days[creator]
    if days is None:
        return EMPTY
    missing = no_day(days)
    known = days != missing
    if int(known.sum()) < burst_size:
        return EMPTY
    arrivals = np.bincount(days[known])
    burst_day = arrivals >= burst_size
    if not burst_day.any():
        return EMPTY
    in_burst = np.zeros(len(days), dtype=bool)
    in_burst[known] = burst_day[days[known]]
    return bitmap_of(member_numbers(index.raw[creator])[in_burst])


def mass_followers(index: AudienceIndex, mass_follows: int) -> Bitmap:
    """Members with at least `mass_follows` FOLLOWS edges, computed once per index and threshold."""
    return index.memo(
        ("mass", mass_follows),
        lambda: bitmap_of(np.flatnonzero(index.follows >= mass_follows).astype(np.uint32)),
    )


def audience_signals(index: AudienceIndex, mass_follows: int, burst_sizes: Mapping[str, int]) -> list[Row]:
    """authenticity.list_audience_signals: one row per creator, by id: `id`, `followers`,
    `engagement_rate`, `audience`, `mass`, `burst`, `suspicious`."""
    mass = mass_followers(index, mass_follows)
    rows = []
    for n, (creator, burst) in enumerate(zip(index.creators, bursts(index, burst_sizes), strict=True)):
        members = index.raw[n]
        mass_here = members.intersection_cardinality(mass)
        rows.append(
            {
                "id": creator.id,
                "followers": creator.followers,
                "engagement_rate": creator.engagement_rate,
                "audience": len(members),
                "mass": mass_here,
                "burst": len(burst),
                "suspicious": mass_here + len(burst) - burst.intersection_cardinality(mass),
            }
        )
    return rows


def farm_pairs(
    index: AudienceIndex, burst_sizes: Mapping[str, int], mass_follows: int, farm_min_shared: int
) -> list[Row]:
    """authenticity.list_farm_pairs: pairs of creators (`a` < `b`) sharing >= farm_min_shared
    burst arrivals that are not mass followers: `a`, `b`, `farm_shared`, `shared`, `farm_share`,
    by farm_share descending, then a, b."""
    mass = mass_followers(index, mass_follows)
    arrivals = []
    for n, burst in enumerate(bursts(index, burst_sizes)):
        if len(burst) >= farm_min_shared:
            farm = burst - mass
            if len(farm) >= farm_min_shared:
                arrivals.append((n, farm))
    rows: list[Row] = []
    for i, (a, farm_a) in enumerate(arrivals):
        for b, farm_b in arrivals[i + 1 :]:
            farm_shared = farm_a.intersection_cardinality(farm_b)
            if farm_shared < farm_min_shared:
                continue
            first, second = sorted((index.creators[a].id, index.creators[b].id))
            shared = index.raw[a].intersection_cardinality(index.raw[b])
            rows.append(
                {
                    "a": first,
                    "b": second,
                    "farm_shared": farm_shared,
                    "shared": shared,
                    "farm_share": float(farm_shared) / shared,
                }
            )
    rows.sort(key=lambda r: (-r["farm_share"], r["a"], r["b"]))
    return rows


def suspicious_members(index: AudienceIndex, mass_follows: int, burst_sizes: Mapping[str, int]) -> Bitmap:
    """Every member an assessment marks: mass followers and any creator's burst arrivals
    (authenticity.mark_mass_followers + mark_burst_arrivals)."""
    parts = [mass_followers(index, mass_follows), *bursts(index, burst_sizes)]
    return bitmap_of(member_numbers(BitMap.union(*parts)))
