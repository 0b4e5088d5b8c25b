"""Fault injection (issue 17): Neo4j killed with SIGKILL in the middle of work, then started again.

A Neo4j server of its own (beside the test server, 40000 ports above the configured ones), so
killing it never disturbs other tests. `influence-map serve` runs against it throughout, polled
by a client thread: while Neo4j is gone it must answer 503 (never 500, never hang), and answer
again by itself once Neo4j is back. After each restart -- which is itself `db start` after a
kill -9, with `data/dbms/auth.ini` gone as in the incident of case 17 -- and a re-run, the graph
must equal a clean load, no analysis run may stay `running`, and what was committed before the
kill must still be there.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from loaders import load_dataset, load_file
from loaders.demo_data import generate_demo_data
from loaders.demo_spec import DemoSpec
from service.graph.db import Graph
from service.graph.settings import Settings
from service.ops.local_neo4j import LocalNeo4j
from service.ops.processes import process_alive
from tests.test_serve import free_port

FAULT_PORT_OFFSET = 40000
TOKEN = "fault-token"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def fault_settings() -> Iterator[Settings]:
    base = Settings.from_env()
    settings = base.side_instance("faults", FAULT_PORT_OFFSET).with_overrides(
        neo4j_uri="",
        neo4j_password="",
        heap_size="1g",
        pagecache_size="128m",
        start_timeout=max(base.start_timeout, 600.0),
        query_timeout=60.0,  # the test's own reads and loads; serve gets 10 s below
    )
    local = LocalNeo4j(settings)
    local.start()
    yield settings
    local.stop()


@pytest.fixture(scope="module")
def fault_graph(fault_settings: Settings) -> Iterator[Graph]:
    graph = Graph.connect(fault_settings)
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo market (about 80,000 audience rows) and a second audience over the same creators
    (about 45,000 rows: one transaction that a 1 GB heap holds without straining)."""
    first = tmp_path_factory.mktemp("market")
    generate_demo_data(first, DemoSpec(creators=300, members=20_000, bots=0, seed=7))
    second = tmp_path_factory.mktemp("second")
    generate_demo_data(second, DemoSpec(creators=300, members=10_000, bots=0, seed=8))
    return {"market": first, "second_audience": second / "audience.csv"}


@dataclass
class Poller:
    """GETs a few URLs of `serve` in a loop and records every answer (status, or the error)."""

    base: str
    paths: tuple[str, ...] = ("/health", "/creators?limit=2", "/clusters")
    answers: list[tuple[float, str, int | str, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            for path in self.paths:
                began = time.monotonic()
                answer = get_status(self.base + path)
                self.answers.append((began, path, answer, time.monotonic() - began))
            time.sleep(0.2)

    def since(self, moment: float) -> list[int | str]:
        return [answer for at, _, answer, _ in self.answers if at >= moment]

    def timeline(self, moment: float) -> list[str]:
        return [
            f"{at - moment:+.1f}s {path} {answer} ({took:.1f}s)"
            for at, path, answer, took in self.answers
            if at >= moment
        ]


def get_status(url: str, timeout: float = 30.0) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError as error:
        return f"{type(error).__name__}: {error}"


def call(url: str, body: dict[str, Any] | None = None, timeout: float = 60) -> tuple[int, dict[str, Any]]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), json.loads(error.read() or b"{}")


@pytest.fixture(scope="module")
def served(
    fault_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Poller]]:
    port = free_port()
    # serve's log goes to a file: a pipe nobody reads until the end fills (64 KB of access log)
    # and then blocks every worker thread in its logging call.
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    log = log_path.open("wb")
    env = {
        **fault_settings.connection_env(),
        "INFLUENCE_MAP_API_TOKENS": TOKEN,
        "INFLUENCE_MAP_QUERY_TIMEOUT": "10",
    }
    server = subprocess.Popen(
        [str(BIN / "influence-map"), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: get_status(base + "/health", 5) == 200, 120, "serve answers /health")
    poller = Poller(base)
    thread = threading.Thread(target=poller.run, daemon=True)
    thread.start()
    yield base, poller
    poller.stop.set()
    thread.join(timeout=60)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)
    log.close()
    errors = log_path.read_text(errors="replace")
    # (Its log holds the tracebacks of the analysis runs that failed when Neo4j died: expected.)
    assert server.returncode == 0, errors[-3000:]


def run_status(base: str, run_id: str) -> str | None:
    """The run's status as serve reports it (None for an answer other than 200)."""
    status, body = call(base + f"/analysis/runs/{run_id}")
    return str(body.get("status")) if status == 200 else None


def wait_until(
    check: Callable[[], bool], seconds: float, what: str, seen: Callable[[], list[str]] | None = None
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    shown = "\n".join(seen()[-40:]) if seen else ""
    raise AssertionError(f"not within {seconds:.0f} s: {what}\n{shown}")


def count(graph: Graph, query: str) -> int:
    try:
        rows, _, _ = graph.driver.execute_query(query)
    except Exception:
        return -1
    return int(rows[0][0])


def kill_neo4j(settings: Settings) -> None:
    local = LocalNeo4j(settings)
    pid = local.pid()
    assert pid is not None, "the fault server runs"
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not process_alive(pid), 60, "Neo4j has died")


def restart_neo4j(settings: Settings) -> None:
    """`db start` after a kill -9, without auth.ini: the same password must still open it."""
    password = (settings.local_home / "password").read_text()
    (settings.local_home / "data" / "dbms" / "auth.ini").unlink(missing_ok=True)
    LocalNeo4j(settings).start()
    assert (settings.local_home / "password").read_text() == password


def signature(graph: Graph) -> dict[str, Any]:
    """What a load writes, summed: nodes, edges, weights and counts, leftovers of the journal."""
    rows, _, _ = graph.driver.execute_query(
        """
        RETURN COUNT { (:Creator) } AS creators, COUNT { (:AudienceMember) } AS members,
               COUNT { ()-[:FOLLOWS]->() } AS follows, COUNT { ()-[:ENGAGED_WITH]->() } AS engaged,
               COUNT { ()-[:MENTIONED]->() } AS mentions,
               COLLECT { MATCH ()-[f:FOLLOWS]->() RETURN round(sum(f.weight), 3) }[0] AS weight,
               COLLECT { MATCH ()-[m:MENTIONED]->() RETURN sum(m.count) }[0] AS mention_count,
               COUNT { MATCH (n) WHERE n._load IS NOT NULL RETURN n } AS marked_nodes,
               COUNT { MATCH ()-[r]->() WHERE r._load IS NOT NULL RETURN r } AS marked_edges,
               COUNT { MATCH (l:LoadRun) WHERE NOT l.status IN ['done', 'rolled_back'] RETURN l }
                 AS unfinished_loads
        """
    )
    return dict(rows[0])


def expected_signature(folder: Path) -> dict[str, Any]:
    """The same sums computed from the files with pandas (the loaders' documented aggregation)."""
    # low_memory=False: one dtype per column over the whole file (chunked guessing warns, and the
    # suite turns warnings into errors, when a sparse column is empty in the first chunk).
    creators = pd.read_csv(folder / "creators.csv", dtype=str)
    audience = pd.read_csv(
        folder / "audience.csv", dtype={"member_id": str, "creator_id": str}, low_memory=False
    )
    mentions = pd.read_csv(
        folder / "mentions.csv", dtype={"source_id": str, "target_id": str}, low_memory=False
    )
    audience["kind"] = audience["kind"].fillna("follows")
    audience["weight"] = audience["weight"].fillna(1.0)
    follows = audience[audience["kind"] == "follows"]
    engaged = audience[audience["kind"] == "engaged"]
    return {
        "creators": creators["id"].nunique(),
        "members": audience["member_id"].nunique(),
        "follows": len(follows[["member_id", "creator_id"]].drop_duplicates()),
        "engaged": len(engaged[["member_id", "creator_id"]].drop_duplicates()),
        "mentions": len(mentions[["source_id", "target_id", "kind"]].drop_duplicates()),
        "weight": round(float(follows["weight"].sum()), 3),
        "mention_count": int(mentions["count"].fillna(1).sum()),
        "marked_nodes": 0,
        "marked_edges": 0,
        "unfinished_loads": 0,
    }


def served_through(poller: Poller, began: float) -> None:
    """Every answer since `began` was 200 or 503: no 500, no hang, no refused connection."""
    answers = poller.since(began)
    assert 503 in answers, "serve said Neo4j was unavailable while it was"
    unexpected = [line for line in poller.timeline(began) if " 200 (" not in line and " 503 (" not in line]
    assert not unexpected, "\n".join(poller.timeline(began))


def start_load(settings: Settings, *args: str) -> subprocess.Popen[bytes]:
    env = {**settings.connection_env()}
    return subprocess.Popen(
        [str(BIN / "influence-map"), "load", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_kill_during_a_journaled_load_while_serve_answers(
    fault_settings: Settings, fault_graph: Graph, market: dict[str, Path], served: tuple[str, Poller]
) -> None:
    _, poller = served
    folder = market["market"]
    fault_graph.wipe()
    load_file(fault_graph, "creators", folder / "creators.csv")  # committed, and said so
    creators = count(fault_graph, "MATCH (c:Creator) RETURN count(c)")
    load = start_load(
        fault_settings, "audience", str(folder / "audience.csv"), "--transaction-rows", "1000",
        "--batch-size", "500", "--quiet",
    )  # fmt: skip
    # The journal keeps one undo record (:LoadBatch) per committed batch of 500 rows.
    committed_batches = "MATCH (b:LoadBatch) RETURN count(b)"
    wait_until(
        lambda: count(fault_graph, committed_batches) >= 4,
        600,
        "the journaled load has committed some batches",
    )
    assert load.poll() is None, "the load was still writing when Neo4j was killed"
    began = time.monotonic()
    kill_neo4j(fault_settings)
    output = load.communicate(timeout=300)[0].decode(errors="replace")
    assert load.returncode == 1, output
    assert "Traceback" not in output and "Neo4j" in output, output
    wait_until(lambda: 503 in poller.since(began), 120, "serve answers 503 without Neo4j")

    restart_neo4j(fault_settings)
    back = time.monotonic()
    wait_until(
        lambda: poller.since(back)[-3:] == [200, 200, 200],
        180,
        "serve answers again by itself",
        lambda: poller.timeline(began),
    )
    served_through(poller, began)
    assert count(fault_graph, "MATCH (c:Creator) RETURN count(c)") == creators

    summary = load_file(fault_graph, "audience", folder / "audience.csv", transaction_rows=1000)
    assert len(summary.recovered) == 1 and summary.recovered[0].startswith("rolled back"), summary.recovered
    load_file(fault_graph, "mentions", folder / "mentions.csv")
    assert signature(fault_graph) == expected_signature(folder)


def test_kill_during_an_online_load_and_an_analysis_run(
    fault_settings: Settings, fault_graph: Graph, market: dict[str, Path], served: tuple[str, Poller]
) -> None:
    base, poller = served
    folder = market["market"]
    fault_graph.wipe()
    load_dataset(fault_graph, folder)
    committed = signature(fault_graph)
    assert committed == expected_signature(folder)

    load = start_load(fault_settings, "audience", str(market["second_audience"]), "--quiet")
    wait_until(
        lambda: (
            count(
                fault_graph,
                "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'UNWIND $rows' "
                "RETURN count(*)",
            )
            > 0
        ),
        600,
        "the online load's transaction is open",
    )
    status, started = call(base + "/analysis/runs", {})
    assert status == 202, started
    time.sleep(1.0)
    running = call(base + f"/analysis/runs/{started['id']}")[1]
    assert running["status"] == "running" and load.poll() is None
    began = time.monotonic()
    kill_neo4j(fault_settings)
    output = load.communicate(timeout=300)[0].decode(errors="replace")
    assert load.returncode == 1 and "Traceback" not in output, output
    wait_until(lambda: 503 in poller.since(began), 120, "serve answers 503 without Neo4j")

    restart_neo4j(fault_settings)
    back = time.monotonic()
    wait_until(
        lambda: poller.since(back)[-3:] == [200, 200, 200],
        180,
        "serve answers again by itself",
        lambda: poller.timeline(began),
    )
    served_through(poller, began)
    assert signature(fault_graph) == committed, "the killed online load wrote nothing"

    # The interrupted run is recorded as failed by its process once Neo4j is back...
    wait_until(
        lambda: run_status(base, started["id"]) == "failed", 180, "the interrupted run is marked failed"
    )
    # ...and a new run starts and finishes; none stays running.
    status, again = call(base + "/analysis/runs", {})
    assert status == 202, again
    wait_until(lambda: run_status(base, again["id"]) not in ("running", None), 600, "the new run ends")
    assert call(base + f"/analysis/runs/{again['id']}")[1]["status"] == "succeeded"
    assert count(fault_graph, "MATCH (r:AnalysisRun {status: 'running'}) RETURN count(r)") == 0
