"""The red-flag checklist, alone and through the session: order, read-backs, going back, derived answers,
early emergency stop, silence (never a timeout into "no"), the low-confidence "no" check, and changing
an answer from the outcome."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceaid.content import load_content
from voiceaid.content.models import fill
from voiceaid.core.checklist import Checklist, Derived
from voiceaid.core.clock import ManualClock
from voiceaid.core.effects import Effect, Louder, Record, Say, StopSpeech
from voiceaid.core.session import Session, SessionOptions
from voiceaid.core.view import session_view

CONTENT = load_content()
EMERGENCY = ("chest_or_breath", "cold_pale_leg", "leg_cannot_move", "stroke_signs", "bladder_bowel")
TODAY = ("one_leg_swollen", "pain_after_cramp", "dark_urine", "long_cramp", "statin_pain")
FOLLOW_UP = "urine_emergency"  # emergency tier, asked right after a yes or not sure to dark_urine
SOON = ("new_medicine", "frequent", "numb_weak", "walking_pain")
T0 = 100.0


def diary_text(count: int, days: int) -> str:
    text = CONTENT.question("frequent").derived_text
    assert "{count}" in text and "{days}" in text  # the reason names how many and over how long
    return fill(text, count=count, days=days)


def says(effects: list[Effect], kind: str | None = None) -> list[str]:
    return [e.text for e in effects if isinstance(e, Say) and (kind is None or e.kind == kind)]


def checking(**options: object) -> tuple[Session, ManualClock]:
    clock = ManualClock(T0)
    session = Session(CONTENT, SessionOptions(mode="check", **options), clock.now)  # type: ignore[arg-type]
    session.start(clock.now)
    return session, clock


def current_id(session: Session) -> str | None:
    view = session_view(session, 0).question
    return view.id if view else None


def answer_all(session: Session, answers: dict[str, str], default: str = "no") -> list[str]:
    """Answer until the outcome; returns the ids asked, in order."""
    asked = []
    while session.phase == "checklist":
        qid = current_id(session)
        assert qid is not None
        asked.append(qid)
        session.handle(answers.get(qid, default), T0)
    return asked


# ----- the Checklist object


def test_questions_are_asked_in_tier_order_and_derived_ones_are_skipped() -> None:
    checklist = Checklist(CONTENT.questions, {"long_cramp": Derived("yes", "timed")})
    asked = []
    while checklist.current is not None:
        asked.append(checklist.answer("no").id)
    assert asked == [q for q in EMERGENCY + TODAY + SOON if q != "long_cramp"]
    assert checklist.done
    assert checklist.all_answers()["long_cramp"] == "yes"
    assert checklist.outcome().disposition == "today"


def test_answer_rejects_unknown_values_and_closed_checklists() -> None:
    checklist = Checklist(CONTENT.questions)
    with pytest.raises(ValueError):
        checklist.answer("maybe")
    checklist.answer("yes")  # emergency tier: ends at once
    assert checklist.done and checklist.current is None
    with pytest.raises(RuntimeError):
        checklist.answer("no")


def test_given_answers_override_derived_ones() -> None:
    checklist = Checklist(CONTENT.questions, {"frequent": Derived("yes", "diary")})
    checklist.answers["frequent"] = "no"
    assert checklist.all_answers()["frequent"] == "no"


# ----- through the session


def test_every_answer_is_read_back() -> None:
    session, _ = checking()
    for qid, answer, expected in (
        ("chest_or_breath", "no", CONTENT.question("chest_or_breath").no),
        ("cold_pale_leg", "no", CONTENT.question("cold_pale_leg").no),
    ):
        assert current_id(session) == qid
        effects = session.handle(answer, T0)
        assert says(effects, "readback") == [expected]
        assert isinstance(effects[0], Record) and effects[0].fields["answers"][qid] == answer
    for _ in range(3):
        session.handle("no", T0)
    effects = session.handle("unsure", T0)  # one_leg_swollen
    assert says(effects, "readback") == [CONTENT.unsure_readback] == ["Not sure: counted as yes, to be safe."]
    effects = session.handle("no", T0)  # pain_after_cramp: asked in check mode, where no cramp is under way
    assert says(effects, "readback") == [CONTENT.question("pain_after_cramp").no]
    effects = session.handle("no", T0)  # dark_urine
    assert says(effects, "readback") == [CONTENT.question("dark_urine").no]
    assert says(effects, "question") == [CONTENT.question("long_cramp").say]  # check mode: the timer knows nothing


def test_dark_urine_asks_its_emergency_follow_up_and_only_then() -> None:
    # Clinical notes: dark urine with muscle pain is "today"; "an emergency if passing very little
    # urine or confused". The follow-up is asked only after a yes or not sure to dark urine.
    for answer, follow_up in (("yes", True), ("unsure", True), ("no", False)):
        session, _ = checking()
        asked = answer_all(session, {"dark_urine": answer})
        assert (FOLLOW_UP in asked) is follow_up
        if follow_up:
            assert asked[asked.index("dark_urine") + 1] == FOLLOW_UP
        assert session.outcome is not None and session.outcome.disposition == ("today" if follow_up else "self_care")
    session, _ = checking()
    asked = answer_all(session, {"dark_urine": "yes", FOLLOW_UP: "yes"})
    assert asked[-1] == FOLLOW_UP  # an emergency-tier yes ends the checklist at once
    assert session.outcome is not None and session.outcome.disposition == "emergency"
    assert session.outcome.reason_ids == (FOLLOW_UP,) and CONTENT.question("dark_urine").reason in session.outcome.also


def test_changing_dark_urine_to_no_drops_its_follow_up_answer() -> None:
    session, _ = checking()
    answer_all(session, {"dark_urine": "yes", FOLLOW_UP: "no"})
    assert session.outcome is not None and session.outcome.disposition == "today"
    session.handle("back", T0)  # change an answer: the last one asked
    while current_id(session) != "dark_urine":
        session.handle("back", T0)
    session.handle("no", T0)
    assert current_id(session) == "long_cramp"  # the follow-up is no longer asked
    answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "self_care"
    assert CONTENT.question(FOLLOW_UP).no not in session_view(session, T0).you_said
    assert FOLLOW_UP not in session.checklist.all_answers()  # nor saved to the diary  # type: ignore[union-attr]


@pytest.mark.parametrize("qid", EMERGENCY)
@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_an_emergency_tier_yes_or_not_sure_ends_the_checklist_at_once(qid: str, answer: str) -> None:
    session, _ = checking(emergency_number="911")
    asked = answer_all(session, {qid: answer})
    assert asked == list(EMERGENCY[: EMERGENCY.index(qid) + 1])
    assert session.outcome is not None
    assert session.outcome.disposition == "emergency" and session.outcome.reason_ids == (qid,)
    assert "9 1 1" in session.outcome.spoken and "Do not drive yourself" in session.outcome.spoken  # read digit by digit


def test_not_sure_counts_as_yes_and_the_highest_tier_wins() -> None:
    session, _ = checking()
    answer_all(session, {"statin_pain": "unsure", "walking_pain": "yes"})
    assert session.outcome is not None and session.outcome.disposition == "today"
    assert session.outcome.reason_ids == ("statin_pain",)
    assert session.outcome.also == (CONTENT.question("walking_pain").reason,)


def test_all_no_is_self_care_and_every_question_but_the_follow_up_is_asked_in_check_mode() -> None:
    session, _ = checking()
    assert answer_all(session, {}) == list(EMERGENCY + TODAY + SOON)
    assert session.outcome is not None and session.outcome.disposition == "self_care"


def test_back_returns_to_the_previous_question_and_the_answer_can_be_changed() -> None:
    session, clock = checking()
    session.handle("no", T0)
    session.handle("no", T0)
    assert current_id(session) == "leg_cannot_move"
    effects = session.handle("back", T0)
    assert effects[0] == StopSpeech()
    assert current_id(session) == "cold_pale_leg"
    assert says(effects, "question") == [fill(CONTENT.question("cold_pale_leg").say, one_leg="one leg")]
    view = session_view(session, T0).question
    assert view is not None and ("cold_pale_leg", "no") in view.answered  # kept until answered again
    session.handle("yes", T0)
    assert session.outcome is not None and session.outcome.disposition == "emergency"
    assert session.checklist is not None and session.checklist.answers["cold_pale_leg"] == "yes"


def test_back_on_the_first_question_asks_it_again() -> None:
    session, _ = checking()
    effects = session.handle("back", T0)
    assert current_id(session) == "chest_or_breath"
    assert says(effects, "question") == [CONTENT.question("chest_or_breath").say]


def test_change_an_answer_from_the_outcome() -> None:
    session, _ = checking()
    answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "self_care"
    effects = session.handle("back", T0)  # "change an answer"
    assert effects[0] == StopSpeech()
    assert session.phase == "checklist" and session.outcome is None
    assert current_id(session) == "walking_pain"  # the last one asked
    session.handle("back", T0)
    assert current_id(session) == "numb_weak"
    session.handle("yes", T0)
    session.handle("no", T0)
    assert session.outcome is not None and session.outcome.disposition == "soon"
    assert session.outcome.reason_ids == ("numb_weak",)


def test_right_arrow_keeps_an_answer_given_before_so_any_one_can_be_changed() -> None:
    session, _ = checking()
    answer_all(session, {"new_medicine": "yes"})
    assert session.outcome is not None and session.outcome.disposition == "soon"
    session.handle("back", T0)  # C on the outcome: change an answer
    while current_id(session) != "new_medicine":
        session.handle("back", T0)
    view = session_view(session, T0).question
    assert view is not None and view.given == CONTENT.question("new_medicine").yes  # shown: "You said: ..."
    session.handle("no", T0)  # changed
    asked_again = []
    while session.phase == "checklist":
        asked_again.append(current_id(session))
        effects = session.handle("next", T0)  # → keeps the answer given before
        assert says(effects, "readback")
    assert asked_again == ["frequent", "numb_weak", "walking_pain"]
    assert session.outcome is not None and session.outcome.disposition == "self_care"
    assert session.handle("next", T0) == []  # nothing to keep on the outcome


def test_right_arrow_does_not_answer_a_question_never_answered() -> None:
    session, _ = checking()
    assert session.handle("next", T0) == [] and current_id(session) == "chest_or_breath"


def test_changing_an_emergency_answer_goes_on_with_the_rest() -> None:
    session, _ = checking()
    session.handle("no", T0)
    session.handle("unsure", T0)  # cold_pale_leg: emergency at once
    assert session.outcome is not None and session.outcome.disposition == "emergency"
    session.handle("back", T0)
    assert current_id(session) == "cold_pale_leg"
    session.handle("no", T0)
    assert current_id(session) == "leg_cannot_move"
    answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "self_care"


# ----- derived answers


def test_frequent_comes_from_the_diary_at_three_or_more_in_seven_days() -> None:
    session, _ = checking(diary_count=3)
    assert session.checklist is not None
    assert session.checklist.derived == {"frequent": Derived("yes", diary_text(3, 7))}
    assert "frequent" not in answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "soon"
    assert session.outcome.reason_ids == ("frequent",)


@pytest.mark.parametrize("count,threshold,derived", [(None, 3, False), (0, 3, False), (2, 3, False), (3, 3, True), (9, 3, True), (4, 5, False), (5, 5, True)])
def test_diary_threshold_is_configurable_and_below_it_the_question_is_asked(count: int | None, threshold: int, derived: bool) -> None:
    session, _ = checking(diary_count=count, frequent_count=threshold, frequent_days=14)
    assert session.checklist is not None
    assert ("frequent" in session.checklist.derived) is derived
    assert ("frequent" in answer_all(session, {})) is not derived
    if derived:
        assert session.checklist.derived["frequent"].text == diary_text(count, 14)


def test_a_derived_answer_can_be_changed_from_the_outcome() -> None:
    """The diary says "frequent" (perhaps from test runs): the person can say it is not so."""
    session, _ = checking(diary_count=3)
    answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "soon"
    effects = session.change_answer("frequent", T0)
    assert effects[0] == StopSpeech()
    assert current_id(session) == "frequent"
    assert says(effects, "question") == [CONTENT.question("frequent").say]
    view = session_view(session, T0).question
    assert view is not None and view.given == diary_text(3, 7) and view.given_by_voiceaid  # what voiceaid worked out, shown as such
    session.handle("no", T0)
    assert session.checklist is not None and "frequent" not in session.checklist.derived
    answer_all(session, {})
    assert session.outcome is not None and session.outcome.disposition == "self_care"
    assert session.checklist.all_answers()["frequent"] == "no"


def test_c_then_back_reaches_a_derived_answer_and_right_keeps_it() -> None:
    """C opens the last question; going back passes the derived answer too, where → keeps it."""
    session, _ = checking(diary_count=3)
    answer_all(session, {})
    session.handle("back", T0)  # C: change an answer
    assert current_id(session) == "walking_pain"
    while current_id(session) != "frequent":
        session.handle("back", T0)
    session.handle("next", T0)  # →: keep it
    assert current_id(session) != "frequent"
    while session.phase == "checklist":
        session.handle("next", T0)
    assert session.outcome is not None and session.outcome.disposition == "soon"
    assert session.checklist is not None and "frequent" in session.checklist.derived


def test_change_answer_names_any_question_and_does_nothing_before_the_outcome() -> None:
    session, _ = checking()
    assert session.change_answer("chest_or_breath", T0) == []  # a question is open: nothing to change yet
    answer_all(session, {})
    session.change_answer("stroke_signs", T0)
    assert current_id(session) == "stroke_signs"


def test_known_answers_are_shown_with_the_reason() -> None:
    session, _ = checking(diary_count=4)
    view = session_view(session, T0).question
    assert view is not None
    assert view.known == (("frequent", diary_text(4, 7)),)
    assert view.total == len(CONTENT.questions) - 2  # neither the known one nor the dark-urine follow-up
    assert view.number == 1


# ----- silence and the low-confidence "no"


def test_silence_asks_once_more_louder_then_waits_for_a_key_and_never_answers() -> None:
    session, clock = checking()
    first = session.no_reply(clock.advance(6))
    assert isinstance(first[0], Louder)
    assert says(first, "question") == [f"{CONTENT.prompts['question_again'].say} {CONTENT.question('chest_or_breath').say}"]
    assert not session.keyboard_only()
    second = session.no_reply(clock.advance(6))
    assert says(second) == [CONTENT.prompts["keyboard_fallback"].say]
    assert not any(isinstance(e, Louder) for e in second)
    assert session.keyboard_only()
    view = session_view(session, clock.now).question
    assert view is not None and view.keyboard_only
    for _ in range(50):  # an hour of silence: still waiting, still the same question
        assert session.no_reply(clock.advance(72)) == []
    assert current_id(session) == "chest_or_breath" and session.checklist is not None and session.checklist.answers == {}
    session.handle("no", clock.now)  # a key
    assert not session.keyboard_only() and current_id(session) == "cold_pale_leg"
    assert isinstance(session.no_reply(clock.now)[0], Louder)  # a fresh question gets its own second chance


def test_a_low_confidence_no_is_checked_before_it_counts() -> None:
    session, _ = checking()
    effects = session.handle("no", T0, low_confidence=True)
    assert says(effects) == ["I heard no. Is that right?"]
    assert session.checklist is not None and session.checklist.answers == {}
    assert session_view(session, T0).question.confirming  # type: ignore[union-attr]
    effects = session.handle("yes", T0)  # "yes, that's right": the answer is no
    assert session.checklist.answers == {"chest_or_breath": "no"}
    assert says(effects, "readback") == [CONTENT.question("chest_or_breath").no]


def test_a_low_confidence_no_denied_asks_the_question_again() -> None:
    session, _ = checking()
    session.handle("no", T0, low_confidence=True)
    effects = session.handle("no", T0)
    assert says(effects) == [CONTENT.question("chest_or_breath").say]
    assert session.checklist is not None and session.checklist.answers == {} and session.checklist.confirming is None
    session.handle("yes", T0)
    assert session.outcome is not None and session.outcome.disposition == "emergency"


def test_not_sure_while_confirming_counts_as_not_sure() -> None:
    session, _ = checking()
    session.handle("no", T0, low_confidence=True)
    session.handle("unsure", T0)
    assert session.outcome is not None and session.outcome.disposition == "emergency"


def test_back_while_confirming_asks_the_same_question_again() -> None:
    session, _ = checking()
    session.handle("no", T0)
    session.handle("no", T0, low_confidence=True)
    session.handle("back", T0)
    assert current_id(session) == "cold_pale_leg"
    assert session.checklist is not None and session.checklist.confirming is None


def test_a_low_confidence_yes_or_not_sure_is_taken_as_it_is() -> None:
    for answer in ("yes", "unsure"):
        session, _ = checking()
        session.handle(answer, T0, low_confidence=True)
        assert session.outcome is not None and session.outcome.disposition == "emergency"


def test_other_intents_do_not_answer() -> None:
    session, _ = checking()
    for intent in ("next", "pause", "left", "worse", "nonsense"):
        assert session.handle(intent, T0) == []
    assert current_id(session) == "chest_or_breath"


# ----- a whole checklist, any answers, against the rules


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["yes", "no", "unsure"]), min_size=16, max_size=16), st.sampled_from([None, 1, 3]))
def test_any_answer_sequence_ends_with_the_rules_outcome(answers: list[str], diary: int | None) -> None:
    session, _ = checking(diary_count=diary)
    given_answers: dict[str, str] = {}
    for answer in answers:
        if session.phase != "checklist":
            break
        qid = current_id(session)
        assert qid is not None
        given_answers[qid] = answer
        session.handle(answer, T0)
    assert session.phase == "outcome" and session.outcome is not None
    if diary == 3:
        given_answers["frequent"] = "yes"
    flagged = {q for q, a in given_answers.items() if a != "no"}
    emergency_hits = [q for q in EMERGENCY + (FOLLOW_UP,) if q in flagged]
    if emergency_hits:
        # stopped at the first emergency-tier yes or not sure: nothing after it was asked
        assert session.outcome.disposition == "emergency" and session.outcome.reason_ids == (emergency_hits[0],)
        assert list(given_answers)[-1 if diary != 3 else -2] == emergency_hits[0]
    elif flagged & set(TODAY):
        assert session.outcome.disposition == "today"
        assert set(session.outcome.reason_ids) == flagged & set(TODAY)
    elif flagged & set(SOON):
        assert session.outcome.disposition == "soon"
        assert set(session.outcome.reason_ids) == flagged & set(SOON)
    else:
        assert session.outcome.disposition == "self_care" and session.outcome.reason_ids == ()
