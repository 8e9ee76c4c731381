"""The keys, shown over the current screen (and spoken by the session). Any key, or saying "back", closes it;
E also goes on to the emergency number, as it does everywhere else."""

from __future__ import annotations

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from voiceaid.content.models import Content
from voiceaid.plain_text import plain
from voiceaid.ui.widgets.plain_static import PlainStatic


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 80%; }
    HelpScreen #help { width: 86; max-width: 100%; height: auto; max-height: 100%; border: round $accent; padding: 0 1; background: $background; }
    HelpScreen #help-title { color: $accent; text-style: bold; }
    HelpScreen .key-row { color: $foreground; }
    """

    def __init__(self, content: Content, said: str = "", keys_only: bool = False) -> None:
        """`said`: what can be said on the screen below, when it is not said there already;
        `keys_only`: nothing listens, so the list leaves out "or say ..."."""
        super().__init__()
        self.content = content
        self.said = said
        self.keys_only = keys_only

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield PlainStatic(self.content.text("help_title"), id="help-title")
            if self.said:
                yield PlainStatic(self.said, classes="key-row")
            # Two columns: a meaning too long for a narrow screen wraps under itself, not under the keys.
            keys = Table.grid(padding=(0, 2))
            keys.add_column(no_wrap=True)
            keys.add_column()
            for key, meaning in self.content.keys(self.keys_only):
                keys.add_row(plain(key), plain(meaning))
            yield PlainStatic(keys, classes="key-row", id="help-keys")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        if event.key == "e":  # emergency is one key everywhere: closing the list must not cost a second press
            self.app.close_overlays()  # type: ignore[attr-defined]
            self.app.action_key("e")  # type: ignore[attr-defined]
            return
        self.dismiss()
