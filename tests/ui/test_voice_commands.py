"""Voice alone reaches what the keys do: volume, speech rate, text size, mute, the diary, 'done'.

The app's spoken-intent path is driven here as the recogniser drives it (the recogniser itself is
tested on real audio in tests/listen and through the real microphone in test_voice_answers)."""

from __future__ import annotations

from tests.ui.helpers import make_rig
from voiceaid.ui.screens.diary import DiaryScreen
from voiceaid.ui.screens.idle import IdleScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.voice_input import APP_INTENTS, APP_INTENTS_BY_PHASE, VoiceInput


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
