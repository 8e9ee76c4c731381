"""The whole app with broken speech output: guidance stays on screen, one status line says why
nothing is heard, the episode is saved, Q Q exits 0, and voiceaid never talks over itself.

The app is built as `voiceaid` builds it (run_assistant's own `_speaker` and `_diary`, a real
synthesis worker and aplay), in-process and driven by Textual's pilot; the session clock is a
ManualClock. tests/speech/ covers the Speaker alone under the same faults; these tests are about
what a person at 3 a.m. sees and keeps. aplay-missing needs PyAudio, which reads ALSA's
configuration once per process, so that one runs in a child process (tests/faults/runner.py).
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from tests.faults.apprig import AppRig, build_app, write_fake_pyttsx3
from tests.faults.conftest import NO_DEVICE_ASOUNDRC, assert_one_clear_status, diary_episodes
from tests.faults.drive import log_events, speech_overlaps, status_rows, until, visible_status, visible_text

pytestmark = [pytest.mark.slow, pytest.mark.audio]

FIRST = "Straighten your knee"
LEFT = "Straighten your left knee"
LEFT_SAID = "Your left calf."  # what is said after L


async def guided_episode(rig: AppRig, pilot, *words: str, during=None, after_left=None) -> dict:  # type: ignore[no-untyped-def]
    """First instruction -> the degradation on the status line -> L -> check-in -> Q Q. `during` runs
    before L, `after_left` once the left-leg instruction is on screen (before time moves on)."""
    app = rig.app
    await until(pilot, lambda: FIRST in visible_text(app), 20, "the first instruction")
    seen: dict = {}
    if words:
        await until(pilot, lambda: any(w in visible_status(app) for w in words), 30, f"a status line with {words}")
        seen["status"], seen["rows"] = visible_status(app), status_rows(app)
    if during is not None:
        await during(app, pilot)
    await pilot.press("l")
    await until(pilot, lambda: LEFT in visible_text(app), 10, "the left-leg instruction")
    seen["left_screen"] = visible_text(app)
    if after_left is not None:
        await after_left(app, pilot)
    rig.clock.advance(30)
    app.refresh_view()
    await until(pilot, lambda: "Has it eased?" in visible_text(app), 10, "the check-in")
    await until(pilot, lambda: any(e == "start" and "eased" in t for e, t in log_events(rig.log_path)), 20, "the check-in spoken")
    await pilot.press("q")
    await pilot.press("q")
    return seen


def check_saved_and_clean(rig: AppRig, capfd) -> None:  # type: ignore[no-untyped-def]
    rig.close()
    assert rig.app.return_value == 0
    episodes = diary_episodes()
    assert len(episodes) == 1 and episodes[0]["leg"] == "left" and episodes[0]["ended_at"]
    said = [text for event, text in log_events(rig.log_path) if event == "start"]
    assert LEFT_SAID in said, said  # what could not be heard was still "said" (logged)
    assert speech_overlaps(rig.log_path) == []
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


async def test_no_audio_output_device(tmp_path: Path, isolated_home: Path, capfd) -> None:
    """Made for real: ~/.asoundrc makes ALSA's default device card 99, which does not exist, so
    aplay fails on every utterance."""
    (isolated_home / ".asoundrc").write_text(NO_DEVICE_ASOUNDRC)
    rig = build_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        seen = await guided_episode(rig, pilot, "No sound")
    assert_one_clear_status(seen["status"], seen["rows"], "No sound")
    assert rig.speaker.status == "No sound from the speaker — run voiceaid doctor"
    check_saved_and_clean(rig, capfd)


async def test_espeak_ng_data_missing(tmp_path: Path, alsa_files, monkeypatch, capfd) -> None:
    """Made for real, as tests/speech does: ESPEAK_DATA_PATH points espeak-ng (in the synthesis
    worker, which inherits the environment) at an empty directory, so the engine cannot start —
    what a missing espeak-ng install looks like to pyttsx3."""
    empty = tmp_path / "no-espeak-data"
    empty.mkdir()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(empty))
    rig = build_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        seen = await guided_episode(rig, pilot, "Voice unavailable")
    assert_one_clear_status(seen["status"], seen["rows"], "Voice unavailable")
    assert alsa_files.played_bytes() == 0
    check_saved_and_clean(rig, capfd)


async def test_pyttsx3_raising_on_init(tmp_path: Path, alsa_files, monkeypatch, capfd) -> None:
    """Simulated at the pyttsx3 API boundary: a `pyttsx3.py` on the synthesis worker's PYTHONPATH
    whose `init()` raises RuntimeError (what pyttsx3 does when its driver cannot load)."""
    monkeypatch.setenv("PYTHONPATH", str(write_fake_pyttsx3(tmp_path / "fake-tts")))
    monkeypatch.setenv("FAKE_TTS_INIT_FAILS", "1")
    rig = build_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        seen = await guided_episode(rig, pilot, "Voice unavailable")
    assert_one_clear_status(seen["status"], seen["rows"], "Voice unavailable")
    assert rig.speaker.status == "Voice unavailable — guidance continues on screen. Run: voiceaid doctor"
    check_saved_and_clean(rig, capfd)


async def test_pyttsx3_raising_mid_routine(tmp_path: Path, alsa_files, monkeypatch, capfd) -> None:
    """Simulated at the pyttsx3 API boundary: a `pyttsx3.py` on the synthesis worker's PYTHONPATH
    whose engine writes real WAVs until, after the first instruction has played, the test creates a
    flag file; from then on the engine raises inside its synthesis loop (`startLoop`) on every
    utterance. "Your left calf." (after L) cannot be rendered: the status line says there is a voice
    problem, the left-leg instruction stays on screen, and what was rendered before still plays."""
    flag = tmp_path / "break-tts"
    monkeypatch.setenv("PYTHONPATH", str(write_fake_pyttsx3(tmp_path / "fake-tts")))
    monkeypatch.setenv("FAKE_TTS_FAIL_FLAG", str(flag))
    rig = build_app(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        app = rig.app
        await until(pilot, lambda: FIRST in visible_text(app) and alsa_files.played_bytes() > 0, 20, "first instruction played")
        await until(pilot, lambda: not rig.speaker.busy, 20, "quiet")
        flag.write_text("")
        await pilot.press("l")
        await until(pilot, lambda: LEFT in visible_text(app), 10, "the left-leg instruction")
        await until(pilot, lambda: "Voice problem" in visible_status(app), 20, "the voice problem on the status line")
        assert_one_clear_status(visible_status(app), status_rows(app), "Voice problem")
        assert LEFT in visible_text(app)
        rig.clock.advance(30)
        app.refresh_view()
        await until(pilot, lambda: "Has it eased?" in visible_text(app), 10, "the check-in")
        await pilot.press("q")
        await pilot.press("q")
    assert "mid-utterance" in (rig.speaker._synth.last_error or "")
    check_saved_and_clean(rig, capfd)


async def test_synthesis_worker_killed_mid_routine(tmp_path: Path, alsa_files, capfd) -> None:
    """Made for real: the synthesis worker process is sent SIGKILL after the first instruction has
    played. It is restarted: the left-leg instruction after L is rendered by a new worker and played,
    the routine goes on, and no degradation is left on the status line."""
    rig = build_app(tmp_path)
    killed: dict = {}

    async def kill_worker(app, pilot):  # type: ignore[no-untyped-def]
        synth = rig.speaker._synth
        await until(pilot, lambda: alsa_files.played_bytes() > 0 and synth.worker_pid is not None, 30, "the first utterance played")
        await until(pilot, lambda: not rig.speaker.busy, 20, "quiet")
        killed["pid"] = synth.worker_pid
        killed["played"] = alsa_files.played.stat().st_mtime_ns  # aplay rewrites the file per utterance
        os.kill(killed["pid"], signal.SIGKILL)

    async def left_instruction_played(app, pilot):  # type: ignore[no-untyped-def]
        # Waited for here, before the check-in and Q cut it off: on a loaded machine the new worker's
        # first render could take longer than the test's key presses (aplay truncates the file as it
        # opens it, so wait for bytes too).
        played = lambda: alsa_files.played.stat().st_mtime_ns > killed["played"] and alsa_files.played_bytes() > 0  # noqa: E731
        await until(pilot, played, 20, "speech after the kill")

    async with rig.app.run_test(size=(80, 24)) as pilot:
        seen = await guided_episode(rig, pilot, during=kill_worker, after_left=left_instruction_played)
        new_pid = rig.speaker._synth.worker_pid
    assert new_pid is not None and new_pid != killed["pid"]
    assert "Voice unavailable" not in (rig.speaker.status or "")
    assert LEFT in seen["left_screen"]
    check_saved_and_clean(rig, capfd)


async def test_degradation_stays_visible_while_the_microphone_listens(tmp_path: Path, isolated_home: Path, capfd) -> None:
    """No audio device (made for real, as above) and a microphone that listens as a real one does:
    simulated at the Listener boundary by an object whose `listen_once` waits its whole timeout in
    silence (a file-backed ALSA capture has no clock and returns at once). Listening turns then fill
    the routine; the "No sound" line must still be visible while they run."""
    from voiceaid.listen.heard import Heard
    from voiceaid.ui.voice_input import VoiceInput

    (isolated_home / ".asoundrc").write_text(NO_DEVICE_ASOUNDRC)
    stop = threading.Event()

    class SilentRoom:
        def listen_once(self, expect=None, timeout=6.0, phrase_time_limit=4.0):  # type: ignore[no-untyped-def]
            stop.wait(timeout)
            return Heard("unknown")

    rig = build_app(tmp_path)
    rig.app.voice = VoiceInput(rig.app, SilentRoom(), rig.app.settings.listen_timeout)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        app = rig.app
        await until(pilot, lambda: rig.speaker.status is not None and "No sound" in rig.speaker.status, 30, "no sound known")
        await until(pilot, lambda: app.voice.busy, 10, "a listening turn")
        await pilot.pause(0.3)
        visible = visible_status(app)
        stop.set()
        await pilot.press("q")
        await pilot.press("q")
    rig.close()
    assert "No sound" in visible, f"while listening the status line shows {visible!r}"


@pytest.mark.slow
@pytest.mark.audio
def test_aplay_missing_falls_back_to_pyaudio(run_child, alsa_files, tmp_path: Path) -> None:
    """Made for real: PATH holds no `aplay` (an empty directory), so the player falls back to
    PyAudio in-process; in a child process, so ALSA reads this test's file-backed device. The
    instruction is still heard (bytes reach the ALSA file) and no speech degradation is shown."""
    empty = tmp_path / "no-aplay-bin"
    empty.mkdir()
    run = run_child("routine", "--no-mic", env={"PATH": str(empty), "RUNNER_EXPECT": "Microphone off"})
    assert "Straighten your left knee" in run.last_screen
    assert "No sound" not in run.last_status and "Voice unavailable" not in run.last_status
    assert alsa_files.played_bytes() > 0
    assert run.report["exit_code"] == 0
    assert "Traceback" not in run.stderr + run.last_screen
