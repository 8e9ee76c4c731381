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
    """pocketsphinx first, Whisper to rescue what it rejects. pocketsphinx's answer stands when it has
    one (its rejection is calibrated; Whisper's agreement changed none of them on the test corpora,
    and asking Whisper too would add 0.4 s to every answer). When it has none, Whisper's is taken:
    on a question only an answer, elsewhere only a command (never when listening for everything at
    once, where Whisper's short words become "yes" or "no" too often), never "emergency", and a
    rescued "no" is always read back. Chosen by scripts/engine-scorecard on the test voices: yes/no screen
    97.9/91.7/87.5 -> 100/97.9/93.8 % (clean/15/8 dB), recorded voices 91.7/79.2/45.8 ->
    93.8/85.4/66.7 %, other speech taken for yes or no 0.8 -> 0.8 % and 0.8 -> 1.2 %, no swaps."""

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
        first = self.sphinx.decode(samples, expect)
        second = self.whisper.decode(samples, expect) if first.intent == UNKNOWN else Heard(UNKNOWN)
        heard = combine(first, second, answers_asked=expect is not None and bool(expect & ANSWERS))
        engine = "" if heard.intent == UNKNOWN else (self.sphinx.name if first.intent != UNKNOWN else self.whisper.name)
        return Heard(heard.intent, heard.text, heard.confidence, (time.perf_counter() - started) * 1000.0, heard.needs_confirmation, engine)

    def wakes(self, heard: Heard) -> bool:
        """By the threshold of the engine that heard it: a Whisper rescue at Whisper's, so a wake
        phrase pocketsphinx missed can still wake the screen, no more easily than Whisper alone."""
        return (self.whisper if heard.engine == self.whisper.name else self.sphinx).wakes(heard)

    def unsayable(self, words: Iterable[str]) -> list[str]:
        """Both listen to every answer: what either cannot say is unsayable."""
        words = list(words)
        return sorted(set(self.sphinx.unsayable(words)) | set(self.whisper.unsayable(words)))


def combine(sphinx: Heard, whisper: Heard, answers_asked: bool = True) -> Heard:
    """The combined decision (pure, so it is tested on its own). `answers_asked`: the screen listens
    for yes, no or not sure (a question), rather than for everything at once."""
    if sphinx.intent != UNKNOWN:
        if whisper.intent not in (UNKNOWN, sphinx.intent):
            return Heard(UNKNOWN)  # two different answers: ask again rather than guess
        return sphinx
    if whisper.intent == UNKNOWN or whisper.intent == "emergency" or (whisper.intent in ANSWERS) != answers_asked:
        # Whisper alone never calls for an emergency (at 8 dB in the live loop it heard a Caribbean
        # "correct" at a read-back as "emergency"; E and pocketsphinx still do), never gives an answer
        # where everything is listened for, and on a question rescues only the answer itself.
        return Heard(UNKNOWN)
    return Heard(whisper.intent, whisper.text, whisper.confidence, 0.0, whisper.needs_confirmation or whisper.intent == "no")
