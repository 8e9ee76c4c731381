"""What each saved session was (cramp, bedtime, checklist only) and whether anything happened in it:
only real cramp episodes count toward "frequent", in the statistics and on the doctor's page.

Real SQLite files throughout; the app's own controller drives real sessions into a real diary file.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest

from voiceaid.content.loader import load_content
from voiceaid.core.session import SessionOptions
from voiceaid.diary import Diary, Episode, SafeDiary
from voiceaid.diary import stats
from voiceaid.diary.export import to_csv, to_markdown
from voiceaid.diary.schema import SCHEMA_VERSION
from voiceaid.diary.writer import DiaryWriter
from voiceaid.ui.controller import EpisodeController

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def content():
    return load_content()


def _session(content, db: Path, mode: str, *intents: str) -> EpisodeController:
    """One whole session as the app runs it: a real controller, diary thread and diary file."""
    writer = DiaryWriter(partial(SafeDiary.open, db))
    ticks = itertools.count(0.0, 0.5)
    controller = EpisodeController(content, SessionOptions(mode=mode), lambda: next(ticks), None, writer, lambda: None)
    controller.begin()
    writer.submit(lambda diary: None).result()  # the row is written and the diary counted
    for intent in intents:
        controller.intent(intent)
    controller.close()
    writer.close()
    return controller


def _only(db: Path) -> Episode:
    with Diary.open(db) as diary:
        episodes = diary.list_episodes()
    assert len(episodes) == 1
    return episodes[0]


@pytest.mark.parametrize(
    ("mode", "intents", "kind", "happened"),
    [
        ("relief", (), "cramp", False),  # started and quit after a second: not a cramp to count
        ("relief", ("emergency",), "cramp", True),  # E at once: an emergency, very much real
        ("relief", ("left",), "cramp", True),  # the leg given
        ("relief", ("next",), "cramp", True),  # a step done
        ("bedtime", ("next", "next"), "bedtime", True),
        ("bedtime", (), "bedtime", False),
        ("check", (), "check", False),
        ("check", ("no",), "check", True),  # an answer given
    ],
)
def test_each_session_saves_its_kind_and_whether_anything_happened(content, tmp_path: Path, mode, intents, kind, happened) -> None:
    db = tmp_path / "diary.sqlite3"
    _session(content, db, mode, *intents)
    episode = _only(db)
    assert (episode.kind, episode.happened) == (kind, happened)
    assert episode.is_real_cramp is (kind == "cramp" and happened)


def test_bedtime_routines_and_phantoms_do_not_make_a_real_cramp_frequent(content, tmp_path: Path) -> None:
    """Issue 25 item 3: two bedtime routines, a check, a launch quit at once, then one real cramp
    answered "no" to everything must not say "see a doctor" for frequent cramps."""
    db = tmp_path / "diary.sqlite3"
    _session(content, db, "bedtime", "next", "next")
    _session(content, db, "bedtime", "next", "next")
    _session(content, db, "check", "no")
    _session(content, db, "relief")
    answers = ["next"] * 3 + ["yes"] + ["no"] * 20  # the stretch done, eased, "no" to every question
    controller = _session(content, db, "relief", *answers)
    assert controller.session.diary_count == 1  # this cramp alone
    assert controller.session.phase == "outcome"
    with Diary.open(db) as diary:
        last = diary.list_episodes()[0]
        assert diary.count_since(7, datetime.now(timezone.utc)) == 1
    assert last.disposition == "self_care"
    assert last.answers.get("frequent") == "no"
    assert "frequent" not in last.derived


def test_three_real_cramps_are_still_frequent(content, tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    _session(content, db, "relief", "left")
    _session(content, db, "relief", "emergency")
    controller = _session(content, db, "relief")
    assert controller.session.diary_count == 3  # two before and this one


def test_count_since_counts_real_cramps_only(tmp_path: Path) -> None:
    with Diary.open(tmp_path / "diary.sqlite3") as diary:
        diary.start_episode(NOW - timedelta(days=1), "left", "calf")  # the defaults: a cramp that happened
        diary.start_episode(NOW - timedelta(days=2), kind="bedtime")
        diary.start_episode(NOW - timedelta(days=3), kind="check")
        diary.start_episode(NOW - timedelta(days=4), happened=False)
        current = diary.start_episode(NOW, happened=False)
        assert diary.count_since(7, NOW) == 1
        diary.update_episode(current, happened=True)
        assert diary.count_since(7, NOW) == 2
        assert diary.count_since(7, NOW, exclude=current) == 1
        assert len(diary.list_episodes()) == 5  # nothing is hidden from the list
        with pytest.raises(ValueError, match="kind must be one of cramp, bedtime, check"):
            diary.start_episode(NOW, kind="nap")
        with pytest.raises(ValueError, match="happened must be True or False"):
            diary.update_episode(current, happened="yes")


V2_SCHEMA = """
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
    ended_at TEXT,
    derived TEXT NOT NULL DEFAULT '{}',
    reasons TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT 'session'
);
CREATE INDEX episodes_started_at ON episodes (started_at);
-- 1: a full cramp; 2: quit at once (only the start site); 3: E at once; 4: the leg given;
-- 5: added by hand with nothing but a time; 6: a site chosen and nothing else; 7: a note only
INSERT INTO episodes (started_at, leg, site, steps_done, eased_after_s, answers, disposition, notes, ended_at)
VALUES ('2026-11-20T02:00:00.000000Z', 'right', 'calf', 3, 61.0, '{"frequent": "no"}', 'self_care', '', '2026-11-20T02:05:00.000000Z');
INSERT INTO episodes (started_at, site, ended_at) VALUES ('2026-11-21T02:00:00.000000Z', 'calf', '2026-11-21T02:00:01.000000Z');
INSERT INTO episodes (started_at, site, disposition, ended_at) VALUES ('2026-11-21T03:00:00.000000Z', 'calf', 'emergency', '2026-11-21T03:00:01.000000Z');
INSERT INTO episodes (started_at, leg, site) VALUES ('2026-11-22T02:00:00.000000Z', 'left', 'calf');
INSERT INTO episodes (started_at, source) VALUES ('2026-11-22T04:00:00.000000Z', 'manual');
INSERT INTO episodes (started_at, site) VALUES ('2026-11-23T02:00:00.000000Z', 'foot');
INSERT INTO episodes (started_at, notes) VALUES ('2026-11-23T03:00:00.000000Z', 'woke twice');
PRAGMA user_version = 2;
"""


def test_migration_keeps_old_rows_as_cramps_unless_clearly_empty(tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    conn = sqlite3.connect(db)
    conn.executescript(V2_SCHEMA)
    conn.close()
    with Diary.open(db) as diary:
        episodes = {e.id: e for e in diary.list_episodes()}
        assert sorted(episodes) == [1, 2, 3, 4, 5, 6, 7]  # every old row kept
        assert {e.kind for e in episodes.values()} == {"cramp"}
        assert {i for i, e in episodes.items() if not e.happened} == {2}  # only the launch quit at once
        assert diary.count_since(7, NOW) == 6
        assert episodes[1].answers == {"frequent": "no"} and episodes[1].eased_after_s == 61.0
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
    conn.close()


def _ep(id: int, days_ago: float, kind: str = "cramp", happened: bool = True, **fields) -> Episode:
    return Episode(id=id, started_at=NOW - timedelta(days=days_ago), kind=kind, happened=happened, **fields)


MIXED = [
    _ep(1, 1, leg="left", site="calf", eased_after_s=60.0, disposition="self_care"),
    _ep(2, 2, "bedtime", steps_done=2),
    _ep(3, 2.5, "check", answers={"chest_or_breath": "yes"}, disposition="emergency"),
    _ep(4, 3, happened=False, site="calf"),
    _ep(5, 4, leg="right", site="foot", eased_after_s=120.0, disposition="self_care"),
]


def test_statistics_and_the_doctors_page_count_real_cramps_only() -> None:
    s = stats.summarize(MIXED, NOW)
    assert (s.total, s.last_7, s.last_30) == (2, 2, 2)
    assert [e.id for e in s.episodes] == [1, 5]
    assert s.legs == {"left": 1, "right": 1}
    assert s.outcomes == {"self_care": 2}
    assert s.red_flags == {}
    assert stats.is_frequent(MIXED, NOW, 3, 7) is False
    page = to_markdown(MIXED, NOW, tz=timezone.utc)
    assert "Episodes recorded: 2 " in page
    assert "Emergency" not in page


def test_csv_keeps_every_row_and_says_what_it_was() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(MIXED))))
    assert [(r["id"], r["kind"], r["happened"]) for r in rows] == [
        ("5", "cramp", "yes"),
        ("4", "cramp", "no"),
        ("3", "check", "yes"),
        ("2", "bedtime", "yes"),
        ("1", "cramp", "yes"),
    ]


def _cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "TZ": "UTC", **(env or {})}
    return subprocess.run([sys.executable, "-m", "voiceaid", *argv], capture_output=True, text=True, env=environment, timeout=60)


def test_list_says_what_each_session_was(tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    with Diary.open(db) as diary:
        diary.start_episode(NOW - timedelta(days=3), "left", "calf")
        diary.start_episode(NOW - timedelta(days=2), kind="bedtime")
        diary.start_episode(NOW - timedelta(days=1), kind="check")
        diary.start_episode(NOW, site="calf", happened=False)
    env = {"VOICEAID_DIARY": str(db)}
    result = _cli("diary", "list", env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert "nothing done, not counted as a cramp" in lines[0]
    assert "checklist only, not counted as a cramp" in lines[1]
    assert "bedtime routine, not counted as a cramp" in lines[2]
    assert "not counted" not in lines[3] and "left calf" in lines[3]
    listed = json.loads(_cli("diary", "list", "--json", env=env).stdout)
    assert [(e["kind"], e["happened"]) for e in listed] == [("cramp", False), ("check", True), ("bedtime", True), ("cramp", True)]
