"""A creator graph of any size for the map's browser tests: what the map reads, stated directly.

The map draws the creator graph only (creators with their cluster, scores and topics, and the
SHARES_AUDIENCE links an analysis publishes), so a 10,000-creator map does not need 10,000
creators' audiences loaded and analysed, which takes tens of minutes. Creators go through the
loaders; the analysis results are stated (tests/cypher/seed/); clusters are then named by the
analysis's own naming step. The docs' screenshots of 2,000 and 10,000 creators come from
generated markets run through the whole pipeline instead (docs/map-and-browser.md).

Shape: clusters of heavy-tailed sizes; each has two topics of its own plus a topic every cluster
shares (so names come from lift, not frequency); followers are log-normal; the three most followed
creators of a cluster are its hubs; every creator links to four creators of its cluster and,
one time in ten, to one of another cluster (a bridge, with a higher bridge_score)."""

from __future__ import annotations

import numpy as np

from service.domain.analysis.names import facts_from_rows, name_clusters, name_rows
from service.graph.db import Graph, run_read, run_write
from tests.seed import seed

TOPICS = [
    "fitness", "nutrition", "gaming", "beauty", "travel", "tech", "music",
    "finance", "pets", "fashion", "cooking", "parenting", "cars", "art",
]  # fmt: skip


def seed_creator_graph(graph: Graph, creators: int, seed_value: int = 5) -> dict[str, int]:
    """Write a stated creator graph of `creators` creators; returns {"clusters": n, "links": m}."""
    rng = np.random.default_rng(seed_value)
    clusters = max(6, creators // 100)
    weights = rng.pareto(2.0, clusters) + 1
    cluster_of = rng.choice(clusters, size=creators, p=weights / weights.sum())
    followers = np.round(np.exp(rng.normal(9.5, 1.8, creators))).astype(int)
    bridge = rng.random(creators) < 0.1
    rows = []
    for i in range(creators):
        k = int(cluster_of[i])
        own = [
            TOPICS[(2 * k) % len(TOPICS)] + ("" if k < 10 else f" {k // 10}"),
            TOPICS[(2 * k + 1) % len(TOPICS)],
        ]
        topics = [*own[: 1 + int(rng.random() < 0.7)], "lifestyle"]
        rows.append(
            {
                "id": f"m{i:05d}",
                "handle": f"@creator_{i:05d}",
                "name": f"Creator {i}",
                "followers": int(followers[i]),
                "topics": topics,
                "cluster": k,
                "bridge_score": float(np.round(rng.beta(5, 2) if bridge[i] else rng.beta(2, 5), 4)),
                "hub_score": float(np.round(rng.random(), 4)),
            }
        )
    members: dict[int, list[int]] = {}
    for i, k in enumerate(cluster_of):
        members.setdefault(int(k), []).append(i)
    for group in members.values():
        for rank, i in enumerate(sorted(group, key=lambda j: -followers[j])):
            rows[i]["is_hub"] = rank < 3 and len(group) > 6
    by_score = sorted(range(creators), key=lambda i: -rows[i]["bridge_score"])
    for rank, i in enumerate(by_score, 1):
        rows[i]["bridge_rank"] = rank
    links: dict[tuple[int, int], int] = {}
    for i in range(creators):
        group = members[int(cluster_of[i])]
        for j in rng.choice(group, size=min(4, len(group)), replace=False):
            if j != i:
                links[(min(i, j), max(i, j))] = int(rng.integers(3, 200))
        if bridge[i]:
            j = int(rng.integers(0, creators))
            if j != i:
                links[(min(i, j), max(i, j))] = int(rng.integers(2, 60))
    seed(
        graph,
        rows,
        shares=[
            {"a": f"m{a:05d}", "b": f"m{b:05d}", "shared": shared, "lift": round(1 + shared / 20, 3)}
            for (a, b), shared in links.items()
        ],
    )
    facts = facts_from_rows(
        graph.transaction(lambda tx: run_read(tx, "analysis.list_cluster_naming_facts", {}))
    )
    named = name_rows(name_clusters(facts))
    graph.transaction(
        lambda tx: run_write(tx, "analysis.write_cluster_names", {"rows": named, "run_id": "stated"})
    )
    return {"clusters": clusters, "links": len(links)}
