"""Real synthesis with pyttsx3 + espeak-ng in the worker process: WAVs, the cache, worker faults."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from voiceaid.speech.synth import Synth, speech_cache_dir

pytestmark = pytest.mark.slow


def wav_samples(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        return params, np.frombuffer(wav.readframes(params.nframes), dtype="<i2")


def run_say(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voiceaid", "say", *args], capture_output=True, text=True, env=os.environ, timeout=60
    )


def test_say_to_file_writes_a_valid_non_silent_wav(tmp_path: Path) -> None:
    target = tmp_path / "x.wav"
    result = run_say("Stretch your calf gently.", "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""  # nothing from pyttsx3 or espeak leaks out
    params, samples = wav_samples(target)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    assert params.nframes / params.framerate > 0.5
    assert int(np.abs(samples.astype(np.int32)).max()) > 1000


def test_rate_changes_the_length(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    text = "One two three four five six seven eight nine ten."
    assert run_say(text, "--rate", "100", "--to", str(slow)).returncode == 0
    assert run_say(text, "--rate", "250", "--to", str(fast)).returncode == 0
    assert wav_samples(slow)[0].nframes > 1.5 * wav_samples(fast)[0].nframes


def test_cli_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = run_say("hello", "--to", str(tmp_path / "missing" / "x.wav"))
    assert result.returncode == 2
    assert result.stderr.startswith("voiceaid: say: cannot write") and result.stderr.count("\n") == 1
    result = run_say("hello", "--voice", "no-such-voice", "--to", str(tmp_path / "v.wav"))
    assert result.returncode == 2 and "unknown voice 'no-such-voice'" in result.stderr
    assert "Traceback" not in result.stderr
    # espeak-ng gives up past about 20,000 characters (its worker exits): a clear limit instead
    result = run_say("word " * 2001, "--to", str(tmp_path / "long.wav"))
    assert result.returncode == 2
    assert result.stderr == "voiceaid: say: TEXT is 10005 characters long; give at most 10000 (about ten minutes of speech)\n"
    assert not (tmp_path / "long.wav").exists()


def test_cache_hit_is_instant_and_lives_under_the_cache_dir(capfd) -> None:
    synth = Synth()
    try:
        first = synth.render("Has it eased?", "", 150)
        assert first is not None and first.parent == speech_cache_dir()
        started = time.perf_counter()
        again = synth.render("Has it eased?", "", 150)
        elapsed = time.perf_counter() - started
        assert again == first and elapsed < 0.01
        assert synth.render("Has it eased?", "", 180) != first  # the rate is part of the key
    finally:
        synth.close()
    assert capfd.readouterr() == ("", "")


def test_prerender_fills_the_cache_in_the_background(wait_until) -> None:
    synth = Synth()
    texts = ["Massage the muscle.", "Walk a few steps.", "Apply warmth."]
    try:
        synth.prerender(texts, "", 150)
        assert wait_until(lambda: all(synth.cached(t, "", 150) for t in texts), timeout=30)
    finally:
        synth.close()


def test_worker_killed_with_sigkill_is_replaced_and_the_next_utterance_renders(capfd) -> None:
    synth = Synth()
    try:
        assert synth.render("Stretch your left calf.", "", 150) is not None
        pid = synth.worker_pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        path = synth.render("Now the right calf.", "", 150)
        assert path is not None and path.stat().st_size > 1000
        assert synth.worker_pid not in (None, pid)
        assert synth.unavailable is None
    finally:
        synth.close()
    assert capfd.readouterr() == ("", "")


def test_missing_espeak_data_makes_the_voice_unavailable_with_a_reason(tmp_path: Path, monkeypatch, capfd) -> None:
    """Simulated at the narrowest real boundary: espeak-ng's data directory.

    ESPEAK_DATA_PATH points espeak-ng (inside the worker, which inherits the environment) at an empty
    `espeak-ng-data` folder, as on a machine where the data package is missing. espeak-ng then prints
    an error and exits the process during initialisation; nothing in voiceaid is patched.
    """
    (tmp_path / "espeak-ng-data").mkdir()
    monkeypatch.setenv("ESPEAK_DATA_PATH", str(tmp_path))
    synth = Synth()
    try:
        assert synth.render("Hello.", "", 150) is None
        assert synth.unavailable is not None and "\n" not in synth.unavailable
        assert "speech engine" in synth.unavailable
        started = time.perf_counter()
        assert synth.render("Again.", "", 150) is None  # given up on: no restart storm
        assert time.perf_counter() - started < 0.05
    finally:
        synth.close()
    assert capfd.readouterr() == ("", "")
    result = run_say("Hello.", "--to", str(tmp_path / "x.wav"))
    assert result.returncode == 2 and result.stderr.startswith("voiceaid: say: voice unavailable: ")


def test_worker_killed_while_a_request_is_pending_is_replaced_and_the_request_retried(capfd) -> None:
    """Deterministic "mid-utterance": the worker is frozen (SIGSTOP) so the request is certainly in
    flight when SIGKILL arrives."""
    import threading

    synth = Synth()
    try:
        assert synth.render("Warm up.", "", 150) is not None
        pid = synth.worker_pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        result: list = []
        thread = threading.Thread(target=lambda: result.append(synth.render("Keep breathing slowly.", "", 150)))
        thread.start()
        thread.join(0.3)
        assert thread.is_alive()  # waiting on the frozen worker
        os.kill(pid, signal.SIGKILL)
        thread.join(30)
        assert result and result[0] is not None and result[0].stat().st_size > 1000
        assert synth.worker_pid not in (None, pid)
    finally:
        synth.close()
    assert capfd.readouterr() == ("", "")
