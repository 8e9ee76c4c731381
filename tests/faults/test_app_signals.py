"""SIGTERM and SIGHUP mid-routine, for real, on the real `voiceaid` command in a tmux terminal: the
episode is saved (leg and end time), the exit code is 128 + the signal, the synthesis worker is
not left behind, and (SIGTERM) the terminal is restored: normal screen, cooked mode, echo on.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.faults.conftest import diary_episodes
from tests.faults.drive import wait_for
from tests.faults.tmuxrig import TmuxApp, alive, children_of

pytestmark = [pytest.mark.slow, pytest.mark.audio]


@pytest.fixture
def terminal(tmp_path: Path, alsa_files):
    rig = TmuxApp(folder=tmp_path, home=alsa_files.home)
    yield rig
    rig.kill()


def start_mid_routine(terminal: TmuxApp) -> tuple[int, list[int]]:
    """voiceaid running, left leg chosen by key; returns its pid and its children (the synth worker)."""
    terminal.start()
    assert terminal.wait_screen("Straighten your knee", 60), terminal.screen()
    terminal.keys("l")
    assert terminal.wait_screen("Straighten your left knee", 20), terminal.screen()
    pid = terminal.app_pid()
    assert wait_for(lambda: bool(children_of(pid)), 20), "no synthesis worker started"
    return pid, children_of(pid)


def check_episode_saved() -> None:
    episodes = diary_episodes()
    assert len(episodes) == 1, episodes
    assert episodes[0]["leg"] == "left" and episodes[0]["ended_at"], episodes[0]


def test_sigterm_mid_routine_saves_the_episode_and_restores_the_terminal(terminal: TmuxApp) -> None:
    """Made for real: SIGTERM (a service manager stopping voiceaid) sent to the voiceaid process
    while the left-leg stretch is on screen."""
    pid, helpers = start_mid_routine(terminal)
    os.kill(pid, signal.SIGTERM)
    assert terminal.exit_code() == 128 + signal.SIGTERM
    assert terminal.wait_screen("VOICEAID-ENDED", 10)
    assert not terminal.alternate_screen_on()
    stty = terminal.stty_file.read_text().split()
    assert "icanon" in stty and "echo" in stty and "-icanon" not in stty and "-echo" not in stty
    assert "Traceback" not in terminal.terminal_output() + terminal.screen()
    assert wait_for(lambda: not any(alive(p) for p in helpers), 10), "the synthesis worker was left running"
    check_episode_saved()


def test_sighup_terminal_closed_mid_routine_saves_the_episode(terminal: TmuxApp) -> None:
    """Made for real: the tmux session is killed, which hangs up the terminal (writes now fail with
    EIO) and sends SIGHUP to the session leader; the test then sends SIGHUP to voiceaid itself, as an
    interactive shell (bash) forwards it to its jobs when its terminal closes — the test's wrapper
    shell traps HUP instead, to live on and record the exit status. No terminal is left to restore."""
    pid, helpers = start_mid_routine(terminal)
    terminal.tmux("kill-session")
    os.kill(pid, signal.SIGHUP)
    assert terminal.exit_code() == 128 + signal.SIGHUP
    assert wait_for(lambda: not alive(pid), 10)
    assert wait_for(lambda: not any(alive(p) for p in helpers), 10), "the synthesis worker was left running"
    check_episode_saved()


def test_terminal_gone_without_sighup_still_ends_on_sigterm(terminal: TmuxApp) -> None:
    """Made for real: the terminal is hung up (tmux session killed) but no SIGHUP reaches voiceaid
    (the kernel signals only the session leader, here a shell that ignores it; a kiosk service's
    tty can vanish the same way). A few seconds later a service manager sends SIGTERM: voiceaid must
    still end with 143 and save the episode rather than hang."""
    pid, helpers = start_mid_routine(terminal)
    terminal.pids += [pid, *helpers]
    terminal.tmux("kill-session")
    tasks = lambda: len(os.listdir(f"/proc/{pid}/task")) if alive(pid) else 0  # noqa: E731
    before = tasks()
    wait_for(lambda: tasks() < before, 5)  # the writer thread has died
    wait_for(lambda: False, 8)  # redraws go on for a while (4 a second)
    os.kill(pid, signal.SIGTERM)
    assert terminal.exit_code(timeout=8) == 128 + signal.SIGTERM
    check_episode_saved()
