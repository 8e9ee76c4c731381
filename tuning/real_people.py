"""Recordings of real people (Debian's pocketsphinx-testdata), for the engine scorecard and the tests.

Every test corpus is synthetic speech; these are people: five sentences of a LibriVox reading (71
words), five playing cards read out (21 words), and four loose recordings from pocketsphinx's own
tests ("go forward ten meters", numbers, a string of digits and another). None is a voiceaid answer,
so for voiceaid all of them are other speech: any that a screen accepts is other speech taken for an
answer. As free speech (the LibriVox reading and the cards, with their transcripts) they say how well
an engine hears people at all, which the synthetic voices cannot.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from voiceaid.listen.heard import Heard
from voiceaid.listen.vocabulary import UNKNOWN

DATA = Path("/usr/share/pocketsphinx/test/data")
MISSING = "no recordings of real people: apt-get install pocketsphinx-testdata (./scripts/test installs it)"
READINGS = {"librivox": "transcription", "cards": "cards.transcription"}  # folder -> its transcript file
# Headerless 16 kHz 16-bit mono little-endian audio, without a transcript voiceaid needs.
RAW = ("goforward.raw", "numbers.raw", "something.raw", "tidigits/dhd.2934z.raw")


@dataclass(frozen=True)
class Recording:
    """One recording: its path under DATA (its name in reports), 16 kHz int16 samples, and for a
    reading the words said (empty for the loose recordings)."""

    name: str
    samples: np.ndarray
    words: tuple[str, ...] = ()
    reading: str = ""  # librivox | cards | "" (a loose recording)


def available(data: Path = DATA) -> bool:
    """Whether the testdata is installed (the LibriVox folder is there)."""
    return (data / "librivox").is_dir()


def transcribed(folder: str, data: Path = DATA) -> list[Recording]:
    """The recordings of one reading with their words, from its transcript: lines such as
    `<s> he was not an ill disposed young man </s> (sense_and_sensibility_01_austen_64kb-0880)`."""
    from voiceaid.listen.audio import read_wav

    items = []
    for line in (data / folder / READINGS[folder]).read_text(encoding="utf-8").splitlines():
        match = re.match(r"<s>(.*?)</s>\s*\((.*)\)", line)
        if match:
            name = f"{folder}/{match[2]}.wav"
            items.append(Recording(name, read_wav(data / name), tuple(match[1].split()), folder))
    return items


def read_raw(path: Path) -> np.ndarray:
    """A headerless 16-bit little-endian mono file as int16 samples (the testdata's .raw files are 16 kHz)."""
    data = path.read_bytes()
    return np.frombuffer(data[: len(data) - len(data) % 2], dtype="<i2").copy()


def recordings(data: Path = DATA) -> list[Recording]:
    """Every recording, the readings first: LibriVox, cards, then the loose ones."""
    found = [recording for folder in READINGS for recording in transcribed(folder, data)]
    return found + [Recording(name, read_raw(data / name)) for name in RAW if (data / name).is_file()]


def words(text: str) -> list[str]:
    """A transcript as words to compare: lower case, punctuation and hyphens dropped, digits as they
    come (Whisper writes "Mr." and "10", which then count as errors against "mister" and "ten":
    the reference says what was said, and so must the engine)."""
    return [word.strip("'") for word in re.findall(r"[a-z0-9']+", text.lower()) if word.strip("'")]


def word_errors(reference: list[str], heard: list[str]) -> int:
    """Levenshtein distance in words (substitutions, insertions, deletions)."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(reference, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def median_p90(ms: list[float]) -> tuple[float, float]:
    """Median and 90th percentile (the nearest rank below, as the scorecard has always taken it)."""
    if not ms:
        return 0.0, 0.0
    return round(statistics.median(ms), 1), round(sorted(ms)[int(0.9 * (len(ms) - 1))], 1)


def accepted(names: list[str], heard: list[Heard]) -> dict[str, Any]:
    """What one engine took from the recordings on one screen. All are other speech, so every
    recording accepted is a mistake; the report names each (file, intent, what was heard)."""
    taken = [
        {"file": name, "intent": h.intent, "text": h.text, "confidence": round(h.confidence, 2)}
        for name, h in zip(names, heard)
        if h.intent != UNKNOWN
    ]
    median, p90 = median_p90([h.ms for h in heard])
    return {
        "recordings": len(heard),
        "accepted": len(taken),
        "as_yes_no": sum(row["intent"] in ("yes", "no") for row in taken),
        "which": taken,
        "ms_median": median,
        "ms_p90": p90,
    }


def free_speech(items: Iterable[Recording], transcripts: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Word errors per reading ({"librivox": {"words", "errors", "heard"}, "cards": ...}) of what an
    engine wrote for each transcribed recording (a recording it wrote nothing for counts as silence)."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        if not item.words:
            continue
        text = transcripts.get(item.name, "")
        row = out.setdefault(item.reading, {"words": 0, "errors": 0, "heard": []})
        row["words"] += len(item.words)
        row["errors"] += word_errors(list(item.words), words(text))
        row["heard"].append({"file": item.name, "text": text})
    return out


def sphinx_transcripts(items: list[Recording], adapted: bool = True, **search: Any) -> list[str]:
    """pocketsphinx's transcript of each recording with the stock large language model (or `search`,
    e.g. a grammar), its acoustic model moved by voiceaid's transform when `adapted` (as shipped)."""
    from pocketsphinx import Config, Decoder

    from voiceaid.listen.audio import dither
    from voiceaid.listen.sphinx import acoustic
    from voiceaid.listen.sphinx.recogniser import ADAPTATION

    with acoustic.adapted(ADAPTATION if adapted else None) as settings:
        decoder = Decoder(Config(loglevel="FATAL", **settings, **search))
    texts = []
    for item in items:
        decoder.start_utt()
        decoder.process_raw(dither(item.samples).tobytes(), full_utt=True)
        decoder.end_utt()
        texts.append(decoder.hyp().hypstr if decoder.hyp() else "")
    return texts


def whisper_transcripts(model: Any, items: list[Recording]) -> list[str]:
    """A loaded faster-whisper model's plain transcript of each recording: no prompt, no gate, greedy
    (beam 1), English, its own 30 s window; what Whisper hears when not told what to expect."""
    texts = []
    for item in items:
        segments, _ = model.transcribe(item.samples.astype(np.float32) / 32768.0, language="en", beam_size=1)
        texts.append(" ".join(segment.text.strip() for segment in segments))
    return texts
