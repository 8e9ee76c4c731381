"""Which intent a key means on the current screen. Keys and voice reach the session the same way.

A few keys depend on the screen, as a person would expect: N is "next" during a stretch but "no"
when a question is asked; R is "right" while the leg question is open and "repeat" otherwise; ? is
"not sure" on a question and "help" elsewhere.
"""

from __future__ import annotations

ANSWER_KEYS = {"y": "yes", "n": "no", "u": "unsure", "question_mark": "unsure"}
SITE_KEYS = {"1": "calf", "2": "foot", "3": "back_of_thigh", "4": "front_of_thigh"}
ALWAYS = {"e": "emergency", "right": "next", "left": "back", "b": "back", "backspace": "back"}


def intent_for_key(key: str, phase: str, side_question_open: bool = False, paused: bool = False) -> str | None:
    if key in ALWAYS:
        return ALWAYS[key]
    if phase in ("check_in", "checklist") and key in ANSWER_KEYS:
        return ANSWER_KEYS[key]
    if phase == "routine":
        if side_question_open and key in ("l", "r"):
            return "left" if key == "l" else "right"
        if side_question_open and key in SITE_KEYS:
            return SITE_KEYS[key]
        if key == "space":
            return "resume" if paused else "pause"
        if key == "n":
            return "next"
        if key == "w":
            return "worse"
    if key == "c" and phase == "outcome":
        return "back"  # change an answer
    if key == "r":
        return "repeat"
    if key in ("h", "question_mark"):
        return "help"
    return None
