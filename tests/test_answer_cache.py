"""Run-scoped answers (issue 14): ETag, Cache-Control and 304 on the answers that depend only on the
served run and the data, a per-worker cache that a new run, a load or an assessment empties, no
tag while a journaled load is unfinished; and the map's basket answered from the audience index
with the Cypher reference's numbers.

The graph is test_analysis.py's "two groups and a bridge", analysed.
"""

from __future__ import annotations

import gzip
import threading
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from loaders.schema import apply_schema
from service.domain.analysis import reads, run_analysis
from service.domain.authenticity import AuthenticityParams, flag_creators
from service.domain.campaigns.estimate import estimate_for
from service.domain.campaigns.simulate import simulate
from service.graph import version
from service.graph.db import Graph
from service.graph.queries import get_query
from service.graph.version import DataStamp, bump_now, read_stamp, read_stamp_now
from service.web.answer_cache import CACHE_CONTROL, GZIP_MIN_BYTES, NO_STORE, AnswerCache
from tests.audience_index_checks import same
from tests.seed import load_rows
from tests.test_analysis import ALL_PAIRS, A, seed_two_groups

# Test-only Cypher: constants, never built from input.
OPEN_LOAD = "CREATE (:LoadRun {id: 'test-unfinished', status: 'writing'})"
CLOSE_LOAD = "MATCH (l:LoadRun {id: 'test-unfinished'}) DELETE l"
SET_LOAD_STATUS = "MERGE (l:LoadRun {id: 'test-status'}) SET l.status = $status"
DROP_LOAD = "MATCH (l:LoadRun {id: 'test-status'}) DELETE l"
# Every status a LoadRun goes through (loaders.journal, loaders.ingest, loaders.bulk) and whether
# the data is then still being loaded.
LOAD_STATUSES = {"writing": True, "cleaning": True, "rolling_back": True, "done": False, "rolled_back": False}


@pytest.fixture
def analysed(db: Graph) -> str:
    db.wipe()
    seed_two_groups(db)
    return run_analysis(db, ALL_PAIRS).run_id


def run_scoped_paths(client: FlaskClient) -> list[str]:
    cluster = client.get("/creators/a1").get_json()["cluster"]
    return [
        "/clusters",
        "/clusters?limit=1",
        f"/clusters/{cluster}",
        f"/clusters/{cluster}?limit=2&offset=1",
        "/bridges",
        "/bridges?limit=1",
        "/creators/a1",
        "/creators/x",
        "/export/graph",
        "/export/graph?format=gexf",
        "/report",
        "/creators?limit=5",
        "/creators/a1/overlap",
        "/creators/a1/mentions",
        "/creators/x/explain",
        f"/segments?cluster={cluster}&min_shared=1",
        "/authenticity/reach?creators=a1,x",
        "/paths?from=a2&to=a1",
    ]


def cache_of(app: Flask) -> AnswerCache:
    cache = app.extensions["answer_cache"]
    assert isinstance(cache, AnswerCache)
    return cache


def test_run_scoped_answers_carry_a_tag_and_answer_304(
    app: Flask, client: FlaskClient, analysed: str
) -> None:
    tags = {}
    for path in run_scoped_paths(client):
        first = client.get(path)
        assert first.status_code == 200, path
        tag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == CACHE_CONTROL, path
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304, path
        assert again.data == b"" and again.headers["ETag"] == tag
        hits = cache_of(app).hits
        cached = client.get(path)
        assert cached.status_code == 200 and cached.data == first.data, path
        assert (
            cached.headers["ETag"] == tag and cached.headers["Content-Type"] == first.headers["Content-Type"]
        )
        assert cache_of(app).hits == hits + 1, f"{path}: the second answer came from the worker's cache"
        other = client.get(path, headers={"If-None-Match": '"not-this-one"'})
        assert other.status_code == 200 and other.data == first.data
        tags[path] = tag
    assert len(set(tags.values())) == len(tags), "each path and query has its own tag"


def test_large_answers_go_gzip_compressed_to_clients_that_accept_it(
    client: FlaskClient, analysed: str
) -> None:
    compressed = []
    for path in run_scoped_paths(client):
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate"})
        assert plain.status_code == packed.status_code == 200, path
        assert "Content-Encoding" not in plain.headers, path
        assert plain.headers["Vary"] == packed.headers["Vary"] == "Accept-Encoding", path
        if len(plain.data) < GZIP_MIN_BYTES:
            assert packed.data == plain.data and "Content-Encoding" not in packed.headers, path
            assert packed.headers["ETag"] == plain.headers["ETag"], path
            continue
        compressed.append(path)
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert len(packed.data) < len(plain.data) and gzip.decompress(packed.data) == plain.data, path
        assert packed.headers["Content-Type"] == plain.headers["Content-Type"], path
        tag = packed.headers["ETag"]
        assert tag != plain.headers["ETag"], f"{path}: another representation, another tag"
        again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": tag})
        assert again.status_code == 304 and again.headers["ETag"] == tag, path
        refused = client.get(path, headers={"Accept-Encoding": "gzip;q=0"})
        assert "Content-Encoding" not in refused.headers and refused.data == plain.data, path
    assert "/export/graph" in compressed, "the map's graph is large enough to compress"


def test_errors_and_other_routes_carry_no_tag(client: FlaskClient, analysed: str) -> None:
    missing = client.get("/creators/nobody")
    assert missing.status_code == 404 and "ETag" not in missing.headers
    assert "ETag" not in client.get("/health").headers
    assert "ETag" not in client.post("/campaigns/simulate", json={"creator_ids": ["a1"]}).headers


def test_a_new_run_empties_the_cache_and_changes_every_tag(
    app: Flask, client: FlaskClient, db: Graph, analysed: str
) -> None:
    paths = run_scoped_paths(client)
    before = {path: client.get(path).headers["ETag"] for path in paths}
    assert len(cache_of(app)) == len(paths)
    second = run_analysis(db, ALL_PAIRS).run_id
    assert second != analysed
    for path in paths:
        answer = client.get(path, headers={"If-None-Match": before[path]})
        assert answer.status_code == 200, f"{path}: an answer of the old run is not current"
        assert answer.headers["ETag"] != before[path]
    assert len(cache_of(app)) == len(paths), "the old run's answers were dropped"


def test_a_load_or_an_assessment_changes_the_answer_and_its_tag(
    client: FlaskClient, db: Graph, analysed: str
) -> None:
    first = client.get("/creators/x")
    assert first.get_json().get("followers") != 777_777
    load_rows(db, "creators", [{"id": "x", "name": "x", "followers": 777_777}])
    loaded = client.get("/creators/x", headers={"If-None-Match": first.headers["ETag"]})
    assert loaded.status_code == 200 and loaded.get_json()["followers"] == 777_777
    flag_creators(db, AuthenticityParams())
    assessed = client.get("/creators/x", headers={"If-None-Match": loaded.headers["ETag"]})
    assert assessed.status_code == 200 and assessed.headers["ETag"] != loaded.headers["ETag"]


def test_no_tag_while_a_journaled_load_is_unfinished(client: FlaskClient, db: Graph, analysed: str) -> None:
    tag = client.get("/clusters").headers["ETag"]
    db.driver.execute_query(OPEN_LOAD, database_=db.database)
    try:
        during = client.get("/clusters", headers={"If-None-Match": tag})
        assert during.status_code == 200 and "ETag" not in during.headers
        assert during.headers["Cache-Control"] == NO_STORE
    finally:
        db.driver.execute_query(CLOSE_LOAD, database_=db.database)
    assert client.get("/clusters").headers["ETag"] == tag, "the same data again: the same tag"


def test_the_stamp_sees_every_unfinished_status_and_seeks_the_history_by_index(db: Graph) -> None:
    apply_schema(db)
    try:
        for status, loading in LOAD_STATUSES.items():
            db.driver.execute_query(SET_LOAD_STATUS, status=status, database_=db.database)
            assert read_stamp_now(db)[1] is loading, status
    finally:
        db.driver.execute_query(DROP_LOAD, database_=db.database)
    # LoadRuns and AnalysisRuns are kept as history: a read made before nearly every request must
    # not scan them (with 10,000 of each a scan made it 2.8 ms instead of 0.6).
    with db.driver.session(database=db.database) as session:
        plan = session.run("EXPLAIN " + get_query("data_version.get_data_version").text).consume().plan
    steps = [
        (step["operatorType"].split("@")[0], str(step["args"].get("Details", ""))) for step in _walk(plan)
    ]
    assert [step for step in steps if step[0].endswith("Scan")] == [], steps
    seeks = [details for operator, details in steps if operator == "NodeIndexSeek"]
    assert any("LoadRun(status)" in details for details in seeks), steps
    assert any("AnalysisRun(current)" in details for details in seeks), steps


def _walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(step for child in plan.get("children", []) for step in _walk(child))]


def test_the_maps_basket_gets_the_cypher_numbers_from_the_index(
    app: Flask, client: FlaskClient, db: Graph, analysed: str
) -> None:
    store = app.extensions["audience_index"]
    store.fresh(db)  # starts the background build
    store.wait()
    assert store.fresh(db) is not None, "the app's audience index is current"
    for basket in (["a1"], ["a1", "x"], [*A, "x", "b1"]):
        # The body the map page sends (web/src/map.js, simulate()).
        answer = client.post("/campaigns/simulate", json={"creator_ids": basket})
        assert answer.status_code == 200
        body = answer.get_json()
        reference = simulate(db, basket)
        # The reach in followers is extrapolated from the simulation (estimate.py): the same inputs.
        assert body.pop("estimated_reach") == estimate_for(db, reference)
        same(body, reference.to_dict(), f"basket {basket}")


def test_concurrent_requests_share_stamp_reads_but_never_miss_a_write(
    db: Graph, analysed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = read_stamp(db)
    bump_now(db, "loads")
    assert read_stamp(db)[0].version == first.version + 1, "a read that starts after a write sees it"
    reads: list[int] = []

    def slow_read(graph: Graph) -> tuple[DataStamp, bool]:
        reads.append(1)
        time.sleep(0.3)  # every other request arrives while this read is under way
        return read_stamp_now(graph)

    monkeypatch.setattr(version, "read_stamp_now", slow_read)
    start = threading.Barrier(16)
    seen: list[int] = []

    def request() -> None:
        start.wait()
        seen.append(read_stamp(db)[0].version)

    threads = [threading.Thread(target=request) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [first.version + 1] * 16
    assert len(reads) <= 3, "requests that arrive during a read share the next one"


def test_identical_cold_requests_compute_the_answer_once(
    app: Flask, analysed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = reads.cluster_summaries

    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        time.sleep(0.5)  # the other requests arrive while this one computes
        return real(*args, **kwargs)

    monkeypatch.setattr(reads, "cluster_summaries", slow)
    start = threading.Barrier(8)
    answers: list[tuple[int, bytes]] = []

    def request() -> None:
        with app.test_client() as own:
            start.wait()
            answer = own.get("/clusters?limit=3")
            answers.append((answer.status_code, answer.data))

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 8 and {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1
    assert len(calls) == 1, "one request computed; the others waited for its answer"
