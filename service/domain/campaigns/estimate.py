"""Reach in followers: from the members of the loaded audience sample to people, with an interval.

A simulation counts members of the loaded audience: a creator with 83,000 followers may have 150
members loaded. This module extrapolates from what `simulate` already returns (unique reach and,
per creator, its loaded audience and the part of it no other chosen creator reaches) plus each
creator's stated followers. The method is in docs/planning.md ("Estimated reach in followers").

The model is a panel: each person following creator i is in the loaded sample with probability
p_i = A_i / F_i (A_i its loaded audience, F_i its followers, taken as at least A_i), so a sampled
member stands for s_i = 1 / p_i people. A member only creator i reaches (x_i of them) stands for
s_i people; a member several chosen creators reach stands for the mean scale of those creators,
taken over the shared exposures (s_shared = sum_i s_i (A_i - x_i) / sum_i (A_i - x_i)). So

    estimate = sum_i s_i x_i + s_shared (R - X),    R = unique reach, X = sum_i x_i.

With every p_i equal this is R / p. The interval is the sampling error of that sum under the
panel model (Poisson sampling: each sampled member adds s (s - 1) to the variance), normal
approximation, clamped to what is certain: at least the largest creator's followers, at most all
their followers added up. It covers sampling noise only: an audience sample that over-represents
some people (say, the most engaged) biases the estimate and the interval does not show it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from service.domain.audience_index.store import IndexSource
from service.domain.campaigns.simulate import Simulation, simulate
from service.graph.db import Graph

# 95% two-sided normal quantile.
Z_95 = 1.959964


def estimate_reach(simulation: Simulation, followers: Mapping[str, int | None]) -> dict[str, Any]:
    """The simulation's unique reach in followers with a 95% interval (see the module doc)."""
    notes: list[str] = []
    exclusive_people = 0.0
    variance = 0.0
    shared_exposures = 0
    shared_scaled = 0.0
    upper = 0
    largest = 0
    unsampled_people = 0
    creators: list[dict[str, Any]] = []
    for creator in simulation.creators:
        audience, exclusive = creator.audience, creator.exclusive
        stated = followers.get(creator.id)
        if stated is None:
            notes.append(f"{creator.id}: followers unknown; counted as its loaded audience")
        people = max(int(stated or 0), audience)
        upper += people
        largest = max(largest, people)
        if audience == 0:
            # Nothing sampled: no way to see overlap. Counted as if it shared no one.
            unsampled_people += people
            notes.append(f"{creator.id}: no loaded audience; its {people} followers counted as not shared")
            creators.append({"id": creator.id, "followers": people, "audience": 0, "people_per_member": None})
            continue
        scale = people / audience
        exclusive_people += scale * exclusive
        variance += exclusive * scale * (scale - 1.0)
        shared_exposures += audience - exclusive
        shared_scaled += scale * (audience - exclusive)
        creators.append(
            {
                "id": creator.id,
                "followers": people,
                "audience": audience,
                "people_per_member": round(scale, 2),
            }
        )
    shared_members = simulation.unique_reach - sum(c.exclusive for c in simulation.creators)
    shared_scale = shared_scaled / shared_exposures if shared_exposures else 1.0
    estimate = exclusive_people + shared_scale * shared_members + unsampled_people
    variance += shared_members * shared_scale * (shared_scale - 1.0)
    margin = Z_95 * math.sqrt(max(variance, 0.0))
    low = max(float(largest), estimate - margin)
    high = max(low, min(float(upper), estimate + margin))
    estimate = min(max(estimate, low), high)
    reach = simulation.unique_reach
    per_member = estimate / reach if reach else None
    return {
        "followers": round(estimate),
        "low": math.floor(low),
        "high": math.ceil(high),
        "confidence": 0.95,
        "people_per_member": None if per_member is None else round(per_member, 2),
        "effective_reach": None if per_member is None else round(simulation.effective_reach * per_member),
        "followers_total": upper,
        "creators": creators,
        "notes": notes,
    }


def simulate_with_estimate(
    graph: Graph,
    creator_ids: Sequence[str],
    frequency: int = 3,
    weighted: bool = False,
    audience: str = "raw",
    index: IndexSource = None,
) -> dict[str, Any]:
    """`simulate`, plus `estimated_reach` (in followers, with an interval)."""
    simulation = simulate(graph, creator_ids, frequency, weighted, audience, index)
    return {**simulation.to_dict(), "estimated_reach": estimate_for(graph, simulation)}


def estimate_for(graph: Graph, simulation: Simulation) -> dict[str, Any]:
    """`estimate_reach` with the simulated creators' stated followers read from the graph."""
    rows = graph.read("campaigns.get_creator_followers", creator_ids=simulation.creator_ids)
    return estimate_reach(simulation, {row["id"]: row["followers"] for row in rows})
