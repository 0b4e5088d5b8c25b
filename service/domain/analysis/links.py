"""The run's shared-audience step, by engine: audience sizes, then the links.

run.py calls one `LinkEngine` (params.engine) in two timed steps:
- `prepare(graph, params, run_id) -> Audience`: the run's (:AnalysisRun)-[:SCORED
  {audience_size}]->(:Creator) for every creator, and N (members reaching any creator);
- `stage(graph, params, run_id, audience, projection) -> AudienceLinks`: compute shared-audience
  rows -> select links (the LinkRule of the params: min_shared, min_jaccard, link_filter, top_k by
  pair_score) -> the run's links, in memory (run_links.py). The sparse engine counts in this
  process; gds and spark count in the database or on Spark, stage the links there as the run's
  ANALYSIS_LINKs and the run takes them back (`run_links.take_staged`).
Everything after (clusters, hubs, bridges, publish) works on those links, whatever the engine.

Engines: `sparse` (sparse_engine.py: one audience read, A @ A.T in memory), `gds` (GDS
nodeSimilarity on a projection, the pre-issue-15 path) and `spark` (spark/: Apache Spark counts
with the sparse engine's LinkRule and stages through the Neo4j Connector for Apache Spark;
docs/spark.md). What an engine adds to the run record goes in `Audience.details`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from service.domain.analysis.overlap import AudienceIndex
from service.domain.analysis.params import AnalysisParams
from service.domain.analysis.run_links import AudienceLinks, take_staged
from service.domain.analysis.sparse_engine import (
    LinkRule,
    index_sizes,
    read_audience_index,
    shared_audience_links,
    write_audience_sizes,
)
from service.graph.db import Graph
from service.graph.errors import ServiceError


@dataclass(frozen=True)
class Audience:
    """What prepare found: creators, N, and the audiences themselves when an engine holds them in
    memory (cluster summaries then count unique audiences from it instead of walking the graph)."""

    creators: int
    members: int
    index: AudienceIndex | None = None
    # Counts the engine's stage adds to the run record (spark: estimate, dropped_members, ...).
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkEngine:
    prepare: Callable[[Graph, AnalysisParams, str], Audience]
    stage: Callable[[Graph, AnalysisParams, str, Audience, str], AudienceLinks]


def link_rule(params: AnalysisParams) -> LinkRule:
    return LinkRule(
        params.min_shared,
        params.min_jaccard,
        params.top_k,
        params.link_filter,
        params.max_p_value,
        params.pair_score,
    )


def _sparse_prepare(graph: Graph, params: AnalysisParams, run_id: str) -> Audience:
    index = read_audience_index(graph, params.cleaned)
    write_audience_sizes(graph, run_id, index_sizes(index))
    return Audience(len(index.creators), index.members, index)


def _sparse_stage(
    _graph: Graph, params: AnalysisParams, _run_id: str, audience: Audience, _name: str
) -> AudienceLinks:
    assert audience.index is not None
    return shared_audience_links(audience.index, link_rule(params))


def _gds_prepare(graph: Graph, params: AnalysisParams, run_id: str) -> Audience:
    # A batch read: counting every member of a 21M-row market (3M members) took longer than the
    # API's 5 s read timeout, and the Spark engine's run failed there.
    rows = graph.read_batch("analysis.count_audience", cleaned=params.cleaned)
    size = rows[0] if rows else {}
    graph.write("analysis.score_audience_sizes", run_id=run_id, cleaned=params.cleaned)
    return Audience(int(size.get("creators", 0)), int(size.get("members", 0)))


def _gds_stage(
    graph: Graph, params: AnalysisParams, run_id: str, audience: Audience, name: str
) -> AudienceLinks:
    """GDS nodeSimilarity on the pruned audience graph, staged as ANALYSIS_LINKs, then taken back.
    N for lift is the members of the run's audience (count_audience)."""
    graph.write("analysis.project_audience", graph=name, cleaned=params.cleaned)
    if not graph.read_one("analysis.count_projection_nodes", graph=name):
        return AudienceLinks.empty()  # no member reaches two creators: no overlap anywhere
    graph.write("analysis.mutate_audience_degree", graph=name, concurrency=params.concurrency)
    graph.write(
        "analysis.write_shared_audience_links",
        graph=name,
        run_id=run_id,
        top_k=params.top_k,
        min_shared=params.min_shared,
        min_jaccard=params.min_jaccard,
        members=audience.members,
        concurrency=params.concurrency,
    )
    drop_quietly(graph, name)
    return take_staged(graph, run_id)


def _spark_stage(
    graph: Graph, params: AnalysisParams, run_id: str, audience: Audience, _name: str
) -> AudienceLinks:
    """Apache Spark counts and stages the links (audience sizes and N as the gds engine's prepare
    wrote them: the graph's; the links' ratios use Spark's own counts, which a cap changes)."""
    # Imported here so `python -m service.domain.analysis.spark.job` (spark-submit's entry) does
    # not find its own module imported by the package's __init__ before it runs.
    from service.domain.analysis.spark.job import spark_shared_audience

    record = spark_shared_audience(graph, params, run_id)
    audience.details.update(record)
    return take_staged(graph, run_id)


ENGINES: dict[str, LinkEngine] = {
    "sparse": LinkEngine(_sparse_prepare, _sparse_stage),
    "gds": LinkEngine(_gds_prepare, _gds_stage),
    "spark": LinkEngine(_gds_prepare, _spark_stage),
}


def drop_quietly(graph: Graph, name: str) -> None:
    """Drop a GDS projection if it exists; never fails (cleanup after success or failure)."""
    with suppress(ServiceError):
        graph.write("analysis.drop_projection", graph=name)
