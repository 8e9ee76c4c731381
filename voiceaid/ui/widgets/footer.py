"""The key footer: exactly the keys that do something now (core.keys), in the content's language."""

from __future__ import annotations

from typing import Callable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from voiceaid.core.keys import FooterEntry

from voiceaid.plain_text import terminal_safe


class KeyFooter(Footer):
    """Textual's footer look, but its keys come from `core.keys.footer` for the screen's state, not
    from the bindings: the footer cannot show a key that does nothing, or a label that is no longer
    true ("Pause" while paused, "Repeat" while R means right). Each label is a UI string id
    ("footer_pause"), so a translation reaches the footer like every other word on screen.

    Every key must be seen, so when they do not fit on one line the footer takes a second one
    rather than cutting the last keys off (Textual's footer scrolls sideways, out of sight)."""

    DEFAULT_CSS = """
    KeyFooter { layout: vertical; height: auto; max-height: 3; }
    KeyFooter HorizontalGroup { height: 1; }
    """

    def __init__(self, text: Callable[..., str], entries: tuple[FooterEntry, ...] = ()) -> None:
        super().__init__(show_command_palette=False, compact=True)
        self._text = text
        self.entries = entries
        self._width = 0

    def set_entries(self, entries: tuple[FooterEntry, ...]) -> None:
        if entries != self.entries:
            self.entries = entries
            if self.is_mounted:
                self.refresh(recompose=True)

    def on_resize(self) -> None:
        if self.size.width != self._width:
            self._width = self.size.width
            self.refresh(recompose=True)

    def _rows(self, width: int) -> list[list[FooterEntry]]:
        """The entries in order, split into lines of at most `width` cells (each key and label, then a space)."""
        rows: list[list[FooterEntry]] = [[]]
        used = 0
        for entry in self.entries:
            cells = cell_len(entry.display) + 1 + cell_len(self._text(entry.label)) + 1
            if rows[-1] and used + cells - 1 > width:
                rows.append([])
                used = 0
            rows[-1].append(entry)
            used += cells
        return rows

    def compose(self) -> ComposeResult:
        width = self._width or self.app.size.width
        for row in self._rows(width):
            with HorizontalGroup():
                for entry in row:
                    key = entry.keys[0]
                    yield FooterKey(key, entry.display, terminal_safe(self._text(entry.label)), f"app.key('{key}')").data_bind(compact=Footer.compact)
