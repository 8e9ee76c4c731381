"""Real audio for the recogniser tests: espeak-ng speech and numpy noise, made once per session."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest

from tuning import corpus

VOICE = "en-us+m5"


@pytest.fixture(scope="session")
def recogniser():
    from voiceaid.listen.sphinx.recogniser import Recogniser

    return Recogniser()


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory):
    """speech(text, voice=VOICE) -> path of a 16 kHz mono WAV: silence, the words, silence."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    folder = tmp_path_factory.mktemp("speech")
    made: dict[tuple[str, str], Path] = {}

    def make(text: str, voice: str = VOICE) -> Path:
        if (text, voice) not in made:
            rng = np.random.default_rng(zlib.crc32(f"{text}|{voice}".encode()))  # the same clip whatever ran before
            signal = corpus.place(corpus.synthesize(text, voice, 150, 50), rng, -6.0)
            path = folder / f"{len(made):03d}-{'-'.join(text.split())}.wav"
            corpus.write_wav(path, corpus.add_noise(signal, "clean", rng))
            made[(text, voice)] = path
        return made[(text, voice)]

    return make


@pytest.fixture(scope="session")
def sounds(tmp_path_factory: pytest.TempPathFactory):
    """sounds(kind) -> path of a WAV of a non-speech sound (silence, cough, rustle, breath, knock)."""
    folder = tmp_path_factory.mktemp("sounds")

    def make(kind: str, seed: int = 0) -> Path:
        path = folder / f"{kind}-{seed}.wav"
        if not path.exists():
            rng = np.random.default_rng(seed)
            corpus.write_wav(path, corpus.add_noise(corpus.place(corpus.non_speech(kind, rng), rng), "clean", rng))
        return path

    return make
