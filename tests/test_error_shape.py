"""Every error path answers with the one JSON error shape and the right status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.graph.db import Graph
from service.graph.settings import Settings
from service.web.app import create_app


@pytest.fixture(scope="module")
def locked(test_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(test_settings.with_overrides(api_tokens="t0ken,other", require_auth_for_reads=True))
    yield app.test_client()
    app.extensions["graph"].close()


@pytest.fixture(scope="module")
def down(test_settings: Settings) -> Iterator[FlaskClient]:
    app = create_app(
        test_settings.with_overrides(neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x", query_timeout=0.5)
    )
    yield app.test_client()
    app.extensions["graph"].close()


def assert_error(response: object, status: int, code: str) -> dict:
    body = response.get_json()  # type: ignore[attr-defined]
    assert response.status_code == status, body  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_every_error_path(client: FlaskClient, locked: FlaskClient, down: FlaskClient, db: Graph) -> None:
    error = assert_error(client.get("/creators?limit=0&sort=name&bogus=1"), 400, "bad_request")
    assert {d["field"] for d in error["details"]} == {"limit", "sort", "bogus"}
    assert_error(client.get("/creators?min_engagement=nan"), 400, "bad_request")
    assert_error(client.get("/creators/nobody"), 404, "not_found")
    assert_error(client.get("/creators/nobody/overlap"), 404, "not_found")
    assert_error(client.get("/creators/nobody/mentions"), 404, "not_found")
    assert_error(client.get("/no/such/route"), 404, "not_found")
    assert_error(client.post("/creators"), 405, "method_not_allowed")
    assert_error(locked.get("/creators"), 401, "unauthorized")
    assert_error(locked.get("/creators", headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
    assert locked.get("/creators", headers={"Authorization": "Bearer other"}).status_code == 200
    assert_error(client.post("/campaigns/simulate", data="not json"), 400, "bad_request")
    assert_error(client.post("/campaigns/simulate", json={"creator_ids": ["ghost"]}), 400, "invalid_input")
    assert_error(client.get("/clusters/7"), 404, "not_found")
    assert_error(client.get("/analysis/runs/none"), 404, "not_found")
    assert_error(client.get("/creators/ghost/explain"), 404, "no_analysis")
    assert_error(locked.post("/analysis/runs", json={}), 401, "unauthorized")
    token = {"Authorization": "Bearer t0ken"}
    assert_error(
        locked.post("/analysis/runs", json={"algorithm": "magic"}, headers=token), 400, "bad_request"
    )
    db.driver.execute_query("CREATE (:AnalysisRun {id: 'busy', status: 'running', started_at: datetime()})")
    assert_error(locked.post("/analysis/runs", json={}, headers=token), 409, "run_in_progress")
    db.driver.execute_query("MATCH (r:AnalysisRun {id: 'busy'}) DELETE r")
    assert_error(down.get("/creators"), 503, "neo4j_unavailable")
    assert_error(down.get("/health"), 503, "neo4j_unavailable")


def test_request_ids_are_echoed_or_made(client: FlaskClient) -> None:
    assert client.get("/health", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    made = client.get("/health", headers={"X-Request-Id": "bad id with spaces"}).headers["X-Request-Id"]
    assert len(made) == 32 and " " not in made


def test_openapi_lists_every_route(app: Flask, client: FlaskClient) -> None:
    doc = client.get("/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    routes = {rule.rule.replace("<", "{").replace(">", "}") for rule in app.url_map.iter_rules()}
    documented = set(doc["paths"]) | {"/openapi.json", "/docs", "/map", "/report", "/static/{path:filename}"}
    assert routes <= documented, routes - documented
    assert client.get("/docs").status_code == 200
