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
    mentions: Iterable[tuple[str, str, float] | tuple[str, str, float, str]] = (),
    topics: Iterable[tuple[str, str]] = (),
    shares: Iterable[dict[str, Any]] = (),
) -> None:
    """Write creators (ids, or dicts of properties with `id` and optional `topics`),
    member->creator FOLLOWS / ENGAGED_WITH pairs, (source, target, count[, kind]) mentions,
    (creator, topic) pairs and SHARES_AUDIENCE dicts ({a, b, shared, lift, ...})."""
    run_seed(graph, "seed.create_creator_id")
    run_seed(graph, "seed.create_member_id")
    creator_dicts = [{"id": c, "name": c} if isinstance(c, str) else dict(c) for c in creators]
    creator_rows = [
        {
            "id": c["id"],
            "props": {"platform": "test", **{k: v for k, v in c.items() if k not in ("id", "topics")}},
        }
        for c in creator_dicts
    ]
    topics = [*topics, *((c["id"], t) for c in creator_dicts for t in c.get("topics", []))]
    _batched(graph, "seed.merge_creators", creator_rows)
    _batched(graph, "seed.merge_follows", [{"member": m, "creator": c, "weight": 1} for m, c in follows])
    _batched(graph, "seed.merge_engaged", [{"member": m, "creator": c, "weight": 1} for m, c in engaged])
    _batched(
        graph,
        "seed.merge_mentions",
        [
            {"source": m[0], "target": m[1], "count": m[2], "kind": m[3] if len(m) > 3 else "mention"}
            for m in mentions
        ],
    )
    _batched(graph, "seed.merge_topics", [{"creator": c, "topic": t} for c, t in topics])
    share_rows = [
        {"a": r["a"], "b": r["b"], "props": {k: v for k, v in r.items() if k not in ("a", "b")}}
        for r in shares
    ]
    _batched(graph, "seed.merge_shares", share_rows)
