"""The lines every screen keeps: what is degraded or being heard, and the standing safety note."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static


class SafetyNote(Static):
    """Always visible: how to get emergency help, whatever the screen."""

    DEFAULT_CSS = """
    SafetyNote { height: auto; color: $error; text-style: bold; padding: 0 1; }
    """


class StatusLine(Static):
    """One line: listening, what was heard, or what is degraded (voice, microphone, diary)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; color: $secondary; padding: 0 1; }
    StatusLine.-listening { color: $accent; text-style: bold; }
    """

    text: reactive[str] = reactive("")

    def watch_text(self, text: str) -> None:
        self.update(text)
