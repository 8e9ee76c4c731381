"""What the app offers its listening turn, and what it does with a spoken command.

The voice command table itself is pure data in the core (`core.voice_commands`, beside the key
table); here the app answers the questions a listening turn asks (what to listen for, is voiceaid
quiet, may it listen at all) from its session and speaker, so `ui/voice_input.py` never reaches into
either, and carries out the steps the table gives for a spoken intent.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from voiceaid.core.voice_commands import Step, VoiceState, listened_for, steps_for

if TYPE_CHECKING:
    from voiceaid.content.models import Content
    from voiceaid.ui.controller import EpisodeController


class VoiceActions:
    """The app's side of listening: mixed into the App (as ComfortActions and OverlayActions are)."""

    content: Content
    controller: EpisodeController | None
    speaker: Any
    options: Any
    _quit_armed: str

    if TYPE_CHECKING:  # what the app provides (declared for type checkers only: never shadows the App's)

        def overlay_open(self) -> bool: ...
        def close_overlays(self) -> None: ...
        def pop_screen(self) -> Any: ...
        def start_episode(self, mode: str, on_first_screen: bool = False) -> None: ...
        def action_done(self) -> None: ...
        def _quit(self, armed_by: str) -> None: ...
        def _act(self, intent: str, low_confidence: bool = False, spoken: bool = False) -> None: ...

    def voice_state(self) -> VoiceState:
        """What a spoken command can act on now (core.voice_commands)."""
        phase = self.controller.session.phase if self.controller is not None else "idle"
        return VoiceState(phase, self.overlay_open(), bool(self.options.kiosk))

    def listened_for(self) -> frozenset[str]:
        """The intents the screen on top can use, of those the content's vocabulary has."""
        vocabulary = self.content.vocabulary
        expected = self.controller.session.expected_intents() if self.controller is not None else ()
        return listened_for(self.voice_state(), vocabulary.intents, expected, vocabulary.global_intents)

    def keyboard_only(self) -> bool:
        """The session has fallen back to keys (answers were not heard): no time to listen."""
        return self.controller is not None and self.controller.session.keyboard_only()

    def quiet_seconds(self) -> float:
        """How long voiceaid has been silent: -inf while it speaks, inf with no speaker (half-duplex)."""
        speaker = self.speaker
        if speaker is None:
            return math.inf
        return -math.inf if speaker.busy else speaker.seconds_since_quiet()

    def microphone_hears(self, hears: bool) -> None:
        """The microphone works (or no longer does): spoken prompts offer words, or the keys."""
        if self.controller is not None:
            self.controller.session.hears = hears

    def spoken_intent(self, intent: str, low_confidence: bool = False) -> None:
        """A spoken command or answer: the same path as its key (the steps core.voice_commands gives)."""
        for step in steps_for(intent, self.voice_state()):
            self._take(step, intent, low_confidence)

    def _take(self, step: Step, intent: str, low_confidence: bool) -> None:
        if step.name == "disarm_quit":
            self._quit_armed = ""  # as any key but Q: carry on
        elif step.name == "close_overlay":
            self.pop_screen()  # as Escape
        elif step.name == "close_overlays":
            self.close_overlays()  # the number must be in sight, not under the diary
        elif step.name == "app_action":
            getattr(self, f"action_{step.action}")(*step.arguments)
        elif step.name == "quit_twice":
            self._quit(armed_by="quit_confirm_voice")
        elif step.name == "done":
            self.action_done()
        elif step.name == "start_episode":
            self.start_episode("relief")
        elif step.name == "session":
            self._act(intent, low_confidence, spoken=True)
        else:  # pragma: no cover - a step the table names but the app does not know
            raise ValueError(f"unknown voice step {step.name!r}")
