"""The live loop in small: the real app answers red-flag questions spoken into a real-time microphone.

A private PulseAudio daemon's pipe source is the microphone, fed at real-time pace (tests/live/
pulsemic.py); the app is `voiceaid check` as a user starts it, in a child process (night.py); a
simulated person answers each question the moment it ends or a little later (0.2-1 s), in a voice of
the test split, and confirms each "I heard no. Is that right?". The answers must be heard - first
time or after one re-ask - and saved: before the Listener kept its stream open, answers given within
half a second of the prompt were cut or missed (scripts/bench --only live measures whole nights).
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests.live import plans
from tests.live.pulsemic import PulseMic, missing_tools
from tuning import corpus

pytestmark = [pytest.mark.audio, pytest.mark.slow]

VOICE = "en-us+f2"  # a test-split voice: never one the recogniser was tuned on
SAID = {"no": ["no", "nope"], "yes": ["yes", "yeah"]}


def clip(folder: Path, text: str) -> str:
    rng = np.random.default_rng(zlib.crc32(text.encode()))
    path = folder / f"{'-'.join(text.split())}.wav"
    corpus.write_wav(path, corpus.add_noise(corpus.place(corpus.synthesize(text, VOICE, 160, 50), rng, -6.0), "clean", rng))
    return str(path)


def test_spoken_noes_to_red_flag_questions_are_heard_confirmed_and_saved(tmp_path: Path) -> None:
    if missing_tools() or shutil.which("espeak-ng") is None:
        pytest.skip(f"needs {', '.join(missing_tools() or ['espeak-ng'])} for a real-time microphone")
    clips = {intent: [clip(tmp_path, text) for text in texts] for intent, texts in SAID.items()}
    mic = PulseMic(tmp_path, "quiet", -70.0)
    try:
        night = plans.plan(clips, {}, (0.2, 0.5, 0.2, 1.0), max_turns=4, deadline_s=100)
        report = plans.run_night(mic, night, tmp_path, mode="check", timeout=180, settings="speech_rate: 190")
    finally:
        mic.close()
    assert not report.get("error"), report.get("error")
    turns = [(t["kind"], t["id"], t["result"]) for t in report["turns"]]
    assert [turn[:2] for turn in turns] == [
        ("question", "chest_or_breath"),
        ("readback", "chest_or_breath"),
        ("question", "cold_pale_leg"),
        ("readback", "cold_pale_leg"),
    ], report["turns"]
    assert all(result in ("right1", "right2") for _, _, result in turns), report["turns"]
    assert report["answers"] == {"chest_or_breath": "no", "cold_pale_leg": "no"}
