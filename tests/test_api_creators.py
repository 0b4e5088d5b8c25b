"""The creator endpoints on a small stated graph: exact values, pagination, filters, injection."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.graph.db import Graph
from tests.seed import seed

CREATORS = [
    {
        "id": "a",
        "handle": "ana_fit",
        "name": "Ana",
        "platform": "instagram",
        "followers": 12_000,
        "engagement_rate": 0.05,
        "country": "DE",
        "cluster": 0,
        "bridge_score": 0.2,
        "hub_score": 0.9,
        "topics": ["fitness"],
    },
    {
        "id": "b",
        "handle": "ben_eats",
        "name": "Ben",
        "platform": "instagram",
        "followers": 250_000,
        "engagement_rate": 0.01,
        "country": "FR",
        "cluster": 1,
        "bridge_score": 0.8,
        "hub_score": 0.4,
        "topics": ["nutrition", "fitness"],
    },
    {
        "id": "c",
        "handle": "cé_ü",
        "name": "Céline",
        "platform": "tiktok",
        "followers": 3_000,
        "engagement_rate": 0.09,
        "country": "DE",
        "cluster": 1,
        "bridge_score": 0.5,
        "hub_score": 0.1,
        "topics": ["nutrition"],
    },
]


@pytest.fixture(scope="module", autouse=True)
def stated_graph(db: Graph) -> None:
    seed(
        db,
        CREATORS,
        mentions=[("a", "b", 3, "mention"), ("c", "a", 1, "repost")],
        shares=[
            {
                "a": "a",
                "b": "b",
                "shared": 4,
                "jaccard": 0.25,
                "overlap": 0.5,
                "share_a": 0.5,
                "share_b": 0.4,
                "lift": 1.6,
            },
            {
                "a": "c",
                "b": "a",
                "shared": 2,
                "jaccard": 0.1,
                "overlap": 0.4,
                "share_a": 0.4,
                "share_b": 0.25,
                "lift": 0.9,
            },
        ],
    )


def ids(client: FlaskClient, query: str) -> list[str]:
    response = client.get("/creators" + query)
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_default_sort_is_bridge_score(client: FlaskClient) -> None:
    assert ids(client, "") == ["b", "c", "a"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?sort=followers", ["b", "a", "c"]),
        ("?sort=engagement_rate", ["c", "a", "b"]),
        ("?sort=hub_score", ["a", "b", "c"]),
        ("?q=BEN", ["b"]),
        ("?q=c%C3%A9", ["c"]),
        ("?topic=fitness", ["b", "a"]),
        ("?country=DE&sort=followers", ["a", "c"]),
        ("?tier=micro", ["a"]),
        ("?tier=nano", ["c"]),
        ("?min_followers=5000&max_followers=300000&sort=followers", ["b", "a"]),
        ("?min_engagement=0.05", ["c", "a"]),
        ("?cluster=1", ["b", "c"]),
        ("?platform=tiktok", ["c"]),
    ],
)
def test_filters_and_sorts(client: FlaskClient, query: str, expected: list[str]) -> None:
    assert ids(client, query) == expected


def test_pagination_edges(client: FlaskClient) -> None:
    first = client.get("/creators?limit=2").get_json()
    assert [i["id"] for i in first["items"]] == ["b", "c"]
    assert first["truncated"] is True and first["next_offset"] == 2
    last = client.get("/creators?limit=2&offset=2").get_json()
    assert [i["id"] for i in last["items"]] == ["a"]
    assert last["truncated"] is False and last["next_offset"] is None
    assert client.get("/creators?offset=3").get_json()["items"] == []
    assert client.get("/creators?limit=500").status_code == 200
    assert client.get("/creators?limit=501").status_code == 400


def test_one_creator(client: FlaskClient, db: Graph) -> None:
    # Loaders stamp updated_at as a Neo4j datetime: it must come back as ISO 8601 text.
    db.driver.execute_query("MATCH (c:Creator {id: 'b'}) SET c.updated_at = datetime('2026-05-01T10:00:00Z')")
    body = client.get("/creators/b").get_json()
    assert body["updated_at"] == "2026-05-01T10:00:00.000000000+00:00"
    assert body["handle"] == "ben_eats" and body["tier"] == "mid"
    assert body["topics"] == ["fitness", "nutrition"]
    assert body["bridge_score"] == 0.8 and body["cluster"] == 1


def test_overlap_from_both_ends(client: FlaskClient) -> None:
    rows = client.get("/creators/a/overlap").get_json()["items"]
    assert [(r["id"], r["shared"], r["share_of_this"], r["share_of_other"]) for r in rows] == [
        ("b", 4, 0.5, 0.4),
        ("c", 2, 0.25, 0.4),
    ]
    from_b = client.get("/creators/b/overlap").get_json()["items"]
    assert [(r["id"], r["share_of_this"], r["lift"]) for r in from_b] == [("a", 0.4, 1.6)]


def test_mentions_in_and_out(client: FlaskClient) -> None:
    rows = client.get("/creators/a/mentions").get_json()["items"]
    assert [(r["direction"], r["id"], r["kind"], r["count"]) for r in rows] == [
        ("out", "b", "mention", 3),
        ("in", "c", "repost", 1),
    ]


@pytest.mark.parametrize(
    "attack",
    [
        "' OR 1=1 //",
        "a'}) MATCH (n) DETACH DELETE n //",
        "x` RETURN 1 //",
        "CALL dbms.components()",
        "\\u0027; DROP",
        "}{",
        "$q",
    ],
)
def test_injection_changes_nothing(client: FlaskClient, db: Graph, attack: str) -> None:
    before = db.driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    for path in ("/creators?q=", "/creators?topic=", "/creators?country=", "/creators?platform="):
        response = client.get(path + attack)
        assert response.status_code == 200 and response.get_json()["items"] == []
    assert client.get("/creators/" + attack.replace("/", "%2F")).status_code == 404
    assert client.get("/creators?sort=" + attack).status_code == 400
    after = db.driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert after == before
