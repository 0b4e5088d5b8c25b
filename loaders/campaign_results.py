"""Campaign results: load campaigns, posts and outcomes (the report is service.domain.campaigns.results).

Reading and validation are the loaders' own (`loaders.read.read_file`, `loaders.validate.
check_table`, the `campaigns`, `posts` and `outcomes` field lists): same formats, same messages
(file, line, column, reason), all or nothing. References are checked here (a post's campaign and
creator, an outcome's campaign, creator and post must exist in the graph or in the files loaded
together). Everything is written in ONE write transaction.

Graph: `(:Campaign {id, name, brand, start, end})`, `(:Creator)-[:POSTED]->(:Post {...})-
[:IN_CAMPAIGN]->(:Campaign)`, `(:Campaign)-[:RESULT {clicks, orders, revenue, currency}]->
(:Creator)` and `(:AudienceMember)-[:POSTED_UGC {posted_at, post_id}]->(:Campaign)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from neo4j import ManagedTransaction

from loaders.errors import LoadRejected
from loaders.read import CAMPAIGN_KINDS, FORMATS, Kind, read_file
from loaders.validate import Checked, check_table
from loaders.write import record_change
from service.graph.db import Graph, run_write
from service.graph.errors import ServiceError

MISSING = "is not in the graph or the files loaded with it"
SHOWN_ERRORS = 10


def campaign_files(directory: Path) -> list[tuple[Kind, Path]]:
    """campaigns, posts, outcomes (.csv, .jsonl or .parquet) present in `directory`, in that order."""
    if not directory.is_dir():
        raise ServiceError(404, "not_found", f"{directory}: no such folder")
    found = []
    for kind in CAMPAIGN_KINDS:
        paths = [
            directory / f"{kind}{suffix}" for suffix in FORMATS if (directory / f"{kind}{suffix}").is_file()
        ]
        if len(paths) > 1:
            raise ServiceError(
                400, "ambiguous_input", f"{directory}: both {paths[0].name} and {paths[1].name}"
            )
        found += [(kind, path) for path in paths]
    if not found:
        raise ServiceError(404, "not_found", f"{directory}: no campaigns, posts or outcomes file")
    return found


def load_campaign_results(graph: Graph, directory: Path) -> dict[str, int]:
    """Validate every file, then write them all in one transaction; returns rows written per kind."""
    checked = {kind: check_table(read_file(kind, path)) for kind, path in campaign_files(directory)}
    good = {kind: c.values for kind, c in checked.items()}
    post_creator = _check_references(graph, checked)
    errors = sorted((e for c in checked.values() for e in c.errors), key=lambda e: (e.file, e.line or 0))
    if errors:
        shown = "\n".join(str(error) for error in errors[:SHOWN_ERRORS])
        more = f"\n... and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        raise LoadRejected(f"{len(errors)} problem(s); nothing was written:\n{shown}{more}", errors, None)
    rows = _write_rows(good, post_creator)

    def write(tx: ManagedTransaction) -> None:
        for name, batch in rows:
            run_write(tx, f"campaign_results.{name}", {"rows": batch})
        record_change(tx)  # UGC adds audience members

    graph.transaction(write)
    return {name: len(r) for name, r in rows}


def _check_references(graph: Graph, checked: Mapping[Kind, Checked]) -> dict[str, str]:
    """Missing campaigns, creators and posts become row errors; returns post id -> creator id."""
    frames = {kind: c.values for kind, c in checked.items()}
    empty = pd.DataFrame({"id": [], "campaign_id": [], "creator_id": [], "post_id": []})
    campaigns, posts, outcomes = (frames.get(k, empty) for k in CAMPAIGN_KINDS)
    campaign_ids = set(campaigns["id"].dropna())
    post_creator = dict(zip(posts["id"], posts["creator_id"], strict=True))
    wanted_campaigns = sorted(set(posts["campaign_id"].dropna()) | set(outcomes["campaign_id"].dropna()))
    wanted_posts = sorted(set(outcomes["post_id"].dropna()) - set(post_creator))
    existing = graph.read_one(
        "campaign_results.get_existing_ids", campaign_ids=wanted_campaigns, post_ids=wanted_posts
    ) or {"campaigns": [], "posts": [], "post_creators": []}
    campaign_ids |= set(existing["campaigns"])
    post_creator |= {row["id"]: row["creator_id"] for row in existing["post_creators"]}
    creators = sorted(set(posts["creator_id"].dropna()) | set(outcomes["creator_id"].dropna()))
    found = {row["id"] for row in graph.read("creators.list_existing_ids", ids=creators)}
    for kind in ("posts", "outcomes"):
        if kind not in checked:
            continue
        values = checked[kind].values
        for column, known in (("campaign_id", campaign_ids), ("creator_id", found)):
            missing = values[column].notna() & ~values[column].isin(known)
            checked[kind].add_errors(missing, column, MISSING, values[column])
    if "outcomes" in checked:
        values = checked["outcomes"].values
        missing = values["post_id"].notna() & ~values["post_id"].isin(set(post_creator))
        checked["outcomes"].add_errors(missing, "post_id", MISSING, values["post_id"])
        _check_currencies(checked["outcomes"], post_creator)
    return post_creator


def _check_currencies(checked: Checked, post_creator: Mapping[str, str]) -> None:
    """One currency per campaign: revenue in two currencies cannot be added up."""
    values = checked.values
    first: dict[str, str] = {}
    mixed = []
    for campaign, currency in zip(values["campaign_id"], values["currency"], strict=True):
        if currency is not None and campaign is not None:
            mixed.append(first.setdefault(campaign, currency) != currency)
        else:
            mixed.append(False)
    checked.add_errors(
        pd.Series(mixed, index=values.index),
        "currency",
        "differs from the campaign's first row",
        values["currency"],
    )


def _iso(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value.to_pydatetime()


def _write_rows(
    good: Mapping[Kind, pd.DataFrame], post_creator: Mapping[str, str]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """The write plan: (query name, rows) in order; results and UGC aggregated per key."""
    plan: list[tuple[str, list[dict[str, Any]]]] = []
    if "campaigns" in good:
        frame = good["campaigns"]
        plan.append(
            (
                "merge_campaigns",
                [
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "brand": r["brand"],
                        "start": None if pd.isna(r["start"]) else r["start"].date(),
                        "end": None if pd.isna(r["end"]) else r["end"].date(),
                    }
                    for r in frame.to_dict("records")
                ],
            )
        )
    if "posts" in good:
        plan.append(
            (
                "merge_posts",
                [
                    {
                        **{
                            k: r[k]
                            for k in (
                                "id",
                                "campaign_id",
                                "creator_id",
                                "url",
                                "likes",
                                "comments",
                                "shares",
                                "views",
                                "cost",
                            )
                        },
                        "posted_at": _iso(r["posted_at"]),
                    }
                    for r in good["posts"].to_dict("records")
                ],
            )
        )
    if "outcomes" in good:
        results, ugc = _outcome_rows(good["outcomes"], post_creator)
        plan += [("set_results", results), ("merge_ugc", ugc)]
    return plan


def _outcome_rows(
    frame: pd.DataFrame, post_creator: Mapping[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Results summed per (campaign, creator) -- a post's row counts for its creator -- and each
    member's first UGC per campaign."""
    results: dict[tuple[str, str], dict[str, Any]] = {}
    ugc: dict[tuple[str, str], dict[str, Any]] = {}
    for r in frame.to_dict("records"):
        if r["member_id"] is not None:
            key = (r["campaign_id"], r["member_id"])
            posted = _iso(r["posted_at"])
            if key not in ugc or posted < ugc[key]["posted_at"]:
                ugc[key] = {
                    "campaign_id": key[0],
                    "member_id": key[1],
                    "posted_at": posted,
                    "post_id": r["post_id"],
                }
            continue
        creator = r["creator_id"] or post_creator[r["post_id"]]
        total = results.setdefault(
            (r["campaign_id"], creator),
            {
                "campaign_id": r["campaign_id"],
                "creator_id": creator,
                "clicks": 0,
                "orders": 0,
                "revenue": 0.0,
                "currency": None,
            },
        )
        total["clicks"] += r["clicks"] or 0
        total["orders"] += r["orders"] or 0
        total["revenue"] += r["revenue"] or 0.0
        total["currency"] = total["currency"] or r["currency"]
    return list(results.values()), list(ugc.values())
