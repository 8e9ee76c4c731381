"""A process killed with SIGKILL between diary writes loses nothing it had saved.

The child writes, reports each committed write on its stdout pipe, and (in the step test) waits on
stdin before the next one, so the test kills it at a known point, with no sleeps.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voiceaid.diary import Diary

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

STEPS_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from voiceaid.diary import Diary

    t0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)
    diary = Diary.open(Path(sys.argv[1]))

    def done(what):
        print(what, flush=True)
        sys.stdin.readline()  # wait for the test: it may kill us here

    episode = diary.start_episode(t0, leg="left", site="calf")
    done(f"started {episode}")
    diary.update_episode(episode, steps_done=1)
    done("step 1")
    diary.update_episode(episode, steps_done=2, eased_after_s=95.5)
    done("eased")
    diary.update_episode(episode, answers={"chest_or_breath": "no", "frequent": "yes"}, derived={"frequent": "3 in 7 days"})
    done("answered")
    diary.update_episode(episode, disposition="soon", reasons=["frequent"])
    diary.finish_episode(episode, t0 + timedelta(minutes=7))
    done("finished")
    """
)

LOOP_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path
    from voiceaid.diary import Diary

    diary = Diary.open(Path(sys.argv[1]))
    episode = diary.start_episode(datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc))
    for n in range(1, 100001):
        diary.update_episode(episode, steps_done=n, notes=f"write {n}")
        print(n, flush=True)
    """
)


def _child(script: str, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL
    child.stdout.close()
    child.stdin.close()


@pytest.mark.parametrize("kill_after", ["started", "step 1", "eased", "answered", "finished"])
def test_sigkill_between_writes_loses_nothing(tmp_path: Path, kill_after: str) -> None:
    db = tmp_path / "diary.sqlite3"
    child = _child(STEPS_CHILD, db)
    seen = []
    while True:
        line = child.stdout.readline().strip()
        assert line, "the child ended before reporting its writes"
        seen.append(line.split()[0] if line.startswith("started") else line)
        if seen[-1] == kill_after:
            break
        child.stdin.write("\n")
        child.stdin.flush()
    _kill(child)
    assert db.with_name(db.name + "-wal").exists()  # the writes were still in the WAL, not checkpointed

    with Diary.open(db) as diary:
        [episode] = diary.list_episodes()
    t0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)
    assert (episode.started_at, episode.leg, episode.site) == (t0, "left", "calf")
    reached = ["started", "step 1", "eased", "answered", "finished"].index(kill_after)
    assert episode.steps_done == (0, 1, 2, 2, 2)[reached]
    assert episode.eased_after_s == (None if reached < 2 else 95.5)
    assert episode.answers == ({} if reached < 3 else {"chest_or_breath": "no", "frequent": "yes"})
    assert episode.derived == ({} if reached < 3 else {"frequent": "3 in 7 days"})
    assert episode.disposition == (None if reached < 4 else "soon")
    assert episode.ended_at == (None if reached < 4 else t0 + timedelta(minutes=7))


def test_sigkill_during_a_stream_of_writes_keeps_every_reported_write(tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    child = _child(LOOP_CHILD, db)
    last = 0
    while last < 150:
        line = child.stdout.readline()
        assert line, "the child ended early"
        last = int(line)
    _kill(child)
    with Diary.open(db) as diary:
        [episode] = diary.list_episodes()
    assert episode.steps_done >= last  # every write the child reported as committed is there
    assert episode.notes == f"write {episode.steps_done}"  # and the row is whole, not half-written
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
