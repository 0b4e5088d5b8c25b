"""`simulate`: exact reach and frequency of a creator set, on a graph small enough to check by hand.

    A (cluster 1) <- m1 m2 m3 m4          FOLLOWS m1->A has weight 2.0
    B (cluster 1) <- m3 m4 m5
    C (cluster 2) <- m4 m5 m6 (FOLLOWS)   m6 also ENGAGED_WITH C (weight 3.0; its FOLLOWS has 0.5)
                     m7 (ENGAGED_WITH only)
    D (cluster 2) <- m8 m9                 (not in the campaign)
    E (cluster 3)    no audience
    S1..S8 (cluster 4) <- s1 (all eight); S1 also <- s2

Campaign {A, B, C}: m1 m2 m6 m7 are reached once, m3 (A, B) and m5 (B, C) twice, m4 (A, B, C)
three times: unique reach 7, impressions 4*1 + 2*2 + 1*3 = 11, effective reach at 3+ = 1 (m4), at
2+ = 3. Exclusive audiences: A {m1, m2}, B none, C {m6, m7}. Cluster 1's audience (A, B) is m1-m5,
all reached; cluster 2's (C, D) is m4-m9, of which m4-m7 are reached.
Weighted: exposures weigh 1 except m1->A (2.0) and m6->C (max(0.5, 3.0) = 3.0): impressions 14;
summed weights m1 2, m2 1, m3 2, m4 3, m5 2, m6 3, m7 1, so 2 members (m4, m6) reach 3.
"""

from __future__ import annotations

import pytest

from service.domain.campaigns.simulate import simulate, simulate_from_mapping
from service.graph.db import Graph
from service.graph.errors import ServiceError
from tests.campaign_graph import creator, seed


@pytest.fixture(scope="module")
def graph_abc(db: Graph) -> Graph:
    seed(
        db,
        [creator("A", 1), creator("B", 1), creator("C", 2), creator("D", 2), creator("E", 3)]
        + [creator(f"S{n}", 4) for n in range(1, 9)],
        follows={
            "A": ["m1", "m2", "m3", "m4"],
            "B": ["m3", "m4", "m5"],
            "C": ["m4", "m5", "m6"],
            "D": ["m8", "m9"],
            "S1": ["s1", "s2"],
        }
        | {f"S{n}": ["s1"] for n in range(2, 9)},
        engaged=[("m6", "C", 3.0), ("m7", "C")],
        weights={("m1", "A"): 2.0, ("m6", "C"): 0.5},
    )
    return db


def test_reach_impressions_and_frequency_distribution(graph_abc: Graph) -> None:
    result = simulate(graph_abc, ["A", "B", "C"])
    assert result.unique_reach == 7
    assert result.impressions == 11
    assert result.average_frequency == round(11 / 7, 4)
    assert result.frequency == {"1": 4, "2": 2, "3": 1, "4": 0, "5": 0, "6": 0, "7+": 0}
    assert result.effective_frequency == 3
    assert result.effective_reach == 1


def test_effective_reach_at_another_frequency(graph_abc: Graph) -> None:
    assert simulate(graph_abc, ["A", "B", "C"], frequency=2).effective_reach == 3
    assert simulate(graph_abc, ["A", "B", "C"], frequency=4).effective_reach == 0


def test_each_creators_exclusive_audience(graph_abc: Graph) -> None:
    creators = {c.id: (c.audience, c.exclusive) for c in simulate(graph_abc, ["A", "B", "C"]).creators}
    assert creators == {"A": (4, 2), "B": (3, 0), "C": (4, 2)}


def test_clusters_covered_with_reach_in_each(graph_abc: Graph) -> None:
    clusters = [
        (c.cluster, c.reach, c.audience, c.share, sorted(c.creators))
        for c in simulate(graph_abc, ["A", "B", "C"]).clusters
    ]
    assert clusters == [(1, 5, 5, 1.0, ["A", "B"]), (2, 4, 6, round(4 / 6, 4), ["C"])]


def test_weighted_exposures(graph_abc: Graph) -> None:
    result = simulate(graph_abc, ["A", "B", "C"], weighted=True)
    assert result.impressions == 14.0
    assert result.average_frequency == 2.0
    assert result.effective_reach == 2
    assert result.frequency["2"] == 2  # the distribution still counts exposures


def test_both_edges_to_one_creator_are_one_exposure(graph_abc: Graph) -> None:
    result = simulate(graph_abc, ["C"])
    assert result.unique_reach == 4
    assert result.impressions == 4
    assert result.frequency["1"] == 4


def test_repeated_ids_count_once(graph_abc: Graph) -> None:
    assert simulate(graph_abc, ["A", "A"]).creator_ids == ["A"]
    assert simulate(graph_abc, ["A", "A"]).impressions == 4


def test_seven_or_more_exposures_share_one_bucket(graph_abc: Graph) -> None:
    result = simulate(graph_abc, [f"S{n}" for n in range(1, 9)])
    assert result.frequency == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7+": 1}
    assert (result.unique_reach, result.impressions, result.effective_reach) == (2, 9, 1)


def test_a_creator_without_audience(graph_abc: Graph) -> None:
    result = simulate(graph_abc, ["E"])
    assert (result.unique_reach, result.impressions, result.average_frequency) == (0, 0, 0.0)
    assert result.clusters == []
    assert [(c.id, c.audience, c.exclusive) for c in result.creators] == [("E", 0, 0)]


def test_to_dict_is_json_ready(graph_abc: Graph) -> None:
    data = simulate(graph_abc, ["A", "B"]).to_dict()
    assert data["unique_reach"] == 5
    assert data["frequency"]["2"] == 2
    assert data["clusters"][0] == {
        "cluster": 1,
        "reach": 5,
        "audience": 5,
        "share": 1.0,
        "creators": ["A", "B"],
    }


def test_unknown_creator_ids_are_a_400_naming_the_field(graph_abc: Graph) -> None:
    with pytest.raises(ServiceError) as caught:
        simulate(graph_abc, ["A", "nobody", "ghost"])
    assert caught.value.status == 400
    assert caught.value.details == {"field": "creator_ids", "unknown": ["nobody", "ghost"]}
    assert "nobody, ghost" in caught.value.message


@pytest.mark.parametrize(
    ("ids", "frequency", "field"),
    [([], 3, "creator_ids"), (["A"], 0, "frequency"), ([""], 3, "creator_ids"), ("A", 3, "creator_ids")],
)
def test_bad_input_is_a_400(graph_abc: Graph, ids: list[str], frequency: int, field: str) -> None:
    with pytest.raises(ServiceError) as caught:
        simulate(graph_abc, ids, frequency=frequency)
    assert (caught.value.status, caught.value.details["field"]) == (400, field)


def test_simulate_from_a_json_body(graph_abc: Graph) -> None:
    body = {"creator_ids": ["A", "B", "C"], "frequency": 2, "weighted": False}
    assert simulate_from_mapping(graph_abc, body).effective_reach == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "creator_ids"),
        ({"creator_ids": ["A"], "freq": 2}, "freq"),
        ({"creator_ids": ["A"], "weighted": "yes"}, "weighted"),
        ({"creator_ids": ["A"], "frequency": "3"}, "frequency"),
        ([], "body"),
    ],
)
def test_bad_json_bodies_are_400s(graph_abc: Graph, body: object, field: str) -> None:
    with pytest.raises(ServiceError) as caught:
        simulate_from_mapping(graph_abc, body)  # type: ignore[arg-type]
    assert (caught.value.status, caught.value.details["field"]) == (400, field)
