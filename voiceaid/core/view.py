"""What the screen shows at a given moment, computed from the session: the UI renders it, nothing more."""

from __future__ import annotations

import math
from dataclasses import dataclass

from voiceaid.content.models import Question
from voiceaid.core.keys import KeyState
from voiceaid.core.outcome_text import OutcomeText
from voiceaid.core.session import Session
from voiceaid.core.timeline import step_duration
from voiceaid.core.wording import personalise


@dataclass(frozen=True)
class RoutineView:
    title: str
    text: str  # the on-screen instruction, leg named
    caution: str
    caution_keys: str  # the caution when voiceaid cannot hear: keys only
    general_advice: bool
    segment: str  # hold | rest | switch
    seconds_left: int  # whole seconds, rounded up, as a countdown shows them
    step_progress: float  # this step, all its rounds: never back when round 2 starts
    routine_progress: float  # the routine, each step with all its rounds
    step_number: int
    step_total: int
    round: int
    rounds: int
    repetition: int
    repetitions: int
    side: int
    one_sided: bool
    leg: str | None
    muscle: str
    routine_title: str
    paused: bool
    waiting: bool  # no timer: the step lasts until "next"
    swollen_note: bool  # show the swollen-calf line (a relief routine: rubbing a clot is the wrong first aid)
    asks_leg: bool  # a cramp's routine asks which leg; the bedtime stretches work on both, so no "Leg: not said yet"
    side_question: str  # shown while the leg/site question is open, else ""
    check_in: str  # the check-in question while it is asked, else ""
    finished: str = ""  # the routine is over (the end of the bedtime stretches): what to show instead of a step
    tip: str = ""  # tonight's prevention tip, shown with `finished`


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    number: int
    total: int
    known: tuple[tuple[str, str], ...]  # (question id, why voiceaid already knows the answer)
    answered: tuple[tuple[str, str], ...]  # (question id, answer) so far
    confirming: bool
    keyboard_only: bool
    last_readback: str  # the previous answer, in a few words, so it can be checked and changed
    given: str = ""  # this question's answer given before (after going back), in a few words: → keeps it
    given_by_voiceaid: bool = False  # `given` is what voiceaid worked out itself (timer, diary), not an answer


@dataclass(frozen=True)
class SessionView:
    phase: str  # routine | check_in | checklist | outcome | done
    mode: str
    routine: RoutineView | None
    question: QuestionView | None
    outcome: OutcomeText | None
    you_said: tuple[str, ...] = ()  # with the outcome: every answer, in a few words, as given or known


def session_view(session: Session, now: float) -> SessionView:
    routine = _routine_view(session, now) if session.phase in ("routine", "check_in", "done") else None
    question = _question_view(session) if session.phase == "checklist" else None
    you_said = _you_said(session) if session.phase == "outcome" else ()
    return SessionView(session.phase, session.options.mode, routine, question, session.outcome, you_said)


def _you_said(session: Session) -> tuple[str, ...]:
    """The answers behind the outcome, one short line each, in the order asked (as NHS 111 online shows
    them), so a wrong one is seen and changed; answers voiceaid knew itself say how it knew."""
    checklist = session.checklist
    if checklist is None:
        return ()
    lines = []
    for question in checklist.questions:
        if question.id in checklist.derived:
            lines.append(checklist.derived[question.id].text)
        elif question in checklist.to_ask and question.id in checklist.answers:
            lines.append(_readback(session, question, checklist.answers[question.id], summary=True))
    return tuple(lines)


def _readback(session: Session, question: Question, answer: str, summary: bool = False) -> str:
    """An answer in a few words: the question's yes or no read-back; "not sure" names the sign."""
    content = session.content
    if answer == "unsure":
        return content.text("summary_unsure", text=question.yes) if summary else content.unsure_readback
    return {"yes": question.yes, "no": question.no}.get(answer, "")


def _progress(session: Session, now: float) -> tuple[float, float]:
    """(this step, the whole routine), each from 0 to 1. A step's rounds count as one step, so its bar
    carries on into round 2 rather than starting again; at the end of the bedtime routine both are full."""
    runner = session.runner
    if session.phase == "done":
        return 1.0, 1.0
    steps = runner.routine.steps
    rounds = max(runner.step.rounds, runner.round, 1)
    step = (runner.round - 1 + runner.step_progress(now)) / rounds
    lengths = [step_duration(s) * max(s.rounds, 1) for s in steps]
    routine = (sum(lengths[: runner.step_index]) + step * lengths[runner.step_index]) / max(sum(lengths), 1e-9)
    return min(1.0, step), min(1.0, routine)


def _routine_view(session: Session, now: float) -> RoutineView:
    runner = session.runner
    step, segment, routine = runner.step, runner.segment, runner.routine
    step_progress, routine_progress = _progress(session, now)
    done = session.phase == "done"
    prompts = session.content.prompts
    return RoutineView(
        title=step.title,
        text=runner.text(step.show),
        caution=step.caution,
        caution_keys=step.caution_keys or step.caution,
        general_advice=step.general_advice,
        segment=segment.kind,
        seconds_left=0 if done else int(math.ceil(runner.remaining(now) - 1e-6)),
        step_progress=round(step_progress, 2),  # a bar's resolution: equal views need no redraw
        routine_progress=round(routine_progress, 2),
        step_number=runner.step_index + 1,
        step_total=len(routine.steps),
        round=runner.round,
        rounds=step.rounds,
        repetition=segment.repetition,
        repetitions=step.repetitions,
        side=segment.side,
        one_sided=step.one_sided,
        leg=runner.leg,
        muscle=routine.muscle,
        routine_title=routine.title,
        paused=runner.paused_at is not None and session.phase == "routine",
        waiting=runner.waiting and session.phase == "routine",
        swollen_note=session.options.mode == "relief",
        asks_leg=session.options.mode == "relief",
        side_question=_side_question(session) if session.side_question_open else "",
        check_in=prompts["check_in"].show if session.phase == "check_in" else "",
        finished=(prompts["bedtime_done"].show or prompts["bedtime_done"].say) if done else "",
        tip=session.options.tip if done else "",
    )


def _question_view(session: Session) -> QuestionView | None:
    checklist = session.checklist
    if checklist is None or checklist.current is None:
        return None
    question = checklist.current
    text = personalise(session.content, question.show, session.runner.leg, session.runner.routine.muscle, emergency_number=session.options.emergency_number)
    return QuestionView(
        id=question.id,
        text=text,
        number=checklist.position + 1,
        total=len(checklist.to_ask),
        known=tuple((qid, d.text) for qid, d in checklist.derived.items()),
        answered=tuple(checklist.answers.items()),
        confirming=checklist.confirming is not None,
        keyboard_only=session.keyboard_only(),
        last_readback=_last_readback(session),
        given=_given(session, question),
        given_by_voiceaid=question.id in checklist.derived,
    )


def _last_readback(session: Session) -> str:
    checklist = session.checklist
    if checklist is None or checklist.position == 0:
        return ""
    previous = checklist.to_ask[checklist.position - 1]
    answer = checklist.answers.get(previous.id)
    return _readback(session, previous, answer) if answer else ""


def _side_question(session: Session) -> str:
    """Which leg (and which site); once the leg is known, only the offer of another site."""
    prompts = session.content.prompts
    if session.runner.leg is not None and "site_question" in prompts and prompts["site_question"].show:
        return prompts["site_question"].show
    return prompts["side_question"].show


def _given(session: Session, question: Question) -> str:
    """The answer this question already has, in a few words: one given before, or (reviewing from the
    outcome) what voiceaid worked out itself. → keeps it."""
    checklist = session.checklist
    assert checklist is not None
    if question.id in checklist.answers:
        return _readback(session, question, checklist.answers[question.id], summary=True)
    derived = checklist.derived.get(question.id)
    return derived.text if derived is not None else ""


def key_state(session: Session | None, kiosk: bool = False) -> KeyState:
    """What the keys can act on now (None: the kiosk's idle screen, between episodes)."""
    if session is None:
        return KeyState("idle", kiosk=kiosk)
    checklist = session.checklist if session.phase == "checklist" else None
    return KeyState(
        phase=session.phase,
        mode=session.options.mode,
        leg_question=session.side_question_open and session.runner.leg is None,
        site_question=session.side_question_open,
        paused=session.runner.paused_at is not None and session.phase == "routine",
        confirming=checklist is not None and checklist.confirming is not None,
        can_change=checklist is not None and checklist.position > 0,
        can_keep=checklist is not None and checklist.current is not None and bool(_given(session, checklist.current)),
        waiting=session.phase == "routine" and session.runner.step.wait,
        kiosk=kiosk,
    )
