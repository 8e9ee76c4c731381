"""Which intent a key means at this moment, and the key footer that follows from it.

Keys and voice reach the session the same way. One table decides both what a key does and what the
footer shows, so the footer cannot promise a key that does nothing or hide one that acts: a person
in pain reads the footer, presses, and it does that.

A few letters depend on the screen, as a person would expect: N is "next" during a stretch but "no"
when a question is asked; R is "right" while the leg is not known yet and "repeat" otherwise. ? is
help everywhere (U alone is "not sure"). The comfort keys (speech rate, volume, mute, text size) and
K (key describe) work everywhere, act on no step of the night, and are listed in the help rather
than the footer (`COMFORT_KEYS`).
"""

from __future__ import annotations

from dataclasses import dataclass

SITE_KEYS = {"1": "calf", "2": "foot", "3": "back_of_thigh", "4": "front_of_thigh"}
# Setting keys (rate, volume, mute, text size) and key describe: never an intent, never in the footer.
COMFORT_KEYS = frozenset(
    {"plus", "minus", "left_square_bracket", "right_square_bracket", "m", "k"}
    | {"ctrl+plus", "ctrl+equals_sign", "greater_than_sign", "ctrl+minus", "ctrl+underscore", "less_than_sign"}
)
# Intents the app carries out itself; every other intent goes to the session.
APP_INTENTS = frozenset({"help", "quit", "stop_to_idle", "diary", "done", "bedtime"})

# Footer entries in the order shown: the label's string id and the intents its keys may mean.
FOOTER_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("footer_yes", ("yes",)),
    ("footer_no", ("no",)),
    ("footer_unsure", ("unsure",)),
    ("footer_leg", ("left", "right")),
    ("footer_site", tuple(SITE_KEYS.values())),
    ("footer_pause", ("pause",)),
    ("footer_resume", ("resume",)),
    ("footer_next", ("next",)),
    ("footer_back", ("back",)),
    ("footer_repeat", ("repeat",)),
    ("footer_worse", ("worse",)),
    ("footer_bedtime", ("bedtime",)),
    ("footer_diary", ("diary",)),
    ("footer_done", ("done",)),
    ("footer_emergency", ("emergency",)),
    ("footer_help", ("help",)),
    ("footer_quit", ("quit",)),
    ("footer_stop", ("stop_to_idle",)),
)
KEY_DISPLAY = {"space": "SPACE", "right": "→", "left": "←", "question_mark": "?", "enter": "⏎"}


@dataclass(frozen=True)
class KeyState:
    """What the keys can act on: the phase (idle | routine | check_in | checklist | outcome | done)
    and the few facts that change a key's meaning there."""

    phase: str
    mode: str = "relief"  # relief | check | bedtime
    leg_question: bool = False  # "which leg?" is open: L and R answer it
    site_question: bool = False  # another part of the leg may be chosen: 1-4 answer it
    paused: bool = False
    confirming: bool = False  # "I heard no. Is that right?"
    can_change: bool = False  # the checklist has an earlier answer to go back to
    can_keep: bool = False  # the question on screen already has an answer (given before, or worked out): → keeps it
    waiting: bool = False  # a step with no timer (the warm towel): it waits for N or →
    kiosk: bool = False


@dataclass(frozen=True)
class FooterEntry:
    keys: tuple[str, ...]  # Textual key names, each of which does what the label says
    intents: tuple[str, ...]
    label: str  # a UI string id (footer_*), so the footer is translated with the content

    @property
    def display(self) -> str:
        if len(self.keys) > 2 and all(key.isdigit() for key in self.keys):
            return f"{self.keys[0]}-{self.keys[-1]}"
        return "/".join(KEY_DISPLAY.get(key, key.upper()) for key in self.keys)


def keymap(state: KeyState) -> dict[str, str]:
    """Every key that does something in `state`, and the intent it means there."""
    keys: dict[str, str] = {}
    phase = state.phase
    if phase == "idle":
        keys.update({"b": "bedtime", "d": "diary"})
    elif phase == "routine":
        if state.leg_question:
            keys.update({"l": "left", "r": "right"})
        if state.site_question:
            keys.update(SITE_KEYS)
        keys.update({"space": "resume" if state.paused else "pause", "n": "next", "right": "next", "b": "back", "left": "back"})
        keys.setdefault("r", "repeat")
        if state.mode == "relief":
            keys["w"] = "worse"
    elif phase in ("check_in", "checklist"):
        keys.update({"y": "yes", "n": "no", "u": "unsure"})
        if phase == "check_in" or state.confirming or state.can_change:
            keys.update({"b": "back", "left": "back"})
        if phase == "checklist" and state.can_keep and not state.confirming:
            keys["right"] = "next"  # keep the answer it already has
        keys["r"] = "repeat"
        if phase == "check_in" and state.mode == "relief":
            keys["w"] = "worse"
    elif phase in ("outcome", "done"):
        if phase == "outcome":
            keys.update({"c": "back", "b": "back", "left": "back"})
        keys.update({"r": "repeat", "d": "diary"})
        if state.kiosk:
            keys["enter"] = "done"
    keys.update({"e": "emergency", "h": "help", "question_mark": "help"})
    if phase != "idle":
        keys["q"] = "stop_to_idle" if state.kiosk else "quit"
    return keys


def intent_for_key(key: str, state: KeyState) -> str | None:
    return keymap(state).get(key)


def footer(state: KeyState) -> tuple[FooterEntry, ...]:
    """The footer for `state`: every key that acts, grouped under one label per meaning."""
    keys = keymap(state)
    entries = []
    for label, intents in FOOTER_GROUPS:
        group = tuple(key for key, intent in keys.items() if intent in intents)
        if group:
            label = _label_here(label, state)
            entries.append(FooterEntry(group, intents, label))
    return tuple(entries)


def _label_here(label: str, state: KeyState) -> str:
    """The same key, said the way this screen means it."""
    if label == "footer_back" and state.phase == "outcome":
        return "footer_change_answer"
    if label == "footer_repeat" and state.phase == "outcome":
        return "footer_more"  # the outcome is said short: R says the rest
    if label == "footer_next" and state.phase == "checklist":
        return "footer_keep"
    if label == "footer_next" and state.phase == "routine" and state.waiting:
        return "footer_next_ready"
    return label


# Every key any screen may bind to an intent (the screens bind them all; the table decides).
ALL_KEYS = frozenset(
    {"b", "d", "l", "r", "space", "n", "right", "left", "w", "y", "u", "c", "enter", "e", "h", "question_mark", "q"} | set(SITE_KEYS)
)
