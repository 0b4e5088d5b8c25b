"""Where a process keeps its audience index, and the rule that it is never served stale.

`IndexStore.fresh(graph)` runs one small read per request (`service.graph.version.read_stamp`)
and returns the index only when it was built at exactly that stamp. Otherwise it returns None (the
domain answers from Cypher) and:

- while a journaled load is unfinished, does nothing (nothing consistent to build from);
- when the index would exceed the memory budget (`estimate_bytes` from the stamp's counts), logs
  once per stamp that the Cypher path is used, and does nothing else;
- else brings the index up to date, in a background thread (`background=True`, the service:
  requests keep being answered from Cypher meanwhile) or right away (`background=False`: the CLI,
  tests, benches).

Bringing it up to date, with a snapshot folder (`folder`, shared by the gunicorn workers of one
service): load `<folder>/<stamp>.idx` if a worker already wrote it; else take the folder's build
lock (one builder at a time, across processes), refresh or build, write the snapshot (atomically),
and drop older snapshots. A worker that finds the lock taken keeps answering from Cypher and loads
the snapshot on a later request. Without a folder each process builds its own.

A refresh (`build.refresh_index`) replaces a full build when only assessments and analysis
publications happened since the index at hand.

Domain functions take an `IndexSource`: a store (they ask it for a fresh index), an index already
resolved for this request (nested calls), or None (the Cypher reference).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from service.domain.audience_index.build import IndexUnavailable, build_index, refresh_index
from service.domain.audience_index.index import AudienceIndex
from service.domain.audience_index.snapshot import SUFFIX, load_snapshot, snapshot_path, write_snapshot
from service.graph.db import Graph
from service.graph.errors import ServiceError
from service.graph.settings import Settings
from service.graph.version import DataStamp, read_stamp

log = logging.getLogger(__name__)

# In-process bytes of an index, from its counts (measured on the 2.1M-row market with headroom:
# docs/operations.md): raw and cleaned bitmaps, day numbers and weights per audience edge; the
# FOLLOWS degree and node id per member; properties per creator.
BYTES_PER_EDGE = 10
BYTES_PER_MEMBER = 16
BYTES_PER_CREATOR = 2_000
# Snapshots kept in the folder besides the newest (a worker may still be loading one).
KEEP_SNAPSHOTS = 2

Builder = Callable[[Graph], AudienceIndex]


def estimate_bytes(stamp: DataStamp) -> int:
    """An upper estimate of an index's in-process size, from the stamp's counts alone."""
    return (
        stamp.memberships * BYTES_PER_EDGE
        + stamp.members * BYTES_PER_MEMBER
        + stamp.creators * BYTES_PER_CREATOR
    )


class IndexStore:
    """One process's audience index (see the module docs)."""

    @classmethod
    def from_settings(cls, settings: Settings, *, background: bool = True) -> IndexStore:
        return cls(
            settings.audience_index_budget_mb * 1_000_000,
            background=background,
            folder=settings.index_folder,
        )

    def __init__(
        self,
        budget_bytes: int,
        *,
        background: bool = True,
        folder: Path | None = None,
        builder: Builder = build_index,
    ) -> None:
        self.budget_bytes = budget_bytes
        self.background = background
        self.folder = folder
        self.builder = builder
        self.index: AudienceIndex | None = None
        self.last_error: str | None = None
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._over_budget_logged: DataStamp | None = None

    def fresh(self, graph: Graph) -> AudienceIndex | None:
        """The index if it is exactly current, else None (and it is brought up to date when allowed)."""
        stamp, loading = read_stamp(graph)
        index = self.index
        if index is not None and index.stamp == stamp and not loading:
            return index
        if loading:
            return None
        estimate = estimate_bytes(stamp)
        if estimate > self.budget_bytes:
            if self._over_budget_logged != stamp:
                log.warning(
                    "audience index not built: about %.0f MB for %d audience edges is over the %.0f MB "
                    "budget (INFLUENCE_MAP_AUDIENCE_INDEX_BUDGET_MB); answering from Cypher",
                    estimate / 1e6,
                    stamp.memberships,
                    self.budget_bytes / 1e6,
                )
                self._over_budget_logged = stamp
            return None
        if self.background:
            self._start_background(graph, stamp)
            return None
        updated = self.update(graph, stamp, wait=True)
        return updated if updated is not None and updated.stamp == stamp else None

    def update(self, graph: Graph, stamp: DataStamp, *, wait: bool) -> AudienceIndex | None:
        """Bring the index to `stamp` (see the module docs); `wait` for another builder's lock."""
        with self._lock:
            if self.index is not None and self.index.stamp == stamp:
                return self.index
            try:
                if self._load(stamp):
                    return self.index
                with self._build_lock(wait) as mine:
                    if not mine:
                        return None  # another process is building: its snapshot comes next
                    if self._load(stamp):
                        return self.index
                    self._build(graph)
            except IndexUnavailable as exc:
                self.last_error = str(exc)
                return None
            except ServiceError as exc:
                self.last_error = exc.message
                log.warning("audience index build failed: %s; answering from Cypher", exc.message)
                return None
            return self.index

    def _load(self, stamp: DataStamp) -> bool:
        """Load the snapshot of `stamp` if the folder holds it."""
        if self.folder is None:
            return False
        path = snapshot_path(self.folder, stamp)
        if not path.exists():
            return False
        try:
            loaded = load_snapshot(path)
        except (OSError, ValueError) as exc:
            log.warning("audience index snapshot %s unreadable (%s); building instead", path, exc)
            return False
        self.index = loaded
        log.info("audience index loaded from %s: version %d", path.name, stamp.version)
        return True

    def _build(self, graph: Graph) -> None:
        # A process without an index of its own (a CLI command) starts from the newest snapshot:
        # after an assessment or an analysis a refresh takes seconds where a build takes a minute.
        current = self.index or self._newest_snapshot()
        built = refresh_index(graph, current) if current is not None else None
        if built is None:
            built = self.builder(graph)
        self.index = built
        self.last_error = None
        log.info(
            "audience index %s in %.1f s: %d creators, %d members, version %d",
            built.how,
            built.build_seconds,
            len(built.creators),
            built.members,
            built.stamp.version,
        )
        if self.folder is not None:
            try:
                write_snapshot(built, snapshot_path(self.folder, built.stamp))
                self._prune()
            except OSError as exc:
                log.warning("audience index snapshot not written to %s: %s", self.folder, exc)

    def _newest_snapshot(self) -> AudienceIndex | None:
        if self.folder is None:
            return None
        files = sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in files[:1]:
            try:
                return load_snapshot(path)
            except (OSError, ValueError) as exc:
                log.warning("audience index snapshot %s unreadable (%s)", path, exc)
        return None

    @contextmanager
    def _build_lock(self, wait: bool) -> Iterator[bool]:
        """The folder's build lock (an flock: released if the process dies); True when held."""
        if self.folder is None:
            yield True
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _prune(self) -> None:
        if self.folder is None:
            return
        files = sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_SNAPSHOTS:]:
            old.unlink(missing_ok=True)

    def _start_background(self, graph: Graph, stamp: DataStamp) -> None:
        if self._building is not None and self._building.is_alive():
            return
        self._building = threading.Thread(
            target=self.update,
            args=(graph, stamp),
            kwargs={"wait": False},
            name="audience-index",
            daemon=True,
        )
        self._building.start()

    def wait(self) -> None:
        """Wait for a background build to end (tests, benches)."""
        if self._building is not None:
            self._building.join()


# What domain functions take: a store, an index already resolved for this request, or None.
IndexSource = IndexStore | AudienceIndex | None


def resolve(graph: Graph, source: IndexSource) -> AudienceIndex | None:
    """The index to answer this request with, or None for the Cypher reference."""
    if source is None or isinstance(source, AudienceIndex):
        return source
    return source.fresh(graph)
