"""Creators: list with filters, one profile, shared audience, mentions, bridge explanation, flags."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from service.domain import creators
from service.domain.analysis.bridges import explain_bridge
from service.domain.audience import audience_makeup, cleaned_overlaps
from service.domain.authenticity import creator_authenticity
from service.domain.tiers import TIERS
from service.web.context import audience_index, graph, settings
from service.web.endpoints import OFFSET, Param, endpoint, limit_param
from service.web.paging import page

bp = Blueprint("creators", __name__)
CREATOR_ID = Param("id", str, "the creator's id", required=True, location="path")

FILTERS = [
    Param("q", str, "prefix of the handle or name (case-insensitive)"),
    Param("platform", str, "platform, exactly"),
    Param("topic", str, "a topic the creator posts about"),
    Param("country", str, "country, exactly"),
    Param("tier", str, "follower tier", choices=tuple(TIERS)),
    Param("min_followers", int, "at least this many followers", minimum=0),
    Param("max_followers", int, "fewer followers than this", minimum=0),
    Param("min_engagement", float, "engagement rate at least this (0..1)", minimum=0, maximum=1),
    Param("cluster", int, "current cluster id", minimum=0),
    Param("sort", str, "sort key, descending", default="bridge_score", choices=creators.SORTS),
    limit_param(),
    OFFSET,
]


FIRST_CREATOR = {"id": "$response.body#/items/0/id"}


@endpoint(
    bp,
    "GET",
    "/creators",
    "Creators matching filters, sorted by an allowed key",
    FILTERS,
    links={
        "GetCreator": ("get_creators_id", FIRST_CREATOR),
        "GetOverlap": ("get_creators_id_overlap", FIRST_CREATOR),
        "GetCleanedOverlap": ("get_creators_id_overlap_cleaned", FIRST_CREATOR),
        "GetMentions": ("get_creators_id_mentions", FIRST_CREATOR),
        "Explain": ("get_creators_id_explain", FIRST_CREATOR),
        "GetAuthenticity": ("get_creators_id_authenticity", FIRST_CREATOR),
        "PathsFrom": (
            "get_paths",
            {"from": "$response.body#/items/0/id", "to": "$response.body#/items/1/id"},
        ),
        "Reach": ("get_authenticity_reach", {"creators": "$response.body#/items/0/id"}),
    },
    run_scoped=True,
)
def list_creators(args: dict[str, Any]) -> ResponseReturnValue:
    limit, offset = args.pop("limit"), args.pop("offset")
    bounds = settings().tier_limits
    return jsonify(page(lambda o, n: creators.list_creators(graph(), args, bounds, o, n), limit, offset))


@endpoint(
    bp,
    "GET",
    "/creators/{id}",
    "One creator: profile, cluster, hub and bridge scores",
    [CREATOR_ID],
    run_scoped=True,
)
def get_creator(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(creators.get_creator(graph(), args["id"], settings().tier_limits))


@endpoint(
    bp,
    "GET",
    "/creators/{id}/overlap",
    "Creators sharing the most audience with this one",
    [CREATOR_ID, limit_param(20), OFFSET],
    run_scoped=True,
)
def list_overlaps(args: dict[str, Any]) -> ResponseReturnValue:
    db, creator = graph(), args["id"]
    return jsonify(
        page(lambda o, n: creators.list_overlaps(db, creator, o, n), args["limit"], args["offset"])
    )


@endpoint(
    bp,
    "GET",
    "/creators/{id}/overlap/cleaned",
    "Shared audience on raw and on cleaned audiences (suspicious members removed), side by side",
    [CREATOR_ID, limit_param(20), OFFSET],
    run_scoped=True,
)
def list_cleaned_overlaps(args: dict[str, Any]) -> ResponseReturnValue:
    db, creator, store = graph(), args["id"], audience_index()
    return jsonify(
        page(lambda o, n: cleaned_overlaps(db, creator, n, o, store), args["limit"], args["offset"])
    )


@endpoint(
    bp,
    "GET",
    "/creators/{id}/mentions",
    "Mentions to and from this creator",
    [CREATOR_ID, limit_param(), OFFSET],
    run_scoped=True,
)
def list_mentions(args: dict[str, Any]) -> ResponseReturnValue:
    db, creator = graph(), args["id"]
    return jsonify(
        page(lambda o, n: creators.list_mentions(db, creator, o, n), args["limit"], args["offset"])
    )


@endpoint(
    bp,
    "GET",
    "/creators/{id}/explain",
    "Why a creator ranks where it does as a bridge",
    [CREATOR_ID],
    run_scoped=True,
)
def explain_creator(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(explain_bridge(graph(), args["id"]))


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
    "GET",
    "/creators/{id}/audience",
    "Audience make-up: members by country, age band and gender, and the share marked suspicious",
    [CREATOR_ID],
)
def get_audience_makeup(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(audience_makeup(graph(), args["id"]))
