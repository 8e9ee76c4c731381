"""WeekChart: episodes per week as a small bar chart drawn with block characters.

Attributes down: set `counts` (oldest week first). The widget fills its size: bars share the width,
the top row says the highest count, the bottom row says which end is which.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from voiceaid.content.loader import builtin_text
from voiceaid.plain_text import safe_words

_EIGHTHS = " ▁▂▃▄▅▆▇█"


class WeekChart(Widget):
    """Bars of episodes per week; the newest week (the last 7 days) is drawn in the accent colour."""

    COMPONENT_CLASSES = {"week-chart--bar", "week-chart--current", "week-chart--label"}

    DEFAULT_CSS = """
    WeekChart {
        height: 6;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
        color: $foreground;
        background: $background;
    }
    WeekChart > .week-chart--bar { color: $foreground; }
    WeekChart > .week-chart--current { color: $accent; }
    WeekChart > .week-chart--label { color: $secondary; }
    """

    counts: reactive[tuple[int, ...]] = reactive(tuple, layout=False)

    def __init__(
        self,
        counts: list[int] | tuple[int, ...] = (),
        *,
        words: Callable[..., str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`words` gives the labels (`Content.text`; the built-in content's when None)."""
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(WeekChart.counts, tuple(counts))
        self.words = safe_words(words or builtin_text())

    def render(self) -> Text:
        width, height = self.size.width, self.size.height
        counts = self.counts or (0,)
        bar_style = self.get_component_rich_style("week-chart--bar")
        current_style = self.get_component_rich_style("week-chart--current")
        label_style = self.get_component_rich_style("week-chart--label")
        n = len(counts)
        peak = max(counts)
        top_label = self.words("diary_weeks", weeks=n, peak=peak) if peak else self.words("diary_weeks_none", weeks=n)
        rows = max(1, height - 2)  # one row for the top label, one for the bottom labels
        edges = [i * width // n for i in range(n + 1)]  # spread the leftover columns over the bars
        text = Text(no_wrap=True, overflow="crop")
        text.append(top_label[:width] + "\n", label_style)
        for row in range(rows, 0, -1):  # top row first
            for i, count in enumerate(counts):
                slot = max(1, edges[i + 1] - edges[i])
                bar = slot - 1 if slot > 1 else 1
                eighths = round(count / peak * rows * 8) if peak else 0
                if count and eighths == 0:
                    eighths = 1  # a week with any episode always shows
                level = max(0, min(8, eighths - (row - 1) * 8))
                style = current_style if i == n - 1 else bar_style
                text.append(_EIGHTHS[level] * bar, style)
                text.append(" " * (slot - bar))
            text.append("\n")
        left, right = self.words("diary_weeks_oldest", weeks=n), self.words("diary_weeks_newest")
        gap = max(1, width - len(left) - len(right))
        text.append((left + " " * gap + right)[:width], label_style)
        return text
