"""The cramp diary: one SQLite file in the user data dir (mode 0600, WAL journal, versioned schema).

An episode row is written as soon as the routine starts and every later change is its own committed
transaction (synchronous=FULL), so a crash, a SIGKILL or a power cut mid-episode keeps everything
saved up to the last call. A damaged file is never deleted: it is renamed
`diary.sqlite3.corrupt-YYYYmmddHHMMSS` and `Diary.open` raises DiaryUnavailable saying so; the next
open starts a fresh diary. The app should use `SafeDiary` (voiceaid.diary.safe), which never raises.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from voiceaid.diary.model import FIELDS, Episode, check_field, utc
from voiceaid.diary.schema import SCHEMA_VERSION, NewerSchema, migrate
from voiceaid.diary.diary_file import NotADiaryFile, prepare

DB_NAME = "diary.sqlite3"
ENV_PATH = "VOICEAID_DIARY"
DEFAULT_TIMEOUT = 1.0  # seconds to wait for a lock another process holds; never hang the routine

_HEADER_BYTES = 100  # every SQLite database file starts with a header this long
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width, so text order is time order
_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
_JSON_FIELDS = ("answers", "derived", "reasons")
_COLUMNS = ("id",) + FIELDS


class DiaryUnavailable(Exception):
    """The diary cannot be used; `reason` is one line for the screen or the terminal."""

    def __init__(self, reason: str, moved_to: Path | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.moved_to = moved_to  # where a damaged file was kept, if it was moved aside


def default_path() -> Path:
    """`$VOICEAID_DIARY` if set, else diary.sqlite3 in the user data dir."""
    override = os.environ.get(ENV_PATH, "").strip()
    if override:
        return Path(override).expanduser()
    from voiceaid.paths import data_dir

    return data_dir() / DB_NAME


def is_diary_file(path: Path, diary: Path | None = None) -> bool:
    """`path` is the diary's SQLite file or one of its companions (-wal, -shm, -journal), by any name:
    a file written there would replace every episode."""
    diary = diary if diary is not None else default_path()
    for companion in ("", "-wal", "-shm", "-journal"):
        target = diary.with_name(diary.name + companion)
        if path.resolve() == target.resolve() or (path.exists() and target.exists() and path.samefile(target)):
            return True
    return False


def format_time(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime(_TIME_FORMAT)


def parse_time(text: str) -> datetime:
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    year, dash, rest = text.partition("-")
    if dash and year.isdigit() and len(year) < 4:  # written before EARLIEST was enforced ("1-01-02T..."): still readable
        text = f"{year.zfill(4)}-{rest}"
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _is_corrupt(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CORRUPT_CODES:
        return True
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


def _is_locked(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm companions) so nothing is lost; returns the new path."""
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.rename(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.rename(companion, target.with_name(target.name + suffix))
    return target


def _to_db(name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, bool):
        return int(value)
    if name in _JSON_FIELDS:
        return json.dumps(value, ensure_ascii=False)
    return value


def _json(text: Any, empty: Any) -> Any:
    try:
        value = json.loads(text) if text else empty
    except (TypeError, ValueError):
        return empty
    return value if isinstance(value, type(empty)) else empty


def _episode(row: sqlite3.Row) -> Episode:
    return Episode(
        id=row["id"],
        started_at=parse_time(row["started_at"]),
        leg=row["leg"],
        site=row["site"],
        steps_done=row["steps_done"] or 0,
        eased_after_s=row["eased_after_s"],
        answers=_json(row["answers"], {}),
        derived=_json(row["derived"], {}),
        disposition=row["disposition"],
        reasons=_json(row["reasons"], []),
        notes=row["notes"] or "",
        source=row["source"] or "session",
        ended_at=parse_time(row["ended_at"]) if row["ended_at"] else None,
        kind=row["kind"] or "cramp",
        happened=bool(row["happened"]),
    )


class Diary:
    """An open diary file. Every write commits at once. Safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT, create: bool = True) -> "Diary":
        """Open (creating and migrating as needed) or raise DiaryUnavailable with a one-line reason.

        With `create=False` (a command that only reads) a missing diary is an empty one held in
        memory: no file and no folder is made."""
        path = Path(path) if path is not None else default_path()
        try:
            exists = prepare(path, create)
        except NotADiaryFile as error:
            raise DiaryUnavailable(f"{error}; set {ENV_PATH} to a file") from None
        except OSError as error:
            raise DiaryUnavailable(f"cannot create the diary {path}: {error.strerror or error}") from None
        if not exists:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            migrate(conn)
            return cls(conn, path)
        conn: sqlite3.Connection | None = None
        try:
            if 0 < path.stat().st_size < _HEADER_BYTES:
                # Not an SQLite file, but SQLite takes a 1-byte file for an empty one and writes over it.
                raise sqlite3.DatabaseError("file is not a database (shorter than an SQLite header)")
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = %d" % int(timeout * 1000))
            check = conn.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError("database disk image is malformed")
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:  # before anything writes: a newer file is left byte for byte
                raise NewerSchema(found)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # a commit survives a power cut, not only a crash
            migrate(conn)
        except NewerSchema as error:
            conn.close()
            raise DiaryUnavailable(f"{error}; {path} was left as it is") from None
        except sqlite3.Error as error:
            if conn is not None:
                conn.close()
            if _is_locked(error):
                raise DiaryUnavailable(f"the diary is in use by another program ({error}); {path}") from None
            if _is_corrupt(error):
                try:
                    moved = _move_aside(path)
                except OSError as move_error:
                    raise DiaryUnavailable(f"the diary {path} is damaged and could not be moved aside: {move_error.strerror}") from None
                raise DiaryUnavailable(f"the diary file was damaged; it was kept as {moved.name}", moved_to=moved) from None
            raise DiaryUnavailable(f"cannot open the diary {path}: {error}") from None
        return cls(conn, path)

    # -- writes: each call is one committed transaction ---------------------------------------

    def _write(self, sql: str, params: list[Any]) -> sqlite3.Cursor:
        """Run one statement as its own transaction; on failure nothing of it stays half-done."""
        with self._lock:
            try:
                return self._conn.execute(sql, params)
            except sqlite3.Error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def start_episode(
        self,
        started_at: datetime,
        leg: str | None = None,
        site: str | None = None,
        source: str = "session",
        kind: str = "cramp",
        happened: bool = True,
    ) -> int:
        """A new row; the app starts a session with `happened=False` and sets it once something does."""
        return self.add_episode(started_at=started_at, leg=leg, site=site, source=source, kind=kind, happened=happened)

    def add_episode(self, **fields: Any) -> int:
        """A new row with these fields (`started_at` required), in one statement: every value is
        checked first, so a bad one (ValueError) leaves no half-filled row behind."""
        if "started_at" not in fields:
            raise ValueError("started_at is required")
        values = {name: check_field(name, value) for name, value in fields.items()}
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self._write(f"INSERT INTO episodes ({names}) VALUES ({marks})", [_to_db(k, v) for k, v in values.items()])
        return int(cursor.lastrowid)

    def update_episode(self, id: int, **fields: Any) -> None:
        """Set any subset of the episode's fields; raises ValueError for a bad value, KeyError for no such id."""
        values = {name: check_field(name, value) for name, value in fields.items()}
        if not values:
            return
        assignments = ", ".join(f"{name} = ?" for name in values)
        cursor = self._write(f"UPDATE episodes SET {assignments} WHERE id = ?", [_to_db(k, v) for k, v in values.items()] + [id])
        if cursor.rowcount == 0:
            raise KeyError(f"no episode {id} in the diary")

    def finish_episode(self, id: int, ended_at: datetime) -> None:
        self.update_episode(id, ended_at=ended_at)

    def delete(self, id: int) -> bool:
        return self._write("DELETE FROM episodes WHERE id = ?", [id]).rowcount > 0

    # -- reads ----------------------------------------------------------------------------------

    def get(self, id: int) -> Episode | None:
        with self._lock:
            row = self._conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM episodes WHERE id = ?", (id,)).fetchone()
        return _episode(row) if row is not None else None

    def list_episodes(self, since: datetime | None = None) -> list[Episode]:
        """Episodes started at or after `since` (all when None), newest first."""
        query = f"SELECT {', '.join(_COLUMNS)} FROM episodes"
        params: list[Any] = []
        if since is not None:
            query += " WHERE started_at >= ?"
            params.append(format_time(utc(since, "since")))
        query += " ORDER BY started_at DESC, id DESC"
        with self._lock:
            rows = self._conn.execute(query, params).fetchall()
        return [_episode(row) for row in rows]

    def count_since(self, days: int, now: datetime, exclude: int | None = None) -> int:
        """Real cramps (Episode.is_real_cramp) started in the `days` days up to `now`
        (now - days < started_at <= now), leaving out the episode `exclude` (the one under way)."""
        end = utc(now, "now")
        start = end - timedelta(days=days)
        with self._lock:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM episodes WHERE started_at > ? AND started_at <= ? AND kind = 'cramp' AND happened = 1 AND id IS NOT ?",
                (format_time(start), format_time(end), exclude),
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Diary":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
