"""Comfort controls, from any screen: speech rate and volume, mute, and text size (remembered)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voiceaid.ui.big_font import MAX_SCALE
from voiceaid.ui.widgets.big_text import TextScaled

if TYPE_CHECKING:
    from textual.screen import Screen

    from voiceaid.content.models import Content

RATE_STEP = 15
VOLUME_STEP = 0.1


class ComfortActions:
    """The app's + - [ ] M and Ctrl+/Ctrl- keys (and their spoken commands). Each says what it did on
    the status line, as a person in the dark cannot see a slider move.

    They change how things are said or shown, never the night: they do not barge in (the app stops
    speech only for keys that act on the flow), and a voice setting applies to what is being said by
    saying it again from its start, so the question queued behind it is still asked."""

    content: Content
    speaker: Any
    heard: str
    text_scale: int

    if TYPE_CHECKING:  # what the app provides (declared for type checkers only: never shadows the App's)

        @property
        def screen_stack(self) -> list[Screen]: ...
        def _draw(self) -> None: ...
        def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...
        def call_from_thread(self, *args: Any, **kwargs: Any) -> Any: ...
        def voice_status(self, text: str) -> None: ...

    def action_rate(self, direction: int) -> None:
        if self.speaker is not None:
            self.heard = self.content.text("rate", rate=self.speaker.set_rate(direction * RATE_STEP))
            self.speaker.restart_current()
            self._draw()

    def action_volume(self, direction: int) -> None:
        if self.speaker is not None:
            volume = self.speaker.set_volume(direction * VOLUME_STEP)
            self.heard = self.content.text("volume", percent=round(volume * 100))
            self.speaker.restart_current()
            self._draw()

    def action_mute(self) -> None:
        if self.speaker is not None:
            muted = self.speaker.toggle_mute()
            self.heard = self.content.text("muted" if muted else "unmuted")
            if not muted:
                self.speaker.restart_current()  # heard again from its start, not from the middle
            self._draw()

    def action_text_scale(self, direction: int) -> None:
        """Larger or smaller text on every screen, remembered in the config file for next time."""
        scale = min(max(self.text_scale + direction, 0), MAX_SCALE)
        self.heard = self.content.text("text_size", size=self.content.text(f"text_size_{scale}"))
        if scale != self.text_scale:
            self.text_scale = scale
            for screen in self.screen_stack:
                if isinstance(screen, TextScaled):
                    screen.apply_text_scale(scale)
            self.run_worker(lambda: self._remember("text_scale", str(scale)), thread=True, group="settings")
        self._draw()

    def _remember(self, key: str, value: str) -> None:
        """On a worker thread: save one setting; a config file that cannot be written only costs a notice."""
        from voiceaid.config import save_setting
        from voiceaid.errors import UserError

        try:
            save_setting(key, value)
        except UserError as error:
            self.call_from_thread(self.voice_status, str(error))
