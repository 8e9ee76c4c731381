"""The details of what went wrong, for later: a private log file, never the screen.

The status line says in plain words what is degraded and what to do ("No sound from the speaker —
run voiceaid doctor"); the system's own words ("aplay: main:831: audio open error…", "[Errno -9996]
Invalid input device", a SQLite message with a path) are kept here, once each, with the time, in
`paths.log_dir()/voiceaid.log`: a folder only the user can open (0700), a file only they can read
(0600). Only the full-screen assistant writes it (`start`); elsewhere (the CLI, tests) the records
go to Python's logging as usual. Never raises: a log that cannot be written is simply not written.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from voiceaid import paths

LOGGER = "voiceaid"
FILE_NAME = "voiceaid.log"

_lock = threading.Lock()
_reported: set[str] = set()
_handler: logging.Handler | None = None


def log_path() -> Path:
    return paths.log_dir() / FILE_NAME


def start(path: Path | None = None) -> Path | None:
    """Send voiceaid's log records to the private file from now on (and nowhere else: not onto the
    terminal under the screen). Returns the file, or None when it cannot be opened."""
    global _handler
    path = path or log_path()
    logger = logging.getLogger(LOGGER)
    with _lock:
        if _handler is not None:
            return path
        _reported.clear()  # a new run says everything once again
        handler: logging.Handler
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.fchmod(fd, 0o600)  # an older file, or one made under another umask
            handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace"))
            handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        except OSError:
            handler, path = logging.NullHandler(), None  # no log file; the status line still says what to do
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # never onto the terminal under the screen
        _handler = handler
    return path


def stop() -> None:
    """Close the file (at exit) and leave Python's logging as it was."""
    global _handler
    with _lock:
        if _handler is None:
            return
        logger = logging.getLogger(LOGGER)
        logger.removeHandler(_handler)
        logger.propagate = True
        logger.setLevel(logging.NOTSET)
        _handler.close()
        _handler = None


def report(part: str, detail: str) -> None:
    """Log `detail` about `part` ("speech", "microphone", "diary", ...) once per run: the status line
    is redrawn four times a second, the log should say each thing once."""
    key = f"{part}\0{detail}"
    with _lock:
        if key in _reported:
            return
        _reported.add(key)
    logging.getLogger(f"{LOGGER}.{part}").warning("%s", detail)
