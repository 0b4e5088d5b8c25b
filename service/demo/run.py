"""`make demo`: the main job end to end on this machine.

Start the local Neo4j (unless NEO4J_URI names another), load the generated demo market when the
database holds no creators, analyse it, flag suspicious creators, report the planted campaign,
analyse again on cleaned audiences (raw and cleaned side by side), print campaign plans on raw and
cleaned audiences and working curl commands, and
serve the API and the map until Ctrl-C, which also stops the Neo4j this command started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from loaders import load_dataset
from loaders.demo_data import generate_demo_data
from loaders.demo_spec import DemoSpec
from service.demo.living import living_demo_step
from service.domain.analysis import AnalysisParams, cluster_summaries, run_analysis
from service.domain.analysis.reads import current_run, list_bridges
from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.creators import has_creators
from service.graph.db import Graph
from service.graph.settings import Settings
from service.ops.local_neo4j import LocalNeo4j
from service.text import plan_lines
from service.web.server import serve

Say = Callable[[str], None]


def run_demo(settings: Settings, say: Say) -> None:
    with local_neo4j(settings, say):
        with Graph.connect(settings) as graph:
            load_demo_market(graph, settings, say)
            analyze_demo_data(graph, say)
            # Flags first: plans leave flagged creators out. Then the planted campaign's report.
            living_demo_step(graph, settings.cache_dir / "demo-market", say)
            analyze_cleaned_audiences(graph, say)
            show_plans(graph, settings, say)
            show_examples(graph, settings, say)
        say("Press Ctrl-C to stop.")
        serve(settings)


@contextmanager
def local_neo4j(settings: Settings, say: Say) -> Iterator[None]:
    """The local server for the block; stopped afterwards only if this started it."""
    local = LocalNeo4j(settings) if settings.uses_local_server else None
    started_here = local is not None and local.pid() is None
    if local is not None:
        say(local.start(echo=True))
    try:
        yield
    finally:
        if local is not None and started_here:
            say(local.stop())


def load_demo_market(graph: Graph, settings: Settings, say: Say, spec: DemoSpec | None = None) -> None:
    """Generate and load the demo market, unless the database already holds creators."""
    if has_creators(graph):
        say("The database already holds creators: using them (`influence-map db reset` starts over).")
        return
    folder = settings.cache_dir / "demo-market"
    generate_demo_data(folder, spec or DemoSpec())
    summary = load_dataset(graph, folder, batch_size=settings.batch_size)
    say(
        f"Loaded the demo market from {folder}: {summary.rows} rows ({summary.created} created) "
        f"in {summary.elapsed:.1f}s"
    )


def analyze_demo_data(graph: Graph, say: Say) -> None:
    """Run the analysis with its default parameters, so the demo serves clusters, hubs and bridges."""
    summary = run_analysis(graph, AnalysisParams(), say)
    say(f"Analysis {summary.run_id}: modularity {summary.modularity:.3f}, counts {summary.counts}")


def analyze_cleaned_audiences(graph: Graph, say: Say) -> None:
    """Analyse again without the members the flags marked suspicious, and serve that run: with
    Jaccard as the pair score the demo market's bots tie every cluster to every other (affinity,
    the default, already discounts them). Prints both runs side by side."""
    raw = current_run(graph)
    cleaned = run_analysis(graph, AnalysisParams(audience="cleaned"))
    raw_counts = raw["counts"] if raw else {}
    say(
        f"Analysis on cleaned audiences {cleaned.run_id} (now served): modularity "
        f"{raw['modularity'] if raw else 0:.3f} raw -> {cleaned.modularity:.3f} cleaned, clusters "
        f"{raw_counts.get('clusters', 0)} -> {cleaned.counts['clusters']}, members "
        f"{raw_counts.get('members', 0)} -> {cleaned.counts['members']} "
        "(`influence-map changes --since previous` lists what moved)"
    )


def show_plans(graph: Graph, settings: Settings, say: Say) -> None:
    """One reach plan over everyone and one frequency pack inside the largest cluster."""

    bounds = settings.tier_limits
    largest = cluster_summaries(graph, limit=1)[0]["cluster"]
    for title, request in (
        ("Reach plan: 4 micro-influencers for the widest unique audience", PlanRequest(k=4, tier="micro")),
        (
            "The same plan on cleaned audiences (suspicious members removed)",
            PlanRequest(k=4, tier="micro", audience="cleaned"),
        ),
        (
            f"Frequency pack: 4 creators reaching cluster {largest}'s audience 3+ times",
            PlanRequest(goal="frequency", k=4, cluster=largest, frequency=3),
        ),
    ):
        say(f"\n{title}")
        for line in plan_lines(plan(graph, request, bounds)):
            say(f"  {line}")


def show_examples(graph: Graph, settings: Settings, say: Say) -> None:
    """Addresses to open and curl commands that work on the demo data."""
    base = f"http://{settings.host}:{settings.port}"
    bridge = (list_bridges(graph, None, 0, 1) or [{"id": "?"}])[0]["id"]
    say("")
    say(f"Map:     {base}/map")
    say(f"API:     {base}/docs  (OpenAPI: {base}/openapi.json)")
    say(f"Browser: http://127.0.0.1:{settings.http_port}/browser/  (`influence-map db env` for the login)")
    say("Try:")
    say(f"  curl -s {base}/bridges?limit=5")
    say(f"  curl -s {base}/creators/{bridge}/overlap?limit=5")
    say(f"  curl -s {base}/creators/{bridge}/overlap/cleaned?limit=5")
    say(
        f"  curl -s -X POST {base}/campaigns/simulate -H 'Content-Type: application/json' "
        f'-d \'{{"creator_ids": ["{bridge}"]}}\''
    )
