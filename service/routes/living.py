"""The living map: authenticity flags, change between analysis runs, campaign results."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.api import Param, endpoint
from service.authenticity import creator_authenticity, flag_creators, raw_and_cleaned_reach
from service.campaign_results import campaign_report, list_campaigns
from service.changes import changes_since
from service.tiers import parse_tier_bounds

bp = Blueprint("living", __name__)
CREATOR_ID = Param("id", str, "the creator's id", required=True, location="path")


@endpoint(
    bp,
    "GET",
    "/creators/{id}/authenticity",
    "A creator's authenticity flags with their reasons and signals",
    [CREATOR_ID],
)
def get_authenticity(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(creator_authenticity(graph(), args["id"]))


@endpoint(
    bp,
    "POST",
    "/authenticity",
    "Assess every creator (default thresholds) and store the flags",
    body={"type": "object", "properties": {}},
    write=True,
)
def assess(args: dict[str, Any]) -> ResponseReturnValue:
    bounds = parse_tier_bounds(current_app.extensions["settings"].tier_bounds)
    assessments = flag_creators(graph(), None, bounds)
    flagged = [a.to_dict() for a in assessments if a.reasons]
    return jsonify({"creators": len(assessments), "flagged": flagged})


@endpoint(
    bp,
    "GET",
    "/changes",
    "Emerging and waning creators, new bridges and cluster changes since an analysis run",
    [
        Param("since", str, "run id to compare with, or `previous`", required=True),
        Param("until", str, "later run id (default: the current run)"),
    ],
)
def get_changes(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(changes_since(graph(), args["since"], args["until"]))


@endpoint(
    bp,
    "GET",
    "/authenticity/reach",
    "Reach of creators on raw and on cleaned audiences (suspicious members removed), side by side",
    [Param("creators", list, "creator ids, comma-separated", required=True)],
)
def get_cleaned_reach(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(raw_and_cleaned_reach(graph(), args["creators"]))


@endpoint(bp, "GET", "/campaigns", "Loaded campaigns with their post and creator counts")
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
    return jsonify(campaign_report(graph(), args["id"], args["frequency"]))
