"""The Speaker: what the UI calls to talk. Non-blocking, thread-safe, never raises, never prints.

It is the imperative shell around `voiceaid.core.speech_policy.SpeechPolicy`: the UI's calls become
policy events under one lock, and a background thread renders the current utterance (synthesis
worker + WAV cache), plays it (stoppable player) and reports `started`/`finished` back. So every
method returns at once, callable from Textual's event loop, and a barge-in only has to signal the
player.

When speech cannot sound (muted, `--no-voice`, no engine, no audio device) each utterance still goes
through the policy and is logged "start" then "end" at once, so the speech log and `on_event`
always show what would have been said, and `status` says, in one line, why nothing is heard.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Iterable

from voiceaid.config import Settings
from voiceaid.core.speech_policy import DEFAULT_CUE_MAX_WAIT, Kind, SpeechPolicy, Step, Utterance
from voiceaid.problem_log import report
from voiceaid.speech.player import DONE, FAILED, Player, Playback
from voiceaid.speech.speech_log import SpeechLog
from voiceaid.speech.synth import Synth

RATE_RANGE = (80, 300)  # words per minute, as accepted by the config
EventHook = Callable[[str, str, str], None]  # (kind, event, text)


class Speaker:
    """Speaks one utterance at a time by priority; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        speech_log: SpeechLog | None = None,
        clock: Callable[[], float] = time.monotonic,
        enabled: bool = True,
        *,
        synth: Synth | None = None,
        player: Player | None = None,
        cue_max_wait: float = DEFAULT_CUE_MAX_WAIT,
        words: Callable[..., str] | None = None,
    ) -> None:
        """`words`: the content's UI strings (Content.text) for the status line; the built-in ones when None."""
        self._clock = clock
        self._words = words
        self._log = speech_log
        self.enabled = enabled
        self.voice = settings.voice
        self.rate = settings.speech_rate
        self.volume = settings.volume
        self.muted = False
        # (kind, event, text) for every log event, called from the caller's thread (say/stop) or the
        # speaker thread; in Textual hand it on with the thread-safe `app.post_message(...)`.
        self.on_event: EventHook | None = None
        self._policy = SpeechPolicy(cue_max_wait)
        self._cond = threading.Condition(threading.RLock())
        self._picked: int | None = None  # id of the utterance the thread is handling
        self._playback: Playback | None = None
        self._last: Utterance | None = None  # the last utterance that started, for repeat_last
        self._quiet_since = float("-inf")
        self._audio_problem: str | None = None
        self._closed = False
        self._synth = (synth or Synth()) if enabled else None
        self._player = (player or Player()) if enabled else None
        if self._synth is not None:
            self._synth.start()
        self._thread = threading.Thread(target=self._run, name="voiceaid-speaker", daemon=True)
        self._thread.start()

    # ----------------------------------------------------------------- calls from the UI
    def say(self, text: str, kind: Kind | str = Kind.INSTRUCTION) -> None:
        """Ask for `text` to be spoken; the policy decides whether it plays, waits or is dropped."""
        self._event(lambda now: self._policy.say(text, kind, now))

    def stop(self) -> None:
        """Barge-in: silence the current utterance now and clear the queue (outcomes excepted)."""
        self._event(self._policy.stop_all)

    def repeat_last(self) -> None:
        """Say again what is being said, or what was said last, from its beginning."""
        with self._cond:
            target = self._policy.current or self._last
            if target is None:
                return
        self.stop()
        self.say(target.text, target.kind)

    def restart_current(self) -> None:
        """Say what is being said again from its start at the current settings; what is queued stays."""
        self._event(self._policy.restart)

    def set_rate(self, delta: int) -> int:
        """Change the speaking rate by `delta` words per minute, within the config's range."""
        with self._cond:
            self.rate = max(RATE_RANGE[0], min(RATE_RANGE[1], self.rate + int(delta)))
            return self.rate

    def set_volume(self, delta: float) -> float:
        """Change the volume by `delta` (0-1 scale); heard from the next utterance on."""
        with self._cond:
            self.volume = round(max(0.0, min(1.0, self.volume + delta)), 2)
            return self.volume

    def toggle_mute(self) -> bool:
        """Mute or unmute; muting silences the current utterance at once. Returns the new state."""
        with self._cond:
            self.muted = not self.muted
            if self.muted and self._playback is not None:
                self._playback.stop()
            return self.muted

    def prerender(self, texts: Iterable[str]) -> None:
        """Render fixed prompts into the cache in the background, so they start instantly later."""
        if self._synth is not None:
            self._synth.prerender(list(texts), self.voice, self.rate)

    @property
    def busy(self) -> bool:
        """Speaking, or something queued to be spoken."""
        with self._cond:
            return self._policy.busy

    def seconds_since_quiet(self) -> float:
        """0 while busy, else seconds since the last utterance ended (inf if none yet): the
        recogniser's half-duplex guard."""
        with self._cond:
            if self._policy.busy:
                return 0.0
            return self._clock() - self._quiet_since

    @property
    def status(self) -> str | None:
        """One line when speech is degraded (shown on screen), else None: what is wrong and what to
        do, in the content's plain words; the engine's or ALSA's own words go to the log."""
        problems: list[str] = []
        if self.enabled and self._synth is not None and self._synth.unavailable:
            report("speech", f"voice unavailable: {self._synth.unavailable}")
            problems.append(self._text("speech_unavailable", reason=self._synth.unavailable))
        elif self._audio_problem:
            report("speech", f"no sound: {self._audio_problem}")
            problems.append(self._text("speech_no_sound", reason=self._audio_problem))
        elif self._synth is not None and self._synth.last_error:
            report("speech", f"voice problem: {self._synth.last_error}")
            problems.append(self._text("speech_problem", reason=self._synth.last_error))
        elif self._synth is not None and self._synth.unknown_voice(self.voice):
            report("speech", f"voice {self.voice!r} not found; speaking with the default voice")
            problems.append(self._text("voice_unknown", voice=self.voice.partition("+")[0]))
        if self._log is not None and self._log.problem:
            problems.append(self._log.problem)
        return " · ".join(problems) or None  # as the status line separates notices

    def _text(self, key: str, **values: object) -> str:
        from voiceaid.content.loader import builtin_text  # read once per process, when first needed

        return (self._words or builtin_text())(key, **values)

    def close(self) -> None:
        """Stop speaking and end the thread and the worker. Safe to call twice."""
        self.stop()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=3.0)
        if self._synth is not None:
            self._synth.close()
        if self._player is not None:
            self._player.close()

    # ----------------------------------------------------------------- internals
    def _event(self, event: Callable[[float], Step]) -> None:
        with self._cond:
            if self._closed:
                return
            events = self._apply(event(self._clock()))
        self._notify(events)

    def _apply(self, step: Step) -> list[tuple[str, str, str]]:
        """Carry out a policy step (lock held); returns the events for `on_event`."""
        if step.stop is not None and self._playback is not None:
            self._playback.stop()
        out = []
        for event in step.events:
            if event.event == "start":
                self._last = event.utterance
            if self._log is not None:
                self._log.write(event.event, event.utterance.kind.value, event.utterance.text, t=event.t)
            out.append((event.utterance.kind.value, event.event, event.utterance.text))
        if step.events and not self._policy.busy:
            self._quiet_since = self._clock()  # the last utterance just ended, stopped or was dropped
        self._cond.notify_all()
        return out

    def _notify(self, events: list[tuple[str, str, str]]) -> None:
        hook = self.on_event
        for kind, event, text in events:
            if hook is not None:
                try:
                    hook(kind, event, text)
                except Exception:  # noqa: BLE001 - a UI bug must not stop speech
                    pass

    def _next(self) -> Utterance | None:
        """Wait (lock held) for a current utterance the thread has not handled yet."""
        while not self._closed:
            current = self._policy.current
            if current is not None and current.id != self._picked:
                self._picked = current.id
                return current
            self._cond.wait()
        return None

    def _run(self) -> None:
        while True:
            with self._cond:
                utterance = self._next()
                if utterance is None:
                    return
                silent = self.muted or self._synth is None
                voice, rate = self.voice, self.rate
            wav = None if silent or self._synth is None else self._synth.render(utterance.text, voice, rate)
            with self._cond:
                if self._policy.current is not utterance:
                    continue  # stopped or replaced while it was being rendered
                events = self._apply(self._policy.started(utterance.id, self._clock()))
                audible = self._policy.current is utterance and wav is not None and not self.muted
                volume = self.volume
            self._notify(events)
            # Started outside the lock (scaling the volume takes a moment; the UI must not wait);
            # a stop or mute that came in meanwhile is applied right after.
            playback = self._player.play(wav, volume) if audible and wav is not None and self._player else None
            with self._cond:
                if audible and self._player is not None and playback is None:
                    self._audio_problem = self._player.problem  # cleared only by a playback that completes
                if playback is not None and (self._policy.current is not utterance or self.muted):
                    playback.stop()
                self._playback = playback
            result = playback.wait() if playback is not None else None
            with self._cond:
                self._playback = None
                if result == FAILED:
                    self._audio_problem = getattr(playback, "problem", None) or "audio output failed"
                elif result == DONE:
                    self._audio_problem = None
                events = self._apply(self._policy.finished(utterance.id, self._clock()))
            self._notify(events)
