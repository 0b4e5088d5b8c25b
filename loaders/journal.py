"""Journaled loads: big audience and mention files, committed batch by batch, undone on failure.

One transaction per file (loaders.write) is all or nothing for free, but Neo4j holds the whole
file's changes in memory until the commit (about 250,000 audience rows per GB of heap). Files with
more rows than `transaction_rows` are therefore written batch by batch, each batch its own
transaction, with every element the load creates or changes marked by the load's id:

- created nodes and edges get `_load = <id>` and `_load_new = true`;
- changed ones get `_load = <id>`, `_load_new = false` and their previous values in `_load_prev_*`;
- a `(:LoadRun {id, status})` node records where the load is: writing, cleaning, done,
  rolling_back, rolled_back.

When every batch is written the load is committed by removing the markers; when a batch fails (or
the caller raises) the load is rolled back: created elements deleted, changed ones restored. Both
steps run as `CALL { ... } IN TRANSACTIONS` over indexed markers (cypher/schema/*_load_index).
If the process or the server dies part-way, the LoadRun stays unfinished and a later load (or
`influence-map db init`) finishes the job first: rolls back a load that was writing, completes one
that was cleaning. A live load stamps its LoadRun at least every HEARTBEAT_SECONDS and records its
owner ("host:pid"); a load counts as dead when it has been silent for STALE_SECONDS, or at once
when its owner is a process of this machine that no longer exists, or this process, which no
longer runs it (its rollback failed while Neo4j was away). A load running in another live
process is never touched.
Creators files are always written in one transaction (they are small, and their topic edges
would need a journal of their own).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any
from uuid import uuid4

from neo4j import ManagedTransaction

from loaders.write import Progress, WriteCounts, WritePlan, record_change
from service.graph.db import Graph, run_write
from service.graph.errors import ServiceError
from service.ops.processes import ActiveJobs, owner_is_gone, owner_name

# Journaled variants of the loaders' write queries (same parameters plus $load).
JOURNALED = {
    "loaders.merge_stub_creators": "journal.merge_stub_creators",
    "loaders.merge_audience_members": "journal.merge_audience_members",
    "loaders.merge_follows": "journal.merge_follows",
    "loaders.merge_engaged_with": "journal.merge_engaged_with",
    "loaders.merge_mentions": "journal.merge_mentions",
}
HEARTBEAT_SECONDS = 30.0
STALE_SECONDS = 300
# The journaled loads this process is writing (so it can tell its own dead ones).
ACTIVE = ActiveJobs()
# Edges before nodes: a rolled-back member or stub must have no edges of this load left.
FINISH_QUERIES = (
    "journal.finish_follows",
    "journal.finish_engaged_with",
    "journal.finish_mentions",
    "journal.finish_audience_members",
    "journal.finish_stub_creators",
)
ROLL_BACK_QUERIES = (
    "journal.roll_back_follows",
    "journal.roll_back_engaged_with",
    "journal.roll_back_mentions",
    "journal.roll_back_audience_members",
    "journal.roll_back_stub_creators",
)


def write_journaled(
    graph: Graph, plans: list[WritePlan], batch_size: int, source: str, kind: str, progress: Progress | None
) -> WriteCounts:
    """Write every plan batch by batch under a load id; commit it, or roll it back on any failure."""
    load_id = uuid4().hex
    ACTIVE.add(load_id)
    try:
        start = {"load": load_id, "source": source, "kind": kind, "owner": owner_name()}
        graph.transaction(lambda tx: with_change(tx, "journal.start_load_run", start))
        try:
            counts = write_batches(graph, plans, batch_size, source, load_id, progress)
        except BaseException:
            # If the rollback fails too (server gone), the LoadRun stays unfinished and the next
            # load (or `db init`) rolls it back; the original error is the one to report.
            with suppress(ServiceError):
                roll_back(graph, load_id)
            raise
        try:
            finish(graph, load_id)
        except ServiceError as error:
            raise ServiceError(
                error.status,
                "load_not_finished",
                f"every row was written, but removing the load's markers failed ({error.message}); "
                "the next load or `influence-map db init` completes it",
            ) from error
    finally:
        ACTIVE.discard(load_id)
    return counts


def write_batches(
    graph: Graph,
    plans: list[WritePlan],
    batch_size: int,
    source: str,
    load_id: str,
    progress: Progress | None,
) -> WriteCounts:
    """Each batch in its own transaction, every change marked with `load_id`."""
    counts = WriteCounts()
    total = sum(len(plan.rows) for plan in plans)
    done = 0
    last_beat = time.monotonic()
    for plan in plans:
        query = JOURNALED[plan.query]
        for start in range(0, len(plan.rows), batch_size):
            batch = plan.rows[start : start + batch_size]
            counts.add(plan.counts, graph.write(query, rows=batch, load=load_id, **plan.params))
            done += len(batch)
            if time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                graph.write("journal.set_load_run_status", load=load_id, status="writing")
                last_beat = time.monotonic()
            if progress is not None:
                progress(source, done, total)
    return counts


def finish(graph: Graph, load_id: str) -> None:
    """Commit: remove the load's markers, then record it as done."""
    graph.write("journal.set_load_run_status", load=load_id, status="cleaning")
    # From here on the rows are in: a failure leaves the markers, which a later load removes.
    for query in FINISH_QUERIES:
        graph.autocommit(query, load=load_id)
    done = {"load": load_id, "status": "done"}
    graph.transaction(lambda tx: with_change(tx, "journal.set_load_run_status", done))


def roll_back(graph: Graph, load_id: str) -> None:
    """Undo: delete what the load created, restore what it changed, record it as rolled back."""
    graph.write("journal.set_load_run_status", load=load_id, status="rolling_back")
    for query in ROLL_BACK_QUERIES:
        graph.autocommit(query, load=load_id)
    undone = {"load": load_id, "status": "rolled_back"}
    graph.transaction(lambda tx: with_change(tx, "journal.set_load_run_status", undone))


def with_change(tx: ManagedTransaction, query: str, params: Mapping[str, Any]) -> None:
    """A LoadRun's start or end, committed with a new data version: while the LoadRun is
    unfinished no derived view is built or served (`service.graph.version`), and the version the
    views are rebuilt at afterwards differs from every one before the load."""
    run_write(tx, query, params)
    record_change(tx)


def recover_unfinished(graph: Graph, stale_seconds: int = STALE_SECONDS) -> list[str]:
    """Finish or undo journaled loads a dead process left behind; return what was done, per load."""
    return recover(graph, "journal.list_unfinished_load_runs", finish, roll_back, stale_seconds)


def recover(
    graph: Graph,
    unfinished: str,
    finish: Callable[[Graph, str], None],
    roll_back: Callable[[Graph, str], None],
    stale_seconds: int,
) -> list[str]:
    """The recovery both writers share: each unfinished load (the `unfinished` query's rows) that
    is dead - silent for `stale_seconds`, or its owner process gone - is finished when it was
    cleaning up, else rolled back by that writer's `finish` / `roll_back`."""
    done = []
    for run in graph.read(unfinished):
        silent = (run["silent_seconds"] or 0) >= stale_seconds
        if not silent and not owner_is_gone(run["owner"], run["id"], ACTIVE):
            continue  # alive, as far as anyone can tell
        if run["status"] == "cleaning":
            finish(graph, run["id"])
            done.append(f"completed the load of {run['source']} ({run['id']})")
        else:
            roll_back(graph, run["id"])
            done.append(f"rolled back the unfinished load of {run['source']} ({run['id']})")
    return done
