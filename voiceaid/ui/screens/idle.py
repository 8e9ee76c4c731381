"""The bedside kiosk's resting screen: the time, how to start, and the emergency number.

Dim and legible from bed. Any key starts the routine at once (a person in pain should not have to
find a particular key); B, D and H open the bedtime stretches, the diary and the help.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits

from voiceaid.content.models import Content
from voiceaid.core.keys import KeyState, footer
from voiceaid.ui.widgets.big_text import BigText, TextScaled
from voiceaid.ui.widgets.footer import KeyFooter
from voiceaid.ui.widgets.plain_static import PlainStatic


class IdleScreen(TextScaled, Screen):
    BINDINGS = [
        Binding("b", "app.key('b')", "Bedtime", show=False),
        Binding("d", "app.key('d')", "Diary", show=False),
        Binding("h", "app.key('h')", "Help", show=False),
        Binding("question_mark", "app.key('question_mark')", "Help", show=False),
        Binding("k", "app.key_describe", "Key describe", show=False),
    ]

    DEFAULT_CSS = """
    IdleScreen { align: center middle; }
    IdleScreen #idle { width: 100%; height: auto; align: center middle; }
    IdleScreen #time { width: auto; color: $primary; }
    IdleScreen #prompt { width: 100%; content-align: center middle; text-style: bold; color: $foreground; padding: 1 0 0 0; }
    IdleScreen #number { width: 100%; content-align: center middle; color: $error; text-style: bold; }
    IdleScreen #hint { width: 100%; content-align: center middle; color: $secondary; }
    IdleScreen #extra { width: 100%; content-align: center middle; color: $secondary; padding: 1 0 0 0; }
    IdleScreen.-short #extra, IdleScreen.-short #prompt { padding: 0; }
    IdleScreen.-short #time, IdleScreen.-short #extra { display: none; }
    IdleScreen.-large #prompt { text-align: center; }
    """

    def __init__(
        self, content: Content, emergency_number: str, reminder: str = "", tip: str = "", number_set: bool = True, listening: bool = True
    ) -> None:
        super().__init__()
        self.listening = listening  # the wake phrase is on: "say 'start'" is true
        self.number_set = number_set
        self.content = content
        self.emergency_number = emergency_number
        self.reminder = reminder
        self.tip = tip

    def compose(self) -> ComposeResult:
        text = self.content.text
        with Vertical(id="idle"):
            with Center():
                yield Digits("", id="time")
            yield BigText(self._prompt(), id="prompt")
            yield PlainStatic(text("idle_emergency", emergency_number=self.emergency_number), id="number")
            yield PlainStatic("" if self.number_set else text("emergency_number_hint"), id="hint")
            extra = [text("bedtime_reminder", time=self.reminder)] if self.reminder else []
            if self.tip:
                extra.append(text("tip_of_the_night", tip=self.tip))
            yield PlainStatic("\n".join(extra), id="extra")
        yield KeyFooter(self.content.text, footer(KeyState("idle", kiosk=True)))

    def _prompt(self) -> str:
        return self.content.text_for("idle_prompt", not self.listening)

    def set_listening(self, listening: bool) -> None:
        """The microphone turned out to be unusable (or came back): the prompt promises only what works."""
        self.listening = listening
        if self.is_mounted and self.app.is_running:  # not while the app closes: the widgets may be gone
            self.query_one("#prompt", BigText).update(self._prompt())
            self.fit_big_text()

    def on_mount(self) -> None:
        self.show_time(getattr(self.app, "wall_clock", datetime.now)())
        self.apply_text_scale(getattr(self.app, "text_scale", 0))

    def on_resize(self) -> None:
        self.set_class(self.size.height < 16, "-short")
        self.fit_big_text()

    def reserved_rows(self) -> int:
        """The clock, the emergency number and its hint, the reminder and tip, and the footer."""
        return 4 if self.has_class("-short") else 12

    def show_time(self, now: datetime) -> None:
        """The clock's tick; before the screen's widgets are composed there is no clock yet (on_mount
        shows the time then), and a tick in that moment must not crash the kiosk."""
        for clock in self.query("#time").results(Digits):
            clock.update(now.strftime("%H:%M"))
