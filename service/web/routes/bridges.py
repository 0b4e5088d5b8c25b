"""Bridging creators, and influence paths over mentions between two creators."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain import creators
from service.domain.analysis import reads
from service.graph.errors import ServiceError
from service.web.context import graph
from service.web.endpoints import OFFSET, Param, endpoint, limit_param
from service.web.paging import page

bp = Blueprint("bridges", __name__)
CLUSTER_ID = re.compile(r"[0-9]{1,15}")


@endpoint(
    bp,
    "GET",
    "/bridges",
    "Bridging creators, best first; `between=A,B` for two clusters",
    [Param("between", list, "two cluster ids, comma-separated"), limit_param(), OFFSET],
    run_scoped=True,
)
def list_bridges(args: dict[str, Any]) -> ResponseReturnValue:
    between = args["between"]
    if between is not None:
        # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
        if len(between) != 2 or not all(CLUSTER_ID.fullmatch(part) for part in between):
            raise ServiceError(
                400,
                "bad_request",
                "between: give two cluster ids, e.g. between=0,3",
                [{"field": "between", "reason": "must be two cluster ids"}],
            )
        between = [int(part) for part in between]
    db = graph()
    return jsonify(page(lambda o, n: reads.list_bridges(db, between, o, n), args["limit"], args["offset"]))


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
    run_scoped=True,
)
def list_paths(args: dict[str, Any]) -> ResponseReturnValue:
    rows = creators.mention_paths(
        graph(), args["from"], args["to"], args["max_hops"], args["all"], args["limit"]
    )
    return jsonify({"items": rows, "found": bool(rows)})
