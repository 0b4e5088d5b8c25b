"""`influence-map authenticity` and `influence-map overlap`: flags, and overlap on cleaned audiences."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import click

from service.cli.common import echo_json, index_store, reports_errors, settings_of
from service.domain.audience import cleaned_overlaps
from service.domain.authenticity import AuthenticityParams, creator_authenticity, flag_creators
from service.graph.db import Graph

AUTH_DEFAULTS = {spec.name: spec.default for spec in fields(AuthenticityParams)}


@click.command("authenticity")
@click.option("--creator", "creator_id", help="Show this creator's stored assessment instead of assessing.")
@click.option(
    "--mass-follows",
    type=int,
    default=AUTH_DEFAULTS["mass_follows"],
    show_default=True,
    help="Creators a member follows from which it is a mass follower.",
)
@click.option(
    "--burst-size",
    type=int,
    default=AUTH_DEFAULTS["burst_size"],
    show_default=True,
    help="New followers of one creator on one day that make a burst.",
)
@click.option(
    "--mass-share",
    type=float,
    default=AUTH_DEFAULTS["mass_share"],
    show_default=True,
    help="Flag from this share of mass followers in the audience.",
)
@click.option(
    "--burst-share",
    type=float,
    default=AUTH_DEFAULTS["burst_share"],
    show_default=True,
    help="Flag from this share of burst arrivals (not mass followers) in the audience.",
)
@click.option(
    "--engagement-z",
    type=float,
    default=AUTH_DEFAULTS["engagement_z"],
    show_default=True,
    help="Flag engagement rates this many robust z-scores from their tier's.",
)
@click.option(
    "--pod-mentions",
    type=int,
    default=AUTH_DEFAULTS["pod_mentions"],
    show_default=True,
    help="Mentions each way that make two creators part of a ring.",
)
@click.option(
    "--farm-min-shared",
    type=int,
    default=AUTH_DEFAULTS["farm_min_shared"],
    show_default=True,
    help="Shared burst arrivals from which a pair can be a shared bot farm.",
)
@click.option(
    "--farm-share",
    type=float,
    default=AUTH_DEFAULTS["farm_share"],
    show_default=True,
    help="Share of a pair's shared audience that must be those burst arrivals.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (one object per flagged creator, or the one)."
)
@click.pass_context
@reports_errors
def authenticity(ctx: click.Context, /, creator_id: str | None, as_json: bool, **options: Any) -> None:
    """Assess every creator's authenticity and store the flags (or show one creator's)."""
    settings = settings_of(ctx)
    with Graph.connect(settings) as graph:
        if creator_id is not None:
            one = creator_authenticity(graph, creator_id)
            if as_json:
                echo_json(one)
            else:
                _print_reasons(one)
            return
        params = AuthenticityParams(**options)
        assessments = flag_creators(graph, params, settings.tier_limits, index_store(settings))
    flagged = [a.to_dict() for a in assessments if a.reasons]
    if as_json:
        echo_json({"creators": len(assessments), "flagged": flagged})
        return
    click.echo(f"assessed {len(assessments)} creators; {len(flagged)} flagged")
    for one in flagged:
        _print_reasons(one)


def _print_reasons(one: dict[str, Any]) -> None:
    state = "FLAGGED" if one["flagged"] else "not flagged"
    click.echo(
        f"{one['id']} ({one['tier']}): {state}; audience {one['audience']}, "
        f"mass followers {one['mass_share']:.0%}, burst arrivals {one['burst_share']:.0%}"
    )
    for reason in one["reasons"]:
        click.echo(f"  {reason['code']}: {reason['message']}")


@click.command("overlap")
@click.argument("creator_id")
@click.option("--limit", default=20, show_default=True, help="Rows to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def overlap(ctx: click.Context, creator_id: str, limit: int, as_json: bool) -> None:
    """Who shares CREATOR_ID's audience, on raw and on cleaned audiences side by side (live counts)."""
    with Graph.connect(settings_of(ctx)) as graph:
        rows = cleaned_overlaps(graph, creator_id, limit, index=index_store(settings_of(ctx)))
    if as_json:
        echo_json({"id": creator_id, "items": rows})
        return
    header = ("creator", "cluster", "shared", "cleaned", "suspect", "jaccard", "cleaned")
    click.echo("{:<24} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}".format(*header))
    for row in rows:
        cluster = "-" if row["cluster"] is None else row["cluster"]
        click.echo(
            f"{row['id']:<24} {cluster:>7} {row['shared']:>7} {row['cleaned_shared']:>7} "
            f"{row['suspicious_shared']:>7} {row['jaccard']:>8.4f} {row['cleaned_jaccard']:>8.4f}"
        )


COMMANDS: tuple[click.Command, ...] = (authenticity, overlap)
