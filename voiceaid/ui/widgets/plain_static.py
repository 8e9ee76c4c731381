"""A Static for words that come from content, settings, file paths or errors.

Textual's Static parses a string as markup: a `[/` in a checklist reason ends the app, `[NHS]`
vanishes, and an escape sequence in a content file reaches the terminal. PlainStatic shows any string
it is given, at construction or by `update`, as the plain words it is (voiceaid.plain_text), so a
screen cannot forget to. Rich renderables (a Table, a Text already built) pass through unchanged:
whoever builds those makes their strings plain.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static

from voiceaid.plain_text import plain


class PlainStatic(Static):
    """Static, but a string is always plain text: never markup, never control sequences."""

    def __init__(self, content: VisualType = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(_plain(content), id=id, classes=classes, markup=False)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_plain(content), layout=layout)


def _plain(content: VisualType) -> VisualType:
    return plain(content) if isinstance(content, str) else content
