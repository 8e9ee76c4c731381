"""The lines every screen keeps: what is degraded or being heard, and the standing safety note."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.reactive import reactive

from voiceaid.plain_text import plain
from voiceaid.ui.widgets.plain_static import PlainStatic

SEPARATOR = " · "  # between notices on the status line (the app joins them with it)


class SafetyNote(PlainStatic):
    """Always visible: how to get emergency help, whatever the screen."""

    DEFAULT_CSS = """
    SafetyNote { height: auto; color: $error; text-style: bold; padding: 0 1; }
    """


def fit_notices(line: str, width: int, more: Callable[[int], str]) -> str:
    """As many whole notices of `line` as fit in `width`, most important (first) first, then
    `more(n)` for the n left out: a notice is read whole or not at all, never cut mid-word. The
    first is always kept (the terminal clips it only when even it alone does not fit)."""
    notices = line.split(SEPARATOR)
    if width <= 0 or len(line) <= width or len(notices) == 1:
        return line
    for keep in range(len(notices) - 1, 0, -1):
        candidate = SEPARATOR.join(notices[:keep] + [more(len(notices) - keep)])
        if len(candidate) <= width:
            return candidate
    return notices[0]


class StatusLine(PlainStatic):
    """What is degraded (voice, microphone, diary) or was heard; while listening, a second line says so."""

    DEFAULT_CSS = """
    StatusLine { height: auto; max-height: 2; color: $secondary; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine.-listening { color: $accent; text-style: bold; }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(self, *, more: Callable[[int], str] = lambda n: f"+{n}", id: str | None = None) -> None:
        """`more(n)`: the content's words for n notices that do not fit ("+2 more")."""
        super().__init__(id=id)
        self._more = more

    def render(self) -> Text:
        lines = self.text.split("\n")
        lines[0] = fit_notices(lines[0], self.content_region.width, self._more)
        return plain("\n".join(lines))
