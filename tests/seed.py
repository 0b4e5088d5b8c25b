"""Test seeding: writes the issue-3 graph model with UNWIND/MERGE (tests/cypher/seed/*.cypher).

The loaders (another branch) own production loading; the analysis tests only need a small,
known graph, and real datasets read with pandas, written through the same model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from service.db import Graph
from service.queries import NamedQuery, load_queries

SEED_DIR = Path(__file__).resolve().parent / "cypher"
BATCH = 5000


@cache
def seed_queries() -> dict[str, NamedQuery]:
    return load_queries(SEED_DIR)


def run_seed(graph: Graph, name: str, **params: Any) -> None:
    """Run one seed query in a write transaction."""
    text = seed_queries()[name].text
    graph.transaction(lambda tx: tx.run(text, params).consume())


def _batched(graph: Graph, name: str, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        run_seed(graph, name, rows=list(rows[start : start + BATCH]))


def seed(
    graph: Graph,
    creators: Iterable[str | dict[str, Any]],
    follows: Iterable[tuple[str, str]] = (),
    engaged: Iterable[tuple[str, str]] = (),
    mentions: Iterable[tuple[str, str, float]] = (),
    topics: Iterable[tuple[str, str]] = (),
) -> None:
    """Write creators (ids or {id, name}), member->creator FOLLOWS / ENGAGED_WITH pairs,
    (source, target, count) mentions and (creator, topic) pairs."""
    run_seed(graph, "seed.create_creator_id")
    run_seed(graph, "seed.create_member_id")
    creator_rows = [
        {"id": c, "name": c, "platform": "test"} if isinstance(c, str) else {"platform": "test", **c}
        for c in creators
    ]
    _batched(graph, "seed.merge_creators", creator_rows)
    _batched(graph, "seed.merge_follows", [{"member": m, "creator": c, "weight": 1} for m, c in follows])
    _batched(graph, "seed.merge_engaged", [{"member": m, "creator": c, "weight": 1} for m, c in engaged])
    _batched(
        graph,
        "seed.merge_mentions",
        [{"source": s, "target": t, "kind": "mention", "count": n} for s, t, n in mentions],
    )
    _batched(graph, "seed.merge_topics", [{"creator": c, "topic": t} for c, t in topics])
