"""The bedside kiosk: idle → routine → outcome → idle, with no quit on Q."""

from __future__ import annotations

import sqlite3

import pytest

from tests.ui.helpers import make_rig
from voiceaid.config import Settings
from voiceaid.ui.screens.idle import IdleScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.question import QuestionScreen
from voiceaid.ui.screens.routine import RoutineScreen


async def test_kiosk_goes_idle_routine_outcome_idle_and_q_never_quits(tmp_path):
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen)
        await pilot.press("space")  # any key starts the routine
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen)
        assert rig.app.controller is None
        await pilot.press("space")  # and again, for the next night
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)


async def test_kiosk_q_twice_goes_back_to_idle_from_any_screen_and_keeps_the_episode_as_stopped(tmp_path):
    """Issue 25 item 9: Q on the idle screen started a spoken episode although the help said "Q quit",
    and once started there was no way back to idle but the whole checklist."""
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")  # the way back to idle: pressed once too often, it starts nothing
        await pilot.pause()
        assert isinstance(rig.app.screen, IdleScreen) and rig.app.controller is None
        for to_reach in (RoutineScreen, QuestionScreen, OutcomeScreen):
            await pilot.press("space")
            await pilot.pause()
            if to_reach is not RoutineScreen:
                await pilot.press("w" if to_reach is QuestionScreen else "e")  # worse: the checklist
                await pilot.pause()
            assert isinstance(rig.app.screen, to_reach)
            await pilot.press("q")  # once: the status line says how to confirm
            await pilot.pause()
            assert isinstance(rig.app.screen, to_reach)
            assert "Q again: stop" in str(rig.app.screen.query_one("#status").render())
            await pilot.press("q")
            await pilot.pause()
            assert rig.app.is_running and isinstance(rig.app.screen, IdleScreen) and rig.app.controller is None
    rows = sqlite3.connect(rig.diary_path).execute("select notes, ended_at from episodes order by id").fetchall()
    assert len(rows) == 3 and all(ended for _, ended in rows)
    assert "Stopped before the end" in rows[0][0] and "Stopped before the end" in rows[1][0]
    assert "Stopped" not in (rows[2][0] or "")  # the outcome had been reached: not a stop


async def test_emergency_key_on_the_idle_screen_goes_straight_to_the_number(tmp_path):
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert rig.app.controller.session.outcome.disposition == "emergency"


async def test_idle_screen_dims_after_a_while_and_any_key_wakes_it(tmp_path):
    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rig.clock.advance(121)
        rig.app.refresh_view()
        await pilot.pause()
        assert rig.app.theme == "dim"
        await pilot.press("space")
        await pilot.pause()
        assert rig.app.theme == "night"


@pytest.mark.parametrize("scale", [0, 1], ids=["normal", "large"])
@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_idle_screen_snapshot(snap_compare, tmp_path, size, scale):
    """The clock and the tip of the night come from the rig's fixed wall clock (03:12, 24 Nov 2026)."""
    rig = make_rig(tmp_path, kiosk=True, settings=Settings(text_scale=scale))
    assert snap_compare(rig.app, terminal_size=size)


async def test_key_describe_says_what_a_key_does_without_doing_it(tmp_path):
    from textual.widgets import Static

    from voiceaid.ui.screens.key_describe import KeyDescribeScreen

    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(rig.app.screen, KeyDescribeScreen)
        await pilot.press("e")
        await pilot.pause()
        assert "emergency" in str(rig.app.screen.query_one("#said", Static).render())
        assert rig.app.controller.session.phase == "routine"  # E was described, not done
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)


async def test_help_shows_the_keys_and_reads_them_aloud(tmp_path):
    """With no microphone only the keys are read: "you can say ..." would be a false promise; with one
    that listens, the voice commands come first."""
    from voiceaid.ui.screens.help import HelpScreen
    from voiceaid.ui.voice_input import VoiceInput

    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await rig.wait_for_speech(2)  # the instruction and the leg question
        assert "Press L for left or R for right" in rig.texts("question")[0]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(rig.app.screen, HelpScreen)
        await rig.wait_for_speech(3)  # the keys (overlay)
        spoken = " ".join(rig.texts("notice"))
        assert "SPACE: pause or resume." in spoken and "You can say" not in spoken
        assert "ESC: close help or the diary." in spoken and "Q: quit (press twice); kiosk: stop, back to the idle screen (press twice)." in spoken
        assert "say back" not in spoken and "say quit" not in spoken
        await pilot.press("x")  # any key closes it
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)

    rig = make_rig(tmp_path / "listening")
    rig.app.voice = VoiceInput(rig.app, listener=object(), timeout=3.0)
    rig.app.voice.busy = True  # a turn already under way: nothing new is started in this test
    rig.app.voice.opened = True  # and the microphone known to work (its warm-up opened it)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await rig.wait_for_speech(2)
        assert "say foot or thigh" in rig.texts("question")[0]
        await pilot.press("h")
        await pilot.pause()
        await rig.wait_for_speech(4)  # the voice commands (session) and the keys (overlay)
        spoken = " ".join(rig.texts("notice"))
        assert "SPACE: pause or resume." in spoken and "You can say" in spoken
        assert "ESC: close help or the diary (or say back)." in spoken
        await pilot.press("x")
        rig.app.voice._failed("the microphone stopped")  # what a listening turn reports when it is unplugged
        await pilot.press("h")
        await pilot.pause()
        await rig.wait_for_speech(5)  # the keys only, this time
        assert "You can say" not in rig.texts("notice")[-1] and rig.texts("notice")[-1].startswith("SPACE: pause or resume.")


async def test_help_on_a_narrow_screen_wraps_each_meaning_under_itself(tmp_path):
    from textual.geometry import Region
    from textual.widgets import Static

    from voiceaid.ui.screens.help import HelpScreen

    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(60, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(rig.app.screen, HelpScreen)
        keys = rig.app.screen.query_one("#help-keys", Static)
        lines = [strip.text for strip in keys.render_lines(Region(0, 0, keys.size.width, keys.size.height))]
        row = next(i for i, line in enumerate(lines) if line.startswith("1 2 3 4"))
        column = lines[row].index("calf")
        assert lines[row + 1][:column].strip() == ""  # the key column stays clear
        assert "thigh" in lines[row + 1][column:]


async def test_the_idle_prompt_says_start_only_when_the_idle_screen_listens(tmp_path):
    """With the wake phrase off (the default) or no microphone, "say 'start'" would be a false promise."""
    from voiceaid.ui.widgets.big_text import BigText
    from voiceaid.ui.voice_input import VoiceInput

    for wake, says_start in ((False, False), (True, True)):
        rig = make_rig(tmp_path, kiosk=True, settings=Settings(wake_phrase=wake))
        rig.app.voice = VoiceInput(rig.app, listener=object(), timeout=3.0)
        rig.app.voice.busy = True  # a turn already under way: nothing new is started in this test
        rig.app.voice.opened = True  # the microphone known to work (its warm-up opened it)
        async with rig.app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            prompt = rig.app.screen.query_one("#prompt", BigText).text
            assert ("start" in prompt) is says_start, prompt
            assert "any key" in prompt
            rig.app.voice._failed("no capture device")  # the microphone turns out to be unusable
            await pilot.pause()
            assert "start" not in rig.app.screen.query_one("#prompt", BigText).text


@pytest.mark.parametrize("kiosk", [True, False], ids=["idle", "routine"])
async def test_e_on_the_help_list_goes_straight_to_the_emergency_number(tmp_path, kiosk):
    """Any key closes the help; E must not need a second press to reach the number."""
    rig = make_rig(tmp_path, kiosk=kiosk)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert rig.app.controller.session.outcome.disposition == "emergency"  # type: ignore[union-attr]


def test_a_clock_tick_before_the_idle_screen_is_composed_does_not_crash():
    """The app's refresh can fire between switching to the idle screen and its widgets being built
    (seen once in CI: NoMatches for '#time', which would end the kiosk)."""
    from datetime import datetime

    from voiceaid.content import load_content

    IdleScreen(load_content(), "112").show_time(datetime(2026, 11, 24, 3, 12))
