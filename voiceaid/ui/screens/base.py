"""What every episode screen shares: the status line, the safety note and the key footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer

from voiceaid.ui.widgets.status import SafetyNote, StatusLine

if TYPE_CHECKING:
    from voiceaid.content.models import Content
    from voiceaid.core.view import SessionView


class EpisodeScreen(Screen):
    """A screen that renders part of the session; the app calls `show` whenever anything changes."""

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content

    def compose_body(self) -> ComposeResult:
        yield from ()

    DEFAULT_CSS = """
    EpisodeScreen #bottom { dock: bottom; height: auto; }
    EpisodeScreen #bottom Footer { dock: none; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="bottom"):
            yield StatusLine(id="status")
            yield SafetyNote(self.content.text("safety_note"))
            yield Footer(show_command_palette=False)
        yield from self.compose_body()

    def show(self, view: SessionView) -> None:
        """Render `view`; each screen draws its own part."""

    def set_status(self, text: str, listening: bool = False) -> None:
        status = self.query_one(StatusLine)
        status.text = text
        status.set_class(listening, "-listening")
