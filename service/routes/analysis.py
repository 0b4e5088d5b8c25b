"""The analysis' results: clusters, bridges, influence paths, explanations, and runs."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.analysis import (
    AnalysisParams,
    check_can_run,
    cluster_summaries,
    current_run,
    explain_bridge,
    run_analysis,
)
from service.api import OFFSET, Param, endpoint, limit_param
from service.authenticity import AUDIENCES
from service.errors import ServiceError
from service.routes.creators import CREATOR_ID
from service.routes.paging import not_found, page

bp = Blueprint("analysis", __name__)
CLUSTER_ID = Param("id", int, "the cluster id", required=True, minimum=0, location="path")
RUN_BODY = {
    "type": "object",
    "properties": {
        "resolution": {"type": "number", "minimum": 0.01, "maximum": 100},
        "algorithm": {"type": "string", "enum": ["leiden", "louvain"]},
        "min_shared": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "top_k": {"type": "integer", "minimum": 1, "maximum": 1000},
        "mention_weight": {"type": "number", "minimum": 0, "maximum": 100},
        "seed": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
        "audience": {"type": "string", "enum": list(AUDIENCES)},
    },
}


@endpoint(
    bp, "GET", "/clusters", "The current clusters, largest first, with hubs and neighbours", [limit_param(20)]
)
def list_clusters(args: dict[str, Any]) -> ResponseReturnValue:
    rows = cluster_summaries(graph(), limit=args["limit"] + 1)
    return jsonify({"items": rows[: args["limit"]], "truncated": len(rows) > args["limit"]})


@endpoint(
    bp,
    "GET",
    "/clusters/{id}",
    "One cluster: summary, members, hubs, bridges in and out",
    [CLUSTER_ID, limit_param(50), OFFSET],
)
def get_cluster(args: dict[str, Any]) -> ResponseReturnValue:
    db, cluster = graph(), args["id"]
    summary = cluster_summaries(db, limit=1, cluster=cluster)
    if not summary:
        raise not_found("cluster", cluster)
    members = page(
        lambda o, n: db.read("clusters.list_cluster_members", cluster=cluster, offset=o, limit=n),
        args["limit"],
        args["offset"],
    )
    bridges: dict[str, list[dict[str, Any]]] = {"out": [], "in": []}
    for row in db.read("clusters.list_cluster_bridges", cluster=cluster, limit=10):
        bridges[row.pop("direction")].append(row)
    return jsonify(
        {**summary[0], "members": members, "bridges_out": bridges["out"], "bridges_in": bridges["in"]}
    )


@endpoint(
    bp,
    "GET",
    "/bridges",
    "Bridging creators, best first; `between=A,B` for two clusters",
    [Param("between", list, "two cluster ids, comma-separated"), limit_param(), OFFSET],
)
def list_bridges(args: dict[str, Any]) -> ResponseReturnValue:
    between = args["between"]
    if between is not None:
        if len(between) != 2 or not all(part.isdigit() for part in between):
            raise ServiceError(
                400,
                "bad_request",
                "between: give two cluster ids, e.g. between=0,3",
                [{"field": "between", "reason": "must be two cluster ids"}],
            )
        between = [int(part) for part in between]
    return jsonify(
        page(
            lambda o, n: graph().read("bridges.list_bridges", between=between, offset=o, limit=n),
            args["limit"],
            args["offset"],
        )
    )


@endpoint(
    bp,
    "GET",
    "/paths",
    "Influence paths over mentions between two creators",
    [
        Param("from", str, "creator the paths start at", required=True),
        Param("to", str, "creator the paths end at", required=True),
        Param("max_hops", int, "longest path", default=4, minimum=1, maximum=10),
        Param("all", bool, "every shortest path instead of one", default=False),
        limit_param(20),
    ],
)
def list_paths(args: dict[str, Any]) -> ResponseReturnValue:
    db = graph()
    for end in ("from", "to"):
        if not db.read_one("creators.exists_creator", id=args[end])["found"]:  # type: ignore[index]
            raise not_found("creator", args[end])
    params = {"source": args["from"], "target": args["to"], "max_hops": args["max_hops"]}
    rows = (
        db.read("paths.list_all_shortest_mention_paths", **params, limit=args["limit"])
        if args["all"]
        else db.read("paths.get_shortest_mention_path", **params)
    )
    return jsonify({"items": rows, "found": bool(rows)})


@endpoint(bp, "GET", "/creators/{id}/explain", "Why a creator ranks where it does as a bridge", [CREATOR_ID])
def explain_creator(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(explain_bridge(graph(), args["id"]))


@endpoint(
    bp,
    "POST",
    "/analysis/runs",
    "Start an analysis run (202 with its id)",
    body=RUN_BODY,
    write=True,
    status=202,
)
def start_run(args: dict[str, Any]) -> ResponseReturnValue:
    db = graph()
    running = db.read_one("analysis.get_running_run")
    if running:
        raise ServiceError(409, "run_in_progress", f"analysis run {running['id']} is still running", running)
    params = AnalysisParams(**args["body"])
    check_can_run(db, params)  # a 400 or 409 now rather than a failed run later
    run_id = uuid.uuid4().hex
    # The run takes seconds to minutes: it goes on in a thread; GET /analysis/runs/{id} follows it.
    worker = threading.Thread(target=run_quietly, args=(current_app.logger, db, params, run_id), daemon=True)
    worker.start()
    return jsonify({"id": run_id, "status": "running", "href": f"/analysis/runs/{run_id}"}), 202


def run_quietly(logger: Any, db: Any, params: Any, run_id: str) -> None:
    try:
        run_analysis(db, params, run_id=run_id)
    except Exception:  # recorded on the run as 'failed' by run_analysis; logged here
        logger.exception("analysis run %s failed", run_id)


@endpoint(
    bp,
    "GET",
    "/analysis/runs/{id}",
    "One analysis run: status, parameters, counts",
    [Param("id", str, "the run id", required=True, location="path")],
)
def get_run(args: dict[str, Any]) -> ResponseReturnValue:
    row = graph().read_one("analysis.get_run", run_id=args["id"])
    if row is None:
        raise not_found("analysis run", args["id"])
    # Stored as JSON text on the node; served as objects.
    return jsonify(
        {**row, "params": json.loads(row["params"] or "{}"), "counts": json.loads(row["counts"] or "{}")}
    )


def current_run_summary() -> dict[str, Any] | None:
    """The served run for /health: id, finished_at, modularity (None before the first run)."""
    run = current_run(graph())
    return None if run is None else {key: run[key] for key in ("id", "finished_at", "modularity")}
