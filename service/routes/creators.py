"""Creators: list with filters, one profile, shared audience and mentions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from service import graph
from service.api import OFFSET, Param, endpoint, limit_param
from service.authenticity import cleaned_overlaps
from service.routes.paging import not_found, page
from service.tiers import TIERS, parse_tier_bounds, tier_of, tier_range

bp = Blueprint("creators", __name__)
SORTS = ("bridge_score", "followers", "engagement_rate", "hub_score")
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
    Param("sort", str, "sort key, descending", default="bridge_score", choices=SORTS),
    limit_param(),
    OFFSET,
]


@endpoint(bp, "GET", "/creators", "Creators matching filters, sorted by an allowed key", FILTERS)
def list_creators(args: dict[str, Any]) -> ResponseReturnValue:
    bounds = tier_bounds()
    low, high = tier_range(args.pop("tier"), bounds) if args.get("tier") else (None, None)
    filters = {
        **args,
        "min_followers": max(filter(None, [args["min_followers"], low]), default=None),
        "max_followers": min(filter(None, [args["max_followers"], high]), default=None),
    }
    limit, offset = filters.pop("limit"), filters.pop("offset")
    result = page(
        lambda o, n: graph().read("creators.list_creators", **filters, offset=o, limit=n), limit, offset
    )
    result["items"] = [
        {**row["creator"], "tier": tier_of(row["creator"]["followers"])} for row in result["items"]
    ]
    return jsonify(result)


@endpoint(bp, "GET", "/creators/{id}", "One creator: profile, cluster, hub and bridge scores", [CREATOR_ID])
def get_creator(args: dict[str, Any]) -> ResponseReturnValue:
    row = graph().read_one("creators.get_creator", id=args["id"])
    if row is None:
        raise not_found("creator", args["id"])
    creator = {
        **row["creator"],
        "topics": row["topics"],
        "tier": tier_of(row["creator"].get("followers"), tier_bounds()),
    }
    return jsonify(creator)


@endpoint(
    bp,
    "GET",
    "/creators/{id}/overlap",
    "Creators sharing the most audience with this one",
    [CREATOR_ID, limit_param(20), OFFSET],
)
def list_overlaps(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(related_page("creators.list_overlaps", args))


@endpoint(
    bp,
    "GET",
    "/creators/{id}/overlap/cleaned",
    "Shared audience on raw and on cleaned audiences (suspicious members removed), side by side",
    [CREATOR_ID, limit_param(20), OFFSET],
)
def list_cleaned_overlaps(args: dict[str, Any]) -> ResponseReturnValue:
    db = graph()
    return jsonify(page(lambda o, n: cleaned_overlaps(db, args["id"], n, o), args["limit"], args["offset"]))


@endpoint(
    bp,
    "GET",
    "/creators/{id}/mentions",
    "Mentions to and from this creator",
    [CREATOR_ID, limit_param(), OFFSET],
)
def list_mentions(args: dict[str, Any]) -> ResponseReturnValue:
    return jsonify(related_page("creators.list_mentions", args))


def tier_bounds() -> tuple[int, ...]:
    return parse_tier_bounds(current_app.extensions["settings"].tier_bounds)


def related_page(query: str, args: dict[str, Any]) -> dict[str, Any]:
    """A page of rows about one creator; 404 when the creator does not exist."""
    db = graph()
    if not db.read_one("creators.exists_creator", id=args["id"])["found"]:  # type: ignore[index]
        raise not_found("creator", args["id"])
    return page(lambda o, n: db.read(query, id=args["id"], offset=o, limit=n), args["limit"], args["offset"])
