"""The authenticity audience signals on the audience index, in the Cypher queries' row shapes.

- mass followers: members with at least `mass_follows` FOLLOWS edges (the index's `follows`);
- burst arrivals of a creator: its members whose FOLLOWS `since` falls on a day on which at least
  `burst_size` members started following it (a `bincount` over the creator's day numbers);
- `suspicious_members`: the members an assessment marks (mass followers and every creator's burst
  arrivals), which `service.domain.authenticity` writes back by node id.
"""

from __future__ import annotations

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


def bursts(index: AudienceIndex, burst_size: int) -> list[Bitmap]:
    """Every creator's burst arrivals, computed once per index and burst size."""
    return index.memo(
        ("bursts", burst_size),
        lambda: [burst_members(index, n, burst_size) for n in range(len(index.creators))],
    )


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


def audience_signals(index: AudienceIndex, mass_follows: int, burst_size: int) -> list[Row]:
    """authenticity.list_audience_signals: one row per creator, by id: `id`, `followers`,
    `engagement_rate`, `audience`, `mass`, `burst`, `suspicious`."""
    mass = mass_followers(index, mass_follows)
    rows = []
    for n, (creator, burst) in enumerate(zip(index.creators, bursts(index, burst_size), strict=True)):
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


def farm_pairs(index: AudienceIndex, burst_size: int, mass_follows: int, farm_min_shared: int) -> list[Row]:
    """authenticity.list_farm_pairs: pairs of creators (`a` < `b`) sharing >= farm_min_shared
    burst arrivals that are not mass followers: `a`, `b`, `farm_shared`, `shared`, `farm_share`,
    by farm_share descending, then a, b."""
    mass = mass_followers(index, mass_follows)
    arrivals = []
    for n, burst in enumerate(bursts(index, burst_size)):
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


def suspicious_members(index: AudienceIndex, mass_follows: int, burst_size: int) -> Bitmap:
    """Every member an assessment marks: mass followers and any creator's burst arrivals
    (authenticity.mark_mass_followers + mark_burst_arrivals)."""
    parts = [mass_followers(index, mass_follows), *bursts(index, burst_size)]
    return bitmap_of(member_numbers(BitMap.union(*parts)))
