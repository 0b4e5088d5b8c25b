"""GET /health reports the stack's versions, and a clear 503 when Neo4j is down."""

from __future__ import annotations

from flask.testing import FlaskClient

from service.graph.settings import Settings
from service.ops.local_neo4j import pinned_versions
from service.web.app import create_app


def test_health_reports_versions(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    pins = pinned_versions()
    assert body["status"] == "ok"
    assert body["neo4j"]["version"] == pins["NEO4J_VERSION"]
    assert body["neo4j"]["gds"] == pins["GDS_VERSION"]
    assert body["neo4j"]["apoc"] == pins["APOC_VERSION"]


def test_health_never_shows_secrets(client: FlaskClient, test_settings: Settings) -> None:
    text = client.get("/health").get_data(as_text=True)
    assert test_settings.password and test_settings.password not in text
    assert test_settings.uri not in text


def test_health_is_503_with_the_error_shape_when_neo4j_is_down(test_settings: Settings) -> None:
    unreachable = test_settings.with_overrides(
        neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x", query_timeout=0.5
    )
    app = create_app(unreachable)
    response = app.test_client().get("/health")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "neo4j_unavailable"
    assert "not reachable" in error["message"]
    app.extensions["graph"].close()
