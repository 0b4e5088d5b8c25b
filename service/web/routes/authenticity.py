"""Authenticity: assess every creator, and reach on raw and cleaned audiences side by side."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain.audience import raw_and_cleaned_reach
from service.domain.authenticity import flag_creators
from service.web.context import audience_index, graph, settings
from service.web.endpoints import Param, endpoint

bp = Blueprint("authenticity", __name__)


@endpoint(
    bp,
    "POST",
    "/authenticity",
    "Assess every creator (default thresholds) and store the flags",
    body={"type": "object", "properties": {}},
    write=True,
)
def assess(args: dict[str, Any]) -> ResponseReturnValue:
    assessments = flag_creators(graph(), None, settings().tier_limits, audience_index())
    flagged = [a.to_dict() for a in assessments if a.reasons]
    return jsonify({"creators": len(assessments), "flagged": flagged})


@endpoint(
    bp,
    "GET",
    "/authenticity/reach",
    "Reach of creators on raw and on cleaned audiences (suspicious members removed), side by side",
    [Param("creators", list, "creator ids, comma-separated", required=True)],
    run_scoped=True,
)
def get_cleaned_reach(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(raw_and_cleaned_reach(graph(), args["creators"], audience_index()))
