"""`plan` for the frequency and bridge goals, each on its own hand-checkable graph.

Frequency pack (cluster 1's audience a1-a7 is the target):

    F1 (cluster 1, 900 followers)   <- a1 a2 a3 a4
    F2 (cluster 1, 800)             <- a1 a2 a3 a5
    F3 (cluster 1, 700)             <- a6 a7
    G  (cluster 2, 5000)            <- a4 a5 a6 b1 b2 b3 b4 b5

Frequency 2, k=2: nobody reaches anyone twice with one pick, so the first pick is the one with the
most target members below 2 exposures: F1 (4; ties F2, F1 is larger). Then F2 brings a1 a2 a3 to 2
exposures (gain 3); G would bring 1 (a4), F3 none. Reach, by contrast, picks G first (8 people).

Bridges (a cluster counts once the plan reaches 2 of its audience members):

    H1 (cluster 1) <- c1 c2 c3          B1 (cluster 1, bridge) <- c1 d1 d2 e1 e2
    H2 (cluster 2) <- d1 d2 d3          L  (cluster 2, 10000)  <- l1 .. l10
    H3 (cluster 3) <- e1 e2 e3          H4 (cluster 4)         <- f1 f2

A member is in a cluster's audience when it follows one of the cluster's creators: d1 and d2 are in
clusters 1 and 2, e1 and e2 in 1 and 3. B1 reaches cluster 1 (5), 2 (d1 d2) and 3 (e1 e2): 3
clusters at once. Then only H4 adds a cluster. Reach picks L (10) first.
"""

from __future__ import annotations

import pytest

from service.domain.campaigns.plan import PlanRequest, plan
from service.graph.db import Graph
from tests.campaign_graph import creator, members, seed


@pytest.fixture
def frequency_graph(db: Graph) -> Graph:
    db.wipe()
    seed(
        db,
        [creator("F1", 1, 900), creator("F2", 1, 800), creator("F3", 1, 700), creator("G", 2, 5000)],
        follows={
            "F1": members("a", 1, 4),
            "F2": ["a1", "a2", "a3", "a5"],
            "F3": ["a6", "a7"],
            "G": ["a4", "a5", "a6", *members("b", 1, 5)],
        },
    )
    return db


@pytest.fixture
def bridge_graph(db: Graph) -> Graph:
    db.wipe()
    seed(
        db,
        [
            creator("H1", 1, 500),
            creator("H2", 2, 500),
            creator("H3", 3, 500),
            creator("B1", 1, 300, bridge_score=0.9),
            creator("L", 2, 10_000),
            creator("H4", 4, 100),
        ],
        follows={
            "H1": members("c", 1, 3),
            "H2": members("d", 1, 3),
            "H3": members("e", 1, 3),
            "B1": ["c1", "d1", "d2", "e1", "e2"],
            "L": members("l", 1, 10),
            "H4": ["f1", "f2"],
        },
    )
    return db


def test_frequency_pack_inside_a_cluster(frequency_graph: Graph) -> None:
    result = plan(frequency_graph, PlanRequest(goal="frequency", k=2, cluster=1, frequency=2))
    assert [(p.id, p.gain, p.progress, p.new_reach, p.total) for p in result.picks] == [
        ("F1", 0, 4, 4, 0),
        ("F2", 3, 4, 1, 3),
    ]
    assert (result.objective, result.target_size) == (3, 7)
    assert result.simulation is not None
    assert (result.simulation.unique_reach, result.simulation.effective_reach) == (5, 3)


def test_reach_goal_differs_from_the_frequency_pack(frequency_graph: Graph) -> None:
    assert [p.id for p in plan(frequency_graph, PlanRequest(goal="reach", k=1)).picks] == ["G"]
    # Inside cluster 1's audience: F1 (4), then G (a5 a6: +2; ties F3, G is larger).
    targeted = plan(frequency_graph, PlanRequest(goal="reach", k=2, cluster=1))
    assert [(p.id, p.gain, p.total) for p in targeted.picks] == [("F1", 4, 4), ("G", 2, 6)]


def test_bridge_goal_covers_the_most_clusters(bridge_graph: Graph) -> None:
    result = plan(bridge_graph, PlanRequest(goal="bridge", k=2, min_cluster_reach=2))
    assert [(p.id, p.gain, p.total) for p in result.picks] == [("B1", 3, 3), ("H4", 1, 4)]
    assert result.objective == 4
    assert result.simulation is not None
    assert {c.cluster for c in result.simulation.clusters if c.reach >= 2} == {1, 2, 3, 4}


def test_reach_goal_picks_the_big_creator_not_the_bridge(bridge_graph: Graph) -> None:
    result = plan(bridge_graph, PlanRequest(goal="reach", k=2))
    assert [(p.id, p.gain) for p in result.picks] == [("L", 10), ("B1", 5)]


def test_a_small_pool_keeps_the_creators_reaching_the_target(frequency_graph: Graph) -> None:
    # By followers the 2-creator pool would be G and F1; by target members reached it is F1 and F2.
    result = plan(frequency_graph, PlanRequest(goal="frequency", k=2, cluster=1, frequency=2, pool_size=2))
    assert result.pool_size == 2
    assert [p.id for p in result.picks] == ["F1", "F2"]
    assert [p.id for p in plan(frequency_graph, PlanRequest(k=2, pool_size=2)).picks] == ["G", "F1"]
