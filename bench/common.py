"""What the benchmarks share: a Neo4j of their own, a free port, the analysed demo market, Last.fm."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import load_frame
from service.graph.db import Graph
from service.graph.settings import Settings
from service.ops.local_neo4j import LocalNeo4j

# Benches run their own local server this far above the configured ports (tests use +10000 and
# +20000), so a bench never wipes the demo or the test database.
BENCH_PORT_OFFSET = 30000
LOADER = Path(sys.executable).parent / "influence-map"


@contextmanager
def bench_settings() -> Iterator[Settings]:
    """NEO4J_URI's database (which the bench replaces), else a local server started for the bench."""
    base = Settings.from_env()
    if not base.uses_local_server:
        yield base
        return
    settings = base.side_instance("bench", BENCH_PORT_OFFSET)
    local = LocalNeo4j(settings)
    started_here = local.pid() is None
    print(local.start(echo=True), file=sys.stderr)
    try:
        yield settings
    finally:
        if started_here:
            print(local.stop(), file=sys.stderr)


def side_env(settings: Settings) -> dict[str, str]:
    """This process's environment pointed at the settings' local server, for a child process."""
    env = {key: value for key, value in os.environ.items() if key != "NEO4J_URI"}
    env["INFLUENCE_MAP_HOME"] = str(settings.local_home)
    env["INFLUENCE_MAP_BOLT_PORT"] = str(settings.bolt_port)
    env["INFLUENCE_MAP_HTTP_PORT"] = str(settings.http_port)
    return env


def bulk_load(settings: Settings, market: Path) -> dict[str, Any]:
    """`load dataset --bulk --replace` as a user runs it, under /usr/bin/time for its peak RSS."""
    env = side_env(settings)
    command = ["/usr/bin/time", "-f", "%M %e", str(LOADER), "load", "dataset", str(market)]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--bulk", "--replace", "--create-missing", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"bulk load failed:\n{done.stderr[-3000:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    peak_kb = int(done.stderr.strip().splitlines()[-1].split()[0])
    return {
        "seconds": round(seconds, 2),
        "phases": summary["phases"],
        "rows": summary["rows"],
        "client_peak_rss_mb": round(peak_kb / 1024),
        "importer": summary["importer"],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_demo_graph(settings: Settings, work: Path) -> dict[str, Any]:
    """Empty the database, load and analyse the demo market; a sample creator and cluster."""
    from service.demo.run import analyze_demo_data, load_demo_market

    graph = Graph.connect(settings)
    try:
        graph.wipe()
        quiet = lambda _message: None  # noqa: E731
        load_demo_market(graph, settings.with_overrides(cache_dir=work), quiet)
        analyze_demo_data(graph, quiet)
        top = graph.read("bridges.list_bridges", between=None, offset=0, limit=1)[0]
        return {"creator": top["id"], "cluster": top["cluster"]}
    finally:
        graph.close()


def load_listens(graph: Graph, listens: pd.DataFrame) -> None:
    """Creators named by their ids and (member, creator) FOLLOWS rows, through the loaders."""
    creators = sorted(set(listens["creator"]))
    load_frame(graph, "creators", pd.DataFrame({"id": creators, "name": creators}), source="creators")
    audience = pd.DataFrame({"member_id": listens["member"], "creator_id": listens["creator"]})
    load_frame(graph, "audience", audience, source="audience")


def wait_until_up(port: int, timeout: float = 120) -> None:
    """Until `GET /health` on the local port answers 200 (polling twice a second), or exit."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the API did not come up on port {port}")
