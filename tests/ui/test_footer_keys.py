"""The footer lists exactly the keys that work, and each key means one thing (issue 25, items 5 and 10),
tried on the real app with the real content, a real diary and a manual clock."""

from __future__ import annotations

import random

from tests.ui.helpers import make_rig
from voiceaid.ui.screens.help import HelpScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.question import QuestionScreen
from voiceaid.ui.screens.routine import RoutineScreen


def footer_keys(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(str(key.key_display), str(key.description)) for key in app.screen.query("FooterKey")]


def labels(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [label for _, label in footer_keys(app)]


async def test_question_mark_opens_help_on_the_chest_pain_question_and_answers_nothing(tmp_path):
    rig = make_rig(tmp_path, mode="check")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(rig.app.screen, QuestionScreen)
        checklist = rig.app.controller.session.checklist
        assert "chest" in checklist.current.show.lower()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(rig.app.screen, HelpScreen)
        assert checklist.answers == {} and rig.app.controller.session.phase == "checklist"
        await pilot.press("escape")
        await pilot.press("u")  # U alone means "not sure"
        await pilot.pause()
        assert list(checklist.answers.values()) == ["unsure"]


async def test_r_is_right_while_the_leg_is_unknown_then_repeat_as_the_footer_says(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert ("L/R", "Leg") in footer_keys(rig.app) and "Repeat" not in labels(rig.app)
        await pilot.press("l")
        await pilot.pause()
        assert ("R", "Repeat") in footer_keys(rig.app) and "Leg" not in labels(rig.app)
        await pilot.press("r")
        await pilot.pause()
        assert rig.app.controller.session.runner.leg == "left"  # R repeated; it did not make it the right leg


async def test_while_paused_the_footer_says_resume(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert "Resume" in labels(rig.app) and "Pause" not in labels(rig.app)
        await pilot.press("space")
        await pilot.pause()
        assert "Pause" in labels(rig.app) and "Resume" not in labels(rig.app)


async def test_done_is_offered_on_the_outcome_only_where_enter_does_something(tmp_path):
    for kiosk in (False, True):
        rig = make_rig(tmp_path / str(kiosk), kiosk=kiosk)
        async with rig.app.run_test(size=(100, 30)) as pilot:
            if kiosk:
                await pilot.press("space")
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(rig.app.screen, OutcomeScreen)
            assert ("Done" in labels(rig.app)) is kiosk
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(rig.app.screen, OutcomeScreen) is not kiosk


async def test_on_every_screen_met_the_footer_shows_exactly_the_keys_that_act(tmp_path):
    """A seeded walk by keys and clock jumps; at each stop the footer's keys are those of the core's
    table for the app's state, and a shown key really is handled."""
    from voiceaid.core.keys import footer, intent_for_key, keymap  # here: the older core had no footer table

    rnd = random.Random(25)
    keys = "space n b l r 1 2 y u w c e left right enter x".split()
    for run, mode in enumerate(("relief", "check", "bedtime", "relief")):
        rig = make_rig(tmp_path / str(run), mode=mode, kiosk=run == 3)
        async with rig.app.run_test(size=(120, 30)) as pilot:
            for _ in range(40):
                await pilot.pause()
                if isinstance(rig.app.screen, (RoutineScreen, QuestionScreen, OutcomeScreen)) and rig.app.controller is not None:
                    state = rig.app.key_state()
                    shown = {display for display, _ in footer_keys(rig.app)}
                    assert shown == {entry.display for entry in footer(state)}, state
                    assert all(intent_for_key(key, state) for key in keymap(state))
                if rnd.random() < 0.3:
                    rig.clock.advance(rnd.choice([5, 30, 90]))
                    rig.app.refresh_view()
                else:
                    await pilot.press(rnd.choice(keys))


async def test_e_on_the_diary_screen_goes_to_the_emergency_number(tmp_path):
    """Issue 25 item 10: E did nothing on the diary screen, where the emergency line is hidden."""
    from voiceaid.ui.screens.diary import DiaryScreen

    rig = make_rig(tmp_path, kiosk=True)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        for _ in range(100):  # the diary is read on its own thread, then shown
            await pilot.pause(0.02)
            if isinstance(rig.app.screen, DiaryScreen):
                break
        assert isinstance(rig.app.screen, DiaryScreen)
        assert "E emergency" in str(rig.app.screen.query_one("#diary-keys").render())
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert rig.app.controller.session.outcome.disposition == "emergency"


async def test_the_bedtime_stretches_never_say_the_leg_is_not_said_yet(tmp_path):
    """Bedtime works on both legs and never asks which: "Leg: not said yet" was shown all routine."""
    rig = make_rig(tmp_path, mode="bedtime")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")  # the second stretch, for both legs at once (the first is one side, then the other)
        await pilot.pause()
        assert rig.app.controller.session.runner.step_index == 1  # type: ignore[union-attr]
        leg = str(rig.app.screen.query_one("#leg").render())
        assert rig.app.content.text("leg_unknown") not in leg
    rig = make_rig(tmp_path / "relief")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert rig.app.content.text("leg_unknown") in str(rig.app.screen.query_one("#leg").render())  # a cramp asks


async def test_the_end_of_the_bedtime_stretches_is_on_screen_with_its_own_footer(tmp_path):
    """Issue 25 item 10: the end was only spoken; the screen stayed at "Step 2 of 2 · 0" with Pause."""
    rig = make_rig(tmp_path, mode="bedtime")
    async with rig.app.run_test(size=(100, 30)) as pilot:
        for _ in range(400):
            if rig.app.controller.session.phase == "done":
                break
            rig.clock.advance(5)
            rig.app.refresh_view()
        await pilot.pause()
        words = "\n".join(str(w.render()) for w in rig.app.screen.query("Static"))
        assert "Sleep well" in words and "Step 2 of 2" not in words
        assert not rig.app.screen.query_one("#timer-row").display
        assert "Pause" not in labels(rig.app) and "Next" not in labels(rig.app)
        assert labels(rig.app) == ["Repeat", "Diary", "Emergency", "Help", "Quit"]


async def test_the_progress_bars_are_labelled(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        words = "\n".join(str(w.render()) for w in rig.app.screen.query("Static"))
        assert "This step" in words and "Whole routine" in words
