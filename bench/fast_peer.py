"""The fastest pipeline a data scientist would write for the analysis, as the bench's named peer.

DuckDB counts shared audience with a self-join on the (member, creator) table, with our filters
(>= min_shared members in common, Jaccard >= min_jaccard, each creator's top_k partners by
`pair_score` -- Jaccard, or affinity: each shared member counts 1 / (creators it reaches - 1) --
ties by the partner's id; lift against N members); networkit clusters the graph weighted by that
score with Louvain (PLM with refinement) and Leiden (ParallelLeiden) and computes
exact (unweighted) betweenness; igraph computes Burt's constraint. Each step is timed; reading the
data is a step of its own. Nothing here touches Neo4j or our service code.

Use: `run_peer(audience_csv=...)` or `run_peer(listens=DataFrame[member, creator])`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import igraph as ig
import networkit as nk
import numpy as np
import pandas as pd

SEED = 42

PAIRS_SQL = """
WITH pruned AS (SELECT m, count(*) AS deg FROM aud GROUP BY m HAVING count(*) >= 2),
shared AS (
  SELECT x.ci AS a, y.ci AS b, count(*) AS shared, sum(1.0 / (p.deg - 1)) AS weighted
  FROM aud x JOIN pruned p ON p.m = x.m JOIN aud y ON x.m = y.m AND x.ci < y.ci
  GROUP BY 1, 2 HAVING count(*) >= $min_shared
),
scored AS (
  SELECT a, b, shared, shared / (sa.n + sb.n - shared) AS jaccard,
         weighted / (sa.n + sb.n - shared) AS affinity,
         shared * $members / (sa.n * sb.n) AS lift
  FROM shared JOIN cre sa ON sa.ci = a JOIN cre sb ON sb.ci = b
  WHERE shared / (sa.n + sb.n - shared) >= $min_jaccard
),
ends AS (
  SELECT a AS x, b AS y, CASE WHEN $affinity THEN affinity ELSE jaccard END AS score FROM scored
  UNION ALL
  SELECT b, a, CASE WHEN $affinity THEN affinity ELSE jaccard END FROM scored
),
ranked AS (
  SELECT x, y, row_number() OVER (PARTITION BY x ORDER BY score DESC, y) AS rank FROM ends
),
kept AS (SELECT DISTINCT least(x, y) AS a, greatest(x, y) AS b FROM ranked WHERE rank <= $top_k)
SELECT s.a, s.b, s.shared, s.jaccard, s.affinity, s.lift
FROM scored s JOIN kept USING (a, b) ORDER BY s.a, s.b
"""


@contextmanager
def _step(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 3)


def run_peer(
    *,
    audience_csv: Path | None = None,
    listens: pd.DataFrame | None = None,
    min_shared: int = 2,
    min_jaccard: float = 0.01,
    top_k: int = 20,
    pair_score: str = "jaccard",
    betweenness: bool = True,
) -> dict[str, Any]:
    """The whole peer pipeline; returns timings, counts, partitions and the link graph."""
    timings: dict[str, float] = {}
    con = duckdb.connect()
    with _step(timings, "read"):
        if audience_csv is not None:
            con.execute(
                "CREATE TABLE raw AS SELECT member_id AS m, creator_id AS c FROM read_csv(?, header = true)",
                [str(audience_csv)],
            )
        else:
            assert listens is not None
            con.register("listens", listens)
            con.execute("CREATE TABLE raw AS SELECT CAST(member AS VARCHAR) AS m, creator AS c FROM listens")
    with _step(timings, "projection"):
        con.execute(
            "CREATE TABLE cre AS SELECT c, CAST(row_number() OVER (ORDER BY c) - 1 AS INTEGER) AS ci, "
            "CAST(count(DISTINCT m) AS DOUBLE) AS n FROM raw GROUP BY c"
        )
        con.execute("CREATE TABLE aud AS SELECT DISTINCT raw.m, cre.ci FROM raw JOIN cre USING (c)")
        members = con.execute("SELECT count(DISTINCT m) FROM aud").fetchone()[0]  # type: ignore[index]
        creators = [row[0] for row in con.execute("SELECT c FROM cre ORDER BY ci").fetchall()]
        links = con.execute(
            PAIRS_SQL,
            {
                "min_shared": min_shared,
                "min_jaccard": min_jaccard,
                "top_k": top_k,
                "members": float(members),
                "affinity": pair_score == "affinity",
            },
        ).fetchnumpy()
    a = links["a"].astype(np.int64)
    b = links["b"].astype(np.int64)
    weights = links[pair_score].astype(np.float64)
    nk.setSeed(SEED, True)
    with _step(timings, "graph"):
        graph = nk.Graph(len(creators), weighted=True)
        if len(a):
            graph.addEdges((weights, (a, b)))
    with _step(timings, "louvain"):
        louvain = nk.community.PLM(graph, refine=True, gamma=1.0).run().getPartition()
    with _step(timings, "leiden"):
        leiden = (
            nk.community.ParallelLeiden(graph, randomize=True, iterations=3, gamma=1.0).run().getPartition()
        )
    quality = nk.community.Modularity()
    if betweenness:
        with _step(timings, "betweenness"):
            unweighted = nk.graphtools.toUnweighted(graph)
            nk.centrality.Betweenness(unweighted, normalized=False).run()
    with _step(timings, "constraint"):
        ig.Graph(n=len(creators), edges=list(zip(a.tolist(), b.tolist(), strict=True))).constraint(
            weights=weights.tolist()
        )
    con.close()
    partitions = {
        "louvain": [louvain.subsetOf(node) for node in range(len(creators))],
        "leiden": [leiden.subsetOf(node) for node in range(len(creators))],
    }
    return {
        "seconds": round(sum(timings.values()), 3),
        "steps_seconds": timings,
        "threads": nk.getMaxNumberOfThreads(),
        "creators": creators,
        "members": int(members),
        "links": len(a),
        "edges": (a, b, weights),
        "partitions": partitions,
        "modularity": {
            "louvain": round(quality.getQuality(louvain, graph), 4) if len(a) else 0.0,
            "leiden": round(quality.getQuality(leiden, graph), 4) if len(a) else 0.0,
        },
        "clusters": {name: len(set(part)) for name, part in partitions.items()},
        "placed_share": round(float(np.unique(np.concatenate([a, b])).size) / max(len(creators), 1), 4),
        "link_keys": {
            (creators[x], creators[y]): int(s)
            for x, y, s in zip(a.tolist(), b.tolist(), links["shared"].tolist(), strict=True)
        },
    }
