"""End-to-end `analyze` time against the pandas + networkx pipeline a data scientist would write.

Datasets: Last.fm (artists with >= 10 listeners, from ../shared/data) and a generated market of
`--creators` creators and `--edges` audience edges (planted clusters; 10k / 1M by default).
Ours: `run_analysis` with default parameters (everything: overlap, clusters, hubs, bridges,
publish). Baseline, measured in the same run on the same data: pandas self-merge bipartite
projection (pairs with >= 2 shared members and Jaccard >= 0.01, the same filters), networkx
Louvain (seed 42) on the Jaccard-weighted graph, networkx betweenness (sampled, k = 500 sources:
exact networkx betweenness on these dense projections takes far longer, so the baseline is
already given a head start). Modularity of each partition on its own graph, and of ours on the
baseline's full graph. Seeding the database is not timed.

Needs a Neo4j it may WIPE: NEO4J_URI if set, else its own local server (configured ports + 30000,
folder `<INFLUENCE_MAP_HOME>-bench`), started and stopped here.
Run: .venv/bin/python bench/analyze.py [--creators 10000 --edges 1000000]. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import bench_settings, load_listens  # noqa: E402
from loaders.adapters import DEFAULT_DATA_DIR, lastfm_listens  # noqa: E402
from service.domain.analysis import AnalysisParams, run_analysis  # noqa: E402
from service.graph.db import Graph  # noqa: E402

SEED = 42


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
    for k in range(per_member):
        in_home = rng.random(members) < inside
        local = rng.choice(size, members, p=popularity)
        cluster = np.where(in_home, home, rng.integers(0, clusters, members))
        rows_m.append(np.arange(members))
        rows_c.append(cluster * size + local)
        del k
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
        "graph": graph,
        "communities": communities,
        "seconds": finished - started,
        "projection_seconds": projected - started,
        "louvain_seconds": clustered - projected,
        "betweenness_seconds": finished - clustered,
    }


def ours(graph: Graph) -> dict[str, Any]:
    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    say: Callable[[str], None] = lambda message: steps.append((message.split(":")[0], time.perf_counter()))  # noqa: E731
    summary = run_analysis(graph, AnalysisParams(), say)
    finished = time.perf_counter()
    rows = graph.driver.execute_query("MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster").records
    previous, timings = started, {}
    for name, at in steps:
        timings[name] = round(at - previous, 2)
        previous = at
    return {
        "summary": summary,
        "clusters": {r["id"]: r["cluster"] for r in rows},
        "seconds": finished - started,
        "steps": timings,
    }


def modularity_on(graph: nx.Graph, clusters: dict[str, int]) -> float:
    groups: dict[int, set[str]] = {}
    for node in graph.nodes:
        groups.setdefault(clusters[node], set()).add(node)
    return float(nx.community.modularity(graph, groups.values(), weight="weight"))


def compare(name: str, graph: Graph, listens: pd.DataFrame) -> dict[str, Any]:
    print(f"[{name}] seeding {listens['creator'].nunique()} creators, {len(listens)} edges ...", flush=True)
    seed_listens(graph, listens)
    print(f"[{name}] analyze ...", flush=True)
    mine = ours(graph)
    print(f"[{name}] ours {mine['seconds']:.1f}s {mine['steps']}; baseline ...", flush=True)
    theirs = baseline(listens)
    result = {
        "creators": int(listens["creator"].nunique()),
        "audience_edges": len(listens),
        "ours_seconds": round(mine["seconds"], 2),
        "ours_steps_seconds": mine["steps"],
        "baseline_seconds": round(theirs["seconds"], 2),
        "baseline_steps_seconds": {
            "projection": round(theirs["projection_seconds"], 2),
            "louvain": round(theirs["louvain_seconds"], 2),
            "betweenness_k500": round(theirs["betweenness_seconds"], 2),
        },
        "speedup": round(theirs["seconds"] / mine["seconds"], 2),
        "ours_modularity": round(mine["summary"].modularity, 4),
        "baseline_modularity": round(
            float(nx.community.modularity(theirs["graph"], theirs["communities"], weight="weight")), 4
        ),
        "ours_modularity_on_baseline_graph": round(modularity_on(theirs["graph"], mine["clusters"]), 4),
        "ours_clusters": mine["summary"].counts["clusters"],
        "baseline_clusters": len(theirs["communities"]),
        "ours_links": mine["summary"].counts["links"],
        "baseline_edges": theirs["graph"].number_of_edges(),
        "betweenness_mode": mine["summary"].counts["betweenness_mode"],
    }
    print(f"[{name}] {json.dumps(result)}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--skip-generated", action="store_true")
    args = parser.parse_args()
    with bench_settings() as settings:
        graph = Graph.connect(settings)
        try:
            figures: dict[str, Any] = {
                "lastfm": compare("lastfm", graph, lastfm_listens(DEFAULT_DATA_DIR / "lastfm-hetrec2011"))
            }
            if not args.skip_generated:
                generated = generated_listens(args.creators, args.edges)
                figures["generated"] = compare("generated", graph, generated)
        finally:
            graph.close()
    figures["baseline"] = (
        "pandas self-merge projection + networkx louvain_communities + betweenness_centrality(k=500)"
    )
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
