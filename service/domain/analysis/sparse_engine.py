"""The `sparse` shared-audience engine: one read of every creator's audience, the counting in
memory (overlap.py); the run's links stay in memory (run_links.py).

Replaces, for a run, count_audience + score_audience_sizes + project_audience +
mutate_audience_degree + nodeSimilarity (write_shared_audience_links) + count_run_links: about
seven round trips and two full walks of the audience become one walk.
The index stays in memory for the rest of the run (cluster summaries count unique audiences
from it instead of walking the audience again).

`write_audience_sizes` takes plain rows, so another engine that counts elsewhere (issue 16:
Spark) writes its sizes through the same query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.domain.analysis.overlap import (
    AudienceIndex,
    LinkFilter,
    Pairs,
    PairScore,
    select_links,
    worker_threads,
)
from service.domain.analysis.run_links import AudienceLinks
from service.graph.db import Graph, Row

# Rows per UNWIND transaction when writing audience sizes.
WRITE_BATCH = 10_000


@dataclass(frozen=True)
class LinkRule:
    """What select_links needs from the run's parameters (any engine applies the same rule)."""

    min_shared: int
    min_jaccard: float
    top_k: int
    link_filter: LinkFilter = "jaccard"
    max_p_value: float = 1e-6
    pair_score: PairScore = "jaccard"


def read_audience_index(graph: Graph, cleaned: bool) -> AudienceIndex:
    """Every creator's audience (members marked suspicious left out when `cleaned`), read without
    the API's read timeout (a whole market can take a while) in `worker_threads()` concurrent
    read transactions: a Neo4j query runs on one core, and 2 parts read 2.1M audience ids in
    1.25 s instead of 2.2 s on 2 cores (3 or 4 parts no faster there). Each row's member list
    becomes an int array as it arrives. (Several transactions see what one would: Neo4j reads
    are read-committed, not snapshots, either way.)"""
    audiences: dict[str, npt.NDArray[np.int64]] = {}

    def keep(row: Row) -> None:
        # Keyed by creator: a part the driver retries hands its rows over again.
        audiences[row["id"]] = np.asarray(row["members"], dtype=np.int64)

    query = "analysis.stream_creator_audiences_cleaned" if cleaned else "analysis.stream_creator_audiences"
    graph.read_each(query, keep, parts=worker_threads())
    # Row order = id order, so a < b by row is a < b by id (links go from the smaller id).
    creators = sorted(audiences)
    lists = [audiences[creator] for creator in creators]
    lengths = np.fromiter((len(m) for m in lists), dtype=np.int64, count=len(lists))
    rows = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
    keys = np.concatenate(lists) if lists else np.zeros(0, dtype=np.int64)
    return AudienceIndex.from_pairs(creators, rows, keys)


def write_audience_sizes(graph: Graph, run_id: str, sizes: Iterable[tuple[str, int]]) -> int:
    """The run's SCORED relationships with each creator's audience size; returns creators."""
    rows = [{"id": creator, "audience_size": int(size)} for creator, size in sizes]
    for start in range(0, len(rows), WRITE_BATCH):
        graph.write("analysis.write_audience_sizes", run_id=run_id, rows=rows[start : start + WRITE_BATCH])
    return len(rows)


def index_sizes(index: AudienceIndex) -> list[tuple[str, int]]:
    return list(zip(index.creators, index.sizes.tolist(), strict=True))


def select(index: AudienceIndex, rule: LinkRule) -> Pairs:
    """Count shared audience and select the run's links under `rule` (no database)."""
    return select_links(
        index,
        min_shared=rule.min_shared,
        min_jaccard=rule.min_jaccard,
        top_k=rule.top_k,
        link_filter=rule.link_filter,
        max_p_value=rule.max_p_value,
        pair_score=rule.pair_score,
    )


def shared_audience_links(index: AudienceIndex, rule: LinkRule) -> AudienceLinks:
    """Count, select and return the run's shared-audience links (held in memory by the run)."""
    return AudienceLinks.of_pairs(index, select(index, rule))


def cluster_audiences(index: AudienceIndex, clusters: Mapping[str, int]) -> dict[str, int]:
    """Each cluster's unique audience (distinct members reaching any of its creators), keyed by
    the cluster id as a string (get_cluster_summaries' $unique_audiences)."""
    row_of = {creator: row for row, creator in enumerate(index.creators)}
    rows: dict[int, list[int]] = defaultdict(list)
    for creator, cluster in clusters.items():
        if creator in row_of:
            rows[cluster].append(row_of[creator])
    return {
        str(cluster): index.unique_audience(np.asarray(members, dtype=np.int64))
        for cluster, members in rows.items()
    }
