"""The app answering the checklist by voice: real speech through the real SpeechRecognition
`Microphone` on an ALSA capture device backed by a file, decoded by the app's recogniser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tuning import corpus

RUNNER = Path(__file__).with_name("voice_runner.py")
REPO = Path(__file__).resolve().parents[2]


def say_into_mic(alsa_files, text: str | None, seconds_after: float = 2.0) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    parts = [np.zeros(16000)]
    if text is not None:
        spoken = corpus.synthesize(text, "en-us+m5", 150, 50)
        parts.append(spoken * 0.5 / np.abs(spoken).max())
    parts.append(np.zeros(int(16000 * seconds_after)))
    signal = corpus.add_noise(np.concatenate(parts), "clean", rng)
    alsa_files.mic.write_bytes(np.round(signal * 32767).astype("<i2").tobytes())


def run_app(tmp_path: Path, mode: str = "check") -> dict:
    out = tmp_path / "result.json"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    completed = subprocess.run([sys.executable, str(RUNNER), mode, str(out)], env=env, capture_output=True, text=True, timeout=90)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr
    return json.loads(out.read_text())


@pytest.mark.audio
@pytest.mark.slow
def test_a_spoken_yes_to_chest_pain_ends_in_the_emergency_outcome(alsa_files, tmp_path):
    say_into_mic(alsa_files, "yes")
    result = run_app(tmp_path)
    assert result["problem"] is None, result
    assert result["answers"] == {"chest_or_breath": "yes"}, result
    assert result["disposition"] == "emergency"
    assert any("Heard" in line for line in result["heard"])
    assert "Say 'emergency' or press E." in result["safety_note"]  # it hears: voice is offered too


@pytest.mark.audio
@pytest.mark.slow
def test_silence_is_never_taken_for_an_answer_and_falls_back_to_the_keys(alsa_files, tmp_path):
    say_into_mic(alsa_files, None, seconds_after=4.0)
    result = run_app(tmp_path)
    assert result["answers"] == {}, result
    assert result["phase"] == "checklist"
    assert result["keyboard_only"]  # asked once more, then waits for a key; never "no"


@pytest.mark.audio
@pytest.mark.slow
def test_a_spoken_no_to_an_emergency_question_is_read_back_first(alsa_files, tmp_path):
    say_into_mic(alsa_files, "no")
    result = run_app(tmp_path)
    assert result["answers"] == {}, result  # not taken yet: "I heard no. Is that right?"
    assert result["confirming"], result
    assert any("Heard" in line for line in result["heard"])
