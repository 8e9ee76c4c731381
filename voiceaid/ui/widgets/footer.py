"""The key footer, in the content's language."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.widgets import Footer

from voiceaid.plain_text import terminal_safe


class KeyFooter(Footer):
    """Textual's footer, with each shown key's label looked up in the content's UI strings.

    A shown binding's description is a string key ("footer_pause"), so a translation reaches the
    footer like every other word on screen; hidden bindings keep plain descriptions, never shown."""

    def __init__(self, text: Callable[..., str]) -> None:
        super().__init__(show_command_palette=False)
        self._text = text

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            description = getattr(widget, "description", None)  # a FooterKey (not public API: duck-typed)
            if isinstance(description, str) and description:
                widget.description = terminal_safe(self._text(description))  # type: ignore[attr-defined]
            yield widget
