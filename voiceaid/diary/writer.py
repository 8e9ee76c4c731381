"""Diary work off the event loop: one background thread opens the diary and runs every read and
write in order, so a slow disk, a locked file or a full disk never stalls the screen or the voice."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class DiaryWriter:
    def __init__(self, opener: Callable[[], Any]) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voiceaid-diary")
        self.diary: Any = None
        self._submit_raw(self._open, opener)

    def _open(self, opener: Callable[[], Any]) -> None:
        self.diary = opener()

    @property
    def status(self) -> str | None:
        """One line when the diary is degraded; None while it is fine (or still opening)."""
        if self.diary is None:
            return None
        status = getattr(self.diary, "status", None)
        return status if isinstance(status, str) else None

    def submit(self, job: Callable[[Any], T]) -> Future[T | None]:
        """Run `job(diary)` on the diary thread; failures are logged, never raised into the caller."""
        return self._submit_raw(lambda: job(self.diary) if self.diary is not None else None)

    def _submit_raw(self, fn: Callable[..., Any], *args: Any) -> Future:
        def guarded() -> Any:
            try:
                return fn(*args)
            except Exception:
                log.exception("diary work failed")
                return None

        try:
            return self._executor.submit(guarded)
        except RuntimeError:  # already closed: the app is exiting
            done: Future = Future()
            done.set_result(None)
            return done

    def close(self, timeout: float = 3.0) -> None:
        """Let queued writes finish (so an episode is saved on quit or SIGTERM), then close the file."""
        self.submit(lambda diary: diary.close() if hasattr(diary, "close") else None)
        self._executor.shutdown(wait=True)
