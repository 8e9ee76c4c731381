"""Triage rules from the clinical notes: any yes decides at least its tier, "not sure" counts as yes,
and the highest tier answered wins. Used by the app, `voiceaid triage` and `voiceaid check` alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from voiceaid.content.models import TIERS, Question

ANSWERS = ("yes", "no", "unsure")
ASKED_FOR_EMERGENCY = "asked_for_emergency"
STRETCH_MADE_IT_WORSE = "stretch_made_it_worse"


@dataclass(frozen=True)
class Outcome:
    disposition: str  # emergency | today | soon | self_care
    reasons: tuple[str, ...]  # ids of the answers that decided it
    also: tuple[str, ...] = ()  # positive answers of lower tiers, still worth telling the doctor


def is_positive(answer: str | None) -> bool:
    return answer in ("yes", "unsure")


def decide(answers: Mapping[str, str], questions: Sequence[Question], emergency_requested: bool = False, stretch_made_it_worse: bool = False) -> Outcome:
    """`stretch_made_it_worse`: pain on flexing the foot can be a sign of a clot. The notes send it to
    the checklist rather than to a tier of its own, so it never raises the outcome; but it is never
    dropped either: with no red flag it is the self-care outcome's reason (what to watch for), and
    above self-care it is the first thing worth telling the doctor.
    A follow-up question (`follows`) counts only with a yes or not sure to the question it follows:
    "very little urine or confusion" is an emergency sign together with dark urine, not alone."""
    noted = (STRETCH_MADE_IT_WORSE,) if stretch_made_it_worse else ()
    positive_by_tier: dict[str, list[str]] = {tier: [] for tier in TIERS}
    for question in questions:
        if question.follows is not None and not is_positive(answers.get(question.follows)):
            continue  # a follow-up means something only with its question's yes (dark urine, then how much)
        if is_positive(answers.get(question.id)):
            positive_by_tier[question.tier].append(question.id)
    if emergency_requested:
        positive_by_tier["emergency"].insert(0, ASKED_FOR_EMERGENCY)
    for index, tier in enumerate(TIERS):
        if positive_by_tier[tier]:
            lower = tuple(qid for other in TIERS[index + 1 :] for qid in positive_by_tier[other])
            return Outcome(tier, tuple(positive_by_tier[tier]), noted + lower)
    return Outcome("self_care", noted)


def ends_checklist(question: Question, answer: str) -> bool:
    """An emergency-tier yes or not-sure ends the checklist at once: nothing else can change the outcome."""
    return question.tier == "emergency" and is_positive(answer)
