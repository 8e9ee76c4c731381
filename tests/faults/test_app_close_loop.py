"""Closing the terminal, again and again, always ends voiceaid (issue 25 item 11): about one close in
twenty left the app alive through SIGHUP and SIGTERM, holding the diary, because the exit watchdog
was disarmed before Textual's own shutdown ran.

Made for real, as in test_app_signals: the real `voiceaid` in tmux, mid-routine; the tmux session is
killed (the terminal hangs up) and voiceaid gets SIGHUP, as an interactive shell forwards it. Several
terminals at a time, so two dozen closes take well under a minute.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.faults.drive import wait_for
from tests.faults.tmuxrig import TmuxApp, alive

pytestmark = [pytest.mark.slow, pytest.mark.audio]

AT_ONCE = 5
ROUNDS = 5
END_WITHIN = 10.0  # seconds from SIGHUP to the process gone: the grace for saving, and a margin
# The hang needed SIGHUP to come while Textual's output queue to the dead terminal was filling but not
# yet full (it holds 30 writes; the app redraws a few times a second): each close waits a different
# time between the hang-up and SIGHUP, across that window.
DELAYS = [0.3 * (i % 20) for i in range(AT_ONCE * ROUNDS)]


def test_every_close_of_the_terminal_ends_voiceaid_within_a_bound(tmp_path: Path, alsa_files) -> None:
    stuck: list[str] = []
    for round_ in range(ROUNDS):
        rigs = []
        for n in range(AT_ONCE):
            home = tmp_path / f"home-{round_}-{n}"
            home.mkdir()
            shutil.copy(alsa_files.home / ".asoundrc", home / ".asoundrc")
            (tmp_path / f"run-{round_}-{n}").mkdir()
            rigs.append(TmuxApp(folder=tmp_path / f"run-{round_}-{n}", home=home))
        try:
            for rig in rigs:
                rig.start()
            for rig in rigs:
                assert rig.wait_screen("Straighten your knee", 60), rig.screen()
            pids = [rig.app_pid() for rig in rigs]
            for rig, pid in zip(rigs, pids):
                rig.pids.append(pid)
                rig.tmux("kill-session")
            closed = time.monotonic()
            delays = DELAYS[round_ * AT_ONCE : (round_ + 1) * AT_ONCE]
            for (n, pid), delay in sorted(zip(enumerate(pids), delays), key=lambda item: item[1]):
                time.sleep(max(0.0, closed + delay - time.monotonic()))  # a real terminal's timing, not a timer in a unit test
                os.kill(pid, signal.SIGHUP)
            hung_up = time.monotonic()
            for n, pid in enumerate(pids):
                if not wait_for(lambda: not alive(pid), max(0.1, END_WITHIN - (time.monotonic() - hung_up)), poll=0.05):
                    stuck.append(f"round {round_} terminal {n}: pid {pid} alive {END_WITHIN} s after SIGHUP ({delays[n]:.1f} s after the hang-up)")
        finally:
            for rig in rigs:
                rig.kill()
    assert not stuck, stuck
