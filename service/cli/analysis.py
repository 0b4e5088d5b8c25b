"""`influence-map analyze` and `influence-map explain CREATOR_ID`."""

from __future__ import annotations

import json
import sys
from dataclasses import fields

import click

from service.cli.common import reports_errors, settings_of
from service.cli.progress import TerminalProgress
from service.domain.analysis import (
    ALGORITHMS,
    ENGINES,
    LINK_FILTERS,
    PAIR_SCORES,
    AnalysisParams,
    cluster_summaries,
    explain_bridge,
    run_analysis,
)
from service.domain.analysis.names import rename_cluster
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
    help="Least Jaccard for a pair (0: top-k alone bounds the links; 0.01 was the old default).",
)
@click.option(
    "--pair-score",
    type=click.Choice(PAIR_SCORES),
    default=DEFAULTS["pair_score"],
    show_default=True,
    help="Ranks partners and weighs clusters: affinity (members of many creators count less) or jaccard.",
)
@click.option(
    "--link-filter",
    type=click.Choice(LINK_FILTERS),
    default=DEFAULTS["link_filter"],
    show_default=True,
    help="jaccard: pairs with Jaccard >= --min-jaccard; significant: also overlap far above chance.",
)
@click.option(
    "--max-p-value",
    type=float,
    default=DEFAULTS["max_p_value"],
    show_default=True,
    help="With --link-filter significant: the largest p-value (binomial tail) a link may have.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=DEFAULTS["engine"],
    show_default=True,
    help="Shared-audience engine: sparse (counts in memory), gds (nodeSimilarity; --pair-score "
    "jaccard) or spark (Apache Spark, embedded or on a cluster: docs/spark.md).",
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
@click.option(
    "--spark-master",
    default=DEFAULTS["spark_master"],
    show_default=True,
    help="Spark master URL (--engine spark): local[*] embedded, spark://HOST:7077 a cluster.",
)
@click.option(
    "--from",
    "spark_from",
    type=click.Path(file_okay=False),
    default=None,
    help="--engine spark: read audience.parquet or audience.csv of this dataset folder, not the graph.",
)
@click.option(
    "--max-member-degree",
    type=int,
    default=None,
    help="--engine spark: leave out members reaching more creators than this (counted in the run).",
)
@click.option(
    "--sketch-k",
    type=int,
    is_flag=False,
    flag_value=4096,
    default=None,
    help="--engine spark: estimate from theta sketches of K members per creator (alone: 4096).",
)
@click.option("--clusters", "shown", type=int, default=10, show_default=True, help="Clusters to summarise.")
@click.option("--json", "as_json", is_flag=True, help="Print the run record as one JSON line.")
@click.pass_context
@reports_errors
def analyze(ctx: click.Context, /, shown: int, as_json: bool, **options: object) -> None:
    """Shared audience, clusters, hubs and bridges: one recorded run, made current if it succeeds."""
    params = AnalysisParams(**options)  # type: ignore[arg-type]
    # On a terminal each step draws a live line; elsewhere (a pipe, a log) the one-line messages.
    progress = TerminalProgress(sys.stdout) if sys.stdout.isatty() and not as_json else None
    say = (lambda _m: None) if as_json or progress else click.echo
    with Graph.connect(settings_of(ctx)) as graph:
        try:
            summary = run_analysis(graph, params, say=say, watcher=progress)
        finally:
            if progress is not None:
                progress.close()
        if as_json:
            record = {
                "run_id": summary.run_id,
                "status": summary.status,
                "seed": summary.seed,
                "modularity": summary.modularity,
                "counts": summary.counts,
                "timings": summary.timings,
            }
            click.echo(json.dumps(record, sort_keys=True))
            return
        click.echo(
            f"modularity {summary.modularity:.4f}; counts {json.dumps(summary.counts, sort_keys=True)}"
        )
        for cluster in cluster_summaries(graph, shown):
            click.echo(
                f'cluster {cluster["cluster"]} "{cluster["name"]}": {cluster["size"]} creators, audience '
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


@click.command("rename-cluster")
@click.argument("cluster_id", type=int)
@click.argument("name", required=False)
@click.option("--automatic", is_flag=True, help="Drop the given name: back to the automatic one.")
@click.pass_context
@reports_errors
def rename_cluster_command(ctx: click.Context, cluster_id: int, name: str | None, automatic: bool) -> None:
    """Name a cluster of the current run; the name stays through re-analysis while the cluster does."""
    if bool(name) == automatic:
        raise click.UsageError("give a NAME, or --automatic to go back to the automatic name")
    with Graph.connect(settings_of(ctx)) as graph:
        named = rename_cluster(graph, cluster_id, None if automatic else name)
    click.echo(f'cluster {named["cluster"]}: "{named["name"]}" ({named["name_source"]})')


COMMANDS: tuple[click.Command, ...] = (analyze, explain, rename_cluster_command)
