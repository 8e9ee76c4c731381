"""Playback through ALSA devices backed by files (aplay), the PyAudio fallback, and no device at all."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from voiceaid.speech.player import DONE, FAILED, Player
from voiceaid.speech.synth import Synth

pytestmark = [pytest.mark.audio, pytest.mark.slow]

BAD_DEVICE = 'pcm.!default { type hw; card 29 }\n'


@pytest.fixture
def speech_wav() -> Path:
    synth = Synth()
    try:
        path = synth.render("Breathe slowly and relax the muscle.", "", 150)
    finally:
        synth.close()
    assert path is not None
    return path


def frames_of(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")


def test_aplay_plays_the_whole_file(alsa_files, speech_wav: Path, capfd) -> None:
    player = Player()
    assert player.backend == "aplay"
    playback = player.play(speech_wav, 1.0)
    assert playback is not None and playback.wait() == DONE
    played = np.frombuffer(alsa_files.played.read_bytes(), dtype="<i2")
    original = frames_of(speech_wav)
    # ALSA pads the last period with silence.
    assert np.array_equal(played[: len(original)], original) and not played[len(original) :].any()
    assert capfd.readouterr() == ("", "")


def test_volume_scales_the_samples(alsa_files, speech_wav: Path) -> None:
    playback = Player().play(speech_wav, 0.5)
    assert playback is not None and playback.wait() == DONE
    played = np.frombuffer(alsa_files.played.read_bytes(), dtype="<i2").astype(np.int32)
    original = frames_of(speech_wav).astype(np.int32)
    assert np.abs(played[: len(original)] * 2 - original).max() <= 2


def test_aplay_failing_is_a_result_with_a_reason_not_an_exception(alsa_files, speech_wav: Path, capfd) -> None:
    (alsa_files.home / ".asoundrc").write_text(BAD_DEVICE)
    playback = Player().play(speech_wav, 1.0)
    assert playback is not None
    assert playback.wait() == FAILED
    assert playback.problem is not None and playback.problem.startswith("aplay failed:")
    assert "\n" not in playback.problem
    assert capfd.readouterr() == ("", "")


def run_say_without_aplay(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir(exist_ok=True)
    env = dict(os.environ, PATH=str(empty_bin))  # no aplay (nor anything else) on PATH
    return subprocess.run([sys.executable, "-m", "voiceaid", "say", text], capture_output=True, text=True, env=env, timeout=60)


def test_without_aplay_pyaudio_plays_instead(alsa_files, tmp_path: Path) -> None:
    result = run_say_without_aplay(tmp_path, "Played by PortAudio.")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")  # ALSA/PortAudio chatter silenced
    assert alsa_files.played_bytes() > 10000


def test_without_aplay_or_device_the_error_is_one_clean_line(alsa_files, tmp_path: Path) -> None:
    (alsa_files.home / ".asoundrc").write_text(BAD_DEVICE)
    result = run_say_without_aplay(tmp_path, "Nobody hears this.")
    assert result.returncode == 2
    assert result.stderr.startswith("voiceaid: say: no sound: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_say_plays_through_aplay(alsa_files) -> None:
    result = subprocess.run([sys.executable, "-m", "voiceaid", "say", "Hello."], capture_output=True, text=True, env=os.environ, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert alsa_files.played_bytes() > 10000
