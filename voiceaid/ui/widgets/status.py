"""The lines every screen keeps: what is degraded or being heard, and the standing safety note."""

from __future__ import annotations

from textual.reactive import reactive

from voiceaid.ui.widgets.plain_static import PlainStatic


class SafetyNote(PlainStatic):
    """Always visible: how to get emergency help, whatever the screen."""

    DEFAULT_CSS = """
    SafetyNote { height: auto; color: $error; text-style: bold; padding: 0 1; }
    """


class StatusLine(PlainStatic):
    """What is degraded (voice, microphone, diary) or was heard; while listening, a second line says so."""

    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 2; color: $secondary; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine.-listening { color: $accent; text-style: bold; }
    """

    text: reactive[str] = reactive("")

    def watch_text(self, text: str) -> None:
        self.update(text)
