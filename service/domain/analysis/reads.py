"""What the served analysis says: runs, clusters and bridging creators, as the API and CLI read them."""

from __future__ import annotations

import json
from typing import Any

from service.domain.analysis.names import cluster_names
from service.graph.db import Graph, Row
from service.graph.errors import ServiceError

# get_cluster_summaries' limit when a run stores every cluster's summary.
ALL_CLUSTERS = 1_000_000_000


def _decoded(row: Row) -> Row:
    """A run record with its params, counts and timings (stored as JSON text) as objects; timings
    are {} while a run is running and for runs recorded before runs were timed."""
    return {
        **row,
        "params": json.loads(row["params"] or "{}"),
        "counts": json.loads(row["counts"] or "{}"),
        "timings": json.loads(row["timings"] or "{}"),
    }


def current_run(graph: Graph) -> Row | None:
    """The current run's record (params and counts decoded), or None before the first run."""
    row = graph.read_one("analysis.get_current_run")
    return None if row is None else _decoded(row)


def current_run_summary(graph: Graph) -> dict[str, Any] | None:
    """The served run for /health: id, finished_at, modularity (None before the first run)."""
    run = current_run(graph)
    return None if run is None else {key: run[key] for key in ("id", "finished_at", "modularity")}


def get_run(graph: Graph, run_id: str) -> Row:
    """One run's record, whatever its status; a 404 for an unknown id."""
    row = graph.read_one("analysis.get_run", run_id=run_id)
    if row is None:
        raise ServiceError(404, "not_found", f"no analysis run with id {run_id!r}", {"id": run_id})
    return _decoded(row)


def list_runs(graph: Graph, offset: int, limit: int) -> list[Row]:
    """Succeeded runs, newest first, with the audience they measured and whether they keep results."""
    return graph.read("analysis.list_runs", offset=offset, limit=limit)


def cluster_summaries(graph: Graph, limit: int = 20, cluster: int | None = None) -> list[Row]:
    """The current clusters (or one), largest first (cypher/analysis/get_cluster_summaries.cypher):
    as stored by the current run, or computed now for a run that stored none; each with its
    `name` and `name_source` as served now (a rename shows at once)."""
    stored = (graph.read_one("analysis.get_stored_cluster_summaries") or {}).get("summaries")
    if stored is None:
        rows = graph.read(
            "analysis.get_cluster_summaries",
            limit=limit,
            cluster=cluster,
            cleaned=False,
            unique_audiences=None,
        )
    else:
        rows = [row for row in json.loads(stored) if cluster is None or row["cluster"] == cluster][:limit]
    names = cluster_names(graph)
    return [{"cluster": row["cluster"], **named(names, row["cluster"]), **row} for row in rows]


def named(names: dict[int, Row], cluster: int) -> Row:
    """`name` and `name_source` of a cluster ("Cluster N" and "id" for one never named)."""
    found = names.get(cluster)
    if found is None:
        return {"name": f"Cluster {cluster}", "name_source": "id"}
    return {"name": found["name"], "name_source": found["name_source"]}


def cluster_summary(graph: Graph, cluster: int) -> Row:
    """One current cluster's summary, with its strongest bridges out and in; a 404 if unknown."""
    summary = cluster_summaries(graph, limit=1, cluster=cluster)
    if not summary:
        raise ServiceError(404, "not_found", f"no cluster with id {cluster!r}", {"id": cluster})
    bridges: dict[str, list[Row]] = {"out": [], "in": []}
    for row in graph.read("clusters.list_cluster_bridges", cluster=cluster, limit=10):
        bridges[row.pop("direction")].append(row)
    return {**summary[0], "bridges_out": bridges["out"], "bridges_in": bridges["in"]}


def cluster_members(graph: Graph, cluster: int, offset: int, limit: int) -> list[Row]:
    """One page of a cluster's creators."""
    return graph.read("clusters.list_cluster_members", cluster=cluster, offset=offset, limit=limit)


def list_bridges(graph: Graph, between: list[int] | None, offset: int, limit: int) -> list[Row]:
    """Bridging creators, best first; with `between`, those linking the two clusters."""
    return graph.read("bridges.list_bridges", between=between, offset=offset, limit=limit)


def creator_graph(graph: Graph, cluster: int | None, max_nodes: int, top_edges: int) -> dict[str, Any]:
    """The creator map for exports: {"nodes": [...], "edges": [...]}, most followed creators first."""
    rows = graph.read_export(
        "export.get_creator_graph", cluster=cluster, max_nodes=max_nodes, top_edges=top_edges
    )
    return rows[0] if rows else {"nodes": [], "edges": []}
