"""The fast online writer: audience and mention files into a graph that may already hold data.

Same graph, same all-or-nothing per file as `loaders.write` + `loaders.journal` (the "classic"
writer, kept for A/B runs: `writer="classic"`). On the reference market (bench/load.py, one quiet
run, 2026-12-05) its rows/s were 3.43x the classic writer's for 200,000 new-member rows into the
full graph, 3.59x into an empty database, 3.09x for a second mention file; but 1.41x for the
mentions right after the empty database's audience and 1.24x for a re-export of rows the graph
holds. There the server itself is the limit: in the same run, bare CREATEs of those mentions
reached 2.56x and bare SETs of the re-export's edges 1.76x the classic writer. What
changed, each from a profile (see the issue 13 notes and docs/benchmarks.md):

- Times travel as ISO text and become DATE/DATETIME in Cypher: the driver packs a Python datetime
  in about 0.2 ms (pure-Python dehydration), which was a third of the client's time.
- Audience rows are grouped per member: one statement merges a member and writes all its edges,
  so a member is looked up once, not once per edge plus once in a members pass. A member that is
  new to the graph can have no edges yet, so its edges are CREATEd (no existence check, no locks
  on the creator); existing members' edges are MERGEd as before.
- Journaled files (more rows than `transaction_rows`) keep, per committed batch, one
  `(:LoadBatch {load, seq, undo})` node written in the batch's own transaction: a JSON record of
  what it created and what it changed (old values). Rollback replays those records; commit deletes
  them (a few hundred nodes). The classic journal marked every element (`_load*` properties on
  every edge, indexed) and then removed the marks from every element, a second write pass.
- Members the graph holds are rewritten only when the file changes one of their properties (the
  lookup that finds them compares), and every edge statement checks it wrote each of its rows.
- A file written in one transaction uses statements that do not read old values
  (`WITHOUT_UNDO`: `*_unjournaled`, and the classic members statement): only a journal's undo
  records need them.
- Whatever the server returns comes back as one row per statement (lists of lists), never one
  record per input row: the Python driver spends about 30 us per record.
- New members are planned on columns (numpy) and sent as one list per property: a dict per row
  cost 11 s of planning at 2.1M rows, and packing and unwinding maps cost the writes 5 s.

A load that dies half-way leaves its LoadRun 'writing'; `recover_unfinished` (run by every load and
`db init`) undoes it from its LoadBatch records once it is dead by the classic journal's rule
(silent for STALE_SECONDS, or its owner process gone), as the classic journal does from its markers.
Creators files and stubs are small and go through the same statements in both writers.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any
from uuid import uuid4

import numpy as np
import numpy.typing as npt
import pandas as pd
from neo4j import ManagedTransaction

from loaders.journal import ACTIVE, HEARTBEAT_SECONDS, STALE_SECONDS, recover, with_change
from loaders.write import (
    DEMOGRAPHICS,
    Progress,
    WriteCounts,
    audience_edge_frames,
    date_text,
    datetime_text,
    member_frame,
    mention_frame,
    record_change,
)
from service.graph.db import Graph, run_read
from service.graph.errors import ServiceError
from service.graph.queries import get_query
from service.ops.processes import owner_name

Record = dict[str, Any]


ID_LOOKUP_CHUNK = 10_000
# Sessions writing new-member batches at once in a journaled load (the server then uses 2 cores).
WRITERS = 2
# A new-member statement holds this many times `batch_rows` rows (members and edges). It only
# CREATEs, so it takes no locks another batch waits on, and in a journaled load each statement is
# a transaction with its undo record: fewer, larger commits. 200,000 new rows into the 2.1M-row
# market: writing took 3.4-3.7 s at 5,000 rows a statement, 4.2-4.3 s at 1,000 (3.8 s at 10,000).
NEW_MEMBER_BATCH_FACTOR = 5


@dataclass
class Statement:
    """One batch: a named query, its parameters, its row count (progress) and edges (counts)."""

    query: str
    params: dict[str, Any]
    rows: int
    edges: int = 0
    # Batches of new members: independent of each other, so two writers may run them at once.
    parallel: bool = False


@dataclass
class Batches:
    """A file's statements in order, the edges it writes and its members."""

    statements: list[Statement]
    edges: int
    members: int = 0


def _chunks(query: str, rows: list[Any], size: int, edges: bool) -> list[Statement]:
    return [
        Statement(query, {"rows": rows[start : start + size]}, len(rows[start : start + size]))
        if not edges
        else Statement(
            query,
            {"rows": rows[start : start + size]},
            len(rows[start : start + size]),
            len(rows[start : start + size]),
        )
        for start in range(0, len(rows), size)
    ]


@dataclass(frozen=True)
class KnownMembers:
    """Of a file's members: those the graph holds, and those among them the file changes."""

    found: set[str]
    changed: set[str]


def known_members(graph: Graph, ids: list[str], properties: dict[str, list[Any]]) -> KnownMembers:
    """Look `ids` up (with the file's MEMBER_PROPERTIES of each, aligned) in chunks."""
    found: set[str] = set()
    changed: set[str] = set()
    for start in range(0, len(ids), ID_LOOKUP_CHUNK):
        end = start + ID_LOOKUP_CHUNK
        params = {MEMBER_PARAMETERS[name]: values[start:end] for name, values in properties.items()}
        row = graph.read_one("ingest.get_existing_members", ids=ids[start:end], **params) or {}
        found.update(row.get("ids") or ())
        changed.update(row.get("changed") or ())
    return KnownMembers(found, changed)


MEMBER_PROPERTIES = ("platform", *DEMOGRAPHICS)
# create_audience_members' member parameters, by member property.
MEMBER_PARAMETERS = {
    "platform": "platforms",
    "country": "countries",
    "age_band": "age_bands",
    "gender": "genders",
}
# ... and the prefixes of its edge parameters (`follow_members`, ...), by edge kind.
EDGE_PARAMETERS = {"follows": "follow", "engaged": "engaged"}


@dataclass(frozen=True)
class EdgeColumns:
    """One edge kind's rows as columns: member position (in the member frame: its id is
    `ids[member]`), creator id, weight, time as ISO text."""

    member: npt.NDArray[np.intp]
    creator_id: npt.NDArray[np.object_]
    weight: npt.NDArray[np.float64]
    time: npt.NDArray[np.object_]

    @classmethod
    def empty(cls) -> EdgeColumns:
        nothing = np.array([], dtype=object)
        return cls(np.array([], dtype=np.intp), nothing, np.array([], dtype=float), nothing)

    def take(self, rows: npt.NDArray[np.intp]) -> EdgeColumns:
        """These rows, in this order."""
        return EdgeColumns(self.member[rows], self.creator_id[rows], self.weight[rows], self.time[rows])


def audience_batches(graph: Graph, values: pd.DataFrame, batch_rows: int) -> Batches:
    """New members with their edges (one CREATE statement per batch); then members already in the
    graph (MERGE) and their edges (MERGE).

    Planned on columns (numpy), not row by row: at 2.1M new audience rows the row-by-row planner
    took 11 s on one core before the first write."""
    members = member_frame(values)
    ids = members["member_id"].to_numpy(dtype=object)
    # Column lists, not `to_dict("records")`: that boxes every cell (0.9 s for 141,000 members).
    properties = {
        name: members[name].to_numpy(dtype=object) if name in members else np.full(len(ids), None, object)
        for name in MEMBER_PROPERTIES
    }
    known = known_members(graph, ids.tolist(), {name: values.tolist() for name, values in properties.items()})
    old_member = members["member_id"].isin(known.found).to_numpy()
    position = pd.Index(ids)
    new_edges = {kind: EdgeColumns.empty() for kind in EDGE_PARAMETERS}
    merges: list[Statement] = []
    total = 0
    for frame in audience_edge_frames(values):
        data = frame.frame
        text = date_text if frame.kind == "follows" else datetime_text
        edges = EdgeColumns(
            position.get_indexer(data["member_id"]),
            data["creator_id"].to_numpy(dtype=object),
            data["weight"].to_numpy(dtype=float),
            text(data["time"]).to_numpy(dtype=object),
        )
        old = old_member[edges.member]
        old_rows = [
            {"m": m, "c": c, "w": w, "t": t}
            for m, c, w, t in zip(
                ids[edges.member[old]].tolist(),
                edges.creator_id[old].tolist(),
                edges.weight[old].tolist(),
                edges.time[old].tolist(),
                strict=True,
            )
        ]
        query = "ingest.merge_follows" if frame.kind == "follows" else "ingest.merge_engaged_with"
        merges += _chunks(query, old_rows, batch_rows, edges=True)
        new_edges[frame.kind] = edges.take(np.flatnonzero(~old))
        total += len(data)
    statements = _new_member_batches(
        ids, properties, old_member, new_edges, batch_rows * NEW_MEMBER_BATCH_FACTOR
    )
    # Members the graph holds are rewritten only when the file changes a property (an empty cell
    # keeps the stored value): a re-export mostly repeats them, and rewriting 73,000 unchanged
    # members took 1.0 s of a 100,000-row re-export's 4.4 s.
    rewrite = members["member_id"].isin(known.changed).to_numpy()  # a subset of old_member
    old_members = [
        {"id": member_id, **dict(zip(MEMBER_PROPERTIES, cells, strict=True))}
        for member_id, *cells in zip(
            ids[rewrite].tolist(),
            *(properties[name][rewrite].tolist() for name in MEMBER_PROPERTIES),
            strict=True,
        )
    ]
    statements += _chunks("ingest.merge_audience_members", old_members, batch_rows, edges=False)
    return Batches(statements + merges, total, members=len(ids))


def _new_member_batches(
    ids: npt.NDArray[np.object_],
    properties: dict[str, npt.NDArray[np.object_]],
    old_member: npt.NDArray[np.bool_],
    new_edges: dict[str, EdgeColumns],
    batch_rows: int,
) -> list[Statement]:
    """`ingest.create_audience_members` batches of about `batch_rows` edges (and members): new
    members in the member frame's order, each with all its edges, in file order per member."""
    edge_counts = np.zeros(len(ids), dtype=np.int64)
    for edges in new_edges.values():
        edge_counts += np.bincount(edges.member, minlength=len(ids))
    new = np.flatnonzero(~old_member & (edge_counts > 0))
    if not len(new):
        return []
    # A batch closes once its rows (members + edges) reach batch_rows, as a running sum would.
    batch_of_new = np.empty(len(new), dtype=np.int64)
    batch, size = 0, 0
    for index, rows in enumerate((1 + edge_counts[new]).tolist()):
        batch_of_new[index] = batch
        size += rows
        if size >= batch_rows:
            batch, size = batch + 1, 0
    batches = int(batch_of_new[-1]) + 1
    batch_of = np.full(len(ids), -1, dtype=np.int64)
    batch_of[new] = batch_of_new
    member_bounds = np.searchsorted(batch_of_new, np.arange(batches + 1))
    # Each kind's edges sorted by member position (stable: file order within a member), so each
    # batch's edges are one slice.
    ordered: dict[str, tuple[EdgeColumns, npt.NDArray[np.intp]]] = {}
    for kind, edges in new_edges.items():
        sorted_edges = edges.take(np.argsort(edges.member, kind="stable"))
        bounds = np.searchsorted(batch_of[sorted_edges.member], np.arange(batches + 1))
        ordered[kind] = (sorted_edges, bounds)
    statements: list[Statement] = []
    for number in range(batches):
        chosen = new[member_bounds[number] : member_bounds[number + 1]]
        params: dict[str, Any] = {"ids": ids[chosen].tolist()}
        for name in MEMBER_PROPERTIES:
            params[MEMBER_PARAMETERS[name]] = properties[name][chosen].tolist()
        creators: set[str] = set()
        edge_rows = 0
        for kind, prefix in EDGE_PARAMETERS.items():
            edges, bounds = ordered[kind]
            part = slice(bounds[number], bounds[number + 1])
            creator_ids = edges.creator_id[part].tolist()
            params[f"{prefix}_members"] = ids[edges.member[part]].tolist()
            params[f"{prefix}_creators"] = creator_ids
            params[f"{prefix}_weights"] = edges.weight[part].tolist()
            params[f"{prefix}_times"] = edges.time[part].tolist()
            creators.update(creator_ids)
            edge_rows += len(creator_ids)
        params["creators"] = sorted(creators)
        statements.append(
            Statement("ingest.create_audience_members", params, len(chosen) + edge_rows, edge_rows, True)
        )
    return statements


def mention_batches(values: pd.DataFrame, batch_rows: int) -> Batches:
    frame = mention_frame(values)
    rows = [
        {"source_id": s, "target_id": t, "kind": k, "count": c, "first_at": f, "last_at": last}
        for s, t, k, c, f, last in zip(
            frame["source_id"].tolist(),
            frame["target_id"].tolist(),
            frame["kind"].tolist(),
            frame["count"].tolist(),
            datetime_text(frame["first_at"]).tolist(),
            datetime_text(frame["last_at"]).tolist(),
            strict=True,
        )
    ]
    return Batches(_chunks("ingest.write_mentions", rows, batch_rows, edges=True), len(rows))


# ---- writing --------------------------------------------------------------------------------


@dataclass
class Undo:
    """What one batch did that a rollback must undo (kept as JSON in its LoadBatch)."""

    stubs: list[str]
    new_members: list[str]
    changed_members: list[Record]
    new_edges: list[Record]
    changed_edges: list[Record]
    new_mentions: list[Record]
    changed_mentions: list[Record]

    @classmethod
    def empty(cls) -> Undo:
        return cls([], [], [], [], [], [], [])

    def is_empty(self) -> bool:
        return not any(self.__dict__.values())

    def to_json(self) -> str:
        return json.dumps(self.__dict__, separators=(",", ":"))


def _run_batch(tx: ManagedTransaction, statement: Statement, undo: Undo | None) -> dict[str, int]:
    """One statement; collect its undo record when journaled; return its counters."""
    result = tx.run(_text(statement.query), statement.params)
    records = list(result)
    counters = result.consume().counters
    _check_every_edge_row_matched(statement, records)
    if undo is not None:
        _collect_undo(statement, records, undo)
    return {"relationships_created": counters.relationships_created, "nodes_created": counters.nodes_created}


# The edge statements for members the graph holds MATCH their member and creator: what each
# returns that counts the rows it wrote.
EDGE_MERGE_RESULTS = {
    "ingest.merge_follows": "edges",
    "ingest.merge_engaged_with": "edges",
    "ingest.merge_follows_unjournaled": "rows",
    "ingest.merge_engaged_with_unjournaled": "rows",
}


def _check_every_edge_row_matched(statement: Statement, records: list[Any]) -> None:
    """A member found before the writing began (and so not rewritten) or a checked creator may
    have been deleted since by another session: its rows would be dropped without a word. Fail
    the file instead (its transaction, or the journal, undoes what it wrote)."""
    key = EDGE_MERGE_RESULTS.get(statement.query)
    if key is None:
        return
    value = records[0][key] if records else 0
    written = value if isinstance(value, int) else len(value)
    # More rows than asked only means duplicate edges (made outside the loaders): MERGE sets all.
    if written < statement.rows:
        raise ServiceError(
            409,
            "conflict",
            f"{statement.rows - written} audience rows name a member or creator that was deleted "
            "during the load; load the file again",
        )


def _collect_undo(statement: Statement, records: list[Any], undo: Undo) -> None:
    query = statement.query
    if query == "ingest.create_audience_members":
        undo.new_members += list(statement.params["ids"])
    elif query == "ingest.write_stub_creators":
        undo.stubs += records[0]["created"] if records else []
    elif query == "ingest.merge_audience_members":
        undo.new_members += records[0]["created"]
        undo.changed_members += records[0]["changed"]
    elif query in ("ingest.merge_follows", "ingest.merge_engaged_with"):
        edge_type = "FOLLOWS" if query == "ingest.merge_follows" else "ENGAGED_WITH"
        edges = records[0]["edges"] if records else []
        for member, creator, created, weight, when in edges:
            item = {"type": edge_type, "m": member, "c": creator}
            if created:
                undo.new_edges.append(item)
            else:
                undo.changed_edges.append({**item, "weight": weight, "time": when})
    elif query == "ingest.write_mentions":
        mentions = records[0]["mentions"] if records else []
        for source, target, kind, created, count, first_at, last_at in mentions:
            key = {"s": source, "t": target, "kind": kind}
            if created:
                undo.new_mentions.append(key)
            else:
                old = {"count": count, "first_at": first_at, "last_at": last_at}
                undo.changed_mentions.append({**key, **old})


def _text(name: str) -> Any:
    return get_query(name).text


def _statements(plan: Batches, stub_ids: list[str]) -> list[Statement]:
    """The stubs (if any), then the plan's statements."""
    stubs = [Statement("ingest.write_stub_creators", {"rows": stub_ids}, len(stub_ids))] if stub_ids else []
    return stubs + plan.statements


# A journaled statement's twin for a file written in one transaction: the same write, without
# reading the old values that only an undo record needs (for members, the classic writer's own
# statement takes the same rows). 100,000 rows of existing members and edges (the 2.1M-row
# market): writing took 2.4-3.6 s instead of 3.5-3.9 s.
WITHOUT_UNDO = {
    "ingest.merge_audience_members": "loaders.merge_audience_members",
    "ingest.merge_follows": "ingest.merge_follows_unjournaled",
    "ingest.merge_engaged_with": "ingest.merge_engaged_with_unjournaled",
    "ingest.write_mentions": "ingest.merge_mentions_unjournaled",
}


def write_one_transaction(
    graph: Graph, plan: Batches, stub_ids: list[str], source: str, progress: Progress | None
) -> WriteCounts:
    """Every batch in one write transaction (files up to `transaction_rows`)."""

    def work(tx: ManagedTransaction) -> WriteCounts:
        counts = WriteCounts()  # afresh on every attempt: the driver may re-run this function
        done = 0
        statements = _statements(plan, stub_ids)
        total = sum(statement.rows for statement in statements)
        for statement in statements:
            unjournaled = replace(statement, query=WITHOUT_UNDO.get(statement.query, statement.query))
            _add(counts, statement.query, _run_batch(tx, unjournaled, None))
            done += statement.rows
            if progress is not None:
                progress(source, done, total)
        record_change(tx)  # the data version moves with the file's one commit
        return counts

    return graph.transaction(work)


def _add(counts: WriteCounts, query: str, counters: dict[str, int]) -> None:
    if query == "ingest.write_stub_creators":
        counts.stubs_created += counters["nodes_created"]
    elif query in ("ingest.merge_audience_members", "ingest.create_audience_members"):
        counts.members_created += counters["nodes_created"]
        counts.created += counters["relationships_created"]
    else:
        counts.created += counters["relationships_created"]


def write_journaled(
    graph: Graph,
    plan: Batches,
    stub_ids: list[str],
    source: str,
    kind: str,
    progress: Progress | None,
    writers: int = WRITERS,
) -> WriteCounts:
    """Batch by batch, each with its undo record; commit at the end, or undo everything on failure.

    Runs of new-member batches go to `writers` sessions at once (they touch disjoint members; the
    server then uses more than one core); everything else runs in order.
    """
    load_id = uuid4().hex
    ACTIVE.add(load_id)
    try:
        return _write_journaled(graph, load_id, plan, stub_ids, source, kind, progress, writers)
    finally:
        ACTIVE.discard(load_id)


def _write_journaled(
    graph: Graph,
    load_id: str,
    plan: Batches,
    stub_ids: list[str],
    source: str,
    kind: str,
    progress: Progress | None,
    writers: int,
) -> WriteCounts:
    start = {"load": load_id, "source": source, "kind": kind, "owner": owner_name()}
    graph.transaction(lambda tx: with_change(tx, "ingest.start_load_run", start))
    counts = WriteCounts()
    statements = _statements(plan, stub_ids)
    total = sum(statement.rows for statement in statements)
    state = {"done": 0, "beat": time.monotonic()}

    def write(seq: int, statement: Statement) -> dict[str, int]:
        def work(tx: ManagedTransaction) -> dict[str, int]:
            undo = Undo.empty()
            counters = _run_batch(tx, statement, undo)
            if not undo.is_empty():
                tx.run(
                    _text("ingest.record_load_batch"), {"load": load_id, "seq": seq, "undo": undo.to_json()}
                )
            return counters

        return graph.transaction(work)

    def done(statement: Statement, counters: dict[str, int]) -> None:
        _add(counts, statement.query, counters)
        state["done"] += statement.rows
        if time.monotonic() - state["beat"] > HEARTBEAT_SECONDS:
            graph.write("journal.set_load_run_status", load=load_id, status="writing")
            state["beat"] = time.monotonic()
        if progress is not None:
            progress(source, int(state["done"]), total)

    try:
        with ThreadPoolExecutor(max_workers=max(writers, 1)) as pool:
            seq = 0
            while seq < len(statements):
                group = [seq]
                while statements[seq].parallel and seq + 1 < len(statements) and statements[seq + 1].parallel:
                    seq += 1
                    group.append(seq)
                seq += 1
                if len(group) == 1:
                    done(statements[group[0]], write(group[0], statements[group[0]]))
                    continue
                futures = {pool.submit(write, i, statements[i]): statements[i] for i in group}
                failure: BaseException | None = None
                for future in as_completed(futures):
                    try:
                        done(futures[future], future.result())
                    except BaseException as error:  # wait for the running ones, then roll back
                        failure = failure or error
                        # Batches not started yet never start: each would retry against a
                        # Neo4j that is gone for the driver's whole retry time (a group holds
                        # every new-member batch of the file: a load killed mid-way hung for
                        # most of an hour before rolling back).
                        for pending in futures:
                            pending.cancel()
                if failure is not None:
                    raise failure
    except BaseException:
        with suppress(ServiceError):
            roll_back(graph, load_id)
        raise
    try:
        finish(graph, load_id)
    except ServiceError as error:
        raise ServiceError(
            error.status,
            "load_not_finished",
            f"every row was written, but closing the load failed ({error.message}); "
            "the next load or `influence-map db init` completes it",
        ) from error
    return counts


def finish(graph: Graph, load_id: str) -> None:
    """Commit: the undo records go, the load is done."""
    graph.write("journal.set_load_run_status", load=load_id, status="cleaning")
    graph.autocommit("ingest.delete_load_batches", load=load_id)
    done = {"load": load_id, "status": "done"}
    graph.transaction(lambda tx: with_change(tx, "journal.set_load_run_status", done))


def roll_back(graph: Graph, load_id: str) -> None:
    """Replay every undo record of the load (latest batch first), then record it rolled back."""
    graph.write("journal.set_load_run_status", load=load_id, status="rolling_back")
    for batch in graph.read("ingest.list_load_batches", load=load_id):
        undo = Undo(**json.loads(batch["undo"]))

        def work(tx: ManagedTransaction, undo: Undo = undo) -> None:
            run_read(
                tx, "ingest.undo_audience_edges", {"created": undo.new_edges, "changed": undo.changed_edges}
            )
            run_read(
                tx, "ingest.undo_mentions", {"created": undo.new_mentions, "changed": undo.changed_mentions}
            )
            run_read(
                tx,
                "ingest.undo_audience_members",
                {"new_ids": undo.new_members, "changed": undo.changed_members},
            )
            run_read(tx, "ingest.undo_stub_creators", {"ids": undo.stubs})

        graph.transaction(work)
    graph.autocommit("ingest.delete_load_batches", load=load_id)
    undone = {"load": load_id, "status": "rolled_back"}
    graph.transaction(lambda tx: with_change(tx, "journal.set_load_run_status", undone))


def recover_unfinished(graph: Graph, stale_seconds: int = STALE_SECONDS) -> list[str]:
    """Finish or undo fast-writer loads a dead process left behind; say what was done."""
    return recover(graph, "ingest.list_unfinished_load_runs", finish, roll_back, stale_seconds)
