"""Spoken answers carry a safety asymmetry: a misheard "no" is the unsafe mistake, so it is read back."""

from __future__ import annotations

from voiceaid.content import load_content
from voiceaid.core.effects import Say
from voiceaid.core.session import Session, SessionOptions

CONTENT = load_content()


def checklist_session() -> Session:
    session = Session(CONTENT, SessionOptions(mode="check"), 0.0)
    session.start(0.0)
    return session


def said(effects) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.text for e in effects if isinstance(e, Say)]


def test_a_spoken_no_to_an_emergency_question_is_read_back_before_it_counts():
    session = checklist_session()
    effects = session.handle("no", 1.0, spoken=True)
    assert said(effects) == [CONTENT.prompts["confirm_no"].say]
    assert session.checklist.answers == {}
    session.handle("yes", 2.0, spoken=True)  # "is that right?" - "yes"
    assert session.checklist.answers == {"chest_or_breath": "no"}


def test_a_no_by_key_is_taken_at_once():
    session = checklist_session()
    session.handle("no", 1.0)
    assert session.checklist.answers == {"chest_or_breath": "no"}


def test_a_confident_spoken_no_to_a_later_tier_question_is_taken_at_once():
    session = checklist_session()
    while session.checklist.current.tier == "emergency":
        session.handle("no", 1.0)  # the emergency questions, by key
    assert session.checklist.current.tier == "today"
    session.handle("no", 2.0, spoken=True)
    assert "one_leg_swollen" in session.checklist.answers


def test_a_doubtful_spoken_no_denied_asks_the_question_again():
    session = checklist_session()
    session.handle("no", 1.0, spoken=True)
    effects = session.handle("no", 2.0, spoken=True)  # "is that right?" - "no"
    assert session.checklist.answers == {}
    assert said(effects) == [session.checklist.current.say]
