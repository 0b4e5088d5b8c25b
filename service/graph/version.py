"""The data version: one `(:DataVersion {name: 'data'})` node, bumped with every change.

Derived views -- the audience index (`service.domain.audience_index`) and the run-scoped answer
cache of the web layer -- are built for one `DataStamp` and never served for another. Every writer
calls `bump` inside the write transaction that changes what those views are built from, so the
change and its version commit together:

- loads: a file's one transaction (`loaders.write`, `loaders.ingest`), a journaled load when it
  starts and when it ends (`loaders.journal`, `loaders.ingest`), a bulk load's record
  (`loaders.bulk`), campaign results (UGC adds members) -> "loads";
- the authenticity assessment (`service.domain.authenticity.flag_creators`) -> "assessments";
- an analysis run's publication (`service.domain.analysis.run`) and a cluster's rename
  (`service.domain.analysis.names`) -> "analyses".

`read_stamp` is the one small read a request makes before using a derived view: the version node
by its unique name, the served run's id, four count-store counts and whether a journaled load is
unfinished (its batches commit without a version of their own: nothing is built or served from a
derived view meanwhile). The counts catch writes that bypass our writers and add or remove
creators, members or edges (a Browser session); property edits made that way are not noticed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import time
import weakref
from dataclasses import asdict, dataclass
from typing import Any, Literal

from neo4j import ManagedTransaction

from service.graph.db import Graph, Row, run_read, run_write

Part = Literal["loads", "assessments", "analyses"]


@dataclass(frozen=True)
class DataStamp:
    """What a derived view was built from: the data version, the served run and a fingerprint of
    the audience's size. Two stamps are equal only when nothing our writers track changed."""

    epoch: str | None
    version: int
    loads: int
    assessments: int
    analyses: int
    run: str | None
    creators: int
    members: int
    follows: int
    engaged: int

    @property
    def memberships(self) -> int:
        """An upper bound on (member, creator) memberships: every audience edge."""
        return self.follows + self.engaged

    @functools.cached_property
    def key(self) -> str:
        """A short text naming this stamp (file names, ETags)."""
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    def only_marks_or_clusters_changed_since(self, older: DataStamp) -> bool:
        """True when every change between `older` and this stamp was an assessment or an analysis
        publication (same epoch, no load, same counts): the audience itself is unchanged."""
        same_audience = (self.epoch, self.loads, self.creators, self.members, self.follows, self.engaged) == (
            older.epoch,
            older.loads,
            older.creators,
            older.members,
            older.follows,
            older.engaged,
        )
        steps = (self.assessments - older.assessments) + (self.analyses - older.analyses)
        return (
            same_audience
            and self.assessments >= older.assessments
            and self.analyses >= older.analyses
            and self.version - older.version == steps
        )


def bump(tx: ManagedTransaction, part: Part) -> None:
    """Count one change of `part`, inside the transaction that makes it."""
    run_write(tx, "data_version.bump_data_version", {"part": part})


def bump_now(graph: Graph, part: Part) -> None:
    """Count one change in a transaction of its own (a writer whose change already committed)."""
    graph.write("data_version.bump_data_version", part=part)


def read_stamp(graph: Graph) -> tuple[DataStamp, bool]:
    """The current stamp and whether a journaled load is unfinished: one small read, shared by the
    requests of this process that arrive while it is under way (`SharedStampRead`)."""
    with _readers_lock:
        reader = _readers.get(graph.driver)
        if reader is None:
            reader = _readers[graph.driver] = SharedStampRead()
    return reader.read(graph)


def read_stamp_now(graph: Graph) -> tuple[DataStamp, bool]:
    """The stamp by a read of its own."""
    rows = graph.read_small("data_version.get_data_version")
    row = rows[0] if rows else {}
    return stamp_of(row), bool(row.get("loading"))


class SharedStampRead:
    """Concurrent requests share stamp reads without ever seeing an older stamp than a read of
    their own would: a request may use a read that STARTED after it arrived (so it sees every
    write committed before the request), and waits for one otherwise. Under load at most one read
    per process is under way and one more is queued, instead of one per request.

    Under load, reads would follow each other back to back, each costing the process about as
    much CPU as a small answer; so when other requests are waiting, a read starts no sooner than
    `MIN_GAP_SECONDS` after the one before it started, and serves everyone who arrived meanwhile.
    A lone client never waits for the gap."""

    # bench/stamp_reads.py (16 threads, 0.4 ms of their own work per call): 5 ms makes 40% fewer
    # reads (14-15 calls per read instead of 8.4) and takes 8-24% less CPU per call, at the same or
    # more calls/s and the same p99; 3 ms is too short to matter, 10 ms and more only throttle.
    MIN_GAP_SECONDS = 0.005

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._reading = False
        self._waiting = 0
        self._last: tuple[float, tuple[DataStamp, bool]] | None = None

    def read(self, graph: Graph) -> tuple[DataStamp, bool]:
        arrived = time.monotonic()
        with self._changed:
            while True:
                if self._last is not None and self._last[0] >= arrived:
                    return self._last[1]
                if not self._reading:
                    self._reading = True
                    crowded = self._waiting > 0
                    previous = self._last[0] if self._last is not None else None
                    break
                self._waiting += 1
                self._changed.wait()
                self._waiting -= 1
        if crowded and previous is not None:
            pause = previous + self.MIN_GAP_SECONDS - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        started = time.monotonic()
        result: tuple[DataStamp, bool] | None = None
        try:
            result = read_stamp_now(graph)
            return result
        finally:
            with self._changed:
                self._reading = False
                if result is not None and (self._last is None or self._last[0] < started):
                    self._last = (started, result)
                self._changed.notify_all()


_readers: weakref.WeakKeyDictionary[Any, SharedStampRead] = weakref.WeakKeyDictionary()
_readers_lock = threading.Lock()


def read_stamp_in(tx: ManagedTransaction) -> tuple[DataStamp, bool]:
    """`read_stamp` inside a transaction (a build's, or a writer's that checks what it read)."""
    rows = run_read(tx, "data_version.get_data_version", {})
    row = rows[0] if rows else {}
    return stamp_of(row), bool(row.get("loading"))


def stamp_of(row: Row) -> DataStamp:
    def number(name: str) -> int:
        value = row.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def text(name: str) -> str | None:
        value = row.get(name)
        return value if isinstance(value, str) else None

    return DataStamp(
        epoch=text("epoch"),
        version=number("version"),
        loads=number("loads"),
        assessments=number("assessments"),
        analyses=number("analyses"),
        run=text("run"),
        creators=number("creators"),
        members=number("members"),
        follows=number("follows"),
        engaged=number("engaged"),
    )
