"""Leases on the data version (issue 14): under load a worker answers from a stamp it holds a lease
on, without a read per request, and every writer that counts a change waits for the leases to end
before it commits. So no request is answered from a version older than the writes committed
before it arrived.

Each test uses a Graph with a driver of its own (so a shared stamp reader of its own) and a long
lease, and seeds nothing but the data version node.
"""

from __future__ import annotations

import http.client
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from service.graph import version
from service.graph.db import Graph
from service.graph.settings import Settings
from service.graph.version import DataStamp, bump_now, lease_stamp, read_stamp, read_stamp_now
from tests.seed import TEST_PLATFORM, load_rows, seed
from tests.test_serve import free_port, serve_command, wait_for_json

LEASE_MS = 1500
# Test-only Cypher: a constant, never built from input.
LEASED = "MATCH (v:DataVersion {name: 'data'}) RETURN v.leased_until IS NOT NULL AS leased"


@pytest.fixture
def leasing(test_settings: Settings, db: Graph) -> Iterator[Graph]:
    bump_now(db, "loads")  # a version node to take leases on
    graph = Graph.connect(test_settings.with_overrides(stamp_lease_ms=LEASE_MS))
    yield graph
    graph.close()


def trusted_end(sent: float) -> float:
    return sent + LEASE_MS / 1000 * version.LEASE_TRUSTED_SHARE


def watch(work: Callable[[], None], look: Callable[[], object], until: float) -> list[tuple[float, object]]:
    """Run `work` in a thread and look at the stamp every 20 ms until it is done and `until` has
    passed (a writer that did not wait would be done at once, and seen done before `until`)."""
    thread = threading.Thread(target=work)
    thread.start()
    seen: list[tuple[float, object]] = []
    while thread.is_alive() or time.monotonic() < until:
        seen.append((time.monotonic(), look()))
        time.sleep(0.02)
    thread.join()
    return seen


def test_a_writer_commits_only_after_the_lease_it_finds_has_ended(db: Graph, leasing: Graph) -> None:
    before = read_stamp_now(db)[0]
    sent = time.monotonic()
    leased = lease_stamp(leasing, LEASE_MS)
    assert leased is not None and leased[0] == before
    seen = watch(lambda: bump_now(db, "loads"), lambda: read_stamp_now(db)[0].version, trusted_end(sent))
    during = [value for at, value in seen if at < trusted_end(sent)]
    assert during, "the writer was looked at while the lease ran"
    assert set(during) == {before.version}, "a change became visible while a lease on the old version ran"
    assert read_stamp_now(db)[0].version == before.version + 1


def test_requests_under_load_share_a_lease_and_never_miss_a_write(
    db: Graph, leasing: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    leases: list[int] = []
    real_read, real_lease = version.read_stamp_now, version.lease_stamp

    def slow_read(graph: Graph) -> tuple[DataStamp, bool]:
        reads.append(1)
        time.sleep(0.2)  # the other requests arrive while this read is under way: a crowd
        return real_read(graph)

    def counted_lease(graph: Graph, ms: int) -> tuple[DataStamp, bool] | None:
        leases.append(ms)
        return real_lease(graph, ms)

    monkeypatch.setattr(version, "read_stamp_now", slow_read)
    monkeypatch.setattr(version, "lease_stamp", counted_lease)
    seen: list[int] = []

    def request() -> None:
        seen.append(read_stamp(leasing)[0].version)

    # The first request reads alone (0.2 s); the other seven arrive during that read, so they
    # wait for the next one, which a crowd makes a lease.
    threads = [threading.Thread(target=request) for _ in range(8)]
    threads[0].start()
    time.sleep(0.05)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join()
    current = read_stamp_now(db)[0].version
    assert seen == [current] * 8
    assert leases == [LEASE_MS], "the crowd's second read is a lease"
    plain_reads = len(reads)
    assert [read_stamp(leasing)[0].version for _ in range(20)] == [current] * 20
    assert len(reads) == plain_reads and len(leases) == 1, "requests during the lease ask nothing"

    bump_now(db, "loads")  # waits for the lease to end
    assert read_stamp(leasing)[0].version == current + 1, "the first request after a write sees it"


def test_no_lease_when_leases_are_off(
    test_settings: Settings, db: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Settings.from_env({"INFLUENCE_MAP_STAMP_LEASE_MS": "0"}).stamp_lease_ms == 0
    leases: list[int] = []
    real_read = version.read_stamp_now

    def slow_read(graph: Graph) -> tuple[DataStamp, bool]:
        time.sleep(0.1)
        return real_read(graph)

    monkeypatch.setattr(version, "read_stamp_now", slow_read)
    monkeypatch.setattr(version, "lease_stamp", lambda graph, ms: leases.append(ms))
    with Graph.connect(test_settings.with_overrides(stamp_lease_ms=0)) as graph:
        threads = [threading.Thread(target=read_stamp, args=(graph,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert leases == []


def test_a_wipe_retires_the_version_only_after_the_leases_end(db: Graph, leasing: Graph) -> None:
    before = read_stamp_now(db)[0]
    assert before.epoch is not None
    sent = time.monotonic()
    assert lease_stamp(leasing, LEASE_MS) is not None
    seen = watch(db.wipe, lambda: read_stamp_now(db)[0].epoch, trusted_end(sent))
    during = [value for at, value in seen if at < trusted_end(sent)]
    assert during and set(during) == {before.epoch}, "the version went while a lease on it ran"
    assert read_stamp_now(db)[0].epoch is None
    assert lease_stamp(leasing, LEASE_MS) is None, "no version node, no lease"


def test_under_load_every_answer_after_a_load_shows_it(
    db: Graph, test_settings: Settings, tmp_path: Path
) -> None:
    """End to end: gunicorn's workers under a crowd of keep-alive clients take leases; right after
    each load commits, every answer on a new connection carries the new tag and the new creator."""
    db.wipe()
    seed(db, ["lease-a", "lease-b"], follows=[("lease-m", "lease-a")])
    port = free_port()
    env = {**test_settings.connection_env(), "INFLUENCE_MAP_STAMP_LEASE_MS": "500"}
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(serve_command(port), env=env, stdout=log, stderr=log)
    stop = threading.Event()

    def get(connection: http.client.HTTPConnection) -> tuple[str | None, str]:
        connection.request("GET", "/creators?limit=100")
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, body
        return response.getheader("ETag"), body

    def crowd() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            get(connection)

    def fresh() -> tuple[str | None, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            return get(connection)
        finally:
            connection.close()

    clients = [threading.Thread(target=crowd) for _ in range(12)]
    try:
        wait_for_json(f"http://127.0.0.1:{port}/health", timeout=60)
        for client in clients:
            client.start()
        deadline = time.monotonic() + 30
        while not db.driver.execute_query(LEASED, database_=db.database).records[0]["leased"]:
            assert time.monotonic() < deadline, "no worker took a lease under a crowd of 12 clients"
            time.sleep(0.2)
        for number in range(4):
            old = {fresh()[0] for _ in range(3)}
            new_id = f"lease-new-{number}"
            load_rows(db, "creators", [{"platform": TEST_PLATFORM, "id": new_id, "name": new_id}])
            after = [fresh() for _ in range(6)]
            assert not {tag for tag, _ in after} & old, f"an answer after load {number} had the old tag"
            assert all(f'"{new_id}"' in body for _, body in after), f"an answer after load {number} missed it"
    finally:
        stop.set()
        for client in clients:
            if client.is_alive():
                client.join(timeout=30)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
