"""The words of each outcome: what to do, why, what to do if worse, the emergency number in full, and
the standing "not a diagnosis" line."""

from __future__ import annotations

import pytest

from voiceaid.content import load_content
from voiceaid.core.outcome_text import outcome_text
from voiceaid.core.triage import ASKED_FOR_EMERGENCY, STRETCH_MADE_IT_WORSE, Outcome, decide
from voiceaid.core.wording import spoken_number

CONTENT = load_content()
DISPOSITIONS = ("emergency", "today", "soon", "self_care")


def no_placeholders(*texts: str) -> None:
    for text in texts:
        assert "{" not in text and "}" not in text, text


@pytest.mark.parametrize("number,spoken", [("112", "1 1 2"), ("999", "9 9 9"), ("911", "9 1 1"), ("111", "1 1 1"), ("+44 20 7946", "+ 4 4 2 0 7 9 4 6")])
def test_emergency_outcome_speaks_and_shows_the_number_in_full(number: str, spoken: str) -> None:
    assert spoken_number(number) == spoken
    text = outcome_text(CONTENT, Outcome("emergency", ("chest_or_breath",)), number)
    assert text.disposition == "emergency"
    assert number in text.title and f"Call {number} now." in text.show
    assert f"Call {number} now. That is {spoken}." in text.spoken
    assert "Do not drive yourself." in text.spoken and "Do not drive yourself." in text.show
    assert number in text.if_worse
    assert text.reasons == (CONTENT.question("chest_or_breath").reason,)
    assert text.standing_line == f"This is general information, not a diagnosis. If you are worried, contact a doctor. In an emergency, call {number}."
    no_placeholders(text.title, text.show, text.spoken, text.if_worse, text.standing_line)


@pytest.mark.parametrize("disposition", DISPOSITIONS)
def test_every_outcome_has_what_to_do_why_if_worse_and_the_standing_line(disposition: str) -> None:
    reasons = {"emergency": ("stroke_signs",), "today": ("dark_urine", "long_cramp"), "soon": ("frequent",), "self_care": ()}[disposition]
    text = outcome_text(CONTENT, Outcome(disposition, reasons), "999")
    words = CONTENT.dispositions[disposition]
    assert text.title and text.show and text.if_worse
    assert text.reason_ids == reasons
    assert len(text.reasons) == len(reasons)
    # spoken: what to do, then why, then what to do if it gets worse
    assert text.spoken == " ".join((words.say.format(emergency_number="999", emergency_number_spoken="9 9 9"), *text.reasons, text.if_worse))
    assert "not a diagnosis" in text.standing_line and "999" in text.standing_line
    assert "999" in text.if_worse  # every outcome says when to call for help
    no_placeholders(text.title, text.show, text.spoken, text.if_worse, text.standing_line, *text.reasons)


def test_reasons_fill_the_emergency_number() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("dark_urine",)), "911")
    assert "call 911 now" in text.reasons[0]
    assert "call 911 now" in text.spoken


def test_lower_tier_answers_are_kept_as_also() -> None:
    outcome = decide({"statin_pain": "yes", "numb_weak": "unsure", "walking_pain": "yes"}, CONTENT.questions)
    text = outcome_text(CONTENT, outcome, "112")
    assert text.reasons == (CONTENT.question("statin_pain").reason,)
    assert text.also == (CONTENT.question("numb_weak").reason, CONTENT.question("walking_pain").reason)
    assert CONTENT.question("numb_weak").reason not in text.spoken  # spoken: only what decided it


def test_asked_for_emergency_has_its_own_reason() -> None:
    text = outcome_text(CONTENT, decide({}, CONTENT.questions, emergency_requested=True), "112")
    assert text.reason_ids == (ASKED_FOR_EMERGENCY,)
    assert text.reasons == ("You asked for emergency help.",)


def test_self_care_after_a_stretch_that_hurt_says_what_to_watch_for() -> None:
    text = outcome_text(CONTENT, decide({}, CONTENT.questions, stretch_made_it_worse=True), "112")
    assert text.disposition == "self_care" and text.reason_ids == (STRETCH_MADE_IT_WORSE,)
    (watch,) = text.reasons
    assert "stretching made the pain worse" in watch and "today" in watch and "clot" in watch
    assert watch in text.spoken


def test_reasons_go_through_the_personal_wording() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen",)), "112", personal=lambda t: t.upper())
    assert text.reasons == (CONTENT.question("one_leg_swollen").reason.upper(),)


def test_self_care_reassures_and_says_when_to_seek_help() -> None:
    text = outcome_text(CONTENT, Outcome("self_care", ()), "112")
    assert text.reasons == () and text.also == ()
    assert "common and usually harmless" in text.spoken
    assert "up to a day" in text.spoken
    assert "see a doctor" in text.if_worse and "112" in text.if_worse


def test_today_mentions_pregnancy_for_a_swollen_leg() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen",)), "112")
    assert "pregnant" in text.reasons[0] and "today" in text.reasons[0]
