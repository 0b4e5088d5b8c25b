"""`influence-map analyze` on a terminal: one line per step that rewrites itself while the step runs.

    [2/10] projection       4.1 s   ~ 18 s left
    [3/10] clustering ...   0.7 s   ~ 14 s left

A step's line shows its name and, while it runs, the seconds so far (a ticker thread redraws it
twice a second), then its final time. The estimate of the time left is the previous run's time
for the steps still to do, scaled by how this run has compared with the previous one so far
(computed by the run's StepClock); without a previous timed run there is none. Off a terminal
(a pipe, a log, `--json`) nothing is drawn: the CLI prints its one-line messages as before.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

from service.domain.analysis import StepEvent


class TerminalProgress:
    """A step watcher (run_analysis's `watcher`) that draws on a terminal stream."""

    def __init__(
        self, stream: TextIO, clock: Callable[[], float] = time.monotonic, tick: float = 0.5
    ) -> None:
        self.stream = stream
        self.clock = clock
        self.tick = tick
        self._current: StepEvent | None = None
        self._started = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, event: StepEvent) -> None:
        with self._lock:
            if event.seconds is None:
                self._current, self._started = event, self.clock()
                self._draw(event, self.clock() - self._started, running=True)
            else:
                self._current = None
                self._draw(event, event.seconds, running=False)
                self.stream.write("\n")
            self.stream.flush()
        if self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()

    def line(self, event: StepEvent, seconds: float, running: bool) -> str:
        """The text of a step's line."""
        name = f"{event.name} ..." if running else event.name
        text = f"[{event.position}/{event.total}] {name:<17} {seconds:6.1f} s"
        if event.left is not None:
            left = max(event.left - seconds, 0.0) if running else event.left
            text += f"   ~ {left:.0f} s left"
        return text

    def _draw(self, event: StepEvent, seconds: float, running: bool) -> None:
        self.stream.write("\r\033[K" + self.line(event, seconds, running))

    def _tick(self) -> None:
        while not self._stop.wait(self.tick):
            with self._lock:
                if self._current is not None:
                    self._draw(self._current, self.clock() - self._started, running=True)
                    self.stream.flush()
