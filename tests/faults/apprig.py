"""The app as `voiceaid` builds it (the same `_speaker` and `_diary` as run_assistant), in-process,
with the session clock in the test's hands and a speech log to see what was said."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voiceaid.cli.assistant import _diary, _speaker
from voiceaid.config import Settings
from voiceaid.content import load_content
from voiceaid.core.clock import ManualClock
from voiceaid.ui.app import AppOptions, VoiceaidApp

# A stand-in for pyttsx3 (put on the synthesis worker's PYTHONPATH): its engine writes a short WAV,
# except that `init` raises when $FAKE_TTS_INIT_FAILS is set, and the synthesis loop raises once the
# file $FAKE_TTS_FAIL_FLAG exists (so a test can break it mid-routine). The worker imports pyttsx3
# inside its own process only.
FAKE_PYTTSX3 = '''
import math, os, struct, wave

def init(driver=None):
    if os.environ.get("FAKE_TTS_INIT_FAILS"):
        raise RuntimeError("pyttsx3 could not initialise the espeak driver")
    return Engine()

class Engine:
    def __init__(self):
        self.props = {"voice": "fake", "rate": 150, "volume": 1.0}
        self.job = None
    def getProperty(self, name):
        return self.props[name]
    def setProperty(self, name, value):
        self.props[name] = value
    def connect(self, topic, callback):
        return None
    def save_to_file(self, text, path):
        self.job = (text, path)
    def startLoop(self, use_driver_loop=True):
        text, path = self.job
        flag = os.environ.get("FAKE_TTS_FAIL_FLAG")
        if flag and os.path.exists(flag):
            raise RuntimeError("espeak_Synth failed mid-utterance")
        frames = b"".join(struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(4410))
        with wave.open(path, "wb") as out:
            out.setnchannels(1); out.setsampwidth(2); out.setframerate(22050); out.writeframes(frames)
    def endLoop(self):
        self.job = None
'''


@dataclass
class AppRig:
    app: VoiceaidApp
    clock: ManualClock
    speaker: Any
    diary: Any
    log_path: Path

    def close(self) -> None:
        self.diary.close()
        self.speaker.close()


def build_app(tmp_path: Path, settings: Settings | None = None, **speaker_kwargs: Any) -> AppRig:
    settings = settings or Settings()
    log_path = tmp_path / "speech.jsonl"
    args = argparse.Namespace(speech_log=log_path, no_voice=False)
    content = load_content()
    speaker = _speaker(settings, args, content.text, log_path)
    diary = _diary(content.text)
    clock = ManualClock(1000.0)
    app = VoiceaidApp(content, settings, AppOptions(), clock=clock, speaker=speaker, diary=diary)
    return AppRig(app, clock, speaker, diary, log_path)


def write_fake_pyttsx3(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyttsx3.py").write_text(FAKE_PYTTSX3)
    return folder
