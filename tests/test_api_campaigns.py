"""Campaign endpoints over HTTP, on the hand-checked graph of test_campaign_simulate.py:

    A (cluster 1) <- m1 m2 m3 m4;  B (cluster 1) <- m3 m4 m5;  C (cluster 2) <- m4 m5 m6, and m7
    engaged only;  D (cluster 2) <- m8 m9.
Campaign {A, B, C}: unique reach 7, impressions 11, m4 reached three times.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.graph.db import Graph
from tests.campaign_graph import creator, seed


@pytest.fixture(scope="module", autouse=True)
def stated_graph(db: Graph) -> None:
    seed(
        db,
        [creator("A", 1), creator("B", 1), creator("C", 2), creator("D", 2)],
        follows={
            "A": ["m1", "m2", "m3", "m4"],
            "B": ["m3", "m4", "m5"],
            "C": ["m4", "m5", "m6"],
            "D": ["m8", "m9"],
        },
        engaged=[("m7", "C")],
    )


def test_simulate(client: FlaskClient) -> None:
    response = client.post("/campaigns/simulate", json={"creator_ids": ["A", "B", "C"]})
    body = response.get_json()
    assert response.status_code == 200, body
    assert (body["unique_reach"], body["impressions"], body["effective_reach"]) == (7, 11, 1)
    assert body["frequency"] == {"1": 4, "2": 2, "3": 1, "4": 0, "5": 0, "6": 0, "7+": 0}
    assert {c["cluster"]: c["reach"] for c in body["clusters"]} == {1: 5, 2: 4}


def test_plan_reach_explains_each_pick(client: FlaskClient) -> None:
    body = client.post("/campaigns/plan", json={"goal": "reach", "k": 2}).get_json()
    # A reaches 4 people; then C adds m5, m6, m7 (3) where B would add only m5 and D m8, m9.
    assert [(p["id"], p["gain"]) for p in body["picks"]] == [("A", 4), ("C", 3)]
    assert body["simulation"]["unique_reach"] == 7


def test_segments_of_a_cluster(client: FlaskClient) -> None:
    response = client.get("/segments?cluster=1&min_shared=1")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["target_ids"] == ["A", "B"]
    assert [c["cluster"] for c in body["clusters"]] == [2]


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/campaigns/simulate", {"creator_ids": []}, "body.creator_ids"),
        ("/campaigns/simulate", {"creator_ids": ["A"], "frequency": 0}, "body.frequency"),
        ("/campaigns/simulate", {"creator_ids": "A"}, "body.creator_ids"),
        ("/campaigns/simulate", {"creators": ["A"]}, "body.creator_ids"),
        ("/campaigns/plan", {"goal": "fame"}, "body.goal"),
        ("/campaigns/plan", {"k": 0}, "body.k"),
        ("/campaigns/plan", {"tier": "giga"}, "body.tier"),
    ],
)
def test_bad_bodies_name_the_field(client: FlaskClient, path: str, payload: dict, field: str) -> None:
    response = client.post(path, json=payload)
    assert response.status_code == 400
    assert field in {d["field"] for d in response.get_json()["error"]["details"]}


def test_unknown_creators_are_a_400_naming_them(client: FlaskClient) -> None:
    response = client.post("/campaigns/simulate", json={"creator_ids": ["A", "nobody"]})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["details"]["unknown"] == ["nobody"]


def test_segments_need_a_cluster_or_creators(client: FlaskClient) -> None:
    response = client.get("/segments")
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["field"] == "cluster"
