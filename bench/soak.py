"""Soak: 32 clients for 10 minutes against `influence-map serve` on the demo market.

Loads and analyses the demo market (twice, so `/changes?since=previous` has a run to compare
with), starts `influence-map serve` (gunicorn) on a free port, and drives it with keep-alive
clients spread over a few processes, each picking requests from a fixed mix: the map page's calls
(the creator graph, creators by topic, a creator, its overlap, what changed), the other reads
(clusters, bridges, paths, segments, mentions, authenticity reach, health), campaign simulations
and plans (POST), and exports as GEXF and GraphML.

    .venv/bin/python bench/soak.py [--clients 32] [--seconds 600] [--workers 2]

It fails (exit 1) on any error (a status >= 400, a refused or timed-out request) or when the
gunicorn workers' resident memory grew by 10% or more between the end of the warm-up and the end.
Ends with one JSON line: requests, errors, req/s, worker memory at the start and the end, and
p50/p99 ms per endpoint. Not a test: `make soak`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, free_port, wait_until_up  # noqa: E402

Request = tuple[str, str, str, dict[str, Any] | None]  # name, method, path, JSON body
WARM_UP_SECONDS = 30.0
MEMORY_GROWTH_LIMIT = 0.10


def prepare(settings: Any, work: Path) -> dict[str, Any]:
    """The demo market, loaded and analysed twice; ids and names the request mix needs."""
    from service.demo.run import analyze_demo_data, load_demo_market
    from service.graph.db import Graph

    graph = Graph.connect(settings)
    try:
        graph.wipe()
        quiet = lambda _message: None  # noqa: E731
        load_demo_market(graph, settings.with_overrides(cache_dir=work), quiet)
        analyze_demo_data(graph, quiet)
        analyze_demo_data(graph, quiet)
        bridges = graph.read("bridges.list_bridges", between=None, offset=0, limit=20)
        rows, _, _ = graph.driver.execute_query(
            "MATCH (c:Creator)-[:POSTS_ABOUT]->(t:Topic) RETURN collect(DISTINCT t.name)[..10] AS topics"
        )
        return {
            "creators": [row["id"] for row in bridges],
            "clusters": sorted({row["cluster"] for row in bridges if row["cluster"] is not None}),
            "topics": rows[0]["topics"],
        }
    finally:
        graph.close()


def request_mix(sample: dict[str, Any], rng: random.Random) -> Request:
    """One request of the mix (weights: the map's calls and reads most, writes and exports less)."""
    creator = rng.choice(sample["creators"])
    other = rng.choice(sample["creators"])
    cluster = rng.choice(sample["clusters"])
    topic = rng.choice(sample["topics"])
    choices: list[tuple[int, Request]] = [
        (2, ("map: GET /export/graph json", "GET", "/export/graph?format=json&top_edges=5", None)),
        (6, ("map: GET /creators?topic", "GET", f"/creators?topic={quote(topic)}&limit=500", None)),
        (10, ("map: GET /creators/{id}", "GET", f"/creators/{creator}", None)),
        (10, ("map: GET /creators/{id}/overlap", "GET", f"/creators/{creator}/overlap?limit=5", None)),
        (3, ("map: GET /changes", "GET", "/changes?since=previous", None)),
        (8, ("GET /creators", "GET", "/creators?limit=50&sort=followers", None)),
        (6, ("GET /clusters", "GET", "/clusters", None)),
        (6, ("GET /clusters/{id}", "GET", f"/clusters/{cluster}", None)),
        (6, ("GET /bridges", "GET", "/bridges", None)),
        (4, ("GET /creators/{id}/mentions", "GET", f"/creators/{creator}/mentions", None)),
        (4, ("GET /creators/{id}/explain", "GET", f"/creators/{creator}/explain", None)),
        (4, ("GET /paths", "GET", f"/paths?from={creator}&to={other}", None)),
        (3, ("GET /segments", "GET", f"/segments?cluster={cluster}", None)),
        (3, ("GET /authenticity/reach", "GET", f"/authenticity/reach?creators={creator},{other}", None)),
        (2, ("GET /health", "GET", "/health", None)),
        (
            6,
            (
                "POST /campaigns/simulate",
                "POST",
                "/campaigns/simulate",
                {"creator_ids": rng.sample(sample["creators"], 3), "frequency": 2},
            ),
        ),
        (
            3,
            (
                "POST /campaigns/plan",
                "POST",
                "/campaigns/plan",
                {"k": 3, "goal": rng.choice(["reach", "bridge"])},
            ),
        ),
        (1, ("GET /export/graph gexf", "GET", "/export/graph?format=gexf&max_nodes=500", None)),
        (1, ("GET /export/graph graphml", "GET", "/export/graph?format=graphml&max_nodes=500", None)),
    ]
    total = sum(weight for weight, _ in choices)
    pick = rng.uniform(0, total)
    for weight, request in choices:
        pick -= weight
        if pick <= 0:
            return request
    return choices[-1][1]


def client_process(
    port: int, sample: dict[str, Any], threads: int, until: float, seed: int, out: Any
) -> None:
    """`threads` keep-alive clients until `until` (monotonic); puts [(name, ms, ok, started)]."""
    results: list[tuple[str, float, bool, float]] = []
    lock = threading.Lock()

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[tuple[str, float, bool, float]] = []
        while time.monotonic() < until:
            name, method, path, body = request_mix(sample, rng)
            data = None if body is None else json.dumps(body)
            headers = {"Content-Type": "application/json"} if body is not None else {}
            began = time.monotonic()
            try:
                conn.request(method, path, body=data, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((name, (time.monotonic() - began) * 1000, ok, began))
        conn.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put(results)


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: children of the master process."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def resident_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {
            "p50_ms": round(values[0], 1) if values else 0.0,
            "p99_ms": round(values[0], 1) if values else 0.0,
        }
    cuts = statistics.quantiles(values, n=100)
    return {"p50_ms": round(cuts[49], 1), "p99_ms": round(cuts[98], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--processes", type=int, default=4, help="client processes the clients share")
    options = parser.parse_args()
    with bench_settings() as settings, tempfile.TemporaryDirectory() as tmp:
        sample = prepare(settings, Path(tmp))
        port = free_port()
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "influence-map"), "serve", "--port", str(port),
             "--workers", str(options.workers)],
            env=settings.connection_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_until_up(port)
            began = time.monotonic()
            until = began + options.seconds
            queue: Any = multiprocessing.Queue()
            per_process = [options.clients // options.processes] * options.processes
            for n in range(options.clients % options.processes):
                per_process[n] += 1
            clients = [
                multiprocessing.Process(target=client_process, args=(port, sample, count, until, n, queue))
                for n, count in enumerate(per_process)
                if count
            ]
            for process in clients:
                process.start()
            time.sleep(min(WARM_UP_SECONDS, options.seconds / 2))
            memory_start = resident_mb(worker_pids(server.pid))
            results = [item for _ in clients for item in queue.get()]
            memory_end = resident_mb(worker_pids(server.pid))
            for process in clients:
                process.join()
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=60)
    by_name: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for name, ms, ok, _ in results:
        by_name.setdefault(name, []).append(ms)
        errors[name] = errors.get(name, 0) + (not ok)
    endpoints = {
        name: {"requests": len(values), "errors": errors[name], **percentiles(values)}
        for name, values in sorted(by_name.items())
    }
    total_errors = sum(errors.values())
    growth = (memory_end - memory_start) / memory_start if memory_start else 0.0
    for name, figures in endpoints.items():
        print(
            f"{name:34s} {figures['requests']:7d} req  {figures['errors']:4d} err  "
            f"p50 {figures['p50_ms']:8.1f} ms  p99 {figures['p99_ms']:8.1f} ms",
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "bench": "soak",
                "clients": options.clients,
                "seconds": round(elapsed, 1),
                "workers": options.workers,
                "requests": len(results),
                "errors": total_errors,
                "req_per_s": round(len(results) / elapsed, 1),
                "worker_rss_mb_start": memory_start,
                "worker_rss_mb_end": memory_end,
                "worker_rss_growth": round(growth, 4),
                "endpoints": endpoints,
            }
        )
    )
    if total_errors or growth >= MEMORY_GROWTH_LIMIT:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
