"""`make demo`: the main job end to end on this machine."""

from __future__ import annotations

from collections.abc import Callable

from service.localdb import LocalNeo4j
from service.server import serve
from service.settings import Settings


def run_demo(settings: Settings, say: Callable[[str], None]) -> None:
    """Start the local Neo4j (unless NEO4J_URI names another), serve the API until Ctrl-C."""
    local = LocalNeo4j(settings) if settings.uses_local_server else None
    started_here = local is not None and local.pid() is None
    if local is not None:
        say(local.start(echo=True))
    try:
        analyze_demo_data(settings, say)
        base = f"http://{settings.host}:{settings.port}"
        say(f"API:     {base}/health")
        say(
            f"Browser: http://127.0.0.1:{settings.http_port}/browser/  (`influence-map db env` for the login)"
        )
        say("Press Ctrl-C to stop.")
        serve(settings)
    finally:
        if local is not None and started_here:
            say(local.stop())


def analyze_demo_data(settings: Settings, say: Callable[[str], None]) -> None:
    """Run the analysis (default parameters) on whatever creators are loaded, so the demo serves
    clusters, hubs and bridges; says so and skips when nothing is loaded yet."""
    from service.analysis import AnalysisParams, run_analysis
    from service.db import Graph

    graph = Graph.connect(settings)
    try:
        if not (graph.read_one("analysis.count_audience") or {}).get("creators"):
            say("No creators loaded yet: load data, then run `influence-map analyze`.")
            return
        summary = run_analysis(graph, AnalysisParams(), say)
        say(f"analysis {summary.run_id}: modularity {summary.modularity:.3f}, counts {summary.counts}")
    finally:
        graph.close()
