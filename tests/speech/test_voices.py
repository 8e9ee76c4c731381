"""A voice setting is never silent: names as `espeak-ng --voices` lists them (its language column,
"en-gb"), voice names and file ids all speak; an unknown voice is refused when set, and at run time
falls back to the default voice with one line on screen. Real pyttsx3 + espeak-ng."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from voiceaid.config import Settings
from voiceaid.speech import Speaker, SpeechLog
from voiceaid.speech.synth import Synth
from voiceaid.speech.voices import Voice, resolve

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
VOICES = (
    Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
    Voice("gmw/en-us", "English (America)", ("en-us",)),
    Voice("gmw/en-gb-x-rp", "English (Received Pronunciation)", ("en-gb-x-rp",)),
)


@pytest.mark.parametrize(
    ("wanted", "engine_voice"),
    [
        ("", ""),
        ("en-gb", "gmw/en"),  # espeak-ng --voices: the language column
        ("EN-GB", "gmw/en"),
        ("en", "gmw/en"),  # the file's own name
        ("gmw/en-us", "gmw/en-us"),
        ("English (America)", "gmw/en-us"),
        ("English_(Great_Britain)", "gmw/en"),  # as espeak-ng --voices prints names
        ("en-gb+whisper", "gmw/en+whisper"),  # a variant is kept
        ("no-such-voice", None),
        ("+whisper", None),
    ],
)
def test_resolve(wanted: str, engine_voice: str | None) -> None:
    assert resolve(wanted, VOICES) == engine_voice


def wav_loud(path: Path) -> bool:
    with wave.open(str(path), "rb") as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    return len(samples) > 5000 and int(np.abs(samples.astype(np.int32)).max()) > 1000


@pytest.mark.parametrize("voice", ["en-gb", "en-us", "English (Great Britain)", "gmw/en-gb-x-rp", "en-gb+whisper"])
def test_each_way_of_naming_a_voice_speaks(tmp_path: Path, voice: str) -> None:
    synth = Synth(tmp_path / "cache")
    try:
        wav = synth.render("Stretch your calf.", voice, 150)
        assert wav is not None, synth.last_error
        assert wav_loud(wav) and synth.unknown_voice(voice) is False
    finally:
        synth.close()


def test_an_unknown_voice_speaks_with_the_default_voice_and_says_so(alsa_files, tmp_path: Path, wait_until) -> None:
    speaker = Speaker(Settings(voice="no-such-voice"), SpeechLog(tmp_path / "speech.jsonl"))
    try:
        speaker.say("Stretch your calf.", "instruction")
        assert wait_until(lambda: not speaker.busy and speaker.status is not None, timeout=30)
        assert alsa_files.played_bytes() > 10000  # heard, in the default voice
        assert speaker.status == "Voice no-such-voice not found — speaking with the default voice"
    finally:
        speaker.close()


def config(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceaid", "config", *args], capture_output=True, text=True, cwd=REPO, env=os.environ, timeout=60)


def test_config_set_voice_checks_the_engine_list() -> None:
    result = config("set", "voice", "en-gb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("voice = en-gb")
    result = config("set", "voice", "no-such-voice")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("voiceaid: config set: voice: 'no-such-voice' is not a voice the speech engine has")
    assert "en-gb" in result.stderr  # what to use instead
    assert "voice: en-gb" in config("show").stdout  # the good value was kept
    assert config("set", "voice", "").returncode == 0  # back to the default: always allowed
