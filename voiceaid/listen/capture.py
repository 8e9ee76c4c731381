"""The microphone kept open between listening turns, with the last few seconds of sound kept.

Opening a stream for each turn lost answers: a person answers the moment the prompt ends, but a turn
opened only after a guard time, and a PulseAudio stream then takes a while to deliver its first
audio, so a "no" said 0.2-0.5 s after the prompt was cut or missed altogether (live bench, issue 27).
Here one stream is read all the time by a thread into a ring of timestamped chunks; a turn reads
from a moment in the past - when voiceaid's playback ended - so nothing said after the prompt is
lost, and nothing from before it (voiceaid's own voice) is used.

The same thread measures the room: the quietest chunks of the last few seconds (a low percentile of
their energy) are the background, whatever else was heard, so the first turn's threshold is not
set from an answer or from voiceaid's voice, and a fan switched on later is followed.

A device without a clock (an ALSA file device in tests) would be read as fast as the CPU allows, so
the thread never reads ahead of real time. A stream nobody has read for IDLE_SECONDS is closed
(a screen that does not listen must not cost CPU); the next turn opens it again.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import Any, Callable

import numpy as np

KEEP_SECONDS = 4.0  # sound kept for a turn that starts late
ROOM_SECONDS = 8.0  # the background is measured over this much of the latest sound
ROOM_PERCENTILE = 25  # a chunk this quiet among them is the room, not speech
IDLE_SECONDS = 60.0
POLL_SECONDS = 0.01  # how often a waiting read looks again (PortAudio spins if read before data is ready)
FIRST_DATA_SECONDS = 3.0  # a stream may take 1-2 s to deliver; after this, read anyway


class Cancelled(Exception):
    """The turn was cancelled (voiceaid began to speak, or the screen changed)."""


class Capture:
    """One open stream, read continuously; `reader(since)` gives a turn its sound from `since` on."""

    def __init__(self, stream: Any, rate: int, chunk: int, clock: Callable[[], float] = time.monotonic) -> None:
        """`stream`: has read(frames) -> bytes of 16-bit mono, close(), and optionally `pyaudio_stream`
        (SpeechRecognition's MicrophoneStream) to ask how much has arrived."""
        self._stream = stream
        self.rate = rate
        self.chunk = chunk
        self.chunk_seconds = chunk / rate
        self._clock = clock
        self._chunks: collections.deque[tuple[float, bytes]] = collections.deque(maxlen=max(1, int(KEEP_SECONDS / self.chunk_seconds)))
        self._energies: collections.deque[float] = collections.deque(maxlen=max(1, int(ROOM_SECONDS / self.chunk_seconds)))
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self.last_used = clock()
        self._thread = threading.Thread(target=self._run, name="voiceaid-capture", daemon=True)
        self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and self.error is None

    def room_energy(self, wait_seconds: float = 0.0) -> float | None:
        """The background's RMS energy (16-bit units), once `wait_seconds` of sound have been heard."""
        deadline = self._clock() + wait_seconds * 3 + 1.0
        with self._cond:
            while len(self._energies) * self.chunk_seconds < wait_seconds and self.alive and self._clock() < deadline:
                self._cond.wait(0.05)
            if not self._energies:
                return None
            return float(np.percentile(np.fromiter(self._energies, float), ROOM_PERCENTILE))

    def reader(self, since: float, cancel: threading.Event) -> "TurnReader":
        return TurnReader(self, since, cancel)

    def _next_after(self, position: float, cancel: threading.Event) -> tuple[float, bytes]:
        """The first chunk that ended after `position`, waiting for it if need be."""
        with self._cond:
            while True:
                self.last_used = self._clock()
                for ended, data in self._chunks:
                    if ended > position:
                        return ended, data
                if cancel.is_set():
                    raise Cancelled()
                if self.error is not None:
                    raise OSError(str(self.error)) from self.error
                if not self._thread.is_alive():
                    raise OSError("the microphone stream closed")
                self._cond.wait(POLL_SECONDS)

    # ----- the thread
    def _run(self) -> None:
        began: float | None = None
        count = 0
        try:
            while not self._stop.is_set():
                data = self._read()
                if data is None:
                    break
                now = self._clock()
                if began is None:
                    began = now - self.chunk_seconds
                count += 1
                due = began + count * self.chunk_seconds
                if due > now + 0.005:  # ahead of real time: a device without a clock
                    if self._stop.wait(due - now):
                        break
                    now = due
                elif now > due + 1.0:
                    began, count = now - self.chunk_seconds, 1  # after a stall, pace from here
                samples = np.frombuffer(data, dtype="<i2").astype(np.float64)
                with self._cond:
                    self._chunks.append((now, data))
                    self._energies.append(float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0)
                    self._cond.notify_all()
                if now - self.last_used > IDLE_SECONDS:
                    break
        except BaseException as error:  # noqa: BLE001 - OSError from PortAudio when the device goes
            self.error = error
        finally:
            with self._cond:
                self._cond.notify_all()
            try:
                self._stream.close()
            except OSError:
                pass

    def _read(self) -> bytes | None:
        """One chunk: sleep in short steps until PortAudio has it, then read (see POLL_SECONDS)."""
        stream = getattr(self._stream, "pyaudio_stream", None)
        deadline = self._clock() + FIRST_DATA_SECONDS
        while stream is not None:
            try:
                if stream.get_read_available() >= self.chunk:
                    break
            except OSError:
                break  # the read itself reports it
            if self._clock() >= deadline:
                break
            if self._stop.wait(POLL_SECONDS):
                return None
        return self._stream.read(self.chunk)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)


class TurnReader:
    """What SpeechRecognition's `listen` reads for one turn: the kept sound after `since`, then live."""

    def __init__(self, capture: Capture, since: float, cancel: threading.Event) -> None:
        self._capture = capture
        self.position = since  # end time of the last chunk read
        self.first: float | None = None  # end time of the first chunk read
        self._cancel = cancel

    def read(self, size: int) -> bytes:
        ended, data = self._capture._next_after(self.position, self._cancel)
        if self._cancel.is_set():
            raise Cancelled()
        self.position = ended
        if self.first is None:
            self.first = ended
        return data

    def close(self) -> None:
        pass
