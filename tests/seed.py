"""Seeding test graphs through the loaders, so the graph model is written in one place.

Creators, audiences and mentions go through `loaders.load_frame` (the same validation and
writes as `influence-map load`). What the loaders do not own -- analysis results stated by a test
(cluster, bridge_score, ...), business fields such as a cost, SHARES_AUDIENCE links -- is set by
the two fixture queries in tests/cypher/seed/, and then counted in the data version as a load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import load_frame
from loaders.write import CREATOR_PROPERTIES
from service.graph.db import Graph
from service.graph.queries import NamedQuery, load_queries
from service.graph.version import bump_now

SEED_DIR = Path(__file__).resolve().parent / "cypher"
BATCH = 5000
TEST_PLATFORM = "test"


@cache
def seed_queries() -> dict[str, NamedQuery]:
    return load_queries(SEED_DIR)


def _run_batched(graph: Graph, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    text = seed_queries()[name].text
    for start in range(0, len(rows), BATCH):
        batch = [dict(row) for row in rows[start : start + BATCH]]
        graph.transaction(lambda tx, batch=batch: tx.run(text, {"rows": batch}).consume())


def load_rows(graph: Graph, kind: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Load rows of one kind (creators, audience, mentions) through the loaders."""
    if rows:
        load_frame(graph, kind, pd.DataFrame(list(rows)), source=f"<test {kind}>")


def set_creator_properties(graph: Graph, rows: Sequence[Mapping[str, Any]]) -> None:
    """Set properties the loaders do not own ({id, props}) on existing creators."""
    _run_batched(graph, "seed.set_creator_properties", rows)


def seed(
    graph: Graph,
    creators: Iterable[str | dict[str, Any]],
    follows: Iterable[tuple[str, str]] = (),
    engaged: Iterable[tuple[str, str]] = (),
    mentions: Iterable[tuple[str, str, float] | tuple[str, str, float, str]] = (),
    topics: Iterable[tuple[str, str]] = (),
    shares: Iterable[dict[str, Any]] = (),
    weights: Mapping[tuple[str, str], float] | None = None,
    engaged_weights: Mapping[tuple[str, str], float] | None = None,
) -> None:
    """Write creators (ids, or dicts with `id`, loader columns such as `name`, `followers` and
    `topics`, and any other property), member->creator FOLLOWS / ENGAGED_WITH pairs (weight 1,
    or `weights[(member, creator)]` / `engaged_weights[...]`), (source, target, count[, kind])
    mentions, (creator, topic) pairs and SHARES_AUDIENCE dicts ({a, b, shared, lift, ...})."""
    weight_of = {"follows": weights or {}, "engaged": engaged_weights or {}}
    creator_dicts = [{"id": c, "name": c} if isinstance(c, str) else dict(c) for c in creators]
    extra_topics: dict[str, list[str]] = {}
    for creator, topic in topics:
        extra_topics.setdefault(creator, []).append(topic)
    loadable, others = [], []
    for c in creator_dicts:
        row = {
            "platform": TEST_PLATFORM,
            **{k: v for k, v in c.items() if k == "id" or k in CREATOR_PROPERTIES},
        }
        listed = [*(c.get("topics") or []), *extra_topics.get(c["id"], [])]
        row["topics"] = listed or None
        loadable.append(row)
        rest = {k: v for k, v in c.items() if k != "id" and k not in CREATOR_PROPERTIES}
        if rest:
            others.append({"id": c["id"], "props": rest})
    load_rows(graph, "creators", loadable)
    set_creator_properties(graph, others)
    audience = [
        {
            "member_id": m,
            "creator_id": c,
            "kind": kind,
            "weight": weight_of[kind].get((m, c), 1.0),
            "platform": TEST_PLATFORM,
        }
        for kind, pairs in (("follows", follows), ("engaged", engaged))
        for m, c in pairs
    ]
    load_rows(graph, "audience", audience)
    load_rows(
        graph,
        "mentions",
        [
            {"source_id": m[0], "target_id": m[1], "count": m[2], "kind": m[3] if len(m) > 3 else "mention"}
            for m in mentions
        ],
    )
    _run_batched(
        graph,
        "seed.merge_shares",
        [
            {"a": r["a"], "b": r["b"], "props": {k: v for k, v in r.items() if k not in ("a", "b")}}
            for r in shares
        ],
    )
    # The seed's own writes (analysis results, links) bypass the loaders: count them as a change,
    # so derived views (the audience index, cached answers) built before are stale, as after a load.
    bump_now(graph, "loads")


def forget_assessment(graph: Graph) -> None:
    """The graph as before any authenticity assessment: marks gone, the assessment count reset."""
    text = seed_queries()["seed.forget_assessment"].text
    graph.transaction(lambda tx: tx.run(text).consume())
