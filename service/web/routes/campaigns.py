"""Campaigns: simulate a creator set, plan one for a goal, and the results of past campaigns."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.audience import AUDIENCES
from service.domain.campaigns.estimate import simulate_with_estimate
from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.campaigns.results import campaign_report, list_campaigns
from service.web.context import audience_index, graph, settings
from service.web.endpoints import Param, endpoint

bp = Blueprint("campaigns", __name__)

SIMULATE_BODY = {
    "type": "object",
    "required": ["creator_ids"],
    "properties": {
        "creator_ids": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 200},
            "minItems": 1,
            "maxItems": 100,
        },
        "frequency": {"type": "integer", "minimum": 1, "maximum": 100},
        "weighted": {"type": "boolean"},
        "audience": {"type": "string", "enum": list(AUDIENCES)},
    },
}


@endpoint(
    bp,
    "POST",
    "/campaigns/simulate",
    "Reach, frequency distribution and clusters of a creator set, and its reach estimated in followers",
    body=SIMULATE_BODY,
)
def simulate_campaign(args: dict[str, Any]) -> ResponseReturnValue:
    body = args["body"]
    result = simulate_with_estimate(
        graph(),
        body["creator_ids"],
        body.get("frequency") or 3,
        bool(body.get("weighted")),
        body.get("audience") or "raw",
        index=audience_index(),
    )
    return jsonify(result)


@endpoint(
    bp,
    "POST",
    "/campaigns/plan",
    "Pick k creators (or a budget) for reach, frequency or bridges",
    body=PlanRequest.SCHEMA,
)
def plan_campaign(args: dict[str, Any]) -> ResponseReturnValue:
    request = PlanRequest.from_valid(args["body"])
    return jsonify(plan(graph(), request, settings().tier_limits, audience_index()).to_dict())


@endpoint(
    bp,
    "GET",
    "/campaigns",
    "Loaded campaigns with their post and creator counts",
    links={"Report": ("get_campaigns_id_report", {"id": "$response.body#/items/0/id"})},
)
def get_campaigns(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify({"items": list_campaigns(graph())})


@endpoint(
    bp,
    "GET",
    "/campaigns/{id}/report",
    "A campaign's results per creator and cluster, beside the simulator's plan",
    [
        Param("id", str, "the campaign's id", required=True, location="path"),
        Param("frequency", int, "effective frequency of the planned side", default=3, minimum=1, maximum=100),
    ],
)
def get_campaign_report(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(campaign_report(graph(), args["id"], args["frequency"], audience_index()))
