"""One red-flag question at a time, large, with Yes / No / Not sure."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from voiceaid.core.view import SessionView
from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.widgets.big_text import BigText
from voiceaid.ui.widgets.plain_static import PlainStatic


class QuestionScreen(EpisodeScreen):
    DEFAULT_CSS = """
    QuestionScreen #number { height: 1; color: $secondary; padding: 0 1; }
    QuestionScreen #previous { height: auto; color: $secondary; padding: 0 1; }
    QuestionScreen.-short #previous { display: none; }
    QuestionScreen #question { height: auto; color: $foreground; text-style: bold; padding: 1 1 0 1; }
    QuestionScreen #choices { height: auto; color: $warning; text-style: bold; padding: 1 1 0 1; }
    QuestionScreen #known { height: auto; color: $secondary; padding: 1 1 0 1; }
    QuestionScreen.-short #known { display: none; }
    QuestionScreen.-short #question, QuestionScreen.-short #choices { padding: 0 1; }
    QuestionScreen.-large #previous, QuestionScreen.-large #known { display: none; }
    QuestionScreen.-attention #question, QuestionScreen.-attention #choices { background: $warning 25%; }
    """

    def compose_body(self) -> ComposeResult:
        with Vertical(id="body"):
            yield PlainStatic(id="number")
            yield PlainStatic(id="previous")
            yield BigText(id="question")
            yield PlainStatic(id="choices")
            yield PlainStatic(id="known")

    def reserved_rows(self) -> int:
        """Question number, the answer keys (and the change hint), and the bottom lines."""
        return 11

    def render_view(self, view: SessionView) -> None:
        q = view.question
        if q is None:
            return
        text = self.content.text
        self.query_one("#number", PlainStatic).update(text("question_of", n=q.number, total=q.total))
        self.query_one("#previous", PlainStatic).update(f"✓ {q.last_readback}" if q.last_readback else "")
        if q.confirming:
            self.query_one("#question", BigText).update(self.content.prompts["confirm_no"].say)
            self.query_one("#choices", PlainStatic).update(text("confirm_keys"))
        else:
            self.query_one("#question", BigText).update(q.text)
            choices = text("answer_keys")
            if q.given:
                choices += "\n" + text("question_known" if q.given_by_voiceaid else "question_given", text=q.given)
            if q.number > 1:
                choices += "\n" + text("change_hint")
            self.query_one("#choices", PlainStatic).update(choices)
        known = [text("answered_by_voiceaid", text=reason) for _, reason in q.known]
        self.query_one("#known", PlainStatic).update("\n".join(known))
