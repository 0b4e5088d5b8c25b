"""Campaign results reported per creator, per cluster and overall, beside the simulator's plan.

Loading the results is the loaders' job (`loaders.campaign_results`); the graph it writes:
`(:Campaign {id, name, brand, start, end})`, `(:Creator)-[:POSTED]->(:Post {...})-
[:IN_CAMPAIGN]->(:Campaign)`, `(:Campaign)-[:RESULT {clicks, orders, revenue, currency}]->
(:Creator)` and `(:AudienceMember)-[:POSTED_UGC {posted_at, post_id}]->(:Campaign)`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from service.domain.audience import raw_and_cleaned_reach
from service.domain.audience_index.store import IndexSource, resolve
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.errors import ServiceError


def _ratio(part: float, whole: float, scale: float = 1.0) -> float | None:
    return round(part * scale / whole, 6) if whole else None


def _figures(rows: Sequence[Mapping[str, Any]], ugc: set[str]) -> dict[str, Any]:
    """The report's figures over some creators' rows (one creator, a cluster, or all)."""
    total = {
        k: sum(r[k] or 0 for r in rows)
        for k in (
            "followers",
            "audience",
            "posts",
            "likes",
            "comments",
            "shares",
            "views",
            "clicks",
            "orders",
        )
    }
    revenue = sum(r["revenue"] or 0.0 for r in rows)
    engagements = total["likes"] + total["comments"] + total["shares"]
    # Cost efficiency only when every creator's cost is known: a partial cost would flatter it.
    priced = bool(rows) and all(r["cost"] is not None for r in rows)
    cost = sum(r["cost"] for r in rows) if priced else None
    return {
        **total,
        "planned_reach": total["audience"],
        "engagements": engagements,
        "engagement_rate": _ratio(engagements, total["views"]),
        "engagement_rate_followers": _ratio(engagements, total["followers"]),
        "conversions": total["orders"],
        "conversion_rate": _ratio(total["orders"], total["clicks"]),
        "revenue": round(revenue, 2),
        "revenue_per_1k_followers": _ratio(revenue, total["followers"], 1000),
        "cost": cost,
        "cost_per_order": None if cost is None else _ratio(cost, total["orders"]),
        "cost_per_1k_views": None if cost is None else _ratio(cost, total["views"], 1000),
        "roas": None if cost is None else _ratio(revenue, cost),
        "ugc_sparked": len(ugc),
    }


def campaign_report(
    graph: Graph, campaign_id: str, frequency: int = 3, index: IndexSource = None
) -> dict[str, Any]:
    """Per creator, per cluster and overall results, and the simulator's plan beside them."""
    campaign = graph.read_one("campaign_results.get_campaign", campaign_id=campaign_id)
    if campaign is None:
        raise ServiceError(404, "not_found", f"no campaign with id {campaign_id!r}", {"id": campaign_id})
    rows = graph.read("campaign_results.list_creator_results", campaign_id=campaign_id)
    creators = [
        {
            "id": r["id"],
            "handle": r["handle"],
            "cluster": r["cluster"],
            "currency": r["currency"],
            "first_post_at": r["first_post_at"],
            **_figures([r], set(r["ugc_members"])),
        }
        for r in rows
    ]
    by_cluster: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for r in rows:
        by_cluster[r["cluster"]].append(r)
    clusters = [
        {
            "cluster": cluster,
            "creators": [r["id"] for r in members],
            **_figures(members, {m for r in members for m in r["ugc_members"]}),
        }
        for cluster, members in sorted(by_cluster.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]
    everything = _figures(rows, {m for r in rows for m in r["ugc_members"]})
    found = resolve(graph, index) if rows else None
    planned = simulate(graph, [r["id"] for r in rows], frequency, index=found) if rows else None
    return {
        "campaign": campaign,
        "currency": next((r["currency"] for r in rows if r["currency"]), None),
        "totals": everything,
        "creators": creators,
        "clusters": clusters,
        "plan_vs_result": {
            "planned": None
            if planned is None
            else {
                "unique_reach": planned.unique_reach,
                "impressions": planned.impressions,
                "average_frequency": planned.average_frequency,
                "effective_reach": planned.effective_reach,
                "effective_frequency": planned.effective_frequency,
            },
            # The same creators' reach without the members the last authenticity run found
            # suspicious (None before any assessment).
            "planned_cleaned": None
            if not rows
            else raw_and_cleaned_reach(graph, [r["id"] for r in rows], found)["cleaned"],
            "observed": {
                "views": everything["views"],
                "engagements": everything["engagements"],
                "views_per_planned_person": None
                if planned is None
                else _ratio(everything["views"], planned.unique_reach),
                "orders": everything["orders"],
                "ugc_sparked": everything["ugc_sparked"],
            },
        },
    }


def list_campaigns(graph: Graph) -> list[dict[str, Any]]:
    """Every loaded campaign with its post and creator counts."""
    return graph.read("campaign_results.list_campaigns")
