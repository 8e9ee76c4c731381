"""A labelled test corpus of synthetic speech and noise, to measure the recogniser rather than hope.

Speech comes from espeak-ng (several voices, rates and pitches) or, for the "-recorded" splits, from
flite's voices built from recordings of real people; noise is made with numpy: coloured
background noise mixed in at a chosen signal-to-noise ratio, and non-speech events a bedroom has
(coughs, rustling bedclothes, breathing, knocks). Everything is seeded, so a corpus is reproducible.

Two splits with different voices, out-of-vocabulary words, partner sentences and seeds: "test" is what
the benchmark reports on; "train" is what the rejection classifier was calibrated on. Each has a
"-recorded" twin with the same words in other (recorded) voices.
Used by `scripts/make-test-audio`, `tuning.evaluate` and the tests.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
import wave
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from voiceaid.listen.audio import RATE, parse_wav, to_model_rate
from voiceaid.listen.vocabulary import UNKNOWN, Vocabulary

NOISE_LEVELS = ("clean", "15dB", "8dB")
_SNR = {"15dB": 15.0, "8dB": 8.0}
BACKGROUNDS = ("pink", "brown", "fan", "white")  # the noises added at 15dB and 8dB

VOICES = {
    "test": ["en-us+m3", "en-gb+f3", "en-us+f2", "en-029+m1", "en-gb-scotland+m5", "en-us-nyc+f4"],
    # Every English accent espeak-ng has, each in two voices (American three, English two plus RP),
    # none of them a test voice: the test split then measures speakers voiceaid has not heard, and
    # calibration, which decodes each half of these voices with what the other half taught, has
    # an unheard speaker of each accent in each half.
    "train": ["en-us+m1", "en-gb+m4", "en-us+f1", "en+f5", "en-gb-x-rp+m2", "en-us+m7", "en-gb-x-gbclan+m6", "en-gb-x-gbcwmd+f4",
              "en-029+f1", "en-029+m6", "en-gb-scotland+f5", "en-gb-scotland+m2", "en-us-nyc+m4", "en-us-nyc+f1",
              "en-gb-x-gbclan+f1", "en-gb-x-gbcwmd+m7", "en-gb-x-rp+f5"],
    # Voices built from recordings of real people (CMU ARCTIC speakers, through flite): their consonants
    # are far closer to a person's than espeak-ng's formant synthesis is. Speakers differ between the
    # splits: US female (slt) and Scottish male (awb) for test; two US males (kal, rms) for train.
    "test-recorded": ["flite:slt", "flite:awb"],
    "train-recorded": ["flite:kal16", "flite:rms"],
}
# Each split's place in the random streams: "test" and "train" keep the numbers they always had.
_SPLIT_SEED = {"test": 0, "train": 1, "test-recorded": 2, "train-recorded": 3}

OUT_OF_VOCABULARY = {
    "test": [
        "yesterday", "nobody", "backpack", "notice", "yellow", "nose", "stopwatch", "helpful",
        "nowhere", "knowledge", "bright", "yogurt", "restless", "chess", "breakfast", "lasagna",
        "what time is it", "turn off the light", "thank you", "good night", "i need some water",
        "hello there", "stand up", "football",
    ],
    "train": [
        "yeast", "noble", "notebook", "nothing", "yarn", "novel", "stomach", "kettle", "pocket",
        "hello", "weather", "garden", "open the window", "where are my glasses", "is it morning",
        "the dog is barking", "lefty", "bottle", "pancake", "sunny", "yoga", "banana", "tomorrow",
        "listen",
    ],
}
# Near misses of yes and no, spoken in the train split after its other out-of-vocabulary words (none
# of them the test split's, and no homophone such as "know"). The calibration holds them apart: no
# classifier over the recogniser's evidence tells "note" from "nope" without also losing real short
# answers, so they are kept to a ceiling of their own (calibrate.NEAR_MISS_LIMITS).
YES_NO_NEAR_MISSES = ("yet", "yell", "yawn", "guess", "dress", "snow", "note", "nod", "noon", "notion", "correction")

PARTNER = {
    "test": [
        "are you okay", "what is going on", "go to sleep", "it is three in the morning",
        "do you want a glass of water", "turn the lamp off please", "who are you talking to",
        "should i get up",
    ],
    "train": [
        "what are you doing", "honey what happened", "i was dreaming", "can you be quiet",
        "the alarm goes off at six", "let me sleep", "are you talking to the computer",
        "i will make some tea",
    ],
}

NON_SPEECH = ("silence", "cough", "rustle", "breath", "knock")


@dataclass(frozen=True)
class Clip:
    """One labelled recording. `intent` is what a perfect recogniser would say ("unknown" if none)."""

    file: str
    kind: str  # answer | oov | partner | noise
    intent: str
    text: str
    noise: str  # clean | 15dB | 8dB
    voice: str = ""
    background: str = ""  # the added noise at 15dB/8dB: pink, brown, fan or white ("" when clean)
    rate: int = 0
    pitch: int = 0


def is_yes_no_near_miss(clip: Clip) -> bool:
    """One of the train split's near misses of yes and no (YES_NO_NEAR_MISSES)."""
    return clip.kind == "oov" and clip.text in YES_NO_NEAR_MISSES


def missing_engines(*splits: str) -> list[str]:
    """The speech synthesisers the splits' voices need that are not installed (Debian package names)."""
    return missing_engines_for(voice for split in splits for voice in VOICES[split])


def missing_engines_for(voices: Iterable[str]) -> list[str]:
    """The speech synthesisers these voices (espeak-ng names, or "flite:NAME") need that are not installed."""
    needed = {"flite" if voice.startswith("flite:") else "espeak-ng" for voice in voices}
    return sorted(engine for engine in needed if shutil.which(engine) is None)


def base_split(split: str) -> str:
    """"test" or "train": which words, sentences and partner lines the split uses."""
    return split.split("-")[0]


def synthesize(text: str, voice: str, rate: int = 160, pitch: int = 50, amplitude: int = 100) -> np.ndarray:
    """Speech as float samples at 16 kHz (-1..1): espeak-ng, or flite for a "flite:NAME" voice.

    `rate` (words a minute, espeak-ng's default 175) and `pitch` (0-99, 50 the voice's own) mean the
    same for both: flite's speech is stretched by 160/rate and its pitch shifted by up to about a
    third of an octave either way."""
    if voice.startswith("flite:"):
        if voice[len("flite:") :] not in flite_voices():  # flite would speak in its default voice instead
            raise ValueError(f"flite has no voice {voice[len('flite:') :]!r} (it has {', '.join(sorted(flite_voices()))})")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "speech.wav"
            stretch, shift = 160 / rate, 2 ** ((pitch - 50) / 100)
            subprocess.run(
                ["flite", "-voice", voice[len("flite:") :], "--setf", f"duration_stretch={stretch:.3f}",
                 "--setf", f"f0_shift={shift:.3f}", "-t", text, "-o", str(out)],
                check=True,
                capture_output=True,
            )  # fmt: skip
            samples, rate_in = parse_wav(out.read_bytes())
        return to_model_rate(samples, rate_in).astype(np.float64) / 32768.0 * amplitude / 100
    result = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate), "-p", str(pitch), "-a", str(amplitude), "--stdout", text],
        check=True,
        capture_output=True,
    )
    samples, rate_in = parse_wav(result.stdout)
    return to_model_rate(samples, rate_in).astype(np.float64) / 32768.0


@functools.cache
def flite_voices() -> frozenset[str]:
    """The voices the installed flite has ("Voices available: kal awb ...")."""
    listed = subprocess.run(["flite", "-lv"], capture_output=True, text=True, check=True).stdout
    return frozenset(listed.partition(":")[2].split())


def coloured_noise(n: int, rng: np.random.Generator, colour: str) -> np.ndarray:
    """Unit-RMS noise: white, pink (1/f), brown (1/f^2) or a fan (pink plus mains hum)."""
    white = rng.standard_normal(n)
    spectrum = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(n, 1.0 / RATE)
    freqs[0] = freqs[1] if n > 1 else 1.0
    if colour in ("pink", "fan"):
        spectrum /= np.sqrt(freqs)
    elif colour == "brown":
        spectrum /= np.maximum(freqs, 20.0)
    noise = np.fft.irfft(spectrum, n=n)
    if colour == "fan":
        t = np.arange(n) / RATE
        noise /= np.sqrt(np.mean(noise**2)) + 1e-12
        noise += 0.5 * np.sin(2 * np.pi * 50 * t) + 0.3 * np.sin(2 * np.pi * 100 * t + 1.0)
    return noise / (np.sqrt(np.mean(noise**2)) + 1e-12)


def _band(noise: np.ndarray, low: float, high: float) -> np.ndarray:
    spectrum = np.fft.rfft(noise)
    freqs = np.fft.rfftfreq(len(noise), 1.0 / RATE)
    spectrum[(freqs < low) | (freqs > high)] = 0
    return np.fft.irfft(spectrum, n=len(noise))


def non_speech(kind: str, rng: np.random.Generator) -> np.ndarray:
    """A bedroom sound that is not an answer, about 1-2.5 s long, peak around -10..-25 dBFS."""
    seconds = rng.uniform(1.0, 2.5)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    out = np.zeros(n)
    if kind == "cough":
        for _ in range(int(rng.integers(1, 4))):
            start = rng.uniform(0.1, max(0.2, seconds - 0.5))
            length = rng.uniform(0.15, 0.35)
            seg = (t >= start) & (t < start + length)
            local = t[seg] - start
            envelope = np.exp(-local / (length / 3)) * (1 - np.exp(-local / 0.01))
            burst = _band(rng.standard_normal(seg.sum()), rng.uniform(200, 500), rng.uniform(2500, 5000))
            # a voiced onset, as in a real cough
            burst += 0.6 * np.sign(np.sin(2 * np.pi * rng.uniform(120, 250) * local)) * np.exp(-local / 0.05)
            out[seg] += envelope * burst / (np.abs(burst).max() + 1e-9)
    elif kind == "rustle":
        noise = _band(rng.standard_normal(n), 800, 7000)
        modulation = np.abs(_band(rng.standard_normal(n), 0.5, 12))
        out = noise * modulation / (modulation.max() + 1e-9)
        crackle = rng.random(n) < 0.002
        out[crackle] += rng.uniform(-1, 1, crackle.sum()) * 3 * np.abs(out).max()
    elif kind == "breath":
        noise = _band(rng.standard_normal(n), 300, 2500)
        swell = np.sin(np.pi * np.clip(t / seconds * 2 % 1.0, 0, 1)) ** 2
        out = noise * swell
    elif kind == "knock":
        for _ in range(int(rng.integers(1, 5))):
            start = int(rng.uniform(0.05, seconds - 0.2) * RATE)
            length = int(0.08 * RATE)
            local = np.arange(length) / RATE
            out[start : start + length] += np.sin(2 * np.pi * rng.uniform(80, 300) * local) * np.exp(-local / 0.015)
    # silence: nothing but the room's noise floor, added by the caller
    peak = np.abs(out).max()
    if peak > 0:
        out *= 10 ** (rng.uniform(-25, -10) / 20) / peak
    return out


def speech_power(signal: np.ndarray) -> float:
    """Mean power over the active part (20 ms frames within 30 dB of the loudest)."""
    frame = RATE // 50
    frames = signal[: len(signal) // frame * frame].reshape(-1, frame)
    if len(frames) == 0:
        return float(np.mean(signal**2) + 1e-12)
    power = np.mean(frames**2, axis=1)
    active = power[power > power.max() * 1e-3]
    return float(np.mean(active)) if len(active) else 1e-12


def place(signal: np.ndarray, rng: np.random.Generator, level_dbfs: float | None = None) -> np.ndarray:
    """Silence before and after, as a microphone would record it, and a natural level."""
    if level_dbfs is not None and np.abs(signal).max() > 0:
        signal = signal * 10 ** (level_dbfs / 20) / np.abs(signal).max()
    before = np.zeros(int(rng.uniform(0.2, 0.6) * RATE))
    after = np.zeros(int(rng.uniform(0.2, 0.6) * RATE))
    return np.concatenate([before, signal, after])


def add_noise(signal: np.ndarray, level: str, rng: np.random.Generator, reference_power: float | None = None) -> np.ndarray:
    """Add a room floor (always) and, for "15dB"/"8dB", background noise at that SNR."""
    return add_background(signal, level, rng, reference_power)[0]


def add_background(
    signal: np.ndarray, level: str, rng: np.random.Generator, reference_power: float | None = None
) -> tuple[np.ndarray, str]:
    """`add_noise`, and which background it added ("" for none): pink, brown, fan or white."""
    out = signal + coloured_noise(len(signal), rng, "pink") * 10 ** (rng.uniform(-72, -62) / 20)
    colour = ""
    if level in _SNR:
        power = reference_power if reference_power is not None else speech_power(signal)
        colour = str(rng.choice(BACKGROUNDS))
        noise = coloured_noise(len(signal), rng, colour) * np.sqrt(power / 10 ** (_SNR[level] / 10))
        out = out + noise
    peak = np.abs(out).max()
    return (out * (0.95 / peak) if peak > 0.95 else out), colour


def write_wav(path: Path, signal: np.ndarray, rate: int = RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = to_pcm(signal)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())


def to_pcm(signal: np.ndarray) -> np.ndarray:
    """-1..1 floats as the 16-bit samples a WAV file (and a microphone) holds."""
    return np.clip(np.round(signal * 32767), -32768, 32767).astype("<i2")


def _styles(split: str, rng: np.random.Generator, count: int) -> list[tuple[str, int, int]]:
    voices = VOICES[split]
    start = int(rng.integers(len(voices)))
    return [
        (voices[(start + i) % len(voices)], int(rng.integers(130, 195)), int(rng.integers(30, 76)))
        for i in range(count)
    ]


def plan(vocabulary: Vocabulary, split: str = "test", per_phrase: int = 3, seed: int = 0) -> list[dict]:
    """What to synthesise: one entry per (utterance, voice style), before noise variants."""
    rng = np.random.default_rng(seed + 1000 * _SPLIT_SEED[split])
    items: list[dict] = []
    for phrase, intent in vocabulary.phrases().items():
        for voice, rate, pitch in _styles(split, rng, per_phrase):
            items.append(dict(kind="answer", intent=intent, text=phrase, voice=voice, rate=rate, pitch=pitch))
    near_misses = list(YES_NO_NEAR_MISSES) if base_split(split) == "train" else []
    for text in OUT_OF_VOCABULARY[base_split(split)] + near_misses:
        for voice, rate, pitch in _styles(split, rng, 2):
            items.append(dict(kind="oov", intent=UNKNOWN, text=text, voice=voice, rate=rate, pitch=pitch))
    for text in PARTNER[base_split(split)]:
        for voice, rate, pitch in _styles(split, rng, 2):
            items.append(dict(kind="partner", intent=UNKNOWN, text=text, voice=voice, rate=rate, pitch=pitch))
    for kind in NON_SPEECH:
        for _ in range(4):
            items.append(dict(kind="noise", intent=UNKNOWN, text=kind, voice="", rate=0, pitch=0))
    return items


def build(
    out_dir: Path,
    vocabulary: Vocabulary,
    split: str = "test",
    per_phrase: int = 3,
    seed: int = 0,
    levels: Iterable[str] = NOISE_LEVELS,
    only: Iterable[str] | None = None,
) -> list[Clip]:
    """Synthesise the corpus into `out_dir` with a `labels.json`; returns the clips."""
    out_dir.mkdir(parents=True, exist_ok=True)
    only = set(only) if only is not None else None
    clips: list[Clip] = []
    for index, item in enumerate(plan(vocabulary, split, per_phrase, seed)):
        if only is not None and item["kind"] not in only:
            continue
        source, reference = _source(item, split, index, seed)
        for level_name in levels:
            noisy, background = _noisy(source, reference, level_name, index, seed)
            slug = "-".join(item["text"].replace("'", "").split())[:32]
            name = f"{item['kind']}/{level_name}/{index:04d}-{slug}.wav"
            write_wav(out_dir / name, noisy)
            clips.append(Clip(file=name, noise=level_name, background=background, **item))
    labels = {"split": split, "seed": seed, "rate": RATE, "clips": [asdict(clip) for clip in clips]}
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return clips


def render(item: dict, split: str, index: int, level: str, seed: int = 0) -> np.ndarray:
    """The 16-bit samples of planned `item` number `index` of a split at noise `level`, exactly as
    `build` writes it (file `{kind}/{level}/{index:04d}-...`), without building the rest: a test can
    decode the very recording a benchmark scored, however the vocabulary has changed since."""
    source, reference = _source(item, split, index, seed)
    return to_pcm(_noisy(source, reference, level, index, seed)[0])


def _source(item: dict, split: str, index: int, seed: int) -> tuple[np.ndarray, float | None]:
    """A planned item's clean sound, and the reference power its background noise is set against
    (None: the sound's own)."""
    rng = np.random.default_rng([seed, index, _SPLIT_SEED[split]])
    if item["kind"] == "noise":
        return place(non_speech(item["text"], rng), rng), 10 ** (-20 / 10)  # as if an answer were spoken at about -20 dBFS RMS
    speech = synthesize(item["text"], item["voice"], item["rate"], item["pitch"])
    level = rng.uniform(-12, -3) if item["kind"] != "partner" else rng.uniform(-26, -14)
    return place(speech, rng, level), None


def _noisy(source: np.ndarray, reference: float | None, level: str, index: int, seed: int) -> tuple[np.ndarray, str]:
    rng = np.random.default_rng([seed, index, 10 + NOISE_LEVELS.index(level)])
    return add_background(source, level, rng, reference)


def vocabulary_changes(clips: Iterable[Clip], vocabulary: Vocabulary) -> tuple[list[str], list[str]]:
    """(phrases of the vocabulary no answer clip speaks, answer clips' phrases the vocabulary lacks or
    files under another intent): a corpus built before the vocabulary changed measures the old one."""
    spoken = {(clip.text, clip.intent) for clip in clips if clip.kind == "answer"}
    wanted = set(vocabulary.phrases().items())
    return sorted(text for text, _ in wanted - spoken), sorted(text for text, _ in spoken - wanted)



def vocabulary_drift(clips: Iterable[Clip], vocabulary: Vocabulary) -> str:
    """`vocabulary_changes` in words, for a report ("" when the corpus speaks the vocabulary as it is)."""
    missing, unknown = vocabulary_changes(clips, vocabulary)
    return "; ".join(f"{what}: {', '.join(words)}" for what, words in (("new", missing), ("gone or moved", unknown)) if words)

def load_labels(corpus_dir: Path) -> list[Clip]:
    data = json.loads((corpus_dir / "labels.json").read_text(encoding="utf-8"))
    return [Clip(**clip) for clip in data["clips"]]
