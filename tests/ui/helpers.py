"""Build a real app for pilot tests: real content, a real speech log, a real SQLite diary, a manual clock."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from voiceaid.config import Settings
from voiceaid.content import load_content
from voiceaid.content.models import Content
from voiceaid.core.clock import ManualClock
from voiceaid.diary.safe import SafeDiary
from voiceaid.diary.writer import DiaryWriter
from voiceaid.speech.speaker import Speaker
from voiceaid.speech.speech_log import SpeechLog
from voiceaid.ui.app import AppOptions, VoiceaidApp


@dataclass
class Rig:
    app: VoiceaidApp
    clock: ManualClock
    log_path: Path
    diary_path: Path
    speaker: Speaker
    started: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def on_speech(self, kind: str, event: str, text: str) -> None:
        """The speaker's event hook (its own thread): count each utterance that starts."""
        if event == "start":
            self.started.release()

    async def wait_for_speech(self, count: int, timeout: float = 5.0) -> None:
        """Wait, bounded, until `count` utterances have started (the speaker logs on its own thread)."""
        for _ in range(count):
            got = await asyncio.to_thread(self.started.acquire, True, timeout)
            assert got, f"expected {count} utterances, got {self.said()}"
        for _ in range(count):
            self.started.release()  # leave the count as it was for later waits

    async def wait_for_kind(self, kind: str, timeout: float = 5.0) -> None:
        """Wait, bounded, until an utterance of `kind` has started.

        For when a key pre-empts speech still queued: whether the utterances before it started first
        depends on the speaker thread's timing, so counting them would be a race."""
        taken = 0
        try:
            while not self.texts(kind):
                got = await asyncio.to_thread(self.started.acquire, True, timeout)
                assert got, f"expected a {kind!r} utterance, got {self.said()}"
                taken += 1
        finally:
            for _ in range(taken):
                self.started.release()  # leave the count as it was for later waits

    def said(self, event: str = "start") -> list[dict]:
        if not self.log_path.exists():
            return []
        lines = [json.loads(line) for line in self.log_path.read_text().splitlines() if line.strip()]
        return [line for line in lines if line["event"] == event]

    def texts(self, kind: str | None = None) -> list[str]:
        return [line["text"] for line in self.said() if kind is None or line["kind"] == kind]


# The time of day every rig's app sees: the idle clock and the tip of the night are the same whatever
# the date the tests run on (snapshots, screenshots).
WALL_CLOCK = datetime(2026, 11, 24, 3, 12)


def make_rig(
    tmp_path: Path, mode: str = "relief", theme: str = "night", kiosk: bool = False, settings: Settings | None = None, content: Content | None = None
) -> Rig:
    clock = ManualClock(1000.0)
    log_path = tmp_path / "speech.jsonl"
    diary_path = tmp_path / "diary.sqlite3"
    settings = replace(settings or Settings(), theme=theme)
    speaker = Speaker(settings, SpeechLog(log_path, clock=clock, launched_at=clock()), clock=clock, enabled=False)
    diary = DiaryWriter(lambda: SafeDiary.open(diary_path))
    app = VoiceaidApp(content or load_content(), settings, AppOptions(mode=mode, kiosk=kiosk), clock=clock, speaker=speaker, diary=diary,
                      wall_clock=lambda: WALL_CLOCK)  # fmt: skip
    rig = Rig(app, clock, log_path, diary_path, speaker)
    speaker.on_event = rig.on_speech
    return rig
