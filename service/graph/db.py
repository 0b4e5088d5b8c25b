"""The seam between the project and Neo4j: one driver, named queries, reads and writes.

Reads go through `execute_query` with read routing and a timeout; writes run inside
`session.execute_write` so the driver may retry them (our writes are idempotent MERGEs), and every
result is consumed inside its transaction. Neo4j failures become `ServiceError`s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, Query, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from service.graph.errors import ServiceError
from service.graph.queries import get_query
from service.graph.settings import Settings

T = TypeVar("T")
Row = dict[str, Any]
# A transaction function's transaction (`transaction`) or one attempt's (`attempt`).
Tx = ManagedTransaction | neo4j.Transaction


def create_driver(settings: Settings) -> neo4j.Driver:
    """The process's one driver; connecting happens lazily, on first use."""
    return GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password),
        connection_timeout=5.0,
        # Getting a connection includes opening one (connect, handshake, login): bounded, so a
        # request to a Neo4j that is restarting answers 503 instead of hanging.
        connection_acquisition_timeout=5.0 + settings.query_timeout,
        # Retrying past the query timeout would only make a caller wait longer for the same 503.
        max_transaction_retry_time=settings.query_timeout,
        user_agent="influence-map",
        # Server notifications (e.g. "label does not exist yet" on an empty database) are hints
        # for query authors, not for users of the service; tests EXPLAIN every query instead.
        notifications_min_severity="OFF",
    )


class Graph:
    """Runs the project's named queries against one Neo4j database."""

    def __init__(
        self, driver: neo4j.Driver, database: str, timeout: float, settings: Settings | None = None
    ) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout
        # What it connected with, for work that opens connections of its own to the same Neo4j
        # (the Spark engine's connector: docs/spark.md).
        self.settings = settings

    @classmethod
    def connect(cls, settings: Settings) -> Graph:
        return cls(create_driver(settings), settings.neo4j_database, settings.query_timeout, settings)

    def close(self) -> None:
        # Closing sends GOODBYE on every pooled connection; one still in use by a daemon thread
        # (an API-started analysis run) can make the driver raise BufferError while writing it.
        # The server drops such connections anyway, so a failed goodbye is not an error.
        with suppress(BufferError, OSError, neo4j.exceptions.DriverError):
            self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str, **params: Any) -> list[Row]:
        """Run a named read query and return its rows as dicts."""
        return self._read(name, self.timeout, params)

    def read_small(self, name: str, **params: Any) -> list[Row]:
        """A small read made before nearly every request (the data stamp), with the interactive
        timeout and read routing, in an auto-commit transaction: one round trip instead of a
        managed transaction's two (its COMMIT), about 0.4 ms of this process's CPU instead of 0.6
        (measured on the stamp read). Not retried: it fails with its request, as a 503."""
        query = get_query(name)
        with (
            neo4j_errors(name),
            self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return session.run(Query(query.text, timeout=self.timeout), params).data()

    def read_export(self, name: str, **params: Any) -> list[Row]:
        """A read that answers with a whole map (exports, the map page's graph: up to 20,000
        creators with their links), bounded by `export_timeout` instead of the interactive
        timeout: gathering and decoding 10,000 creators takes seconds on a quiet 2-core machine."""
        seconds = self.settings.export_timeout if self.settings is not None else self.timeout
        return self._read(name, max(seconds, self.timeout), params)

    def _read(self, name: str, timeout: float, params: dict[str, Any]) -> list[Row]:
        query = get_query(name)
        with neo4j_errors(name):
            return self.driver.execute_query(
                Query(query.text, timeout=timeout),
                params,
                database_=self.database,
                routing_=RoutingControl.READ,
                result_transformer_=neo4j.Result.data,
                # No driver-wide bookmarks: our writes never fed them (each runs in its own
                # session), and a store replaced under a running service (a bulk import, `db
                # reset`) starts at lower transaction ids, so an old bookmark would stall every
                # read with BookmarkTimeout until the process restarts.
                bookmark_manager_=None,
            )

    def read_batch(self, name: str, **params: Any) -> list[Row]:
        """A named read for batch work (an analysis run, an assessment): no interactive timeout,
        because a whole market can take longer than an HTTP read should. Runs in a read
        transaction; the rows are consumed inside it."""
        query = get_query(name)
        with neo4j_errors(name), self.driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: tx.run(query.text, dict(params)).data())

    def read_transaction(self, work: Callable[[ManagedTransaction], T], fetch_size: int = 10_000) -> T:
        """Run `work` as one read transaction for batch work that streams its records (the
        audience index build): no interactive timeout, records fetched `fetch_size` at a time."""
        with (
            neo4j_errors("read transaction"),
            self.driver.session(database=self.database, fetch_size=fetch_size) as session,
        ):
            return session.execute_read(work)

    def read_each(
        self, name: str, handle: Callable[[Row], None], parts: int | None = None, **params: Any
    ) -> None:
        """A batch read (no interactive timeout, like read_batch) whose rows are handed to `handle`
        one at a time as they arrive, inside the read transaction: for results too large to hold
        as a list of dicts (every creator's audience). Values are handed over as the driver
        decoded them: `Record.data()` would copy every list element by element in Python (5.5 s
        of an 8 s read of 2.1M audience ids at 2,000 creators).

        `parts` runs the query that many times at once, each in its own session and thread, with
        `$part` (0..parts-1) and `$parts`: the query selects its share of the rows (a Neo4j
        query runs on one core; 2 parts read 2.1M audience ids in 1.25 s instead of 2.2 s on 2
        cores). `handle` is then called under a lock, from those threads. A read retried by the
        driver hands its rows over again: `handle` must tolerate a row seen twice."""
        query = get_query(name)
        lock = threading.Lock()

        def read_part(extra: Mapping[str, Any]) -> None:
            def work(tx: ManagedTransaction) -> None:
                for record in tx.run(query.text, {**params, **extra}):
                    row = dict(zip(record.keys(), record, strict=True))
                    with lock:
                        handle(row)

            with neo4j_errors(name), self.driver.session(database=self.database) as session:
                session.execute_read(work)

        if parts is None:
            read_part({})
            return
        if parts == 1:
            read_part({"part": 0, "parts": 1})
            return
        with ThreadPoolExecutor(max_workers=parts, thread_name_prefix=f"read-{name}") as pool:
            futures = [pool.submit(read_part, {"part": part, "parts": parts}) for part in range(parts)]
            for future in futures:
                future.result()

    def read_one(self, name: str, **params: Any) -> Row | None:
        rows = self.read(name, **params)
        return rows[0] if rows else None

    def write(self, name: str, **params: Any) -> Row:
        """Run a named write query in its own transaction; returns the update counters."""
        return self.transaction(lambda tx: run_write(tx, name, params))

    def autocommit(self, name: str, **params: Any) -> Row:
        """Run a named query in an auto-commit transaction (needed by CALL ... IN TRANSACTIONS)."""
        query = get_query(name)
        with neo4j_errors(name), self.driver.session(database=self.database) as session:
            counters = session.run(query.text, params).consume().counters
        return {key: value for key, value in vars(counters).items() if value}

    def wipe(self) -> None:
        """Empty the database: the data version node first, once no serving worker holds a lease
        on it (`service.graph.version`: a worker with a lease answers without asking whether the
        data changed), then GDS projections, relationships and nodes, all in batches."""

        def retire_version(tx: ManagedTransaction) -> None:
            run_write(tx, "data_version.bump_data_version", {"part": "loads"})
            run_write(tx, "data_version.wait_for_leases", {})
            run_write(tx, "data_version.delete_data_version", {})

        self.transaction(retire_version)
        self.read("admin.drop_projections")
        self.autocommit("admin.delete_relationships")
        self.autocommit("admin.delete_all")

    def transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` as one write transaction (all or nothing; retried on transient errors)."""
        with neo4j_errors("write transaction"), self.driver.session(database=self.database) as s:
            return s.execute_write(work)

    def attempt(self, work: Callable[[neo4j.Transaction], T | None], timeout: float) -> T | None:
        """One attempt at a small write transaction bounded by `timeout` (lock waits included),
        never retried: for writes that had rather give up than wait (a serving worker's lease on
        the data version). It commits when `work` returns a value and rolls back on None."""
        with (
            neo4j_errors("write transaction"),
            self.driver.session(database=self.database) as session,
            session.begin_transaction(timeout=timeout) as tx,
        ):
            result = work(tx)
            if result is not None:
                tx.commit()
            return result


def run_write(tx: Tx, name: str, params: Mapping[str, Any]) -> Row:
    """Run one named query inside a transaction function, consuming its result there."""
    summary = tx.run(get_query(name).text, dict(params)).consume()
    return {key: value for key, value in vars(summary.counters).items() if value}


def run_read(tx: Tx, name: str, params: Mapping[str, Any]) -> list[Row]:
    """Run one named query inside a transaction function and return its rows."""
    return tx.run(get_query(name).text, dict(params)).data()


def run_read_columns(tx: ManagedTransaction, name: str, params: Mapping[str, Any]) -> Row:
    """Run one named query that answers with ONE row of parallel lists (a column each) and return
    that row, its lists as the driver decoded them (`Record.data()` would copy them element by
    element in Python). Many-row answers are cheaper this way: the driver spends about 30 us per
    record. No row: an empty dict."""
    record = tx.run(get_query(name).text, dict(params)).single(strict=False)
    return dict(zip(record.keys(), record, strict=True)) if record is not None else {}


@contextmanager
def neo4j_errors(what: str) -> Iterator[None]:
    """Turn driver and server failures into ServiceErrors with a status a client can act on."""
    try:
        yield
    except AuthError as exc:
        raise ServiceError(503, "neo4j_auth", f"Neo4j refused the credentials: {exc.message}") from exc
    except (ServiceUnavailable, SessionExpired) as exc:
        raise ServiceError(503, "neo4j_unavailable", f"Neo4j is not reachable: {exc}") from exc
    except ConstraintError as exc:
        raise ServiceError(409, "conflict", exc.message or str(exc)) from exc
    except ClientError as exc:
        if "TransactionTimedOut" in (exc.code or "") or "Timeout" in (exc.code or ""):
            raise ServiceError(503, "query_timeout", f"{what} took too long and was cancelled") from exc
        raise ServiceError(500, "neo4j_error", f"{what} failed: {exc.message}") from exc
    except Neo4jError as exc:
        raise ServiceError(503, "neo4j_error", f"{what} failed: {exc.message}") from exc
    except DriverError as exc:
        raise ServiceError(503, "neo4j_unavailable", f"{what} failed: {exc}") from exc
