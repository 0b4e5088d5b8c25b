"""The saved Browser queries return what they promise on the "two groups and a bridge" graph
(see test_analysis.py): clusters as styled virtual nodes, bridges between the two groups, a
creator's shared audience, mention paths and a cluster's frequency pack."""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.analysis import run_analysis
from service.graph.db import Graph
from service.graph.queries import get_query
from tests.test_analysis import ALL_PAIRS, A, seed_two_groups


@pytest.fixture(scope="module")
def clusters(db: Graph) -> dict[str, int]:
    seed_two_groups(db)
    run_analysis(db, ALL_PAIRS)
    rows = db.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    return {row["id"]: row["cluster"] for row in rows}


def run(db: Graph, name: str, **params: Any) -> list[Any]:
    records, _, _ = db.driver.execute_query(get_query(name).text, params, database_=db.database)
    return records


def test_show_cluster_labels_nodes_for_the_style(db: Graph, clusters: dict[str, int]) -> None:
    records = run(db, "browser.show_cluster", cluster=clusters["a1"])
    nodes = {r["creator"]["id"]: set(r["creator"].labels) for r in records}
    assert set(nodes) <= set(A) | {"x"} and len(nodes) >= 3
    assert nodes["a1"] >= {"Creator", f"Cluster{clusters['a1']}", "Tier_nano", "Hub"}
    assert all(r["link"].type == "SHARES_AUDIENCE" for r in records)


def test_show_bridges_between_puts_x_first(db: Graph, clusters: dict[str, int]) -> None:
    records = run(db, "browser.show_bridges_between", a=clusters["a1"], b=clusters["b1"])
    scores = {r["bridge"]["id"]: r["bridge"]["bridge_score"] for r in records}
    # b1..b4 reach cluster A only through x, so they count too, but x bridges best.
    assert "x" in scores and max(scores, key=scores.__getitem__) == "x"
    assert not set(scores) & {"a1", "a2", "a3", "a4"}


def test_show_shared_audience_of_a1(db: Graph, clusters: dict[str, int]) -> None:
    records = run(db, "browser.show_shared_audience", creator="a1")
    assert {r["other"]["id"] for r in records} == {"a2", "a3", "a4", "x"}


def test_show_mention_paths(db: Graph, clusters: dict[str, int]) -> None:
    records = run(db, "browser.show_mention_paths", source="b1", target="x", max_hops=3)
    assert [[n["id"] for n in r["p"].nodes] for r in records] == [["b1", "x"]]
    assert run(db, "browser.show_mention_paths", source="a1", target="b1", max_hops=4) == []


def test_show_frequency_pack_draws_members_reached_three_times(db: Graph, clusters: dict[str, int]) -> None:
    records = run(db, "browser.show_frequency_pack", cluster=clusters["b1"])
    pack = {r["c"]["id"] for r in records}
    assert pack and pack <= {"b1", "b2", "b3", "b4", "x"}
    assert {r["fan"]["id"] for r in records} <= {f"fb{i}" for i in range(10)}
