"""`influence-map changes`: what moved between two analysis runs."""

from __future__ import annotations

import click

from service.cli.common import echo_json, reports_errors, settings_of
from service.domain.changes import ChangeParams, changes_since
from service.graph.db import Graph


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
        echo_json(result)
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


COMMANDS: tuple[click.Command, ...] = (changes,)
