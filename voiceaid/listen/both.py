"""The combined engine (`engine: both`): pocketsphinx and Whisper on the same audio, one decision."""

from __future__ import annotations

import time
from typing import Iterable

import numpy as np

from voiceaid.listen.engine import AudioInputs, Engine
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import UNKNOWN

ANSWERS = frozenset({"yes", "no", "unsure"})


class Both(AudioInputs):
    """pocketsphinx and Whisper on the same audio. Agreement is believed; a disagreement between two
    answers is "unknown" (the question is asked again); Whisper alone may rescue a command that
    pocketsphinx missed, but never an answer to a question: it turns unclear short words into "yes"
    or "no", the one mistake voiceaid must not make."""

    name = "both"

    def __init__(self, sphinx: Engine, whisper: Engine) -> None:
        self.sphinx = sphinx
        self.whisper = whisper
        self.vocabulary = sphinx.vocabulary

    def prepare(self, expect: Iterable[str] | None = None) -> None:
        self.sphinx.prepare(expect)

    def decode(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Heard:
        started = time.perf_counter()
        expect = None if expect is None else frozenset(expect)
        heard = combine(self.sphinx.decode(samples, expect), self.whisper.decode(samples, expect))
        return Heard(heard.intent, heard.text, heard.confidence, (time.perf_counter() - started) * 1000.0, heard.needs_confirmation)

    def unsayable(self, words: Iterable[str]) -> list[str]:
        """Both listen to every answer: what either cannot say is unsayable."""
        words = list(words)
        return sorted(set(self.sphinx.unsayable(words)) | set(self.whisper.unsayable(words)))


def combine(sphinx: Heard, whisper: Heard) -> Heard:
    """The combined decision (pure, so it is tested on its own)."""
    if sphinx.intent == whisper.intent:
        if sphinx.intent == UNKNOWN:
            return sphinx
        best = sphinx if sphinx.confidence >= whisper.confidence else whisper
        return Heard(best.intent, best.text, max(sphinx.confidence, whisper.confidence), 0.0, sphinx.needs_confirmation and whisper.needs_confirmation)
    if sphinx.intent != UNKNOWN and whisper.intent != UNKNOWN:
        return Heard(UNKNOWN)  # two different answers: ask again rather than guess
    if sphinx.intent != UNKNOWN:
        return sphinx
    if whisper.intent in ANSWERS:
        return Heard(UNKNOWN)
    return whisper
