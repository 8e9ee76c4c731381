"""Clocks. The core never reads the time itself: callers pass `now`, so tests drive time by hand."""

from __future__ import annotations

import time
from typing import Callable

Clock = Callable[[], float]  # monotonic seconds

monotonic: Clock = time.monotonic


class ManualClock:
    """A clock that moves only when told to: for tests and for replaying a schedule."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now
