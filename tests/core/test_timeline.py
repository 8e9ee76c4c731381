"""A step's timeline: segments (holds, switches, rests) and the cues inside each hold, exactly."""

from __future__ import annotations

import pytest

from voiceaid.content import load_content
from voiceaid.content.models import Cues, Step
from voiceaid.core.timeline import HALFWAY_MIN_HOLD, Cue, Segment, cues_for, segments_for, step_duration

WORDS = {"halfway": "{seconds} seconds left.", "count": ["one", "two", "three", "four", "five"]}


def step(**fields: object) -> Step:
    base: dict[str, object] = dict(id="s", technique="stretch", title="S", say="Say.", show="Show.", hold=30.0)
    base.update(fields)
    return Step(**base)  # type: ignore[arg-type]


def test_a_plain_hold_is_one_segment() -> None:
    assert segments_for(step(hold=30)) == (Segment("hold", 30, 1, 0),)
    assert step_duration(step(hold=30)) == 30


def test_repetitions_are_separated_by_rests_but_no_rest_after_the_last() -> None:
    segments = segments_for(step(hold=10, repetitions=3, rest=4))
    assert [(s.kind, s.duration, s.repetition) for s in segments] == [
        ("hold", 10, 1), ("rest", 4, 1), ("hold", 10, 2), ("rest", 4, 2), ("hold", 10, 3),
    ]  # fmt: skip
    assert step_duration(step(hold=10, repetitions=3, rest=4)) == 38


def test_one_sided_step_gives_each_side_the_full_hold_with_a_switch_break() -> None:
    segments = segments_for(step(hold=20, repetitions=2, rest=5, one_sided=True, switch_break=5))
    assert [(s.kind, s.duration, s.repetition, s.side) for s in segments] == [
        ("hold", 20, 1, 0), ("switch", 5, 1, 1), ("hold", 20, 1, 1), ("rest", 5, 1, 0),
        ("hold", 20, 2, 0), ("switch", 5, 2, 1), ("hold", 20, 2, 1),
    ]  # fmt: skip
    assert sum(s.duration for s in segments if s.kind == "hold") == 2 * 2 * 20  # full time per side


def test_one_sided_without_switch_break_goes_straight_to_the_other_side() -> None:
    segments = segments_for(step(hold=10, one_sided=True, switch_break=0))
    assert [(s.kind, s.side) for s in segments] == [("hold", 0), ("hold", 1)]


def test_cues_of_a_30_second_hold_halfway_then_three_two_one() -> None:
    s = step(hold=30)
    (hold,) = segments_for(s)
    assert cues_for(s, hold, WORDS) == (
        Cue(15, "15 seconds left."), Cue(27, "three"), Cue(28, "two"), Cue(29, "one"),
    )  # fmt: skip


def test_halfway_cue_is_left_out_of_short_holds_and_when_switched_off() -> None:
    short = step(hold=HALFWAY_MIN_HOLD - 1)
    assert [c.text for c in cues_for(short, segments_for(short)[0], WORDS)] == ["three", "two", "one"]
    off = step(hold=60, cues=Cues(halfway=False))
    assert [c.offset for c in cues_for(off, segments_for(off)[0], WORDS)] == [57, 58, 59]


def test_countdown_length_follows_the_step_and_zero_means_none() -> None:
    five = step(hold=40, cues=Cues(halfway=False, countdown=5))
    assert cues_for(five, segments_for(five)[0], WORDS) == tuple(Cue(40 - n, w) for n, w in ((5, "five"), (4, "four"), (3, "three"), (2, "two"), (1, "one")))
    none = step(hold=40, cues=Cues(halfway=True, countdown=0))
    assert cues_for(none, segments_for(none)[0], WORDS) == (Cue(20, "20 seconds left."),)


def test_rests_and_switches_have_no_cues() -> None:
    s = step(hold=20, repetitions=2, rest=5, one_sided=True)
    for segment in segments_for(s):
        if segment.kind != "hold":
            assert cues_for(s, segment, WORDS) == ()


def test_cue_offsets_are_sorted_and_inside_the_hold() -> None:
    content = load_content()
    for routine in [*content.routines.values(), content.bedtime]:
        for s in routine.steps:
            for segment in segments_for(s):
                offsets = [c.offset for c in cues_for(s, segment, content.cues)]
                assert offsets == sorted(offsets)
                assert all(0 < o < segment.duration for o in offsets), (routine.id, s.id)


@pytest.mark.parametrize("hold", [20.0, 30.0, 45.0, 60.0])
def test_halfway_cue_says_the_seconds_actually_left(hold: float) -> None:
    s = step(hold=hold, cues=Cues(countdown=0))
    (cue,) = cues_for(s, segments_for(s)[0], WORDS)
    assert cue.offset == hold / 2
    assert cue.text == f"{int(round(hold - hold / 2))} seconds left."
