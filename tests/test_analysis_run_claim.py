"""Only one analysis run at a time, decided in the database; a run whose process died never blocks
(issue 17, case 10)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.domain.analysis import AnalysisParams, run_analysis
from service.graph.db import Graph
from tests.test_analysis import seed_two_groups

AUTH = {"Authorization": "Bearer s3cret"}
BODY = {"min_shared": 1, "top_k": 100}


@pytest.fixture(scope="module")
def seeded(db: Graph) -> Graph:
    seed_two_groups(db)
    return db


@pytest.fixture
def no_runs(seeded: Graph) -> Graph:
    # Runs left running or abandoned by other tests of the module (they run in any order).
    seeded.driver.execute_query(
        "MATCH (r:AnalysisRun) WHERE r.status IN ['running', 'abandoned'] DETACH DELETE r"
    )
    return seeded


def statuses(graph: Graph) -> dict[str, str]:
    rows, _, _ = graph.driver.execute_query("MATCH (r:AnalysisRun) RETURN r.id AS id, r.status AS status")
    return {row["id"]: row["status"] for row in rows}


def wait_for_run(client: FlaskClient, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        run = client.get(f"/analysis/runs/{run_id}").get_json()
        if run["status"] != "running":
            return run  # type: ignore[no-any-return]
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} still running after 180 s")


def test_two_posts_at_once_start_exactly_one_run(writer: Flask, no_runs: Graph) -> None:
    barrier = threading.Barrier(3)
    answers: list[Any] = []

    def post() -> None:
        client = writer.test_client()
        barrier.wait()
        answers.append(client.post("/analysis/runs", json=BODY, headers=AUTH))

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [202, 409, 409], [a.get_json() for a in answers]
    started = next(a.get_json()["id"] for a in answers if a.status_code == 202)
    assert all(a.get_json()["error"]["code"] == "run_in_progress" for a in answers if a.status_code == 409)
    assert wait_for_run(writer.test_client(), started)["status"] == "succeeded"
    assert "running" not in statuses(no_runs).values()
    assert "abandoned" not in statuses(no_runs).values()


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.parametrize(
    ("owner", "silent_minutes"),
    [
        ("{host}:{dead}", 0),  # a process on this machine that is gone (killed, crashed)
        ("{host}:{me}", 0),  # this very process, which no longer runs it (failed unrecorded)
        ("elsewhere:1", 10),  # another machine, silent for longer than the staleness limit
        (None, 10),  # a run left by an older version: no owner, started long ago
    ],
)
def test_a_run_whose_process_died_is_abandoned_by_the_next(
    writer: Flask, no_runs: Graph, owner: str | None, silent_minutes: int
) -> None:
    named = (
        None if owner is None else owner.format(host=socket.gethostname(), dead=dead_pid(), me=os.getpid())
    )
    no_runs.driver.execute_query(
        "CREATE (:AnalysisRun {id: 'left', status: 'running', owner: $owner, current: false,"
        " started_at: datetime() - duration({minutes: $silent}),"
        " heartbeat_at: CASE WHEN $owner IS NULL THEN null"
        " ELSE datetime() - duration({minutes: $silent}) END})",
        owner=named,
        silent=silent_minutes,
    )
    client = writer.test_client()
    response = client.post("/analysis/runs", json=BODY, headers=AUTH)
    assert response.status_code == 202, response.get_json()
    assert statuses(no_runs)["left"] == "abandoned"
    run = wait_for_run(client, response.get_json()["id"])
    assert run["status"] == "succeeded", run


@pytest.mark.parametrize("owner", ["elsewhere:1", "{host}:1"])
def test_a_live_run_elsewhere_is_a_conflict(writer: Flask, no_runs: Graph, owner: str) -> None:
    no_runs.driver.execute_query(
        "CREATE (:AnalysisRun {id: 'busy', status: 'running', owner: $owner, current: false,"
        " started_at: datetime(), heartbeat_at: datetime()})",
        owner=owner.format(host=socket.gethostname()),
    )
    response = writer.test_client().post("/analysis/runs", json=BODY, headers=AUTH)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "run_in_progress" and error["details"]["id"] == "busy"
    assert statuses(no_runs)["busy"] == "running"


def test_a_running_run_beats(seeded: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.domain.analysis import claim

    seeded.driver.execute_query(
        "CREATE (:AnalysisRun {id: 'beating', status: 'running',"
        " heartbeat_at: datetime() - duration('PT1H')})"
    )
    monkeypatch.setattr(claim, "HEARTBEAT_SECONDS", 0.2)
    with claim.heartbeat(seeded, "beating"):
        time.sleep(1.5)
    rows, _, _ = seeded.driver.execute_query(
        "MATCH (r:AnalysisRun {id: 'beating'}) "
        "RETURN duration.inSeconds(r.heartbeat_at, datetime()).seconds AS silent"
    )
    assert rows[0]["silent"] < 5
    seeded.driver.execute_query("MATCH (r:AnalysisRun {id: 'beating'}) DELETE r")


def test_pruning_after_a_publish_leaves_a_running_run_its_scores(no_runs: Graph) -> None:
    # A run frees the slot when it publishes and prunes old runs' scores just after; the next run
    # may be claimed in between and already be staging its own scores (seen as a flaky failure:
    # its hub step found no SCORED left to project).
    current = run_analysis(no_runs, AnalysisParams(min_shared=1, top_k=100)).run_id
    no_runs.driver.execute_query(
        "MATCH (c:Creator) WITH collect(c) AS creators"
        " CREATE (racing:AnalysisRun {id: 'racing', status: 'running', current: false,"
        "   started_at: datetime(), heartbeat_at: datetime()}),"
        " (old:AnalysisRun {id: 'old', status: 'succeeded', current: false,"
        "   started_at: datetime() - duration('P1D'), finished_at: datetime() - duration('P1D')})"
        " FOREACH (c IN creators |"
        "   CREATE (racing)-[:SCORED {cluster: 0}]->(c), (old)-[:SCORED {cluster: 0}]->(c))"
    )
    try:
        no_runs.write("analysis.prune_old_scores", run_id=current, keep_runs=1)
        rows, _, _ = no_runs.driver.execute_query(
            "MATCH (c:Creator) WITH count(c) AS creators"
            " MATCH (r:AnalysisRun) WHERE r.id IN ['racing', 'old']"
            " RETURN r.id AS id, creators, COUNT { (r)-[:SCORED]->() } AS scores"
        )
        scores = {row["id"]: row["scores"] for row in rows}
        assert rows and scores == {"racing": rows[0]["creators"], "old": 0}
    finally:
        no_runs.driver.execute_query("MATCH (r:AnalysisRun) WHERE r.id IN ['racing', 'old'] DETACH DELETE r")
