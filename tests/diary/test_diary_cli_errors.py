"""`voiceaid diary` on input and output it cannot use: a short message and a non-zero exit, never a
traceback, and nothing already saved is lost or half-added. Real subprocess calls, real diary file."""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voiceaid.diary import Diary

T0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)
VOICEAID = [sys.executable, "-m", "voiceaid"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "diary.sqlite3"


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "TZ": "UTC", "VOICEAID_DIARY": str(db)}


def _run(db: Path, *argv: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([*VOICEAID, *argv], capture_output=True, env=_env(db), timeout=60)


def _shell(db: Path, command: str) -> subprocess.CompletedProcess:
    """`command` with `voiceaid` standing for this Python's voiceaid, run by sh (for >&- and pipes)."""
    voiceaid = " ".join(shlex.quote(part) for part in VOICEAID)
    return subprocess.run(["sh", "-c", command.replace("voiceaid", voiceaid, 1)], capture_output=True, env=_env(db), timeout=60)


def _one_short_error(result: subprocess.CompletedProcess, needle: str) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0
    assert "Traceback" not in err
    assert err.startswith("voiceaid: ") and err.count("\n") == 1, err
    assert needle in err, err


def _saved(db: Path) -> list[tuple]:
    with Diary.open(db) as diary:
        return [(e.id, e.notes) for e in diary.list_episodes()]


@pytest.mark.parametrize("raw", ["99999999999999999999999", "-99999999999999999999999", "9223372036854775808"])
def test_delete_a_number_too_big_for_any_episode(db: Path, raw: str) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0, "left", "calf")
    result = _run(db, "diary", "delete", raw, "--yes")
    _one_short_error(result, f"delete: there is no episode {raw}; see `voiceaid diary list`")
    assert _saved(db) == [(1, "")]


@pytest.mark.parametrize("raw", ["١٢", "1_0", "1.0", "one"])
def test_delete_needs_an_episode_number_in_plain_digits(db: Path, raw: str) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0, "left", "calf")
    result = _run(db, "diary", "delete", raw, "--yes")
    _one_short_error(result, "is not an episode number")
    assert _saved(db) == [(1, "")]


def test_a_note_that_is_not_text_is_refused_and_no_empty_row_is_left(db: Path) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0, "left", "calf")
        diary.update_episode(1, notes="kept")
    result = _run(db, "diary", "add", "--note", b"\xff\xfe x")
    _one_short_error(result, "--note: ")
    assert "UTF-8" in result.stderr.decode()
    assert _saved(db) == [(1, "kept")]


def test_export_to_a_closed_standard_output(db: Path) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0, "left", "calf")
    result = _shell(db, "voiceaid diary export --format csv >&-")
    _one_short_error(result, "standard output is closed")
    assert "--out FILE" in result.stderr.decode()
    result = _shell(db, "voiceaid diary list >&-")
    _one_short_error(result, "standard output is closed")


def test_export_to_a_full_standard_output(db: Path) -> None:
    with Diary.open(db) as diary:
        diary.start_episode(T0, "left", "calf")
    result = _shell(db, "voiceaid diary export --format csv > /dev/full")
    _one_short_error(result, "cannot write to standard output (No space left on device)")


def test_list_into_a_pipe_closed_early_is_not_an_error(db: Path) -> None:
    """`diary list | head -1` with more than a pipe's buffer of episodes: head leaves after one line."""
    Diary.open(db).close()
    conn = sqlite3.connect(db)
    rows = [((T0 - timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "a long note " * 8) for i in range(3000)]
    conn.executemany("INSERT INTO episodes (started_at, notes) VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    for command in ("voiceaid diary list | head -1", "voiceaid diary export --format csv | head -1", "voiceaid diary list --json | head -1"):
        result = _shell(db, f"{command}; exit 0")
        assert result.stderr == b"", (command, result.stderr)
        assert result.stdout.count(b"\n") == 1
