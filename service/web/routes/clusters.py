"""Clusters of the served analysis run: the list, and one with its members, hubs and bridges."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.analysis import reads
from service.domain.analysis.names import MAX_NAME_LENGTH, rename_cluster
from service.domain.requests import nullable
from service.web.context import graph
from service.web.endpoints import OFFSET, Param, endpoint, limit_param
from service.web.paging import page

bp = Blueprint("clusters", __name__)
CLUSTER_ID = Param("id", int, "the cluster id", required=True, minimum=0, location="path")


@endpoint(
    bp,
    "GET",
    "/clusters",
    "The current clusters, largest first, with hubs and neighbours",
    [limit_param(20)],
    links={
        "GetCluster": ("get_clusters_id", {"id": "$response.body#/items/0/cluster"}),
        "Segments": ("get_segments", {"cluster": "$response.body#/items/0/cluster"}),
        "Export": ("get_export_graph", {"cluster": "$response.body#/items/0/cluster"}),
        "CreatorsInCluster": ("get_creators", {"cluster": "$response.body#/items/0/cluster"}),
    },
    run_scoped=True,
)
def list_clusters(args: dict[str, Any]) -> ResponseReturnValue:
    rows = reads.cluster_summaries(graph(), limit=args["limit"] + 1)
    return jsonify({"items": rows[: args["limit"]], "truncated": len(rows) > args["limit"]})


@endpoint(
    bp,
    "GET",
    "/clusters/{id}",
    "One cluster: summary, members, hubs, bridges in and out",
    [CLUSTER_ID, limit_param(50), OFFSET],
    run_scoped=True,
)
def get_cluster(args: dict[str, Any]) -> ResponseReturnValue:
    db, cluster = graph(), args["id"]
    summary = reads.cluster_summary(db, cluster)
    members = page(lambda o, n: reads.cluster_members(db, cluster, o, n), args["limit"], args["offset"])
    return jsonify({**summary, "members": members})


@endpoint(
    bp,
    "PUT",
    "/clusters/{id}/name",
    "Name a cluster (a person's name wins over the automatic one and survives re-analysis)",
    [CLUSTER_ID],
    body={
        "type": "object",
        "required": ["name"],
        # null goes back to the automatic name (docs/api.md).
        "properties": {"name": nullable({"type": "string", "maxLength": MAX_NAME_LENGTH})},
    },
    write=True,
)
def put_cluster_name(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(rename_cluster(graph(), args["id"], args["body"]["name"]))
