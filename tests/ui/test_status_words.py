"""The status line in plain words: what is degraded and what to do, readable whole at 80 columns;
the system's own words (ALSA, PortAudio, SQLite) go to voiceaid's private log, not the screen.
And nothing offers "say ..." before the microphone is known to work."""

from __future__ import annotations

import stat
import threading

import pytest
import yaml

from tests.conftest import CONTENT_EN
from tests.faults.drive import until, visible_status, visible_text
from tests.ui.helpers import make_rig
from voiceaid import problem_log
from voiceaid.listen.heard import Heard
from voiceaid.ui.voice_input import VoiceInput
from voiceaid.ui.widgets.status import fit_notices

NOTICES = (
    "speech_unavailable", "speech_no_sound", "speech_problem", "voice_unknown", "mic_failed", "mic_off", "voice_off",
    "diary_damaged", "diary_not_saved", "diary_unavailable", "content_fallback", "config_problem",
)  # fmt: skip


@pytest.mark.parametrize("key", NOTICES)
def test_each_notice_is_plain_words_that_fit_80_columns(key: str) -> None:
    words = yaml.safe_load((CONTENT_EN / "ui.yaml").read_text(encoding="utf-8"))["strings"][key]
    assert len(words.format(voice="en-gb-x-rp")) <= 78  # 80 columns less the status line's padding
    assert "{reason}" not in words and "{error}" not in words and "{problem}" not in words


def test_notices_that_do_not_fit_are_counted_not_cut() -> None:
    more = lambda n: f"+{n} more"  # noqa: E731
    line = "Voice off — guidance continues on screen · Microphone off — use the keys · Diary unavailable — run it"
    assert fit_notices(line, 200, more) == line
    assert fit_notices(line, 85, more) == "Voice off — guidance continues on screen · Microphone off — use the keys · +1 more"
    assert fit_notices(line, 50, more) == "Voice off — guidance continues on screen · +2 more"
    assert fit_notices(line, 30, more) == "Voice off — guidance continues on screen"


class BrokenMicrophone:
    """A listener whose microphone cannot be opened, as PortAudio reports it."""

    reason: str | None = None

    def warm_up(self) -> None:
        self.reason = "cannot open the microphone ([Errno -9996] Invalid input device)"

    def listen_once(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(-9996, "Invalid input device")


class WorkingMicrophone:
    reason: str | None = None
    warmed = False

    def warm_up(self) -> None:
        self.warmed = True

    def listen_once(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        threading.Event().wait(0.2)  # a quiet room: nothing heard
        return Heard("unknown")


async def test_a_broken_microphone_is_said_plainly_and_its_error_goes_to_the_log(tmp_path) -> None:
    rig = make_rig(tmp_path)
    rig.app.voice = VoiceInput(rig.app, BrokenMicrophone(), 6.0)
    log = problem_log.start(tmp_path / "state" / "voiceaid.log")
    try:
        async with rig.app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: "Microphone off" in visible_status(rig.app), 10, "the microphone notice")
            status = visible_status(rig.app)
            assert status == "Microphone off — it did not work; use the keys. Run: voiceaid doctor"
            assert "Errno" not in visible_text(rig.app)
            # before and after: the side question offered keys only, never "say foot or thigh"
            assert all("say " not in text.lower() for text in rig.texts()), rig.texts()
    finally:
        problem_log.stop()
    assert log is not None and "[Errno -9996] Invalid input device" in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and stat.S_IMODE(log.parent.stat().st_mode) == 0o700


async def test_nothing_offers_words_until_the_microphone_has_opened(tmp_path) -> None:
    rig = make_rig(tmp_path)
    microphone = WorkingMicrophone()
    rig.app.voice = VoiceInput(rig.app, microphone, 6.0)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await rig.wait_for_speech(2)  # the instruction, then the side question: the microphone is not open yet
        side_question = rig.said()[1]
        assert side_question["kind"] == "question" and "say" not in side_question["text"].lower(), side_question
        assert "Press E" in visible_text(rig.app) and "Say 'emergency'" not in visible_text(rig.app)
        await until(pilot, lambda: microphone.warmed and rig.app.hears, 10, "the microphone opened")
        await until(pilot, lambda: "Say 'emergency'" in visible_text(rig.app), 5, "the spoken alternative on screen")
