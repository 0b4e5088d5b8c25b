"""Bridging creators: the declared bridge components, their combination into bridge_score, and
the explanation of one creator's score.

`BRIDGE_COMPONENTS` is the one list of components: the run writes each with its query (in this
order), publishing copies them onto creators, clearing removes them, the streams read them and
`explain_bridge` explains them, all driven from this list (`RESULT_PROPERTIES` is what a run
publishes per creator). A new component is one entry here plus the query that writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.domain.analysis.placement import PLACEMENT_PROPERTIES
from service.domain.analysis.reads import current_run
from service.graph.db import Graph, Row
from service.graph.errors import ServiceError


@dataclass(frozen=True)
class BridgeComponent:
    """One part of bridge_score: its property, default weight, direction and meaning."""

    name: str
    weight: float
    meaning: str
    # Lower constraint = a better bridge (Burt: fewer redundant contacts).
    lower_is_better: bool = False


# Each component enters bridge_score as the share of creators this one beats on it (a percentile
# in 0..1, ties beat nobody), then weighted: percentiles keep one heavy-tailed component
# (betweenness) from drowning the others and make the score explainable.
BRIDGE_COMPONENTS: tuple[BridgeComponent, ...] = (
    BridgeComponent(
        "bridge_clusters_audience", 0.20, "other clusters among the creators it shares audience with"
    ),
    BridgeComponent(
        "bridge_clusters_mentions", 0.10, "other clusters among the creators it mentions or is mentioned by"
    ),
    BridgeComponent(
        "participation", 0.25, "how evenly its shared-audience links spread over clusters (0..1)"
    ),
    BridgeComponent("betweenness", 0.25, "shortest paths between other creators that pass through it"),
    BridgeComponent("constraint", 0.20, "Burt's constraint: how much its contacts know each other", True),
)
BRIDGE_WEIGHTS: dict[str, float] = {c.name: c.weight for c in BRIDGE_COMPONENTS}
COMPONENT_NAMES: tuple[str, ...] = tuple(c.name for c in BRIDGE_COMPONENTS)
LOWER_IS_BETTER = frozenset(c.name for c in BRIDGE_COMPONENTS if c.lower_is_better)

# The queries that write the components onto the run's SCORED, in order, and what each writes
# (computed in memory: link_graph.py, run_links.mention_reach; betweenness is written by the
# run's own step, exact or sampled).
# tests/test_analysis_components.py checks that every component is written.
COMPONENT_WRITERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "analysis.write_link_graph_scores",
        ("bridge_clusters_audience", "bridge_clusters_mentions", "participation", "constraint"),
    ),
)
BETWEENNESS = "betweenness"

# Everything a run publishes onto each creator (and clears from creators it did not score).
RESULT_PROPERTIES: tuple[str, ...] = (
    "cluster",
    "hub_score",
    "is_hub",
    "hub_pagerank",
    "hub_degree",
    "bridge_score",
    "bridge_rank",
    *COMPONENT_NAMES,
    "audience_size",
    *PLACEMENT_PROPERTIES,
)


def bridge_scores(components: Sequence[Mapping[str, Any]], weights: Mapping[str, float]) -> list[Row]:
    """Combine the bridge components of every creator into bridge_score and bridge_rank.

    For each component, a creator's percentile is the share of the OTHER creators it strictly
    beats (more clusters reached, higher participation and betweenness, lower constraint; a
    missing constraint -- no links -- beats nobody and is beaten by all). bridge_score is the
    weighted mean of the percentiles, in 0..1; bridge_rank orders by score, then id (1 = the
    strongest: ranks are stored as people read them). Each row also carries `percentiles` and
    `contributions` for the explanation."""
    total_weight = sum(weights.values())
    n = len(components)
    percentiles: dict[str, list[float]] = {}
    for name in weights:
        values = [_comparable(name, row.get(name)) for row in components]
        percentiles[name] = _beaten_shares(values) if n > 1 else [0.0] * n
    rows: list[Row] = []
    for index, row in enumerate(components):
        parts = {name: percentiles[name][index] for name in weights}
        contributions = {name: weights[name] * parts[name] / total_weight for name in weights}
        rows.append(
            {
                **row,
                "percentiles": parts,
                "contributions": contributions,
                "bridge_score": sum(contributions.values()),
            }
        )
    rows.sort(key=lambda row: (-row["bridge_score"], str(row["id"])))
    for rank, row in enumerate(rows, 1):
        row["bridge_rank"] = rank
    return rows


def _comparable(name: str, value: Any) -> float:
    """Map a component to 'higher is a better bridge', missing values to the worst."""
    if value is None:
        return float("-inf")
    return -float(value) if name in LOWER_IS_BETTER else float(value)


def _beaten_shares(values: Sequence[float]) -> list[float]:
    """For each value, the share of the other values strictly below it (ties beat nobody)."""
    ordered = sorted(values)
    below: dict[float, int] = {}
    for position, value in enumerate(ordered):
        below.setdefault(value, position)
    others = len(values) - 1
    return [below[value] / others for value in values]


def stream_components(graph: Graph, run_id: str) -> list[Row]:
    """The run's components, one row per scored creator: `id`, `cluster` and each component."""
    rows = graph.read_batch(
        "analysis.stream_bridge_components", run_id=run_id, components=list(COMPONENT_NAMES)
    )
    return [{"id": r["id"], "cluster": r["cluster"], **r["components"]} for r in rows]


def explain_bridge(graph: Graph, creator_id: str) -> Row:
    """Why a creator ranks where it does as a bridge: each component, its percentile among all
    creators, its weight and its contribution to bridge_score (recomputed from the served
    components with the current run's weights, so it always adds up)."""
    run = current_run(graph)
    if run is None:
        raise ServiceError(404, "no_analysis", "no analysis has run yet: run `influence-map analyze` first")
    rows = graph.read_batch("analysis.stream_current_bridge_components", components=list(COMPONENT_NAMES))
    components = [{key: r[key] for key in ("id", "name", "cluster")} | r["components"] for r in rows]
    weights = run["params"].get("bridge_weights") or BRIDGE_WEIGHTS
    scored = bridge_scores(components, weights)
    for row in scored:
        if row["id"] == creator_id:
            return {**row, "creators": len(scored), "weights": weights, "run_id": run["id"]}
    raise ServiceError(
        404, "unknown_creator", f"creator {creator_id!r} has no analysis results", {"id": creator_id}
    )
