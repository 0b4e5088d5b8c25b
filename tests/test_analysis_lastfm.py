"""Last.fm (artists with >= 10 listeners: 1,530 creators, 63,009 listens by 1,876 users).

Overlap numbers are checked against an independent pandas/scipy computation from the raw file;
modularity against leidenalg on the same weighted projection (the stored SHARES_AUDIENCE graph)."""

from __future__ import annotations

from typing import Any

import igraph as ig
import leidenalg
import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from service.domain.analysis import AnalysisParams, AnalysisSummary, run_analysis
from service.graph.db import Graph
from tests.datasets import seed_lastfm


@pytest.fixture(scope="module")
def listens(db: Graph) -> pd.DataFrame:
    return seed_lastfm(db)


@pytest.fixture(scope="module")
def summary(db: Graph, listens: pd.DataFrame) -> AnalysisSummary:
    return run_analysis(db, AnalysisParams())


def stored_pairs(db: Graph) -> pd.DataFrame:
    rows = db.driver.execute_query(
        "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator) "
        "RETURN a.id AS a, b.id AS b, s.shared AS shared, s.jaccard AS jaccard, s.overlap AS overlap, "
        "s.share_a AS share_a, s.share_b AS share_b, s.lift AS lift"
    ).records
    return pd.DataFrame([dict(row) for row in rows])


def test_overlap_numbers_equal_an_independent_python_computation(
    db: Graph, listens: pd.DataFrame, summary: AnalysisSummary
) -> None:
    creators = sorted(set(listens["creator"]))
    members = sorted(set(listens["member"]))
    col = {c: i for i, c in enumerate(creators)}
    row = {m: i for i, m in enumerate(members)}
    incidence = sparse.csr_matrix(
        (np.ones(len(listens)), ([row[m] for m in listens["member"]], [col[c] for c in listens["creator"]])),
        shape=(len(members), len(creators)),
    )
    incidence.data[:] = 1.0
    shared = (incidence.T @ incidence).toarray()
    sizes = np.asarray(incidence.sum(axis=0)).ravel()
    pairs = stored_pairs(db)
    assert len(pairs) > 1000
    assert (pairs["a"] < pairs["b"]).all()
    i, j = pairs["a"].map(col).to_numpy(), pairs["b"].map(col).to_numpy()
    expected_shared = shared[i, j]
    assert (pairs["shared"].to_numpy() == expected_shared).all()
    union = sizes[i] + sizes[j] - expected_shared
    np.testing.assert_allclose(pairs["jaccard"], expected_shared / union, rtol=1e-12)
    np.testing.assert_allclose(pairs["overlap"], expected_shared / np.minimum(sizes[i], sizes[j]), rtol=1e-12)
    np.testing.assert_allclose(pairs["share_a"], expected_shared / sizes[i], rtol=1e-12)
    np.testing.assert_allclose(pairs["share_b"], expected_shared / sizes[j], rtol=1e-12)
    np.testing.assert_allclose(
        pairs["lift"], expected_shared * len(members) / (sizes[i] * sizes[j]), rtol=1e-12
    )
    # every stored pair passes the filters; every creator keeps at least its own top pair
    assert (pairs["shared"] >= 2).all() and (pairs["jaccard"] >= 0.01).all()
    jaccard = shared / (sizes[:, None] + sizes[None, :] - shared)
    np.fill_diagonal(jaccard, 0.0)
    best = {
        creators[k]: creators[int(np.argmax(jaccard[k]))]
        for k in range(len(creators))
        if jaccard[k].max() >= 0.05
    }
    linked = set(zip(pairs["a"], pairs["b"], strict=True)) | set(zip(pairs["b"], pairs["a"], strict=True))
    missing = [c for c, other in best.items() if (c, other) not in linked]
    assert len(missing) <= 0.01 * len(best)  # ties at the top may pick another equally good pair


def test_modularity_is_at_least_097_of_leidenalg_on_the_same_projection(
    db: Graph, summary: AnalysisSummary
) -> None:
    nodes = db.driver.execute_query(
        "MATCH (c:Creator) RETURN c.id AS id, c.cluster AS cluster ORDER BY id"
    ).records
    index = {row["id"]: k for k, row in enumerate(nodes)}
    pairs = stored_pairs(db)
    graph = ig.Graph(n=len(nodes), edges=list(zip(pairs["a"].map(index), pairs["b"].map(index), strict=True)))
    graph.es["weight"] = pairs["jaccard"].tolist()
    ours = [row["cluster"] for row in nodes]
    theirs = leidenalg.find_partition(graph, leidenalg.ModularityVertexPartition, weights="weight", seed=42)
    ours_q = graph.modularity(ours, weights="weight")
    theirs_q = graph.modularity(theirs.membership, weights="weight")
    print(f"Last.fm modularity ours {ours_q:.4f} leidenalg {theirs_q:.4f}")
    assert ours_q >= 0.97 * theirs_q
    assert summary.modularity == pytest.approx(ours_q, abs=1e-9)


def test_every_artist_has_results_and_hubs_are_a_minority(db: Graph, summary: AnalysisSummary) -> None:
    rows = db.driver.execute_query(
        "MATCH (c:Creator) RETURN count(c) AS n, count(c.cluster) AS clustered, "
        "count(CASE WHEN c.is_hub THEN 1 END) AS hubs, count(c.bridge_score) AS scored"
    ).records[0]
    assert rows["n"] == rows["clustered"] == rows["scored"] == 1530
    assert 0 < rows["hubs"] < rows["n"] / 2
    counts: dict[str, Any] = summary.counts
    assert counts["betweenness_mode"] == "exact" and counts["creators"] == 1530
