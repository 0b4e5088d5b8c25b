"""Audience edges per second: `loaders.load_dataset` against a naive per-row driver loop.

    .venv/bin/python bench/load.py [--generated-edges 1000000] [--naive-sample 5000]

Baseline, measured in the same run on the same server and data: one auto-commit
`MATCH creator MERGE member MERGE (member)-[:FOLLOWS]->(creator)` per row
(`cypher/bench/merge_follow_row.cypher`), as a first loader written with the driver would do, run on
a random sample of `--naive-sample` rows (the whole file would take too long). The loader then
loads the whole audience, in files of at most `--chunk-rows` rows (100,000: `load_dataset`
writes a file in one transaction, and a 1M-row file overflows the transaction memory of a
2 GB heap). Both start from a graph holding only the creators (and the schema
the loader creates), and each load's FOLLOWS count is checked afterwards.

Two audiences: Last.fm HetRec (92,834 weighted listens, `influence-map adapt lastfm`) and a
generated one of `--generated-edges` FOLLOWS rows (`influence-map demo-data`, trimmed to size).

The database is WIPED. Without NEO4J_URI the bench runs its own local server beside
INFLUENCE_MAP_HOME (folder `<home>-bench`, ports + 30000) and stops it afterwards; with NEO4J_URI
it uses (and wipes) that database. The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings  # noqa: E402
from loaders.adapters import DEFAULT_DATA_DIR, adapt_lastfm  # noqa: E402
from loaders.demo_data import generate_demo_data  # noqa: E402
from loaders.demo_spec import DemoSpec  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.settings import Settings  # noqa: E402


@contextmanager
def bench_graph() -> Iterator[Graph]:
    """A Graph on the bench's database (see bench.common.bench_settings)."""
    with bench_settings() as settings:
        graph = Graph.connect(settings)
        try:
            yield graph
        finally:
            graph.close()


def split_dataset(source: Path, work: Path, chunk_rows: int) -> tuple[Path, list[Path], pd.DataFrame]:
    """A creators-only folder, audience-only folders of at most `chunk_rows` FOLLOWS rows (0: one
    folder), and all those rows."""
    creators_dir = work / "creators"
    creators_dir.mkdir(parents=True)
    (creators_dir / "creators.csv").write_bytes((source / "creators.csv").read_bytes())
    audience = pd.read_csv(source / "audience.csv", keep_default_na=False)
    audience = audience[audience["kind"] == "follows"]
    size = chunk_rows or len(audience)
    audience_dirs = []
    for part, start in enumerate(range(0, len(audience), size)):
        folder = work / f"audience-{part}"
        folder.mkdir()
        audience.iloc[start : start + size].to_csv(folder / "audience.csv", index=False)
        audience_dirs.append(folder)
    return creators_dir, audience_dirs, audience


def follows_in_graph(graph: Graph) -> int:
    row = graph.read_one("bench.count_follows")
    return int(row["follows"]) if row else 0


def measure(
    graph: Graph, name: str, source: Path, work: Path, naive_sample: int, batch_size: int, chunk_rows: int
) -> dict[str, Any]:
    """Naive loop on a sample, then the loader on everything; edges/s of each and their ratio."""
    from loaders import load_dataset

    creators_dir, audience_dirs, audience = split_dataset(source, work / name, chunk_rows)
    graph.wipe()
    load_dataset(graph, creators_dir, batch_size=batch_size)
    sample = audience.sample(n=min(naive_sample, len(audience)), random_state=0)
    started = time.perf_counter()
    for member_id, creator_id, weight, since in zip(
        sample["member_id"], sample["creator_id"], sample["weight"], sample["since"], strict=True
    ):
        graph.autocommit(
            "bench.merge_follow_row",
            member_id=str(member_id),
            creator_id=str(creator_id),
            weight=float(weight),
            since=since or None,
        )
    naive_seconds = time.perf_counter() - started
    assert follows_in_graph(graph) == len(sample), "the naive loop did not write its sample"

    graph.wipe()
    load_dataset(graph, creators_dir, batch_size=batch_size)
    started = time.perf_counter()
    for audience_dir in audience_dirs:
        load_dataset(graph, audience_dir, batch_size=batch_size)
    loader_seconds = time.perf_counter() - started
    assert follows_in_graph(graph) == len(audience), "the loader did not write every edge"

    naive_rate = len(sample) / naive_seconds
    loader_rate = len(audience) / loader_seconds
    figures = {
        "edges": len(audience),
        "loader_seconds": round(loader_seconds, 2),
        "loader_edges_per_s": round(loader_rate),
        "loader_calls": len(audience_dirs),
        "naive_rows": len(sample),
        "naive_seconds": round(naive_seconds, 2),
        "naive_edges_per_s": round(naive_rate),
        "speedup": round(loader_rate / naive_rate, 1),
    }
    print(f"{name}: {figures}", file=sys.stderr)
    return figures


def generated_market(out: Path, edges: int) -> Path:
    """A demo market with at least `edges` FOLLOWS rows, trimmed to exactly that many."""
    members = int(edges / 3.6)  # people follow ~3.7 creators each after de-duplication
    spec = DemoSpec(
        creators=2000, members=members, bots=members // 200, engaged_share=0.0, seed=2026, bridges=20
    )
    generate_demo_data(out, spec)
    audience = pd.read_csv(out / "audience.csv", keep_default_na=False)
    if len(audience) < edges:
        raise SystemExit(f"the generated market has only {len(audience)} audience rows")
    audience.head(edges).to_csv(out / "audience.csv", index=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated-edges", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=5_000)
    parser.add_argument("--batch-size", type=int, default=Settings.from_env().batch_size)
    # load_dataset writes a file in one transaction; 1M rows overflow a 2 GB heap's transaction
    # memory (dbms.memory.transaction.total.max), so big audiences go in files of this many rows.
    parser.add_argument("--chunk-rows", type=int, default=100_000, help="0: one file per audience")
    parser.add_argument("--lastfm", type=Path, default=DEFAULT_DATA_DIR / "lastfm-hetrec2011")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "bench": "load",
        "baseline": "naive: one auto-commit MERGE per audience row",
        "batch_size": args.batch_size,
        "chunk_rows": args.chunk_rows,
    }
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        work = Path(scratch)
        adapt_lastfm(args.lastfm, work / "lastfm-source")
        started = time.perf_counter()
        generated_market(work / "generated-source", args.generated_edges)
        results["generate_seconds"] = round(time.perf_counter() - started, 1)
        with bench_graph() as graph:
            for name in ("lastfm", "generated"):
                results[name] = measure(
                    graph,
                    name,
                    work / f"{name}-source",
                    work,
                    args.naive_sample,
                    args.batch_size,
                    args.chunk_rows,
                )
            graph.wipe()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
