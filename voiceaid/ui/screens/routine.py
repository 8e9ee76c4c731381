"""The relief routine: the step in large text, a big countdown, progress, and the leg question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, ProgressBar

from voiceaid.core.view import RoutineView, SessionView
from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.widgets.big_text import BigText
from voiceaid.ui.widgets.plain_static import PlainStatic


class RoutineScreen(EpisodeScreen):
    DEFAULT_CSS = """
    RoutineScreen { layout: vertical; }
    RoutineScreen #where { height: 1; color: $secondary; padding: 0 1; }
    RoutineScreen #where #place { width: 1fr; }
    RoutineScreen #where #leg { width: auto; color: $accent; text-style: bold; }
    RoutineScreen #step-title { height: 1; color: $accent; text-style: bold; padding: 0 1; }
    RoutineScreen #instruction { height: auto; max-height: 5; color: $foreground; text-style: bold; padding: 0 1; }
    RoutineScreen #timer-row { height: auto; align: center middle; }
    RoutineScreen #countdown { width: auto; color: $primary; }
    RoutineScreen #phase { width: auto; padding: 1 2; color: $warning; text-style: bold; }
    RoutineScreen .bar-row { height: 1; }
    RoutineScreen .bar-label { width: 16; padding: 0 0 0 1; color: $secondary; }
    RoutineScreen ProgressBar { height: 1; padding: 0 1 0 0; width: 1fr; }
    RoutineScreen ProgressBar Bar { width: 1fr; }
    RoutineScreen ProgressBar Bar > .bar--bar { color: $primary; background: $secondary 25%; }
    RoutineScreen ProgressBar Bar > .bar--complete { color: $primary; }
    RoutineScreen #prompt { height: auto; color: $warning; text-style: bold; padding: 0 1; border-left: thick $warning; margin: 0 1; }
    RoutineScreen #prompt.-hidden { display: none; }
    RoutineScreen #caution { height: auto; color: $secondary; padding: 0 1; }
    RoutineScreen #small-countdown { width: auto; color: $primary; text-style: bold; padding: 0 1 0 0; display: none; }
    RoutineScreen.-short #caution, RoutineScreen.-short #routine-row, RoutineScreen.-short #step-title { display: none; }
    RoutineScreen.-short #timer-row { display: none; }
    RoutineScreen.-short #small-countdown { display: block; }
    RoutineScreen.-large #instruction { max-height: 100%; }
    RoutineScreen.-attention #prompt { background: $warning 25%; }
    RoutineScreen.-large #step-title, RoutineScreen.-large #routine-row { display: none; }
    RoutineScreen.-finished #timer-row, RoutineScreen.-finished #small-countdown, RoutineScreen.-finished #leg { display: none; }
    """

    def compose_body(self) -> ComposeResult:
        with Vertical(id="body"):
            with Horizontal(id="where"):
                yield PlainStatic(id="small-countdown")
                yield PlainStatic(id="place")
                yield PlainStatic(id="leg")
            yield PlainStatic(id="step-title")
            yield BigText(id="instruction")
            with Horizontal(id="timer-row"):
                yield Digits("", id="countdown")
                yield PlainStatic(id="phase")
            with Horizontal(id="step-row", classes="bar-row"):
                yield PlainStatic(self.content.text("progress_step"), classes="bar-label")
                yield ProgressBar(total=1.0, show_percentage=False, show_eta=False, id="step-bar")
            with Horizontal(id="routine-row", classes="bar-row"):
                yield PlainStatic(self.content.text("progress_routine"), classes="bar-label")
                yield ProgressBar(total=1.0, show_percentage=False, show_eta=False, id="routine-bar")
            yield PlainStatic(id="prompt", classes="-hidden")
            yield PlainStatic(id="caution")

    _prompt_rows = 0
    _caution = ""
    def reserved_rows(self) -> int:
        """Place line, countdown, step bar, the open question, the caution and the bottom lines."""
        width = max(self.size.width - 4, 1)
        caution = sum(-(-len(line) // width) for line in self._caution.splitlines())
        return 1 + 3 + 1 + self._prompt_rows + caution + 4

    def render_view(self, view: SessionView) -> None:
        if view.routine is None:
            return
        self._show_routine(view.routine)

    def _show_routine(self, r: RoutineView) -> None:
        text = self.content.text
        if self.has_class("-finished") != bool(r.finished):
            self.set_class(bool(r.finished), "-finished")
        if r.finished:
            self._show_finished(r)
            return
        place = f"{r.routine_title} · {text('step_of', n=r.step_number, total=r.step_total)}"
        if r.rounds > 1:
            place += f" · {text('round_of', n=r.round, total=r.rounds)}"
        if r.repetitions > 1:
            place += f" · {text('rep_of', n=r.repetition, total=r.repetitions)}"
        self.query_one("#place", PlainStatic).update(place)
        leg = text(f"leg_known_{r.leg}", muscle=r.muscle) if r.leg else text("leg_unknown") if r.asks_leg else ""
        if r.one_sided:
            leg = text("side_label", side=text("side_first" if r.side == 0 else "side_second"))
        self.query_one("#leg", PlainStatic).update(leg)
        self.query_one("#step-title", PlainStatic).update(r.title + (f"  {text('general_advice')}" if r.general_advice else ""))
        self.query_one("#instruction", BigText).update(r.text)
        minutes, seconds = divmod(0 if r.check_in else r.seconds_left, 60)  # the step is over while it asks
        clock = "" if r.waiting else f"{minutes}:{seconds:02d}" if minutes else f"{seconds}"
        self.query_one("#countdown", Digits).update(clock)
        self.query_one("#small-countdown", PlainStatic).update(f"⏱ {clock}" + (" ⏸" if r.paused else "") if clock else "")
        phase = {"rest": text("rest"), "switch": text("switch")}.get(r.segment, "")
        if r.waiting:
            phase = self.words("wait_for_next")
        if r.paused:
            phase = self.words("paused")
        self.query_one("#phase", PlainStatic).update(phase)
        self.query_one("#step-bar", ProgressBar).update(progress=r.step_progress)
        self.query_one("#routine-bar", ProgressBar).update(progress=r.routine_progress)
        prompt = r.check_in or r.side_question
        prompt_widget = self.query_one("#prompt", PlainStatic)
        prompt_widget.update(prompt + ("\n" + text("answer_keys") if r.check_in else ""))
        prompt_widget.set_class(not prompt, "-hidden")
        caution = "\n".join(filter(None, (r.caution_keys if self.keys_only else r.caution, self.words("swollen_note") if r.swollen_note else "")))
        self.query_one("#caution", PlainStatic).update(caution)
        rows = (prompt.count("\n") + 1 + (1 if r.check_in else 0)) if prompt else 0
        if (rows, caution) != (self._prompt_rows, self._caution):
            self._prompt_rows, self._caution = rows, caution
            self.fit_big_text()

    def _show_finished(self, r: RoutineView) -> None:
        """The routine is over (the end of the bedtime stretches): say so on screen too, with tonight's
        tip, and no countdown or step left to run."""
        text = self.content.text
        self.query_one("#place", PlainStatic).update(r.routine_title)
        self.query_one("#step-title", PlainStatic).update("")
        self.query_one("#instruction", BigText).update(r.finished)
        self.query_one("#phase", PlainStatic).update("")
        self.query_one("#step-bar", ProgressBar).update(progress=1.0)
        self.query_one("#routine-bar", ProgressBar).update(progress=1.0)
        self.query_one("#prompt", PlainStatic).set_class(True, "-hidden")
        caution = text("tip_of_the_night", tip=r.tip) if r.tip else ""
        self.query_one("#caution", PlainStatic).update(caution)
        if (0, caution) != (self._prompt_rows, self._caution):
            self._prompt_rows, self._caution = 0, caution
            self.fit_big_text()
