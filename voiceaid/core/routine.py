"""Runs a routine's steps against the clock: segments, cues, pause/resume, next/back, rounds.

It only decides; it speaks through the `Say` effects it returns. Time is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass

from voiceaid.content.models import Content, Routine, Step
from voiceaid.core.effects import Say
from voiceaid.core.timeline import Cue, Segment, cues_for, segments_for, step_duration
from voiceaid.core.wording import personalise

STEP_DONE = "step_done"


@dataclass
class RoutineRunner:
    content: Content
    routine: Routine
    started_at: float
    leg: str | None = None
    step_index: int = 0
    round: int = 1
    segment_index: int = 0
    segment_started_at: float = 0.0
    paused_at: float | None = None
    paused_for: float = 0.0  # paused time inside the current segment
    cue_index: int = 0
    finished_step: bool = False  # the step's last segment has ended; waiting for the session to move on

    def __post_init__(self) -> None:
        self._load_step(self.started_at)

    # ----- what is on now
    @property
    def step(self) -> Step:
        return self.routine.steps[self.step_index]

    @property
    def segment(self) -> Segment:
        return self.segments[self.segment_index]

    def elapsed(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return max(0.0, end - self.segment_started_at - self.paused_for)

    def remaining(self, now: float) -> float:
        return max(0.0, self.segment.duration - self.elapsed(now))

    def segment_ends_at(self) -> float:
        """When the current segment ends (or ended) on the schedule: exact, whatever the tick times."""
        return self.segment_started_at + self.paused_for + self.segment.duration

    @property
    def waiting(self) -> bool:
        """The step has no timer: it lasts until "next" (its segment never ends on its own)."""
        return self.step.wait

    def step_progress(self, now: float) -> float:
        done = sum(s.duration for s in self.segments[: self.segment_index]) + min(self.elapsed(now), self.segment.duration)
        return min(1.0, done / max(step_duration(self.step), 1e-9))

    def text(self, template: str, **values: object) -> str:
        return personalise(self.content, template, self.leg, self.routine.muscle, **values)

    def instruction(self, with_title: bool) -> str:
        say = self.text(self.step.say)
        return f"{self.text(str(self.content.prompts['next_step'].say), title=self.step.title)} {say}" if with_title else say

    # ----- moving
    def _load_step(self, at: float) -> None:
        self.segments = segments_for(self.step)
        self.segment_index = 0
        self.finished_step = False
        self._start_segment(at)

    def _start_segment(self, at: float) -> None:
        self.segment_started_at = at
        self.paused_for = 0.0
        if self.paused_at is not None:
            self.paused_at = at
        self.cues: tuple[Cue, ...] = cues_for(self.step, self.segment, self.content.cues)
        self.cue_index = 0

    def go_to_step(self, index: int, at: float, new_round: bool = True) -> list[Say]:
        self.step_index = index % len(self.routine.steps)
        if new_round:
            self.round = 1
        self._load_step(at)
        return [Say(self.instruction(with_title=True), "instruction", at)]

    def repeat_step(self, at: float) -> list[Say]:
        self.round += 1
        self._load_step(at)
        return [Say(f"{self.content.cues['again']} {self.instruction(with_title=False)}", "instruction", at)]

    def switch_routine(self, routine: Routine, at: float) -> None:
        self.routine = routine
        self.step_index = 0
        self.round = 1
        self._load_step(at)

    def pause(self, now: float) -> None:
        if self.paused_at is None:
            self.paused_at = now

    def resume(self, now: float) -> None:
        if self.paused_at is not None:
            self.paused_for += now - self.paused_at
            self.paused_at = None

    def next_due(self) -> float | None:
        """When something next happens (a cue or the segment's end), or None while paused or finished."""
        if self.paused_at is not None or self.finished_step or self.waiting:
            return None
        base = self.segment_started_at + self.paused_for
        due = base + self.segment.duration
        if self.cue_index < len(self.cues):
            due = min(due, base + self.cues[self.cue_index].offset)
        return due

    def tick(self, now: float) -> list[Say | str]:
        """Advance to `now`: due cues and segment changes, in order. A finished step yields STEP_DONE."""
        out: list[Say | str] = []
        if self.paused_at is not None or self.finished_step or self.waiting:
            return out
        while True:
            elapsed = self.elapsed(now)
            while self.cue_index < len(self.cues) and self.cues[self.cue_index].offset <= elapsed:
                cue = self.cues[self.cue_index]
                out.append(Say(cue.text, "cue", self.segment_started_at + self.paused_for + cue.offset))
                self.cue_index += 1
            if elapsed < self.segment.duration:
                return out
            ended_at = self.segment_started_at + self.paused_for + self.segment.duration
            out.extend(self._segment_ended(ended_at))
            if self.finished_step:
                out.append(STEP_DONE)
                return out

    def _segment_ended(self, at: float) -> list[Say]:
        words = self.content.cues
        ending = self.segment
        release = [str(words["release"])] if ending.kind == "hold" and self.step.cues.release else []
        if self.segment_index + 1 >= len(self.segments):
            self.finished_step = True
            return [Say(" ".join(release), "cue", at)] if release else []
        self.segment_index += 1
        self._start_segment(at)
        following = self.segment
        if following.kind == "switch":
            text, kind = " ".join(release + [str(words["switch_sides"])]), "cue"
        elif following.kind == "rest":
            text, kind = " ".join(release + [str(words["rest"])]), "cue"
        elif ending.kind == "switch":
            text, kind = str(words["other_side"]), "instruction"
        else:  # a new repetition after a rest
            text, kind = f"{words['again']} {self.text(self.step.title)}.", "instruction"
        return [Say(text, kind, at)]
