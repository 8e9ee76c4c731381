"""Setting keys change the voice or the text, never the night (issue 25, item 7): louder, quieter,
faster, slower, mute and text size do not silence the instruction for good nor drop the leg question
queued behind it; what is being said starts again at the new setting.

The real app, the real Speaker and its queue policy; only the sound card is stood in for, by a player
whose playback lasts until it is stopped or let finish (so "being said" is a state the test holds).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.faults.drive import until
from tests.ui.helpers import Rig
from voiceaid.config import Settings
from voiceaid.content import load_content
from voiceaid.core.clock import ManualClock
from voiceaid.diary.safe import SafeDiary
from voiceaid.diary.writer import DiaryWriter
from voiceaid.speech.player import DONE, STOPPED
from voiceaid.speech.speaker import Speaker
from voiceaid.speech.speech_log import SpeechLog
from voiceaid.ui.app import AppOptions, VoiceaidApp


class HeldPlayback:
    def __init__(self, player: "HoldingPlayer") -> None:
        self.ended = threading.Event()
        self.result = DONE
        self.player = player

    def stop(self) -> None:
        self.result = STOPPED
        self.ended.set()

    def wait(self) -> str:
        self.ended.wait(10)
        return self.result


@dataclass
class HoldingPlayer:
    """A speaker that keeps sounding until stopped or `finish`ed: the sound card's stand-in."""

    playing: list[HeldPlayback] = field(default_factory=list)
    problem: str | None = None

    def play(self, wav: Path, volume: float) -> HeldPlayback:
        playback = HeldPlayback(self)
        self.playing.append(playback)
        return playback

    def finish(self) -> None:
        self.playing[-1].ended.set()

    def close(self) -> None:
        for playback in self.playing:
            playback.ended.set()


class PathSynth:
    """Renders nothing: every text "is" a WAV path, so the Speaker's own thread and policy run as in use."""

    def start(self) -> None: ...
    def render(self, text: str, voice: str, rate: int) -> Path:
        return Path(f"/nonexistent/{rate}.wav")

    def prerender(self, texts: list[str], voice: str, rate: int) -> None: ...
    def close(self) -> None: ...


def make_held_rig(tmp_path: Path, kiosk: bool = False) -> tuple[Rig, HoldingPlayer]:
    clock = ManualClock(1000.0)
    log_path = tmp_path / "speech.jsonl"
    player = HoldingPlayer()
    speaker = Speaker(Settings(), SpeechLog(log_path, clock=clock, launched_at=clock()), clock=clock, synth=PathSynth(), player=player)  # type: ignore[arg-type]
    diary = DiaryWriter(lambda: SafeDiary.open(tmp_path / "diary.sqlite3"))
    app = VoiceaidApp(load_content(), Settings(), AppOptions(kiosk=kiosk), clock=clock, speaker=speaker, diary=diary)
    rig = Rig(app, clock, log_path, tmp_path / "diary.sqlite3", speaker)
    speaker.on_event = rig.on_speech
    return rig, player


SPEAKER_WAIT = 5.0  # seconds for the speaker's own thread to report an event


def events(rig: Rig) -> list[tuple[str, str]]:
    import json

    lines = [json.loads(line) for line in rig.log_path.read_text().splitlines() if line.strip()] if rig.log_path.exists() else []
    return [(line["event"], line["kind"]) for line in lines]


@pytest.mark.parametrize("key", ["plus", "minus", "left_square_bracket", "right_square_bracket"])
async def test_a_voice_setting_says_the_instruction_again_and_the_leg_question_still_follows(tmp_path, key: str) -> None:
    rig, player = make_held_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: ("start", "instruction") in events(rig), SPEAKER_WAIT)
        before = rig.speaker.rate, rig.speaker.volume
        await pilot.press(key)
        await pilot.pause()
        assert (rig.speaker.rate, rig.speaker.volume) != before
        await until(pilot, lambda: events(rig).count(("start", "instruction")) == 2, SPEAKER_WAIT)  # said again, at the new setting
        assert ("dropped", "question") not in events(rig)
        player.finish()  # the instruction ends: the leg question is asked
        await until(pilot, lambda: ("start", "question") in events(rig), SPEAKER_WAIT)
        assert rig.app.controller.session.side_question_open
        await pilot.press("l")  # and it is still answerable
        await pilot.pause()
        assert rig.app.controller.session.runner.leg == "left"
    rig.speaker.close()


@pytest.mark.parametrize("key", ["greater_than_sign", "less_than_sign", "m"])
async def test_text_size_and_mute_keep_the_leg_question(tmp_path, key: str) -> None:
    rig, player = make_held_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: ("start", "instruction") in events(rig), SPEAKER_WAIT)
        await pilot.press(key)
        await pilot.pause()
        if key != "m":
            assert events(rig) == [("start", "instruction")]  # text size: the voice goes on untouched
            player.finish()
        await until(pilot, lambda: ("start", "question") in events(rig), SPEAKER_WAIT)  # muted, it is still asked (and shown)
        assert ("dropped", "question") not in events(rig)
        assert rig.app.controller.session.side_question_open
    rig.speaker.close()


async def test_a_key_that_acts_on_the_night_still_stops_the_speech(tmp_path) -> None:
    rig, player = make_held_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: ("start", "instruction") in events(rig), SPEAKER_WAIT)
        await pilot.press("space")  # pause
        await until(pilot, lambda: ("stopped", "instruction") in events(rig), SPEAKER_WAIT)
    rig.speaker.close()


async def test_closing_the_help_over_the_kiosk_idle_screen_stops_it_being_read(tmp_path) -> None:
    """The kiosk's help is read aloud over the idle screen, where no episode is there to stop the
    speech: closing it must still end the reading, not leave it talking behind a closed screen."""
    from voiceaid.ui.screens.help import HelpScreen
    from voiceaid.ui.screens.idle import IdleScreen

    rig, player = make_held_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await until(pilot, lambda: ("start", "notice") in events(rig), SPEAKER_WAIT)
        assert isinstance(rig.app.screen, HelpScreen)
        await pilot.press("escape")
        await until(pilot, lambda: ("stopped", "notice") in events(rig), SPEAKER_WAIT)
        assert isinstance(rig.app.screen, IdleScreen)
    rig.speaker.close()

