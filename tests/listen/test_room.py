"""The microphone check says how far an answer stands above the room, what kind of noise it is, and
what to do: real espeak-ng speech under the corpus's own backgrounds."""

from __future__ import annotations

import numpy as np
import pytest

from tuning import corpus
from voiceaid.listen import room
from voiceaid.listen.audio import read_wav


def _under(speech_wav, colour: str, snr_db: float, seed: int = 1) -> np.ndarray:
    """The answer with a steady background `snr_db` below it, as 16 kHz int16 samples."""
    signal = read_wav(speech_wav).astype(np.float64) / 32768.0
    rng = np.random.default_rng(seed)
    noise = corpus.coloured_noise(len(signal), rng, colour) * np.sqrt(corpus.speech_power(signal) / 10 ** (snr_db / 10))
    return np.clip(np.round((signal + noise) * 32768.0), -32768, 32767).astype(np.int16)


def test_a_clear_answer_in_a_quiet_room_is_good(speech) -> None:
    described = room.describe(read_wav(speech("yes i do")))
    assert (described.background, described.verdict) == ("quiet", "good")
    assert described.speech_db is not None and described.speech_db >= room.GOOD_DB
    assert described.summary().startswith("room: speech ") and "quiet background (good)" in described.summary()


def test_a_hiss_at_8_db_is_poor_and_the_advice_names_the_hiss(speech) -> None:
    described = room.describe(_under(speech("yes i do"), "white", 8.0))
    assert (described.background, described.verdict) == ("hiss", "poor")
    assert "hiss" in described.advice and "keys always work" in described.advice
    assert described.speech_db is not None and described.speech_db < room.FAIR_DB


def test_a_rumble_at_the_same_level_barely_matters(speech) -> None:
    """Brown noise at 8 dB holds as much power as the hiss above, nearly all of it below 300 Hz, where
    speech carries little: answers are heard about as well as in silence (train split: 89-98 %)."""
    described = room.describe(_under(speech("yes i do"), "brown", 8.0))
    assert described.background == "rumble"
    assert described.verdict in ("good", "fair")
    assert "hiss" not in described.advice


@pytest.mark.parametrize(("colour", "kind"), [("white", "hiss"), ("brown", "rumble"), ("pink", "noise"), ("fan", "noise")])
def test_the_background_is_named_by_where_its_power_lies(speech, colour: str, kind: str) -> None:
    assert room.describe(_under(speech("not sure"), colour, 15.0, seed=4)).background == kind


def test_noise_alone_is_no_speech_and_asks_for_an_answer() -> None:
    rng = np.random.default_rng(5)
    hiss = np.round(corpus.coloured_noise(3 * 16000, rng, "white") * 300).astype(np.int16)
    described = room.describe(hiss)
    assert (described.verdict, described.speech_db) == ("no speech", None)
    assert described.summary().startswith("room: no speech heard (background ")
    assert described.as_dict()["speech_db"] is None


def test_a_recording_too_short_to_measure_is_not_an_error() -> None:
    described = room.describe(np.zeros(100, dtype=np.int16))
    assert described.verdict == "no speech"
