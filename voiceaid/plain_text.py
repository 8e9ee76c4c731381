"""Terminal-safe plain text: what content, settings, file paths and error messages become before
they reach a screen or a terminal.

Two dangers, one place. Textual and Rich read `[...]` as markup: a `[/` in a checklist reason or a
diary path would end the app with a MarkupError, and `[NHS]` would silently vanish. And a terminal
obeys control sequences: a content string `"\\x1b]0;pwned\\x07\\x1b[2J"` would retitle the window and
clear the screen. So every such string is shown as a Rich `Text` (never parsed as markup) made from
`terminal_safe` (escape sequences removed whole, other control characters dropped, newlines kept).

Pure: no Textual, no terminal; `plain` imports Rich only when a widget asks for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from rich.text import Text

# A control string (OSC, DCS, SOS, PM, APC) runs to its terminator (BEL, ESC \ or the 8-bit ST);
# removed whole, or its payload ("pwned") would be left on screen. Unterminated, only the
# introducer is removed below (the rest is shown as words: nothing is hidden that was not asked to be).
_CONTROL_STRING = re.compile(r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)")
# CSI (ESC [ or the 8-bit CSI): parameters, intermediates, one final byte - "\x1b[2J", "\x1b[31m".
_CSI = re.compile(r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?")
# Any other escape sequence: ESC, intermediates, a final byte ("\x1bc" resets the terminal).
_ESCAPE = re.compile(r"\x1b[\x20-\x2f]*[\x30-\x7e]?")
# What is left: C0 controls but newline (tab becomes a space below), DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: object) -> str:
    """`text` as a string a terminal shows as it is: no escape or control sequences, no control
    characters but newline (a tab is a space, CR LF a newline). Markup-like brackets are kept: they
    are words here, and `plain` makes sure nothing reads them as markup."""
    value = str(text)
    if value.isprintable():  # nearly always: nothing to do
        return value
    value = value.replace("\r\n", "\n").replace("\t", " ")
    value = _CONTROL_STRING.sub("", value)
    value = _CSI.sub("", value)
    value = _ESCAPE.sub("", value)
    return _CONTROL.sub("", value)


def plain(text: object) -> Text:
    """`text` as a Rich `Text` for a widget: shown exactly as its words, never read as markup."""
    from rich.text import Text

    return Text(terminal_safe(text))


def safe_words(words: Callable[..., str]) -> Callable[..., str]:
    """A UI-strings lookup (Content.text) whose every answer is `terminal_safe`: for widgets that
    build their own Rich Text from many strings (the diary's list and chart)."""
    return lambda key, **values: terminal_safe(words(key, **values))


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f]")


def json_text(value: object, **options: object) -> str:
    """`json.dumps(value, ensure_ascii=False, ...)` that a terminal shows as it is: JSON escapes C0
    controls itself, but leaves DEL and the C1 controls raw; they are written as \\u escapes here, so
    the data reads back exactly as stored and nothing reaches the terminal as a command."""
    import json

    text = json.dumps(value, ensure_ascii=False, **options)  # type: ignore[arg-type]
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
