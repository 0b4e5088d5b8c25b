"""API latency and throughput on loopback, against a trivial endpoint of the same server.

Loads the demo market (generated, loaded and analysed), starts `influence-map serve` (gunicorn) on
a free port, and drives it with 32 keep-alive connections: `wrk` when Debian's wrk is installed,
else a bounded Python load generator (threads). Each endpoint gets the same time (wrk) or number
of requests (Python); the baseline is `/docs` (a constant page: no Neo4j call, no work) on the
same server in the same run. Every request says `Accept-Encoding: gzip, deflate`, as a browser's
does (the map page is the main client); `/export/graph` is also driven with `identity`.

    .venv/bin/python bench/api.py [--requests 4000] [--connections 32] [--client auto|wrk|python]
                                  [--workers 2] [--threads N] [--stamp-lease-ms MS] [--existing]

`wrk` (Debian's package; C, event-driven, `--seconds` per endpoint on 2 threads) is the default
client when it is installed, so the server, not 32 Python client threads sharing its 2 cores, is
what is measured; `--client python` keeps the Python generator (`--requests` per endpoint).

`--existing` drives the configured database as it is instead (no wipe; e.g. the 2.1M-row market,
loaded, analysed and assessed): every read endpoint and the campaign calculations, the audience
index built and its snapshot written before the server starts.

Ends with one JSON line: p50/p99 ms and req/s per endpoint, and each one's req/s ratio to the
baseline (driven first and again last: the ratios use the mean of both). Uses the test-style
local server (INFLUENCE_MAP_* ports + 10000) unless NEO4J_URI is set; that database is replaced by
the demo data.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, free_port, prepare_demo_graph, wait_until_up  # noqa: E402
from service.domain.audience_index.store import IndexStore  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.settings import Settings  # noqa: E402

# What a browser sends; the server compresses large cached answers for it.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate"}
Target = tuple[str, dict[str, Any] | None, dict[str, str]]
BASELINE, BASELINE_AGAIN = "baseline /docs", "baseline /docs (again, last)"


def drive(
    port: int,
    path: str,
    requests: int,
    connections: int,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """Send `requests` GETs (POSTs of `body` if given) over `connections` keep-alive connections;
    latency percentiles."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_connection = requests // connections
    payload = json.dumps(body) if body is not None else ""

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        for _ in range(per_connection):
            began = time.perf_counter()
            try:
                if body is None:
                    conn.request("GET", path, headers=headers or {})
                else:
                    conn.request(
                        "POST", path, payload, {**(headers or {}), "Content-Type": "application/json"}
                    )
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):  # a client timeout counts as an error
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - began) * 1000)
            bad += response.status != 200
        conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {
        "p50_ms": round(cuts[49], 2),
        "p99_ms": round(cuts[98], 2),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "errors": errors,
    }


# wrk's report as one line this bench parses: latency in microseconds, every kind of error summed
# (connect, read, write, timeout, and non-2xx/3xx statuses).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"p50_us": %d, "p99_us": %d, "requests": %d, '
    .. '"duration_us": %d, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(99), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def drive_wrk(
    port: int,
    path: str,
    seconds: int,
    connections: int,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """`wrk` for `seconds` on 2 threads and `connections` keep-alive connections: GETs, or POSTs
    of `body`; the same figures as `drive`."""
    script = "".join(f'wrk.headers["{name}"] = "{value}"\n' for name, value in (headers or {}).items())
    script += WRK_REPORT
    if body is not None:
        payload = json.dumps(body)
        script = (
            'wrk.method = "POST"\n'
            f"wrk.body = [==[{payload}]==]\n"
            'wrk.headers["Content-Type"] = "application/json"\n'
        ) + script
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        done = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-s",
                lua.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK "))
    report = json.loads(line[4:])
    return {
        "p50_ms": round(report["p50_us"] / 1000, 2),
        "p99_ms": round(report["p99_us"] / 1000, 2),
        "req_per_s": round(report["requests"] / (report["duration_us"] / 1e6), 1),
        "errors": report["errors"],
    }


def market_sample(settings: Settings) -> dict[str, Any]:
    """--existing: the database as loaded; its audience index built (and its snapshot written for
    the workers) before the server starts; a sample creator, cluster and ten creators."""
    with Graph.connect(settings.with_overrides(query_timeout=300.0)) as graph:
        index = IndexStore.from_settings(settings, background=False).fresh(graph)
        assert index is not None, "no audience index: is a journaled load unfinished?"
        top = graph.read("bridges.list_bridges", between=None, offset=0, limit=1)[0]
        ten = random.Random(14).sample(sorted(index.creator_ids), 10)
        return {"creator": top["id"], "cluster": top["cluster"], "ten": ten, "assessed": index.assessed}


def paths_of(sample: dict[str, Any], existing: bool) -> dict[str, Target]:
    """The endpoints driven: the baseline, then every read endpoint (and the campaign calculations),
    each with a browser's headers; `/export/graph` also without compression."""
    targets = {name: (path, body, BROWSER_HEADERS) for name, (path, body) in _paths(sample, existing).items()}
    if existing:
        targets["/export/graph (identity)"] = (
            "/export/graph?max_nodes=500",
            None,
            {"Accept-Encoding": "identity"},
        )
    # The baseline again at the end: one sample of it moved by a quarter between runs, and every
    # ratio hangs on it; the ratios use the mean of both.
    targets[BASELINE_AGAIN] = targets[BASELINE]
    return targets


def _paths(sample: dict[str, Any], existing: bool) -> dict[str, tuple[str, dict[str, Any] | None]]:
    creator, cluster = sample["creator"], sample["cluster"]
    paths: dict[str, tuple[str, dict[str, Any] | None]] = {
        # The trivial route: a constant page, no Neo4j call and no work. /openapi.json, the
        # baseline until 2026-12-03, builds and serializes the whole API description per request:
        # under wrk it served fewer requests per second than the cached reads it was meant to bound.
        BASELINE: ("/docs", None),
        "/openapi.json": ("/openapi.json", None),
        "/creators/{id}/overlap": (f"/creators/{creator}/overlap", None),
        "/clusters/{id}": (f"/clusters/{cluster}", None),
        "/bridges": ("/bridges", None),
    }
    if not existing:
        return paths
    paths |= {
        "/clusters": ("/clusters", None),
        "/creators/{id}": (f"/creators/{creator}", None),
        "/creators": ("/creators?limit=50", None),
        "/export/graph": ("/export/graph?max_nodes=500", None),
        "/segments?cluster=": (f"/segments?cluster={cluster}", None),
        "POST /campaigns/simulate (10)": ("/campaigns/simulate", {"creator_ids": sample["ten"]}),
        "POST /campaigns/plan reach k=10": ("/campaigns/plan", {"goal": "reach", "k": 10}),
    }
    if sample["assessed"]:
        paths["/creators/{id}/overlap/cleaned"] = (f"/creators/{creator}/overlap/cleaned", None)
        paths["/authenticity/reach"] = (f"/authenticity/reach?creators={','.join(sample['ten'])}", None)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, help="threads per worker (default: INFLUENCE_MAP_THREADS)")
    parser.add_argument(
        "--stamp-lease-ms",
        type=int,
        help="the workers' lease on the data version, 0 for none (default: INFLUENCE_MAP_STAMP_LEASE_MS)",
    )
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--seconds", type=int, default=10, help="wrk: whole seconds per endpoint")
    parser.add_argument(
        "--existing",
        action="store_true",
        help="the configured database as loaded (no wipe): every read endpoint and the calculations",
    )
    options = parser.parse_args()
    client = options.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    with ExitStack() as stack:
        if options.existing:
            settings = Settings.from_env()
            sample = market_sample(settings)
        else:
            settings = stack.enter_context(bench_settings())
            sample = prepare_demo_graph(settings, Path(stack.enter_context(tempfile.TemporaryDirectory())))
        port = free_port()
        env = settings.connection_env()
        threads = settings.threads if options.threads is None else options.threads
        lease_ms = settings.stamp_lease_ms if options.stamp_lease_ms is None else options.stamp_lease_ms
        env = {**env, "INFLUENCE_MAP_THREADS": str(threads), "INFLUENCE_MAP_STAMP_LEASE_MS": str(lease_ms)}
        command = [
            str(Path(sys.executable).parent / "influence-map"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(options.workers),
        ]
        server = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_until_up(port, timeout=60)
            results: dict[str, Any] = {}
            for name, (path, body, headers) in paths_of(sample, options.existing).items():
                drive(port, path, options.connections * 5, options.connections, body, headers)  # warm-up
                if client == "wrk":
                    results[name] = drive_wrk(port, path, options.seconds, options.connections, body, headers)
                else:
                    results[name] = drive(port, path, options.requests, options.connections, body, headers)
                print(name, results[name], file=sys.stderr)
        finally:
            server.terminate()
            server.wait(timeout=30)
    baseline = (results[BASELINE]["req_per_s"] + results[BASELINE_AGAIN]["req_per_s"]) / 2
    for name, figures in results.items():
        figures["ratio_to_baseline"] = round(figures["req_per_s"] / baseline, 3)
        print(
            f"{name:28s} p50 {figures['p50_ms']:7.2f} ms  p99 {figures['p99_ms']:7.2f} ms  "
            f"{figures['req_per_s']:8.1f} req/s  x{figures['ratio_to_baseline']}",
            file=sys.stderr,
        )
    print(
        json.dumps(
            {
                "bench": "api",
                "connections": options.connections,
                "requests": options.requests if client == "python" else None,
                "seconds": options.seconds if client == "wrk" else None,
                "workers": options.workers,
                "threads": threads,
                "stamp_lease_ms": lease_ms,
                "market": "existing" if options.existing else "demo",
                "client": "wrk, 2 threads" if client == "wrk" else "python threads",
                "endpoints": results,
            }
        )
    )


if __name__ == "__main__":
    main()
