"""Safety in the first minutes of the routine (issue 26): the swollen-calf check before anything rubs or
warms the calf, W / "it's swollen" away from a stretch, the warm-towel step that waits for "next",
falls and burns cautions in the content, and the question that assumes the cramp has gone."""

from __future__ import annotations

import pytest

from voiceaid.content import load_content
from voiceaid.core.clock import ManualClock
from voiceaid.core.effects import Effect, Say, StopSpeech
from voiceaid.core.session import LONG_CRAMP_SECONDS, RUBBING_TECHNIQUES, Session, SessionOptions
from voiceaid.core.view import session_view

T0 = 1000.0
CONTENT = load_content()


def says(effects: list[Effect], kind: str | None = None) -> list[str]:
    return [e.text for e in effects if isinstance(e, Say) and (kind is None or e.kind == kind)]


def started(site: str = "calf", **options: object) -> tuple[Session, ManualClock]:
    clock = ManualClock(T0)
    session = Session(CONTENT, SessionOptions(mode="relief", **options), clock.now)  # type: ignore[arg-type]
    session.start(clock.now)
    if site != "calf":
        session.handle(site, clock.now)
    return session, clock


def to_step(session: Session, clock: ManualClock, technique: str) -> list[Effect]:
    """Through the routine by "next" and "not eased" until a step of `technique` starts; its effects."""
    for _ in range(20):
        effects = session.handle("next", clock.advance(1))
        if session.phase == "check_in":
            effects = session.handle("no", clock.advance(1))
        if session.runner.step.technique == technique:
            return effects
    raise AssertionError(f"no {technique} step")


@pytest.mark.parametrize("site", ["calf", "foot", "back_of_thigh", "front_of_thigh"])
@pytest.mark.parametrize("hears", [True, False])
def test_the_swollen_calf_check_is_said_before_the_first_massage_or_warmth_step_only(site: str, hears: bool) -> None:
    session, clock = started(site, hears=hears)
    check = CONTENT.say_for("swollen_check", not hears)
    assert ("say it's swollen" in check) is hears and "press W" in check
    said: list[tuple[str, str]] = []
    for _ in range(len(session.runner.routine.steps) + 2):  # every step and both rounds, then around again
        step = session.runner.step
        effects = session.handle("next", clock.advance(1))
        if session.phase == "check_in":
            effects = session.handle("no", clock.advance(1))
        said += [(session.runner.step.id, text) for text in says(effects, "instruction")]
    routine = session.runner.routine
    first = next(s.id for s in routine.steps if s.technique in RUBBING_TECHNIQUES)
    with_check = [step_id for step_id, text in said if check in text]
    assert with_check and set(with_check) == {first}
    text = next(text for step_id, text in said if step_id == first)
    assert text.index(check) < text.index("Next:")  # before the step's words, not after


def test_the_routine_screen_shows_the_swollen_line_in_relief_but_not_at_bedtime() -> None:
    session, clock = started()
    view = session_view(session, clock.now).routine
    assert view is not None and view.swollen_note
    assert CONTENT.text("swollen_note") == "Calf swollen, red or hot? Don't rub it — say 'it's swollen' or press W."
    assert CONTENT.text_for("swollen_note", True) == "Calf swollen, red or hot? Don't rub it — press W."
    bedtime = Session(CONTENT, SessionOptions(mode="bedtime"), T0)
    bedtime.start(T0)
    view = session_view(bedtime, T0).routine
    assert view is not None and not view.swollen_note


@pytest.mark.parametrize("how", ["worse", "swollen"])
def test_w_or_its_swollen_during_massage_stops_and_asks_without_blaming_the_stretch(how: str) -> None:
    session, clock = started()
    to_step(session, clock, "massage")
    assert "swollen" in session.expected_intents()
    effects = session.handle(how, clock.advance(2))
    assert effects[0] == StopSpeech()
    assert says(effects, "instruction") == [CONTENT.prompts["swollen"].say]
    assert session.phase == "checklist" and not session.stretch_made_it_worse and session.notes == []
    # the checklist's swelling question decides the tier
    while session.phase == "checklist":
        question = session.checklist.current  # type: ignore[union-attr]
        session.handle("yes" if question.id == "one_leg_swollen" else "no", clock.now)
    assert session.outcome is not None and session.outcome.disposition == "today"


def test_its_swollen_during_a_stretch_stops_too_and_worse_keeps_its_stretch_meaning() -> None:
    session, clock = started()
    session.handle("swollen", clock.advance(2))
    assert session.phase == "checklist" and not session.stretch_made_it_worse
    session, clock = started()
    effects = session.handle("worse", clock.advance(2))
    assert says(effects, "instruction") == [CONTENT.prompts["worse"].say] and session.stretch_made_it_worse


def test_the_warm_towel_step_waits_for_next_with_no_countdown() -> None:
    session, clock = started()
    effects = to_step(session, clock, "warmth")
    step = session.runner.step
    assert step.wait and step.hold == 0
    (text,) = says(effects, "instruction")
    assert text.endswith(CONTENT.say_for("wait_for_next", False)) and "Say next" in text
    assert session.next_due(clock.now) == T0 + LONG_CRAMP_SECONDS  # only the 10-minute rule: no step timer
    assert session.tick(clock.advance(300)) == []  # five minutes fetching a towel: still waiting
    assert session.phase == "routine" and session.runner.step is step
    view = session_view(session, clock.now).routine
    assert view is not None and view.waiting and view.seconds_left == 0
    session.handle("next", clock.advance(1))
    assert session.phase == "check_in"
    view = session_view(session, clock.now).routine
    assert view is not None and not view.waiting


def test_the_waiting_step_says_keys_when_nothing_listens() -> None:
    session, clock = started(hears=False)
    (text,) = says(to_step(session, clock, "warmth"), "instruction")
    assert text.endswith(CONTENT.say_for("wait_for_next", True)) and "right arrow" in text


def test_standing_and_shower_steps_say_light_on_and_hold_on_and_warmth_warns_of_burns() -> None:
    for routine in CONTENT.routines.values():
        for step in routine.steps:
            standing = step.technique == "walk" or "stand" in step.id or step.id in ("hamstring_stretch", "quad_stretch")
            if standing or "shower" in step.say:
                assert "light" in step.say.lower() and "hold on" in step.say.lower(), step.id
                assert "Light on" in step.show or "light on" in step.show, step.id
            if step.technique == "warmth":
                assert "burns" in step.caution and "hand first" in step.say, step.id
                assert step.wait, step.id  # fetching a towel takes as long as it takes


def test_pain_after_the_cramp_is_asked_only_once_it_has_gone() -> None:
    def asked(session: Session, clock: ManualClock) -> list[str]:
        ids = []
        while session.phase == "checklist":
            ids.append(session.checklist.current.id)  # type: ignore[union-attr]
            session.handle("no", clock.now)
        return ids

    eased, clock = started()
    eased.handle("next", clock.advance(5))
    eased.handle("yes", clock.now)  # "Has it eased?"
    assert "pain_after_cramp" in asked(eased, clock)

    worse, clock = started()
    worse.handle("worse", clock.advance(5))
    assert "pain_after_cramp" not in asked(worse, clock)

    long, clock = started()
    while long.phase != "checklist":
        if long.phase == "check_in":
            long.handle("no", clock.now)
        elif long.runner.waiting:
            long.handle("next", clock.now)
        long.tick(clock.advance(5))
    assert "pain_after_cramp" not in asked(long, clock)
    assert long.outcome is not None and long.outcome.disposition == "today"  # the long cramp says it already
