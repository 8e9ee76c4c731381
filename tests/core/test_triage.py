"""Triage against an independent oracle written from the clinical notes (shared/reference/clinical.md):

  Tiers, most urgent first. Any "yes" decides at least that tier; "not sure" counts as "yes" (the
  cautious outcome wins); the highest tier answered wins. No red flag: self-care.
  Urine dark like tea or cola with muscle pain or weakness: today; "an emergency if passing very
  little urine or confused" (so that part counts only together with dark urine).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voiceaid.content import load_content
from voiceaid.core.triage import ASKED_FOR_EMERGENCY, STRETCH_MADE_IT_WORSE, Outcome, decide, ends_checklist, is_positive

CONTENT = load_content()
QUESTIONS = CONTENT.questions

# Written out from clinical.md, not read from the content or the code under test.
ORACLE_TIERS = {
    "emergency": ("chest_or_breath", "cold_pale_leg", "leg_cannot_move", "stroke_signs", "bladder_bowel", "urine_emergency"),
    "today": ("one_leg_swollen", "pain_after_cramp", "dark_urine", "long_cramp", "statin_pain"),
    "soon": ("new_medicine", "frequent", "numb_weak", "walking_pain"),
}
ONLY_WITH = {"urine_emergency": "dark_urine"}  # counts only together with a yes or not sure to that one
ORDER = ("emergency", "today", "soon")
ALL_IDS = tuple(qid for tier in ORDER for qid in ORACLE_TIERS[tier])
# Asked in tier order, a follow-up straight after the question it follows.
ASKED = tuple(qid for qid in ALL_IDS if qid not in ONLY_WITH)
ASKED = ASKED[: ASKED.index("dark_urine") + 1] + ("urine_emergency",) + ASKED[ASKED.index("dark_urine") + 1 :]


def oracle(answers: dict[str, str | None], emergency_requested: bool = False) -> tuple[str, set[str], set[str]]:
    """(disposition, the ids that decided it, positive ids of lower tiers)."""
    flagged = {qid for qid, answer in answers.items() if answer in ("yes", "unsure")}  # not sure counts as yes
    flagged = {qid for qid in flagged if ONLY_WITH.get(qid, qid) in flagged}
    if emergency_requested:
        return "emergency", flagged & set(ORACLE_TIERS["emergency"]) | {ASKED_FOR_EMERGENCY}, flagged - set(ORACLE_TIERS["emergency"])
    for i, tier in enumerate(ORDER):
        hits = flagged & set(ORACLE_TIERS[tier])
        if hits:
            lower = {qid for later in ORDER[i + 1 :] for qid in ORACLE_TIERS[later]}
            return tier, hits, flagged & lower
    return "self_care", set(), set()


def check(answers: dict[str, str | None], emergency_requested: bool = False) -> Outcome:
    given_answers = {qid: a for qid, a in answers.items() if a is not None}  # None: not asked
    outcome = decide(given_answers, QUESTIONS, emergency_requested)
    disposition, reasons, also = oracle(answers, emergency_requested)
    assert outcome.disposition == disposition, answers
    assert set(outcome.reasons) == reasons, answers
    assert set(outcome.also) == also, answers
    # reasons come in checklist order (the asked-for-emergency reason first), each once
    assert list(outcome.reasons) == sorted(outcome.reasons, key=lambda r: -1 if r == ASKED_FOR_EMERGENCY else ASKED.index(r))
    assert len(set(outcome.reasons)) == len(outcome.reasons)
    return outcome


def test_the_content_tiers_match_the_clinical_notes() -> None:
    assert {q.id: q.tier for q in QUESTIONS} == {qid: tier for tier, ids in ORACLE_TIERS.items() for qid in ids}
    assert [q.id for q in QUESTIONS] == list(ASKED)  # emergency asked first, then today, then soon
    assert {q.id: q.follows for q in QUESTIONS if q.follows} == ONLY_WITH


def test_the_dark_urine_emergency_counts_only_with_dark_urine() -> None:
    assert decide({"urine_emergency": "yes"}, QUESTIONS) == Outcome("self_care", ())
    assert decide({"dark_urine": "no", "urine_emergency": "yes"}, QUESTIONS) == Outcome("self_care", ())
    assert decide({"dark_urine": "yes", "urine_emergency": "no"}, QUESTIONS) == Outcome("today", ("dark_urine",))
    assert decide({"dark_urine": "unsure", "urine_emergency": "unsure"}, QUESTIONS) == Outcome("emergency", ("urine_emergency",), ("dark_urine",))


def test_no_answers_and_all_no_are_self_care() -> None:
    assert decide({}, QUESTIONS) == Outcome("self_care", ())
    assert decide({qid: "no" for qid in ALL_IDS}, QUESTIONS) == Outcome("self_care", ())


@pytest.mark.parametrize("qid", ASKED)
@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_single_positive_answer_decides_its_tier(qid: str, answer: str) -> None:
    tier = next(t for t, ids in ORACLE_TIERS.items() if qid in ids)
    answers = {qid: answer, **({ONLY_WITH[qid]: "yes"} if qid in ONLY_WITH else {})}
    assert decide(answers, QUESTIONS) == Outcome(tier, (qid,), tuple(answers)[1:])


def test_not_sure_counts_as_yes() -> None:
    assert is_positive("unsure") and is_positive("yes")
    assert not is_positive("no") and not is_positive(None)


def test_the_highest_tier_wins_and_lower_ones_are_kept_for_the_doctor() -> None:
    outcome = decide({"walking_pain": "yes", "dark_urine": "unsure", "stroke_signs": "yes", "new_medicine": "no"}, QUESTIONS)
    assert outcome == Outcome("emergency", ("stroke_signs",), ("dark_urine", "walking_pain"))


def test_asking_for_an_emergency_wins_over_everything() -> None:
    assert decide({}, QUESTIONS, emergency_requested=True) == Outcome("emergency", (ASKED_FOR_EMERGENCY,))
    outcome = decide({"chest_or_breath": "yes", "frequent": "yes"}, QUESTIONS, emergency_requested=True)
    assert outcome.reasons == (ASKED_FOR_EMERGENCY, "chest_or_breath") and outcome.also == ("frequent",)


def test_a_stretch_that_made_it_worse_never_raises_the_tier_and_is_never_dropped() -> None:
    # The notes send it to the checklist, not to a tier: self-care keeps it as its reason, and a
    # higher outcome lists it first among what is worth telling the doctor.
    assert decide({}, QUESTIONS, stretch_made_it_worse=True) == Outcome("self_care", (STRETCH_MADE_IT_WORSE,))
    outcome = decide({"one_leg_swollen": "yes", "frequent": "yes"}, QUESTIONS, stretch_made_it_worse=True)
    assert outcome == Outcome("today", ("one_leg_swollen",), (STRETCH_MADE_IT_WORSE, "frequent"))
    outcome = decide({}, QUESTIONS, emergency_requested=True, stretch_made_it_worse=True)
    assert outcome == Outcome("emergency", (ASKED_FOR_EMERGENCY,), (STRETCH_MADE_IT_WORSE,))


def test_unknown_ids_and_answers_do_not_decide_anything() -> None:
    assert decide({"made_up": "yes", "frequent": "maybe"}, QUESTIONS).disposition == "self_care"


@pytest.mark.parametrize("qid", ALL_IDS)
def test_only_an_emergency_tier_yes_or_not_sure_ends_the_checklist(qid: str) -> None:
    question = CONTENT.question(qid)
    emergency = qid in ORACLE_TIERS["emergency"]
    assert ends_checklist(question, "yes") is emergency
    assert ends_checklist(question, "unsure") is emergency
    assert ends_checklist(question, "no") is False


# Table-driven: every combination of yes / no / not sure over two questions of each tier and the
# dark-urine pair (3^8 = 6561), the others not asked; and every combination of flagged / no over all
# fifteen (2^15 = 32768).
SUBSET = ("chest_or_breath", "bladder_bowel", "one_leg_swollen", "statin_pain", "frequent", "walking_pain", "dark_urine", "urine_emergency")


def test_every_answer_combination_over_all_tiers_matches_the_oracle() -> None:
    dispositions = set()
    for values in itertools.product(("yes", "no", "unsure"), repeat=len(SUBSET)):
        dispositions.add(check(dict(zip(SUBSET, values))).disposition)
    assert dispositions == {"emergency", "today", "soon", "self_care"}


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_every_set_of_flagged_questions_matches_the_oracle(answer: str) -> None:
    for flags in itertools.product((False, True), repeat=len(ALL_IDS)):
        check({qid: (answer if flag else "no") for qid, flag in zip(ALL_IDS, flags)})


@settings(max_examples=600, deadline=None)
@given(
    answers=st.fixed_dictionaries({qid: st.sampled_from([None, "yes", "no", "unsure"]) for qid in ALL_IDS}),
    emergency_requested=st.booleans(),
)
def test_random_answers_match_the_oracle(answers: dict[str, str | None], emergency_requested: bool) -> None:
    check(answers, emergency_requested)
