"""End-to-end `analyze` against the fast peer (DuckDB + networkit + igraph) and pandas + networkx.

Datasets: Last.fm (artists with >= 10 listeners, from ../shared/data), a generated market of
`--creators` creators and `--edges` audience edges (planted clusters), and with `--market DIR`
a dataset folder (`influence-map demo-data` output: audience.csv, truth.json) ALREADY LOADED in
the configured database (`influence-map load dataset DIR`; checked by counting creators and
members, never wiped).

Ours: `run_analysis` (everything: overlap, clusters, hubs, bridges, publish) with the run's step
timings: once per engine in `--engines` (sparse = in-memory co-membership counts, gds = GDS
nodeSimilarity, spark = Spark local through the Neo4j connector: docs/spark.md) with the peer's
filters (SAME_FILTERS: the pre-issue-15 defaults, Jaccard >= 0.01, top 20 by Jaccard), and once
with today's defaults (`ours_defaults`: top 20 by affinity, no floor). Peers, measured in the
same run on the same data:
- fast peer (bench/fast_peer.py): DuckDB self-join with the same filters, networkit Louvain (PLM)
  and Leiden, networkit exact betweenness, igraph constraint; reading the CSV is a step; run
  twice: with SAME_FILTERS (`fast_peer`) and with our defaults (`fast_peer_defaults`);
- baseline: pandas self-merge + networkx Louvain + networkx betweenness (k = 500 sources); off
  for `--market` (networkx takes minutes there).
Each run reports its peak RSS (this process with its children - Spark's JVM - and our Neo4j
server, sampled by bench/memory.py) and shared-audience pairs per second (ours: the prepare and
projection steps; the peer: its read and projection steps, over the same pair count).
Quality: modularity of each partition on the peer's link graph (the same filters give the same
graph), and NMI against the planted communities when the data has them (truth.json).

`--markets DIR,DIR,...` measures several markets in one run: each is loaded into the bench's own
server by the bulk path (`influence-map load dataset DIR --bulk --replace`, timed, with its
client's peak RSS) and then measured as `--market` in a child process of its own, so one market's
memory (DuckDB's, Spark's JVM) is not counted in, or added to, the next one's.

Needs a Neo4j it may WIPE for Last.fm, the generated market and `--markets`: NEO4J_URI if set,
else its own local server (configured ports + 30000, `<INFLUENCE_MAP_HOME>-bench`), started and
stopped here; INFLUENCE_MAP_HEAP / INFLUENCE_MAP_PAGECACHE size it.
Run: .venv/bin/python bench/analyze.py [--creators 10000 --edges 1000000] [--skip-generated]
     [--skip-lastfm] [--market /work/data/market-2m | --markets DIR,DIR] [--engines sparse,gds].
Ends with one JSON line.
Needs the dev dependencies (duckdb, networkit, python-igraph, networkx, scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import networkit as nk
import networkx as nx
import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, bulk_load, load_listens, side_env  # noqa: E402
from bench.fast_peer import run_peer  # noqa: E402
from bench.memory import PeakMemory  # noqa: E402
from loaders.adapters import DEFAULT_DATA_DIR, lastfm_listens  # noqa: E402
from service.domain.analysis import AnalysisParams, run_analysis  # noqa: E402
from service.graph.db import Graph  # noqa: E402
from service.graph.settings import Settings  # noqa: E402
from service.ops.local_neo4j import LocalNeo4j  # noqa: E402

SEED = 42
# The filters of the comparison (the defaults before issue 15), for ours and the peer.
SAME_FILTERS: dict[str, Any] = {"min_shared": 2, "min_jaccard": 0.01, "top_k": 20, "pair_score": "jaccard"}


def generated_listens(creators: int, edges: int, clusters: int = 50, inside: float = 0.8) -> pd.DataFrame:
    """A market with planted clusters: each member follows ~10 creators, `inside` of them in its
    home cluster, the rest anywhere. Creator popularity is heavy-tailed (Zipf-like)."""
    rng = np.random.default_rng(SEED)
    per_member = 10
    members = edges // per_member
    home = rng.integers(0, clusters, members)
    popularity = 1.0 / np.arange(1, creators // clusters + 1) ** 0.8
    popularity /= popularity.sum()
    size = creators // clusters
    rows_m, rows_c = [], []
    for _ in range(per_member):
        in_home = rng.random(members) < inside
        local = rng.choice(size, members, p=popularity)
        cluster = np.where(in_home, home, rng.integers(0, clusters, members))
        rows_m.append(np.arange(members))
        rows_c.append(cluster * size + local)
    frame = pd.DataFrame(
        {"member": np.concatenate(rows_m), "creator": np.concatenate(rows_c)}
    ).drop_duplicates()
    return pd.DataFrame(
        {"member": "m" + frame["member"].astype(str), "creator": "g" + frame["creator"].astype(str)}
    )


def seed_listens(graph: Graph, listens: pd.DataFrame) -> None:
    graph.wipe()
    load_listens(graph, listens)


def baseline(listens: pd.DataFrame, min_shared: int = 2, min_jaccard: float = 0.01) -> dict[str, Any]:
    """The pandas + networkx pipeline; returns its graph, partition and timings."""
    started = time.perf_counter()
    pairs = listens.merge(listens, on="member")
    pairs = pairs[pairs["creator_x"] < pairs["creator_y"]]
    shared = pairs.groupby(["creator_x", "creator_y"]).size().rename("shared").reset_index()
    sizes = listens.groupby("creator").size()
    shared = shared[shared["shared"] >= min_shared]
    union = sizes[shared["creator_x"]].to_numpy() + sizes[shared["creator_y"]].to_numpy() - shared["shared"]
    shared["jaccard"] = shared["shared"] / union
    shared = shared[shared["jaccard"] >= min_jaccard]
    graph = nx.Graph()
    graph.add_nodes_from(sizes.index)
    graph.add_weighted_edges_from(
        shared[["creator_x", "creator_y", "jaccard"]].itertuples(index=False, name=None)
    )
    projected = time.perf_counter()
    communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    clustered = time.perf_counter()
    nx.betweenness_centrality(graph, k=min(500, graph.number_of_nodes()), seed=SEED)
    finished = time.perf_counter()
    return {
        "seconds": round(finished - started, 2),
        "steps_seconds": {
            "projection": round(projected - started, 2),
            "louvain": round(clustered - projected, 2),
            "betweenness_k500": round(finished - clustered, 2),
        },
        "modularity": round(float(nx.community.modularity(graph, communities, weight="weight")), 4),
        "clusters": len(communities),
        "links": graph.number_of_edges(),
    }


def memory_roots(graph: Graph) -> dict[str, int | None]:
    """This process with its children (Spark's JVM) and, when it is ours, the Neo4j server."""
    server = LocalNeo4j(graph.settings).pid() if graph.settings.uses_local_server else None
    return {"client": os.getpid(), "neo4j": server}


def ours(graph: Graph, params: AnalysisParams) -> dict[str, Any]:
    started = time.perf_counter()
    with PeakMemory(memory_roots(graph)) as memory:
        summary = run_analysis(graph, params)
    seconds = time.perf_counter() - started
    rows = graph.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    return {
        "seconds": round(seconds, 2),
        "steps_seconds": summary.timings,
        "modularity": round(summary.modularity, 4),
        "clusters": summary.counts["clusters"],
        "links": summary.counts["links"],
        "placed_share": placed_share(graph),
        "peak_rss_mb": memory.mb,
        "pairs_per_second": pairs_per_second(
            summary.counts["shared_audience_pairs"], summary.timings, ("prepare", "projection")
        ),
        "shared_audience_pairs": summary.counts["shared_audience_pairs"],
        "partition": {row["id"]: row["cluster"] for row in rows},
    }


def pairs_per_second(pairs: int, timings: dict[str, float], steps: tuple[str, ...]) -> float:
    """Shared-audience pairs over the steps that find them (reading the audience included)."""
    return round(pairs / max(sum(timings.get(step, 0.0) for step in steps), 1e-9), 1)


def placed_share(graph: Graph) -> float:
    """Share of creators with at least one shared-audience link in the current run."""
    row = graph.driver.execute_query(
        "MATCH (c:Creator) RETURN count(c) AS n, count(CASE WHEN EXISTS { (c)-[:SHARES_AUDIENCE]-() } "
        "THEN 1 END) AS placed"
    ).records[0]
    return round(row["placed"] / max(row["n"], 1), 4)


def modularity_on_peer_graph(peer: dict[str, Any], partition: dict[str, int]) -> float:
    """Modularity of a partition (creator id -> cluster) on the peer's Jaccard-weighted graph."""
    a, b, weights = peer["edges"]
    if not len(a):
        return 0.0
    graph = nk.Graph(len(peer["creators"]), weighted=True)
    graph.addEdges((weights, (a, b)))
    labels = {cluster: n for n, cluster in enumerate(sorted(set(partition.values())))}
    part = nk.structures.Partition(len(peer["creators"]))
    part.setUpperBound(len(labels) + 1)
    for node, creator in enumerate(peer["creators"]):
        part[node] = labels[partition[creator]] if creator in partition else len(labels)
    return round(float(nk.community.Modularity().getQuality(part, graph)), 4)


def nmi(truth: dict[str, str] | None, partition: dict[str, Any]) -> float | None:
    """NMI of a partition against the planted communities (creators in both)."""
    if not truth:
        return None
    common = sorted(set(truth) & set(partition))
    return round(
        float(normalized_mutual_info_score([truth[c] for c in common], [partition[c] for c in common])), 4
    )


def compare(
    name: str,
    graph: Graph,
    engines: list[str],
    *,
    listens: pd.DataFrame | None = None,
    market: Path | None = None,
) -> dict[str, Any]:
    truth: dict[str, str] | None = None
    if market is not None:
        truth = json.loads((market / "truth.json").read_text())["community_of"]
        check_loaded(graph, market)
    else:
        assert listens is not None
        print(
            f"[{name}] seeding {listens['creator'].nunique()} creators, {len(listens)} edges ...", flush=True
        )
        seed_listens(graph, listens)
    result: dict[str, Any] = {}
    mine: dict[str, dict[str, Any]] = {}
    runs = {f"ours_{engine}": AnalysisParams(engine=engine, **SAME_FILTERS) for engine in engines}
    runs["ours_defaults"] = AnalysisParams()
    for label, params in runs.items():
        print(f"[{name}] {label} ...", flush=True)
        mine[label] = ours(graph, params)
        print(f"[{name}]   {mine[label]['seconds']} s {mine[label]['steps_seconds']}", flush=True)
    source: dict[str, Any] = (
        {"audience_csv": market / "audience.csv"} if market is not None else {"listens": listens}
    )
    peers = {}
    for label, score in (("fast_peer", "jaccard"), ("fast_peer_defaults", "affinity")):
        print(f"[{name}] {label} ...", flush=True)
        filters = SAME_FILTERS if score == "jaccard" else {"min_jaccard": 0.0, "pair_score": "affinity"}
        with PeakMemory({"client": os.getpid()}) as memory:
            peer = run_peer(**source, **{k: v for k, v in filters.items() if k != "min_shared"})
        peers[label] = peer
        partitions = {
            algorithm: dict(zip(peer["creators"], peer["partitions"][algorithm], strict=True))
            for algorithm in ("leiden", "louvain")
        }
        result[label] = {
            key: peer[key]
            for key in (
                "seconds",
                "steps_seconds",
                "threads",
                "links",
                "modularity",
                "clusters",
                "placed_share",
            )
        }
        result[label]["peak_rss_mb"] = memory.mb
        result[label]["nmi_planted"] = {alg: nmi(truth, part) for alg, part in partitions.items()}
    for label, peer in peers.items():
        # The same filters keep the same pairs (checked link for link in tests/), so ours count them.
        same = mine["ours_defaults" if label == "fast_peer_defaults" else f"ours_{engines[0]}"]
        result[label]["pairs_per_second"] = pairs_per_second(
            same["shared_audience_pairs"], peer["steps_seconds"], ("read", "projection")
        )
    for label, run in mine.items():
        peer = peers["fast_peer_defaults" if label == "ours_defaults" else "fast_peer"]
        result[label] = {
            **{key: value for key, value in run.items() if key != "partition"},
            "modularity_on_peer_graph": modularity_on_peer_graph(peer, run["partition"]),
            "nmi_planted": nmi(truth, run["partition"]),
            "ratio_to_fast_peer": round(run["seconds"] / peer["seconds"], 2),
        }
    if listens is not None:
        print(f"[{name}] pandas + networkx baseline ...", flush=True)
        result["baseline"] = baseline(listens)
    result["creators"] = len(peers["fast_peer"]["creators"])
    print(f"[{name}] {json.dumps(result)}", flush=True)
    return result


def check_loaded(graph: Graph, market: Path) -> None:
    """The configured database must hold this market (never wiped here)."""
    creators = sum(1 for _ in (market / "creators.csv").open()) - 1
    found = graph.driver.execute_query("MATCH (c:Creator) RETURN count(c) AS n").records[0]["n"]
    if found != creators:
        raise SystemExit(
            f"the database holds {found} creators, {market} has {creators}: "
            f"load it first (influence-map load dataset {market})"
        )


def measure_markets(markets: list[Path], engines: list[str]) -> dict[str, Any]:
    """Each market bulk-loaded into the bench's server, then measured in a child process."""
    figures: dict[str, Any] = {}
    with bench_settings() as settings:
        for market in markets:
            print(f"[{market.name}] bulk load ...", flush=True)
            loaded = bulk_load(settings, market)
            print(f"[{market.name}]   {loaded}", flush=True)
            command = [sys.executable, __file__, "--market", str(market), "--engines", ",".join(engines)]
            child = subprocess.Popen(
                [*command, "--skip-lastfm", "--skip-generated"],
                env=side_env(settings),
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            last = ""
            for line in child.stdout:
                print(line, end="", flush=True)
                last = line
            if child.wait() != 0:
                raise SystemExit(f"measuring {market} failed (exit {child.returncode})")
            figures[market.name] = {"bulk_load": loaded, **json.loads(last)[market.name]}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--skip-lastfm", action="store_true")
    parser.add_argument("--market", type=Path, help="a dataset folder already loaded in the database")
    parser.add_argument(
        "--markets",
        type=lambda text: [Path(part) for part in text.split(",")],
        help="dataset folders, each bulk-loaded into the bench's server (WIPED) and measured",
    )
    parser.add_argument("--engines", default="sparse,gds", help="engines run with SAME_FILTERS")
    args = parser.parse_args()
    engines = args.engines.split(",")
    figures: dict[str, Any] = {"load_average_at_start": os.getloadavg()[0]}
    if args.market is not None:
        with Graph.connect(Settings.from_env()) as graph:
            figures[args.market.name] = compare(args.market.name, graph, engines, market=args.market)
    if args.markets:
        figures.update(measure_markets(args.markets, engines))
    if not (args.skip_lastfm and args.skip_generated):
        with bench_settings() as settings, Graph.connect(settings) as graph:
            if not args.skip_lastfm:
                lastfm = lastfm_listens(DEFAULT_DATA_DIR / "lastfm-hetrec2011")
                figures["lastfm"] = compare("lastfm", graph, engines, listens=lastfm)
            if not args.skip_generated:
                generated = generated_listens(args.creators, args.edges)
                figures["generated"] = compare("generated", graph, engines, listens=generated)
    figures["fast_peer"] = (
        "DuckDB self-join (same filters) + networkit PLM/ParallelLeiden + networkit exact betweenness "
        "+ igraph constraint, reading the CSV included; fast_peer_defaults: top 20 by affinity, no floor"
    )
    figures["baseline"] = (
        "pandas self-merge projection + networkx louvain_communities + betweenness_centrality(k=500)"
    )
    figures["load_average_at_end"] = os.getloadavg()[0]
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
