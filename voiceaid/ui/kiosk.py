"""The bedside kiosk's resting state: the idle screen, its clock and dimming, and the way back to it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from voiceaid.core.keys import COMFORT_KEYS, KeyState, keymap
from voiceaid.ui.screens.idle import IdleScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from voiceaid.config import Settings
    from voiceaid.content.models import Content
    from voiceaid.ui.controller import EpisodeController

DIM_AFTER_SECONDS = 120.0  # the kiosk's idle screen dims after this long without a key
# Keys that mean something on the idle screen itself; any other key starts help at once (no menu first).
# Q is among them: it is the kiosk's way back to the idle screen, so pressing it once too often there
# must not start a new spoken episode; Ctrl+Q (not shown) ends the kiosk.
IDLE_KEYS = frozenset(keymap(KeyState("idle", kiosk=True))) | COMFORT_KEYS | {"q", "ctrl+q"}


class KioskActions:
    """What the app does between episodes on a bedside kiosk (`voiceaid --kiosk`)."""

    content: Content
    settings: Settings
    options: Any
    controller: EpisodeController | None
    voice: Any
    clock: Callable[[], float]
    wall_clock: Callable[[], datetime]
    last_input: float
    _phase: str

    if TYPE_CHECKING:  # what the app provides (declared for type checkers only: never shadows the App's)
        theme: str
        screen: Screen

        @property
        def screen_stack(self) -> list[Screen]: ...
        @property
        def hears(self) -> bool: ...
        def switch_screen(self, screen: Screen) -> Any: ...
        def push_screen(self, screen: Screen) -> Any: ...
        def close_overlays(self) -> None: ...
        def start_episode(self, mode: str, on_first_screen: bool = False) -> None: ...

    def show_idle(self) -> None:
        """Back to the bedside resting screen: the episode (if any) is closed and saved."""
        if self.controller is not None:
            self.controller.close()
            self.controller = None
        self._phase = "idle"
        self.close_overlays()
        idle = IdleScreen(
            self.content,
            self.settings.emergency_number,
            self.settings.bedtime_reminder,
            self.tip_of_the_day(),
            self.settings.emergency_number_set,
            listening=self.hears and self.voice is not None and self.voice.idle_listens(),
        )
        if len(self.screen_stack) > 1:
            self.switch_screen(idle)
        else:
            self.push_screen(idle)

    def stop_to_idle(self) -> None:
        """Kiosk, Q twice from any episode screen: the episode is kept in the diary, marked as stopped
        (unless it had already come to its end), and the idle screen is back."""
        if self.controller is not None:
            self.controller.stop(self.content.text("diary_note_stopped"))
        self.show_idle()

    def tip_of_the_day(self) -> str:
        tips = self.content.tips
        return tips[self.wall_clock().date().toordinal() % len(tips)].text if tips else ""

    def idle_tick(self) -> None:
        """The clock's turn between episodes: listen for the wake phrase, show the time, dim."""
        if self.voice is not None:
            self.voice.maybe_listen()  # the wake phrase, when it is turned on
        if isinstance(self.screen, IdleScreen):
            self.screen.show_time(self.wall_clock())
            if self.clock() - self.last_input > DIM_AFTER_SECONDS and self.theme != "dim":
                self.theme = "dim"

    def action_bedtime(self) -> None:
        self.start_episode("bedtime")

    def action_done(self) -> None:
        """Kiosk: ENTER on the outcome (or the end of the bedtime stretches) returns to the idle screen."""
        if self.options.kiosk and self.controller is not None and self.controller.session.phase in ("outcome", "done"):
            self.show_idle()
