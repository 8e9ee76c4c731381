"""The speech gate every engine runs first: is there speech at all, where is it, and does it stand
out from the background and sound voiced? Audio that fails it is "unknown" before any engine is asked
(pocketsphinx's grammar always finds some phrase in a cough; Whisper invents "Thank you." on noise).

Engine-neutral, so an engine joins without reaching into another engine's code; pocketsphinx's
Endpointer finds the span (`speech_span`), as it did when the gate lived in the sphinx recogniser.
"""

from __future__ import annotations

import numpy as np

from voiceaid.listen.audio import RATE, denoise, dither

PAD_SECONDS = 0.15  # kept either side of the detected speech
# Speech starts when this share of a 0.3 s window's frames sound like speech. In noise many of an
# answer's frames do not: pocketsphinx's default, 0.9, missed whole answers at 8 dB SNR (train splits,
# 8 dB, answers the grammar heard right: espeak-ng voices 69 -> 75 %, recorded voices 70 -> 79 %).
ENDPOINTER_WINDOW = 0.3
ENDPOINTER_RATIO = 0.7
# Nothing stands out from the background this little: steady noise the Endpointer took for speech.
# (Every answer in the training corpus, 8 dB noise included, measures 9 dB or more; the classifier
# has seen nothing below that and must not be asked to guess.)
MIN_SNR_DB = 6.0
# Every answer has vowels, and vowels are voiced: a sound with (almost) no voiced frame is a rustle,
# a breath or a knock. (Training corpus: answers 0.33 or more even at 8 dB, rustles and knocks under
# 0.1.) A whisper is unvoiced too and is not understood - the keys always work.
MIN_VOICING = 0.2


def speech_span(samples: np.ndarray) -> tuple[int, int] | None:
    """(first, last) sample of the speech pocketsphinx's Endpointer finds, or None for no speech."""
    from pocketsphinx import Endpointer

    endpointer = Endpointer(window=ENDPOINTER_WINDOW, ratio=ENDPOINTER_RATIO)
    step = endpointer.frame_bytes // 2
    start = end = None
    for offset in range(0, len(samples) - step + 1, step):
        was = endpointer.in_speech
        endpointer.process(samples[offset : offset + step].tobytes())
        if endpointer.in_speech and not was and start is None:
            start = endpointer.speech_start
        if was and not endpointer.in_speech:
            end = endpointer.speech_end
    if start is None:
        return None
    if endpointer.in_speech or end is None:
        end = len(samples) / RATE
    return max(0, int(start * RATE)), min(len(samples), int(end * RATE))


def decodable(samples: np.ndarray) -> tuple[np.ndarray, tuple[int, int] | None]:
    """The samples as the model is given them (denoised, then a low noise floor added) and the span of
    the speech in them (None: no speech). The acoustic transform is fitted to exactly this."""
    cleaned = dither(denoise(samples))
    return cleaned, speech_span(cleaned)


def padded(samples: np.ndarray, span: tuple[int, int]) -> np.ndarray:
    """The speech in `span` with PAD_SECONDS of what surrounds it either side: what is decoded."""
    pad = int(PAD_SECONDS * RATE)
    return samples[max(0, span[0] - pad) : span[1] + pad]


def snr_db(samples: np.ndarray) -> float:
    """Loud frames (95th percentile) over quiet ones (10th), 10 ms frames, in dB."""
    frame = RATE // 100
    n = len(samples) // frame
    if n < 2:
        return 0.0
    power = np.mean(samples[: n * frame].astype(np.float64).reshape(n, frame) ** 2, axis=1)
    level = 10 * np.log10(power + 1.0)
    return float(np.percentile(level, 95) - np.percentile(level, 10))


def voicing(samples: np.ndarray) -> float:
    """Share of the loud 32 ms frames whose autocorrelation shows a pitch of 60-400 Hz."""
    frame, hop = 512, 160
    n = 1 + (len(samples) - frame) // hop
    if n < 1:
        return 0.0
    index = np.arange(frame)[None, :] + hop * np.arange(n)[:, None]
    frames = samples.astype(np.float64)[index]
    frames -= frames.mean(axis=1, keepdims=True)
    energy = np.sum(frames**2, axis=1)
    loud = energy > energy.max() * 10 ** (-25 / 10)
    window = np.hanning(frame)
    frames = frames[loud] * window
    power = np.abs(np.fft.rfft(frames, n=2 * frame, axis=1)) ** 2
    autocorr = np.fft.irfft(power, axis=1)[:, :frame]
    # The window's own autocorrelation falls with the lag; divided out (Boersma 1993), a low voice's
    # long pitch period counts as much as a high one's (without it, low male voices read 0).
    window_autocorr = np.fft.irfft(np.abs(np.fft.rfft(window, n=2 * frame)) ** 2)[:frame]
    lags = slice(RATE // 400, RATE // 60)
    normalised = autocorr[:, lags] / window_autocorr[lags] * window_autocorr[0]
    peak = normalised.max(axis=1) / (autocorr[:, 0] + 1e-9)
    return float(np.mean(peak > 0.5)) if len(peak) else 0.0
