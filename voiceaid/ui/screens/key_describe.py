"""Key-describe mode: press a key to hear and see what it does, without doing it. ESC ends."""

from __future__ import annotations

from typing import Callable

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

from voiceaid.content.models import Content
from voiceaid.ui.widgets.plain_static import PlainStatic

# Textual key names -> the labels used in content's help_keys.
KEY_LABELS = {
    "space": "SPACE", "right": "→", "left": "←", "question_mark": "?", "plus": "+", "minus": "-",
    "left_square_bracket": "[", "right_square_bracket": "]", "greater_than_sign": ">", "less_than_sign": "<",
    "ctrl+plus": "Ctrl+", "ctrl+equals_sign": "Ctrl+", "ctrl+minus": "Ctrl-", "ctrl+underscore": "Ctrl-",
}  # fmt: skip


def describe_key(content: Content, key: str, keys_only: bool = False) -> str:
    """What a key does, from the help text (so it is translated with the rest of the content);
    `keys_only`: nothing listens, so no "or say ..." in it."""
    label = KEY_LABELS.get(key, key.upper())
    for keys, meaning in content.keys(keys_only):
        names = [part.strip() for part in keys.replace("/", " ").split()]
        if label in names:
            return f"{label}: {meaning}"
    return f"{label}: " + content.text("key_does_nothing")


class KeyDescribeScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    KeyDescribeScreen { align: center middle; background: $background 80%; }
    KeyDescribeScreen #box { width: 60; max-width: 100%; height: auto; border: round $accent; padding: 0 1; background: $background; }
    KeyDescribeScreen #said { color: $foreground; text-style: bold; }
    """

    def __init__(self, content: Content, speak: Callable[[str], None], keys_only: bool = False) -> None:
        super().__init__()
        self.content = content
        self.speak = speak
        self.keys_only = keys_only

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield PlainStatic(self.content.text("key_describe_prompt"))
            yield PlainStatic("", id="said")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        if event.key == "escape":
            self.dismiss()
            return
        text = describe_key(self.content, event.key, self.keys_only)
        self.query_one("#said", PlainStatic).update(text)
        self.speak(text)
