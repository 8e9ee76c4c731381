"""Listening on the microphone: SpeechRecognition (PyAudio) captures PCM, a speech engine decodes it.

`Listener.listen_once()` blocks, so the app calls it from a worker thread. The stream stays open
between turns and keeps the last seconds of sound (capture.py), so a turn can begin where voiceaid
stopped speaking; each turn sets the speech threshold from the quietest of the room lately. C
libraries underneath (ALSA, JACK, PortAudio) print to file descriptor 2 when a device is opened, which
would paint over the full-screen UI, so fd 2 points at /dev/null while devices open and close.
No PyAudio or no microphone is not an error for the app: `available` is False and `reason` says why
in one line; `listen_once` then raises MicrophoneUnavailable with that reason.
"""

from __future__ import annotations

import threading
import time
from typing import Iterable

from voiceaid.listen.audio import RATE
from voiceaid.listen.capture import Capture, Cancelled, TurnReader
from voiceaid.listen.engine import Engine
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import UNKNOWN
from voiceaid.speech.quiet import quiet, silence_alsa_errors

CALIBRATION_SECONDS = 0.5  # the first turn waits until this much of the room has been heard
# The speech threshold is this many times the room's level (its 25th-percentile 32 ms chunk). Steady
# noise is not steady in 32 ms chunks: a fan's or pink noise's chunks reach 2.3-2.9 times that level
# once in a hundred (white noise 1.1), so at SpeechRecognition's 1.5 the end of an answer was never
# quiet for long enough and turns ran on to the phrase limit (live bench, fan at 15 dB: 2.4 s from
# reply to action). At 2.5 an answer 8 dB above a fan still stands above it (about 3.4 times).
ROOM_RATIO = 2.5
PHRASE_THRESHOLD = 0.1  # seconds of sound that count as the start of speech
# Seconds of quiet that end an answer. It is most of the wait between the end of a reply and the app
# acting on it: at 0.6 s the live bench measured 0.68 s from reply to action, over the 0.6 s the
# person is promised. The answers' own gaps between words are 64 ms at most (test voices), so 0.4 s
# keeps a margin of six; a person who pauses longer mid-answer ("not ... sure") is split, and the
# first part decoded alone (a spoken "no" to an emergency question is still read back).
PAUSE_THRESHOLD = 0.4
CHUNK = 512  # frames per read: 32 ms, so the end of an answer is seen within 32 ms
ENERGY_FLOOR = 120.0  # the lowest RMS (16-bit) that can start a phrase; quiet speech is ~10x this


class MicrophoneUnavailable(RuntimeError):
    """There is no usable microphone; str() is a one-line reason."""


class Listener:
    """One microphone, kept open between questions (see capture.py). Cheap to construct; nothing opens
    until used."""

    def __init__(self, recogniser: Engine | None = None, device_index: int | None = None):
        self._recogniser = recogniser
        self._device_index = device_index
        self._recognizer = None  # speech_recognition.Recognizer, once the room has been measured
        self._microphone = None  # one PortAudio instance for every stream
        self._capture: Capture | None = None
        self._heard_until = float("-inf")  # end time of the last sound a turn has used: never used twice
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.reason = ""  # why the microphone is unavailable ("" when it is, or not yet known)

    def cancel(self) -> None:
        """End the turn in progress at once (from any thread): its answer comes back "unknown".

        Half-duplex: when voiceaid starts to speak, or the screen changes, the turn listening for the
        old screen stops within one audio chunk instead of recording voiceaid's own voice.
        """
        self._cancel.set()

    @property
    def recogniser(self) -> Engine:
        """The engine that decodes what the microphone captured (pocketsphinx when none was given)."""
        if self._recogniser is None:
            from voiceaid.listen import engines
            from voiceaid.listen.vocabulary import load_vocabulary

            self._recogniser = engines.build("sphinx", load_vocabulary())
        return self._recogniser

    def warm_up(self) -> None:
        """Do now, while voiceaid is still speaking, what the first turn would otherwise do first: load
        the recogniser, start PortAudio (its device probe costs about a CPU-second) and open the stream
        that stays open, so the first answer's first syllable is already being kept. The room's
        threshold is set at the first turn, from the quietest of what was heard by then."""
        with self._lock:
            if self.reason:
                return
            _ = self.recogniser
            try:
                self._open_capture(_speech_recognition())
            except MicrophoneUnavailable as error:
                self.reason = str(error)

    @property
    def available(self) -> bool:
        """True when a microphone can be opened (checked once, by opening it)."""
        if not self.reason and self._recognizer is None:
            try:
                with self._lock:
                    self._open_capture(_speech_recognition())
            except MicrophoneUnavailable:
                pass
        return not self.reason

    def listen_once(
        self, expect: Iterable[str] | None = None, timeout: float = 6.0, phrase_time_limit: float = 4.0, since: float | None = None
    ) -> Heard:
        """Wait up to `timeout` s for speech, record up to `phrase_time_limit` s, decode it.

        `since` (monotonic seconds): use the sound from then on - when voiceaid stopped speaking - even
        if this call comes later; the wait counts from there. Silence until the timeout comes back as
        intent "unknown". Raises MicrophoneUnavailable.
        """
        expect = None if expect is None else frozenset(expect)
        data = self.record_once(timeout, phrase_time_limit, since)
        if data is None:
            return Heard(UNKNOWN)
        return self.recogniser.decode_pcm(data, RATE, expect)

    def record_once(self, timeout: float = 6.0, phrase_time_limit: float = 4.0, since: float | None = None) -> bytes | None:
        """One phrase as 16 kHz 16-bit mono PCM, with a little of the room before and after it; None
        when nothing was said before `timeout` (or the turn was cancelled). Raises MicrophoneUnavailable."""
        with self._lock:
            if self.reason:
                raise MicrophoneUnavailable(self.reason)
            sr = _speech_recognition()
            self._cancel.clear()  # a cancel meant for an earlier turn does not end this one
            capture = self._open_capture(sr)
            recognizer = self._room(sr, capture)
            start = max(time.monotonic() if since is None else since, self._heard_until)
            source = _turn_source(sr, capture, capture.reader(start, self._cancel))
            try:
                audio = recognizer.listen(source, timeout=timeout, phrase_time_limit=phrase_time_limit)
            except (sr.WaitTimeoutError, Cancelled):
                return None
            except OSError as error:  # the device went away while listening
                self.reason = f"the microphone stopped ({_describe(error)})"
                raise MicrophoneUnavailable(self.reason) from None
            finally:
                self._heard_until = max(self._heard_until, source.stream.position)
        return audio.get_raw_data(convert_rate=RATE, convert_width=2)

    def close(self) -> None:
        """Close the stream (the app's end; a later turn would open it again)."""
        with self._lock:
            if self._capture is not None:
                self._capture.close()
                self._capture = None

    def _room(self, sr, capture: Capture):  # type: ignore[no-untyped-def]
        """The Recognizer, its threshold set from the room as heard lately (quietest chunks), each turn:
        the first turn's threshold is then not set from an answer already being spoken, nor from
        digital silence alone (the floor), and it follows a fan switched on later."""
        if self._recognizer is None:
            self._recognizer = new_recognizer(sr)
        recognizer = self._recognizer
        energy = capture.room_energy(wait_seconds=CALIBRATION_SECONDS)
        if energy is not None:
            recognizer.energy_threshold = energy * ROOM_RATIO
        keep_threshold(recognizer)
        return recognizer

    def _open_capture(self, sr) -> Capture:  # type: ignore[no-untyped-def]
        """The open, continuously read stream; opened now if it is not (or has closed)."""
        if self._capture is not None and self._capture.alive:
            return self._capture
        if self._capture is not None and self._capture.error is not None and not isinstance(self._capture.error, Cancelled):
            error = self._capture.error
            self._capture = None
            self.reason = f"the microphone stopped ({_describe(error)})"
            raise MicrophoneUnavailable(self.reason)
        try:
            microphone = self._portaudio(sr)
            source = microphone.__enter__()
            if getattr(source, "stream", None) is None:
                raise OSError("no capture device")
        except MicrophoneUnavailable:
            raise
        except Exception as error:  # PyAudio raises OSError, AttributeError, ... for missing devices
            self.reason = f"cannot open the microphone ({_describe(error)})"
            raise MicrophoneUnavailable(self.reason) from None
        stream, source.stream = source.stream, None  # the Capture owns (and closes) it from now on
        self._capture = Capture(stream, RATE, CHUNK)
        return self._capture

    def _portaudio(self, sr):  # type: ignore[no-untyped-def]
        """The one PortAudio instance, started on first use: its start-up probes every device (about a
        CPU-second with PulseAudio's plugin, and chatter on fd 2)."""
        if self._microphone is None:
            with quiet():  # the only PortAudio start-up; later opens print through ALSA's handler
                self._microphone = _shared_microphone(sr, self._device_index)
            silence_alsa_errors()
        return self._microphone


def _turn_source(sr, capture: Capture, reader: TurnReader):  # type: ignore[no-untyped-def]
    """An sr.AudioSource whose stream is one turn's reader of the kept sound."""

    class TurnSource(sr.AudioSource):
        def __init__(self) -> None:
            self.stream = reader
            self.CHUNK = capture.chunk
            self.SAMPLE_RATE = capture.rate
            self.SAMPLE_WIDTH = 2

    return TurnSource()


def new_recognizer(sr):  # type: ignore[no-untyped-def]
    """speech_recognition's Recognizer as the Listener sets it up, before the room is measured."""
    recognizer = sr.Recognizer()
    # Answers are short: a clipped "yes" has only ~0.2 s of voiced sound, under SpeechRecognition's
    # default 0.3 s phrase threshold, so it was discarded as a click and never decoded.
    recognizer.phrase_threshold = PHRASE_THRESHOLD
    recognizer.pause_threshold = PAUSE_THRESHOLD
    recognizer.non_speaking_duration = min(recognizer.non_speaking_duration, PAUSE_THRESHOLD)
    return recognizer


def keep_threshold(recognizer) -> None:  # type: ignore[no-untyped-def]
    """Once the room is measured (adjust_for_ambient_noise, in silence): keep that energy threshold.
    Left dynamic, it sinks towards zero in a very quiet room, so every faint sound became a 4-second
    "phrase" to decode (~20% of a core while idle); a fixed threshold with a floor keeps idle
    listening cheap."""
    recognizer.dynamic_energy_threshold = False
    recognizer.energy_threshold = max(recognizer.energy_threshold, ENERGY_FLOOR)


def _shared_microphone(sr, device_index: int | None):  # type: ignore[no-untyped-def]
    """An sr.Microphone that keeps one PyAudio instance and opens only a stream per turn."""

    class SharedMicrophone(sr.Microphone):
        def __init__(self) -> None:  # no PortAudio start-up per object, unlike sr.Microphone
            self.pyaudio_module = self.get_pyaudio()
            self.device_index = device_index
            self.format = self.pyaudio_module.paInt16
            self.SAMPLE_WIDTH = self.pyaudio_module.get_sample_size(self.format)
            self.SAMPLE_RATE = RATE
            self.CHUNK = CHUNK
            self.stream = None
            self.audio = self.pyaudio_module.PyAudio()

        def __enter__(self):  # type: ignore[no-untyped-def]
            stream = self.audio.open(
                input_device_index=self.device_index, channels=1, format=self.format,
                rate=self.SAMPLE_RATE, frames_per_buffer=self.CHUNK, input=True,
            )  # fmt: skip
            self.stream = sr.Microphone.MicrophoneStream(stream)
            return self

        def __exit__(self, *exc: object) -> None:
            try:
                if self.stream is not None:
                    self.stream.close()
            finally:
                self.stream = None

    return SharedMicrophone()


def _speech_recognition():
    try:
        import speech_recognition as sr
    except ImportError:
        raise MicrophoneUnavailable("SpeechRecognition is not installed") from None
    try:
        with quiet():
            sr.Microphone.get_pyaudio()
    except Exception as error:  # AttributeError("Could not find PyAudio; check installation")
        raise MicrophoneUnavailable(f"PyAudio is not available ({_describe(error)})") from None
    return sr


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]
