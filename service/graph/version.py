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

Under load a serving worker holds a lease on the version instead of reading the stamp per request
(`SharedStampRead`, `lease_stamp`), and `bump` waits for every lease to end before the change
commits: docs/operations.md, "Fresh answers under load".
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

import neo4j
from neo4j import ManagedTransaction

from service.graph.db import Graph, Row, Tx, run_read, run_write
from service.graph.errors import ServiceError

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
    """Count one change of `part`, inside the transaction that makes it; then wait until every
    serving worker's lease on the old version has ended (`SharedStampRead`), so that the change
    becomes visible only when no worker answers from that version any more. The count holds the
    version node's write lock, so no new lease starts meanwhile. No lease running: no wait."""
    run_write(tx, "data_version.bump_data_version", {"part": part})
    run_write(tx, "data_version.wait_for_leases", {})


def bump_now(graph: Graph, part: Part) -> None:
    """Count one change in a transaction of its own (a writer whose change already committed)."""
    graph.transaction(lambda tx: bump(tx, part))


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


# How long a lease attempt may wait for the version node's lock before the request reads the
# stamp without one (the server checks transaction timeouts now and then: an attempt behind a
# writer's lock gave up after 0.37 s on the side server), and the share of a lease a worker
# trusts: the server ends a lease on its clock, counted from after the worker sent its request,
# and this process counts from before.
LEASE_ATTEMPT_SECONDS = 0.1
LEASE_TRUSTED_SHARE = 0.9


@dataclass(frozen=True)
class Lease:
    """A stamp read under a lease on the data version (`lease_stamp`), and until when (this
    process's monotonic clock) no writer can have committed a newer version."""

    until: float
    result: tuple[DataStamp, bool]


def lease_stamp(graph: Graph, ms: int) -> tuple[DataStamp, bool] | None:
    """Take a lease of `ms` milliseconds on the data version and read the stamp under it, in one
    transaction of its own (`data_version.lease_data_version`). None when there is no version node
    yet, or when the lease cannot be had at once (a writer holds the node's lock; the transaction
    gives up after `LEASE_ATTEMPT_SECONDS`): the caller then reads the stamp the ordinary way."""

    def work(tx: neo4j.Transaction) -> tuple[DataStamp, bool] | None:
        leased = run_read(tx, "data_version.lease_data_version", {"ms": ms})
        if not leased or not leased[0].get("leased"):
            return None
        return read_stamp_in(tx)

    try:
        return graph.attempt(work, LEASE_ATTEMPT_SECONDS)
    except ServiceError:
        return None


class SharedStampRead:
    """Concurrent requests share stamp reads without ever seeing an older stamp than a read of
    their own would: a request may use a read that STARTED after it arrived (so it sees every
    write committed before the request), and waits for one otherwise. Under load at most one read
    per process is under way and one more is queued, instead of one per request.

    Under load, reads would follow each other back to back, each costing the process about as
    much CPU as a small answer; so when other requests are waiting, a read starts no sooner than
    `MIN_GAP_SECONDS` after the one before it started, and serves everyone who arrived meanwhile.
    A lone client never waits for the gap.

    Under load the read is also a lease (`Settings.stamp_lease_ms`; `lease_stamp`): a small write
    that takes the version node's lock, records until when the lease runs, and reads the stamp.
    Every writer that counts a change waits, before it commits, until the last lease has ended
    (`bump`), so until then no change our writers count can be visible, and a request that
    arrives before the lease ends may use its stamp without waiting for a read. Writes that bypass
    our writers (a Browser session adding or deleting nodes) change the stamp's counts, which a
    lease does not read: they are seen once the lease ends, at most `stamp_lease_ms` later. A
    worker takes a lease when requests are waiting for a read, or when its last lease ended less
    than a lease ago; a lone client reads the stamp per request, as before."""

    # bench/stamp_reads.py (16 threads, 0.4 ms of their own work per call): 5 ms makes 40% fewer
    # reads (14-15 calls per read instead of 8.4) and takes 8-24% less CPU per call, at the same or
    # more calls/s and the same p99; 3 ms is too short to matter, 10 ms and more only throttle.
    MIN_GAP_SECONDS = 0.005

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._reading = False
        self._waiting = 0
        self._last: tuple[float, tuple[DataStamp, bool]] | None = None
        self._lease: Lease | None = None
        self._no_lease_before = 0.0

    def read(self, graph: Graph) -> tuple[DataStamp, bool]:
        arrived = time.monotonic()
        with self._changed:
            while True:
                if self._lease is not None and arrived < self._lease.until:
                    return self._lease.result
                if self._last is not None and self._last[0] >= arrived:
                    return self._last[1]
                if not self._reading:
                    self._reading = True
                    crowded = self._waiting > 0
                    previous = self._last[0] if self._last is not None else None
                    lease_ms = self._lease_to_take(graph, arrived, crowded)
                    break
                self._waiting += 1
                self._changed.wait()
                self._waiting -= 1
        if crowded and previous is not None and not lease_ms:
            pause = previous + self.MIN_GAP_SECONDS - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        started = time.monotonic()
        result: tuple[DataStamp, bool] | None = None
        lease: Lease | None = None
        try:
            if lease_ms:
                result = lease_stamp(graph, lease_ms)
                if result is not None:
                    lease = Lease(started + lease_ms / 1000 * LEASE_TRUSTED_SHARE, result)
            if result is None:
                result = read_stamp_now(graph)
            return result
        finally:
            with self._changed:
                self._reading = False
                if lease is not None:
                    self._lease = lease
                elif lease_ms:
                    # No lease to be had (a writer holds the lock, or no version node yet): ask
                    # again a lease later, reading per request meanwhile.
                    self._no_lease_before = time.monotonic() + lease_ms / 1000
                if result is not None and (self._last is None or self._last[0] < started):
                    self._last = (started, result)
                self._changed.notify_all()

    def _lease_to_take(self, graph: Graph, now: float, crowded: bool) -> int:
        """The lease to ask for, in milliseconds, or 0 to read without one."""
        ms = graph.settings.stamp_lease_ms if graph.settings is not None else 0
        if ms <= 0 or now < self._no_lease_before:
            return 0
        recent = self._lease is not None and now < self._lease.until + ms / 1000
        return ms if crowded or recent else 0


_readers: weakref.WeakKeyDictionary[Any, SharedStampRead] = weakref.WeakKeyDictionary()
_readers_lock = threading.Lock()


def read_stamp_in(tx: Tx) -> tuple[DataStamp, bool]:
    """`read_stamp` inside a transaction (a build's, a lease's, or a writer's that checks what it
    read)."""
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
