"""The speech-in seam: what every engine offers, so that the listener, `voiceaid hear`, the doctor,
`voiceaid check-content` and the benchmarks work with any of them, and a new engine is a folder, not a
special case (as OVOS does with its speech-to-text plugins).

An engine is a subpackage of `voiceaid.listen` (`sphinx/`, `whisper/`) with its model's data files
beside its code, a class that satisfies `Engine`, and a `doctor` module whose `check(...)` says
whether it can listen on this machine (run by the doctor through `engines.doctor_check`, without
loading the model in the doctor's own process). `engines` knows them by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Protocol

import numpy as np

from voiceaid.listen.audio import pcm_samples, read_wav
from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import Vocabulary


class Engine(Protocol):
    """Speech to one of a screen's intents. `decode*` may be called from a worker thread, one at a time."""

    name: str  # sphinx | whisper | both
    vocabulary: Vocabulary

    def prepare(self, expect: Iterable[str] | None = None) -> None:
        """Get ready to listen for these intents (all when None), so the first answer is not slowed."""

    def decode(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Heard:
        """16 kHz mono int16 samples to what was said, "unknown" when it is no confident answer."""
        ...

    def decode_pcm(self, data: bytes, rate: int, expect: Iterable[str] | None = None) -> Heard:
        """Raw 16-bit mono PCM at `rate`, as a microphone delivers it."""
        ...

    def decode_file(self, path: str | Path, expect: Iterable[str] | None = None) -> Heard:
        """A WAV file (any rate, mono or stereo); AudioError or OSError for a bad file."""
        ...

    def unsayable(self, words: Iterable[str]) -> list[str]:
        """The words (sorted) it could not listen for at all: content using them must choose others."""
        ...

    def wakes(self, heard: Heard) -> bool:
        """Whether an idle-screen command it heard is sure enough to wake the screen: its own
        threshold (voiceaid.listen.wake), since engines' confidences are not on one scale."""
        ...


class AudioInputs:
    """`decode_file` and `decode_pcm` for an engine that defines `decode`: every engine takes a WAV
    file and a microphone's PCM the same way, as the 16 kHz int16 samples `decode` is given."""

    def decode(self, samples: np.ndarray, expect: Iterable[str] | None = None) -> Heard:
        raise NotImplementedError

    def decode_file(self, path: str | Path, expect: Iterable[str] | None = None) -> Heard:
        """A WAV file (any rate, mono or stereo); AudioError or OSError for a bad file."""
        return self.decode(read_wav(path), expect)

    def decode_pcm(self, data: bytes, rate: int, expect: Iterable[str] | None = None) -> Heard:
        """Raw 16-bit mono PCM at `rate`, as a microphone delivers it."""
        return self.decode(pcm_samples(data, rate), expect)
