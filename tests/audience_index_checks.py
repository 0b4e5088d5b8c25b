"""The audience index's answers against the Cypher reference's, request by request (issue 14).

Every domain function that can answer from the index is called twice: with the index
(`index=<AudienceIndex>`) and without (`index=None`: the Cypher reference). `check_all` runs the
same simulations, plans, segments, rankings, cleaned overlaps, side-by-side reach and the
authenticity assessment through both paths and asserts equal answers: every integer equal, floats
equal up to the order of summation (1e-9 relative; lifts and shares are computed with the same
operations and compared through their rounding), or the same ServiceError.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pytest

from service.domain.audience import cleaned_overlaps, raw_and_cleaned_reach
from service.domain.audience_index import signals
from service.domain.audience_index.index import AudienceIndex
from service.domain.audience_index.store import IndexStore
from service.domain.authenticity import AuthenticityParams, assess_authenticity, yardsticks
from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.campaigns.rank import rank_creators
from service.domain.campaigns.segments import hidden_segments
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.errors import ServiceError

BIG_BUDGET = 1 << 40
# The Cypher reference walks whole audiences: on a busy shared machine some answers take longer
# than the API's 5 s read timeout, and a timeout is not an answer to compare with.
REFERENCE_TIMEOUT = 300.0


def patient(db: Graph) -> Graph:
    """The same database with the reference's timeout."""
    return Graph(db.driver, db.database, REFERENCE_TIMEOUT)


def fresh_index(graph: Graph) -> AudienceIndex:
    index = IndexStore(BIG_BUDGET, background=False).fresh(graph)
    assert index is not None, "the index was not built"
    return index


def same(ours: Any, theirs: Any, where: str = "") -> None:
    """Deep equality with a relative tolerance on floats only."""
    if isinstance(theirs, float) or isinstance(ours, float):
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), where
    elif isinstance(theirs, dict):
        assert isinstance(ours, dict) and ours.keys() == theirs.keys(), f"{where}: {ours} != {theirs}"
        for key in theirs:
            same(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(theirs, list | tuple):
        assert len(ours) == len(theirs), f"{where}: {ours} != {theirs}"
        for n, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            same(a, b, f"{where}[{n}]")
    else:
        assert ours == theirs, f"{where}: {ours!r} != {theirs!r}"


def outcome(call: Callable[[], Any]) -> Any:
    """The call's answer as plain data, or the ServiceError it raised (status, code, message)."""
    try:
        value = call()
    except ServiceError as error:
        return ("error", error.status, error.code, error.message)
    if isinstance(value, list):
        return [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


def check(call: Callable[[AudienceIndex | None], Any], index: AudienceIndex, where: str) -> Any:
    """`call(index)` and `call(None)` give the same answer (or the same error)."""
    reference = outcome(lambda: call(None))
    same(outcome(lambda: call(index)), reference, where)
    return reference


def creator_sets(index: AudienceIndex, seed: int, sizes: Sequence[int]) -> list[list[str]]:
    rng = random.Random(seed)
    ids = sorted(index.creator_ids)
    biggest = sorted(ids, key=lambda c: (-len(index.raw[index.position[c]]), c))
    return [rng.sample(ids, min(n, len(ids))) for n in sizes] + [biggest[:5], biggest[:10]]


def clusters_of(index: AudienceIndex) -> list[Any]:
    return sorted({c for c in index.clusters if c is not None})


def check_simulations(
    graph: Graph, index: AudienceIndex, sets: list[list[str]], audiences: Sequence[str]
) -> None:
    for ids in sets:
        for audience in audiences:
            for frequency, weighted in ((3, False), (1, False), (2, True), (3, True)):
                check(
                    lambda i, ids=ids, f=frequency, w=weighted, a=audience: simulate(graph, ids, f, w, a, i),
                    index,
                    f"simulate {ids[:3]}.. f={frequency} weighted={weighted} {audience}",
                )
        check(lambda i, ids=ids: raw_and_cleaned_reach(graph, ids, i), index, f"side by side {ids[:3]}")
    check(lambda i: simulate(graph, ["nobody"], index=i), index, "unknown")
    check(lambda i: simulate(graph, ["A", "A", "nobody"], 0, index=i), index, "bad frequency")


def plan_requests(
    index: AudienceIndex, audiences: Sequence[str], extra: Sequence[PlanRequest] = ()
) -> list[PlanRequest]:
    clusters = clusters_of(index)
    biggest = sorted(index.creator_ids, key=lambda c: (-len(index.raw[index.position[c]]), c))
    requests = []
    for audience in audiences:
        base = PlanRequest(audience=audience)
        requests += [
            replace(base, goal="reach", k=3),
            replace(base, goal="reach", k=10),
            replace(base, goal="frequency", k=4, frequency=2),
            replace(base, goal="bridge", k=4, min_cluster_reach=2),
            replace(base, goal="reach", k=4, require=(biggest[-1],), exclude=(biggest[0],)),
            replace(base, goal="reach", k=3, pool_size=5),
        ]
        for cluster in clusters[:2]:
            requests += [
                replace(base, goal="reach", k=5, cluster=cluster),
                replace(base, goal="frequency", k=5, frequency=3, cluster=cluster),
                replace(base, goal="frequency", k=3, frequency=1, cluster=cluster),
            ]
    return requests + list(extra)


def check_plans(graph: Graph, index: AudienceIndex, requests: Sequence[PlanRequest]) -> None:
    for request in requests:
        check(lambda i, r=request: plan(graph, r, index=i), index, f"plan {request}")


def check_segments(graph: Graph, index: AudienceIndex, audiences: Sequence[str]) -> None:
    seeds = creator_sets(index, 5, (1, 3))
    for audience in audiences:
        for cluster in clusters_of(index)[:3]:
            for min_shared in (1, 3):
                check(
                    lambda i, c=cluster, m=min_shared, a=audience: hidden_segments(
                        graph, cluster=c, min_shared=m, audience=a, index=i
                    ),
                    index,
                    f"segments cluster {cluster} {audience}",
                )
            check(
                lambda i, c=cluster, a=audience: hidden_segments(
                    graph, cluster=c, roster_ids=seeds[0], limit=5, audience=a, index=i
                ),
                index,
                f"white space cluster {cluster} {audience}",
            )
        for ids in seeds:
            check(
                lambda i, ids=ids, a=audience: hidden_segments(
                    graph, creator_ids=ids, limit=20, audience=a, index=i
                ),
                index,
                f"segments seeds {ids} {audience}",
            )


def check_rankings(graph: Graph, index: AudienceIndex) -> None:
    check(lambda i: rank_creators(graph, "awareness", limit=30, index=i), index, "rank awareness")
    for cluster in clusters_of(index)[:2]:
        check(
            lambda i, c=cluster: rank_creators(graph, "conversion", cluster=c, limit=30, index=i),
            index,
            f"rank conversion {cluster}",
        )
    seeds = creator_sets(index, 7, (2,))[0]
    check(lambda i: rank_creators(graph, "conversion", creator_ids=seeds, index=i), index, "rank seeds")


def check_overlaps(graph: Graph, index: AudienceIndex, creators: Sequence[str]) -> None:
    for creator in [*creators, "nobody"]:
        for limit, offset in ((20, 0), (5, 3)):
            check(
                lambda i, c=creator, n=limit, o=offset: cleaned_overlaps(graph, c, n, o, i),
                index,
                f"overlap {creator}",
            )


def check_authenticity(graph: Graph, index: AudienceIndex, params: AuthenticityParams) -> None:
    same(signals.member_degrees(index), graph.read_batch("authenticity.list_member_degrees"), "degrees")
    same(signals.arrival_history(index), graph.read_batch("authenticity.list_arrival_history"), "arrivals")
    sticks = yardsticks(graph, params, None)
    mass, sizes = sticks.mass.follows, sticks.burst_sizes
    same(
        signals.audience_signals(index, mass, sizes),
        graph.read_batch("authenticity.list_audience_signals", mass_follows=mass, burst_sizes=sizes),
        "signals",
    )
    same(
        signals.farm_pairs(index, sizes, mass, params.farm_min_shared),
        graph.read_batch(
            "authenticity.list_farm_pairs",
            burst_sizes=sizes,
            mass_follows=mass,
            farm_min_shared=params.farm_min_shared,
        ),
        "farm pairs",
    )
    check(lambda i: assess_authenticity(graph, params, index=i), index, "assessment")


def check_all(
    graph: Graph,
    index: AudienceIndex,
    params: AuthenticityParams,
    *,
    sizes: Sequence[int] = (1, 2, 5, 12),
    extra_plans: Sequence[PlanRequest] = (),
) -> None:
    """Every answer the index gives, against the reference, on raw and (if assessed) cleaned audiences."""
    audiences = ("raw", "cleaned")
    sets = creator_sets(index, 11, sizes)
    check_simulations(graph, index, sets, audiences)
    check_plans(graph, index, plan_requests(index, audiences, extra_plans))
    check_segments(graph, index, audiences)
    check_rankings(graph, index)
    check_authenticity(graph, index, params)
    check_overlaps(graph, index, [s[0] for s in sets[:3]] + sets[-1][:2])
