"""`influence-map authenticity` and `influence-map overlap`: flags, and overlap on cleaned audiences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

import click

from service.cli.common import echo_json, index_store, reports_errors, settings_of
from service.domain.audience import cleaned_overlaps
from service.domain.authenticity import AuthenticityParams, creator_authenticity, flag_creators
from service.graph.db import Graph

AUTH_DEFAULTS = {spec.name: spec.default for spec in fields(AuthenticityParams)}


OPTIONS: tuple[tuple[str, type, str], ...] = (
    ("mass_follows", int, "Creators a member follows from which it is a mass follower."),
    ("member_z", float, "Calibrated mass followers: robust z-score of log follow counts."),
    ("member_ratio", float, "Calibrated mass followers: times the market's median follow count."),
    ("mass_share", float, "Flag from this share of mass followers in the audience..."),
    ("mass_rarity", float, "...when at most this share of the market's creators have as high a share."),
    ("burst_size", int, "New followers of one creator on one day that make a burst."),
    ("burst_alpha", float, "Calibrated bursts: expected chance days of that size in a creator's history."),
    ("burst_share", float, "Flag from this share of burst arrivals (not mass followers) in the audience."),
    ("engagement_z", float, "Flag engagement rates this many robust z-scores from their tier's."),
    ("pod_mentions", int, "Mentions each way that make two creators part of a ring."),
    ("pod_alpha", float, "Calibrated rings: share of the market's creators that shuffled counts put in one."),
    ("pod_share", float, "Share of each ring creator's mentions that must go to the ring."),
    ("farm_min_shared", int, "Shared burst arrivals from which a pair can be a shared bot farm."),
    ("farm_share", float, "Share of a pair's shared audience that must be those burst arrivals."),
    ("farm_alpha", float, "Flag a farm pair when chance overlap is rarer than this."),
)


def threshold_options(command: Callable[..., None]) -> Callable[..., None]:
    """One --option per setting of OPTIONS, with AuthenticityParams' default."""
    for name, kind, text in reversed(OPTIONS):
        command = click.option(
            "--" + name.replace("_", "-"),
            name,
            type=kind,
            default=AUTH_DEFAULTS[name],
            show_default="calibrated" if AUTH_DEFAULTS[name] is None else True,
            help=text,
        )(command)
    return command


@click.command("authenticity")
@click.option("--creator", "creator_id", help="Show this creator's stored assessment instead of assessing.")
@threshold_options
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
