"""How the bedroom sounds to the microphone: the set-up check `voiceaid hear --mic` prints.

Whether an answer is understood depends less on how loud the room is than on how far the speech
stands above it, and on what kind of noise it is: a steady hiss (a fan's whoosh, an air conditioner,
a white-noise machine, a cheap microphone's own noise) covers the high frequencies that consonants
live in, while a low rumble or mains hum barely touches speech at all. So the margin is measured above
300 Hz. On the training corpus (recorded voices, answers the grammar heard right): speech 20 dB or
more above the background there 98-99 %, 15-20 dB 91 %, 10-15 dB 77 %, under 10 dB 55 %. The check
reports that margin, the background's kind and one piece of advice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voiceaid.listen.audio import RATE, quiet_frames, rms_dbfs
from voiceaid.listen.gate import MIN_SNR_DB, snr_db

GOOD_DB = 20.0  # speech this far above the background: answers are heard about as well as in silence
FAIR_DB = 15.0  # below this, a quarter to a half of the answers are missed
LOWEST_SPEECH_HZ = 300  # below this a rumble or hum carries no speech worth measuring
QUIET_DB = 30.0  # the background is too far below the speech to matter
HISS_SHARE = 0.5  # share of the background's power above 2 kHz that makes it a hiss (white noise 0.75, pink 0.24)
RUMBLE_SHARE = 0.7  # share below 300 Hz that makes it a rumble or hum (brown noise 0.89, a fan 0.53)


@dataclass(frozen=True)
class Room:
    background_dbfs: float  # level of the quietest fifth of the recording
    background: str  # "quiet", "hiss", "rumble" or "noise"
    speech_db: float | None  # how far the speech stands above the background (above 300 Hz); None: no speech heard
    verdict: str  # "good", "fair", "poor" or "no speech"
    advice: str

    def as_dict(self) -> dict:
        return {
            "background_dbfs": round(self.background_dbfs, 1),
            "background": self.background,
            "speech_db": None if self.speech_db is None else round(self.speech_db, 1),
            "verdict": self.verdict,
            "advice": self.advice,
        }

    def summary(self) -> str:
        """One line for a person: the margin, the background and what to do."""
        if self.speech_db is None:
            return f"room: no speech heard (background {self.background_dbfs:.0f} dBFS). {self.advice}"
        background = "a quiet background" if self.background == "quiet" else f"a background {self.background}"
        return f"room: speech {self.speech_db:.0f} dB above {background} ({self.verdict}). {self.advice}"


def describe(samples: np.ndarray) -> Room:
    """What the microphone heard, as a Room: 16 kHz mono int16 samples of one spoken answer with a
    little of the room before and after it (what `Listener.record_once` returns)."""
    samples = np.asarray(samples, dtype=np.int16)
    background, hiss, rumble = _background(samples)
    overall = snr_db(samples)  # the recogniser's own test for "anything said at all"
    if overall < MIN_SNR_DB:
        return Room(background, _kind(None, hiss, rumble), None, "no speech", "Say an answer such as 'yes' in your usual voice.")
    kind = _kind(overall, hiss, rumble)
    margin = snr_db(_above(samples, LOWEST_SPEECH_HZ))
    if margin >= GOOD_DB:
        return Room(background, kind, margin, "good", "Your answers stand well clear of the background.")
    cause = " A steady hiss covers the consonants: keep the microphone away from the fan or air conditioner." if kind == "hiss" else ""
    if margin >= FAIR_DB:
        return Room(background, kind, margin, "fair", f"Some answers may be missed: move the microphone closer to your head.{cause}")
    return Room(
        background,
        kind,
        margin,
        "poor",
        f"Many answers will be missed: move the microphone much closer, or quieten the room.{cause} The keys always work.",
    )


def _background(samples: np.ndarray) -> tuple[float, float, float]:
    """(level in dBFS, share of power above 2 kHz, share below 300 Hz) of the quietest fifth of the frames."""
    n = 512
    frames = len(samples) // n
    if frames < 5:
        return rms_dbfs(samples), 0.0, 0.0
    x = samples[: frames * n].astype(np.float64).reshape(frames, n)
    power = np.abs(np.fft.rfft(x * np.hanning(n), axis=1)) ** 2
    quiet = quiet_frames(power)
    spectrum = power[quiet].mean(axis=0)
    freqs = np.fft.rfftfreq(n, 1.0 / RATE)
    total = spectrum.sum() + 1e-12
    level = rms_dbfs(x[quiet].ravel().astype(np.int16))
    return level, float(spectrum[freqs >= 2000].sum() / total), float(spectrum[freqs < 300].sum() / total)


def _above(samples: np.ndarray, hz: float) -> np.ndarray:
    """The samples without anything below `hz` (a recording of a few seconds: one FFT)."""
    spectrum = np.fft.rfft(samples.astype(np.float64))
    spectrum[np.fft.rfftfreq(len(samples), 1.0 / RATE) < hz] = 0
    return np.fft.irfft(spectrum, n=len(samples))


def _kind(margin: float | None, hiss: float, rumble: float) -> str:
    if margin is not None and margin >= QUIET_DB:
        return "quiet"
    if hiss >= HISS_SHARE:
        return "hiss"
    if rumble >= RUMBLE_SHARE:
        return "rumble"
    return "noise"
