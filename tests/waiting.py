"""One bounded wait for tests and rigs that watch another thread or process: it polls on an Event,
never sleeps on a fixed timer, and imports nothing heavy, so real-time rigs can use it too."""

from __future__ import annotations

import threading
import time
from typing import Callable


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, poll: float = 0.02) -> bool:
    """True when `predicate` came true within `timeout` seconds, else False."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            return False
        pause.wait(poll)
    return True
