"""One thing at a time: what is on screen, what was last asked aloud and what the next answer means
always agree, and the answer saved is the one the person last gave to the question they were asked.

A property over every question and every short sequence of events a person at 3 a.m. can produce
(spoken answers, a doubtful spoken "no", silence, going back, the Y/N/U keys). The person is modelled
from what voiceaid *said* (the last question spoken aloud), not from the session's state, so a
session whose state and words drift apart fails here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceaid.content import load_content
from voiceaid.core.clock import ManualClock
from voiceaid.core.effects import Effect, Record, Say
from voiceaid.core.session import Session, SessionOptions
from voiceaid.core.view import session_view
from voiceaid.core.wording import personalise

CONTENT = load_content()
EVENTS = ("yes", "no", "unsure", "no_doubtful", "silence", "back", "key_y", "key_n", "key_u")
SPOKEN = {"yes": "yes", "no": "no", "unsure": "unsure", "no_doubtful": "no"}
KEYED = {"key_y": "yes", "key_n": "no", "key_u": "unsure"}


@dataclass
class Asked:
    """What the person last heard asked: a question, or the read-back of an answer to it."""

    question: str
    heard: str | None = None  # set for a read-back: the answer voiceaid thinks it heard


@dataclass
class Person:
    """Tracks, from voiceaid's words alone, what the person was asked and what they meant."""

    texts: dict[str, str]
    confirm_text: str
    asked: Asked | None = None
    meant: dict[str, str] = field(default_factory=dict)
    saved: dict[str, str] = field(default_factory=dict)
    before: dict[str, str] = field(default_factory=dict)  # what was meant before the last answer

    def hear(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Record) and "answers" in effect.fields:
                self.saved = dict(effect.fields["answers"])  # type: ignore[arg-type]
            if not (isinstance(effect, Say) and effect.kind == "question"):
                continue
            if effect.text.strip() == self.confirm_text:
                assert self.asked is not None, "a read-back with no question before it"
                self.asked = Asked(self.asked.question, heard="no")
                self.meant = dict(self.before)  # a doubtful answer counts only once it is confirmed
                continue
            matches = [qid for qid, text in self.texts.items() if effect.text.endswith(text)]
            assert len(matches) == 1, f"cannot tell which question was asked: {effect.text!r}"
            self.asked = Asked(matches[0])

    def answer(self, value: str) -> None:
        """The person's reply to what they were last asked: to a read-back, yes confirms what was heard."""
        if self.asked is None:
            return
        self.before = dict(self.meant)
        if self.asked.heard is None:
            self.meant[self.asked.question] = value
        elif value == "yes":
            self.meant[self.asked.question] = self.asked.heard
        elif value == "unsure":
            self.meant[self.asked.question] = "unsure"
        # "no, that's not right": nothing meant yet; the question is asked again


def start_at(index: int) -> tuple[Session, Person, ManualClock]:
    """A checklist session with the questions before `index` answered by key ("no", but dark urine "yes")."""
    clock = ManualClock(100.0)
    session = Session(CONTENT, SessionOptions(mode="check"), clock.now)
    texts = {q.id: personalise(CONTENT, q.say, None, session.runner.routine.muscle, emergency_number="112") for q in CONTENT.questions}
    person = Person(texts, CONTENT.prompts["confirm_no"].say)
    person.hear(session.start(clock.now))
    assert session.checklist is not None
    for _ in range(index):
        # "yes" to dark urine, so that its follow-up question is asked (and covered) too
        answer = "yes" if session.checklist.current is not None and session.checklist.current.id == "dark_urine" else "no"
        person.answer(answer)
        person.hear(session.handle(answer, clock.now))
    return session, person, clock


def play(index: int, events: tuple[str, ...]) -> None:
    session, person, clock = start_at(index)
    for step, event in enumerate(events):
        if session.phase != "checklist":
            break
        clock.advance(1.0)
        if event == "silence":
            effects = session.no_reply(clock.now)
        elif event == "back":
            effects = session.handle("back", clock.now)
        elif event in KEYED:
            person.answer(KEYED[event])
            effects = session.handle(KEYED[event], clock.now)
        else:
            person.answer(SPOKEN[event])
            effects = session.handle(SPOKEN[event], clock.now, low_confidence=event == "no_doubtful", spoken=True)
        person.hear(effects)
        where = f"question {index}, events {events[: step + 1]}"
        checklist = session.checklist
        assert checklist is not None
        for qid, answer in checklist.answers.items():
            assert person.meant.get(qid) == answer, f"{where}: saved {qid}={answer}, the person meant {person.meant.get(qid)}"
        assert person.saved == checklist.all_answers() or not person.saved, f"{where}: the diary record disagrees"
        view = session_view(session, clock.now).question
        if session.phase == "checklist":
            assert view is not None and person.asked is not None
            assert view.id == person.asked.question, f"{where}: screen shows {view.id}, last asked {person.asked.question}"
            assert view.confirming == (person.asked.heard is not None), f"{where}: screen and voice disagree on the read-back"


QUESTION_COUNT = len([q for q in CONTENT.questions if not q.derived_from])


@pytest.mark.parametrize("index", range(QUESTION_COUNT))
def test_every_short_sequence_agrees(index: int) -> None:
    """Exhaustive up to three events, for every question."""
    for length in range(1, 4):
        for events in itertools.product(EVENTS, repeat=length):
            play(index, events)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.integers(0, QUESTION_COUNT - 1), st.lists(st.sampled_from(EVENTS), min_size=4, max_size=6).map(tuple))
def test_longer_sequences_agree(index: int, events: tuple[str, ...]) -> None:
    play(index, events)


def test_silence_at_the_read_back_then_yes_is_saved_as_yes() -> None:
    """The reported night: a doubtful "no" to chest pain, silence at "is that right?", then "yes"."""
    session, person, clock = start_at(0)
    session.handle("no", clock.now, spoken=True)
    session.no_reply(clock.now)
    session.handle("yes", clock.now, spoken=True)
    assert session.checklist is not None
    assert session.checklist.all_answers()["chest_or_breath"] == "yes"
    assert session.outcome is not None and session.outcome.disposition == "emergency"
