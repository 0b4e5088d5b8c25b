"""`influence-map simulate | plan | segments | rank`: campaign planning from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from loaders.campaign_results import load_campaign_results
from service.cli.common import (
    AUDIENCE_OPTION,
    echo_json,
    index_store,
    reports_errors,
    settings_of,
    split_values,
)
from service.domain.campaigns.estimate import estimate_for
from service.domain.campaigns.plan import Plan, PlanRequest, plan
from service.domain.campaigns.planner import GOALS
from service.domain.campaigns.rank import RANKING_GOALS, rank_creators
from service.domain.campaigns.results import campaign_report
from service.domain.campaigns.segments import hidden_segments
from service.domain.campaigns.simulate import Simulation, simulate
from service.domain.tiers import TIERS
from service.graph.db import Graph
from service.text import plan_lines, side_by_side_line


@click.command("simulate")
@click.argument("creator_ids", nargs=-1, required=True)
@click.option(
    "--frequency", default=3, show_default=True, help="Effective frequency: reached this often or more."
)
@click.option(
    "--weighted", is_flag=True, help="Weigh each exposure by its edge weight (impressions, effective reach)."
)
@AUDIENCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def simulate_command(
    ctx: click.Context,
    creator_ids: tuple[str, ...],
    frequency: int,
    weighted: bool,
    audience: str,
    as_json: bool,
) -> None:
    """Reach, impressions and frequency of a campaign on these creators, exactly, from the audience edges."""
    settings = settings_of(ctx)
    with Graph.connect(settings) as graph:
        result = simulate(
            graph, split_values(creator_ids), frequency, weighted, audience, index_store(settings)
        )
        estimated = estimate_for(graph, result)
    if as_json:
        echo_json({**result.to_dict(), "estimated_reach": estimated})
    else:
        _print_simulation(result, estimated)


def _print_simulation(result: Simulation, estimated: dict[str, Any]) -> None:
    click.echo(f"creators: {', '.join(result.creator_ids)}   audience: {result.audience}")
    click.echo(
        f"unique reach: {result.unique_reach} members of the loaded audience   "
        f"impressions: {result.impressions:g}"
    )
    click.echo(
        f"estimated reach: {estimated['followers']:,} followers "
        f"(95% interval {estimated['low']:,}-{estimated['high']:,})"
    )
    click.echo(side_by_side_line(result))
    click.echo(f"average frequency: {result.average_frequency}")
    click.echo(f"effective reach ({result.effective_frequency}+): {result.effective_reach}")
    click.echo("frequency: " + "  ".join(f"{k}x={v}" for k, v in result.frequency.items()))
    for c in result.clusters:
        click.echo(
            f"cluster {c.cluster}: reach {c.reach} of {c.audience} ({c.share:.1%}) creators {c.creators}"
        )
    for r in result.creators:
        click.echo(f"{r.id}: audience {r.audience}, exclusive {r.exclusive}")


@click.command("plan")
@click.option("--k", type=int, default=None, help="How many creators (default 4 without a budget).")
@click.option(
    "--goal", type=click.Choice(GOALS), default="reach", show_default=True, help="What to maximise."
)
@click.option("--cluster", type=int, help="Target only this cluster's audience.")
@click.option("--frequency", default=3, show_default=True, help="Frequency goal: reached this often or more.")
@click.option(
    "--min-cluster-reach", default=1, show_default=True, help="Bridge goal: reach a cluster counts from."
)
@click.option("--tier", type=click.Choice(TIERS), help="Only creators of this follower tier.")
@click.option(
    "--topic", "topics", multiple=True, help="Only creators posting about one of these (repeatable)."
)
@click.option("--country", "countries", multiple=True, help="Only creators in one of these (repeatable).")
@click.option("--require", multiple=True, help="Creator ids that must be in the plan (repeatable).")
@click.option("--exclude", multiple=True, help="Creator ids never in the plan (repeatable).")
@click.option("--min-engagement", type=float, help="Lowest engagement_rate allowed, e.g. 0.02.")
@click.option("--budget", type=float, help="Total cost allowed (needs --cost-column).")
@click.option("--cost-column", help="The Creator property that holds a creator's cost.")
@click.option("--pool-size", default=1000, show_default=True, help="Largest candidate pool (by followers).")
@click.option("--include-flagged", is_flag=True, help="Keep creators with authenticity flags in the pool.")
@AUDIENCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def plan_command(ctx: click.Context, /, as_json: bool, **options: Any) -> None:
    """Choose k creators (or a budget's worth) for a goal: reach, frequency or bridge."""
    settings = settings_of(ctx)
    for name in ("topics", "countries", "require", "exclude"):
        options[name] = list(split_values(options[name]))
    if options["k"] is None and options["budget"] is None:
        options["k"] = 4
    options["cost_property"] = options.pop("cost_column")
    request = PlanRequest.from_mapping(options)
    with Graph.connect(settings) as graph:
        result = plan(graph, request, settings.tier_limits, index_store(settings))
    if as_json:
        echo_json(result.to_dict())
    else:
        _print_plan(result)


def _print_plan(result: Plan) -> None:
    for line in plan_lines(result):
        click.echo(line)


@click.command("segments")
@click.option("--cluster", type=int, help="The target: this cluster's audience.")
@click.option("--creators", "creator_ids", multiple=True, help="Or: seed creator ids (comma-separated).")
@click.option(
    "--roster", multiple=True, help="Creators already booked (default: the seeds), for the white space."
)
@click.option("--min-shared", default=3, show_default=True, help="Leave out overlaps smaller than this.")
@click.option("--limit", default=10, show_default=True, help="Rows per list.")
@AUDIENCE_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def segments_command(
    ctx: click.Context,
    cluster: int | None,
    creator_ids: tuple[str, ...],
    roster: tuple[str, ...],
    min_shared: int,
    limit: int,
    audience: str,
    as_json: bool,
) -> None:
    """Hidden segments of a target audience (clusters and creators by lift) and its white space."""
    with Graph.connect(settings_of(ctx)) as graph:
        result = hidden_segments(
            graph,
            cluster=cluster,
            creator_ids=split_values(creator_ids) or None,
            roster_ids=split_values(roster) or None,
            min_shared=min_shared,
            limit=limit,
            audience=audience,
            index=index_store(settings_of(ctx)),
        )
    if as_json:
        echo_json(result.to_dict())
        return
    click.echo(
        f"target audience ({audience}): {result.target_size} members of {len(result.target_ids)} creator(s)"
    )
    for c in result.clusters:
        click.echo(f"cluster {c.cluster}: lift {c.lift:.2f}, shared {c.shared} of its {c.audience}")
    for r in result.creators:
        click.echo(f"{r.id} (cluster {r.cluster}): lift {r.lift:.2f}, shared {r.shared} of its {r.audience}")
    if result.white_space:
        w = result.white_space
        click.echo(f"roster covers {w.covered} of {w.target_size}; {w.uncovered} uncovered")
        for part in w.by_cluster:
            click.echo(f"  uncovered in cluster {part['cluster']}: {part['uncovered']}")
        for gap in w.creators:
            click.echo(f"  {gap.id} reaches {gap.uncovered_reached} of them")


@click.command("rank")
@click.option(
    "--goal", type=click.Choice(RANKING_GOALS), default="awareness", show_default=True, help="Ranking."
)
@click.option("--cluster", type=int, help="Target audience: this cluster's (conversion needs a target).")
@click.option(
    "--creators", "creator_ids", multiple=True, help="Or: seed creators whose audience is the target."
)
@click.option("--limit", default=20, show_default=True, help="How many creators.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@reports_errors
def rank_command(
    ctx: click.Context,
    goal: str,
    cluster: int | None,
    creator_ids: tuple[str, ...],
    limit: int,
    as_json: bool,
) -> None:
    """Rank creators for a goal: awareness (reach, bridges) or conversion (engagement, target fit)."""
    with Graph.connect(settings_of(ctx)) as graph:
        result = rank_creators(
            graph,
            goal,
            cluster=cluster,
            creator_ids=split_values(creator_ids) or None,
            limit=limit,
            index=index_store(settings_of(ctx)),
        )
    if as_json:
        echo_json(result.to_dict())
        return
    for n, r in enumerate(result.creators, 1):
        click.echo(f"{n}. {r.id} score {r.score:.3f} " + " ".join(f"{k}={v:.3f}" for k, v in r.parts.items()))


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
        report = campaign_report(graph, campaign_id, frequency, index_store(settings_of(ctx)))
    if as_json:
        echo_json(report)
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


COMMANDS: tuple[click.Command, ...] = (
    simulate_command,
    plan_command,
    segments_command,
    rank_command,
    campaign_results,
    campaign_report_command,
)
