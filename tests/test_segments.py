"""Hidden segments (lift), white space and goal-aware ranking, on a graph checkable by hand.

    creator  cluster  followers  bridge  hub  engagement  audience
    T1       1        1,000      0       1.0  0.02        t1 t2 t3 t4 t5 t6
    T2       1        2,000      0       0    0.04        t4 t5 t6 t7 t8
    N1       2        5,000      1.0     0    0.08        t1 t2 t3 t4 n1             (nutrition coach)
    G1       3        100,000    0.2     0    0.01        t4 t5 t6 t7 t8 g1 .. g15   (gaming giant)
    U1       4        50,000     0       0    0.08        u1 .. u5

29 members in all. Cluster 1's audience (the target) is t1-t8: 8 members. Cluster 2 shares 4 of
its 5: lift (4/5) / (8/29) = 2.9. Cluster 3 shares more (5) but of 20: lift (5/20) / (8/29) =
0.90625. So the nutrition cluster ranks first although the gaming one overlaps more in raw numbers.
With roster {T1}, t7 and t8 are uncovered; G1 and T2 reach both; in other clusters' audiences they
sit in cluster 3 (G1).
"""

from __future__ import annotations

import math

import pytest

from service.domain.campaigns.rank import rank_creators
from service.domain.campaigns.segments import hidden_segments
from service.graph.db import Graph
from service.graph.errors import ServiceError
from tests.campaign_graph import creator, members, seed


@pytest.fixture(scope="module")
def fitness(db: Graph) -> Graph:
    seed(
        db,
        [
            creator("T1", 1, 1_000, hub_score=1.0, engagement_rate=0.02),
            creator("T2", 1, 2_000, engagement_rate=0.04),
            creator("N1", 2, 5_000, bridge_score=1.0, engagement_rate=0.08),
            creator("G1", 3, 100_000, bridge_score=0.2, engagement_rate=0.01),
            creator("U1", 4, 50_000, engagement_rate=0.08),
        ],
        follows={
            "T1": members("t", 1, 6),
            "T2": members("t", 4, 8),
            "N1": ["t1", "t2", "t3", "t4", "n1"],
            "G1": [*members("t", 4, 8), *members("g", 1, 15)],
            "U1": members("u", 1, 5),
        },
    )
    return db


def test_clusters_rank_by_lift_not_raw_overlap(fitness: Graph) -> None:
    result = hidden_segments(fitness, cluster=1, min_shared=1)
    assert (result.target_ids, result.target_size, result.total_members) == (["T1", "T2"], 8, 29)
    assert [(c.cluster, c.shared, c.audience, c.lift) for c in result.clusters] == [
        (2, 4, 5, 2.9),
        (3, 5, 20, 0.9062),
    ]
    assert [(c.id, c.lift) for c in result.creators] == [("N1", 2.9), ("G1", 0.9062)]
    assert result.white_space is None  # a cluster target has no roster unless one is given


def test_min_shared_drops_small_overlaps(fitness: Graph) -> None:
    assert [c.cluster for c in hidden_segments(fitness, cluster=1, min_shared=5).clusters] == [3]


def test_seed_creators_as_target(fitness: Graph) -> None:
    # Target t1-t6 (T1's). T2 shares 3 of 5: (3/5) / (6/29) = 2.9; N1 4 of 5: 3.8667;
    # G1 3 of 20 (t4 t5 t6): 0.725.
    result = hidden_segments(fitness, creator_ids=["T1"], min_shared=1)
    assert [(c.id, c.lift) for c in result.creators] == [("N1", 3.8667), ("T2", 2.9), ("G1", 0.725)]
    assert [c.cluster for c in result.clusters] == [2, 1, 3]
    # The roster defaults to the seeds, which cover their own audience entirely.
    assert result.white_space is not None
    assert (result.white_space.covered, result.white_space.uncovered) == (6, 0)


def test_white_space_of_a_roster(fitness: Graph) -> None:
    space = hidden_segments(fitness, cluster=1, roster_ids=["T1"], min_shared=1).white_space
    assert space is not None
    assert (space.target_size, space.covered, space.uncovered) == (8, 6, 2)
    assert space.by_cluster == [{"cluster": 3, "uncovered": 2}]
    assert [(c.id, c.uncovered_reached) for c in space.creators] == [("G1", 2), ("T2", 2)]


def test_segments_to_dict(fitness: Graph) -> None:
    data = hidden_segments(fitness, cluster=1, roster_ids=["T1"]).to_dict()
    assert data["clusters"][0]["cluster"] == 2
    assert data["white_space"]["uncovered"] == 2


def test_conversion_ranking_favours_engaged_on_target_creators(fitness: Graph) -> None:
    # 0.4 engagement/0.08 + 0.4 affinity (share of audience in t1-t8) + 0.2 hub_score/1.0:
    # N1 0.4 + 0.4*0.8 = 0.72; T1 0.1 + 0.4 + 0.2 = 0.7; T2 0.2 + 0.4 = 0.6; U1 0.4; G1 0.05 + 0.1.
    result = rank_creators(fitness, "conversion", cluster=1)
    assert [(c.id, c.score) for c in result.creators] == [
        ("N1", 0.72),
        ("T1", 0.7),
        ("T2", 0.6),
        ("U1", 0.4),
        ("G1", 0.15),
    ]


def test_awareness_ranking_by_reach_and_bridge_score(fitness: Graph) -> None:
    # 0.6 log1p(followers)/log1p(100000) + 0.4 bridge_score/1.0.
    top = math.log1p(100_000)
    expected = {
        "N1": 0.6 * math.log1p(5_000) / top + 0.4,
        "G1": 0.6 + 0.4 * 0.2,
        "U1": 0.6 * math.log1p(50_000) / top,
        "T2": 0.6 * math.log1p(2_000) / top,
        "T1": 0.6 * math.log1p(1_000) / top,
    }
    result = rank_creators(fitness, "awareness", limit=3)
    assert [c.id for c in result.creators] == ["N1", "G1", "U1"]
    for ranked in result.creators:
        assert ranked.score == pytest.approx(expected[ranked.id], abs=1e-4)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda g: rank_creators(g, "conversion"), "cluster"),
        (lambda g: rank_creators(g, "virality"), "goal"),
        (lambda g: hidden_segments(g), "cluster"),
        (lambda g: hidden_segments(g, cluster=1, creator_ids=["T1"]), "cluster"),
        (lambda g: hidden_segments(g, cluster=42), "cluster"),
        (lambda g: hidden_segments(g, creator_ids=["ghost"]), "creator_ids"),
        (lambda g: hidden_segments(g, cluster=1, roster_ids=["ghost"]), "roster"),
        (lambda g: hidden_segments(g, cluster=1, limit=0), "limit"),
    ],
)
def test_bad_input_is_a_400(fitness: Graph, call: object, field: str) -> None:
    with pytest.raises(ServiceError) as caught:
        call(fitness)  # type: ignore[operator]
    assert (caught.value.status, caught.value.details["field"]) == (400, field)
