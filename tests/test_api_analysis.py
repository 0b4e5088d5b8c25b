"""Analysis endpoints on the "two groups and a bridge" graph of test_analysis.py: a1..a4 share
one audience, b1..b4 another, x follows half of each; a2, a3, a4 mention a1 and b1 mentions x.
Stated answers: two clusters of four plus x joining one; x is the top bridge; the only mention
path from a2 to a1 is direct; b1 -> x is a path and there is none from a1 to b1."""

from __future__ import annotations

import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.domain.analysis import run_analysis
from service.graph.db import Graph
from tests.test_analysis import ALL_PAIRS, A, B, seed_two_groups


@pytest.fixture
def analysed(db: Graph) -> str:
    """A fresh database with the two groups, analysed: the served run's id (tests start more)."""
    db.wipe()
    seed_two_groups(db)
    return run_analysis(db, ALL_PAIRS).run_id


def clusters_by_member(client: FlaskClient) -> dict[str, int]:
    items = client.get("/creators?limit=500").get_json()["items"]
    return {c["id"]: c["cluster"] for c in items}


def test_clusters_list_and_one_cluster(client: FlaskClient, analysed: str) -> None:
    body = client.get("/clusters").get_json()
    assert sorted(c["size"] for c in body["items"]) == [4, 5]
    cluster_of = clusters_by_member(client)
    a_cluster = cluster_of["a1"]
    assert {cluster_of[c] for c in A} == {a_cluster} and len({cluster_of[c] for c in B}) == 1
    one = client.get(f"/clusters/{a_cluster}").get_json()
    members = {m["id"] for m in one["members"]["items"]}
    assert set(A) <= members
    assert "a1" in one["hubs"]
    assert one["top_topics"][0] == "music"
    linked = {b["id"] for b in one["bridges_out"]} | {b["id"] for b in one["bridges_in"]}
    assert "x" in linked


def test_bridges_rank_x_first(client: FlaskClient, analysed: str) -> None:
    items = client.get("/bridges").get_json()["items"]
    assert items[0]["id"] == "x"
    cluster_of = clusters_by_member(client)
    between = f"{cluster_of['a1']},{cluster_of['b1']}"
    assert client.get(f"/bridges?between={between}").get_json()["items"][0]["id"] == "x"


def test_explain_adds_up(client: FlaskClient, analysed: str) -> None:
    body = client.get("/creators/x/explain").get_json()
    assert body["id"] == "x" and body["bridge_rank"] == 0
    assert sum(body["contributions"].values()) == pytest.approx(body["bridge_score"])


def test_paths(client: FlaskClient, analysed: str) -> None:
    assert client.get("/paths?from=a2&to=a1").get_json()["items"][0]["path"] == ["a2", "a1"]
    assert client.get("/paths?from=b1&to=x&all=true").get_json()["items"] == [
        {"path": ["b1", "x"], "hops": 1}
    ]
    assert client.get("/paths?from=a1&to=b1").get_json() == {"items": [], "found": False}
    assert client.get("/paths?from=a1&to=nobody").status_code == 404
    assert client.get("/paths?from=a1").status_code == 400


def test_health_names_the_served_run(client: FlaskClient, analysed: str) -> None:
    assert client.get("/health").get_json()["analysis_run"]["id"] == analysed


def test_starting_a_run_needs_a_token_and_finishes(writer: Flask, db: Graph, analysed: str) -> None:
    client = writer.test_client()
    assert client.post("/analysis/runs", json={}).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    assert client.post("/analysis/runs", json={"resolution": 0}, headers=auth).status_code == 400
    gds_affinity = {"engine": "gds", "pair_score": "affinity"}
    refused = client.post("/analysis/runs", json=gds_affinity, headers=auth)
    assert refused.status_code == 400 and refused.get_json()["error"]["details"]["parameter"] == "pair_score"
    body = {"min_shared": 1, "top_k": 100, "pair_score": "jaccard", "link_filter": "jaccard"}
    started = client.post("/analysis/runs", json=body, headers=auth)
    assert started.status_code == 202
    run_id = started.get_json()["id"]
    run = wait_for_run(client, run_id)
    assert run["status"] == "succeeded" and run["current"] is True
    assert run["params"]["pair_score"] == "jaccard" and run["params"]["engine"] == "sparse"
    # wall seconds per step, publish included (timings are written after it)
    assert {"prepare", "projection", "clustering", "publish"} <= set(run["timings"])
    assert all(seconds >= 0 for seconds in run["timings"].values())
    assert client.get("/health").get_json()["analysis_run"]["id"] == run_id
    assert client.get("/analysis/runs/nope").status_code == 404


def test_a_second_run_while_one_runs_is_a_conflict(writer: Flask, db: Graph, analysed: str) -> None:
    db.driver.execute_query("CREATE (:AnalysisRun {id: 'busy', status: 'running', started_at: datetime()})")
    response = writer.test_client().post(
        "/analysis/runs", json={}, headers={"Authorization": "Bearer s3cret"}
    )
    db.driver.execute_query("MATCH (r:AnalysisRun {id: 'busy'}) DELETE r")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "run_in_progress"


def wait_for_run(client: FlaskClient, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run = client.get(f"/analysis/runs/{run_id}").get_json()
        if run["status"] != "running":
            return run  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still running after 120 s")
