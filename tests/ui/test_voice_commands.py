"""Voice alone reaches what the keys do: volume, speech rate, text size, mute, the diary, 'done',
the kiosk's idle screen (when the wake phrase is on), closing overlays, and quitting.

The app's spoken-intent path is driven here as the recogniser drives it (the recogniser itself is
tested on real audio in tests/listen and through the real microphone in test_voice_answers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import Rig, make_rig
from voiceaid.config import Settings
from voiceaid.content import load_content
from voiceaid.listen.heard import Heard
from voiceaid.ui.screens.diary import DiaryScreen
from voiceaid.ui.screens.help import HelpScreen
from voiceaid.ui.screens.idle import IdleScreen
from voiceaid.ui.screens.key_describe import KeyDescribeScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.routine import RoutineScreen
from voiceaid.core.voice_commands import APP_INTENTS, APP_INTENTS_BY_PHASE, IDLE_INTENTS, OVERLAY_INTENTS
from voiceaid.listen.microphone import Listener
from voiceaid.listen.sphinx.rejection import WAKE_CONFIDENCE
from voiceaid.ui.voice_input import VoiceInput


async def test_louder_quieter_faster_slower_bigger_and_mute_by_voice(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        volume, rate = rig.speaker.volume, rig.speaker.rate
        rig.app.spoken_intent("louder")
        assert rig.speaker.volume > volume
        rig.app.spoken_intent("quieter")
        rig.app.spoken_intent("quieter")
        assert rig.speaker.volume < volume
        rig.app.spoken_intent("slower")
        assert rig.speaker.rate < rate
        rig.app.spoken_intent("bigger_text")
        await pilot.pause()
        assert rig.app.text_scale == 1
        rig.app.spoken_intent("smaller_text")
        assert rig.app.text_scale == 0
        rig.app.spoken_intent("mute")
        assert "muted" in rig.app.heard.lower()
        assert rig.app.controller is not None and rig.app.controller.session.phase == "routine"  # the stretch goes on


async def test_on_the_kiosk_outcome_diary_and_done_by_voice(tmp_path):
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        heard_there = _voice(rig).wanted()  # the outcome listens for both
        assert heard_there is not None and {"next", "diary", "emergency"} <= heard_there
        rig.app.spoken_intent("diary")
        await rig.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(rig.app.screen, DiaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        rig.app.spoken_intent("next")  # "done"
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen)


async def test_questions_listen_for_answers_only_and_stretches_for_the_commands(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        voice = VoiceInput(rig.app, listener=object(), timeout=3.0)
        rig.speaker.stop()
        rig.clock.advance(1.0)  # quiet for longer than the guard after speech
        routine = voice.wanted()
        assert routine is not None
        known = set(rig.app.content.vocabulary.intents)
        assert {i for i in APP_INTENTS_BY_PHASE["routine"] if i in known} <= routine
        rig.app.controller.intent("worse")  # type: ignore[union-attr]  # straight to the questions
        await pilot.pause()
        rig.speaker.stop()
        rig.clock.advance(1.0)
        question = voice.wanted()
        assert question is not None and not (question & set(APP_INTENTS))
        assert {"yes", "no", "unsure", "emergency"} <= question


def test_every_app_command_is_in_the_vocabulary_with_a_key():
    from voiceaid.content import load_content

    content = load_content()
    assert set(APP_INTENTS) <= set(content.vocabulary.intents)


# ----- the kiosk's idle screen, overlays and quitting, by voice alone


def _voice(rig: Rig) -> VoiceInput:
    """A VoiceInput for driving wanted() and _heard() as the listening thread would, after the
    speaker has been quiet for longer than the guard."""
    rig.speaker.stop()
    rig.clock.advance(1.0)
    return VoiceInput(rig.app, listener=Listener(), timeout=3.0)  # pocketsphinx, its microphone never opened


async def test_the_idle_screen_listens_for_its_keys_words_only_when_the_wake_phrase_is_on(tmp_path):
    for wake, expected in ((True, IDLE_INTENTS), (False, None)):
        rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=wake))
        async with rig.app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert _voice(rig).wanted() == expected


async def test_content_without_the_bedtime_command_is_not_listened_for_it(tmp_path):
    own = tmp_path / "content"
    own.mkdir()
    builtin = (Path(__file__).parents[2] / "content" / "en" / "vocabulary.yaml").read_text()
    (own / "vocabulary.yaml").write_text("\n".join(line for line in builtin.splitlines() if "bedtime" not in line))
    rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=True))
    rig.app.content = load_content(own)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _voice(rig).wanted() == IDLE_INTENTS - {"bedtime"}


async def test_a_stretch_listens_for_its_swollen_and_content_older_than_it_is_not_asked_for_it(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wanted = _voice(rig).wanted()
        assert wanted is not None and {"worse", "swollen"} <= wanted
    own = tmp_path / "content"
    own.mkdir()
    builtin = (Path(__file__).parents[2] / "content" / "en" / "vocabulary.yaml").read_text()
    (own / "vocabulary.yaml").write_text("\n".join(line for line in builtin.splitlines() if "swollen" not in line))
    rig = make_rig(tmp_path)
    rig.app.content = load_content(own)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wanted = _voice(rig).wanted()
        assert wanted is not None and "worse" in wanted and "swollen" not in wanted  # no unknown intent for the recogniser


@pytest.mark.parametrize(
    "intent, screen",
    [("bedtime", RoutineScreen), ("diary", DiaryScreen), ("help", HelpScreen), ("start", RoutineScreen)],
)
async def test_idle_commands_act_only_when_heard_surely(tmp_path, intent, screen):
    rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=True))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        voice = _voice(rig)
        voice._heard(Heard(intent, intent, confidence=WAKE_CONFIDENCE - 0.01), 0.0, None)
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen) and rig.app.controller is None  # a false wake talks in the dark
        voice._heard(Heard(intent, intent, confidence=WAKE_CONFIDENCE), 0.0, None)
        await rig.app.workers.wait_for_complete()  # the diary is read on its own thread
        await pilot.pause()
        assert isinstance(rig.app.screen, screen)
        if intent == "bedtime":
            assert rig.app.controller is not None and rig.app.controller.session.options.mode == "bedtime"


async def test_help_on_a_listening_idle_screen_says_what_can_be_said_there(tmp_path):
    class Silence:
        def listen_once(self, expect=None, timeout=6.0, phrase_time_limit=4.0):  # type: ignore[no-untyped-def]
            return Heard("unknown")

    rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=True))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        rig.app.voice = VoiceInput(rig.app, Silence(), timeout=3.0)
        await pilot.press("h")
        await rig.wait_for_speech(1)
        assert rig.texts("notice")[0].startswith(rig.app.content.text("idle_voice_help"))
        assert "bedtime" in rig.app.content.text("idle_voice_help")


@pytest.mark.parametrize("key, overlay", [("h", HelpScreen), ("k", KeyDescribeScreen)])
async def test_back_closes_an_overlay_which_listens_for_little_else(tmp_path, key, overlay):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(rig.app.screen, overlay)
        assert _voice(rig).wanted() == OVERLAY_INTENTS
        rig.app.spoken_intent("back")
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)
        assert rig.app.controller.session.runner.step_index == 0  # type: ignore[union-attr]  # the routine did not go back


async def test_done_closes_the_diary_and_emergency_on_it_shows_the_number(tmp_path):
    rig = make_rig(tmp_path, mode="check")
    async with rig.app.run_test(size=(80, 24)) as pilot:
        for _ in range(15):  # every question but the dark-urine follow-up (14), and one more
            await pilot.press("n")
        await pilot.pause()
        assert rig.app.controller.session.outcome.disposition == "self_care"  # type: ignore[union-attr]
        for closing in ("next", "emergency"):
            rig.app.spoken_intent("diary")
            await rig.app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(rig.app.screen, DiaryScreen)
            rig.app.spoken_intent(closing)
            await pilot.pause()
            assert isinstance(rig.app.screen, OutcomeScreen)
        assert rig.app.controller.session.outcome.disposition == "emergency"  # type: ignore[union-attr]


async def test_emergency_on_an_idle_overlay_reaches_the_emergency_outcome(tmp_path):
    rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=True))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        voice = _voice(rig)
        assert voice.wanted() == OVERLAY_INTENTS
        voice._heard(Heard("emergency", "emergency", confidence=WAKE_CONFIDENCE), 0.0, None)
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert rig.app.controller.session.outcome.disposition == "emergency"  # type: ignore[union-attr]


async def test_quit_said_twice_on_the_outcome_exits_and_once_only_asks(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        rig.app.spoken_intent("stop")  # "quit"
        await pilot.pause()
        assert rig.app.is_running and rig.app.status_text() == rig.app.content.text("quit_confirm_voice")
        rig.app.spoken_intent("repeat")  # anything else said carries on, as any other key does
        rig.app.spoken_intent("stop")
        await pilot.pause()
        assert rig.app.is_running
        rig.app.spoken_intent("stop")
        await pilot.pause()
    assert rig.app.return_code == 0


async def test_quit_on_the_kiosk_outcome_returns_to_idle_and_stop_in_a_stretch_pauses(tmp_path):
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        rig.app.spoken_intent("stop")
        await pilot.pause()
        assert rig.app.controller.session.runner.paused_at is not None  # type: ignore[union-attr]
        assert not rig.app.status_text().startswith(rig.app.content.text("quit_confirm_voice"))
        await pilot.press("e")
        await pilot.pause()
        rig.app.spoken_intent("stop")
        rig.app.spoken_intent("stop")
        await pilot.pause()
        assert rig.app.is_running and isinstance(rig.app.screen, IdleScreen)


async def test_the_end_of_the_bedtime_stretches_listens_and_done_returns_to_idle(tmp_path):
    rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=True))
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rig.app.spoken_intent("bedtime")
        controller = rig.app.controller
        assert controller is not None
        for _ in range(40):  # "next" through every stretch
            if controller.session.phase == "done":
                break
            controller.intent("next")
        await pilot.pause()
        assert controller.session.phase == "done"
        voice = _voice(rig)
        heard_there = voice.wanted()
        assert heard_there is not None and {"next", "stop", "diary", "emergency"} <= heard_there
        voice._heard(Heard("next", "done", confidence=0.9), 0.0, controller)
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen)
