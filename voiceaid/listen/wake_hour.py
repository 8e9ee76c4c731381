"""An hour of bedroom sounds and unrelated speech, for counting the wake phrase's false triggers
(`scripts/make-test-audio --wake-hour`, `scripts/bench --only wake`). Seeded, so it is the same hour
every time it is built from the same voices."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from voiceaid.listen.audio import RATE
from voiceaid.listen.corpus import NON_SPEECH, OUT_OF_VOCABULARY, PARTNER, VOICES, add_noise, non_speech, synthesize, write_wav

CHUNK_SECONDS = 60


def minutes_of_audio(count: int = 60, seed: int = 2026) -> list[tuple[str, np.ndarray]]:
    """(kind, 60 s of audio) for the wake phrase's false-trigger test: every other minute bedroom
    sounds ("sounds"), the others unrelated speech at a distance ("speech") - partner sentences and
    out-of-vocabulary words from both splits, in every voice - with gaps of 2-6 s between."""
    rng = np.random.default_rng(seed)
    phrases = [p for split in ("test", "train") for p in PARTNER[split] + OUT_OF_VOCABULARY[split]]
    voices = VOICES["test"] + VOICES["train"]
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


def build(out_dir: Path, count: int = 60, seed: int = 2026) -> list[tuple[str, Path]]:
    """Write `minutes_of_audio` as one WAV per minute with a labels.json; returns (kind, path)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (kind, signal) in enumerate(minutes_of_audio(count, seed)):
        path = out_dir / f"{index:03d}-{kind}.wav"
        write_wav(path, signal)
        written.append((kind, path))
    labels = {"seed": seed, "rate": RATE, "minutes": [{"file": path.name, "kind": kind} for kind, path in written]}
    (out_dir / "labels.json").write_text(json.dumps(labels, indent=1) + "\n", encoding="utf-8")
    return written


def load(out_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) of each minute `build` wrote."""
    data = json.loads((out_dir / "labels.json").read_text(encoding="utf-8"))
    return [(minute["kind"], out_dir / minute["file"]) for minute in data["minutes"]]
