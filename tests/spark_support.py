"""What the Spark engine's tests share: reading staged and served links, and the tied k-th places
that are the only pairs where two exact engines may legitimately disagree."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from service.graph.db import Graph

Pairs = dict[tuple[str, str], dict[str, Any]]
SCORES = ("jaccard", "overlap", "share_a", "share_b", "lift")


def new_run(db: Graph) -> str:
    """A recorded, running analysis run (links are only staged for one)."""
    run_id = uuid.uuid4().hex
    db.write("analysis.create_run", run_id=run_id, params="{}", seed=0)
    return run_id


def staged(db: Graph, run_id: str) -> Pairs:
    rows = db.driver.execute_query(
        "MATCH (a:Creator)-[l:ANALYSIS_LINK {run_id: $run_id}]->(b:Creator) "
        "RETURN a.id AS a, b.id AS b, properties(l) AS p",
        run_id=run_id,
    ).records
    return {(row["a"], row["b"]): row["p"] for row in rows}


def served(db: Graph) -> Pairs:
    rows = db.driver.execute_query(
        "MATCH (a:Creator)-[s:SHARES_AUDIENCE]->(b:Creator) RETURN a.id AS a, b.id AS b, properties(s) AS p"
    ).records
    return {(row["a"], row["b"]): row["p"] for row in rows}


def boundary_ties(folder: Path, top_k: int = 20, min_jaccard: float = 0.01) -> set[tuple[str, str]]:
    """The pairs tied at some creator's top_k-th place, computed from the audience file alone.

    Both engines rank each creator's partners by the Jaccard on audiences pruned of one-creator
    members and keep the first top_k; where several partners tie across the k-th place, GDS keeps
    whichever its bounded heap happens to keep and Spark keeps the smaller ids. Those pairs, and
    only those, may differ."""
    rows = pd.read_csv(folder / "audience.csv", usecols=["member_id", "creator_id"]).drop_duplicates()
    members = rows["member_id"].astype("category")
    creators = rows["creator_id"].astype("category")
    incidence = sparse.csr_matrix(
        (np.ones(len(rows)), (members.cat.codes, creators.cat.codes)),
        shape=(len(members.cat.categories), len(creators.cat.categories)),
    )
    multi = np.asarray(incidence.sum(axis=1)).ravel() >= 2
    pruned = incidence[multi]
    degree = np.asarray(pruned.sum(axis=0)).ravel()
    shared = (pruned.T @ pruned).tocsr()
    names = np.asarray(creators.cat.categories)
    tied: set[tuple[str, str]] = set()
    for c in range(shared.shape[0]):
        start, end = shared.indptr[c], shared.indptr[c + 1]
        others, counts = shared.indices[start:end], shared.data[start:end]
        keep = (others != c) & (degree[others] >= 2) & (degree[c] >= 2)
        others, counts = others[keep], counts[keep]
        similarity = counts / (degree[c] + degree[others] - counts)
        others, similarity = others[similarity >= min_jaccard], similarity[similarity >= min_jaccard]
        if len(similarity) <= top_k:
            continue
        kth = np.sort(similarity)[::-1][top_k - 1]
        if (similarity >= kth).sum() > top_k:
            for other in others[similarity == kth]:
                a, b = sorted((names[c], names[other]))
                tied.add((a, b))
    return tied


def assert_same_links(ours: Pairs, default: Pairs, tied: set[tuple[str, str]]) -> None:
    """The same pairs but for ties at a creator's k-th place, and the same numbers for all.

    How many pairs sit at tied k-th places depends on the data (0.3% of the links on the demo
    market, 2.3% on Last.fm, whose many small audiences give many equal Jaccards); every
    difference must be one of them."""
    assert len(default) > 1000
    differ = set(ours) ^ set(default)
    assert differ <= tied, sorted(differ - tied)[:5]
    print(f"{len(default)} links, {len(differ)} differ, all at tied k-th places ({len(tied)} such pairs)")
    for pair in set(ours) & set(default):
        assert ours[pair]["shared"] == default[pair]["shared"], pair
        for key in SCORES:
            assert ours[pair][key] == pytest.approx(default[pair][key], rel=1e-12), (pair, key)
