"""The diary screen: how often, how long, which leg, what happened, at a glance.

Opened with D from the idle and outcome screens; Escape, Q or D goes back. It takes a Diary, a
SafeDiary or a plain list of episodes, and `now` (injected so snapshots are fixed). When the diary
is unavailable it says so in one line and shows what it has. Its words come from the content's UI
strings (`diary_*` in ui.yaml), so they are translated with the rest.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone, tzinfo
from typing import Iterable, Union

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from voiceaid.content.loader import builtin_text
from voiceaid.diary.model import Episode
from voiceaid.diary.safe import SafeDiary
from voiceaid.diary.stats import Summary, summarize
from voiceaid.diary.words import Words, duration, named, one_line, split_text
from voiceaid.diary.store import Diary
from voiceaid.plain_text import safe_words
from voiceaid.ui.widgets.plain_static import PlainStatic
from voiceaid.ui.widgets.week_chart import WeekChart

DiarySource = Union[Diary, SafeDiary, Iterable[Episode]]
NARROW = 56  # below this width each episode takes two short lines


def load(source: DiarySource, text: Words) -> tuple[list[Episode], str | None]:
    """The episodes to show and a status line (None when all is well); never raises."""
    if isinstance(source, SafeDiary):
        return source.list_episodes(), source.status
    if isinstance(source, Diary):
        try:
            return source.list_episodes(), None
        except sqlite3.Error as error:
            return [], text("diary_unavailable", error=error)
    return list(source), None


class EpisodeList(Widget):
    """The episodes, newest first: one line each when wide, two short lines each when narrow."""

    DEFAULT_CSS = """
    EpisodeList { height: auto; width: 1fr; color: $foreground; text-wrap: nowrap; text-overflow: ellipsis; }
    EpisodeList > .episode-list--dim { color: $secondary; }
    EpisodeList > .episode-list--urgent { color: $error; text-style: bold; }
    """
    COMPONENT_CLASSES = {"episode-list--dim", "episode-list--urgent"}

    def __init__(self, episodes: list[Episode], tz: tzinfo | None, text: Words, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.episodes = episodes
        self.tz = tz
        self.text = safe_words(text)

    def _local(self, value: datetime) -> datetime:
        return value.astimezone(self.tz) if self.tz is not None else value.astimezone()

    def _text(self, width: int) -> Text:
        dim = self.get_component_rich_style("episode-list--dim")
        urgent = self.get_component_rich_style("episode-list--urgent")
        text = Text(no_wrap=True, overflow="ellipsis")
        words = self.text
        if not self.episodes:
            text.append(words("diary_empty"), dim)
            return text
        for index, e in enumerate(self.episodes):
            when = self._local(e.started_at).strftime(words("diary_when"))
            where = " ".join(x for x in (named(words, "side_", e.leg) if e.leg else None, named(words, "site_", e.site) if e.site else None) if x) or "-"
            took = duration(words, e.eased_after_s)
            outcome = named(words, "outcome_name_", e.disposition) if e.disposition else ""
            style = urgent if e.disposition in ("emergency", "today") else None
            if index:
                text.append("\n")
            if width >= NARROW:
                text.append(f"{when}  {where:<20} {took:>12}  ")
                text.append(f"{outcome:<10}", style)
                if e.notes:
                    text.append(f" {one_line(e.notes)}", dim)
            else:
                text.append(f"{when}  {took}\n")
                text.append(f"  {where}  ", dim)
                text.append(outcome, style)
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.episodes:
            return 1
        return len(self.episodes) * (1 if width >= NARROW else 2)

    def render(self) -> Text:
        return self._text(self.size.width)


class DiaryScreen(Screen):
    """Counts, a 12-week chart, durations, leg and site split, and the list of episodes."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("q", "back", "Back", show=False),
        Binding("d", "back", "Back", show=False),
    ]

    DEFAULT_CSS = """
    DiaryScreen {
        background: $background;
        color: $foreground;
    }
    DiaryScreen #diary-title {
        height: 1;
        padding: 0 1;
        text-style: bold;
    }
    DiaryScreen #diary-status {
        height: auto;
        padding: 0 1;
        color: $error;
        text-style: bold;
    }
    DiaryScreen #diary-body {
        height: 1fr;
        padding: 0 1;
        background: $background;
        scrollbar-background: $background;
        scrollbar-background-hover: $background;
        scrollbar-background-active: $background;
        scrollbar-color: $secondary 60%;
        scrollbar-color-hover: $secondary;
        scrollbar-color-active: $primary;
        scrollbar-corner-color: $background;
        scrollbar-size-vertical: 1;
    }
    DiaryScreen #diary-body:focus {
        background-tint: $background 0%;
    }
    DiaryScreen #diary-counts {
        height: auto;
    }
    DiaryScreen #diary-summary {
        height: auto;
        margin-bottom: 1;
    }
    DiaryScreen .diary-heading {
        height: 1;
        color: $secondary;
    }
    DiaryScreen WeekChart {
        margin-bottom: 1;
    }
    DiaryScreen #diary-keys {
        dock: bottom;
        height: 1;
        padding: 0 1;
        color: $secondary;
    }
    """

    def __init__(
        self,
        diary_or_episodes: DiarySource,
        now: datetime | None = None,
        tz: tzinfo | None = None,
        status: str | None = None,
        text: Words | None = None,
        emergency: bool = False,
    ) -> None:
        """`tz` is the zone times are shown in (the machine's when None); `status` adds a line
        such as SafeDiary.status when passing a plain list of episodes; `text` gives the words (the
        app's content; the built-in content's when None); `emergency`: opened over the assistant,
        whose emergency line this screen hides, so E goes on to the emergency number from here too."""
        super().__init__()
        self.emergency = emergency
        self.now = now or datetime.now(timezone.utc)
        self.tz = tz
        self.text = text or builtin_text()
        self.episodes, loaded_status = load(diary_or_episodes, self.text)
        self.status = status or loaded_status
        self.summary: Summary = summarize(self.episodes, self.now)

    def compose(self) -> ComposeResult:
        s, text = self.summary, self.text
        yield PlainStatic(text("diary_title"), id="diary-title")
        if self.status:
            yield PlainStatic(self.status, id="diary-status")
        with VerticalScroll(id="diary-body"):
            yield PlainStatic(text("diary_counts", last_7=s.last_7, last_30=s.last_30, total=s.total), id="diary-counts")
            yield WeekChart(s.weekly, words=text)
            summary = (
                text("diary_average", duration=duration(text, s.average_s)),
                text("diary_legs", split=split_text(text, "side_", s.legs)),
                text("diary_sites", split=split_text(text, "site_", s.sites)),
            )
            yield PlainStatic("\n".join(summary), id="diary-summary")
            yield PlainStatic(text("diary_list_heading"), classes="diary-heading")
            yield EpisodeList(s.episodes, self.tz, text, id="diary-list")
        yield PlainStatic(text("diary_keys_emergency" if self.emergency else "diary_keys"), id="diary-keys")

    def on_mount(self) -> None:
        self.query_one("#diary-body", VerticalScroll).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "e" and self.emergency:  # emergency is one key everywhere, as on the help screen
            event.stop()
            self.app.close_overlays()  # type: ignore[attr-defined]
            self.app.action_key("e")  # type: ignore[attr-defined]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:  # the only screen (as in `voiceaid diary show`): leaving it ends the app
            self.app.exit()


class DiaryViewerApp(App):
    """`voiceaid diary show`: just the diary screen."""

    TITLE = "voiceaid diary"
    CSS = "Screen { background: $background; }"

    def __init__(
        self, diary_or_episodes: DiarySource, now: datetime | None = None, tz: tzinfo | None = None, text: Words | None = None
    ) -> None:
        super().__init__()
        from voiceaid.ui.themes import THEMES

        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = "night"
        self._source = diary_or_episodes
        self._now = now
        self._tz = tz
        self._text = text

    def get_default_screen(self) -> Screen:
        return DiaryScreen(self._source, now=self._now, tz=self._tz, text=self._text)
