"""`--speech-log FILE`: one JSON object per line for every utterance event.

The log is how tests, support and a curious user see exactly what the assistant said, cut short or
skipped, and when: `{"t": 1.234, "event": "start", "kind": "instruction", "text": "…"}` with `t` in
seconds since launch on the monotonic clock, and event one of start, end, stopped, dropped. Each
line is flushed at once so a crash loses nothing. The log is a witness, never a dependency: a file
that cannot be opened or written (read-only directory, disk full) turns logging off and sets
`problem` once; speech goes on.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Callable, TextIO

from voiceaid.private import open_private

EVENTS = ("start", "end", "stopped", "dropped")


class SpeechLog:
    """Appends speech events to `path`; thread-safe; never raises from `write`."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.monotonic, launched_at: float | None = None) -> None:
        self.path = Path(path)
        self._clock = clock
        self._launched_at = clock() if launched_at is None else launched_at
        self._lock = threading.Lock()
        self._file: TextIO | None = None
        self.problem: str | None = None  # set once when the log cannot be written

    def write(self, event: str, kind: str, text: str, t: float | None = None) -> None:
        """Append one event; `t` is a reading of the same clock (defaults to now)."""
        now = self._clock() if t is None else t
        line = json.dumps({"t": round(now - self._launched_at, 3), "event": event, "kind": kind, "text": text}, ensure_ascii=False)
        with self._lock:
            if self.problem is not None:
                return
            try:
                if self._file is None:  # private: it is a record of the night
                    self._file = os.fdopen(open_private(self.path, os.O_WRONLY | os.O_APPEND), "a", encoding="utf-8")
                self._file.write(line + "\n")
                self._file.flush()
            except (OSError, ValueError) as error:
                reason = getattr(error, "strerror", None) or str(error)
                self.problem = f"Speech log not written ({self.path}: {reason})"
                self._close_quietly()

    def _close_quietly(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None

    def close(self) -> None:
        with self._lock:
            self._close_quietly()
