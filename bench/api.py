"""API latency and throughput on loopback, against a trivial endpoint of the same server.

Loads the demo market (generated, loaded and analysed), starts `influence-map serve` (gunicorn) on
a free port, and drives it with 32 keep-alive connections: `wrk` when Debian's wrk is installed,
else a bounded Python load generator. Each endpoint gets the same number of requests; the baseline
is `/openapi.json` (no Neo4j call) on the same server in the same run.

    .venv/bin/python bench/api.py [--requests 4000] [--connections 32]

Ends with one JSON line: p50/p99 ms and req/s per endpoint, and each one's req/s ratio to the
baseline. Uses the test-style local server (INFLUENCE_MAP_* ports + 10000) unless NEO4J_URI is set;
that database is replaced by the demo data.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, free_port, prepare_demo_graph  # noqa: E402


def drive(port: int, path: str, requests: int, connections: int) -> dict[str, float]:
    """Send `requests` GETs over `connections` keep-alive connections; latency percentiles."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_connection = requests // connections

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        for _ in range(per_connection):
            began = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
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
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "p50_ms": round(cuts[49], 2),
        "p99_ms": round(cuts[98], 2),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "errors": errors,
    }


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the API did not come up on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    with bench_settings() as settings, tempfile.TemporaryDirectory() as tmp:
        sample = prepare_demo_graph(settings, Path(tmp))
        port = free_port()
        env = settings.connection_env()
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
            wait_until_up(port)
            paths = {
                "baseline /openapi.json": "/openapi.json",
                "/creators/{id}/overlap": f"/creators/{sample['creator']}/overlap",
                "/clusters/{id}": f"/clusters/{sample['cluster']}",
                "/bridges": "/bridges",
            }
            results: dict[str, Any] = {}
            for name, path in paths.items():
                drive(port, path, options.connections * 5, options.connections)  # warm-up
                results[name] = drive(port, path, options.requests, options.connections)
        finally:
            server.terminate()
            server.wait(timeout=30)
    baseline = results["baseline /openapi.json"]["req_per_s"]
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
                "requests": options.requests,
                "workers": options.workers,
                "client": "python threads",
                "endpoints": results,
            }
        )
    )


if __name__ == "__main__":
    main()
