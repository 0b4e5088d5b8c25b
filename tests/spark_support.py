"""What the Spark engine's tests share: reading staged and served links, the sparse engine's links
computed in this process, and the tied k-th places where two exact engines may disagree."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from service.domain.analysis.overlap import AudienceIndex, score_pairs, select_links, shared_counts
from service.graph.db import Graph
from service.ops.processes import owner_name

Pairs = dict[tuple[str, str], dict[str, Any]]
SCORES = ("jaccard", "overlap", "share_a", "share_b", "lift", "affinity")


def new_run(db: Graph) -> str:
    """A recorded, running analysis run (links are only staged for one), without the one-run slot
    and owned by this process without being active in it: a full run claimed later treats it as
    dead (`claim.is_dead`) instead of refusing to start."""
    run_id = uuid.uuid4().hex
    db.driver.execute_query(
        "CREATE (:AnalysisRun {id: $run_id, status: 'running', current: false, params: '{}', seed: 0,"
        " owner: $owner, started_at: datetime(), heartbeat_at: datetime()})",
        run_id=run_id,
        owner=owner_name(),
        database_=db.database,
    )
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


def audience_index(folder: Path) -> AudienceIndex:
    """The audience file of a dataset folder as the sparse engine's index (creators in id order)."""
    rows = pd.read_csv(folder / "audience.csv", usecols=["member_id", "creator_id"], dtype=str)
    creators = rows["creator_id"].astype("category").cat.as_ordered()
    names = sorted(creators.cat.categories)
    creators = creators.cat.reorder_categories(names)
    members = rows["member_id"].astype("category")
    return AudienceIndex.from_pairs(
        names, creators.cat.codes.to_numpy(np.int64), members.cat.codes.to_numpy(np.int64)
    )


def selected(index: AudienceIndex, pair_score: str, **rule: Any) -> Pairs:
    """The sparse engine's links for `rule` (its defaults otherwise), computed in this process."""
    rule = {"min_shared": 2, "min_jaccard": 0.0, "top_k": 20, **rule}
    pairs = select_links(index, pair_score=pair_score, **rule)  # type: ignore[arg-type]
    ids = index.creators
    return {
        (ids[a], ids[b]): {name: getattr(pairs, name)[i].item() for name in ("shared", *SCORES)}
        for i, (a, b) in enumerate(zip(pairs.a.tolist(), pairs.b.tolist(), strict=True))
    }


def boundary_ties(
    index: AudienceIndex, pair_score: str, top_k: int = 20, min_shared: int = 2, min_jaccard: float = 0.0
) -> set[tuple[str, str]]:
    """The pairs at some creator's top_k-th place when several partners tie there (scores equal up
    to 1e-9 relative: affinity sums 1 / (d - 1) in another order on each engine). Both engines
    break exact ties by the partner's id; a tie within rounding may go either way, so those pairs,
    and only those, may differ."""
    a, b, shared, weighted = shared_counts(index, min_shared)
    pairs = score_pairs(index, a, b, shared, weighted)
    pairs = pairs.take(pairs.jaccard >= min_jaccard)
    score = getattr(pairs, pair_score)
    frame = pd.DataFrame(
        {
            "creator": np.concatenate([pairs.a, pairs.b]),
            "a": np.concatenate([pairs.a, pairs.a]),
            "b": np.concatenate([pairs.b, pairs.b]),
            "score": np.concatenate([score, score]),
        }
    )
    frame["rank"] = frame.groupby("creator")["score"].rank(method="first", ascending=False)
    kth = frame[frame["rank"] == top_k].set_index("creator")["score"]
    frame = frame[frame["creator"].isin(kth.index)]
    frame["kth"] = frame["creator"].map(kth)
    near = (frame["score"] - frame["kth"]).abs() <= 1e-9 * frame["kth"].abs()
    crowded = frame[frame["score"] >= frame["kth"] * (1 - 1e-9)].groupby("creator").size() > top_k
    tied = frame[near & frame["creator"].map(crowded).fillna(False).astype(bool)]
    ids = index.creators
    return {(ids[x], ids[y]) for x, y in zip(tied["a"].tolist(), tied["b"].tolist(), strict=True)}


def assert_same_links(ours: Pairs, default: Pairs, tied: set[tuple[str, str]]) -> None:
    """The same pairs but for ties at a creator's k-th place, and the same numbers for all.

    Every difference must be one of the tied pairs; the numbers of common pairs are equal
    (affinity up to rounding of its sum)."""
    assert len(default) > 1000
    differ = set(ours) ^ set(default)
    assert differ <= tied, sorted(differ - tied)[:5]
    print(f"{len(default)} links, {len(differ)} differ, all at tied k-th places ({len(tied)} such pairs)")
    for pair in set(ours) & set(default):
        assert ours[pair]["shared"] == default[pair]["shared"], pair
        for key in SCORES:
            if key in default[pair] and default[pair][key] is not None:
                assert ours[pair][key] == pytest.approx(default[pair][key], rel=1e-9), (pair, key)
