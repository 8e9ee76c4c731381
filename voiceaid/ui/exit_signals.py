"""Ending the app the normal way when the system asks: a service stopping (SIGTERM) or the terminal
closing (SIGHUP) saves the episode and restores the terminal, rather than killing it mid-write."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from typing import Callable

EXIT_GRACE_SECONDS = 3.0  # after SIGTERM/SIGHUP, how long a normal exit may take before a forced one


def catch_exit_signals(exit_app: Callable[[int], None], exited: threading.Event, save: Callable[[], None]) -> None:
    """On SIGTERM or SIGHUP, ask the running loop to `exit_app(128 + signal)`; if the app has not
    `exited` within the grace period, `save` what is known and end the process.

    `signal.signal`, not the loop's handler: when the terminal is gone, Textual's output queue can fill
    and block the event loop, which would never run a loop-scheduled handler. A plain handler still
    runs; it asks the loop to exit, and a watchdog thread covers a loop that is stuck."""
    loop = asyncio.get_running_loop()

    def on_signal(signum: int, _frame: object) -> None:
        code = 128 + signum
        loop.call_soon_threadsafe(exit_app, code)
        threading.Thread(target=_exit_if_stuck, args=(code, exited, save), name="voiceaid-exit", daemon=True).start()

    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, on_signal)
            except (ValueError, OSError):
                pass  # not the main thread (tests): the default behaviour stays


def _exit_if_stuck(code: int, exited: threading.Event, save: Callable[[], None]) -> None:
    """Give the normal exit a moment; if the app is still up, save what is known and leave."""
    if exited.wait(EXIT_GRACE_SECONDS):
        return
    try:
        save()
    finally:
        os._exit(code)
