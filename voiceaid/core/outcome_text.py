"""The words of an outcome: title, what to do, why, and what to do if it gets worse.

Spoken at 3 a.m., an outcome must be short enough to take in: the decision and its one action, then
only the first reason (`spoken`); the other reasons, what to do if it gets worse and the tip wait for
"repeat" (`spoken_rest`). Everything is on screen. In spoken text the emergency number is read digit
by digit ("1 1 2"), so no speech engine turns it into "one hundred and twelve"."""

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
    spoken: str  # what is said at once: what to do and the first reason
    reason_ids: tuple[str, ...]
    spoken_rest: str = ""  # said on "repeat": the other reasons, what to do if worse, the tip
    notes: tuple[str, ...] = ()  # shown under the reasons, never spoken (they apply to some people only)
    tip: str = ""  # tonight's prevention tip, with a self-care outcome


def outcome_text(content: Content, outcome: Outcome, emergency_number: str, personal: Callable[[str], str] = lambda t: t, tip: str = "") -> OutcomeText:
    """`tip`: tonight's prevention tip; shown (and said on "repeat") with a self-care outcome only,
    where the clinical notes ask for prevention tips and no red flag competes for attention."""
    spoken_digits = spoken_number(emergency_number)
    shown = {"emergency_number": emergency_number, "emergency_number_spoken": spoken_digits}
    said = {"emergency_number": spoken_digits, "emergency_number_spoken": spoken_digits}
    disposition = content.dispositions[outcome.disposition]

    def reason(reason_id: str, numbers: dict[str, str]) -> str:
        if reason_id in content.extra_reasons:
            return fill(content.extra_reasons[reason_id], **numbers)
        return fill(personal(content.question(reason_id).reason), **numbers)

    def notes() -> tuple[str, ...]:
        found = (content.question(rid).note for rid in outcome.reasons if rid not in content.extra_reasons)
        return tuple(dict.fromkeys(fill(personal(note), **shown) for note in found if note))

    reasons_said = [reason(rid, said) for rid in outcome.reasons]
    tip = tip if outcome.disposition == "self_care" else ""
    spoken = " ".join((fill(disposition.say, **said), *reasons_said[:1]))
    spoken_rest = " ".join((*reasons_said[1:], fill(disposition.if_worse, **said), tip)).strip()
    return OutcomeText(
        disposition=outcome.disposition,
        title=fill(disposition.title, **shown),
        show=fill(disposition.show, **shown),
        reasons=tuple(reason(rid, shown) for rid in outcome.reasons),
        also=tuple(reason(rid, shown) for rid in outcome.also),
        if_worse=fill(disposition.if_worse, **shown),
        standing_line=fill(content.standing_line, **shown),
        spoken=spoken,
        reason_ids=outcome.reasons,
        spoken_rest=spoken_rest,
        notes=notes(),
        tip=tip,
    )
