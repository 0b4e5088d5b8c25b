"""Planted clusters are recovered exactly.

Three groups of five creators (g0-*, g1-*, g2-*); each group has 12 fans who follow all five of
its creators, and 3 "crossover" fans who follow one creator of their group and one of the next
group. The planted partition is the answer: every group one cluster, three clusters in all."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from service.cli.main import main
from service.domain.analysis import AnalysisParams, run_analysis
from service.graph.db import Graph
from service.graph.settings import Settings
from tests.seed import seed

GROUPS = {g: [f"g{g}-{k}" for k in range(5)] for g in range(3)}


@pytest.fixture
def planted(db: Graph) -> Graph:
    """A fresh database holding the three planted groups (never analysed yet)."""
    db.wipe()
    follows = [(f"fan{g}-{m}", c) for g, members in GROUPS.items() for m in range(12) for c in members]
    for g in GROUPS:
        nxt = (g + 1) % 3
        for m in range(3):
            follows += [(f"cross{g}-{m}", GROUPS[g][m]), (f"cross{g}-{m}", GROUPS[nxt][m])]
    seed(db, [c for members in GROUPS.values() for c in members], follows=follows)
    return db


def test_planted_clusters_are_recovered_exactly(planted: Graph) -> None:
    db = planted
    summary = run_analysis(db, AnalysisParams())
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    found = {row["id"]: row["cluster"] for row in rows}
    partition = {frozenset(c for c in found if found[c] == cluster) for cluster in set(found.values())}
    assert partition == {frozenset(members) for members in GROUPS.values()}
    assert summary.counts["clusters"] == 3
    # first run: ids 0, 1, 2 by size then smallest member id
    assert [found[GROUPS[g][0]] for g in range(3)] == [0, 1, 2]


def test_cli_analyze_prints_the_clusters(db: Graph, planted: Graph, test_settings: Settings) -> None:
    result = CliRunner().invoke(main, ["analyze", "--clusters", "5"], obj=test_settings)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("cluster ")]
    assert len(lines) == 3
    # each group: 5 creators; audience = its 12 fans + its 3 crossovers + the previous group's 3
    assert all(": 5 creators, audience 18 unique / " in line for line in lines)


def test_betweenness_is_sampled_above_the_exact_limit_and_the_mode_recorded(
    db: Graph, planted: Graph
) -> None:
    exact = run_analysis(db, AnalysisParams())
    sampled = run_analysis(db, AnalysisParams(betweenness_exact_max=10, betweenness_sampling_size=5))
    assert exact.counts["betweenness_mode"] == "exact"
    assert sampled.counts["betweenness_mode"] == "sampled(5)"
    current = db.read_one("analysis.get_current_run")
    assert current is not None and '"betweenness_mode": "sampled(5)"' in current["counts"]


def test_louvain_also_recovers_the_planted_clusters(db: Graph, planted: Graph) -> None:
    summary = run_analysis(db, AnalysisParams(algorithm="louvain"))
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    found = {row["id"]: row["cluster"] for row in rows}
    assert {frozenset(c for c in found if found[c] == k) for k in set(found.values())} == {
        frozenset(members) for members in GROUPS.values()
    }
    assert summary.counts["clusters"] == 3 and '"algorithm": "louvain"' in summary.params.to_json()
