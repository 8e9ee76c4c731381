"""Drive the whole app by keys, as a person would, with the clock in the test's hands."""

from __future__ import annotations

from voiceaid.core.keys import footer

import sqlite3

from textual.widgets import Static

from tests.ui.helpers import make_rig
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.question import QuestionScreen
from voiceaid.ui.screens.routine import RoutineScreen


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def answer_no_to_every_question(rig, pilot) -> None:  # type: ignore[no-untyped-def]
    """N on each red-flag question until the checklist ends (15 questions at most, fewer if derived)."""
    for _ in range(15):
        if not isinstance(rig.app.screen, QuestionScreen):
            break
        await pilot.press("n")
        await pilot.pause()


async def test_launch_shows_and_speaks_the_first_instruction(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(rig.app.screen, RoutineScreen)
        text = screen_text(rig.app)
        assert "Straighten your knee" in text
        # No microphone here: the safety note and the caution offer only the keys, never "say ...".
        assert "Chest pain, breathlessness or a cold, pale leg? Press E." in text
        assert "If pulling your toes up makes the pain worse, stop: press W." in text
        assert "Say '" not in text and "say '" not in text
        await rig.wait_for_speech(2)
        assert rig.said()[0]["kind"] == "instruction"
        assert "Straighten your knee" in rig.said()[0]["text"]
        assert rig.said()[1]["kind"] == "question"  # which leg, asked during the first hold


async def test_keys_take_a_person_from_stretch_to_outcome_and_the_diary_keeps_it(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")  # left leg
        await pilot.pause()
        assert "Straighten your left knee" in screen_text(rig.app)
        rig.clock.advance(30)  # the hold ends: "release", then "Has it eased?"
        rig.app.refresh_view()
        await pilot.pause()
        assert "Has it eased?" in screen_text(rig.app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(rig.app.screen, QuestionScreen)
        assert "Chest pain" in screen_text(rig.app)
        await answer_no_to_every_question(rig, pilot)
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert "Self-care" in screen_text(rig.app)
    rig.app.diary.close()
    with sqlite3.connect(rig.diary_path) as db:
        rows = db.execute("select leg, site, disposition from episodes").fetchall()
    assert rows == [("left", "calf", "self_care")]


async def test_w_then_no_red_flags_ends_in_self_care_that_keeps_the_caution(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")  # pulling the toes up made it worse
        await pilot.pause()
        await answer_no_to_every_question(rig, pilot)
        assert isinstance(rig.app.screen, OutcomeScreen)
        text = screen_text(rig.app)
        assert "Self-care" in text and "Why:" not in text
        assert "Keep in mind:\n• Pain on stretching can be a sign of a clot." in text
        assert "get advice today" in text


async def test_emergency_key_goes_straight_to_the_number(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        text = screen_text(rig.app)
        assert "call 112 now" in text
        assert "Do not drive yourself" in text
        await rig.wait_for_kind("outcome")  # the leg question may or may not have started before E
        outcome = rig.texts("outcome")
        assert outcome and "Call 1 1 2 now" in outcome[-1]  # spoken digit by digit


async def test_ten_minutes_without_easing_hands_over_to_the_checklist(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(7):  # answer "no" at each check-in: the routine carries on
            rig.clock.advance(90)
            rig.app.refresh_view()
            await pilot.pause()
            if "Has it eased?" in screen_text(rig.app):
                await pilot.press("n")
                await pilot.pause()
        rig.clock.now = 1000 + 600
        rig.app.refresh_view()
        await pilot.pause()
        assert isinstance(rig.app.screen, QuestionScreen)
        assert "not eased after 10 min" in screen_text(rig.app)


async def test_pause_freezes_the_countdown_and_q_asks_before_quitting(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")
        rig.clock.advance(20)
        rig.app.refresh_view()
        await pilot.pause()
        view = rig.app.controller.view()
        assert view.routine.paused and view.routine.seconds_left == 30
        assert "PAUSED — press SPACE" in screen_text(rig.app) and "resume" not in screen_text(rig.app)  # no microphone here
        await pilot.press("q")
        await pilot.pause()
        assert "Press Q again to quit" in screen_text(rig.app)
        assert rig.app.is_running
        await pilot.press("q")
        await pilot.pause()
    assert rig.app.return_value == 0


async def test_the_warm_towel_step_shows_no_countdown_and_waits_for_next(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert "Calf swollen, red or hot? Don't rub it — press W." in screen_text(rig.app)  # from the first step on
        assert "footer_next_ready" not in [entry.label for entry in footer(rig.app.key_state())]
        session = rig.app.controller.session  # type: ignore[union-attr]
        while session.runner.step.technique != "warmth":
            await pilot.press("n")  # next (during a step), then no (to "Has it eased?")
            await pilot.pause()
        rig.clock.advance(600 - 1)  # long enough for any timer; not for the 10-minute rule
        rig.app.refresh_view()
        await pilot.pause()
        text = screen_text(rig.app)
        assert "No timer: press → when ready" in text and "Warm towel on your left calf" in text
        assert session.runner.step.technique == "warmth" and session.phase == "routine"
        assert "footer_next_ready" in [entry.label for entry in footer(rig.app.key_state())]  # the footer says so
        await pilot.press("n")  # through the footer's "Next, when ready"
        await pilot.pause()
        assert "Has it eased?" in screen_text(rig.app)


async def test_c_on_the_outcome_then_right_arrow_keeps_each_answer(tmp_path):
    rig = make_rig(tmp_path, mode="check")
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await answer_no_to_every_question(rig, pilot)
        assert isinstance(rig.app.screen, OutcomeScreen)
        text = screen_text(rig.app)
        assert "You said: No chest pain or breathlessness." in text and "C: change any answer" in text
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(rig.app.screen, QuestionScreen)
        await pilot.press("b")  # back one more, to numb_weak
        await pilot.pause()
        assert "You said: Legs normal between cramps. → keeps it" in screen_text(rig.app)
        await pilot.press("y")  # changed
        await pilot.pause()
        await pilot.press("right")  # walking_pain: keep "no"
        await pilot.pause()
        assert isinstance(rig.app.screen, OutcomeScreen)
        assert "See a doctor in the coming days" in screen_text(rig.app)
