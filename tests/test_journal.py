"""Journaled loads (files above transaction_rows): same graph as one transaction, and undone on failure.

Each test forces the journal with transaction_rows=0 and batches of 2 rows, so a six-row file is
several committed transactions; the assertions compare against the graph before the load, or
against the same input loaded in one transaction.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from loaders import load_dataset, load_file, load_frame
from loaders.journal import recover_unfinished, write_batches
from loaders.write import WritePlan
from service.graph.db import Graph
from tests.test_loaders import counts, cypher, snapshot, write

BASE_AUDIENCE = "member_id,creator_id,weight,since,country\nm1,c1,1,2023-05-01,PT\nm2,c2,2,,\n"
# Updates m1 -> c1 (weight 9, member country BR), adds m3..m5, an engaged edge and a stub creator c9.
NEXT_AUDIENCE = (
    "member_id,creator_id,kind,weight,since,country\n"
    "m1,c1,follows,9,,BR\nm3,c1,,1,,\nm4,c2,,1,,\nm5,c9,,1,,\nm2,c1,engaged,4,2024-01-01,\nm3,c2,,2,,\n"
)
BASE_MENTIONS = "source_id,target_id,count,first_at\nc1,c2,5,2024-01-01T00:00:00Z\n"
NEXT_MENTIONS = "source_id,target_id,count,first_at\nc1,c2,9,\nc2,c1,1,\nx1,x2,2,\nc1,x1,1,\n"


@pytest.fixture
def base(db: Graph, tmp_path: Path) -> Iterator[Graph]:
    """c1, c2 with m1 -> c1, m2 -> c2 and c1 -> c2 (count 5), loaded in one transaction."""
    db.wipe()
    load_frame(db, "creators", pd.DataFrame({"id": ["c1", "c2"], "name": ["One", "Two"]}))
    load_file(db, "audience", write(tmp_path / "base", "audience.csv", BASE_AUDIENCE))
    load_file(db, "mentions", write(tmp_path / "base", "mentions.csv", BASE_MENTIONS))
    yield db


def load_next(graph: Graph, folder: Path, **options: int) -> list[tuple[bool, int, int, int]]:
    write(folder, "audience.csv", NEXT_AUDIENCE)
    write(folder, "mentions.csv", NEXT_MENTIONS)
    summary = load_dataset(graph, folder, create_missing=True, batch_size=2, **options)
    return [(f.journaled, f.created, f.updated, f.stubs) for f in summary.files]


def test_a_journaled_load_leaves_the_same_graph_as_one_transaction(base: Graph, tmp_path: Path) -> None:
    journaled = load_next(base, tmp_path / "journaled", transaction_rows=0)
    # audience: 6 rows -> 6 edges, 5 new (m1 -> c1 updated), stub c9; mentions: 4 edges, 3 new,
    # stubs x1 and x2.
    assert journaled == [(True, 5, 1, 1), (True, 3, 1, 2)]
    after_journal = snapshot(base)
    assert "_load" not in repr(after_journal), "a committed load leaves no markers"
    runs = cypher(base, "MATCH (l:LoadRun) RETURN l.status AS status")
    assert [row["status"] for row in runs] == ["done", "done"]

    base.wipe()
    load_frame(base, "creators", pd.DataFrame({"id": ["c1", "c2"], "name": ["One", "Two"]}))
    load_file(base, "audience", write(tmp_path / "again", "audience.csv", BASE_AUDIENCE))
    load_file(base, "mentions", write(tmp_path / "again", "mentions.csv", BASE_MENTIONS))
    assert load_next(base, tmp_path / "one", transaction_rows=1000) == [(False, 5, 1, 1), (False, 3, 1, 2)]
    assert snapshot(base) == after_journal


# FOLLOWS committed when the sixth..eighth row is written (batches of 2): the classic writer has
# written the stub c9, the 5 members and m3 -> c1 (3 with the base's 2); the fast one the stub and
# the new members m3..m5 with all their edges (6).
@pytest.mark.parametrize(("writer", "committed_follows"), [("classic", 3), ("fast", 6)])
def test_a_failure_in_a_journaled_load_undoes_the_committed_batches(
    base: Graph, tmp_path: Path, writer: str, committed_follows: int
) -> None:
    before = snapshot(base)
    committed: list[int] = []

    def fail_after_the_first_edges(_source: str, done: int, _total: int) -> None:
        if done >= 8:
            committed.append(counts(base).get("FOLLOWS", 0))
            raise KeyboardInterrupt

    path = write(tmp_path, "audience.csv", NEXT_AUDIENCE)
    with pytest.raises(KeyboardInterrupt):
        load_file(base, "audience", path, create_missing=True, batch_size=2, transaction_rows=0,
                  progress=fail_after_the_first_edges, writer=writer)  # fmt: skip
    assert committed == [committed_follows], "some of the load's edges were committed before the failure"
    assert snapshot(base) == before  # m1 -> c1 weight 1 again, m1 country PT, no m3..m5, no c9
    runs = cypher(base, "MATCH (l:LoadRun) RETURN l.status AS status")
    assert [row["status"] for row in runs] == ["rolled_back"]
    assert cypher(base, "MATCH (b:LoadBatch) RETURN count(b) AS n") == [{"n": 0}]


@pytest.mark.parametrize("writer", ["classic", "fast"])
def test_a_failure_after_the_last_batch_undoes_updates_too(base: Graph, tmp_path: Path, writer: str) -> None:
    """Every batch committed (m1 -> c1 re-weighted, m1's country changed, m2 engaged), then a failure."""
    before = snapshot(base)

    def fail_at_the_end(_source: str, done: int, total: int) -> None:
        if done == total:
            raise KeyboardInterrupt

    path = write(tmp_path, "audience.csv", NEXT_AUDIENCE)
    with pytest.raises(KeyboardInterrupt):
        load_file(base, "audience", path, create_missing=True, batch_size=2, transaction_rows=0,
                  progress=fail_at_the_end, writer=writer)  # fmt: skip
    assert snapshot(base) == before
    assert cypher(base, "MATCH (l:LoadRun) RETURN l.status AS status") == [{"status": "rolled_back"}]


def test_a_failed_journaled_mentions_load_restores_counts_and_drops_stubs(
    base: Graph, tmp_path: Path
) -> None:
    before = snapshot(base)

    def fail_on_the_last_batch(_source: str, done: int, total: int) -> None:
        if done == total:
            raise RuntimeError("the caller gave up")

    path = write(tmp_path, "mentions.csv", NEXT_MENTIONS)
    with pytest.raises(RuntimeError, match="gave up"):
        load_file(base, "mentions", path, create_missing=True, batch_size=2, transaction_rows=0,
                  progress=fail_on_the_last_batch)  # fmt: skip
    assert snapshot(base) == before
    mention = cypher(
        base, "MATCH (:Creator {id: 'c1'})-[r:MENTIONED]->(:Creator {id: 'c2'}) RETURN r.count AS n"
    )
    assert mention == [{"n": 5}]


def test_the_next_load_rolls_back_a_load_its_process_left_half_done(base: Graph) -> None:
    before = snapshot(base)
    # What a process that died after two batches leaves behind: a LoadRun still 'writing'.
    # A load of another machine's process: only its heartbeat can say it is dead.
    base.write(
        "journal.start_load_run",
        load="dead-process",
        source="audience.csv",
        kind="audience",
        owner="elsewhere:1",
    )
    write_batches(
        base,
        [
            WritePlan(
                "loaders.merge_audience_members",
                [{"id": "m1", "country": "BR"}, {"id": "m7"}],
                counts="members",
            ),
            WritePlan(
                "loaders.merge_follows",
                [
                    {"member_id": "m1", "creator_id": "c1", "weight": 9.0, "since": None},
                    {"member_id": "m7", "creator_id": "c2", "weight": 1.0, "since": None},
                ],
            ),
        ],
        batch_size=2,
        source="audience.csv",
        load_id="dead-process",
        progress=None,
    )
    assert counts(base)["AudienceMember"] == 3, "the half-done load is in the graph"
    # Its heartbeat is fresh: a load now must not take it for dead (it may run in another process).
    assert load_frame(base, "creators", pd.DataFrame({"id": ["c1"], "name": ["One"]})).recovered == []
    assert counts(base)["AudienceMember"] == 3

    # Five minutes without a heartbeat later (stale_seconds=0 stands in for the wait):
    assert recover_unfinished(base, stale_seconds=0) == [
        "rolled back the unfinished load of audience.csv (dead-process)"
    ]
    assert snapshot(base) == before


def test_the_next_load_completes_a_load_that_died_while_cleaning(base: Graph) -> None:
    base.write(
        "journal.start_load_run", load="almost", source="audience.csv", kind="audience", owner="elsewhere:1"
    )
    write_batches(
        base,
        [WritePlan("loaders.merge_audience_members", [{"id": "m8", "gender": "f"}], counts="members")],
        batch_size=2,
        source="audience.csv",
        load_id="almost",
        progress=None,
    )
    base.write("journal.set_load_run_status", load="almost", status="cleaning")
    assert recover_unfinished(base, stale_seconds=0) == ["completed the load of audience.csv (almost)"]
    member = cypher(base, "MATCH (m:AudienceMember {id: 'm8'}) RETURN properties(m) AS props")
    assert member == [{"props": {"id": "m8", "gender": "f"}}]


@pytest.mark.parametrize("owner", ["{host}:{dead}", "{host}:{me}"])
def test_a_load_whose_process_is_gone_is_rolled_back_at_once(base: Graph, owner: str) -> None:
    # issue 17 (fault injection): a load killed with its process, or one this process could not
    # roll back while Neo4j was away, must not wait five minutes to be undone.
    before = snapshot(base)
    gone = subprocess.Popen(["true"])
    gone.wait()
    named = owner.format(host=socket.gethostname(), dead=gone.pid, me=os.getpid())
    base.write("journal.start_load_run", load="killed", source="audience.csv", kind="audience", owner=named)
    write_batches(
        base,
        [WritePlan("loaders.merge_audience_members", [{"id": "m9"}], counts="members")],
        batch_size=2,
        source="audience.csv",
        load_id="killed",
        progress=None,
    )
    assert load_frame(base, "creators", pd.DataFrame({"id": ["c1"], "name": ["One"]})).recovered == [
        "rolled back the unfinished load of audience.csv (killed)"
    ]
    assert snapshot(base) == before
