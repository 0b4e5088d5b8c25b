"""The steps of an analysis run, timed: what the run record's `timings` hold and what a progress
display follows.

A run calls `clock.step(name)` around each step; the clock keeps the wall seconds of each step
(summed if a step runs in parts) and tells an optional `Watcher` when a step starts and ends, with
the step's place in STEPS, so a terminal can show "[3/9] clustering ... 1.2 s" and an estimate of
the time left from the previous run's timings (`expected`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

# The steps of a run, in order (a run may skip some: no mentions, no links).
STEPS = (
    "prepare",  # stale runs and links cleaned up, the run's SCORED per creator with audience sizes
    "projection",  # shared audience counted and the run's links staged
    "clustering",  # Leiden/Louvain starts, merge pass, stable ids
    "hubs",  # PageRank on mentions inside clusters, hub scores
    "participation",  # bridge reach (Cypher) and participation (in memory)
    "constraint",  # Burt's constraint (in memory), both written
    "betweenness",  # exact or sampled betweenness
    "bridge_scores",  # percentiles combined into bridge_score
    "summaries",  # per-cluster summaries (inside the publish transaction)
    "publish",  # results made current, old scores pruned
)


@dataclass(frozen=True)
class StepEvent:
    """A step started (`seconds` None) or ended (`seconds` its duration)."""

    name: str
    position: int  # 1-based place in STEPS
    total: int
    seconds: float | None
    expected: float | None  # the same step's seconds in the previous run, when known
    # Estimated seconds left in the run (this step included while it runs), from the previous
    # run's timings scaled by this run's pace so far (seconds_left); None without a previous run.
    left: float | None = None


Watcher = Callable[[StepEvent], None]


@dataclass
class StepClock:
    """Times the steps of one run; `timings` maps step -> seconds (rounded to ms), in run order."""

    watcher: Watcher | None = None
    expected: Mapping[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    clock: Callable[[], float] = time.perf_counter
    # Seconds spent in steps nested in the step now running, one entry per open step: a nested
    # step's time is its own and not also its parent's (summaries run inside publish).
    _nested: list[float] = field(default_factory=list)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        position = STEPS.index(name) + 1 if name in STEPS else len(STEPS)
        self._tell(name, position, None)
        started = self.clock()
        self._nested.append(0.0)
        try:
            yield
        finally:
            seconds = self.clock() - started
            own = seconds - self._nested.pop()
            if self._nested:
                self._nested[-1] += seconds
            self.timings[name] = round(self.timings.get(name, 0.0) + own, 3)
            self._tell(name, position, own)

    def total(self) -> float:
        return round(sum(self.timings.values()), 3)

    def _tell(self, name: str, position: int, seconds: float | None) -> None:
        if self.watcher is not None:
            left = seconds_left(self.expected, self.timings, name if seconds is None else None)
            self.watcher(StepEvent(name, position, len(STEPS), seconds, self.expected.get(name), left))


def seconds_left(
    expected: Mapping[str, float], done: Mapping[str, float], current: str | None
) -> float | None:
    """Estimated seconds left: the previous run's time for every step not done yet (the current
    one included), scaled by how this run compares with the previous one on the steps done so far.
    None without a previous run."""
    if not expected:
        return None
    finished = [name for name in done if name in expected and name != current]
    ratio = 1.0
    spent = sum(expected[name] for name in finished)
    if finished and spent > 0:
        ratio = sum(done[name] for name in finished) / spent
    remaining = [name for name in STEPS if name not in finished and name in expected]
    return ratio * sum(expected[name] for name in remaining)
