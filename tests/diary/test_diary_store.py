"""The diary store on real SQLite files: create, update, reopen, migrate, corrupt and locked files."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voiceaid.diary import Diary, DiaryUnavailable, Episode, SafeDiary
from voiceaid.diary.schema import SCHEMA_VERSION
from voiceaid.diary.store import DB_NAME

T0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / DB_NAME


def test_create_update_and_reopen_keeps_every_field(db: Path) -> None:
    diary = Diary.open(db)
    episode_id = diary.start_episode(T0, leg="left", site="calf")
    diary.update_episode(episode_id, steps_done=2)
    diary.update_episode(
        episode_id,
        eased_after_s=95.5,
        answers={"chest_or_breath": "no", "frequent": "yes", "numb_weak": "unsure"},
        derived={"frequent": "From your diary: 3 cramps in the last 7 days."},
        disposition="soon",
        reasons=["frequent", "numb_weak"],
        notes="woke at 3",
    )
    diary.finish_episode(episode_id, T0 + timedelta(minutes=6))
    diary.close()

    reopened = Diary.open(db)
    assert reopened.get(episode_id) == Episode(
        id=episode_id,
        started_at=T0,
        leg="left",
        site="calf",
        steps_done=2,
        eased_after_s=95.5,
        answers={"chest_or_breath": "no", "frequent": "yes", "numb_weak": "unsure"},
        derived={"frequent": "From your diary: 3 cramps in the last 7 days."},
        disposition="soon",
        reasons=["frequent", "numb_weak"],
        notes="woke at 3",
        source="session",
        ended_at=T0 + timedelta(minutes=6),
    )
    reopened.close()


def test_times_come_back_aware_utc_whatever_zone_went_in(db: Path) -> None:
    plus_two = timezone(timedelta(hours=2))
    with Diary.open(db) as diary:
        episode_id = diary.start_episode(datetime(2026, 11, 20, 5, 10, tzinfo=plus_two))
        got = diary.get(episode_id)
    assert got is not None and got.started_at == T0 and got.started_at.tzinfo == timezone.utc


def test_list_is_newest_first_and_since_filters(db: Path) -> None:
    with Diary.open(db) as diary:
        ids = [diary.start_episode(T0 - timedelta(days=d)) for d in (10, 0, 5)]
        assert [e.id for e in diary.list_episodes()] == [ids[1], ids[2], ids[0]]
        assert [e.id for e in diary.list_episodes(since=T0 - timedelta(days=5))] == [ids[1], ids[2]]


def test_count_since_is_the_last_n_days_up_to_now(db: Path) -> None:
    with Diary.open(db) as diary:
        for days in (0, 6.9, 7, 8):
            diary.start_episode(T0 - timedelta(days=days))
        diary.start_episode(T0 + timedelta(hours=1))  # after "now": not counted
        assert diary.count_since(7, T0) == 2  # exactly 7 days ago is outside (now - 7 days, now]
        assert diary.count_since(30, T0) == 4


def test_delete(db: Path) -> None:
    with Diary.open(db) as diary:
        episode_id = diary.start_episode(T0)
        assert diary.delete(episode_id) is True
        assert diary.delete(episode_id) is False
        assert diary.get(episode_id) is None


def test_bad_values_are_refused_and_nothing_changes(db: Path) -> None:
    with Diary.open(db) as diary:
        episode_id = diary.start_episode(T0, leg="left")
        for fields in ({"leg": "middle"}, {"answers": {"q": "maybe"}}, {"steps_done": -1}, {"colour": "red"}, {"ended_at": datetime(2026, 1, 1)}):
            with pytest.raises(ValueError):
                diary.update_episode(episode_id, **fields)
        with pytest.raises(KeyError):
            diary.update_episode(episode_id + 1, steps_done=1)
        with pytest.raises(ValueError):
            diary.start_episode(datetime(2026, 1, 1))  # naive
        with pytest.raises(ValueError, match="1970 or later"):
            diary.start_episode(datetime(1969, 12, 31, tzinfo=timezone.utc))  # a typo
        with pytest.raises(ValueError, match="1970 or later"):
            diary.update_episode(episode_id, ended_at=datetime(1, 1, 2, tzinfo=timezone.utc))
        assert diary.get(episode_id).leg == "left"


def test_file_is_private_with_wal_journal(db: Path) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0)
        for path in (db, db.with_name(DB_NAME + "-wal"), db.with_name(DB_NAME + "-shm")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
        mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_an_existing_loose_file_is_made_private(db: Path) -> None:
    db.parent.mkdir()
    db.touch(mode=0o644)
    os.chmod(db, 0o644)
    Diary.open(db).close()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_default_path_is_in_the_xdg_data_dir(isolated_home: Path) -> None:
    with Diary.open() as diary:
        assert diary.path == isolated_home / ".local/share/voiceaid" / DB_NAME
    assert diary.path.exists()


def test_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEAID_DIARY", str(tmp_path / "elsewhere.db"))
    with Diary.open() as diary:
        assert diary.path == tmp_path / "elsewhere.db"


V1_SCHEMA = """
CREATE TABLE episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    leg TEXT,
    site TEXT,
    steps_done INTEGER NOT NULL DEFAULT 0,
    eased_after_s REAL,
    answers TEXT NOT NULL DEFAULT '{}',
    disposition TEXT,
    notes TEXT NOT NULL DEFAULT '',
    ended_at TEXT
);
INSERT INTO episodes (started_at, leg, site, steps_done, eased_after_s, answers, disposition, notes, ended_at)
VALUES ('2026-10-01T02:00:00.000000Z', 'right', 'foot', 3, 61.0, '{"long_cramp": "no"}', 'self_care', 'old one', '2026-10-01T02:05:00.000000Z');
INSERT INTO episodes (started_at) VALUES ('2026-10-03T04:30:00.000000Z');
PRAGMA user_version = 1;
"""


def test_migration_from_v1_keeps_old_episodes(db: Path) -> None:
    """A v1 file written by hand (the first released schema: no derived, reasons or source)."""
    db.parent.mkdir()
    conn = sqlite3.connect(db)
    conn.executescript(V1_SCHEMA)
    conn.close()

    with Diary.open(db) as diary:
        old = diary.list_episodes()
        assert [e.id for e in old] == [2, 1]
        first = diary.get(1)
        assert first == Episode(
            id=1,
            started_at=datetime(2026, 10, 1, 2, 0, tzinfo=timezone.utc),
            leg="right",
            site="foot",
            steps_done=3,
            eased_after_s=61.0,
            answers={"long_cramp": "no"},
            derived={},
            disposition="self_care",
            reasons=[],
            notes="old one",
            source="session",
            ended_at=datetime(2026, 10, 1, 2, 5, tzinfo=timezone.utc),
        )
        new_id = diary.start_episode(T0, source="manual")
        diary.update_episode(new_id, derived={"frequent": "x"}, reasons=["frequent"])
        assert diary.get(new_id).reasons == ["frequent"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "episodes_started_at" in {row[1] for row in conn.execute("PRAGMA index_list(episodes)")}
    conn.close()


def test_a_newer_schema_is_refused_and_left_alone(db: Path) -> None:
    db.parent.mkdir()
    conn = sqlite3.connect(db)
    conn.executescript("CREATE TABLE episodes (id INTEGER PRIMARY KEY, future TEXT); PRAGMA user_version = 99;")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(DiaryUnavailable, match="newer voiceaid"):
        Diary.open(db)
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.corrupt-*"))


def _corrupt_files(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if re.fullmatch(re.escape(DB_NAME) + r"\.corrupt-\d{14}(-\d+)?", p.name))


def test_garbage_file_is_moved_aside_never_deleted(db: Path) -> None:
    db.parent.mkdir()
    garbage = b"this is not a diary\x00\xff" * 300
    db.write_bytes(garbage)
    with pytest.raises(DiaryUnavailable) as caught:
        Diary.open(db)
    moved = _corrupt_files(db)
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert caught.value.moved_to == moved[0]
    assert "damaged" in caught.value.reason and moved[0].name in caught.value.reason
    assert "\n" not in caught.value.reason
    # the next open starts a fresh diary
    with Diary.open(db) as diary:
        assert diary.list_episodes() == []


@pytest.mark.parametrize("garbage", [b"x", b"xy", b"\x00" * 99])
def test_a_file_too_short_to_be_a_diary_is_moved_aside_too(db: Path, garbage: bytes) -> None:
    """SQLite takes a 1-byte file for an empty database and writes over it: whatever it was, it is kept."""
    db.parent.mkdir()
    db.write_bytes(garbage)
    with pytest.raises(DiaryUnavailable):
        Diary.open(db)
    moved = _corrupt_files(db)
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    with Diary.open(db) as diary:
        assert diary.list_episodes() == []


def test_an_empty_file_is_a_new_diary(db: Path) -> None:
    db.parent.mkdir()
    db.write_bytes(b"")
    with Diary.open(db) as diary:
        assert diary.list_episodes() == []
    assert not _corrupt_files(db)


def test_safe_diary_starts_fresh_after_moving_a_garbage_file(db: Path, caplog) -> None:
    db.parent.mkdir()
    db.write_bytes(b"\x13\x37" * 4096)
    safe = SafeDiary.open(db)
    assert safe.available
    assert safe.status == "Diary file was damaged — set aside, and a new diary started"  # plain words on screen
    assert ".corrupt-" in caplog.text  # where it was set aside: in the log
    handle = safe.start_episode(T0, leg="right")
    assert handle > 0 and safe.get(handle).leg == "right"
    safe.close()
    assert len(_corrupt_files(db)) == 1


def test_damaged_page_found_by_the_integrity_check_is_moved_aside(db: Path) -> None:
    with Diary.open(db) as diary:
        for day in range(40):
            episode_id = diary.start_episode(T0 - timedelta(days=day))
            diary.update_episode(episode_id, notes="n" * 300)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as handle:  # keep the header, scribble over the table's pages
        handle.seek(page_size * 2)
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 2))
    with pytest.raises(DiaryUnavailable, match="damaged"):
        Diary.open(db)
    assert len(_corrupt_files(db)) == 1


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_locked_database_is_unavailable_quickly_and_not_moved(db: Path, journal: str) -> None:
    """Another connection holds an exclusive lock (BEGIN EXCLUSIVE; with a rollback journal even reads wait)."""
    db.parent.mkdir()
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute(f"PRAGMA journal_mode = {journal}")
    locker.execute("CREATE TABLE IF NOT EXISTS other (x)")
    locker.execute("BEGIN EXCLUSIVE")
    locker.execute("INSERT INTO other VALUES (1)")
    try:
        started = time.monotonic()
        with pytest.raises(DiaryUnavailable) as caught:
            Diary.open(db, timeout=0.2)
        assert time.monotonic() - started < 5
        assert "in use" in caught.value.reason and caught.value.moved_to is None
        safe = SafeDiary.open(db, timeout=0.2)
        assert not safe.available and safe.status.startswith("Diary unavailable")
        assert safe.start_episode(T0) < 0  # a handle, no exception
        assert safe.update_episode(-1, steps_done=1) is False
        assert safe.list_episodes() == [] and safe.count_since(7, T0) is None and safe.is_frequent(T0, 3, 7) is None
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert not _corrupt_files(db)
    Diary.open(db).close()  # usable again once the lock is gone
