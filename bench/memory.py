"""Peak resident memory of process trees, sampled from /proc while a step runs (Linux only).

`getrusage` gives a finished child's peak; the steps measured here run in this process (the
fast peer, our analysis client), in its children (Spark's JVM) and in a server that outlives them
(Neo4j), so the bench samples the trees' summed RSS every `interval` seconds instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The parent is the 2nd field after the command, which may hold spaces: split at ')'.
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss_bytes(root: int, *, descendants_only: bool = False) -> int:
    """RSS of `root` and all its descendants now (0 for a process that is gone); of its
    descendants alone with `descendants_only` (a child process such as the importer's JVM)."""
    tree, total = _children(), 0
    todo = list(tree.get(root, [])) if descendants_only else [root]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


class PeakMemory:
    """`with PeakMemory({"client": os.getpid(), "neo4j": pid}) as peak: ...`, then `peak.mb`;
    with `descendants_only` each root's children are measured without the root itself."""

    def __init__(
        self, roots: dict[str, int | None], interval: float = 0.25, *, descendants_only: bool = False
    ) -> None:
        self.roots = {name: pid for name, pid in roots.items() if pid is not None}
        self.interval = interval
        self.descendants_only = descendants_only
        self.peak_bytes = dict.fromkeys(self.roots, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="peak-memory", daemon=True)

    def _sample(self) -> None:
        while True:
            for name, pid in self.roots.items():
                now = tree_rss_bytes(pid, descendants_only=self.descendants_only)
                self.peak_bytes[name] = max(self.peak_bytes[name], now)
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> dict[str, int]:
        return {name: round(value / 2**20) for name, value in self.peak_bytes.items()}
