"""Single-client answers on a market already loaded: the audience index vs plain Python sets.

Run through `bench/plan.py --existing` (see docs/benchmarks.md). Reads the configured database
(NEO4J_URI, else the local server of INFLUENCE_MAP_HOME) as it is: load and analyse the market
first (`influence-map load dataset /work/data/market-2m`, `influence-map analyze`). With `--assess`
it runs the full authenticity assessment (flags and member marks are WRITTEN), which the cleaned
answers need.

Measured in one run, one client, p50 / p99 per answer:
- the domain call with an `IndexStore` (as the API and CLI call it: the freshness read included);
- the Cypher reference (`--cypher-repeat` times, a 300 s timeout instead of the API's 5 s; 0 skips);
- plain Python sets over every creator's member ids pulled from Neo4j once (the notebook anchor;
  computation only, the pull reported apart), for the same computation.
Besides: the index build (full stream), its size (bytes per membership), the freshness read vs a
trivial read, and the assessment's wall time on the index.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from service.domain.audience import cleaned_overlaps
from service.domain.audience_index.store import IndexStore, estimate_bytes
from service.domain.authenticity import AuthenticityParams, assess_authenticity, flag_creators
from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.campaigns.planner import Candidate, Objective, greedy_plan
from service.domain.campaigns.segments import hidden_segments
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.settings import Settings

CYPHER_TIMEOUT = 300.0
MB = 1024 * 1024


def timed(call: Callable[[], Any], repeat: int) -> tuple[dict[str, float], Any]:
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            value = call()
        except Exception as error:  # a Cypher timeout is a result here, not a crash
            value = error
        times.append(time.perf_counter() - started)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return {
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p99_ms": round(p99 * 1000, 1),
        "n": repeat,
    }, value


def as_dict(value: Any) -> Any:
    if isinstance(value, list):
        return [as_dict(v) for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


class PythonSets:
    """The notebook anchor: every creator's member ids pulled from Neo4j into Python sets."""

    def __init__(self, graph: Graph) -> None:
        started = time.perf_counter()
        rows = graph.read_batch("bench.get_creator_members")
        self.audience: dict[str, set[str]] = {r["id"]: set(r["members"]) for r in rows}
        self.followers = {r["id"]: r["followers"] or 0 for r in rows}
        creators = graph.read_batch("audience_index.stream_creators")
        self.cluster = {r["id"]: r["cluster"] for r in creators}
        self.pull_seconds = time.perf_counter() - started

    def cluster_audience(self, cluster: Any, left_out: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
        return set().union(
            *(
                self.audience.get(c, set())
                for c, k in self.cluster.items()
                if k == cluster and c not in left_out
            )
        )

    def simulate(self, ids: list[str], frequency: int = 3) -> dict[str, Any]:
        exposures: Counter[str] = Counter()
        for creator in ids:
            exposures.update(self.audience.get(creator, ()))
        reached = set(exposures)
        clusters = {}
        for cluster in {c for c in self.cluster.values() if c is not None}:
            audience = self.cluster_audience(cluster)
            if hit := len(reached & audience):
                clusters[cluster] = (hit, len(audience))
        exclusive = {c: sum(1 for m in self.audience.get(c, ()) if exposures[m] == 1) for c in ids}
        return {
            "unique_reach": len(exposures),
            "impressions": sum(exposures.values()),
            "frequency": Counter(min(n, 7) for n in exposures.values()),
            "effective_reach": sum(1 for n in exposures.values() if n >= frequency),
            "clusters": clusters,
            "exclusive": exclusive,
        }

    def plan(
        self, pool: list[str], goal: str, k: int, target_ids: list[str] | None, frequency: int = 3
    ) -> int:
        numbers: dict[str, int] = {}

        def of(members: set[str]) -> frozenset[int]:
            return frozenset(numbers.setdefault(m, len(numbers)) for m in members)

        target = (
            None
            if target_ids is None
            else of(set().union(*(self.audience.get(t, set()) for t in target_ids)))
        )
        objective = Objective(goal, target, frequency)
        greedy_plan([Candidate(c, of(self.audience.get(c, set()))) for c in pool], objective, k)
        return objective.value()

    def segments(self, target_ids: list[str]) -> tuple[int, int]:
        target = set().union(*(self.audience.get(t, set()) for t in target_ids))
        left_out = set(target_ids)
        creators = sum(1 for c, a in self.audience.items() if c not in left_out and len(a & target) >= 3)
        clusters = sum(
            len(self.cluster_audience(k, left_out) & target) >= 3
            for k in {c for c in self.cluster.values() if c is not None}
        )
        return creators, clusters

    def overlap(self, creator: str, suspicious: set[str]) -> int:
        mine = self.audience[creator]
        clean = mine - suspicious
        rows = [(len(clean & a), len(mine & a), c) for c, a in self.audience.items() if c != creator]
        return len([r for r in rows if r[1]])


def measure(
    settings: Settings, repeat: int, cypher_repeat: int, cluster: int, assess: bool
) -> dict[str, Any]:
    figures: dict[str, Any] = {"bench": "plan", "market": "existing"}
    with Graph.connect(settings.with_overrides(query_timeout=CYPHER_TIMEOUT)) as graph:
        store = IndexStore(1 << 40, background=False, folder=settings.index_folder)
        started = time.perf_counter()
        index = store.fresh(graph)
        assert index is not None, "no index: is a journaled load unfinished?"
        memberships = index.memberships()
        figures["index"] = {
            "creators": len(index.creators),
            "members": index.members,
            "memberships": memberships,
            "audience_edges": index.stamp.memberships,
            "how": index.how,
            "build_s": round(time.perf_counter() - started, 1),
            "estimate_mb": round(estimate_bytes(index.stamp) / MB, 1),
            "raw_bitmaps_bytes_per_membership": round(index.bitmap_bytes() / memberships, 3),
            "cleaned_extra_bytes_per_membership": round(index.bitmap_bytes(cleaned=True) / memberships, 3),
            "side_bytes_per_membership": {
                k: round(v / memberships, 3) for k, v in index.side_bytes().items()
            },
            "assessed": index.assessed,
            "suspicious": len(index.suspicious),
        }
        print("index", figures["index"], file=sys.stderr)
        figures["freshness_read"], _ = timed(lambda: store.fresh(graph), repeat * 3)
        figures["trivial_read"], _ = timed(lambda: graph.read("health.get_neo4j_version"), repeat * 3)
        params = AuthenticityParams()
        if assess:
            started = time.perf_counter()
            flagged = flag_creators(graph, params, index=store)
            figures["assessment_s"] = round(time.perf_counter() - started, 1)
            figures["flagged"] = sum(1 for a in flagged if a.reasons)
            started = time.perf_counter()
            index = store.fresh(graph)
            assert index is not None
            figures["refresh_after_assessment_s"] = round(time.perf_counter() - started, 1)
            figures["suspicious"] = len(index.suspicious)
            print("assessment", figures["assessment_s"], "s", file=sys.stderr)
        ten = random.Random(14).sample(sorted(index.creator_ids), 10)
        sets = PythonSets(graph)
        figures["python_sets_pull_s"] = round(sets.pull_seconds, 1)
        pool = sorted(sets.audience, key=lambda c: (-sets.followers[c], c))[:1000]
        target_ids = sorted(c for c, k in sets.cluster.items() if k == cluster)
        someone = max(index.creator_ids, key=lambda c: len(index.raw[index.position[c]]))
        reach10, freq5 = PlanRequest(goal="reach", k=10), PlanRequest(goal="frequency", k=5, cluster=cluster)
        Op = tuple[Callable[[Any], Any], Callable[[], Any] | None]
        ops: dict[str, Op] = {
            "simulate_10": (lambda ix: simulate(graph, ten, index=ix), lambda: sets.simulate(ten)),
            "plan_reach_k10": (
                lambda ix: plan(graph, reach10, index=ix),
                lambda: sets.plan(pool, "reach", 10, None),
            ),
            "plan_frequency_k5_cluster": (
                lambda ix: plan(graph, freq5, index=ix),
                lambda: sets.plan(pool, "frequency", 5, target_ids),
            ),
            "segments_cluster": (
                lambda ix: hidden_segments(graph, cluster=cluster, index=ix),
                lambda: sets.segments(target_ids),
            ),
            "assessment_reads": (lambda ix: assess_authenticity(graph, params, index=ix), None),
        }
        if index.assessed:
            suspicious_ids = {
                r["id"]
                for r in graph.driver.execute_query(
                    "MATCH (m:AudienceMember) WHERE m.suspicious RETURN m.id AS id", database_=graph.database
                ).records
            }
            ops["overlap_cleaned"] = (
                lambda ix: cleaned_overlaps(graph, someone, 20, 0, ix),
                lambda: sets.overlap(someone, suspicious_ids),
            )
            ops["simulate_10_cleaned"] = (lambda ix: simulate(graph, ten, audience="cleaned", index=ix), None)
            ops["plan_reach_k10_cleaned"] = (
                lambda ix: plan(graph, PlanRequest(goal="reach", k=10, audience="cleaned"), index=ix),
                None,
            )
        results: dict[str, Any] = {}
        for name, (call, anchor) in ops.items():
            row: dict[str, Any] = {}
            row["index"], mine = timed(lambda call=call: call(store), repeat)
            if cypher_repeat:
                row["cypher"], theirs = timed(lambda call=call: call(None), cypher_repeat)
                if isinstance(theirs, Exception):
                    row["cypher_error"] = str(theirs)
                else:
                    row["equal"] = as_dict(mine) == as_dict(theirs)
            if anchor is not None:
                row["python_sets"], _ = timed(anchor, 2)
                row["index_vs_python_sets"] = round(row["index"]["p50_ms"] / row["python_sets"]["p50_ms"], 3)
            results[name] = row
            print(name, row, file=sys.stderr)
        figures["answers"] = results
    return figures
