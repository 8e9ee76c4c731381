"""What every episode screen shares: the status line, the safety note and the key footer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from voiceaid.core.keys import ALL_KEYS, FooterEntry
from voiceaid.ui.widgets.big_text import TextScaled
from voiceaid.ui.widgets.footer import KeyFooter
from voiceaid.ui.widgets.status import SafetyNote, StatusLine

if TYPE_CHECKING:
    from voiceaid.content.models import Content
    from voiceaid.core.view import SessionView


class EpisodeScreen(TextScaled, Screen):
    """A screen that renders part of the session; the app calls `show` whenever anything changes."""

    # Every key that may mean an intent goes to the app, which asks core.keys what it means now.
    BINDINGS = [Binding(key, f"app.key('{key}')", key, show=False) for key in sorted(ALL_KEYS)]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.content = content
        self._footer: tuple[FooterEntry, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield from ()

    DEFAULT_CSS = """
    EpisodeScreen #bottom { dock: bottom; height: auto; }
    EpisodeScreen #bottom Footer { dock: none; }
    """

    keys_only = False  # voiceaid cannot hear (no microphone, or listening off): never offer "say ..."

    def words(self, key: str, **values: object) -> str:
        """A UI string; when voiceaid cannot hear, its keys-only variant if the content has one."""
        return self.content.text_for(key, self.keys_only, **values)

    def set_keys_only(self, keys_only: bool) -> None:
        """The microphone is off or turned out to be unusable (or came back): offer only what works."""
        if keys_only == self.keys_only:
            return
        self.keys_only = keys_only
        if self._can_draw:
            self.query_one(SafetyNote).update(self.words("safety_note"))
            if self._view is not None:
                self.render_view(self._view)

    def compose(self) -> ComposeResult:
        with Vertical(id="bottom"):
            yield StatusLine(more=lambda n: self.content.text("status_more", n=n), id="status")
            yield SafetyNote(self.words("safety_note"))
            yield KeyFooter(self.content.text, self._footer)
        yield from self.compose_body()

    _view: SessionView | None = None
    _status: tuple[str, bool] = ("", False)
    _ready = False

    @property
    def _can_draw(self) -> bool:
        """Mounted, and the app is not closing: on the way out Textual removes the widgets, and a
        Mount or a redraw that still arrives must not look for them (a traceback at exit)."""
        return self._ready and self.app.is_running

    def on_mount(self) -> None:
        self._ready = True
        self.apply_text_scale(getattr(self.app, "text_scale", 0))
        if self._view is not None:
            self.show(self._view)
        self.set_status(*self._status)
        self.set_footer(self._footer)

    def show(self, view: SessionView) -> None:
        """Render `view` now, or as soon as the screen is mounted."""
        self._view = view
        if self._can_draw:
            self.render_view(view)

    def render_view(self, view: SessionView) -> None:
        """Each screen draws its own part of the view."""

    def on_resize(self) -> None:
        self.set_class(self.size.height < 20, "-short")
        self.fit_big_text()

    def set_footer(self, entries: tuple[FooterEntry, ...]) -> None:
        """The keys that work now (core.keys.footer), shown as soon as the screen is mounted."""
        self._footer = entries
        if self._can_draw:
            self.query_one(KeyFooter).set_entries(entries)

    def set_status(self, text: str, listening: bool = False) -> None:
        self._status = (text, listening)
        if not self._can_draw:
            return
        status = self.query_one(StatusLine)
        status.text = text
        status.set_class(listening, "-listening")
