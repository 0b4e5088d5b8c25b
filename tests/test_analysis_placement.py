"""Unplaced creators: a creator whose links mostly lead out of its cluster (or that has none) is
marked `unplaced` instead of counting as a member like the others (issue 18 item 3).

The market: three groups A, B, C of four creators; ten fans of each group follow all four of it
(every creator also has five fans of its own). X shares three fans with a1, three with b1 and
three with c1: Leiden must put it somewhere, but a third of its link weight at most is inside.
Z shares nobody: no links at all.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.domain.analysis import AnalysisParams, cluster_summaries, run_analysis
from service.domain.analysis.reads import cluster_members
from service.graph.db import Graph
from tests.seed import seed

GROUPS = {g: [f"{g}{i}" for i in range(1, 5)] for g in ("a", "b", "c")}


@pytest.fixture(scope="module")
def market(db: Graph) -> Graph:
    creators = [c for members in GROUPS.values() for c in members] + ["X", "Z"]
    follows = [(f"fan-{g}{n}", c) for g, members in GROUPS.items() for n in range(10) for c in members]
    follows += [(f"own-{c}-{n}", c) for c in creators for n in range(5)]
    follows += [(f"x-{g}{n}", c) for g in GROUPS for n in range(3) for c in (f"{g}1", "X")]
    seed(db, creators, follows=follows)
    return db


def test_weakly_placed_creators_are_unplaced_and_counted(market: Graph, client: FlaskClient) -> None:
    summary = run_analysis(market, AnalysisParams())
    assert summary.counts["clusters"] == 4 and summary.counts["unplaced"] == 2
    x = client.get("/creators/X").get_json()
    assert x["unplaced"] is True and x["placement"] == pytest.approx(1 / 3, abs=1e-3)
    z = client.get("/creators/Z").get_json()
    assert z["unplaced"] is True and z.get("placement") is None
    a2 = client.get("/creators/a2").get_json()
    assert a2["unplaced"] is False and a2["placement"] > 0.9
    by_cluster = {row["cluster"]: row for row in cluster_summaries(market, limit=10)}
    assert by_cluster[x["cluster"]]["unplaced"] == 1 and by_cluster[z["cluster"]]["unplaced"] == 1
    members = {row["id"]: row for row in cluster_members(market, x["cluster"], 0, 10)}
    assert members["X"]["unplaced"] is True and not members["a2"]["unplaced"]
    # The setting decides: at 0 only Z (no links); at 1 also the two of a1, b1, c1 whose link to
    # X leaves their cluster.
    assert run_analysis(market, AnalysisParams(min_placement=0.0)).counts["unplaced"] == 1
    assert run_analysis(market, AnalysisParams(min_placement=1.0)).counts["unplaced"] == 4
