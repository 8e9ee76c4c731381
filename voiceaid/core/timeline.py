"""A step's timeline: its segments (holds, rests, side switches) and the cues spoken within each.

Cue times are offsets from the segment's start, and each segment starts exactly where the previous
one ended (not when the clock happened to be read), so the schedule never drifts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from voiceaid.content.models import Step, fill

HALFWAY_MIN_HOLD = 20.0  # a "N seconds left" cue in a shorter hold would crowd the countdown


@dataclass(frozen=True)
class Segment:
    kind: str  # hold | rest | switch
    duration: float
    repetition: int  # 1-based
    side: int  # 0 first side (or the only one), 1 second side


@dataclass(frozen=True)
class Cue:
    offset: float
    text: str


def segments_for(step: Step) -> tuple[Segment, ...]:
    sides = 2 if step.one_sided else 1
    segments: list[Segment] = []
    for repetition in range(1, step.repetitions + 1):
        for side in range(sides):
            if side == 1 and step.switch_break > 0:
                segments.append(Segment("switch", step.switch_break, repetition, 1))
            segments.append(Segment("hold", step.hold, repetition, side))
        if repetition < step.repetitions and step.rest > 0:
            segments.append(Segment("rest", step.rest, repetition, 0))
    return tuple(segments)


def cues_for(step: Step, segment: Segment, words: Mapping[str, object]) -> tuple[Cue, ...]:
    """Cues inside a hold: half-way time left and a spoken count over the last seconds."""
    if segment.kind != "hold":
        return ()
    cues: list[Cue] = []
    hold = segment.duration
    if step.cues.halfway and hold >= HALFWAY_MIN_HOLD:
        half = hold / 2
        cues.append(Cue(half, fill(str(words.get("halfway", "")), seconds=int(round(hold - half)))))
    count_words = list(words.get("count", []))  # type: ignore[call-overload]
    for n in range(min(step.cues.countdown, len(count_words)), 0, -1):
        cues.append(Cue(hold - n, str(count_words[n - 1])))
    return tuple(sorted(cues, key=lambda cue: cue.offset))


def step_duration(step: Step) -> float:
    return sum(segment.duration for segment in segments_for(step))
