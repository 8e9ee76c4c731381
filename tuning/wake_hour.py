"""An hour of bedroom sounds and unrelated speech, for counting the wake phrase's false triggers
(`scripts/make-test-audio --wake-hour`, `scripts/bench --only wake`), and the same for the training
voices (`--split train`), on which `scripts/calibrate-wake` chooses the wake threshold, so that the
benchmark's hour stays unheard. Seeded, so each split's hour is the same every time it is built.

Both are listened to as the kiosk's idle screen listens: SpeechRecognition's energy segmentation with
the Listener's settings (`segmenter`, `segments`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import numpy as np

from voiceaid.listen import microphone
from voiceaid.listen.audio import RATE
from tuning.corpus import NON_SPEECH, OUT_OF_VOCABULARY, PARTNER, VOICES, add_noise, non_speech, synthesize, write_wav
from voiceaid.listen.vocabulary import load_vocabulary

CHUNK_SECONDS = 60
SPLITS = ("test", "train")
SEEDS = {"test": 2026, "train": 2027}
WAKE_INTENT = "start"  # what the idle screen wakes for


def minutes_of_audio(count: int = 60, seed: int = SEEDS["test"], split: str = "test") -> list[tuple[str, np.ndarray]]:
    """(kind, 60 s of audio) for the wake phrase's false-trigger count: every other minute bedroom
    sounds ("sounds"), the others unrelated speech at a distance ("speech") - the split's partner
    sentences and out-of-vocabulary words, in its voices - with gaps of 2-6 s between."""
    rng = np.random.default_rng(seed)
    phrases = PARTNER[split] + OUT_OF_VOCABULARY[split]
    voices = VOICES[split]
    chunks = []
    for minute in range(count):
        kind = "speech" if minute % 2 else "sounds"
        out = np.zeros(CHUNK_SECONDS * RATE)
        at = int(rng.uniform(0.5, 2.0) * RATE)
        while at < len(out) - RATE:
            if kind == "sounds":
                piece = non_speech(str(rng.choice(NON_SPEECH)), rng)
            else:
                text = str(rng.choice(phrases))
                piece = synthesize(text, str(rng.choice(voices)), int(rng.integers(130, 190)), int(rng.integers(30, 70)))
                piece = piece * (10 ** (rng.uniform(-20, -6) / 20)) / max(1e-9, float(np.abs(piece).max()))
            end = min(len(out), at + len(piece))
            out[at:end] += piece[: end - at]
            at = end + int(rng.uniform(2.0, 6.0) * RATE)
        chunks.append((kind, add_noise(out, "clean", rng)))
    return chunks


def build(out_dir: Path, count: int = 60, seed: int = SEEDS["test"], split: str = "test") -> list[tuple[str, Path]]:
    """Write `minutes_of_audio` as one WAV per minute with a labels.json; returns (kind, path)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (kind, signal) in enumerate(minutes_of_audio(count, seed, split)):
        path = out_dir / f"{index:03d}-{kind}.wav"
        write_wav(path, signal)
        written.append((kind, path))
    labels = {"seed": seed, "split": split, "rate": RATE, "minutes": [{"file": path.name, "kind": kind} for kind, path in written]}
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return written


def load(out_dir: Path, split: str = "test") -> list[tuple[str, Path]]:
    """(kind, path) of each minute `build` wrote for `split`; none when what is there is another
    split's hour (or one built before the hours had splits)."""
    data = json.loads((out_dir / "labels.json").read_text(encoding="utf-8"))
    if data.get("split") != split:
        return []
    return [(minute["kind"], out_dir / minute["file"]) for minute in data["minutes"]]


def ensure(out_dir: Path, count: int, split: str = "test", progress: Callable[[str], None] = lambda _: None) -> list[tuple[str, Path]]:
    """The first `count` minutes of `split`'s audio in `out_dir`, built there first when fewer are
    there (or none, or another split's). Seeded, so a longer build begins with the same minutes."""
    try:
        minutes = load(out_dir, split)
    except (OSError, ValueError, KeyError):
        minutes = []
    if len(minutes) < count:
        progress(f"building {count} minutes of background audio in {out_dir} ...")
        minutes = build(out_dir, count, SEEDS[split], split)
    return minutes[:count]


def wake_phrases(split: str, count: int, rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    """(phrase, audio) of real wake phrases (the built-in vocabulary's for WAKE_INTENT, in turn), each
    in the next of the split's voices, between 0.5 s of room noise before and 1 s after: what the
    idle screen must wake for."""
    phrases = sorted(load_vocabulary().intents[WAKE_INTENT])
    voices = VOICES[split]
    clips = []
    for index in range(count):
        text = phrases[index % len(phrases)]
        spoken = synthesize(text, voices[index % len(voices)], 150, 50)
        signal = np.concatenate([np.zeros(RATE // 2), spoken * 0.5 / max(1e-9, float(np.abs(spoken).max())), np.zeros(RATE)])
        clips.append((text, add_noise(signal, "clean", rng)))
    return clips


def segmenter(calibrate_on: Path):  # type: ignore[no-untyped-def]
    """SpeechRecognition's Recognizer as the Listener sets it up and measures the room once: here on
    the start of `calibrate_on`, and kept at that threshold."""
    import speech_recognition as sr

    recognizer = microphone.new_recognizer(sr)
    with sr.AudioFile(str(calibrate_on)) as source:
        recognizer.adjust_for_ambient_noise(source, duration=microphone.CALIBRATION_SECONDS)
    microphone.keep_threshold(recognizer)
    return recognizer


def segments(path: Path, recognizer) -> list[bytes]:  # type: ignore[no-untyped-def]
    """The phrases (16 kHz 16-bit PCM) that SpeechRecognition's segmentation hands on from this file."""
    import speech_recognition as sr

    phrases = []
    with sr.AudioFile(str(path)) as source:
        while True:
            before = source.audio_reader.tell()
            try:
                audio = recognizer.listen(source, timeout=3, phrase_time_limit=4)
            except sr.WaitTimeoutError:
                audio = None
            if audio is not None and len(audio.frame_data) > 0:
                phrases.append(audio.get_raw_data(convert_rate=RATE, convert_width=2))
            after = source.audio_reader.tell()
            if after == before or after >= source.FRAME_COUNT:
                break
    return phrases
