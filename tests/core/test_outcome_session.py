"""The outcome through the session (issue 26): said short, with how to hear the rest; "repeat" says the
rest; the "You said" summary of every answer behind it, for C to change any of them."""

from __future__ import annotations

from voiceaid.content import load_content
from voiceaid.core.effects import Effect, Say, StopSpeech
from voiceaid.core.session import Session, SessionOptions
from voiceaid.core.view import session_view

T0 = 10.0
CONTENT = load_content()


def says(effects: list[Effect]) -> list[str]:
    return [e.text for e in effects if isinstance(e, Say)]


def answered(answers: dict[str, str], **options: object) -> tuple[Session, list[Effect]]:
    session = Session(CONTENT, SessionOptions(mode="check", **options), T0)  # type: ignore[arg-type]
    session.start(T0)
    effects: list[Effect] = []
    while session.phase == "checklist":
        effects = session.handle(answers.get(session.checklist.current.id, "no"), T0)  # type: ignore[union-attr]
    return session, effects


def test_the_outcome_is_said_short_then_how_to_hear_the_rest() -> None:
    session, effects = answered({"one_leg_swollen": "yes", "statin_pain": "yes"})
    assert session.outcome is not None and session.outcome.disposition == "today"
    (spoken,) = [e.text for e in effects if isinstance(e, Say) and e.kind == "outcome"]
    assert spoken == f"{session.outcome.spoken} {CONTENT.prompts['outcome_more'].say}"
    assert CONTENT.question("statin_pain").reason not in spoken


def test_repeat_on_the_outcome_says_the_rest() -> None:
    session, _ = answered({"one_leg_swollen": "yes", "statin_pain": "yes"})
    effects = session.handle("repeat", T0 + 1)
    assert effects[0] == StopSpeech()
    (rest,) = says(effects)
    assert rest == session.outcome.spoken_rest  # type: ignore[union-attr]
    assert CONTENT.question("statin_pain").reason in rest and "call 1 1 2 at once" in rest


def test_with_no_microphone_the_outcome_offers_the_key() -> None:
    _, effects = answered({}, hears=False)
    assert says(effects)[-1].endswith(CONTENT.say_for("outcome_more", True)) and "Press R" in says(effects)[-1]


def test_self_care_shows_and_offers_tonights_tip() -> None:
    session, _ = answered({}, tip="Loosen tight bed covers.")
    assert session.outcome is not None and session.outcome.tip == "Loosen tight bed covers."
    assert says(session.handle("repeat", T0 + 1))[0].endswith("Loosen tight bed covers.")


def test_you_said_lists_every_answer_in_the_order_asked() -> None:
    session, _ = answered({"dark_urine": "unsure", "walking_pain": "yes"}, diary_count=4)
    you_said = session_view(session, T0).you_said
    assert you_said[0] == CONTENT.question("chest_or_breath").no
    assert CONTENT.text("summary_unsure", text=CONTENT.question("dark_urine").yes) in you_said
    assert CONTENT.question("urine_emergency").no in you_said  # the follow-up, asked after "not sure"
    assert CONTENT.question("walking_pain").yes == you_said[-1]
    assert any(text.startswith("From your diary") for text in you_said)  # known, not asked: says how
    asked = [q for q in session.checklist.to_ask]  # type: ignore[union-attr]
    assert len(you_said) == len(asked) + 1


def test_you_said_is_only_with_the_outcome_and_lists_what_was_asked() -> None:
    session, _ = answered({"chest_or_breath": "yes"})
    assert session_view(session, T0).you_said == (CONTENT.question("chest_or_breath").yes,)  # the rest not asked
    session.handle("back", T0)  # C: change an answer
    assert session_view(session, T0).you_said == ()
