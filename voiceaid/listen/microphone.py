"""Listening on the microphone: SpeechRecognition (PyAudio) captures PCM, a speech engine decodes it.

`Listener.listen_once()` blocks, so the app calls it from a worker thread. The first call measures the
room's background level once (in silence, before anyone answers) to set the speech threshold. C
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
from voiceaid.listen.engine import Engine
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import UNKNOWN
from voiceaid.speech.quiet import quiet, silence_alsa_errors

CALIBRATION_SECONDS = 0.5
PHRASE_THRESHOLD = 0.1  # seconds of sound that count as the start of speech
PAUSE_THRESHOLD = 0.6  # seconds of quiet that end an answer
READ_POLL_SECONDS = 0.01  # how often a read checks whether its chunk has arrived
READ_WAIT_SECONDS = 3.0  # after this, read anyway (a stream can take 1-2 s to start delivering)
ENERGY_FLOOR = 120.0  # the lowest RMS (16-bit) that can start a phrase; quiet speech is ~10x this


class MicrophoneUnavailable(RuntimeError):
    """There is no usable microphone; str() is a one-line reason."""


class _Cancelled(Exception):
    """Raised inside SpeechRecognition's read loop to end a listening turn early."""


class Listener:
    """One microphone, listened to once per question. Cheap to construct; nothing opens until used."""

    def __init__(self, recogniser: Engine | None = None, device_index: int | None = None):
        self._recogniser = recogniser
        self._device_index = device_index
        self._recognizer = None  # speech_recognition.Recognizer, once calibrated
        self._microphone = None  # one PortAudio instance for every turn
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
        the recogniser, start PortAudio (its device probe costs about a CPU-second) and open a stream
        once. The room is still measured at the first turn, in silence, not over voiceaid's own voice."""
        with self._lock:
            if self.reason:
                return
            _ = self.recogniser
            try:
                microphone, _ = self._open_stream(_speech_recognition())  # the first open is the slow one
                _close(microphone)
            except MicrophoneUnavailable as error:
                self.reason = str(error)
            except Exception as error:  # PyAudio raises OSError, AttributeError, ... without devices
                self.reason = f"cannot open the microphone ({_describe(error)})"

    @property
    def available(self) -> bool:
        """True when a microphone can be opened (checked once, by opening it)."""
        if not self.reason and self._recognizer is None:
            try:
                with self._lock:
                    self._open_and_calibrate()
            except MicrophoneUnavailable:
                pass
        return not self.reason

    def listen_once(
        self, expect: Iterable[str] | None = None, timeout: float = 6.0, phrase_time_limit: float = 4.0
    ) -> Heard:
        """Wait up to `timeout` s for speech, record up to `phrase_time_limit` s, decode it.

        Silence until the timeout comes back as intent "unknown". Raises MicrophoneUnavailable.
        """
        expect = None if expect is None else frozenset(expect)
        data = self.record_once(timeout, phrase_time_limit)
        if data is None:
            return Heard(UNKNOWN)
        return self.recogniser.decode_pcm(data, RATE, expect)

    def record_once(self, timeout: float = 6.0, phrase_time_limit: float = 4.0) -> bytes | None:
        """One phrase as 16 kHz 16-bit mono PCM, with a little of the room before and after it; None
        when nothing was said before `timeout` (or the turn was cancelled). Raises MicrophoneUnavailable."""
        with self._lock:
            if self.reason:
                raise MicrophoneUnavailable(self.reason)
            sr = _speech_recognition()
            recognizer = self._open_and_calibrate()
            self._cancel.clear()  # a cancel meant for an earlier turn does not end this one
            try:
                microphone, source = self._open_stream(sr)
            except Exception as error:  # PyAudio raises OSError, AttributeError, ... for missing devices
                self.reason = f"cannot open the microphone ({_describe(error)})"
                raise MicrophoneUnavailable(self.reason) from None
            try:
                audio = recognizer.listen(source, timeout=timeout, phrase_time_limit=phrase_time_limit)
            except (sr.WaitTimeoutError, _Cancelled):
                return None
            except OSError as error:  # the device went away while listening
                raise MicrophoneUnavailable(f"the microphone stopped ({_describe(error)})") from None
            finally:
                _close(microphone)
        return audio.get_raw_data(convert_rate=RATE, convert_width=2)

    def _open_and_calibrate(self):
        """The calibrated speech_recognition.Recognizer; the first call measures the room once."""
        if self._recognizer is not None:
            return self._recognizer
        try:
            sr = _speech_recognition()
        except MicrophoneUnavailable as error:
            self.reason = str(error)
            raise
        recognizer = new_recognizer(sr)
        try:
            microphone, source = self._open_stream(sr)
        except Exception as error:
            self.reason = f"cannot open the microphone ({_describe(error)})"
            raise MicrophoneUnavailable(self.reason) from None
        try:
            recognizer.adjust_for_ambient_noise(source, duration=CALIBRATION_SECONDS)
        except OSError as error:
            self.reason = f"cannot read the microphone ({_describe(error)})"
            raise MicrophoneUnavailable(self.reason) from None
        finally:
            _close(microphone)
        keep_threshold(recognizer)
        self._recognizer = recognizer
        return recognizer


    def _open_stream(self, sr):  # type: ignore[no-untyped-def]
        """An entered microphone for one turn. PortAudio itself starts once per Listener: its start-up
        probes every device (about a CPU-second with PulseAudio's plugin, and chatter on fd 2), which
        SpeechRecognition's Microphone repeats twice per turn, so idle listening cost ~20% of a core.
        """
        microphone = self._portaudio(sr)
        source = microphone.__enter__()
        if getattr(source, "stream", None) is None:
            raise OSError("no capture device")
        source.stream = _CancellableStream(source.stream, self._cancel)
        return microphone, source

    def _portaudio(self, sr):  # type: ignore[no-untyped-def]
        """The one PortAudio instance, started on first use."""
        if self._microphone is None:
            with quiet():  # the only PortAudio start-up; later opens print through ALSA's handler
                self._microphone = _shared_microphone(sr, self._device_index)
            silence_alsa_errors()
        return self._microphone


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
            self.CHUNK = 1024
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


class _CancellableStream:
    """The microphone stream, read chunk by chunk by SpeechRecognition; a cancel ends the reading."""

    def __init__(self, stream, cancel: threading.Event) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream
        self._cancel = cancel
        self._reports_available = True

    def read(self, size: int) -> bytes:
        """Wait (sleeping, and watching for a cancel) until a whole chunk has arrived, then read it.

        A blocking read straight away spins: through PulseAudio's ALSA plugin, PortAudio polls in a
        busy loop while no data is ready - for a second or two after each stream opens (seen with
        py-spy: seconds of CPU in Stream.read). Sleeping in short steps until the chunk is there
        costs nothing and then reads at once. A device that does not report what it holds (the read
        after a full wait returns at once) is read directly for the rest of the turn."""
        stream = getattr(self._stream, "pyaudio_stream", None) if self._reports_available else None
        deadline = time.monotonic() + READ_WAIT_SECONDS
        waited_out = False
        while stream is not None:
            try:
                if stream.get_read_available() >= size:
                    break
            except OSError:
                break  # let the read itself report the problem
            if time.monotonic() >= deadline:
                waited_out = True
                break
            if self._cancel.wait(READ_POLL_SECONDS):
                raise _Cancelled()
        if self._cancel.is_set():
            raise _Cancelled()
        started = time.monotonic()
        data = self._stream.read(size)
        if waited_out and time.monotonic() - started < READ_POLL_SECONDS:
            self._reports_available = False  # the data was there all along
        return data

    def close(self) -> None:
        self._stream.close()


def _close(microphone) -> None:
    try:
        if getattr(microphone, "stream", None) is not None:
            microphone.__exit__(None, None, None)
    except OSError:
        pass


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
