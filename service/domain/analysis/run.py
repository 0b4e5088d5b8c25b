"""Shared audience, clusters, hubs and bridging creators: one analysis run, recorded and atomic.

The computing is Cypher and GDS (`cypher/analysis/*.cypher`); this module sequences the queries.
The logic that is not Cypher lives beside it: `links` (the shared-audience step of each engine;
the `sparse` engine counts in memory, `sparse_engine` and `overlap`), `partition` (the merge pass,
modularity and stable cluster ids) and `bridges` (the declared components and their combination
into `bridge_score`). Each step is timed (`steps.StepClock`): the run record's `timings`.

A run stages its per-creator results under its id, on `(:AnalysisRun)-[:SCORED]->(:Creator)`,
holds its links in memory (`run_links`: the gds and spark engines stage theirs as
`(:Creator)-[:ANALYSIS_LINK {run_id}]->(:Creator)` and the run takes them back), and publishes
in ONE write transaction at the end (Creator properties, SHARES_AUDIENCE, `current: true`). A run
that fails or is interrupted leaves the previous results served; the next run cleans its
leftovers up.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from service.domain.analysis.bridges import (
    COMPONENT_WRITERS,
    RESULT_PROPERTIES,
    bridge_scores,
    stream_components,
)
from service.domain.analysis.claim import claim_run, heartbeat, release
from service.domain.analysis.link_graph import LinkGraph, by_creator, component_rows
from service.domain.analysis.links import ENGINES, drop_quietly
from service.domain.analysis.names import facts_from_rows, name_clusters, name_rows
from service.domain.analysis.overlap import worker_threads
from service.domain.analysis.params import AnalysisParams
from service.domain.analysis.partition import match_cluster_ids, merge_communities, partition_modularity
from service.domain.analysis.placement import mark_placement
from service.domain.analysis.reads import ALL_CLUSTERS, current_run
from service.domain.analysis.run_links import AudienceLinks, RunLinks, diff_shares, mention_reach
from service.domain.analysis.sparse_engine import cluster_audiences
from service.domain.analysis.steps import StepClock, Watcher
from service.domain.audience import require_assessment
from service.domain.creators import has_creators
from service.graph.db import Graph, Row, run_read, run_read_columns, run_write
from service.graph.errors import ServiceError
from service.graph.version import bump

Say = Callable[[str], None]

# Succeeded runs that keep their per-creator results (SCORED), the current one included, so
# `influence-map changes --since RUN` can compare any of them with the current run.
KEPT_RUNS = 20


@dataclass(frozen=True)
class AnalysisSummary:
    """What a run did: its record, as stored on (:AnalysisRun)."""

    run_id: str
    status: str
    seed: int
    modularity: float
    counts: dict[str, Any]
    params: AnalysisParams
    # Wall seconds per step (steps.STEPS), as stored on the run record.
    timings: dict[str, float] = field(default_factory=dict)


def run_analysis(
    graph: Graph,
    params: AnalysisParams | None = None,
    say: Say | None = None,
    run_id: str | None = None,
    watcher: Watcher | None = None,
) -> AnalysisSummary:
    """Run the whole analysis and make it current; on any failure the previous run stays served.

    `run_id` names the run; a new one by default. A 409 while another run is running
    (`claim.claim_run`: one run at a time, decided by the database). `watcher` hears each step
    start and end (a progress display), with the previous run's time.
    """
    params = params or AnalysisParams()
    check_can_run(graph, params)
    run_id = start_run(graph, params, run_id)
    return run_claimed(graph, params, run_id, say, watcher)


def start_run(graph: Graph, params: AnalysisParams, run_id: str | None = None) -> str:
    """Record a new run as the running one (or a 409) and return its id; `run_claimed` runs it."""
    run_id = run_id or uuid.uuid4().hex
    claim_run(graph, params, run_id)
    return run_id


def run_claimed(
    graph: Graph,
    params: AnalysisParams,
    run_id: str,
    say: Say | None = None,
    watcher: Watcher | None = None,
) -> AnalysisSummary:
    """Run the steps of a claimed run, its heartbeat beating; on any failure record it as failed."""
    say = say or (lambda _message: None)
    names = projection_names(run_id)
    clock = StepClock(watcher, previous_timings(graph))
    try:
        with heartbeat(graph, run_id):
            summary = _run_steps(graph, params, run_id, names, say, clock)
    except BaseException as error:  # also KeyboardInterrupt: never leave a half-run behind
        _fail(graph, run_id, error)
        raise
    finally:
        release(run_id)
        for name in names.values():
            drop_quietly(graph, name)
    return summary


def previous_timings(graph: Graph) -> dict[str, float]:
    """The current run's step timings (to estimate this run's), empty before any timed run or
    when they cannot be read (an estimate never fails a run)."""
    try:
        run = current_run(graph)
    except ServiceError:
        return {}
    timings = (run or {}).get("timings") or {}
    return {str(name): float(seconds) for name, seconds in timings.items()}


def check_can_run(graph: Graph, params: AnalysisParams) -> None:
    """A 400 for bad parameters, a 409 when there is nothing to analyse or cleaned audiences have
    no assessment yet: checked before a run is recorded (and before the API starts one)."""
    params.validate()
    if not has_creators(graph):
        raise ServiceError(409, "nothing_to_analyse", "the graph holds no creators; load data first")
    if params.cleaned:
        require_assessment(graph)


def projection_names(run_id: str) -> dict[str, str]:
    """In-memory graph names of one run (unique, so two runs never share a projection)."""
    return {part: f"analysis-{run_id}-{part}" for part in ("audience", "links", "mentions")}


def _run_steps(
    graph: Graph, params: AnalysisParams, run_id: str, names: Mapping[str, str], say: Say, clock: StepClock
) -> AnalysisSummary:
    counts: dict[str, Any] = {"audience": params.audience, "engine": params.engine}
    engine = ENGINES[params.engine]
    with clock.step("prepare"):
        graph.write("analysis.delete_stale_links", run_id=run_id)
        audience = engine.prepare(graph, params, run_id)
    counts["creators"], counts["members"] = audience.creators, audience.members
    with clock.step("projection"):
        audience_links = engine.stage(graph, params, run_id, audience, names["audience"])
    counts["shared_audience_pairs"] = len(audience_links)
    counts.update(audience.details)  # what an engine adds to the run record (spark: docs/spark.md)
    say(f"shared audience: {counts['shared_audience_pairs']} pairs")
    with clock.step("clustering"):
        mentions = graph.transaction(lambda tx: run_read_columns(tx, "analysis.stream_mention_pairs", {}))
        run_links = RunLinks.combine(audience_links, mentions, params.pair_score, params.mention_weight)
        counts["links"] = len(run_links)
        clusters, modularity, next_id, link_graph = _clusters(
            graph, params, run_id, names["links"], run_links, counts
        )
    counts["clusters"] = len(set(clusters.values()))
    say(f"clusters: {counts['clusters']} (modularity {modularity:.4f})")
    with clock.step("hubs"):
        placements = by_creator(link_graph, link_graph.placement())
        counts["unplaced"] = mark_placement(graph, run_id, placements, params.min_placement)
        counts["hubs"] = _hubs(graph, params, run_id, names["mentions"], run_links.hub_degrees(clusters))
    counts["betweenness_mode"] = _bridges(
        graph,
        params,
        run_id,
        names["links"],
        link_graph,
        mention_reach(mentions, clusters),
        counts["creators"],
        clock,
    )
    say(f"hubs: {counts['hubs']}; betweenness: {counts['betweenness_mode']}")
    with clock.step("summaries"):
        # An engine holding every audience in memory counts each cluster's unique audience here.
        unique = cluster_audiences(audience.index, clusters) if audience.index is not None else None
    published = Published(modularity, counts, next_id, params.cleaned, unique, audience_links)
    with clock.step("publish"):
        graph.transaction(lambda tx: _publish(tx, run_id, published, clock))
        graph.write("analysis.prune_old_scores", run_id=run_id, keep_runs=KEPT_RUNS)
    # After publish so that publish is timed; the run is current by now, so a failure to record
    # its timings must not turn it into a failed run (fail_run would unpublish it).
    with suppress(ServiceError):
        graph.write("analysis.set_run_timings", run_id=run_id, timings=json.dumps(clock.timings))
    say(f"run {run_id} is current")
    return AnalysisSummary(run_id, "succeeded", params.seed, modularity, counts, params, dict(clock.timings))


def _clusters(
    graph: Graph, params: AnalysisParams, run_id: str, name: str, run_links: RunLinks, counts: dict[str, Any]
) -> tuple[dict[str, int], float, int, LinkGraph]:
    """Cluster the weighted link graph; store stable ids. Returns ids, modularity, next free id
    and the links clustered, with the clusters (for the results computed in memory)."""
    graph.write("analysis.project_link_rows", graph=name, links=run_links.projection_rows())
    links = run_links.triples()
    gamma = params.resolution if params.algorithm == "leiden" else 1.0
    best: tuple[float, dict[str, int]] | None = None
    for start in _community_starts(graph, params, name):
        merged = merge_communities(start, links, gamma) if params.merge_pass else start
        quality = partition_modularity(merged, links, gamma)
        if best is None or quality > best[0] + 1e-12:
            best = (quality, merged)
    assert best is not None
    chosen = best[1]
    counts["resolution_quality"] = best[0]
    modularity = partition_modularity(chosen, links)
    previous = {row["id"]: int(row["cluster"]) for row in _rows(graph, "analysis.stream_current_clusters")}
    next_free = int((graph.read_one("analysis.get_next_cluster_id") or {}).get("next_cluster_id", 0))
    stable, next_free = match_cluster_ids(chosen, previous, next_free)
    rows = [{"id": creator, "cluster": cluster} for creator, cluster in sorted(stable.items())]
    graph.write("analysis.write_clusters", run_id=run_id, rows=rows)
    return stable, modularity, next_free, LinkGraph.of(links, run_links.audience, stable)


def _community_starts(graph: Graph, params: AnalysisParams, name: str) -> Iterable[dict[str, int]]:
    """Candidate partitions from GDS. Leiden runs from several starts -- the resolution itself and
    the coarser ones in `leiden_starts` -- because GDS Leiden can stop in a local optimum (on
    congress-twitter at 0.5 it keeps three parts where leidenalg finds the better two); the caller
    keeps the candidate with the best quality AT THE REQUESTED RESOLUTION, so a coarse start only
    wins when it is better by the same measure. Louvain runs once. Without any link every
    creator is its own cluster (GDS Leiden fails on a graph without relationships)."""
    linked = graph.read_one("analysis.count_projection_relationships", graph=name) or {}
    if not linked.get("relationships"):
        yield {row["id"]: n for n, row in enumerate(_rows(graph, "analysis.list_creator_ids"))}
        return
    if params.algorithm == "louvain":
        rows = _rows(
            graph,
            "analysis.stream_louvain",
            graph=name,
            max_levels=params.max_levels,
            concurrency=params.concurrency,
        )
        yield {row["id"]: int(row["community"]) for row in rows}
        return

    def leiden(factor: float) -> list[Row]:
        return _rows(
            graph,
            "analysis.stream_leiden",
            graph=name,
            resolution=params.resolution * factor,
            seed=params.seed,
            max_levels=params.max_levels,
            concurrency=params.concurrency,
        )

    # The starts run at once, one session each: each is seeded and single-threaded unless asked
    # otherwise, so running them side by side changes no result, and the cores the server has
    # are used (three starts at 2.1M rows: 0.6 s one after another).
    workers = max(1, min(len(params.leiden_starts), worker_threads()))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="leiden") as pool:
        starts = list(pool.map(leiden, params.leiden_starts))
    for rows in starts:
        yield {row["id"]: int(row["community"]) for row in rows}


def _rows(db: Graph, name: str, /, **params: Any) -> list[Row]:
    """A read of the analysis in a transaction without the API's read timeout (analysis queries
    over a whole market can take longer than an HTTP read should)."""
    return db.transaction(lambda tx: run_read(tx, name, params))


def _hubs(graph: Graph, params: AnalysisParams, run_id: str, name: str, degrees: Mapping[str, float]) -> int:
    """PageRank on mentions inside each cluster + weighted shared-audience degree (`degrees`:
    RunLinks.hub_degrees); returns hubs."""
    graph.write("analysis.project_cluster_mentions", graph=name, run_id=run_id)
    graph.write("analysis.write_hub_pagerank", graph=name, run_id=run_id, concurrency=params.concurrency)
    drop_quietly(graph, name)
    row = graph.write(
        "analysis.write_hub_scores",
        run_id=run_id,
        pagerank_weight=params.hub_pagerank_weight,
        hubs_per_cluster=params.hubs_per_cluster,
        degrees=dict(degrees),
    )
    del row  # counters only; the hub count is read back below
    return int((graph.read_one("analysis.count_run_hubs", run_id=run_id) or {}).get("hubs", 0))


def _bridges(
    graph: Graph,
    params: AnalysisParams,
    run_id: str,
    projection: str,
    links: LinkGraph,
    reach: Mapping[str, int],
    creators: int,
    clock: StepClock,
) -> str:
    """Every bridge component (BRIDGE_COMPONENTS), then bridge_score; `reach`: the clusters each
    creator reaches by mentions (run_links.mention_reach). Returns the betweenness mode."""
    ((link_scores, _),) = COMPONENT_WRITERS
    with clock.step("participation"):
        participation = links.participation()
    with clock.step("constraint"):
        scores = component_rows(links, participation, links.constraint(), reach)
        graph.write(link_scores, run_id=run_id, scores=scores)
    with clock.step("betweenness"):
        mode = _betweenness(graph, params, run_id, projection, creators)
    with clock.step("bridge_scores"):
        scored = bridge_scores(stream_components(graph, run_id), params.bridge_weights)
        rows = [
            {"id": row["id"], "bridge_score": row["bridge_score"], "bridge_rank": row["bridge_rank"]}
            for row in scored
        ]
        graph.write("analysis.write_bridge_scores", run_id=run_id, rows=rows)
    return mode


def betweenness_threads(params: AnalysisParams) -> int:
    """Betweenness runs on every core (up to Community's 4) whatever `params.concurrency`: its
    result does not depend on the threads beyond float rounding, which the write rounds away
    (write_betweenness_*.cypher). 2 threads: 2.0 s instead of 3.5 s at 2.1M rows."""
    return max(params.concurrency, worker_threads())


def _betweenness(graph: Graph, params: AnalysisParams, run_id: str, links_graph: str, creators: int) -> str:
    if creators <= params.betweenness_exact_max:
        mode = "exact"
        graph.write(
            "analysis.write_betweenness_exact",
            graph=links_graph,
            run_id=run_id,
            concurrency=betweenness_threads(params),
        )
    else:
        mode = f"sampled({params.betweenness_sampling_size})"
        graph.write(
            "analysis.write_betweenness_sampled",
            graph=links_graph,
            run_id=run_id,
            sampling_size=params.betweenness_sampling_size,
            seed=params.seed,
            concurrency=betweenness_threads(params),
        )
    return mode


@dataclass(frozen=True)
class Published:
    """What publish writes on the run record, besides the per-creator results already staged."""

    modularity: float
    counts: Mapping[str, Any]
    next_id: int
    cleaned: bool
    # Each cluster's unique audience (keyed by str(cluster)) when already counted, else None.
    unique_audiences: Mapping[str, int] | None
    # The run's shared-audience links: SHARES_AUDIENCE once published.
    links: AudienceLinks


def _publish(tx: ManagedTransaction, run_id: str, published: Published, clock: StepClock) -> None:
    """Make the run's results the served ones: all of it in this one transaction, or none."""
    properties = list(RESULT_PROPERTIES)
    run_write(tx, "analysis.publish_creator_results", {"run_id": run_id, "properties": properties})
    run_write(tx, "analysis.clear_unscored_creators", {"run_id": run_id, "properties": properties})
    served = run_read_columns(tx, "analysis.stream_shares_audience", {}).get("links") or []
    change = diff_shares(published.links, served)
    run_write(tx, "analysis.delete_shares_audience", {"ids": change.gone})
    run_write(tx, "analysis.update_shares_audience", change.changed)
    run_write(tx, "analysis.publish_shares_audience", change.new)
    # Names from the clusters just published (topics by lift, else hubs); a person's name stays.
    names = name_clusters(facts_from_rows(run_read(tx, "analysis.list_cluster_naming_facts", {})))
    run_write(tx, "analysis.write_cluster_names", {"rows": name_rows(names), "run_id": run_id})
    # Summarised once here, on what this transaction just published, so that serving a cluster
    # reads one property instead of walking every member's audience on each request.
    with clock.step("summaries"):
        summaries = run_read(
            tx,
            "analysis.get_cluster_summaries",
            {
                "cluster": None,
                "limit": ALL_CLUSTERS,
                "cleaned": published.cleaned,
                "unique_audiences": published.unique_audiences,
            },
        )
    run_write(
        tx,
        "analysis.finish_run",
        {
            "run_id": run_id,
            "modularity": published.modularity,
            "counts": json.dumps(dict(published.counts), sort_keys=True),
            "next_cluster_id": published.next_id,
            "cluster_summaries": json.dumps(summaries),
        },
    )
    # Derived views (the audience index's clusters, cached answers) follow the served run.
    bump(tx, "analyses")


# When Neo4j itself failed, the failure is recorded once it is back: retried this often, this long.
RECORD_RETRY_SECONDS = 5.0
RECORD_RETRY_FOR_SECONDS = 1800.0


def _fail(graph: Graph, run_id: str, error: BaseException) -> None:
    """Record the failure and remove the run's staged links; never hides the original error.
    When the database is what failed, a thread keeps trying until it is back, so the run does not
    stay 'running' (the next run's claim would also see it is dead: claim.is_dead)."""
    message = str(error) or type(error).__name__
    if not _record_failure(graph, run_id, message):
        threading.Thread(
            target=_record_failure_later, args=(graph, run_id, message), name=f"fail-{run_id}", daemon=True
        ).start()


def _record_failure(graph: Graph, run_id: str, message: str) -> bool:
    try:
        graph.write("analysis.delete_run_links", run_id=run_id)
        graph.write("analysis.fail_run", run_id=run_id, error=message)
    except ServiceError:
        return False
    return True


def _record_failure_later(graph: Graph, run_id: str, message: str) -> None:
    deadline = time.monotonic() + RECORD_RETRY_FOR_SECONDS
    while time.monotonic() < deadline:
        time.sleep(RECORD_RETRY_SECONDS)
        with suppress(Exception):  # the driver may be closed with the app: give up quietly then
            if _record_failure(graph, run_id, message):
                return
