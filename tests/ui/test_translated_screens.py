"""A translation reaches every word of the episode screens: the key footer, the leg and side labels,
the general-advice mark and the leg-aware wording of the steps (ui.yaml strings, no English in code)."""

from __future__ import annotations

from dataclasses import replace

from textual.widgets import Static

from tests.ui.helpers import make_rig
from voiceaid.content import load_content

CONTENT = load_content()
FRENCH = replace(
    CONTENT,
    strings={
        **CONTENT.strings,
        "footer_emergency": "Urgence",
        "footer_help": "Aide",
        "footer_quit": "Quitter",
        "footer_pause": "Pause",
        "footer_next": "Suivant",
        "footer_repeat": "Répéter",
        "footer_leg": "Jambe",
        "footer_site": "Endroit",
        "footer_back": "Retour",
        "footer_worse": "Pire",
        "leg_known_left": "{muscle} gauche",
        "general_advice": "(conseil général)",
        "side_left": "gauche",
        "wording_your_leg_side": "votre {side}",
    },
)


def screen_words(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def footer_labels(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(key.description) for key in app.screen.query("FooterKey")]


async def test_the_footer_leg_label_and_wording_come_from_the_content(tmp_path):
    rig = make_rig(tmp_path, content=FRENCH)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert footer_labels(rig.app) == ["Jambe", "Endroit", "Pause", "Suivant", "Retour", "Pire", "Urgence", "Aide", "Quitter"]
        await pilot.press("l")
        await pilot.pause()
        assert footer_labels(rig.app) == ["Endroit", "Pause", "Suivant", "Retour", "Répéter", "Pire", "Urgence", "Aide", "Quitter"]
        words = screen_words(rig.app)
        assert "calf gauche" in words  # the content's order: muscle, then side
        assert "Straighten votre gauche knee" in words  # the step's {your_leg}, in the content's words
        await pilot.press("2")  # the foot: no authoritative technique, marked as general advice
        await pilot.pause()
        assert "(conseil général)" in screen_words(rig.app)
        assert "(general advice)" not in screen_words(rig.app)


async def test_english_footer_as_shipped(tmp_path):
    rig = make_rig(tmp_path)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert footer_labels(rig.app) == ["Leg", "Site", "Pause", "Next", "Back", "Worse", "Emergency", "Help", "Quit"]
