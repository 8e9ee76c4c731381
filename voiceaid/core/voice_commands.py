"""Which spoken commands each screen listens for, and what the app does with one it hears.

The voice twin of the key table (`core.keys`): voice alone must reach what keys do, and a word meant
for one screen must not act on another. Pure data and functions, so the table is read and tested
without a screen: the app (`ui/app.py`) carries out the steps `steps_for` returns, and the listening
turn (`ui/voice_input.py`) asks `listened_for` what to listen for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

# The kiosk's idle screen, when the wake phrase is on: what its keys do (any key, E, B, D, H).
# scripts/bench --only wake listens for exactly these, so its false-trigger figure is the app's.
IDLE_INTENTS = frozenset({"start", "emergency", "bedtime", "diary", "help"})
# A help, key-describe or diary screen over another: "back" (or "next"/"done") closes it, as Escape
# does; emergency is heard everywhere. Nothing else, so a word meant for the screen below is not taken.
OVERLAY_INTENTS = frozenset({"back", "next", "emergency"})
# Commands the app carries out itself (not the episode), so that voice alone reaches what keys do.
# Heard only where a stretch or the outcome is on screen: a question listens for its answers alone.
APP_INTENTS: dict[str, tuple[str, tuple[int, ...]]] = {  # intent -> the app's action and its arguments
    "louder": ("volume", (1,)), "quieter": ("volume", (-1,)), "faster": ("rate", (1,)), "slower": ("rate", (-1,)),
    "bigger_text": ("text_scale", (1,)), "smaller_text": ("text_scale", (-1,)), "mute": ("mute", ()),
    "diary": ("diary", ()),
}  # fmt: skip
_SETTINGS_INTENTS = tuple(intent for intent in APP_INTENTS if intent != "diary")
# At the end (the outcome, or the last bedtime stretch done) "done"/"next" goes back to the kiosk's
# idle screen, as ENTER does, and the diary can be opened.
_END_INTENTS = _SETTINGS_INTENTS + ("diary", "next")
APP_INTENTS_BY_PHASE = {"routine": _SETTINGS_INTENTS, "outcome": _END_INTENTS, "done": _END_INTENTS}


@dataclass(frozen=True)
class VoiceState:
    """What a spoken command can act on: the episode's phase ("idle" when there is none), whether a
    help, key-describe or diary screen is over it, and whether this is the kiosk."""

    phase: str = "idle"
    overlay_open: bool = False
    kiosk: bool = False

    @property
    def episode(self) -> bool:
        return self.phase != "idle"


@dataclass(frozen=True)
class Step:
    """One thing the app does for a spoken intent, in order. `name` is one of:
    disarm_quit (any word but "quit" cancels a half-given quit, as any key but Q does),
    close_overlay (as Escape), close_overlays (the emergency number must be in sight),
    app_action (`action_<action>(*arguments)`: a setting, the diary, bedtime, help),
    quit_twice ("quit" said twice, as Q), done (back to the kiosk's idle screen, as ENTER),
    start_episode (the idle screen's "start" or "emergency"), session (the episode decides)."""

    name: str
    action: str = ""
    arguments: tuple[int, ...] = ()


def listened_for(state: VoiceState, known: Collection[str], expected: Collection[str] = (), global_intents: Collection[str] = ()) -> frozenset[str]:
    """The intents to listen for in `state`: those of the vocabulary (`known`; content of its own may
    lack some commands) that the screen on top can use. `expected`: what the session's step awaits."""
    if state.overlay_open:
        return frozenset(i for i in OVERLAY_INTENTS if i in known)
    if not state.episode:
        return frozenset(i for i in IDLE_INTENTS if i in known)
    app_intents = frozenset(i for i in APP_INTENTS_BY_PHASE.get(state.phase, ()) if i in known)
    own = frozenset(i for i in expected if i in known)  # "it's swollen" is newer than some vocabularies
    return own | frozenset(global_intents) | app_intents


def steps_for(intent: str, state: VoiceState) -> tuple[Step, ...]:
    """What the app does, in order, with a spoken `intent`: the same path as its key."""
    steps: list[Step] = [] if intent == "stop" else [Step("disarm_quit")]
    if state.overlay_open:
        if intent in ("back", "next"):
            return (*steps, Step("close_overlay"))
        if intent != "emergency":
            return tuple(steps)
        steps.append(Step("close_overlays"))
    if intent in APP_INTENTS:  # "louder", "bigger text", "diary"...: what the key does
        action, arguments = APP_INTENTS[intent]
        return (*steps, Step("app_action", action, arguments))
    if intent in ("next", "stop") and state.phase in ("outcome", "done"):
        if intent == "stop" and not state.kiosk:
            return (*steps, Step("quit_twice"))  # "quit", as Q: said twice
        return (*steps, Step("done"))  # "done" (or "quit") on the kiosk's outcome: back to the idle screen, as ENTER
    if not state.episode:
        if intent in ("bedtime", "help"):  # the idle screen's B and H
            return (*steps, Step("app_action", intent))
        if intent in ("start", "emergency"):
            steps.append(Step("start_episode"))
        if intent != "emergency":
            return tuple(steps)
    return (*steps, Step("session"))
