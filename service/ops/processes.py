"""Who runs a long job, and whether that process is still there.

Analysis runs and journaled loads record their owner as "host:pid". Another process on the same
machine can then tell a job whose process died (killed, crashed) from a live one at once, instead
of waiting for its heartbeat to go stale; jobs owned by other machines are judged by their
heartbeat alone. A process also keeps the set of jobs it is running, so it can tell its own dead
ones (a job that failed while Neo4j was away, whose end could not be recorded).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path


def owner_name() -> str:
    """This process as a job owner: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


class ActiveJobs:
    """The jobs (by id) this process is running right now; thread-safe."""

    def __init__(self) -> None:
        self._ids: set[str] = set()
        self._lock = threading.Lock()

    def add(self, job_id: str) -> None:
        with self._lock:
            self._ids.add(job_id)

    def discard(self, job_id: str) -> None:
        with self._lock:
            self._ids.discard(job_id)

    def __contains__(self, job_id: object) -> bool:
        with self._lock:
            return job_id in self._ids


def owner_is_gone(owner: str | None, job_id: str, active: ActiveJobs) -> bool:
    """True when the job's owner is known to be dead: a process of this machine that no longer
    exists, or this very process, which no longer runs the job. False when it cannot be told
    (another machine, no owner recorded): the caller then goes by the job's heartbeat."""
    host, _, pid_text = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid_text.isdecimal():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return job_id not in active
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # another user's process: alive
    return False


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ports_taken(ports: tuple[int, ...], grace_seconds: float = 10.0) -> list[int]:
    """The ports still accepting connections after up to `grace_seconds`. A killed JVM's main
    thread is a zombie (so `process_alive` says gone) while its other threads still exit and its
    listening sockets are still open: `db start` right after a kill -9 must wait that out."""
    deadline = time.monotonic() + grace_seconds
    while True:
        taken = [port for port in ports if port_in_use(port)]
        if not taken or time.monotonic() >= deadline:
            return taken
        time.sleep(0.2)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    # A zombie has exited: its parent simply has not reaped it yet.
    return not (stat.exists() and ") Z " in stat.read_text())
