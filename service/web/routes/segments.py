"""Hidden segments of a target audience (by lift) and its white space."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.audience import AUDIENCES
from service.domain.campaigns.segments import hidden_segments
from service.web.context import audience_index, graph
from service.web.endpoints import Param, endpoint

bp = Blueprint("segments", __name__)


@endpoint(
    bp,
    "GET",
    "/segments",
    "Hidden segments (by lift) and white space of a cluster or seed creators",
    [
        Param("cluster", int, "target cluster (or give creators)", minimum=0),
        Param("creators", list, "seed creator ids (or give cluster)"),
        Param("roster", list, "creators already signed, for the white space"),
        Param(
            "min_shared", int, "ignore overlaps smaller than this", default=3, minimum=1, maximum=1_000_000
        ),
        Param("limit", int, "rows per list", default=10, minimum=1, maximum=500),
        Param(
            "audience", str, "raw, or cleaned (suspicious members left out)", default="raw", choices=AUDIENCES
        ),
    ],
    run_scoped=True,
)
def segments(args: dict[str, Any]) -> ResponseReturnValue:
    result = hidden_segments(
        graph(),
        cluster=args["cluster"],
        creator_ids=args["creators"],
        roster_ids=args["roster"],
        min_shared=args["min_shared"],
        limit=args["limit"],
        audience=args["audience"],
        index=audience_index(),
    )
    return jsonify(result.to_dict())
