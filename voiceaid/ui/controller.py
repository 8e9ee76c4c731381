"""The imperative shell around one episode: it feeds the session keys, voice and clock ticks, and
carries out what the session decides — speech, diary writes, louder prompts — off the event loop.

Every outside part may be missing or fail (no voice, no microphone, no diary): the controller keeps
the session and the screen going regardless and reports each degradation as one status line.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Protocol

from voiceaid.core.effects import Effect, Louder, Record, Say, StopSpeech
from voiceaid.core.session import Session, SessionOptions
from voiceaid.core.view import SessionView, session_view
from voiceaid.diary.writer import DiaryWriter

if TYPE_CHECKING:
    from voiceaid.content.models import Content

LOUDER_STEP = 0.2
KIND_FOR_MODE = {"relief": "cramp", "check": "check", "bedtime": "bedtime"}  # SessionOptions.mode -> Episode.kind
# Record fields that mean the person did something (or an outcome was reached): the session is real.
# `derived` is not one (voiceaid works it out), nor the starting site written before anyone acts.
SOMETHING_HAPPENED = ("steps_done", "answers", "leg", "site", "eased_after_s", "notes", "disposition")


class SpeakerLike(Protocol):
    def say(self, text: str, kind: str = ...) -> None: ...
    def stop(self) -> None: ...
    def set_volume(self, delta: float) -> float: ...
    @property
    def busy(self) -> bool: ...


class EpisodeController:
    """Runs one Session; `on_change` is called (on the event loop) whenever the screen should redraw."""

    def __init__(
        self,
        content: Content,
        options: SessionOptions,
        clock: Callable[[], float],
        speaker: SpeakerLike | None,
        diary: DiaryWriter | None,
        on_change: Callable[[], None],
        record: bool = True,
    ) -> None:
        self.content = content
        self.clock = clock
        self.speaker = speaker
        self.diary = diary if record else None
        self.on_change = on_change
        self.session = Session(content, options, clock())
        self.episode_id: int | None = None
        self.happened = False  # saved as the episode's `happened` the first time something does
        self._begun = False
        self.raised_volume = 0.0
        self.on_attention: Callable[[], None] = lambda: None  # a question went unanswered: show it, not only say it louder

    # ----- lifecycle
    def begin(self) -> None:
        if self.diary is not None:
            started = datetime.now(timezone.utc)
            options = self.session.options
            self.diary.submit(lambda diary: self._start_episode(diary, started, options.mode, options.frequent_days))
        self.apply(self.session.start(self.clock()))
        self._begun = True
        prerender = getattr(self.speaker, "prerender", None)
        if prerender is not None:
            prerender(self.session.fixed_texts())  # cues and prompts ready before they are due

    def _start_episode(self, diary: Any, started: datetime, mode: str, days: int) -> None:
        """On the diary thread: create the row (nothing has happened yet), then count the real cramps
        of the last `days` days for the "frequent" question: the others, plus this one when it is a
        cramp (the question is asked only once the person has been through it)."""
        self.episode_id = diary.start_episode(started, source="session", kind=KIND_FOR_MODE.get(mode, "cramp"), happened=False)
        count = diary.count_since(days, started, exclude=self.episode_id)
        if isinstance(count, int):
            self.session.diary_count = count + (mode == "relief")  # one attribute, read when the checklist begins

    def close(self) -> None:
        """Mark the episode ended (a quit, a closed terminal); the writer saves it before exit."""
        if self.diary is not None and self.session.phase != "outcome":
            ended = datetime.now(timezone.utc)
            self.diary.submit(lambda diary: diary.finish_episode(self.episode_id, ended) if self.episode_id is not None else None)

    def stop(self, note: str) -> None:
        """Stopped on purpose before its end (the kiosk's way back to the idle screen): the diary
        keeps the episode with `note` saying so; an outcome or a finished bedtime routine is no stop."""
        if self.session.phase not in ("outcome", "done"):
            self.session.notes.append(note)
            self._record({"notes": " ".join(self.session.notes)})

    # ----- inputs
    def tick(self) -> bool:
        """Let the session catch up with the clock; True when it did something (and the screen was told)."""
        effects = self.session.tick(self.clock())
        if effects:
            self.apply(effects)
        return bool(effects)

    def intent(self, name: str, low_confidence: bool = False, spoken: bool = False) -> None:
        if name in ("yes", "no", "unsure") and self.raised_volume:
            self._restore_volume()
        self.apply(self.session.handle(name, self.clock(), low_confidence, spoken))

    def no_reply(self) -> None:
        self.apply(self.session.no_reply(self.clock()))

    def view(self) -> SessionView:
        return session_view(self.session, self.clock())

    def next_due(self) -> float | None:
        return self.session.next_due(self.clock())

    # ----- effects
    def apply(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, Say):
                self._speak(effect)
            elif isinstance(effect, StopSpeech):
                self.barge_in()
            elif isinstance(effect, Louder):
                self._louder()
                self.on_attention()
            elif isinstance(effect, Record):
                self._record(effect.fields)
        self.on_change()

    def _speak(self, say: Say) -> None:
        if self.speaker is not None:
            self.speaker.say(say.text, say.kind)

    def barge_in(self) -> None:
        if self.speaker is not None:
            self.speaker.stop()

    def _louder(self) -> None:
        if self.speaker is not None and self.raised_volume < 2 * LOUDER_STEP:
            self.speaker.set_volume(LOUDER_STEP)
            self.raised_volume += LOUDER_STEP

    def _restore_volume(self) -> None:
        if self.speaker is not None:
            self.speaker.set_volume(-self.raised_volume)
        self.raised_volume = 0.0

    def _record(self, fields: dict[str, Any]) -> None:
        if self.diary is None:
            return
        fields = dict(fields)
        if fields.pop("ended", False):
            fields["ended_at"] = datetime.now(timezone.utc)
        if self._begun and not self.happened and any(fields.get(name) for name in SOMETHING_HAPPENED):
            self.happened = fields["happened"] = True

        def write(diary: Any) -> None:
            if self.episode_id is not None and fields:
                diary.update_episode(self.episode_id, **fields)

        self.diary.submit(write)
