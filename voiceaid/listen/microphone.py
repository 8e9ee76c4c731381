"""Listening on the microphone: SpeechRecognition (PyAudio) captures, the Recogniser decodes.

`Listener.listen_once()` blocks, so the app calls it from a worker thread. The first call measures the
room's background level once (in silence, before anyone answers) to set the speech threshold. C
libraries underneath (ALSA, JACK, PortAudio) print to file descriptor 2 when a device is opened, which
would paint over the full-screen UI, so fd 2 points at /dev/null while devices open and close.
No PyAudio or no microphone is not an error for the app: `available` is False and `reason` says why
in one line; `listen_once` then raises MicrophoneUnavailable with that reason.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from typing import Iterable, Iterator

from voiceaid.listen.audio import RATE
from voiceaid.listen.recogniser import Heard, Recogniser
from voiceaid.listen.vocabulary import UNKNOWN

CALIBRATION_SECONDS = 0.5
PHRASE_THRESHOLD = 0.1  # seconds of sound that count as the start of speech
PAUSE_THRESHOLD = 0.6  # seconds of quiet that end an answer
ENERGY_FLOOR = 120.0  # the lowest RMS (16-bit) that can start a phrase; quiet speech is ~10x this


class MicrophoneUnavailable(RuntimeError):
    """There is no usable microphone; str() is a one-line reason."""


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the duration (C libraries write there directly)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
        finally:
            os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class Listener:
    """One microphone, listened to once per question. Cheap to construct; nothing opens until used."""

    def __init__(self, recogniser: Recogniser | None = None, device_index: int | None = None):
        self._recogniser = recogniser
        self._device_index = device_index
        self._recognizer = None  # speech_recognition.Recognizer, once calibrated
        self._lock = threading.Lock()
        self.reason = ""  # why the microphone is unavailable ("" when it is, or not yet known)

    @property
    def recogniser(self) -> Recogniser:
        if self._recogniser is None:
            self._recogniser = Recogniser()
        return self._recogniser

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
        with self._lock:
            if self.reason:
                raise MicrophoneUnavailable(self.reason)
            sr = _speech_recognition()
            recognizer = self._open_and_calibrate()
            try:
                with quiet_stderr():
                    microphone, source = _open(sr, self._device_index)
            except Exception as error:  # PyAudio raises OSError, AttributeError, ... for missing devices
                self.reason = f"cannot open the microphone ({_describe(error)})"
                raise MicrophoneUnavailable(self.reason) from None
            try:
                audio = recognizer.listen(source, timeout=timeout, phrase_time_limit=phrase_time_limit)
            except sr.WaitTimeoutError:
                return Heard(UNKNOWN)
            except OSError as error:  # the device went away while listening
                raise MicrophoneUnavailable(f"the microphone stopped ({_describe(error)})") from None
            finally:
                _close(microphone)
        data = audio.get_raw_data(convert_rate=RATE, convert_width=2)
        return self.recogniser.decode_pcm(data, RATE, expect)

    def _open_and_calibrate(self):
        """The calibrated speech_recognition.Recognizer; the first call measures the room once."""
        if self._recognizer is not None:
            return self._recognizer
        try:
            sr = _speech_recognition()
        except MicrophoneUnavailable as error:
            self.reason = str(error)
            raise
        recognizer = sr.Recognizer()
        # Answers are short: a clipped "yes" has only ~0.2 s of voiced sound, under SpeechRecognition's
        # default 0.3 s phrase threshold, so it was discarded as a click and never decoded.
        recognizer.phrase_threshold = PHRASE_THRESHOLD
        recognizer.pause_threshold = PAUSE_THRESHOLD
        recognizer.non_speaking_duration = min(recognizer.non_speaking_duration, PAUSE_THRESHOLD)
        try:
            with quiet_stderr():
                microphone, source = _open(sr, self._device_index)
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
        # The room is measured once, in silence. Left dynamic, the threshold sinks towards zero in a
        # very quiet room, so every faint sound became a 4-second "phrase" to decode (~20% of a core
        # while idle); a fixed threshold with a floor keeps idle listening cheap.
        recognizer.dynamic_energy_threshold = False
        recognizer.energy_threshold = max(recognizer.energy_threshold, ENERGY_FLOOR)
        self._recognizer = recognizer
        return recognizer


def _open(sr, device_index: int | None):
    """An entered sr.Microphone and its source; OSError when there is no capture device."""
    microphone = sr.Microphone(device_index=device_index, sample_rate=RATE)
    source = microphone.__enter__()
    if getattr(source, "stream", None) is None:  # SpeechRecognition swallows PyAudio's open error
        raise OSError("no capture device")
    return microphone, source


def _close(microphone) -> None:
    with quiet_stderr():
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
        with quiet_stderr():
            sr.Microphone.get_pyaudio()
    except Exception as error:  # AttributeError("Could not find PyAudio; check installation")
        raise MicrophoneUnavailable(f"PyAudio is not available ({_describe(error)})") from None
    return sr


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]
