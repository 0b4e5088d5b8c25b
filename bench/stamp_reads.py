"""Shared data-stamp reads under load: the gap between reads against none (the peer).

    .venv/bin/python bench/stamp_reads.py [--threads 16] [--seconds 3] [--gaps 0,0.003,0.005,0.01]

In one process, on the configured database (read only), `--threads` threads each call
`read_stamp` as a request does, then spend about 0.4 ms of CPU of their own (what a cached answer
costs a worker), for `--seconds` per setting. Per gap: calls/s, stamp reads/s, calls served per
read, this process's CPU per call, p50/p99 of `read_stamp`. Ratios: each gap's calls/s and CPU per
call against the gap 0 run of the same invocation; the local Neo4j's CPU per call
beside. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.graph import version  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.settings import Settings  # noqa: E402
from service.ops.local_neo4j import LocalNeo4j  # noqa: E402

OWN_WORK = 8000  # loop steps: about 0.4 ms of CPU on this machine


def server_cpu(pid: int | None) -> float:
    """The local Neo4j's CPU seconds so far (0 for a server of another machine)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100


def own_work() -> int:
    total = 0
    for step in range(OWN_WORK):
        total += step
    return total


def run(graph: Graph, gap: float, threads: int, seconds: float, server: int | None) -> dict[str, Any]:
    version.SharedStampRead.MIN_GAP_SECONDS = gap
    version._readers.clear()  # a fresh shared reader for this setting
    real = version.read_stamp_now
    reads = [0]

    def counted(g: Graph) -> tuple[version.DataStamp, bool]:
        reads[0] += 1
        return real(g)

    version.read_stamp_now = counted  # type: ignore[assignment]
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def caller() -> None:
        while time.monotonic() < stop:
            began = time.perf_counter()
            version.read_stamp(graph)
            latencies.append(time.perf_counter() - began)
            own_work()

    try:
        cpu, neo4j_cpu = time.process_time(), server_cpu(server)
        workers = [threading.Thread(target=caller) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        cpu = time.process_time() - cpu
        neo4j_cpu = server_cpu(server) - neo4j_cpu
    finally:
        version.read_stamp_now = real  # type: ignore[assignment]
    latencies.sort()
    calls = len(latencies)
    return {
        "gap_ms": gap * 1000,
        "calls_per_s": round(calls / seconds),
        "reads_per_s": round(reads[0] / seconds),
        "calls_per_read": round(calls / max(reads[0], 1), 1),
        "cpu_ms_per_call": round(cpu / calls * 1000, 3),
        "neo4j_cpu_ms_per_call": round(neo4j_cpu / calls * 1000, 3),
        "p50_ms": round(latencies[calls // 2] * 1000, 2),
        "p99_ms": round(latencies[int(calls * 0.99)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--gaps", default="0,0.003,0.005,0.01")
    options = parser.parse_args()
    gaps = [float(text) for text in options.gaps.split(",")]
    if 0.0 not in gaps:
        gaps.insert(0, 0.0)
    results = []
    settings = Settings.from_env()
    server = LocalNeo4j(settings).pid()  # the project's local server, when it runs (else not counted)
    with Graph.connect(settings) as graph:
        version.read_stamp_now(graph)  # connect and plan the query first
        for gap in gaps:
            results.append(run(graph, gap, options.threads, options.seconds, server))
            print(results[-1], file=sys.stderr)
    peer = next(r for r in results if r["gap_ms"] == 0)
    for result in results:
        result["calls_ratio"] = round(result["calls_per_s"] / peer["calls_per_s"], 2)
        result["cpu_ratio"] = round(result["cpu_ms_per_call"] / peer["cpu_ms_per_call"], 2)
    print(json.dumps({"bench": "stamp_reads", "threads": options.threads, "peer": "gap 0", "runs": results}))


if __name__ == "__main__":
    main()
