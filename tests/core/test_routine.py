"""The routine runner against a hand-driven clock: exact cue times and words, late ticks, pause/resume,
one-sided switching, rounds and step changes. No sleeps: time is passed in."""

from __future__ import annotations

from pathlib import Path

import pytest

from voiceaid.content import load_content
from voiceaid.content.models import Content
from voiceaid.core.clock import ManualClock
from voiceaid.core.effects import Say
from voiceaid.core.routine import STEP_DONE, RoutineRunner
from voiceaid.core.timeline import step_duration

TINY_ROUTINES = """\
start_site: calf
routines:
  calf:
    muscle: calf
    title: Calf cramp
    steps:
      - {id: pull, technique: stretch, title: Pull, say: "Straighten {your_leg} knee.", show: "Straighten {your_leg} knee.", hold: 20, rounds: 2}
      - {id: rub, technique: massage, title: Rub, say: "Rub {your_muscle}.", show: "Rub {your_muscle}.", hold: 10, repetitions: 2, rest: 4, cues: {halfway: false}}
bedtime:
  muscle: calf
  title: Bed
  steps:
    - id: wall
      technique: stretch
      title: Wall
      say: "Lean on the wall."
      show: "Lean on the wall."
      hold: 10
      repetitions: 2
      rest: 3
      one_sided: true
      switch_break: 2
      check_in: false
      cues: {halfway: false, countdown: 3, release: true}
"""

T0 = 1000.0


@pytest.fixture
def tiny(tmp_path: Path) -> Content:
    (tmp_path / "routines.yaml").write_text(TINY_ROUTINES)
    return load_content(tmp_path)


def said(items: list[Say | str]) -> list[tuple[float | None, str, str]]:
    return [(item.due, item.kind, item.text) if isinstance(item, Say) else (None, "", item) for item in items]


def tick_every(runner: RoutineRunner, clock: ManualClock, step: float, until: float) -> list[Say | str]:
    out: list[Say | str] = []
    while clock.now < until:
        clock.advance(step)
        out += runner.tick(clock.now)
        if STEP_DONE in out:
            break
    return out


def test_builtin_calf_stretch_schedule_times_and_words() -> None:
    content = load_content()
    clock = ManualClock(T0)
    runner = RoutineRunner(content, content.routines["calf"], clock.now)
    assert runner.instruction(with_title=False).startswith("Straighten your knee and gently pull your toes up")
    assert said(tick_every(runner, clock, 0.25, T0 + 40)) == [
        (T0 + 15, "cue", "15 seconds left."),
        (T0 + 27, "cue", "three"),
        (T0 + 28, "cue", "two"),
        (T0 + 29, "cue", "one"),
        (T0 + 30, "cue", "And release."),
        (None, "", STEP_DONE),
    ]
    assert clock.now == T0 + 30  # nothing before its time, and the step ends on the dot


def test_nothing_is_said_before_its_time() -> None:
    content = load_content()
    runner = RoutineRunner(content, content.routines["calf"], T0)
    assert runner.tick(T0 + 14.999) == []
    assert said(runner.tick(T0 + 15)) == [(T0 + 15, "cue", "15 seconds left.")]
    assert runner.tick(T0 + 26.9) == []


def test_one_late_tick_gives_every_missed_cue_its_exact_due_time(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.bedtime, T0)
    items = said(runner.tick(T0 + 500))  # one very late tick covers the whole step
    assert items == [
        (T0 + 7, "cue", "three"), (T0 + 8, "cue", "two"), (T0 + 9, "cue", "one"),
        (T0 + 10, "cue", "And release. Switch sides."),
        (T0 + 12, "instruction", "Now the other side."),
        (T0 + 19, "cue", "three"), (T0 + 20, "cue", "two"), (T0 + 21, "cue", "one"),
        (T0 + 22, "cue", "And release. Rest."),
        (T0 + 25, "instruction", "Once more. Wall."),
        (T0 + 32, "cue", "three"), (T0 + 33, "cue", "two"), (T0 + 34, "cue", "one"),
        (T0 + 35, "cue", "And release. Switch sides."),
        (T0 + 37, "instruction", "Now the other side."),
        (T0 + 44, "cue", "three"), (T0 + 45, "cue", "two"), (T0 + 46, "cue", "one"),
        (T0 + 47, "cue", "And release."),
        (None, "", STEP_DONE),
    ]  # fmt: skip
    assert step_duration(tiny.bedtime.steps[0]) == 47


@pytest.mark.parametrize("ticks", [[0.1] * 600, [0.7, 3.1, 0.05, 9.9, 2.5] * 20, [13.0] * 10, [47.0]])
def test_irregular_ticks_never_change_the_schedule(tiny: Content, ticks: list[float]) -> None:
    reference = said(RoutineRunner(tiny, tiny.bedtime, T0).tick(T0 + 1000))
    runner, clock, out = RoutineRunner(tiny, tiny.bedtime, T0), ManualClock(T0), []
    for gap in ticks:
        out += runner.tick(clock.advance(gap))
    out += runner.tick(clock.advance(100))
    assert said(out) == reference


def test_pause_and_resume_shift_the_rest_of_the_schedule_by_the_paused_time(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.bedtime, T0)
    assert said(runner.tick(T0 + 8)) == [(T0 + 7, "cue", "three"), (T0 + 8, "cue", "two")]
    runner.pause(T0 + 8.5)
    assert runner.tick(T0 + 100) == []  # nothing while paused, however long
    assert runner.remaining(T0 + 100) == 1.5
    runner.resume(T0 + 108.5)  # paused for exactly 100 s
    reference = said(RoutineRunner(tiny, tiny.bedtime, T0).tick(T0 + 1000))
    shifted = [(due + 100 if due is not None else None, kind, text) for due, kind, text in reference[2:]]
    assert said(runner.tick(T0 + 2000)) == shifted


def test_pausing_twice_adds_both_pauses(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.routines["calf"], T0)  # hold 20: halfway at 10
    runner.pause(T0 + 2)
    runner.pause(T0 + 3)  # a second pause does not restart the first
    runner.resume(T0 + 7)  # +5
    runner.resume(T0 + 8)  # not paused: no effect
    runner.pause(T0 + 9)
    runner.resume(T0 + 12)  # +3
    assert said(runner.tick(T0 + 18)) == [(T0 + 18, "cue", "10 seconds left.")]


def test_pause_during_a_rest_keeps_the_rest_length(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.bedtime, T0)
    runner.tick(T0 + 23)  # in the 3-second rest after the first repetition (22..25)
    assert runner.segment.kind == "rest"
    runner.pause(T0 + 23)
    runner.resume(T0 + 53)
    assert runner.remaining(T0 + 53) == 2
    assert said(runner.tick(T0 + 55)) == [(T0 + 55, "instruction", "Once more. Wall.")]


def test_segment_view_follows_sides_and_repetitions(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.bedtime, T0)
    seen = []
    for t in (0, 10.5, 12.5, 22.5, 25.5, 35.5, 37.5):
        runner.tick(T0 + t)
        seen.append((runner.segment.kind, runner.segment.repetition, runner.segment.side))
    assert seen == [("hold", 1, 0), ("switch", 1, 1), ("hold", 1, 1), ("rest", 1, 0), ("hold", 2, 0), ("switch", 2, 1), ("hold", 2, 1)]


def test_progress_and_remaining(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.bedtime, T0)
    assert runner.remaining(T0 + 4) == 6
    runner.tick(T0 + 23.5)
    assert runner.step_progress(T0 + 23.5) == pytest.approx(23.5 / 47)


def test_next_step_names_it_and_repeat_says_once_more(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.routines["calf"], T0)
    runner.leg = "right"
    assert said(runner.repeat_step(T0 + 25)) == [(T0 + 25, "instruction", "Once more. Straighten your right knee.")]
    assert runner.round == 2
    assert said(runner.go_to_step(1, T0 + 50)) == [(T0 + 50, "instruction", "Next: Rub. Rub your right calf.")]
    assert runner.round == 1
    # the new step runs from the moment it was started
    items = said(runner.tick(T0 + 500))
    assert items[:4] == [(T0 + 57, "cue", "three"), (T0 + 58, "cue", "two"), (T0 + 59, "cue", "one"), (T0 + 60, "cue", "And release. Rest.")]
    assert (T0 + 64, "instruction", "Once more. Rub.") in items
    assert items[-2:] == [(T0 + 74, "cue", "And release."), (None, "", STEP_DONE)]


def test_a_finished_step_stays_finished_until_moved_on(tiny: Content) -> None:
    runner = RoutineRunner(tiny, tiny.routines["calf"], T0)
    assert runner.tick(T0 + 30)[-1] == STEP_DONE
    assert runner.finished_step
    assert runner.tick(T0 + 40) == []


def test_leg_is_named_in_every_instruction_once_known() -> None:
    content = load_content()
    for site in ("calf", "foot", "front_of_thigh"):
        routine = content.routines[site]
        runner = RoutineRunner(content, routine, T0, leg="left")
        for index, step in enumerate(routine.steps):
            runner.go_to_step(index, T0)
            assert "left" in runner.instruction(with_title=True), (site, step.id)
            assert "left" in runner.text(step.show), (site, step.id)
