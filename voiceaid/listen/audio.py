"""Audio in the form the recogniser wants: 16 kHz, mono, 16-bit, never digitally silent.

WAV files come from anywhere (a phone, a test generator, `arecord`), so the reader parses the RIFF
structure itself: PCM of 8, 16, 24 or 32 bits and 32/64-bit float, any rate, any channel count, with
an error that names the file and says what is wrong for anything else (empty, truncated, not a WAV).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

RATE = 16000  # what the acoustic model was trained on
DITHER_DBFS = -60.0  # a low noise floor: digital silence wrecks pocketsphinx's features
DENOISE_OVER = 3.0  # spectral subtraction: how much of the background spectrum to take off
DENOISE_FLOOR = 0.1  # ... never leaving less than this share of a bin's power (limits "musical noise")
MAX_SECONDS = 60.0  # an answer is a few words; refuse to decode hours of audio

_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE
_STREAMING = 0x7FFF0000  # data sizes from here up mean "unknown length" (written while streaming)


class AudioError(ValueError):
    """Audio that cannot be decoded; the message says what is wrong, without the file name."""


def read_wav(path: str | Path) -> np.ndarray:
    """The WAV file at `path` as 16 kHz mono int16 samples. Raises AudioError or OSError."""
    data = Path(path).read_bytes()
    samples, rate = parse_wav(data)
    return to_model_rate(samples, rate)


def parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """(mono float samples in -1..1, sample rate) from the bytes of a WAV file."""
    if len(data) == 0:
        raise AudioError("the file is empty (zero bytes)")
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RIFX") or data[8:12] != b"WAVE":
        raise AudioError("not a WAV file (no RIFF/WAVE header)")
    if data[:4] == b"RIFX":
        raise AudioError("big-endian (RIFX) WAV is not supported; convert it to ordinary WAV")
    fmt = None
    pcm = None
    offset = 12
    while offset + 8 <= len(data):
        chunk_id = data[offset : offset + 4]
        (size,) = struct.unpack("<I", data[offset + 4 : offset + 8])
        body = data[offset + 8 : offset + 8 + size]
        if chunk_id == b"fmt ":
            if len(body) < 16:
                raise AudioError("truncated WAV header (the fmt chunk is cut short)")
            fmt = struct.unpack("<HHIIHH", body[:16])
            if fmt[0] == _EXTENSIBLE and len(body) >= 26:
                fmt = (struct.unpack("<H", body[24:26])[0],) + fmt[1:]
        elif chunk_id == b"data":
            if fmt is None:
                raise AudioError("malformed WAV (audio data before the format chunk)")
            if len(body) < size and size < _STREAMING:
                raise AudioError(f"truncated WAV (the audio data is cut short: {len(body)} of {size} bytes)")
            pcm = body
            break
        offset += 8 + size + (size & 1)
    if fmt is None:
        raise AudioError("truncated WAV (no format chunk)")
    if pcm is None:
        raise AudioError("truncated WAV (no audio data chunk)")
    encoding, channels, rate, _, _, bits = fmt
    if channels < 1 or rate < 1000 or rate > 384000:
        raise AudioError(f"implausible WAV format ({channels} channels at {rate} Hz)")
    samples = _decode(pcm, encoding, bits)
    frames = len(samples) // channels
    if frames == 0:
        raise AudioError("the WAV file holds no audio (zero samples)")
    if frames > MAX_SECONDS * rate:
        raise AudioError(f"the recording is longer than {MAX_SECONDS:g} seconds; an answer is a few words")
    samples = samples[: frames * channels].reshape(frames, channels).mean(axis=1)
    return samples, rate


def _decode(pcm: bytes, encoding: int, bits: int) -> np.ndarray:
    width = bits // 8
    usable = len(pcm) - len(pcm) % max(width, 1)
    pcm = pcm[:usable]
    if encoding == _PCM and bits == 16:
        return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    if encoding == _PCM and bits == 8:
        return (np.frombuffer(pcm, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if encoding == _PCM and bits == 24:
        raw = np.frombuffer(pcm, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        value = np.where(value >= 1 << 23, value - (1 << 24), value)
        return value.astype(np.float32) / float(1 << 23)
    if encoding == _PCM and bits == 32:
        return (np.frombuffer(pcm, dtype="<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    if encoding == _FLOAT and bits in (32, 64):
        values = np.frombuffer(pcm, dtype="<f4" if bits == 32 else "<f8").astype(np.float32)
        return np.clip(np.nan_to_num(values), -1.0, 1.0)
    raise AudioError(f"unsupported WAV encoding (format {encoding}, {bits} bits); use 16-bit PCM")


def to_model_rate(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mono float samples at `rate` -> 16 kHz int16, band-limited (FFT resampling)."""
    samples = np.asarray(samples, dtype=np.float64)
    if rate != RATE and len(samples) > 1:
        samples = resample(samples, rate, RATE)
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Band-limited resampling of a whole (short) clip through the FFT."""
    n = len(samples)
    m = max(1, int(round(n * new_rate / rate)))
    spectrum = np.fft.rfft(samples)
    keep = min(len(spectrum), m // 2 + 1)
    out = np.zeros(m // 2 + 1, dtype=complex)
    out[:keep] = spectrum[:keep]
    return np.fft.irfft(out, n=m) * (m / n)


def int16_from_bytes(data: bytes) -> np.ndarray:
    """Raw little-endian 16-bit PCM (what PyAudio and SpeechRecognition deliver) as int16 samples."""
    return np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2")


def pcm_samples(data: bytes, rate: int) -> np.ndarray:
    """Raw 16-bit mono PCM at `rate`, as a microphone delivers it, as the 16 kHz int16 samples every
    engine's `decode` takes."""
    samples = int16_from_bytes(data)
    if rate != RATE:
        samples = to_model_rate(samples.astype(np.float64) / 32768.0, rate)
    return samples


def dither(samples: np.ndarray, dbfs: float = DITHER_DBFS) -> np.ndarray:
    """Add a low, reproducible noise floor so no stretch of the signal is digitally silent."""
    rng = np.random.default_rng(len(samples))
    noise = rng.standard_normal(len(samples)) * (32768.0 * 10 ** (dbfs / 20.0))
    return np.clip(samples.astype(np.float64) + noise, -32768, 32767).astype(np.int16)


def quiet_frames(power: np.ndarray) -> np.ndarray:
    """Which frames (rows of a power spectrogram) are the quietest fifth: where a recording's background
    is measured, since an answer always has some room before and after it."""
    energy = power.sum(axis=1)
    return energy <= np.percentile(energy, 20)


def denoise(samples: np.ndarray, over: float = DENOISE_OVER, floor: float = DENOISE_FLOOR) -> np.ndarray:
    """Spectral subtraction: the background's spectrum, measured on the quietest fifth of the clip,
    is taken off every frame (over-subtracted by `over`, never below `floor` of the power).

    The acoustic model was trained on fairly clean speech; a fan, a hum or hiss under a short answer
    otherwise pulls it towards the wrong word. A recording always has some room before and after the
    answer (the microphone keeps a little of it), which is where the background is measured.
    """
    n, hop = 512, 128
    x = np.asarray(samples, dtype=np.float64)
    frames = 1 + (len(x) - n) // hop if len(x) >= n else 0
    if frames < 8:
        return np.asarray(samples, dtype=np.int16)
    window = np.hanning(n)
    index = np.arange(n)[None, :] + hop * np.arange(frames)[:, None]
    spectrum = np.fft.rfft(x[index] * window, axis=1)
    power = np.abs(spectrum) ** 2
    background = power[quiet_frames(power)].mean(axis=0)
    gain = np.sqrt(np.maximum(1.0 - over * background / (power + 1e-12), floor))
    frames_out = np.fft.irfft(spectrum * gain, n=n, axis=1) * window
    out = np.zeros(len(x))
    norm = np.zeros(len(x))
    squared = window**2
    for i in range(frames):
        out[i * hop : i * hop + n] += frames_out[i]
        norm[i * hop : i * hop + n] += squared
    covered = norm > 1e-3
    out[covered] /= norm[covered]
    out[~covered] = x[~covered]
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def rms_dbfs(samples: np.ndarray) -> float:
    if len(samples) == 0:
        return -120.0
    power = float(np.mean((samples.astype(np.float64) / 32768.0) ** 2))
    return 10.0 * np.log10(max(power, 1e-12))
