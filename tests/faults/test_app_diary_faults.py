"""The whole app with a diary it cannot write: guidance goes on, one status line says the diary is
unavailable, the diary already on disk is left exactly as it was, and Q Q exits 0.
tests/diary/ covers SafeDiary and the store alone (disk full, read-only, corrupt, locked).

Read-only data dir, made for real: chmod does not bind root, so the child runs in its own mount
namespace with the data dir bind-mounted read-only (`unshare -m`), as tests/diary does; skipped
where that is not allowed.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.faults.conftest import assert_one_clear_status, diary_episodes
from voiceaid.diary import Diary

pytestmark = [pytest.mark.slow, pytest.mark.audio]


def test_read_only_data_dir(run_child, isolated_home: Path, alsa_files) -> None:
    data = isolated_home / ".local" / "share" / "voiceaid"
    with Diary.open(data / "diary.sqlite3") as diary:  # last week's episode, already saved
        diary.start_episode(datetime.now(timezone.utc) - timedelta(days=7), "right", "calf")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    if shutil.which("unshare") is None:
        pytest.skip("unshare is needed to make a read-only directory as root")
    prefix = ["unshare", "-m", "sh", "-c", f'mount --bind -o ro "{data}" "{data}" || exit 77; exec "$@"', "sh"]
    if os.geteuid() != 0:
        data.chmod(0o555)
        prefix = []
    try:
        run = run_child("routine", "--no-mic", env={"RUNNER_EXPECT": "Diary unavailable"}, prefix=prefix)
    finally:
        data.chmod(0o700)
    assert "Straighten your left knee" in run.last_screen
    assert_one_clear_status(run.last_status, run.report["status_rows"][-1], "Diary unavailable")
    assert run.report["exit_code"] == 0
    assert "Traceback" not in run.stderr + run.last_screen
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.name in before} == before  # nothing saved was touched
    episodes = diary_episodes()
    assert [(e["leg"], e["site"]) for e in episodes] == [("right", "calf")]


@pytest.mark.parametrize("free_kb", [6, 80])
def test_disk_full_while_writing_the_diary(run_child, isolated_home: Path, alsa_files, free_kb: int) -> None:
    """Made for real: the data dir is a tiny tmpfs (in the child's own mount namespace) with only a
    a little space left, so SQLite runs out of it opening the diary (6 kB free: "cannot open") or
    while the episode is being written (80 kB free: "could not save (database or disk is full)").
    Guidance goes on, one line says the diary is unavailable, exit 0."""
    data = isolated_home / ".local" / "share" / "voiceaid"
    data.mkdir(parents=True, exist_ok=True)
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("a private tmpfs needs root and unshare")
    size = 256 * 1024
    fill = size - free_kb * 1024
    setup = f'mount -t tmpfs -o size={size} tmpfs "{data}" && head -c {fill} /dev/zero > "{data}/filler" || exit 77; exec "$@"'
    run = run_child("routine", "--no-mic", env={"RUNNER_EXPECT": "Diary unavailable"}, prefix=["unshare", "-m", "sh", "-c", setup, "sh"])
    assert "Straighten your left knee" in run.last_screen
    assert_one_clear_status(run.last_status, run.report["status_rows"][-1], "Diary unavailable")
    assert ("could not save" if free_kb > 50 else "nothing can be saved") in run.last_status
    log = (isolated_home / ".local" / "state" / "voiceaid" / "log" / "voiceaid.log").read_text()
    assert ("full" if free_kb > 50 else "cannot open") in log  # SQLite's own words: in the log
    assert run.report["exit_code"] == 0
    assert "Traceback" not in run.stderr + run.last_screen
