"""Hostile audio: whatever arrives, the recogniser answers "unknown" or raises a clear error —
never yes or no, never a crash. Seeds are fixed so every run decodes the same clips."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from tuning import corpus

YES_NO = frozenset({"yes", "no", "unsure"})


def pcm(signal: np.ndarray) -> bytes:
    return np.round(np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()


@pytest.mark.parametrize("seed", range(12))
def test_random_noise_is_never_an_answer(recogniser, seed):
    rng = np.random.default_rng(seed)
    level = 10 ** (rng.uniform(-40, -3) / 20)
    colour = str(rng.choice(["white", "pink", "brown"]))
    noise = corpus.coloured_noise(int(16000 * rng.uniform(0.3, 3.0)), rng, colour)
    noise = noise / max(1e-9, float(np.abs(noise).max())) * level
    heard = recogniser.decode_pcm(pcm(noise), 16000, YES_NO)
    assert heard.intent not in ("yes", "no"), heard


@pytest.mark.parametrize("seed", range(6))
def test_random_samples_in_a_valid_wav_are_never_an_answer(recogniser, tmp_path, seed):
    rng = np.random.default_rng(100 + seed)
    data = rng.integers(-32768, 32767, int(16000 * rng.uniform(0.2, 2.0)), dtype=np.int16).tobytes()
    path = tmp_path / "random.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(data)
    heard = recogniser.decode_file(path, YES_NO)
    assert heard.intent not in ("yes", "no"), heard


@pytest.mark.parametrize("text", ["hello there", "what time is it", "turn off the light"])
def test_clipped_unrelated_speech_is_never_an_answer(recogniser, text):
    spoken = corpus.synthesize(text, "en-us+m5", 150, 50)
    clipped = np.clip(spoken / max(1e-9, float(np.abs(spoken).max())) * 20, -1, 1)  # hard-clipped, 26 dB over
    signal = np.concatenate([np.zeros(8000), clipped, np.zeros(8000)])
    heard = recogniser.decode_pcm(pcm(signal), 16000, YES_NO)
    assert heard.intent not in ("yes", "no"), heard


def test_clipped_noise_is_never_an_answer(recogniser):
    rng = np.random.default_rng(7)
    signal = np.clip(rng.standard_normal(24000) * 5, -1, 1)
    assert recogniser.decode_pcm(pcm(signal), 16000, YES_NO).intent not in ("yes", "no")


@pytest.mark.parametrize("header_rate", [8000, 11025, 44100, 96000])
def test_audio_labelled_with_the_wrong_rate_is_never_an_answer(recogniser, tmp_path, header_rate):
    """Unrelated speech whose WAV header claims another sample rate (so it plays sped up or slowed)."""
    spoken = corpus.synthesize("good night", "en-us+m5", 150, 50)
    path = tmp_path / "mislabelled.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(header_rate)
        out.writeframes(pcm(spoken * 0.5 / max(1e-9, float(np.abs(spoken).max()))))
    heard = recogniser.decode_file(path, YES_NO)
    assert heard.intent not in ("yes", "no"), heard
