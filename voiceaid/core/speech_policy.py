"""Which utterance is spoken, which waits and which is dropped: the speech queue as pure logic.

Users of voice-guided timers complain when a cue ("half-way") cuts off an instruction, when
announcements overlap, and when a cue is said seconds late. So one utterance sounds at a time and:

- a new utterance of *higher* priority than the current one stops it ("stopped") and takes its place;
- a cue that arrives while anything is current or queued is dropped ("dropped"), never queued behind:
  a late cue is wrong, not merely late;
- everything else queues FIFO behind the current utterance;
- a cue that could not start sounding within `cue_max_wait` seconds of being asked for (slow
  synthesis, a restarting worker) is dropped instead of being said late;
- an outcome is never dropped by the policy: a barge-in (`stop_all`) stops whatever is sounding, but
  queued outcomes survive it, so skipping a read-back never loses the "call 112 now" that follows.

The class is driven by explicit events with timestamps (`say`, `started`, `finished`, `stop_all`) and
answers with a `Step` saying what to stop, what to render next and what to log. No threads, no
audio, no clock of its own: `voiceaid.speech.speaker` is the imperative shell around it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    """What an utterance is for; it decides its priority."""

    CUE = "cue"
    NOTICE = "notice"
    INSTRUCTION = "instruction"
    QUESTION = "question"
    READBACK = "readback"
    OUTCOME = "outcome"


PRIORITY: dict[Kind, int] = {
    Kind.CUE: 0,
    Kind.NOTICE: 1,
    Kind.INSTRUCTION: 2,
    Kind.QUESTION: 2,
    Kind.READBACK: 2,
    Kind.OUTCOME: 3,
}

DEFAULT_CUE_MAX_WAIT = 1.5  # seconds


@dataclass(frozen=True)
class Utterance:
    id: int
    text: str
    kind: Kind
    asked_at: float  # when `say` was called, in the caller's clock


@dataclass(frozen=True)
class LogEvent:
    """One line of the speech log: event is "start", "end", "stopped" or "dropped"."""

    t: float
    event: str
    utterance: Utterance


@dataclass(frozen=True)
class Step:
    """What the shell must do after an event.

    stop: silence this utterance's audio now. play: the utterance that is now current and must be
    rendered and started (the shell then reports `started`). events: what to log, in order.
    """

    stop: Utterance | None = None
    play: Utterance | None = None
    events: tuple[LogEvent, ...] = ()


class SpeechPolicy:
    """One current utterance, a FIFO queue behind it, and the rules above.

    Invariant: when nothing is current the queue is empty (every event that clears `current`
    promotes the next queued utterance at once).
    """

    def __init__(self, cue_max_wait: float = DEFAULT_CUE_MAX_WAIT) -> None:
        self.cue_max_wait = cue_max_wait
        self.current: Utterance | None = None
        self.current_started = False  # True once the current utterance is actually sounding
        self._queue: deque[Utterance] = deque()
        self._next_id = 1

    @property
    def queued(self) -> tuple[Utterance, ...]:
        return tuple(self._queue)

    @property
    def busy(self) -> bool:
        return self.current is not None or bool(self._queue)

    def say(self, text: str, kind: Kind | str, now: float) -> Step:
        """A new utterance is asked for."""
        utterance = Utterance(self._next_id, text, Kind(kind), now)
        self._next_id += 1
        if self.current is None and not self._queue:
            return self._make_current(utterance, ())
        if utterance.kind is Kind.CUE:
            return Step(events=(LogEvent(now, "dropped", utterance),))
        if self.current is not None and PRIORITY[utterance.kind] > PRIORITY[self.current.kind]:
            stopped = self.current
            step = self._make_current(utterance, (self._interrupted(now),))
            return Step(stop=stopped, play=step.play, events=step.events)
        self._queue.append(utterance)
        return Step()

    def started(self, utterance_id: int, now: float) -> Step:
        """The shell is about to make the current utterance sound. A stale cue is dropped instead."""
        current = self.current
        if current is None or current.id != utterance_id or self.current_started:
            return Step()
        if current.kind is Kind.CUE and now - current.asked_at > self.cue_max_wait:
            self.current = None
            return self._advance(now, (LogEvent(now, "dropped", current),))
        self.current_started = True
        return Step(events=(LogEvent(now, "start", current),))

    def finished(self, utterance_id: int, now: float) -> Step:
        """The current utterance played to its end (or could not be played at all)."""
        current = self.current
        if current is None or current.id != utterance_id:
            return Step()  # it was already stopped or replaced
        events = (LogEvent(now, "end", current),) if self.current_started else (LogEvent(now, "dropped", current),)
        self.current = None
        return self._advance(now, events)

    def stop_all(self, now: float) -> Step:
        """Barge-in: stop what is sounding and clear the queue, except outcomes (never dropped)."""
        events: list[LogEvent] = []
        stopped = self.current
        if stopped is not None:
            events.append(self._interrupted(now))
            self.current = None
        kept: deque[Utterance] = deque()
        for utterance in self._queue:
            if utterance.kind is Kind.OUTCOME:
                kept.append(utterance)
            else:
                events.append(LogEvent(now, "dropped", utterance))
        self._queue = kept
        step = self._advance(now, tuple(events))
        return Step(stop=stopped, play=step.play, events=step.events)

    def restart(self, now: float) -> Step:
        """Say the current utterance again from its start, keeping the queue behind it: a voice
        setting changed (rate, volume, unmute) and applies to what is being said. Not a barge-in:
        the leg question waiting behind the instruction must still be asked."""
        current = self.current
        if current is None:
            return Step()
        again = Utterance(self._next_id, current.text, current.kind, now)
        self._next_id += 1
        step = self._make_current(again, (self._interrupted(now),))
        return Step(stop=current, play=step.play, events=step.events)

    def _interrupted(self, now: float) -> LogEvent:
        """The log line for a current utterance cut short: "stopped" if it sounded, else "dropped"."""
        assert self.current is not None
        return LogEvent(now, "stopped" if self.current_started else "dropped", self.current)

    def _make_current(self, utterance: Utterance, events: tuple[LogEvent, ...]) -> Step:
        self.current = utterance
        self.current_started = False
        return Step(play=utterance, events=events)

    def _advance(self, now: float, events: tuple[LogEvent, ...]) -> Step:
        """Make the next queued utterance current, dropping cues that have waited too long."""
        dropped: list[LogEvent] = list(events)
        while self._queue:
            candidate = self._queue.popleft()
            if candidate.kind is Kind.CUE and now - candidate.asked_at > self.cue_max_wait:
                dropped.append(LogEvent(now, "dropped", candidate))
                continue
            return self._make_current(candidate, tuple(dropped))
        self.current_started = False
        return Step(events=tuple(dropped))
