"""The red-flag checklist, one question at a time: answers, read-backs, going back, derived answers,
the low-confidence "no" check, and silence handling (ask once more, then wait for a key — never
time out into "no")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from voiceaid.content.models import Question
from voiceaid.core.triage import ANSWERS, Outcome, decide, ends_checklist, is_positive


@dataclass(frozen=True)
class Derived:
    """An answer voiceaid knows itself (episode timer, diary), shown with why instead of asked."""

    answer: str
    text: str


@dataclass
class Checklist:
    questions: Sequence[Question]
    derived: Mapping[str, Derived] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    position: int = 0  # index into `to_ask`
    confirming: str | None = None  # an answer waiting for "is that right?"
    misses: int = 0  # listening turns with no usable reply on the current question
    emergency_requested: bool = False
    stretch_made_it_worse: bool = False  # said during the routine, before the checklist began
    done: bool = False
    reviewing: bool = False  # reopened from the outcome: the derived answers can be changed too

    @property
    def to_ask(self) -> list[Question]:
        """The questions asked, in order: not the derived ones, and a follow-up only while the question
        it follows is answered yes or not sure (so changing that answer to no drops the follow-up)."""
        return [
            q for q in self.questions
            if (q.id not in self.derived or self.reviewing) and (q.follows is None or is_positive(self.answers.get(q.follows)))
        ]  # fmt: skip

    @property
    def current(self) -> Question | None:
        if self.done or self.position >= len(self.to_ask):
            return None
        return self.to_ask[self.position]

    def all_answers(self) -> dict[str, str]:
        """Given answers plus derived ones: what triage and the diary see."""
        merged = {qid: d.answer for qid, d in self.derived.items()}
        merged.update(self.answers)
        # a follow-up's answer stands only with its question's yes: not kept (nor saved) once that is "no"
        stale = {q.id for q in self.questions if q.follows is not None and not is_positive(merged.get(q.follows))}
        return {qid: answer for qid, answer in merged.items() if qid not in stale}

    def outcome(self) -> Outcome:
        return decide(self.all_answers(), self.questions, self.emergency_requested, self.stretch_made_it_worse)

    def answer(self, value: str) -> Question:
        """Record an answer to the current question and move on. Returns the question answered."""
        if value not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}")
        question = self.current
        if question is None:
            raise RuntimeError("no question is open")
        self.answers[question.id] = value
        if question.id in self.derived:  # the person's own answer replaces what voiceaid worked out
            self.derived = {qid: d for qid, d in self.derived.items() if qid != question.id}
        self.confirming = None
        self.misses = 0
        if ends_checklist(question, value):
            self.done = True
        else:
            self.position += 1
            self.done = self.position >= len(self.to_ask)
        return question

    def back(self) -> bool:
        """Return to the previous question (its answer is kept until it is answered again)."""
        self.confirming = None
        self.misses = 0
        if self.done:
            self.done = False
            self.position = min(self.position, len(self.to_ask) - 1)
            return True
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def reopen(self, question_id: str | None = None) -> None:
        """From the outcome: change an answer (the last one asked, or the one named). The derived
        answers (timed by voiceaid, counted from the diary) join the questions gone through, each
        shown with what voiceaid worked out: voiceaid may be wrong about them (a diary full of test
        runs), so they can be changed like any other, or kept with →."""
        asked = self.to_ask
        last = asked[min(self.position, len(asked) - 1)].id if asked else None
        self.done = False
        self.confirming = None
        self.misses = 0
        self.reviewing = True
        ids = [q.id for q in self.to_ask]
        target = question_id if question_id in ids else last
        self.position = ids.index(target) if target in ids else max(0, len(ids) - 1)

    def keep(self) -> bool:
        """→ on a derived answer while reviewing: keep what voiceaid worked out and move on."""
        question = self.current
        if question is None or question.id not in self.derived:
            return False
        self.confirming = None
        self.misses = 0
        self.position += 1
        self.done = self.position >= len(self.to_ask)
        return True

    def miss(self) -> int:
        """No usable reply to the current question; returns how many in a row. A read-back left
        unanswered is dropped with it: the question itself is asked again, so the next "yes" means
        "yes, I have this" and never "yes, the no you heard is right"."""
        self.confirming = None
        self.misses += 1
        return self.misses
