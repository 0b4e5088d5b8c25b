"""`plan` for reach, with constraints, a budget and bad input, on a graph checkable by hand.

    creator  cluster  followers  fee  country  topics      engagement  audience
    X        1        200,000    100  US       fitness     0.01        r1 r2 r3 r4 r5 r6
    Y        1        150,000     30  US       nutrition   0.03        r1 r2 r3 r7 r8
    Z        2         80,000     40  US       fitness     0.03        r4 r5 r6 r9
    W        2         20,000     20  DE       fitness     0.03        r7 r8 r9 r10
    V        3          3,000      8  US       fitness     0.03        r11  (and POSTS_ABOUT yoga)

Greedy reach: X (+6), then W (+4: r7 r8 r9 r10; Y would add 2, Z 1), then V (+1): 11 people.
Nothing else adds anyone, so k=4 stops after 3. The top 3 by followers (X, Y, Z) reach only 9.
"""

from __future__ import annotations

from typing import Any

import pytest

from service.domain.campaigns.plan import PlanRequest, plan
from service.domain.campaigns.simulate import simulate
from service.graph.db import Graph
from service.graph.errors import ServiceError
from tests.campaign_graph import creator, members, seed


@pytest.fixture(scope="module")
def graph_xyz(db: Graph) -> Graph:
    seed(
        db,
        [
            creator("X", 1, 200_000, fee=100, engagement_rate=0.01),
            creator("Y", 1, 150_000, fee=30, topics=["Nutrition"]),
            creator("Z", 2, 80_000, fee=40),
            creator("W", 2, 20_000, fee=20, country="DE"),
            creator("V", 3, 3_000, fee=8),
        ],
        follows={
            "X": members("r", 1, 6),
            "Y": ["r1", "r2", "r3", "r7", "r8"],
            "Z": ["r4", "r5", "r6", "r9"],
            "W": members("r", 7, 10),
            "V": ["r11"],
        },
    )
    db.driver.execute_query(
        "MATCH (v:Creator {id: 'V'}) MERGE (t:Topic {name: 'Yoga'}) MERGE (v)-[:POSTS_ABOUT]->(t)",
        database_=db.database,
    )
    return db


def picks(result: Any) -> list[tuple[str, int, int]]:
    return [(p.id, p.gain, p.total) for p in result.picks]


def test_greedy_reach_with_marginal_gains(graph_xyz: Graph) -> None:
    result = plan(graph_xyz, PlanRequest(goal="reach", k=3))
    assert picks(result) == [("X", 6, 6), ("W", 4, 10), ("V", 1, 11)]
    assert result.objective == 11
    assert result.simulation is not None and result.simulation.unique_reach == 11
    assert simulate(graph_xyz, ["X", "Y", "Z"]).unique_reach == 9  # the top 3 by followers


def test_stops_when_nobody_adds_reach(graph_xyz: Graph) -> None:
    result = plan(graph_xyz, PlanRequest(goal="reach", k=4))
    assert [p.id for p in result.picks] == ["X", "W", "V"]
    assert any("stopped after 3" in note for note in result.notes)


def test_tier_keeps_only_micro_creators(graph_xyz: Graph) -> None:
    # micro = 5K-100K: Z (+4) then W (+3: r7 r8 r10).
    assert picks(plan(graph_xyz, PlanRequest(k=2, tier="micro"))) == [("Z", 4, 4), ("W", 3, 7)]
    assert picks(plan(graph_xyz, PlanRequest(k=2, tier="nano"))) == [("V", 1, 1)]


def test_tier_bounds_are_configurable(graph_xyz: Graph) -> None:
    # With micro up to 250K, X (mid by default) is micro and comes first.
    result = plan(graph_xyz, PlanRequest(k=1, tier="micro"), tier_bounds=(5_000, 250_000, 500_000, 1_000_000))
    assert picks(result) == [("X", 6, 6)]


def test_country_topic_and_engagement_filters(graph_xyz: Graph) -> None:
    assert [p.id for p in plan(graph_xyz, PlanRequest(k=2, countries=("DE",))).picks] == ["W"]
    assert [p.id for p in plan(graph_xyz, PlanRequest(k=2, topics=("nutrition",))).picks] == ["Y"]
    assert [p.id for p in plan(graph_xyz, PlanRequest(k=2, topics=("yoga",))).picks] == ["V"]
    # X's engagement 0.01 is too low: Y (+5), then Z (+4; W would add 2).
    assert picks(plan(graph_xyz, PlanRequest(k=2, min_engagement=0.02))) == [("Y", 5, 5), ("Z", 4, 9)]


def test_required_creators_come_first_and_excluded_never(graph_xyz: Graph) -> None:
    result = plan(graph_xyz, PlanRequest(k=2, require=("V",)))
    assert [(p.id, p.required, p.gain) for p in result.picks] == [("V", True, 1), ("X", False, 6)]
    # Required creators come in the order given, and stay even when the filters would drop them.
    assert [p.id for p in plan(graph_xyz, PlanRequest(k=3, require=("V", "Z", "X"))).picks] == ["V", "Z", "X"]
    assert [p.id for p in plan(graph_xyz, PlanRequest(k=1, require=("V",), tier="mega")).picks] == ["V"]
    assert picks(plan(graph_xyz, PlanRequest(k=1, exclude=("X",)))) == [("Y", 5, 5)]


def test_budget_plan_picks_by_reach_per_cost(graph_xyz: Graph) -> None:
    # Per fee: W 4/20, then V 1/8, then Y 3/30 (r1 r2 r3); Z (40) and X (100) no longer fit in 60.
    result = plan(graph_xyz, PlanRequest(k=None, budget=60, cost_property="fee"))
    assert picks(result) == [("W", 4, 4), ("V", 1, 5), ("Y", 3, 8)]
    assert result.spent == 58
    assert [p.cost for p in result.picks] == [20, 8, 30]


def test_plan_to_dict_is_json_ready(graph_xyz: Graph) -> None:
    data = plan(graph_xyz, PlanRequest(k=1)).to_dict()
    assert data["picks"][0]["id"] == "X"
    assert data["picks"][0]["gain"] == 6
    assert data["simulation"]["unique_reach"] == 6
    assert data["request"]["k"] == 1


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"k": 0}, "k"),
        ({"k": "4"}, "k"),
        ({"goal": "viral"}, "goal"),
        ({"tier": "giga"}, "tier"),
        ({"k": None}, "k"),
        ({"budget": 50}, "cost_property"),
        ({"budget": -1, "cost_property": "fee"}, "budget"),
        ({"cost_property": "fee; DROP"}, "cost_property"),
        ({"frequency": 0}, "frequency"),
        ({"require": ["X"], "exclude": ["X"]}, "require"),
        ({"k": 1, "require": ["X", "Y"]}, "require"),
        ({"topics": [3]}, "topics"),
        ({"colour": "red"}, "colour"),
        ({"min_engagement": "high"}, "min_engagement"),
        ([1, 2], "body"),
    ],
)
def test_bad_requests_are_400s_naming_the_field(request_fields: Any, field: str) -> None:
    with pytest.raises(ServiceError) as caught:
        PlanRequest.from_mapping(request_fields)
    assert (caught.value.status, caught.value.code, caught.value.details["field"]) == (
        400,
        "invalid_input",
        field,
    )


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"require": ("ghost",)}, "require"),
        ({"exclude": ("ghost",)}, "exclude"),
        ({"cluster": 99}, "cluster"),
        ({"budget": 10, "cost_property": "fee", "require": ("X",)}, "budget"),
        ({"budget": 10, "cost_property": "price", "require": ("X",)}, "require"),
    ],
)
def test_unknown_ids_and_impossible_plans_are_400s(
    graph_xyz: Graph, request_fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        plan(graph_xyz, PlanRequest(**request_fields))
    assert (caught.value.status, caught.value.details["field"]) == (400, field)
