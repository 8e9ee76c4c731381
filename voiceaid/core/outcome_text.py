"""The words of an outcome: title, what to do, why, and what to do if it gets worse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from voiceaid.content.models import Content, fill
from voiceaid.core.triage import Outcome
from voiceaid.core.wording import spoken_number


@dataclass(frozen=True)
class OutcomeText:
    disposition: str
    title: str
    show: str
    reasons: tuple[str, ...]  # why, one line per answer that decided it
    also: tuple[str, ...]  # lower-tier answers worth telling a doctor
    if_worse: str
    standing_line: str
    spoken: str
    reason_ids: tuple[str, ...]


def outcome_text(content: Content, outcome: Outcome, emergency_number: str, personal: Callable[[str], str] = lambda t: t) -> OutcomeText:
    numbers = {"emergency_number": emergency_number, "emergency_number_spoken": spoken_number(emergency_number)}
    disposition = content.dispositions[outcome.disposition]

    def reason(reason_id: str) -> str:
        if reason_id in content.extra_reasons:
            return fill(content.extra_reasons[reason_id], **numbers)
        return fill(personal(content.question(reason_id).reason), **numbers)

    reasons = tuple(reason(rid) for rid in outcome.reasons)
    also = tuple(reason(rid) for rid in outcome.also)
    say = fill(disposition.say, **numbers)
    if_worse = fill(disposition.if_worse, **numbers)
    return OutcomeText(
        disposition=outcome.disposition,
        title=fill(disposition.title, **numbers),
        show=fill(disposition.show, **numbers),
        reasons=reasons,
        also=also,
        if_worse=if_worse,
        standing_line=fill(content.standing_line, **numbers),
        spoken=" ".join((say, *reasons, if_worse)),
        reason_ids=outcome.reasons,
    )
