"""Unplaced creators: those whose placement in their cluster is weak.

Leiden puts every creator in some community, so a creator whose links mostly lead elsewhere (or
that has no links) still lands in a cluster, and many such creators make a catch-all cluster
(docs/analysis.md, "Unplaced creators"). `mark_placement` measures, per creator of a run, the
share of its clustering-link weight that stays inside its cluster (`placement`) and marks it
`unplaced` below `AnalysisParams.min_placement`; both are published with the run's other
per-creator results (RESULT_PROPERTIES) and the run record counts them (`counts.unplaced`).
"""

from __future__ import annotations

from collections.abc import Mapping

from service.graph.db import Graph

# The per-creator results this step adds to a run (published like the others).
PLACEMENT_PROPERTIES = ("placement", "unplaced")


def mark_placement(
    graph: Graph, run_id: str, placements: Mapping[str, float | int | None], min_placement: float
) -> int:
    """Store `placement` (from link_graph.LinkGraph.placement, by creator id) and `unplaced` on
    the run's SCORED relationships; return how many are unplaced."""
    graph.write(
        "analysis.write_placement", run_id=run_id, placements=dict(placements), min_placement=min_placement
    )
    row = graph.read_one("analysis.count_unplaced", run_id=run_id) or {}
    return int(row.get("unplaced", 0))
