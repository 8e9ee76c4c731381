"""SafeDiary: the diary as the assistant uses it, which never raises and never blocks the routine.

It holds an open Diary or the reason there is none. Every failure (sqlite3.Error, OSError such as a
full disk or a read-only data dir, a bad value) becomes `status`, one line the screen can show;
the routine carries on. What a failed write tried to save is kept in memory and written again, in
full, with the next write that succeeds, so a passing fault loses nothing and clears the status.
"""

from __future__ import annotations

import itertools
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from voiceaid.diary import stats
from voiceaid.diary.model import Episode, check_field
from voiceaid.diary.store import DEFAULT_TIMEOUT, Diary, DiaryUnavailable

log = logging.getLogger(__name__)


def _words_or_builtin(words: Callable[..., str] | None) -> Callable[..., str]:
    """The caller's words, or the built-in content's; never raises (the diary must not stop the routine)."""
    if words is not None:
        return words
    try:
        from voiceaid.content.loader import builtin_text

        return builtin_text()
    except Exception:  # a broken install: the reason alone, still one line
        log.exception("reading the built-in UI strings")
        return lambda key, **values: "; ".join(str(value) for value in values.values()) or key


class SafeDiary:
    """Same calls as Diary; writes return whether they were saved, reads return empty on failure."""

    def __init__(self, diary: Diary | None, notice: str | None = None, words: Callable[..., str] | None = None) -> None:
        """`words`: the content's UI strings (Content.text) for the status line; the built-in ones when None."""
        self.diary = diary
        self._words = words
        self.notice = notice  # from opening: why there is no diary, or that a damaged one was moved aside
        self.write_error: str | None = None  # the last write that failed and is not yet saved
        self._known: dict[int, dict[str, Any]] = {}  # handle -> every field the caller set
        self._ids: dict[int, int] = {}  # handle -> row id, once saved
        self._dirty: set[int] = set()  # handles whose last write failed
        self._temp = itertools.count(-1, -1)

    @classmethod
    def open(
        cls, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT, words: Callable[..., str] | None = None, create: bool = True
    ) -> "SafeDiary":
        """Open the diary; a damaged file is moved aside and a fresh diary started, other failures
        leave it unavailable. `create=False`: only to read it (a missing diary is empty, nothing made)."""
        try:
            return cls(Diary.open(path, timeout=timeout, create=create), words=words)
        except DiaryUnavailable as error:
            text = _words_or_builtin(words)
            if error.moved_to is not None:
                log.warning("the diary was damaged and set aside as %s", error.moved_to)  # the screen says so in plain words
                notice = text("diary_damaged", name=error.moved_to.name)
                try:
                    return cls(Diary.open(path, timeout=timeout, create=create), notice, text)
                except DiaryUnavailable as again:
                    error = again
            log.warning("diary unavailable: %s", error.reason)
            return cls(None, text("diary_unavailable", error=error.reason), text)
        except Exception as error:  # never let the diary stop the routine
            log.exception("opening the diary")
            text = _words_or_builtin(words)
            return cls(None, text("diary_unavailable", error=error), text)

    @property
    def available(self) -> bool:
        return self.diary is not None

    @property
    def status(self) -> str | None:
        """One line for the screen, or None when all is well."""
        if self.write_error is not None:
            return _words_or_builtin(self._words)("diary_not_saved", error=self.write_error)
        return self.notice

    def _failed(self, error: BaseException) -> None:
        self.write_error = str(error) or type(error).__name__
        log.warning("diary write failed: %s", self.write_error)

    # -- writes -------------------------------------------------------------------------------

    def start_episode(
        self,
        started_at: datetime,
        leg: str | None = None,
        site: str | None = None,
        source: str = "session",
        kind: str = "cramp",
        happened: bool = True,
    ) -> int:
        """A handle for the new episode: its row id when saved, a negative number while it is not."""
        fields = {"started_at": started_at, "leg": leg, "site": site, "source": source, "kind": kind, "happened": happened}
        handle = next(self._temp)
        self._known[handle] = fields
        self._dirty.add(handle)
        self._flush(handle)
        if handle in self._ids:  # saved at once: use the row id, as Diary would
            row_id = self._ids.pop(handle)
            self._known[row_id] = self._known.pop(handle)
            self._ids[row_id] = row_id
            return row_id
        return handle

    def update_episode(self, id: int, **fields: Any) -> bool:
        good = {}
        for name, value in fields.items():
            try:
                check_field(name, value)
                good[name] = value
            except ValueError as error:
                self._failed(error)
        self._known.setdefault(id, {}).update(good)
        if good:
            self._dirty.add(id)
        return self._flush(id) and len(good) == len(fields)

    def finish_episode(self, id: int, ended_at: datetime) -> bool:
        return self.update_episode(id, ended_at=ended_at)

    def delete(self, id: int) -> bool:
        if self.diary is None:
            return False
        try:
            return self.diary.delete(self._ids.get(id, id))
        except Exception as error:
            self._failed(error)
            return False

    def _flush(self, handle: int) -> bool:
        """Write everything known about `handle` that is not saved yet; True when nothing is pending."""
        if handle not in self._dirty:
            return True
        if self.diary is None:
            return False
        fields = dict(self._known.get(handle, {}))
        try:
            if handle not in self._ids and handle > 0 and "started_at" not in fields:
                self._ids[handle] = handle  # a row saved earlier (by another session or the CLI)
            if handle not in self._ids:
                if "started_at" not in fields:
                    raise KeyError(f"no episode {handle}")
                self._ids[handle] = self.diary.start_episode(
                    fields.pop("started_at"),
                    fields.pop("leg", None),
                    fields.pop("site", None),
                    fields.pop("source", "session"),
                    fields.pop("kind", "cramp"),
                    fields.pop("happened", True),
                )
            if fields:
                self.diary.update_episode(self._ids[handle], **fields)
        except Exception as error:  # sqlite3.Error, OSError (disk full, read-only), KeyError
            self._failed(error)
            return False
        self._dirty.discard(handle)
        if not self._dirty:
            self.write_error = None
        return True

    # -- reads --------------------------------------------------------------------------------

    def get(self, id: int) -> Episode | None:
        if self.diary is None:
            return None
        try:
            return self.diary.get(self._ids.get(id, id))
        except Exception as error:
            log.warning("diary read failed: %s", error)
            return None

    def list_episodes(self, since: datetime | None = None) -> list[Episode]:
        if self.diary is None:
            return []
        try:
            return self.diary.list_episodes(since)
        except Exception as error:
            log.warning("diary read failed: %s", error)
            return []

    def count_since(self, days: int, now: datetime, exclude: int | None = None) -> int | None:
        """Real cramps in the last `days` days but `exclude` (a handle); None when the diary cannot tell."""
        if self.diary is None:
            return None
        try:
            return self.diary.count_since(days, now, self._ids.get(exclude, exclude) if exclude is not None else None)
        except Exception as error:
            log.warning("diary read failed: %s", error)
            return None

    def is_frequent(self, now: datetime, count: int, days: int) -> bool | None:
        """The checklist's "frequent" answer from the diary, or None when it cannot tell (ask instead).

        Counts the current episode once: it is in the diary from start_episode on (or, while it
        could not be saved, it is added from memory under its negative handle).
        """
        if self.diary is None:
            return None
        try:
            episodes = self.diary.list_episodes(since=now - timedelta(days=days + 1))
        except Exception as error:
            log.warning("diary read failed: %s", error)
            return None
        for handle, fields in self._known.items():
            if handle < 0 and handle not in self._ids and "started_at" in fields:
                episodes.append(Episode(id=handle, started_at=fields["started_at"], kind=fields.get("kind", "cramp"), happened=fields.get("happened", True)))
        return stats.is_frequent(episodes, now, count, days)

    def close(self) -> None:
        if self.diary is not None:
            try:
                self.diary.close()
            except Exception:
                pass
