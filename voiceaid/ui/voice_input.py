"""Spoken answers for the app: listen on a worker thread when, and only when, voiceaid is quiet.

Half-duplex: a listening turn starts only after the speaker has been silent for a short guard time,
but it hears from the moment playback ended (the Listener keeps the recent sound), so an answer given
at once is not lost; a turn whose sound overlapped any speech of voiceaid's is thrown away (the
microphone may have heard voiceaid itself). Each turn listens only for what the current screen can
use, plus the global commands: the app says which (`listened_for`, from core.voice_commands), and
whether voiceaid is quiet; this module never reaches into the session or the speaker.
"""

from __future__ import annotations

import inspect
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

from voiceaid.problem_log import report
from voiceaid.ui.screens.idle import IdleScreen

if TYPE_CHECKING:
    from voiceaid.ui.app import VoiceaidApp

GUARD_SECONDS = 0.4  # quiet time after speech before a turn starts (a gap between two utterances is not a turn)
# A turn uses the sound from this long after voiceaid's playback ended (the room's echo and the
# microphone's own latency), however late the turn itself starts: the Listener keeps the recent
# sound, so an answer given the moment the prompt ends is heard whole.
ECHO_SECONDS = 0.15
PHRASE_SECONDS = 4.0  # the longest answer recorded
# When no answer is awaited (a stretch, the outcome, the idle screen), a turn may wait this long for a
# command: each new turn reopens the microphone (~60 ms of CPU), and a turn is cut short anyway the
# moment voiceaid speaks or the screen changes. A question keeps the shorter listen_timeout, which
# also decides when it is asked again.
COMMAND_TURN_SECONDS = 30.0


class VoiceInput:
    def __init__(self, app: VoiceaidApp, listener: Any, timeout: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.listener = listener
        self.timeout = timeout
        self.clock = clock  # real time: the microphone runs in real time even when tests drive the session clock
        self.busy = False
        self.problem: str | None = None
        # The microphone has opened once (warm-up or a listening turn): until then nothing says
        # "say ...", so a person is never told to speak to a microphone that may not work.
        self.opened = False
        self.listening_for: frozenset[str] = frozenset()
        self._building = threading.Lock()  # the listener is built once, by whichever worker needs it first

    def warm_up(self) -> None:
        """Shortly after launch: build the listener and start the audio stack on a worker thread, while
        the first instruction plays, so the first answer is listened for at once (it took a second or
        two of start-up when done at the first turn)."""
        self.app.run_worker(self._warm_up, thread=True, group="listen", exit_on_error=False)

    def _warm_up(self) -> None:
        try:
            listener = self._listener()
            warm = getattr(listener, "warm_up", None)
            if warm is not None:
                warm()
        except Exception:  # noqa: BLE001 - the first turn finds the same problem and says so
            return
        reason = getattr(listener, "reason", None)
        if reason:
            self.app.call_from_thread(self._failed, str(reason))
        else:
            self.app.call_from_thread(self._opened)

    def _opened(self) -> None:
        """The microphone works: from now on spoken prompts and the screen may offer words."""
        if self.opened or self.problem:
            return
        self.opened = True
        self.app.microphone_hears(True)
        for screen in self.app.screen_stack:
            if isinstance(screen, IdleScreen):
                screen.set_listening(self.idle_listens())  # "or say 'start'" is true now
        self.app.voice_status(self.app.heard)

    def _listener(self) -> Any:
        """The listener, built here (off the event loop) when the app was given a factory."""
        with self._building:
            if not hasattr(self.listener, "listen_once"):
                self.listener = self.listener()
            return self.listener

    def idle_listens(self) -> bool:
        """The kiosk's idle screen listens only when the wake phrase is turned on (it is off by default)."""
        return bool(self.app.options.kiosk and self.app.settings.wake_phrase)

    def wanted(self) -> frozenset[str] | None:
        """The intents to listen for now, or None when this is no time to listen."""
        app = self.app
        if self.problem:
            return None
        if app.controller is None and not self.idle_listens():
            return None
        if app.keyboard_only():
            return None
        if app.quiet_seconds() < GUARD_SECONDS:  # half-duplex everywhere: the help read aloud on the idle screen says "emergency" too
            return None
        return app.listened_for()

    def maybe_listen(self) -> None:
        if self.busy:
            # Half-duplex: voiceaid started to speak, or the screen now wants other words: end the turn.
            if self.wanted() != self.listening_for and hasattr(self.listener, "cancel"):
                self.listener.cancel()
            return
        expect = self.wanted()
        if expect is None:
            return
        self.busy = True
        self.listening_for = expect
        controller = self.app.controller
        timeout = self._timeout()
        since = self._quiet_since()
        self.app.run_worker(lambda: self._turn(expect, timeout, controller, since), thread=True, group="listen", exit_on_error=False)

    def _quiet_since(self) -> float:
        """Where the turn's sound starts: just after voiceaid last stopped speaking (now if it never spoke)."""
        now = self.clock()
        quiet_for = self.app.quiet_seconds()  # a turn starts only once voiceaid is quiet: never -inf here
        return now if quiet_for in (float("inf"), float("-inf")) else now - quiet_for + ECHO_SECONDS

    def _awaits_answer(self) -> bool:
        """A question is on screen with nothing over it: silence there counts as no reply."""
        state = self.app.voice_state()
        return state.phase in ("check_in", "checklist") and not state.overlay_open

    def _timeout(self) -> float:
        return self.timeout if self._awaits_answer() else max(self.timeout, COMMAND_TURN_SECONDS)

    def _turn(self, expect: frozenset[str], timeout: float, controller: Any, since: float | None = None) -> None:
        """On a worker thread: one listening turn, handed back to the event loop with when its sound began."""
        since = self.clock() if since is None else since
        try:
            listener = self._listener()
            if _takes_since(listener):
                heard = listener.listen_once(expect, timeout=timeout, phrase_time_limit=PHRASE_SECONDS, since=since)
            else:  # a listener without kept sound hears from now on
                since = self.clock()
                heard = listener.listen_once(expect, timeout=timeout, phrase_time_limit=PHRASE_SECONDS)
        except Exception as error:  # MicrophoneUnavailable, or anything from the audio stack
            self.app.call_from_thread(self._failed, str(error) or type(error).__name__)
            return
        self.app.call_from_thread(self._heard, heard, self.clock() - since, controller)

    def _failed(self, reason: str) -> None:
        """No microphone after all: keys only from now on, said once on the status line."""
        self.busy = False
        if self.problem:
            return
        report("microphone", reason)  # the system's words, for the log; the screen says what to do
        self.problem = self.app.content.text("mic_failed")
        self.app.microphone_hears(False)  # from now on, spoken prompts offer the keys
        self.app.voice_status("")
        for screen in self.app.screen_stack:
            if isinstance(screen, IdleScreen):
                screen.set_listening(False)  # "or say 'start'" is no longer true

    def _heard(self, heard: Any, took: float, controller: Any) -> None:
        """`took`: seconds from the start of the turn's sound until now; if voiceaid spoke at any time
        since then, what was heard may be itself and is dropped."""
        self.busy = False
        self.listening_for = frozenset()
        self._opened()  # a turn that returned had the microphone open
        if controller is not self.app.controller:
            return  # the episode changed while listening
        if self.app.quiet_seconds() < took:
            self.app.voice_status("")
            return  # voiceaid spoke during the turn's sound: what was heard may be itself
        if heard.intent != "unknown" and heard.intent not in (self.wanted() or ()):
            return  # meant for a screen that has since gone (an overlay opened or closed during the turn)
        if controller is None:  # the idle screen, or an overlay on it: it listens for hours
            if heard.intent != "unknown" and self.listener.recogniser.wakes(heard):
                self.app.spoken_intent(heard.intent)
            return
        if heard.intent == "unknown":
            self.app.voice_status(self.app.content.text("not_heard") if heard.text else "")
            if self._awaits_answer():
                controller.no_reply()
            return
        self.app.voice_status(self.app.content.text("heard", text=heard.text or heard.intent))
        self.app.spoken_intent(heard.intent, low_confidence=bool(heard.needs_confirmation))

    def prompt(self) -> str:
        """The listening indicator: what can be said now."""
        if not self.busy:
            return ""
        words = []
        for intent in ("yes", "no", "unsure", "left", "right", "next", "emergency"):
            if intent in self.listening_for:
                phrases = self.app.content.vocabulary.intents.get(intent, ())
                if phrases:
                    words.append(f"'{phrases[0]}'")
        return self.app.content.text("listening", choices=", ".join(words))


def _takes_since(listener: Any) -> bool:
    """Whether this listener's listen_once can start from a moment in the past (the Listener can)."""
    try:
        return "since" in inspect.signature(listener.listen_once).parameters
    except (TypeError, ValueError):
        return False
