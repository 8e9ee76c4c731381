"""Screens shown over the idle or episode screen: help, key describe and the diary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.screens.help import HelpScreen
from voiceaid.ui.screens.idle import IdleScreen
from voiceaid.ui.screens.key_describe import KeyDescribeScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from voiceaid.content.models import Content
    from voiceaid.ui.controller import EpisodeController


class OverlayActions:
    """H (or ?), K and D. An overlay never stops the episode under it; Escape, "back" or "next" close it."""

    content: Content
    controller: EpisodeController | None
    speaker: Any
    diary: Any
    voice: Any

    if TYPE_CHECKING:  # what the app provides (declared for type checkers only: never shadows the App's)
        screen: Screen

        @property
        def screen_stack(self) -> list[Screen]: ...
        @property
        def hears(self) -> bool: ...
        def push_screen(self, screen: Screen) -> Any: ...
        def pop_screen(self) -> Any: ...
        def call_from_thread(self, *args: Any, **kwargs: Any) -> Any: ...

    def overlay_open(self) -> bool:
        """A help, key-describe or diary screen is over the idle or episode screen."""
        return len(self.screen_stack) > 1 and not isinstance(self.screen, (IdleScreen, EpisodeScreen))

    def close_overlays(self) -> None:
        while self.overlay_open():
            self.pop_screen()

    def action_help(self) -> None:
        """Show the keys, and read them too: someone without glasses may not read the overlay. On an
        idle screen that listens, first what can be said there (episodes say their own words first)."""
        spoken = ""
        if self.controller is None and self.voice is not None and self.voice.idle_listens():
            spoken = self.content.strings.get("idle_voice_help", "")
        self.push_screen(HelpScreen(self.content, spoken, keys_only=not self.hears))
        if self.speaker is not None:
            keys = " ".join([spoken] + [f"{key}: {meaning}." for key, meaning in self.content.keys(not self.hears)])
            self.speaker.say(keys.strip(), "notice")

    def action_key_describe(self) -> None:
        def speak(text: str) -> None:
            if self.speaker is not None:
                self.speaker.stop()
                self.speaker.say(text, "notice")

        self.push_screen(KeyDescribeScreen(self.content, speak, keys_only=not self.hears))

    def action_diary(self) -> None:
        """The diary, from the outcome (or idle) screen; never in the middle of a routine."""
        if self.controller is not None and self.controller.session.phase not in ("outcome", "done"):
            return  # never in the middle of a routine or a question
        from voiceaid.ui.screens.diary import DiaryScreen

        if self.diary is None:
            self.push_screen(DiaryScreen([], text=self.content.text, emergency=True))
            return

        def load(diary: Any) -> None:  # on the diary thread: read, then hand over to the UI thread
            episodes, status = diary.list_episodes(), diary.status
            self.call_from_thread(lambda: self.push_screen(DiaryScreen(episodes, status=status, text=self.content.text, emergency=True)))

        self.diary.submit(load)
