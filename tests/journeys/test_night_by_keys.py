"""A whole night by keys, as a person lives it: the real `voiceaid` command in a tmux terminal, speech
played into an ALSA file device, keys sent one at a time after the screen shows what they answer.
The saved episode is read back with `voiceaid diary list --json`, as a person (or their doctor) would.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.faults.conftest import diary_episodes
from tests.faults.drive import wait_for
from tests.faults.tmuxrig import TmuxApp

pytestmark = [pytest.mark.slow, pytest.mark.audio]

QUESTION = re.compile(r"Question (\d+) of (\d+)")


@pytest.fixture
def terminal(tmp_path: Path, alsa_files):
    rig = TmuxApp(folder=tmp_path, home=alsa_files.home)
    yield rig
    rig.kill()


def press(terminal: TmuxApp, key: str, then: str, timeout: float = 20.0) -> str:
    """Press `key` and wait until the screen shows `then`; returns the screen."""
    terminal.keys(key)
    assert terminal.wait_screen(then, timeout), f"after {key!r} expected {then!r}:\n{terminal.screen()}"
    return terminal.screen()


def question_number(screen: str) -> int | None:
    found = QUESTION.search(screen)
    return int(found.group(1)) if found else None


def answer_current(terminal: TmuxApp, key: str) -> str:
    """Answer the question on screen and wait for the next screen (another question, or the outcome)."""
    before = terminal.screen()
    number = question_number(before)
    assert number is not None, before
    terminal.keys(key)
    assert wait_for(lambda: question_number(terminal.screen()) != number or "Question" not in terminal.screen(), 20, poll=0.1), terminal.screen()
    return terminal.screen()


def test_a_whole_night_by_keys_is_saved_as_lived(terminal: TmuxApp) -> None:
    terminal.start("--no-mic")
    assert terminal.wait_screen("Straighten your knee", 60), terminal.screen()
    press(terminal, "l", "Straighten your left knee")  # which leg: left
    press(terminal, "space", "PAUSED")
    terminal.keys("space")
    assert wait_for(lambda: "PAUSED" not in terminal.screen(), 10, poll=0.1), terminal.screen()
    press(terminal, "n", "Has it eased?")  # the stretch done: the check-in
    terminal.keys("n")  # not yet: another round
    assert wait_for(lambda: "Has it eased?" not in terminal.screen(), 10, poll=0.1), terminal.screen()
    press(terminal, "n", "Has it eased?")
    screen = press(terminal, "y", "Question 1 of")  # eased: the safety questions
    assert "Chest pain" in screen

    # One slip on the way: Y to a "today" question by mistake, then back and no.
    answered_yes_by_mistake = False
    while question_number(terminal.screen()) is not None:
        screen = terminal.screen()
        if not answered_yes_by_mistake and "swollen" in screen:
            number = question_number(screen)
            answer_current(terminal, "y")
            terminal.keys("b")
            assert wait_for(lambda: question_number(terminal.screen()) == number, 10, poll=0.1), terminal.screen()
            answered_yes_by_mistake = True
        answer_current(terminal, "n")
    assert answered_yes_by_mistake, "the swelling question was never asked"
    assert terminal.wait_screen("Self-care", 20), terminal.screen()

    # Change an answer from the outcome: the last question comes back, answered no again.
    screen = press(terminal, "c", "Question")
    answer_current(terminal, "n")
    assert terminal.wait_screen("Self-care", 20), terminal.screen()

    terminal.keys("q")
    terminal.keys("q")
    assert terminal.exit_code(20) == 0
    assert "Traceback" not in terminal.terminal_output()

    episodes = diary_episodes()
    assert len(episodes) == 1, episodes
    episode = episodes[0]
    assert episode["leg"] == "left" and episode["site"] == "calf"
    assert episode["disposition"] == "self_care" and episode["ended_at"]
    assert episode["steps_done"] >= 2 and episode["eased_after_s"] is not None
    assert episode["answers"] and set(episode["answers"].values()) == {"no"}, episode["answers"]
    assert "one_leg_swollen" in episode["answers"]


def test_an_emergency_at_once_by_key_shows_the_number_and_is_saved(terminal: TmuxApp) -> None:
    terminal.start("--no-mic")
    assert terminal.wait_screen("Straighten your knee", 60), terminal.screen()
    screen = press(terminal, "e", "EMERGENCY")
    assert "112" in screen
    terminal.keys("q")
    terminal.keys("q")
    assert terminal.exit_code(20) == 0
    episodes = diary_episodes()
    assert len(episodes) == 1 and episodes[0]["disposition"] == "emergency", episodes
