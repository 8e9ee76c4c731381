"""The outcome: what to do, in the largest text that fits, with why and what to do if it gets worse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Digits

from voiceaid.content.models import Content

from voiceaid.core.view import SessionView
from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.widgets.big_text import BigText
from voiceaid.ui.widgets.plain_static import PlainStatic


class OutcomeScreen(EpisodeScreen):
    DEFAULT_CSS = """
    OutcomeScreen #title { height: auto; text-style: bold; padding: 0 1; color: $warning; background: $panel; }
    OutcomeScreen.-emergency #title { color: $error; background: $error 20%; }
    OutcomeScreen #number { display: none; color: $error; padding: 0 1; width: auto; }
    OutcomeScreen.-emergency #number { display: block; }
    OutcomeScreen.-short #number { display: none; }
    OutcomeScreen #what { height: auto; text-style: bold; padding: 1 1 0 1; color: $foreground; }
    OutcomeScreen #why, OutcomeScreen #also, OutcomeScreen #worse, OutcomeScreen #said { height: auto; padding: 1 1 0 1; color: $foreground; }
    OutcomeScreen #standing, OutcomeScreen #hint { height: auto; padding: 1 1 0 1; color: $secondary; }
    OutcomeScreen.-short #what, OutcomeScreen.-short #why, OutcomeScreen.-short #worse { padding: 0 1; }
    """

    def __init__(self, content: Content, kiosk: bool = False, emergency_number: str = "112", emergency_number_set: bool = True) -> None:
        super().__init__(content)
        self.emergency_number = emergency_number
        self.kiosk = kiosk
        self.emergency_number_set = emergency_number_set

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="body"):
            yield PlainStatic(id="title")
            yield Digits("", id="number")
            yield BigText(id="what")
            yield PlainStatic(id="why")
            yield PlainStatic(id="also")
            yield PlainStatic(id="worse")
            yield PlainStatic(id="said")
            yield PlainStatic(id="standing")
            yield PlainStatic(id="hint")

    def reserved_rows(self) -> int:
        """The title (and the number in big digits for an emergency) and the bottom lines; the rest scrolls."""
        return 12 if self.has_class("-emergency") else 8

    def render_view(self, view: SessionView) -> None:
        o = view.outcome
        if o is None:
            return
        text = self.content.text
        if self.has_class("-emergency") != (o.disposition == "emergency"):
            self.set_class(o.disposition == "emergency", "-emergency")
            self.fit_big_text()
        self.query_one("#title", PlainStatic).update(o.title)
        self.query_one("#number", Digits).update(self.emergency_number)
        self.query_one("#what", BigText).update(o.show)
        heading = text("outcome_watch" if o.disposition == "self_care" else "outcome_reasons")  # self-care's only "reason" is a caution
        why = [heading, *(f"• {r}" for r in o.reasons + o.notes)] if o.reasons else []
        self.query_one("#why", PlainStatic).update("\n".join(why))
        # Lower-tier findings under their own heading: under "Why:" they read as reasons for this outcome.
        also = [text("outcome_also"), *(f"• {r}" for r in o.also)] if o.also else []
        self.query_one("#also", PlainStatic).update("\n".join(also))
        worse = f"{text('outcome_if_worse')} {o.if_worse}"
        self.query_one("#worse", PlainStatic).update(worse + (f"\n\n{text('outcome_tip', tip=o.tip)}" if o.tip else ""))
        said = [f"{text('outcome_you_said')} " + " · ".join(view.you_said), text("outcome_change")] if view.you_said else []
        self.query_one("#said", PlainStatic).update("\n".join(said))
        self.query_one("#standing", PlainStatic).update(o.standing_line)
        self.query_one("#hint", PlainStatic).update("" if self.emergency_number_set else text("emergency_number_hint"))
