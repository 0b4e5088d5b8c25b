"""`influence-map authenticity | changes | campaign-results ...`: the living map from the command line."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import click

from service.authenticity import AuthenticityParams, cleaned_overlaps, creator_authenticity, flag_creators
from service.campaign_results import campaign_report, load_campaign_results
from service.changes import ChangeParams, changes_since
from service.cli import reports_errors, settings_of
from service.db import Graph
from service.tiers import parse_tier_bounds

AUTH_DEFAULTS = {spec.name: spec.default for spec in fields(AuthenticityParams)}


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False))


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
                _echo_json(one)
            else:
                _print_reasons(one)
            return
        params = AuthenticityParams(**options)
        assessments = flag_creators(graph, params, parse_tier_bounds(settings.tier_bounds))
    flagged = [a.to_dict() for a in assessments if a.reasons]
    if as_json:
        _echo_json({"creators": len(assessments), "flagged": flagged})
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


@click.command("changes")
@click.option("--since", required=True, help="Run id to compare with, or `previous` (the run before).")
@click.option("--until", help="Later run id (default: the current run).")
@click.option(
    "--score-change",
    type=float,
    default=ChangeParams.score_change,
    show_default=True,
    help="Hub/bridge score change that counts as rising or falling.",
)
@click.option(
    "--size-change",
    type=float,
    default=ChangeParams.size_change,
    show_default=True,
    help="Relative size change from which a cluster grew or shrank.",
)
@click.option(
    "--top-bridges",
    type=int,
    default=ChangeParams.top_bridges,
    show_default=True,
    help="Bridge ranks below this are the top bridges.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def changes(
    ctx: click.Context,
    since: str,
    until: str | None,
    score_change: float,
    size_change: float,
    top_bridges: int,
    as_json: bool,
) -> None:
    """What changed between two analysis runs: emerging and waning creators, clusters, new bridges."""
    params = ChangeParams(score_change=score_change, size_change=size_change, top_bridges=top_bridges)
    with Graph.connect(settings_of(ctx)) as graph:
        result = changes_since(graph, since, until, params)
    if as_json:
        _echo_json(result)
        return
    click.echo(f"from run {result['since']['id']} to {result['until']['id']}")
    for title in ("emerging", "waning"):
        click.echo(f"{title}: {len(result[title])}")
        for item in result[title]:
            click.echo(f"  {item['id']}: {', '.join(item['reasons'])}")
    click.echo("new bridges: " + (", ".join(b["id"] for b in result["new_bridges"]) or "none"))
    for cluster in result["clusters"]:
        parts = [f"{cluster['size_before']} -> {cluster['size_after']} creators"]
        parts += [f"into {cluster['into']}"] if "into" in cluster else []
        parts += [f"from {cluster['from']}"] if "from" in cluster else []
        click.echo(f"cluster {cluster['cluster']}: {', '.join(cluster['changes'])} ({'; '.join(parts)})")


@click.command("overlap")
@click.argument("creator_id")
@click.option("--limit", default=20, show_default=True, help="Rows to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def overlap(ctx: click.Context, creator_id: str, limit: int, as_json: bool) -> None:
    """Who shares CREATOR_ID's audience, on raw and on cleaned audiences side by side (live counts)."""
    with Graph.connect(settings_of(ctx)) as graph:
        rows = cleaned_overlaps(graph, creator_id, limit)
    if as_json:
        _echo_json({"id": creator_id, "items": rows})
        return
    header = ("creator", "cluster", "shared", "cleaned", "suspect", "jaccard", "cleaned")
    click.echo("{:<24} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}".format(*header))
    for row in rows:
        cluster = "-" if row["cluster"] is None else row["cluster"]
        click.echo(
            f"{row['id']:<24} {cluster:>7} {row['shared']:>7} {row['cleaned_shared']:>7} "
            f"{row['suspicious_shared']:>7} {row['jaccard']:>8.4f} {row['cleaned_jaccard']:>8.4f}"
        )


@click.command("campaign-results")
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_context
@reports_errors
def campaign_results(ctx: click.Context, directory: Path) -> None:
    """Load campaigns, posts and outcomes (campaigns.csv, posts.csv, outcomes.csv) from DIRECTORY."""
    with Graph.connect(settings_of(ctx)) as graph:
        written = load_campaign_results(graph, directory)
    click.echo(", ".join(f"{name}: {count}" for name, count in written.items()))


@click.command("campaign-report")
@click.argument("campaign_id")
@click.option("--frequency", default=3, show_default=True, help="Effective frequency of the planned side.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def campaign_report_command(ctx: click.Context, campaign_id: str, frequency: int, as_json: bool) -> None:
    """A campaign's results per creator and per cluster, beside the simulator's plan."""
    with Graph.connect(settings_of(ctx)) as graph:
        report = campaign_report(graph, campaign_id, frequency)
    if as_json:
        _echo_json(report)
        return
    campaign, totals = report["campaign"], report["totals"]
    click.echo(
        f"{campaign['id']} {campaign['name'] or ''} ({campaign['brand'] or ''}, "
        f"{campaign['start']}..{campaign['end']})"
    )
    for row in [*report["creators"], {"id": "TOTAL", **totals}]:
        click.echo(
            f"  {row['id']}: planned reach {row['planned_reach']}, views {row['views']}, "
            f"engagement {row['engagement_rate']}, orders {row['orders']}, revenue {row['revenue']} "
            f"({row['revenue_per_1k_followers']} per 1k followers), ROAS {row['roas']}, "
            f"UGC {row['ugc_sparked']}"
        )
    for cluster in report["clusters"]:
        click.echo(
            f"  cluster {cluster['cluster']}: orders {cluster['orders']}, "
            f"revenue {cluster['revenue']}, UGC {cluster['ugc_sparked']}"
        )
    planned, observed = report["plan_vs_result"]["planned"], report["plan_vs_result"]["observed"]
    click.echo(f"  plan: {planned}")
    click.echo(f"  result: {observed}")


COMMANDS = (authenticity, overlap, changes, campaign_results, campaign_report_command)
