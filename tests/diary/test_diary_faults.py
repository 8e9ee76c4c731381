"""Faults while writing never reach the caller: SafeDiary turns them into one status line.

How each fault is made:
- disk full, in-process: `PRAGMA max_page_count` on the diary's own connection caps the file at
  its current size, so the next growing write fails with SQLITE_FULL ("database or disk is full").
- disk full, for real: a child process lowers RLIMIT_FSIZE to the current file sizes (and ignores
  SIGXFSZ), so the kernel refuses to grow the WAL with EFBIG.
- a write refused outright: `PRAGMA query_only = ON` on the diary's connection (SQLITE_READONLY).
- read-only data dir: chmod 0555 when not root; as root (chmod does not bind root) the child runs in
  its own mount namespace with the data dir bind-mounted read-only (skipped where that is not allowed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.translation import translated_content
from voiceaid.content import load_content
from voiceaid.diary import Diary, SafeDiary

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)


def _cap_at_current_size(safe: SafeDiary) -> None:
    conn = safe.diary._conn  # the test reaches in: the cap must be on the connection that writes
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_sets_status_and_keeps_what_was_saved(tmp_path: Path, caplog) -> None:
    db = tmp_path / "diary.sqlite3"
    safe = SafeDiary.open(db)
    handle = safe.start_episode(T0, leg="left", site="calf")
    assert safe.update_episode(handle, steps_done=2) is True
    _cap_at_current_size(safe)

    assert safe.update_episode(handle, notes="x" * 200_000) is False  # no exception
    assert safe.status == "Diary unavailable — could not save this episode. Run: voiceaid doctor"
    assert "full" in caplog.text  # SQLite's own words: in the log, not on screen
    assert safe.start_episode(T0 + timedelta(hours=1)) < 0 or safe.status  # still no exception
    safe.close()

    with Diary.open(db) as diary:
        episode = diary.get(handle)
    assert (episode.leg, episode.site, episode.steps_done, episode.notes) == ("left", "calf", 2, "")


def test_the_status_line_is_in_the_contents_words(tmp_path: Path) -> None:
    """The notices come from ui.yaml (diary_unavailable, diary_not_saved); the reason is the system's."""
    words = load_content(
        translated_content(tmp_path, {"diary_unavailable": "Journal indisponible : {error}", "diary_not_saved": "Non enregistré ({error})."})
    ).text
    (tmp_path / "a-folder.sqlite3").mkdir()
    unusable = SafeDiary.open(tmp_path / "a-folder.sqlite3", words=words)
    assert unusable.status is not None and unusable.status.startswith("Journal indisponible : ")
    safe = SafeDiary.open(tmp_path / "diary.sqlite3", words=words)
    handle = safe.start_episode(T0)
    _cap_at_current_size(safe)
    assert safe.update_episode(handle, notes="x" * 200_000) is False
    assert safe.status is not None and safe.status.startswith("Non enregistré (") and "full" in safe.status
    safe.close()


def test_a_passing_fault_is_caught_up_with_the_next_write(tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    safe = SafeDiary.open(db)
    handle = safe.start_episode(T0)
    _cap_at_current_size(safe)
    assert safe.update_episode(handle, notes="y" * 100_000, steps_done=1) is False
    assert safe.status is not None
    safe.diary._conn.execute("PRAGMA max_page_count = 1073741823")  # space again
    assert safe.update_episode(handle, steps_done=2) is True
    assert safe.status is None
    episode = safe.get(handle)
    assert episode.steps_done == 2 and episode.notes == "y" * 100_000  # the failed write was not lost
    safe.close()


def test_an_episode_that_could_not_start_is_saved_when_it_can(tmp_path: Path, caplog) -> None:
    db = tmp_path / "diary.sqlite3"
    safe = SafeDiary.open(db)
    safe.start_episode(T0 - timedelta(days=1))
    safe.diary._conn.execute("PRAGMA query_only = ON")  # every write now fails: "attempt to write a readonly database"
    handle = safe.start_episode(T0, leg="both", source="session")
    safe.update_episode(handle, notes="z" * 100_000)
    assert handle < 0 and safe.status is not None and "readonly" in caplog.text
    assert safe.is_frequent(T0, 2, 7) is True  # the unsaved episode still counts, once
    safe.diary._conn.execute("PRAGMA query_only = OFF")
    assert safe.finish_episode(handle, T0 + timedelta(minutes=5)) is True
    assert safe.status is None
    saved = safe.get(handle)
    assert saved.leg == "both" and saved.ended_at == T0 + timedelta(minutes=5) and len(saved.notes) == 100_000
    assert len(safe.list_episodes()) == 2
    assert safe.is_frequent(T0 + timedelta(minutes=10), 2, 7) is True
    safe.close()


FSIZE_CHILD = textwrap.dedent(
    """
    import json, resource, signal, sys
    from datetime import datetime, timezone
    from pathlib import Path
    from voiceaid.diary import SafeDiary

    db = Path(sys.argv[1])
    safe = SafeDiary.open(db)
    handle = safe.start_episode(datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc), leg="right")
    safe.update_episode(handle, steps_done=3)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
    limit = max(p.stat().st_size for p in db.parent.iterdir())
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    ok = safe.update_episode(handle, notes="n" * 500_000)
    ok2 = safe.finish_episode(handle, datetime(2026, 11, 20, 3, 20, tzinfo=timezone.utc))
    print(json.dumps({"handle": handle, "ok": ok, "status": safe.status}))
    """
)


@pytest.mark.slow
def test_real_disk_full_in_a_child_process(tmp_path: Path) -> None:
    db = tmp_path / "data" / "diary.sqlite3"
    result = subprocess.run([sys.executable, "-c", FSIZE_CHILD, str(db)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["status"].startswith("Diary unavailable — could not save")
    with Diary.open(db) as diary:
        episode = diary.get(report["handle"])
    assert (episode.leg, episode.steps_done, episode.notes) == ("right", 3, "")


READONLY_CHILD = textwrap.dedent(
    """
    import json, sys
    from datetime import datetime, timezone
    from pathlib import Path
    from voiceaid.diary import SafeDiary

    t0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)
    out = {}
    for name in ("new/diary.sqlite3", "diary.sqlite3"):
        safe = SafeDiary.open(Path(sys.argv[1]) / name)
        handle = safe.start_episode(t0)
        out[name] = {
            "available": safe.available,
            "status": safe.status,
            "update": safe.update_episode(handle, steps_done=1),
            "list": len(safe.list_episodes()),
            "frequent": safe.is_frequent(t0, 3, 7),
        }
        safe.close()
    print(json.dumps(out))
    """
)


@pytest.mark.slow
def test_read_only_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Diary.open(data / "diary.sqlite3") as diary:  # an existing diary with one episode
        diary.start_episode(T0 - timedelta(days=1))
    before = (data / "diary.sqlite3").read_bytes()
    command = [sys.executable, "-c", READONLY_CHILD, str(data)]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("running as root without unshare: cannot make a read-only directory")
        command = ["unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0" || exit 77; exec "$@"', str(data)] + command
    else:
        data.chmod(0o555)
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=60)
    finally:
        data.chmod(0o700)
    if result.returncode == 77:
        pytest.skip(f"cannot bind-mount read-only here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    new = report["new/diary.sqlite3"]
    assert new["available"] is False and new["status"].startswith("Diary unavailable — nothing can be saved")
    assert new["update"] is False and new["list"] == 0 and new["frequent"] is None
    old = report["diary.sqlite3"]
    assert old["status"] is not None and old["status"].startswith("Diary unavailable") and old["update"] is False
    assert (data / "diary.sqlite3").read_bytes() == before  # nothing saved was touched
    with Diary.open(data / "diary.sqlite3") as diary:
        assert len(diary.list_episodes()) == 1
