"""The words of each outcome: what to do, why, what to do if worse, the emergency number in full, and
the standing "not a diagnosis" line; spoken short (the decision, its action, one reason: under 40
words), the rest on screen and on "repeat"."""

from __future__ import annotations

import re

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


SPOKEN_BUDGET = 40  # words, at 3 a.m.: the decision, the one action, at most one reason (issue 26)


def spoken_words(text: str) -> int:
    """Words as a speech engine says them: the emergency number is already digit by digit ("1 1 2",
    three words); any other number is one word ("10" is "ten"); punctuation is not a word."""
    return len([token for token in text.split() if re.search(r"\w", token)])


@pytest.mark.parametrize("number,spoken", [("112", "1 1 2"), ("999", "9 9 9"), ("911", "9 1 1"), ("111", "1 1 1"), ("+44 20 7946", "+ 4 4 2 0 7 9 4 6")])
def test_emergency_outcome_speaks_and_shows_the_number_in_full(number: str, spoken: str) -> None:
    assert spoken_number(number) == spoken
    text = outcome_text(CONTENT, Outcome("emergency", ("chest_or_breath",)), number)
    assert text.disposition == "emergency"
    assert number in text.title and f"Call {number} now." in text.show
    assert f"Call {spoken} now. That is {spoken}." in text.spoken  # spoken digit by digit, twice
    assert "Do not drive yourself." in text.spoken and "Do not drive yourself." in text.show
    assert number in text.if_worse and spoken in text.spoken_rest
    assert text.reasons == (CONTENT.question("chest_or_breath").reason,)
    assert text.standing_line == f"This is general information, not a diagnosis. If you are worried, contact a doctor. In an emergency, call {number}."
    no_placeholders(text.title, text.show, text.spoken, text.spoken_rest, text.if_worse, text.standing_line)


@pytest.mark.parametrize("disposition", DISPOSITIONS)
def test_every_outcome_has_what_to_do_why_if_worse_and_the_standing_line(disposition: str) -> None:
    reasons = {"emergency": ("stroke_signs",), "today": ("dark_urine", "long_cramp"), "soon": ("frequent",), "self_care": ()}[disposition]
    text = outcome_text(CONTENT, Outcome(disposition, reasons), "999", tip="A tip.")
    words = CONTENT.dispositions[disposition]
    assert text.title and text.show and text.if_worse
    assert text.reason_ids == reasons
    assert len(text.reasons) == len(reasons)
    numbers = {"emergency_number": "9 9 9", "emergency_number_spoken": "9 9 9"}
    # spoken at once: what to do, then the first reason only; on "repeat": the other reasons, then
    # what to do if it gets worse (and with self-care, tonight's tip)
    assert text.spoken == " ".join((words.say.format(**numbers), *text.reasons[:1]))
    tip = ("A tip.",) if disposition == "self_care" else ()
    assert text.spoken_rest == " ".join((*text.reasons[1:], words.if_worse.format(**numbers), *tip))
    assert text.tip == " ".join(tip)
    assert "not a diagnosis" in text.standing_line and "999" in text.standing_line
    assert "999" in text.if_worse  # every outcome says when to call for help
    no_placeholders(text.title, text.show, text.spoken, text.spoken_rest, text.if_worse, text.standing_line, *text.reasons)


def _first_reasons(disposition: str) -> list[str]:
    """Every reason that can be spoken first with this outcome (the spoken one is the first)."""
    if disposition == "self_care":
        return ["", STRETCH_MADE_IT_WORSE]
    found = [q.id for q in CONTENT.questions if q.tier == disposition]
    return found + ([ASKED_FOR_EMERGENCY] if disposition == "emergency" else [])


@pytest.mark.parametrize("number", ["112", "999", "911"])
@pytest.mark.parametrize("disposition", DISPOSITIONS)
@pytest.mark.parametrize("hears", [True, False])
def test_every_spoken_outcome_is_under_its_word_budget(disposition: str, number: str, hears: bool) -> None:
    # What the session says at once: the outcome, then how to hear the rest.
    more = CONTENT.say_for("outcome_more", not hears)
    for first in _first_reasons(disposition):
        reasons = (first,) if first else ()
        text = outcome_text(CONTENT, Outcome(disposition, reasons, ("frequent", "walking_pain")), number, tip=CONTENT.tips[0].text)
        spoken = f"{text.spoken} {more}"
        assert spoken_words(spoken) < SPOKEN_BUDGET, (spoken_words(spoken), spoken)
        assert CONTENT.tips[0].text not in spoken  # the tip is shown, and said on "repeat"


def test_a_reason_speaks_the_emergency_number_digit_by_digit_and_shows_it_whole() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("dark_urine",)), "911")
    assert "call 911 at once" in text.if_worse
    assert "call 9 1 1 at once" in text.spoken_rest and "911" not in text.spoken_rest


def test_lower_tier_answers_are_kept_as_also() -> None:
    outcome = decide({"statin_pain": "yes", "numb_weak": "unsure", "walking_pain": "yes"}, CONTENT.questions)
    text = outcome_text(CONTENT, outcome, "112")
    assert text.reasons == (CONTENT.question("statin_pain").reason,)
    assert text.also == (CONTENT.question("numb_weak").reason, CONTENT.question("walking_pain").reason)
    assert CONTENT.question("numb_weak").reason not in text.spoken + text.spoken_rest  # spoken: only what decided it


def test_only_the_first_reason_is_spoken_at_once_the_others_on_repeat() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen", "dark_urine", "long_cramp", "statin_pain")), "112")
    assert text.reasons[0] in text.spoken
    assert all(reason not in text.spoken and reason in text.spoken_rest for reason in text.reasons[1:])


def test_asked_for_emergency_has_its_own_reason() -> None:
    text = outcome_text(CONTENT, decide({}, CONTENT.questions, emergency_requested=True), "112")
    assert text.reason_ids == (ASKED_FOR_EMERGENCY,)
    assert text.reasons == ("You asked for emergency help.",)


def test_self_care_after_a_stretch_that_hurt_says_what_to_watch_for() -> None:
    text = outcome_text(CONTENT, decide({}, CONTENT.questions, stretch_made_it_worse=True), "112")
    assert text.disposition == "self_care" and text.reason_ids == (STRETCH_MADE_IT_WORSE,)
    (watch,) = text.reasons
    assert "stretching" in watch and "today" in watch and "clot" in watch
    assert watch in text.spoken


def test_reasons_go_through_the_personal_wording() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen",)), "112", personal=lambda t: t.upper())
    assert text.reasons == (CONTENT.question("one_leg_swollen").reason.upper(),)


def test_self_care_reassures_gives_tonights_tip_and_says_when_to_seek_help() -> None:
    text = outcome_text(CONTENT, Outcome("self_care", ()), "112", tip=CONTENT.tips[0].text)
    assert text.reasons == () and text.also == ()
    assert "common and usually harmless" in text.spoken
    assert "up to a day" in text.show
    # a swollen, red or warm leg is a "today" sign in the clinical notes, not "see a doctor"
    assert "swells, turns red or warm" in text.if_worse and "medical advice today" in text.if_worse
    assert "see a doctor" in text.if_worse and "112" in text.if_worse
    assert text.tip == CONTENT.tips[0].text and text.tip in text.spoken_rest
    assert outcome_text(CONTENT, Outcome("soon", ("frequent",)), "112", tip=CONTENT.tips[0].text).tip == ""  # a red flag comes first


def test_today_says_to_call_now_not_to_wait_for_opening_hours() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen",)), "112")
    assert "now" in text.spoken and "non-emergency" in text.spoken and "as soon as it opens" not in text.spoken


def test_the_pregnancy_line_is_shown_with_a_swollen_leg_but_never_spoken() -> None:
    text = outcome_text(CONTENT, Outcome("today", ("one_leg_swollen", "pain_after_cramp")), "112")
    assert len(text.notes) == 1 and "pregnant" in text.notes[0] and "today" in text.notes[0]  # once, not per reason
    assert "pregnant" not in text.spoken + text.spoken_rest
    assert outcome_text(CONTENT, Outcome("today", ("dark_urine",)), "112").notes == ()
