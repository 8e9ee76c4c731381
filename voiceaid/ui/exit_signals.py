"""Ending the app the normal way when the system asks: a service stopping (SIGTERM) or the terminal
closing (SIGHUP) saves the episode and restores the terminal, rather than killing it mid-write — and
the process always ends, whatever part of the shutdown gets stuck."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from typing import Callable

EXIT_GRACE_SECONDS = 3.0  # after SIGTERM/SIGHUP, how long the normal exit may take to save the diary
SAVE_SECONDS = 3.0  # how long the watchdog's own save may take (the diary's queued writes) before it gives up
AFTER_SAVE_SECONDS = 5.0  # once the diary is saved, how long the rest of the shutdown may take


def catch_exit_signals(exit_app: Callable[[int], None], saved: threading.Event, save: Callable[[], None]) -> None:
    """On SIGTERM or SIGHUP, ask the running loop to `exit_app(128 + signal)`, and arm a watchdog that
    stays armed until the process is gone: if the diary is not `saved` (set once the diary has been
    flushed and closed, after Textual's shutdown) within the grace period, it calls `save` itself, and
    in any case it ends the process a bounded time later.

    `signal.signal`, not the loop's handler: when the terminal is gone, Textual's output queue can fill
    and block the event loop, which would never run a loop-scheduled handler. A plain handler still
    runs; it asks the loop to exit, and the watchdog thread covers a loop that is stuck. The watchdog
    is not disarmed when the app unmounts: Textual's own shutdown runs after that and writes to the
    terminal, and with the terminal gone those writes can block for ever (about one close in twenty)."""
    loop = asyncio.get_running_loop()
    armed: list[threading.Thread] = []

    def on_signal(signum: int, _frame: object) -> None:
        code = 128 + signum
        loop.call_soon_threadsafe(exit_app, code)
        if not armed:  # a second signal changes nothing: the first watchdog is already counting
            watchdog = threading.Thread(target=_end_process, args=(code, saved, save), name="voiceaid-exit", daemon=True)
            armed.append(watchdog)
            watchdog.start()

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, on_signal)
            except (ValueError, OSError):
                pass  # not the main thread (tests): the default behaviour stays


def _end_process(code: int, saved: threading.Event, save: Callable[[], None]) -> None:
    """Give the normal exit a moment to save; if it has not, save what is known (bounded); then, if
    the process is still here, end it. A normal exit ends the process first, and this thread with it."""
    try:
        if saved.wait(EXIT_GRACE_SECONDS):
            time.sleep(AFTER_SAVE_SECONDS)  # the rest of a normal exit (speech worker, interpreter)
        else:
            saver = threading.Thread(target=save, name="voiceaid-save", daemon=True)
            saver.start()
            saver.join(SAVE_SECONDS)
    finally:
        os._exit(code)
