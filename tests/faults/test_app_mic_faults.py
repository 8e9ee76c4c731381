"""The whole app with a broken microphone: guidance goes on by keys, one status line says so.

Each test runs the real start-up (`voiceaid` -> run_assistant, with a real Listener, Speaker and
diary) in a child process driven by Textual's pilot (tests/faults/runner.py): ALSA reads ~/.asoundrc
once per process and a missing module is missing for the whole interpreter, so these faults cannot
share the test process.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.faults.conftest import NO_MIC_ASOUNDRC, assert_one_clear_status, diary_episodes

pytestmark = [pytest.mark.slow, pytest.mark.audio]


def check_left_leg_episode_saved(exit_code: int) -> None:
    assert exit_code == 0
    episodes = diary_episodes()
    assert len(episodes) == 1
    assert episodes[0]["leg"] == "left" and episodes[0]["ended_at"]


def test_no_microphone(run_child, isolated_home) -> None:
    """Made for real: ~/.asoundrc points capture at ALSA card 99, which does not exist (playback goes
    to a file). The first listening turn cannot open the microphone: keys only, said once."""
    (isolated_home / ".asoundrc").write_text(NO_MIC_ASOUNDRC.format(played=isolated_home / "played.raw"))
    run = run_child("routine", env={"RUNNER_EXPECT": "Microphone off"})
    assert "Straighten your left knee" in run.last_screen
    assert_one_clear_status(run.last_status, run.report["status_rows"][-1], "Microphone off")
    assert "Traceback" not in run.stderr + run.last_screen
    check_left_leg_episode_saved(run.report["exit_code"])


def test_pyaudio_missing(run_child, isolated_home, alsa_files, tmp_path) -> None:
    """Simulated at the import boundary: a directory on PYTHONPATH holds a `pyaudio.py` that raises
    ImportError, exactly what `import pyaudio` does when the package is not installed (uninstalling
    it from the shared virtualenv is not an option). Speech still plays through aplay."""
    fake = tmp_path / "no-pyaudio"
    fake.mkdir()
    (fake / "pyaudio.py").write_text('raise ImportError("No module named \'pyaudio\'")\n')
    run = run_child("routine", env={"PYTHONPATH": str(fake), "RUNNER_EXPECT": "Microphone off"})
    assert "Straighten your left knee" in run.last_screen
    assert_one_clear_status(run.last_status, run.report["status_rows"][-1], "Microphone off")
    assert "PyAudio" not in run.last_screen  # the system's words are in voiceaid's log, not on screen
    assert "PyAudio" in (isolated_home / ".local" / "state" / "voiceaid" / "log" / "voiceaid.log").read_text()
    assert "Traceback" not in run.stderr + run.last_screen
    check_left_leg_episode_saved(run.report["exit_code"])


def test_microphone_vanishing_mid_listen(run_child, isolated_home, alsa_files) -> None:
    """Simulated at the narrowest boundary (a file-backed ALSA device cannot be unplugged): after
    the room has been measured, PyAudio's stream read raises OSError -9999 "Unanticipated host
    error", what PortAudio raises when a USB microphone is pulled out (see runner.py, `vanish`).
    The mic file holds quiet noise so the listening turn is really reading when it fails."""
    rng = np.random.default_rng(7)
    alsa_files.mic.write_bytes((rng.standard_normal(16000 * 20) * 30).astype("<i2").tobytes())
    run = run_child("vanish", env={"RUNNER_EXPECT": "Microphone off"})
    assert "Straighten your left knee" in run.last_screen
    # It listened until the microphone went: from then on the screen offers only the keys.
    assert "pale leg? Press E." in run.last_screen and "Say 'emergency'" not in run.last_screen
    assert_one_clear_status(run.last_status, run.report["status_rows"][-1], "Microphone off")
    assert "Traceback" not in run.stderr + run.last_screen
    check_left_leg_episode_saved(run.report["exit_code"])


def test_a_microphone_that_only_hears_noise_never_answers(run_child, isolated_home, alsa_files) -> None:
    """Made for real: the ALSA capture device reads a file of white noise (numpy): quiet for the
    room measurement, then loud bursts, so the phrase detector does fire and the recogniser is
    handed noise to decode. Listening turns run on the checklist's first question; none may
    become an answer: the question stays open, nothing is recorded, then the app waits for a key."""
    rng = np.random.default_rng(1)
    seconds = 30
    gain = np.full(16000 * seconds, 30.0)
    for start in np.arange(1.0, seconds, 1.5):  # 0.8 s bursts of loud noise every 1.5 s
        gain[int(start * 16000) : int((start + 0.8) * 16000)] = 6000.0
    noise = (rng.standard_normal(16000 * seconds) * gain).clip(-32767, 32767).astype("<i2")
    alsa_files.mic.write_bytes(noise.tobytes())
    run = run_child("noise")
    report = run.report
    assert report["turns"] >= 1, "the microphone was never listened to"
    assert report["answers"] == {}
    assert report["phase"] == "checklist" and report["current_question"] == report["first_question"]
    assert all(intent not in ("yes", "no", "unsure") for intent, _ in report.get("heard", []))
    assert "Chest pain" in run.last_screen  # the first safety question is still on screen
    assert "Traceback" not in run.stderr + run.last_screen
    assert report["exit_code"] == 0
    episodes = diary_episodes()
    assert len(episodes) == 1 and episodes[0]["answers"] == {}
