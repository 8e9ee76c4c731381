"""Half-duplex listening in the app: a turn ends as soon as voiceaid speaks or the screen wants other
words, and turns that wait for commands are long (each new turn reopens the microphone).

The listener here stands at the Listener boundary (the real one needs a real-time microphone; its
cancel is tested on PulseAudio in tests/speech/test_listening_turns.py): a turn that waits, as a
quiet room does, until it times out or is cancelled."""

from __future__ import annotations

import threading

from tests.ui.helpers import make_rig
from voiceaid.listen.heard import Heard
from voiceaid.ui.voice_input import COMMAND_TURN_SECONDS, VoiceInput


class QuietRoom:
    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self.turns: list[tuple[frozenset[str], float]] = []
        self.ended = threading.Semaphore(0)

    def cancel(self) -> None:
        self.cancelled.set()

    def listen_once(self, expect=None, timeout=6.0, phrase_time_limit=4.0):  # type: ignore[no-untyped-def]
        self.turns.append((frozenset(expect or ()), timeout))
        self.cancelled.wait(timeout=min(timeout, 30.0))
        self.cancelled.clear()
        self.ended.release()
        return Heard("unknown")


async def _first_turn(rig, room: QuietRoom, pilot) -> VoiceInput:  # type: ignore[no-untyped-def]
    """The app's voice input on `room`, its first turn started once voiceaid has been quiet past the guard."""
    voice = VoiceInput(rig.app, room, timeout=6.0)
    rig.app.voice = voice
    rig.speaker.stop()
    rig.clock.advance(1.0)  # quiet for longer than the guard
    voice.maybe_listen()
    await pilot.pause()
    return voice


async def test_a_turn_ends_when_voiceaid_speaks_and_command_turns_are_long(tmp_path):
    rig = make_rig(tmp_path)
    room = QuietRoom()
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        voice = await _first_turn(rig, room, pilot)
        assert voice.busy
        assert room.turns and room.turns[-1][1] == COMMAND_TURN_SECONDS  # a stretch: a long turn for commands
        rig.speaker.say("Fifteen seconds left.", "cue")  # voiceaid speaks
        voice.maybe_listen()
        assert room.cancelled.is_set() or room.ended.acquire(timeout=5)
        await rig.app.workers.wait_for_complete()
        await pilot.pause()
        assert not voice.busy


async def test_a_question_turn_keeps_the_listen_timeout(tmp_path):
    rig = make_rig(tmp_path, mode="check")
    room = QuietRoom()
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _first_turn(rig, room, pilot)
        assert room.turns and room.turns[-1][1] == 6.0  # silence decides when the question is asked again
        assert "yes" in room.turns[-1][0]
        room.cancel()
        await rig.app.workers.wait_for_complete()


async def test_an_unanswered_question_stands_out_on_screen_as_well_as_louder(tmp_path):
    rig = make_rig(tmp_path, mode="check")
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = rig.app.screen
        assert not screen.has_class("-attention")
        volume = rig.speaker.volume
        rig.app.controller.no_reply()  # type: ignore[union-attr]  # the listening turn heard nothing
        await pilot.pause()
        assert screen.has_class("-attention")
        assert rig.speaker.volume > volume
        assert rig.app.controller.session.phase == "checklist"  # type: ignore[union-attr]  # never taken as "no"


class KeptSoundRoom(QuietRoom):
    """A listener that, like the real one, can hear from a moment in the past."""

    def __init__(self) -> None:
        super().__init__()
        self.since: list[float | None] = []

    def listen_once(self, expect=None, timeout=6.0, phrase_time_limit=4.0, since=None):  # type: ignore[no-untyped-def]
        self.since.append(since)
        return super().listen_once(expect, timeout, phrase_time_limit)


async def test_a_turn_hears_from_when_voiceaid_stopped_speaking_not_from_when_it_started(tmp_path):
    """An answer given the moment the prompt ends comes before the turn starts (after the guard):
    the turn asks for the sound from just after playback ended, which the Listener has kept."""
    from voiceaid.ui.voice_input import ECHO_SECONDS, GUARD_SECONDS

    rig = make_rig(tmp_path, mode="check")
    room = KeptSoundRoom()
    async with rig.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        voice = VoiceInput(rig.app, room, timeout=6.0, clock=rig.clock)
        rig.app.voice = voice
        rig.speaker.stop()
        for _ in range(100):
            if not rig.speaker.busy:
                break
            await pilot.pause(0.02)
        quiet_at = rig.clock() - rig.speaker.seconds_since_quiet()
        rig.clock.advance(GUARD_SECONDS + 0.3)  # the turn starts late
        voice.maybe_listen()
        await pilot.pause()
        room.cancel()
        await rig.app.workers.wait_for_complete()
        assert room.since and abs(room.since[0] - (quiet_at + ECHO_SECONDS)) < 1e-6
