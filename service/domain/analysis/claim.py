"""Only one analysis run at a time, decided by the database; a dead run never blocks the next.

A run is started by `claim_run`: one write transaction creates its (:AnalysisRun) holding the
slot `slot: 'analysis'`, which a unique constraint lets only one run hold, so two processes (or
two requests of one process) can never both start a run. Before claiming, the running runs are
looked at and those whose process is gone are abandoned in the same transaction:

- a run of this process that this process no longer runs (it failed while Neo4j was away, so
  its failure could not be recorded);
- a run of another process on this machine that no longer exists (killed, crashed);
- a run silent for STALE_SECONDS: a live run stamps `heartbeat_at` every HEARTBEAT_SECONDS from a
  thread of its own (`heartbeat`), whatever query it is waiting on; runs on other machines and
  runs of older versions (no owner) are judged by this alone.

Any other running run is alive: the claim is a 409 naming it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from service.domain.analysis.params import AnalysisParams
from service.graph.db import Graph, Row
from service.graph.errors import ServiceError
from service.ops.processes import ActiveJobs, owner_is_gone, owner_name

HEARTBEAT_SECONDS = 15.0
STALE_SECONDS = 120
SLOT_CONSTRAINT = "schema.create_analysis_run_slot_constraint"

# The runs this process is running (claimed and not yet ended), so it can tell its own dead ones.
ACTIVE = ActiveJobs()


def claim_run(graph: Graph, params: AnalysisParams, run_id: str) -> None:
    """Record `run_id` as the running run, or a 409 `run_in_progress` naming the live one."""
    # The constraint is what makes the claim atomic; `db init` and every load apply it too, this
    # makes sure a database set up by an older version has it before the first claim.
    graph.write(SLOT_CONSTRAINT)
    running = refuse_while_running(graph)
    ACTIVE.add(run_id)
    try:
        graph.write(
            "analysis.claim_run",
            run_id=run_id,
            params=params.to_json(),
            seed=params.seed,
            owner=owner_name(),
            dead=[run["id"] for run in running],  # every one left is dead (else: a 409 above)
        )
    except ServiceError as error:
        release(run_id)
        if error.code != "conflict":
            raise
        others = [run for run in graph.read("analysis.list_running_runs") if run["id"] != run_id]
        raise in_progress(others[0] if others else {"id": None}) from error


def refuse_while_running(graph: Graph) -> list[Row]:
    """A 409 `run_in_progress` when a live run is running; else the dead running runs."""
    running = graph.read("analysis.list_running_runs")
    live = [run for run in running if not is_dead(run)]
    if live:
        raise in_progress(live[0])
    return running


def release(run_id: str) -> None:
    """This process no longer runs `run_id` (it ended, however)."""
    ACTIVE.discard(run_id)


def is_dead(run: Row) -> bool:
    """Whether a running run's process is gone (see the module docstring)."""
    if (run.get("silent_seconds") or 0) > STALE_SECONDS:
        return True
    return owner_is_gone(run.get("owner"), run["id"], ACTIVE)


def in_progress(run: Row) -> ServiceError:
    return ServiceError(409, "run_in_progress", f"analysis run {run['id']} is still running", run)


@contextmanager
def heartbeat(graph: Graph, run_id: str) -> Iterator[None]:
    """Stamp the run's heartbeat every HEARTBEAT_SECONDS from a thread while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            with suppress(ServiceError):  # Neo4j away: the run itself will fail and say so
                graph.write("analysis.beat_run", run_id=run_id)

    thread = threading.Thread(target=beat, name=f"heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_SECONDS + 10)
