"""`influence-map analyze` and `influence-map explain CREATOR_ID`."""

from __future__ import annotations

import json
from dataclasses import fields

import click

from service.cli.common import reports_errors, settings_of
from service.domain.analysis import (
    ALGORITHMS,
    AnalysisParams,
    cluster_summaries,
    explain_bridge,
    run_analysis,
)
from service.domain.audience import AUDIENCES
from service.graph.db import Graph
from service.text import explain_lines

DEFAULTS = {
    spec.name: spec.default for spec in fields(AnalysisParams) if spec.name not in ("bridge_weights",)
}


@click.command()
@click.option(
    "--min-shared",
    type=int,
    default=DEFAULTS["min_shared"],
    show_default=True,
    help="Least shared members for a pair.",
)
@click.option(
    "--top-k",
    type=int,
    default=DEFAULTS["top_k"],
    show_default=True,
    help="Similar creators kept per creator.",
)
@click.option(
    "--min-jaccard",
    type=float,
    default=DEFAULTS["min_jaccard"],
    show_default=True,
    help="Least Jaccard for a pair.",
)
@click.option(
    "--mention-weight",
    type=float,
    default=DEFAULTS["mention_weight"],
    show_default=True,
    help="Weight of one mention in the clustering graph (0: audience only).",
)
@click.option(
    "--min-placement",
    type=float,
    default=DEFAULTS["min_placement"],
    show_default=True,
    help="Least share of a creator's link weight inside its cluster; below it is unplaced.",
)
@click.option("--algorithm", type=click.Choice(ALGORITHMS), default=DEFAULTS["algorithm"], show_default=True)
@click.option(
    "--resolution", type=float, default=DEFAULTS["resolution"], show_default=True, help="Leiden gamma."
)
@click.option(
    "--merge-pass/--no-merge-pass",
    default=DEFAULTS["merge_pass"],
    show_default=True,
    help="Merge whole communities after GDS while modularity (at the resolution) rises.",
)
@click.option("--seed", type=int, default=DEFAULTS["seed"], show_default=True, help="Random seed.")
@click.option(
    "--concurrency", type=int, default=DEFAULTS["concurrency"], show_default=True, help="GDS threads (1..4)."
)
@click.option("--hubs-per-cluster", type=int, default=DEFAULTS["hubs_per_cluster"], show_default=True)
@click.option(
    "--betweenness-exact-max",
    type=int,
    default=DEFAULTS["betweenness_exact_max"],
    show_default=True,
    help="Exact betweenness up to this many creators, sampled above.",
)
@click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default=DEFAULTS["audience"],
    show_default=True,
    help="cleaned: leave out members the last authenticity assessment marked suspicious.",
)
@click.option("--clusters", "shown", type=int, default=10, show_default=True, help="Clusters to summarise.")
@click.option("--json", "as_json", is_flag=True, help="Print the run record as one JSON line.")
@click.pass_context
@reports_errors
def analyze(ctx: click.Context, /, shown: int, as_json: bool, **options: object) -> None:
    """Shared audience, clusters, hubs and bridges: one recorded run, made current if it succeeds."""
    params = AnalysisParams(**options)  # type: ignore[arg-type]
    with Graph.connect(settings_of(ctx)) as graph:
        summary = run_analysis(graph, params, say=(lambda _m: None) if as_json else click.echo)
        if as_json:
            record = {
                "run_id": summary.run_id,
                "status": summary.status,
                "seed": summary.seed,
                "modularity": summary.modularity,
                "counts": summary.counts,
            }
            click.echo(json.dumps(record, sort_keys=True))
            return
        click.echo(
            f"modularity {summary.modularity:.4f}; counts {json.dumps(summary.counts, sort_keys=True)}"
        )
        for cluster in cluster_summaries(graph, shown):
            click.echo(
                f"cluster {cluster['cluster']}: {cluster['size']} creators, audience "
                f"{cluster['unique_audience']} unique / {cluster['total_audience']} total, density "
                f"{cluster['internal_density']:.2f}, hubs {', '.join(cluster['hubs']) or '-'}, topics "
                f"{', '.join(cluster['top_topics']) or '-'}"
            )


@click.command()
@click.argument("creator_id")
@click.pass_context
@reports_errors
def explain(ctx: click.Context, creator_id: str) -> None:
    """Explain a creator's bridge_score: every component, its percentile, weight and share."""
    with Graph.connect(settings_of(ctx)) as graph:
        explained = explain_bridge(graph, creator_id)
    for line in explain_lines(explained):
        click.echo(line)


COMMANDS: tuple[click.Command, ...] = (analyze, explain)
