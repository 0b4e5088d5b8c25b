"""Campaigns: simulate a set of creators, plan one for a goal, find hidden segments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.api import Param, endpoint
from service.authenticity import AUDIENCES
from service.campaigns import PlanRequest, plan, simulate_from_mapping
from service.planner import GOALS
from service.segments import hidden_segments
from service.tiers import TIERS, parse_tier_bounds

bp = Blueprint("campaigns", __name__)

IDS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 200}, "maxItems": 100}
COUNT = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
AUDIENCE = {"type": "string", "enum": list(AUDIENCES)}
SIMULATE_BODY = {
    "type": "object",
    "required": ["creator_ids"],
    "properties": {
        "creator_ids": {**IDS, "minItems": 1},
        "frequency": {**COUNT, "maximum": 100},
        "weighted": {"type": "boolean"},
        "audience": AUDIENCE,
    },
}
PLAN_BODY = {
    "type": "object",
    "properties": {
        "goal": {"type": "string", "enum": list(GOALS)},
        "k": {"type": "integer", "minimum": 1, "maximum": 50},
        "cluster": {"type": "integer", "minimum": 0, "maximum": 1_000_000},
        "frequency": {**COUNT, "maximum": 100},
        "min_cluster_reach": COUNT,
        "tier": {"type": "string", "enum": list(TIERS)},
        "topics": IDS,
        "countries": IDS,
        "require": IDS,
        "exclude": IDS,
        "min_engagement": {"type": "number", "minimum": 0, "maximum": 1},
        "budget": {"type": "number", "minimum": 0, "maximum": 1e15},
        "cost_property": {"type": "string", "minLength": 1, "maxLength": 64},
        "pool_size": {"type": "integer", "minimum": 1, "maximum": 5000},
        "include_flagged": {"type": "boolean"},
        "audience": AUDIENCE,
    },
}


@endpoint(
    bp,
    "POST",
    "/campaigns/simulate",
    "Reach, frequency distribution and clusters of a creator set",
    body=SIMULATE_BODY,
)
def simulate_campaign(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(simulate_from_mapping(graph(), args["body"]).to_dict())


@endpoint(
    bp,
    "POST",
    "/campaigns/plan",
    "Pick k creators (or a budget) for reach, frequency or bridges",
    body=PLAN_BODY,
)
def plan_campaign(args: dict[str, Any]) -> ResponseReturnValue:
    bounds = parse_tier_bounds(current_app.extensions["settings"].tier_bounds)
    return jsonify(plan(graph(), PlanRequest.from_mapping(args["body"]), bounds).to_dict())


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
    )
    return jsonify(result.to_dict())
