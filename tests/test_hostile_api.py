"""Hostile requests (issue 17, cases 1-6, 15, 16): every one gets a 4xx or a right answer, never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.domain.campaigns.plan import PlanRequest
from service.graph.db import Graph
from service.graph.settings import Settings
from service.web.app import create_app
from tests.seed import forget_assessment, seed

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# The most creators a plan holds: the schema's cap on k, which a budget-only plan keeps too.
MAX_PICKS = PlanRequest.SCHEMA["properties"]["k"]["maximum"]


@pytest.fixture(scope="module")
def market(db: Graph) -> Graph:
    creators = [
        {"id": f"c{n}", "handle": f"h{n}", "followers": 1000 * n, "cost": 1.0, "cluster": n % 2}
        for n in range(MAX_PICKS + 10)
    ]
    follows = [(f"m{n}-{i}", f"c{n}") for n in range(MAX_PICKS + 10) for i in range(2)]
    seed(db, creators, follows=follows, mentions=[("c1", "c2", 1)])
    db.driver.execute_query("MATCH (c:Creator {id: 'c0'}) SET c.followers = 0")
    return db


@pytest.fixture(scope="module")
def api(market: Graph, test_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(test_settings.with_overrides(api_tokens=TOKEN))
    yield app.test_client()
    app.extensions["graph"].close()


def error_code(response: object) -> tuple[int, str]:
    body = response.get_json()  # type: ignore[attr-defined]
    return response.status_code, body["error"]["code"]  # type: ignore[attr-defined]


# 1. A bearer token that is not ASCII is refused, not a TypeError.
@pytest.mark.parametrize(
    "header", ["Bearer é", "Bearer " + "é".encode().decode("latin-1"), "Bearer  ", f"Bearer é{TOKEN}"]
)
def test_a_non_ascii_bearer_token_is_refused(api: FlaskClient, header: str) -> None:
    response = api.post("/authenticity", json={}, headers={"Authorization": header})
    assert response.status_code in (401, 403), response.get_json()


def test_the_right_token_still_works_after_a_bad_one(api: FlaskClient) -> None:
    response = api.post("/authenticity", json={}, headers=AUTH)
    assert response.status_code == 200, response.get_json()


# 2. Digits that int() does not take (superscripts, other scripts) are a 400.
@pytest.mark.parametrize("between", ["%C2%B2,1", "%D9%A3,1", "1,2,3", "-1,2", "1,", "0x1,2", "1e3,1"])
def test_bridges_between_takes_only_two_decimal_cluster_ids(api: FlaskClient, between: str) -> None:
    response = api.get(f"/bridges?between={between}")
    assert error_code(response) == (400, "bad_request")


def test_bridges_between_two_clusters_answers(api: FlaskClient) -> None:
    assert api.get("/bridges?between=0,1").status_code == 200


# 3. Deeply nested JSON is a 400, not a RecursionError; a huge body is a 413.
def test_deeply_nested_json_is_a_400(api: FlaskClient) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = api.post("/campaigns/simulate", data=body, content_type="application/json")
    assert error_code(response) == (400, "bad_request")


def test_a_body_over_the_size_limit_is_a_413(api: FlaskClient) -> None:
    body = json.dumps({"creator_ids": ["c1"] * 1_000_000})
    response = api.post("/campaigns/simulate", data=body, content_type="application/json")
    assert error_code(response) == (413, "request_entity_too_large")


# 4. JSON null: accepted only where the schema says the field is nullable (null = the default).
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/analysis/runs", {"min_shared": None}, "body.min_shared"),
        ("/analysis/runs", {"resolution": None}, "body.resolution"),
        ("/analysis/runs", {"resolution": float("nan")}, "body.resolution"),
        ("/campaigns/simulate", {"creator_ids": ["c1"], "frequency": None}, "body.frequency"),
        ("/campaigns/simulate", {"creator_ids": None}, "body.creator_ids"),
        ("/campaigns/simulate", {"creator_ids": ["c1", None]}, "body.creator_ids[1]"),
        ("/campaigns/plan", {"goal": None}, "body.goal"),
        ("/campaigns/plan", {"k": None, "budget": float("nan"), "cost_property": "cost"}, "body.budget"),
        ("/campaigns/plan", {"k": 3, "budget": float("inf"), "cost_property": "cost"}, "body.budget"),
        ("/campaigns/plan", {"pool_size": None}, "body.pool_size"),
        ("/campaigns/plan", {"topics": None}, "body.topics"),
    ],
)
def test_null_and_non_finite_values_are_400s_where_not_allowed(
    api: FlaskClient, path: str, body: dict, field: str
) -> None:
    response = api.post(path, data=json.dumps(body), content_type="application/json", headers=AUTH)
    assert error_code(response) == (400, "bad_request"), response.get_json()
    assert field in [p["field"] for p in response.get_json()["error"]["details"]]


def test_null_means_the_default_where_the_schema_says_nullable(api: FlaskClient) -> None:
    body = {"k": 2, "cluster": None, "tier": None, "min_engagement": None, "budget": None}
    response = api.post("/campaigns/plan", json=body)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["picks"]) == 2
    schema = api.get("/openapi.json").get_json()["paths"]["/campaigns/plan"]["post"]["requestBody"]
    properties = schema["content"]["application/json"]["schema"]["properties"]
    assert properties["k"]["type"] == ["integer", "null"]
    assert properties["goal"]["type"] == "string"


def test_a_budget_plan_without_k_stops_at_the_most_picks_a_plan_holds(api: FlaskClient) -> None:
    body = {"k": None, "budget": 1e15, "cost_property": "cost", "pool_size": 5000}
    response = api.post("/campaigns/plan", json=body)
    assert response.status_code == 200, response.get_json()
    plan = response.get_json()
    assert len(plan["picks"]) == MAX_PICKS
    assert any(str(MAX_PICKS) in note for note in plan["notes"])


# 5. A path from a creator to itself has zero hops.
@pytest.mark.parametrize("every", ["false", "true"])
def test_a_path_from_a_creator_to_itself_has_zero_hops(api: FlaskClient, every: str) -> None:
    response = api.get(f"/paths?from=c1&to=c1&all={every}")
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"items": [{"path": ["c1"], "hops": 0}], "found": True}


def test_a_path_from_an_unknown_creator_to_itself_is_a_404(api: FlaskClient) -> None:
    assert error_code(api.get("/paths?from=nobody&to=nobody")) == (404, "not_found")


# 6. max_followers=0 is a bound (fewer than 0 followers: nobody), not "no filter".
def test_zero_is_a_follower_bound(api: FlaskClient) -> None:
    assert api.get("/creators?max_followers=0").get_json()["items"] == []
    ids = [c["id"] for c in api.get("/creators?max_followers=1&limit=500").get_json()["items"]]
    assert ids == ["c0"]
    assert len(api.get("/creators?min_followers=0&limit=500").get_json()["items"]) == MAX_PICKS + 10


# 16. Before any assessment the cleaned side says so instead of repeating raw.
def test_cleaned_reach_is_null_before_any_assessment(api: FlaskClient, market: Graph) -> None:
    forget_assessment(market)
    plan = api.post("/campaigns/plan", json={"k": 2}).get_json()
    side = plan["simulation"]["side_by_side"]
    assert side["assessed"] is False and side["cleaned"] is None
    assert side["raw"]["unique_reach"] == 4
    assert all(c["cleaned_audience"] is None for c in side["creators"])
    reach = api.get("/authenticity/reach?creators=c1,c2").get_json()
    assert reach["assessed"] is False and reach["cleaned"] is None
    response = api.post("/authenticity", json={}, headers=AUTH)
    assert response.status_code == 200, response.get_json()
    after = api.post("/campaigns/plan", json={"k": 2}).get_json()["simulation"]["side_by_side"]
    assert after["assessed"] is True and after["cleaned"] == after["raw"]


# 15. Without the map bundle, /map says how to build it.
def test_map_without_its_bundle_says_how_to_build_it(
    test_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: Flask = create_app(test_settings)
    try:
        static = tmp_path / "static"
        (static / "map").mkdir(parents=True)
        source = Path(app.static_folder or "") / "map"
        for name in ("index.html", "report.html", "report.js", "map.css"):
            (static / "map" / name).write_bytes((source / name).read_bytes())
        app.static_folder = str(static)
        response = app.test_client().get("/map")
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert response.mimetype == "text/html" and "make web" in page
        (static / "map" / "map.js").write_text("// built")
        assert app.test_client().get("/map").status_code == 200
    finally:
        app.extensions["graph"].close()
