"""The voiceaid Textual app: routes keys and voice to the episode, and shows the screen for its phase."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from voiceaid.config import Settings
from voiceaid.content.models import Content
from voiceaid.core.clock import monotonic
from voiceaid.core.keys import APP_INTENTS as APP_KEY_INTENTS
from voiceaid.core.keys import COMFORT_KEYS, KeyState, footer, intent_for_key, keymap
from voiceaid.core.session import SessionOptions
from voiceaid.core.view import key_state
from voiceaid.ui.big_font import MAX_SCALE
from voiceaid.ui.comfort import ComfortActions
from voiceaid.ui.controller import EpisodeController
from voiceaid.ui.exit_signals import catch_exit_signals
from voiceaid.ui.kiosk import IDLE_KEYS, KioskActions
from voiceaid.ui.overlays import OverlayActions
from voiceaid.ui.screens.base import EpisodeScreen
from voiceaid.ui.screens.idle import IdleScreen
from voiceaid.ui.screens.outcome import OutcomeScreen
from voiceaid.ui.screens.question import QuestionScreen
from voiceaid.ui.screens.routine import RoutineScreen
from voiceaid.ui.themes import THEMES
from voiceaid.ui.voice_actions import VoiceActions
from voiceaid.ui.voice_input import VoiceInput
from voiceaid.ui.widgets.status import SEPARATOR

REFRESH_SECONDS = 0.25  # how often the countdown is redrawn
ATTENTION_SECONDS = 2.0  # how long an unanswered question stands out
WARM_UP_SECONDS = 1.0  # the microphone's start-up begins once the first instruction is playing


@dataclass
class AppOptions:
    mode: str = "relief"  # relief | check | bedtime
    kiosk: bool = False
    record: bool = True  # write the episode to the diary
    notices: list[str] = field(default_factory=list)  # one-line degradations known at start
    choices: list[str] = field(default_factory=list)  # what the person turned off ("Voice off"): said after any problem


class VoiceaidApp(ComfortActions, KioskActions, OverlayActions, VoiceActions, App[int]):
    CSS_PATH = "voiceaid.tcss"
    TITLE = "voiceaid"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        # Every key that may mean an intent goes to action_key; core.keys decides what it means here
        # (and the footer shows exactly those). Screens bind the rest of core.keys.ALL_KEYS alike.
        Binding("e", "key('e')", "Emergency", show=False),
        Binding("h", "key('h')", "Help", show=False),
        Binding("question_mark", "key('question_mark')", "Help", show=False),
        Binding("q", "key('q')", "Quit", show=False),
        Binding("r", "key('r')", "Repeat", show=False),
        Binding("plus", "rate(1)", "Faster", show=False),
        Binding("minus", "rate(-1)", "Slower", show=False),
        Binding("left_square_bracket", "volume(-1)", "Quieter", show=False),
        Binding("right_square_bracket", "volume(1)", "Louder", show=False),
        Binding("m", "mute", "Mute", show=False),
        Binding("d", "key('d')", "Diary", show=False),
        Binding("k", "key_describe", "Key describe", show=False),
        # Ctrl + and Ctrl - (many terminals send Ctrl - as Ctrl _ and Ctrl = as plain =); > and < too,
        # for terminals that keep Ctrl + and Ctrl - for their own zoom.
        Binding("ctrl+plus,ctrl+equals_sign,greater_than_sign", "text_scale(1)", "Larger text", show=False),
        Binding("ctrl+minus,ctrl+underscore,less_than_sign", "text_scale(-1)", "Smaller text", show=False),
    ]

    def __init__(
        self,
        content: Content,
        settings: Settings,
        options: AppOptions | None = None,
        clock: Callable[[], float] = monotonic,
        speaker: Any = None,
        diary: Any = None,
        listener: Any = None,
        wall_clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__()
        self.content = content
        self.settings = settings
        self.options = options or AppOptions()
        self.clock = clock
        # The time of day, for what depends on it (the idle screen's clock, the tip of the night):
        # injected, so a test or a screenshot shows the same tip whatever the date it runs on.
        self.wall_clock = wall_clock
        self.speaker = speaker
        self.diary = diary
        self.controller: EpisodeController | None = None
        self._due_timer: Timer | None = None
        self._attention_timer: Timer | None = None
        self._phase = ""
        self._quit_armed = ""  # the status-line text that says how to confirm quitting, once armed
        self.saved = threading.Event()  # set by the caller once the diary is flushed and closed after run()
        self._last_drawn: tuple[object, ...] = ()
        self.heard = ""  # what the recogniser heard last, for the status line
        self.text_scale = min(max(settings.text_scale, 0), MAX_SCALE)
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = settings.theme
        self.voice = VoiceInput(self, listener, self.settings.listen_timeout) if listener is not None else None

    # ----- start
    def get_default_screen(self) -> Screen:
        """The first screen is the episode's own, so the first frame already shows the instruction."""
        if self.options.kiosk:
            return super().get_default_screen()
        phase = "checklist" if self.options.mode == "check" else "routine"
        self._phase = phase
        return self._screen_for(phase)

    def on_mount(self) -> None:
        catch_exit_signals(self.exit, self.saved, self._save_and_stop)
        self.last_input = self.clock()
        if self.options.kiosk:
            self.show_idle()
        else:
            self.start_episode(self.options.mode, on_first_screen=True)
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        if self.voice is not None:
            self.set_timer(WARM_UP_SECONDS, self.voice.warm_up)

    def _save_and_stop(self) -> None:
        """The last resort when the loop is stuck after SIGTERM/SIGHUP: save the episode, stop speech."""
        if self.controller is not None:
            self.controller.close()
        close = getattr(self.diary, "close", None)
        if close is not None:
            close()
        stop = getattr(self.speaker, "close", None)
        if stop is not None:
            stop()

    @property
    def hears(self) -> bool:
        """A microphone listens and has been opened once: spoken alternatives may be offered ("or say
        'resume'"). Before it is known to work, the screen and the voice offer the keys."""
        return self.voice is not None and self.voice.opened and not self.voice.problem

    def start_episode(self, mode: str, on_first_screen: bool = False) -> None:
        options = SessionOptions(
            mode=mode,
            tip=self.tip_of_the_day(),
            emergency_number=self.settings.emergency_number,
            frequent_count=self.settings.frequent_count,
            frequent_days=self.settings.frequent_days,
            hears=self.hears,
        )
        if not on_first_screen:
            self._phase = ""
        self.controller = EpisodeController(
            self.content, options, self.clock, self.speaker, self.diary, self.update_view, record=self.options.record
        )
        self.controller.on_attention = self.flash_attention
        self.controller.begin()

    def flash_attention(self) -> None:
        """A question got no reply: besides a louder voice, the question stands out for a moment -
        a visual cue in place of an alarm in a dark bedroom."""
        screen = self._episode_screen()
        if screen is None:
            return
        screen.add_class("-attention")
        if self._attention_timer is not None:
            self._attention_timer.stop()
        self._attention_timer = self.set_timer(ATTENTION_SECONDS, lambda: screen.remove_class("-attention"))

    # ----- drawing
    def _screen_for(self, phase: str) -> EpisodeScreen:
        if phase == "checklist":
            return QuestionScreen(self.content)
        if phase == "outcome":
            return OutcomeScreen(self.content, self.options.kiosk, self.settings.emergency_number, self.settings.emergency_number_set)
        return RoutineScreen(self.content)

    @property
    def _tearing_down(self) -> bool:
        """Textual is closing the app: it removes the screens' widgets while the clock, the voice
        thread and the session may still ask for a redraw. Nothing is drawn then (it would look for
        widgets already gone, and end with a traceback on the way out)."""
        return not self.is_running

    def refresh_view(self) -> None:
        """The clock's turn: let the session catch up with time, then redraw."""
        if self._tearing_down:
            return
        if self.controller is None:
            self.idle_tick()
        elif not self.controller.tick():  # when it did something, it has already called update_view
            self.update_view()

    def update_view(self) -> None:
        """Redraw the current phase; switch screens when the phase changes; wake for the next due event."""
        if self.controller is None or self._tearing_down:
            return
        view = self.controller.view()
        group = {"check_in": "routine", "done": "routine"}.get(view.phase, view.phase)
        if group != self._phase:
            self._phase = group
            self.close_overlays()
            screen = self._screen_for(view.phase)
            if len(self.screen_stack) > 1:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)
        self._draw()
        self._wake_at_next_due()

    def _episode_screen(self) -> EpisodeScreen | None:
        """The episode's screen, even under a help or key-describe overlay."""
        return next((s for s in reversed(self.screen_stack) if isinstance(s, EpisodeScreen)), None)

    def _draw(self) -> None:
        if self.controller is None or self._tearing_down:
            return
        screen = self._episode_screen()
        if screen is not None:
            screen.set_keys_only(not self.hears)
            view = self.controller.view()
            listening = self.voice.prompt() if self.voice is not None else ""
            status = self.status_text()
            text = f"{status}\n{listening}" if status and listening else (status or listening)
            keys = footer(self.key_state())
            drawn = (screen, view, text, keys)
            if drawn != self._last_drawn:  # most ticks change nothing visible: skip the work (idle CPU)
                self._last_drawn = drawn
                screen.show(view)
                screen.set_status(text, listening=bool(listening))
                screen.set_footer(keys)
        if self.voice is not None:
            self.voice.maybe_listen()

    def status_text(self) -> str:
        if self._quit_armed:  # "say quit again" for a spoken quit, when the content has those words
            return self.content.text(self._quit_armed if self._quit_armed in self.content.strings else "quit_confirm")
        if self.heard:
            return self.heard
        notices = list(self.options.notices)
        for part in (self.speaker, self.diary):
            status = getattr(part, "status", None)
            if isinstance(status, str) and status:
                notices.append(status)
        if self.voice is not None and self.voice.problem:
            notices.append(self.voice.problem)  # the keys still work: after the voice and the diary
        # Most important first: what went wrong, then what was chosen; the status line shows the
        # notices that fit whole and counts the rest.
        return SEPARATOR.join(notices + self.options.choices)

    def _wake_at_next_due(self) -> None:
        if self._due_timer is not None:
            self._due_timer.stop()
            self._due_timer = None
        due = self.controller.next_due() if self.controller else None
        if due is not None:
            delay = due - self.clock()
            if delay < REFRESH_SECONDS:
                self._due_timer = self.set_timer(max(delay, 0.0), self.refresh_view)

    # ----- keys
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.last_input = self.clock()
            if self.theme == "dim":
                self.theme = self.settings.theme  # any key wakes the screen
            # A key that acts on the night (or closes the help read aloud, over an episode or the kiosk's
            # idle screen) stops the speech in progress first; a setting key does not: it applies to
            # what is being said (ComfortActions).
            if self.overlay_open():
                acts = event.key not in COMFORT_KEYS
            else:
                acts = event.key in keymap(self.key_state())
            if acts and self.speaker is not None:
                self.speaker.stop()
            if event.key != "q":
                self._quit_armed = ""
            if isinstance(self.screen, IdleScreen) and event.key not in IDLE_KEYS:
                self.start_episode("relief")  # any other key: help now, no menu first
                return
        await super().on_event(event)

    def _act(self, intent: str, low_confidence: bool = False, spoken: bool = False) -> None:
        """Keys and voice end here alike: the session decides; help also opens the key overlay."""
        assert self.controller is not None
        self.controller.intent(intent, low_confidence, spoken)
        if intent == "help":
            self.action_help()

    def voice_status(self, text: str) -> None:
        """The status line's message: what was heard, a setting just changed, or a notice."""
        self.heard = text
        self._draw()

    def key_state(self) -> KeyState:
        return key_state(self.controller.session if self.controller is not None else None, self.options.kiosk)

    def action_key(self, key: str) -> None:
        """Every key that means an intent comes here; what it means depends on the screen (core.keys)."""
        intent = intent_for_key(key, self.key_state())
        if intent is None:
            return
        if intent in APP_KEY_INTENTS:
            if intent == "help" and self.controller is not None:
                self._act("help")  # the session says the help prompt, then the overlay opens
            elif intent in ("quit", "stop_to_idle"):
                self._quit(armed_by="quit_confirm" if intent == "quit" else "stop_confirm")
            else:
                getattr(self, f"action_{intent}")()
            return
        if self.controller is None:
            self.start_episode("relief")  # emergency from the idle screen: straight to the number
        self._act(intent)

    def _quit(self, armed_by: str) -> None:
        """Q or a spoken "quit": the first arms (the status line says how to confirm), the second exits
        (on the kiosk: stops the episode and goes back to the idle screen)."""
        if self._quit_armed:
            self._quit_armed = ""
            if self.options.kiosk:
                self.stop_to_idle()
            else:
                self.exit(0)
            return
        self._quit_armed = armed_by
        self._draw()

    async def action_quit(self) -> None:
        self.exit(0)

    def on_unmount(self) -> None:
        if self.controller is not None:
            self.controller.close()
