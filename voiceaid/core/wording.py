"""Fill side-aware placeholders so every step names the leg once it is known ("your left calf").

The words themselves are content (ui.yaml: `side_*` and `wording_*`): a translation orders and
inflects them its own way ("votre mollet gauche"), so no phrase is put together here."""

from __future__ import annotations

from voiceaid.content.models import Content, fill

OTHER = {"left": "right", "right": "left"}
PLACEHOLDERS = ("your_leg", "your_muscle", "one_leg", "other_leg")


def side_name(content: Content, leg: str | None) -> str:
    """The word for a leg inside a sentence or a list ("left", "both"); empty when not known."""
    return content.text(f"side_{leg}") if leg in ("left", "right", "both") else ""


def leg_words(content: Content, leg: str | None, muscle: str) -> dict[str, str]:
    side = leg if leg in ("left", "right") else None
    if side is None:  # not said yet, or both legs: the general wording ("your calf", "one leg")
        words = {name: content.text(f"wording_{name}", muscle=muscle) for name in PLACEHOLDERS}
    else:
        words = {name: content.text(f"wording_{name}_side", side=side_name(content, side), muscle=muscle) for name in PLACEHOLDERS}
        words["other_leg"] = content.text("wording_other_leg_side", side=side_name(content, OTHER[side]), muscle=muscle)
    return {**words, "muscle": muscle, "leg": side_name(content, side)}


def spoken_number(number: str) -> str:
    """Read a phone number digit by digit: "112" -> "1 1 2", so a speech engine never says "one hundred and twelve"."""
    return " ".join(ch for ch in number if ch.isdigit() or ch == "+")


def personalise(content: Content, template: str, leg: str | None, muscle: str, **values: object) -> str:
    return fill(template, **leg_words(content, leg, muscle), **values)
