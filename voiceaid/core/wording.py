"""Fill side-aware placeholders so every step names the leg once it is known ("your left calf")."""

from __future__ import annotations

from voiceaid.content.models import fill

OTHER = {"left": "right", "right": "left"}


def leg_words(leg: str | None, muscle: str) -> dict[str, str]:
    side = leg if leg in ("left", "right") else None
    return {
        "your_leg": f"your {side}" if side else "your",
        "your_muscle": f"your {side} {muscle}" if side else f"your {muscle}",
        "one_leg": f"your {side} leg" if side else "one leg",
        "other_leg": f"your {OTHER[side]} leg" if side else "the other",
        "muscle": muscle,
        "leg": side or "",
    }


def spoken_number(number: str) -> str:
    """Read a phone number digit by digit: "112" -> "1 1 2", so a speech engine never says "one hundred and twelve"."""
    return " ".join(ch for ch in number if ch.isdigit() or ch == "+")


def personalise(template: str, leg: str | None, muscle: str, **values: object) -> str:
    return fill(template, **leg_words(leg, muscle), **values)
