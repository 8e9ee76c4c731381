"""Speech to intent with Whisper: the screen's phrases as the prompt, an exact (or, for a long phrase,
near-exact) match of the transcript, and Whisper's own no-speech and log-probability figures, at
thresholds learned on the training voices, for rejection.

The same gate as the pocketsphinx engine runs first (speech found, something above the background,
voiced): Whisper invents "Thank you." on noise and, prompted with the screen's phrases, may "hear"
one of them in silence, so it is never asked about audio with no voice in it.
"""

from __future__ import annotations

import math
import threading
import time
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from voiceaid.listen import wake
from voiceaid.listen.engine import AudioInputs
from voiceaid.listen.heard import Heard
from voiceaid.listen.gate import MIN_SNR_DB, MIN_VOICING, decodable, padded, snr_db, voicing
from voiceaid.listen.vocabulary import UNKNOWN, Vocabulary, load_vocabulary
from voiceaid.listen.whisper import matching, thresholds
from voiceaid.listen.whisper.model import model_directory

NAME = "whisper"
THREADS = 2  # this machine's cores; CTranslate2 int8 on the CPU
# An answer is at most a few seconds long: a 10 s window instead of Whisper's 30 s makes the encoder's
# work a third, and decodes about 40 % quicker here, with the same transcripts on the test voices.
WINDOW_SECONDS = 10
# The longest phrase is a few words: more tokens than this is Whisper rambling or looping.
MAX_TOKENS = 16
# Text that compresses this well is repetition, Whisper's sign of a hallucination (its own default).
MAX_COMPRESSION = 2.4
YES_NO = frozenset({"yes", "no"})
# The idle screen's own threshold on this engine's confidence, written by
# scripts/calibrate-wake --engine whisper (see voiceaid.listen.wake).
WAKE_FILE = Path(__file__).with_name("wake.yaml")


class WhisperEngine(AudioInputs):
    """One loaded model for the life of the app; `decode` is safe from a worker thread (one at a time)."""

    name = NAME

    def __init__(
        self, vocabulary: Vocabulary | None = None, model: str | Path = "", threads: int = THREADS, limits: thresholds.Thresholds | None = None
    ) -> None:
        """`limits`: the thresholds to judge by (default: thresholds.yaml); calibrate-whisper, which
        only transcribes, passes its own, so it runs when that file is missing or damaged."""
        from faster_whisper import WhisperModel

        self.vocabulary = vocabulary or load_vocabulary()
        self.model_path = model_directory(str(model))
        self.thresholds = limits or thresholds.load()
        try:
            self.wake_confidence = wake.read(WAKE_FILE)
        except wake.WakeFileError:  # not calibrated (or damaged): Whisper alone never wakes the screen; a key still does
            self.wake_confidence = math.inf
        started = time.perf_counter()
        self._model: Any = WhisperModel(str(self.model_path), device="cpu", compute_type="int8", cpu_threads=threads)
        self.load_seconds = time.perf_counter() - started
        self._lock = threading.Lock()

    def prepare(self, expect: Iterable[str] | None = None) -> None:
        """Nothing to build per screen: the prompt is made at decode time."""

    def decode(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Heard:
        """Decode 16 kHz mono int16 samples, listening for `expect` (all intents when None)."""
        started = time.perf_counter()
        phrases = self.vocabulary.phrases(None if expect is None else sorted(expect))
        transcript, logprob, no_speech = self.transcribe(samples, phrases)
        heard = self.judge(transcript, logprob, no_speech, phrases)
        return Heard(heard.intent, heard.text, heard.confidence, (time.perf_counter() - started) * 1000.0, heard.needs_confirmation)

    def unsayable(self, words: Iterable[str]) -> list[str]:
        """None: Whisper writes any word; a word it mishears is the calibration's business."""
        return []

    def wakes(self, heard: Heard) -> bool:
        return heard.understood and heard.confidence >= self.wake_confidence

    def transcribe(self, samples: np.ndarray, phrases: dict[str, str]) -> tuple[str, float, float]:
        """(transcript, mean token log-probability, no-speech probability); ("", -inf, 1) when the
        audio holds no voiced speech at all."""
        cleaned, span = decodable(samples)
        if span is None:
            return "", -math.inf, 1.0
        speech = padded(cleaned, span)
        if snr_db(speech) < MIN_SNR_DB or voicing(speech) < MIN_VOICING:
            return "", -math.inf, 1.0
        audio = speech.astype(np.float32) / 32768.0
        prompt = ", ".join(sorted({phrase.capitalize() for phrase in phrases})) + "."
        with self._lock:
            segments, _ = self._model.transcribe(
                audio, language="en", beam_size=1, temperature=0.0, initial_prompt=prompt,
                without_timestamps=True, condition_on_previous_text=False, vad_filter=False, chunk_length=WINDOW_SECONDS,
                max_new_tokens=MAX_TOKENS,
            )  # fmt: skip
            segments = list(segments)
        if not segments or max(segment.compression_ratio for segment in segments) > MAX_COMPRESSION:
            return "", -math.inf, 1.0
        text = " ".join(segment.text.strip() for segment in segments)
        logprob = min(segment.avg_logprob for segment in segments)
        no_speech = max(segment.no_speech_prob for segment in segments)
        return text, logprob, no_speech

    def judge(self, transcript: str, logprob: float, no_speech: float, phrases: dict[str, str]) -> Heard:
        """The transcript as an intent, or unknown: a phrase of the screen's, said with confidence."""
        return accept(matching.match(transcript, phrases), logprob, no_speech, self.thresholds)


def accept(found: matching.Match, logprob: float, no_speech: float, limits: thresholds.Thresholds) -> Heard:
    """One rule for the engine and its calibration: a matched phrase at these thresholds, or unknown."""
    confidence = math.exp(logprob) if logprob > -math.inf else 0.0
    if not found.intent or no_speech > limits.max_no_speech:
        return Heard(UNKNOWN, "", confidence)
    floor = limits.min_logprob
    if found.intent in YES_NO:
        floor = limits.min_logprob_yes_no
    elif found.intent == "emergency":
        floor = max(limits.min_logprob, limits.min_logprob_emergency)
    if logprob < floor:
        return Heard(UNKNOWN, "", confidence)
    doubtful = found.intent == "no" and (confidence < limits.confirm_no_below or not found.exact)
    return Heard(found.intent, found.phrase, confidence, 0.0, doubtful)
