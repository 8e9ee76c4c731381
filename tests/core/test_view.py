"""What the routine screen is given to show (issue 25 item 10): progress that never runs backwards
while the routine goes forwards, and an end of the bedtime stretches that is shown, not only said."""

from __future__ import annotations

from voiceaid.content import load_content
from voiceaid.core.clock import ManualClock
from voiceaid.core.session import Session, SessionOptions
from voiceaid.core.view import session_view

CONTENT = load_content()
T0 = 5000.0


def test_progress_never_runs_backwards_when_round_2_starts() -> None:
    clock = ManualClock(T0)
    session = Session(CONTENT, SessionOptions(), clock.now)
    session.start(clock.now)
    session.handle("left", clock.now)
    steps: dict[int, list[float]] = {}
    routine: list[float] = []
    rounds = set()
    for _ in range(2000):
        session.tick(clock.advance(0.5))
        if session.phase == "check_in":
            session.handle("no", clock.now)  # not eased: another round of the same step, then the next step
        if session.runner.step_index > 1:
            break
        view = session_view(session, clock.now).routine
        assert view is not None
        steps.setdefault(session.runner.step_index, []).append(view.step_progress)
        routine.append(view.routine_progress)
        rounds.add((session.runner.step_index, session.runner.round))
    assert (0, 2) in rounds  # the walk did go through a second round of the first step
    assert routine == sorted(routine), "the routine's bar ran backwards"
    for index, bar in steps.items():
        assert bar == sorted(bar), f"step {index + 1}'s bar ran backwards"
    assert steps[0][-1] >= 0.99 and steps[1][0] <= 0.01


def test_the_end_of_the_bedtime_stretches_is_shown_with_tonights_tip_and_no_countdown() -> None:
    clock = ManualClock(T0)
    session = Session(CONTENT, SessionOptions(mode="bedtime", tip="Loosen the covers."), clock.now)
    session.start(clock.now)
    for _ in range(10000):
        if session.phase == "done":
            break
        session.tick(clock.advance(1.0))
    assert session.phase == "done"
    view = session_view(session, clock.now).routine
    assert view is not None
    assert view.finished and "Sleep well" in view.finished
    assert view.tip == "Loosen the covers."
    assert view.step_progress == 1.0 and view.routine_progress == 1.0
    later = session_view(session, clock.advance(60)).routine
    assert later == view  # nothing runs on after the end
