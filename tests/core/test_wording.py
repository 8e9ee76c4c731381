"""The leg-aware placeholders of routine steps and questions: English as shipped, and in the words
of a translation, which orders them its own way."""

from __future__ import annotations

from dataclasses import replace

from voiceaid.content import load_content
from voiceaid.core.wording import leg_words, personalise

CONTENT = load_content()

FRENCH = replace(
    CONTENT,
    strings={
        **CONTENT.strings,
        "side_left": "gauche",
        "side_right": "droite",
        "wording_your_leg": "votre",
        "wording_your_leg_side": "votre {side}",  # kept simple: a test of order, not of French grammar
        "wording_your_muscle": "votre {muscle}",
        "wording_your_muscle_side": "votre {muscle} {side}",
        "wording_one_leg": "une jambe",
        "wording_one_leg_side": "votre jambe {side}",
        "wording_other_leg": "l'autre",
        "wording_other_leg_side": "votre jambe {side}",
    },
)


def test_english_names_the_leg_once_it_is_known() -> None:
    template = "Straighten {your_leg} knee. Rub {your_muscle}. Stand on {one_leg}, then {other_leg}."
    assert personalise(CONTENT, template, None, "calf") == "Straighten your knee. Rub your calf. Stand on one leg, then the other."
    assert personalise(CONTENT, template, "left", "calf") == (
        "Straighten your left knee. Rub your left calf. Stand on your left leg, then your right leg."
    )
    assert personalise(CONTENT, template, "both", "calf") == personalise(CONTENT, template, None, "calf")  # the general wording


def test_a_translation_orders_the_words_its_own_way() -> None:
    assert personalise(FRENCH, "Massez {your_muscle}.", "left", "mollet") == "Massez votre mollet gauche."
    assert personalise(FRENCH, "Massez {your_muscle}.", None, "mollet") == "Massez votre mollet."
    words = leg_words(FRENCH, "right", "mollet")
    assert words["one_leg"] == "votre jambe droite" and words["other_leg"] == "votre jambe gauche"
    assert words["leg"] == "droite" and words["muscle"] == "mollet"
