"""The Whisper engine's learned numbers, read from `thresholds.yaml` beside this file (written by
`scripts/calibrate-whisper` on the training voices only; never pasted into source)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import yaml

THRESHOLDS_FILE = Path(__file__).with_name("thresholds.yaml")


@dataclass(frozen=True)
class Thresholds:
    max_no_speech: float  # Whisper's own "there was no speech" probability above this: unknown
    min_logprob: float  # mean token log-probability below this: unknown
    min_logprob_yes_no: float  # the same, stricter, for a yes or a no (the answers that decide triage)
    confirm_no_below: float  # a "no" whose confidence (exp of the log-probability) is below this is read back
    # "emergency" below this (or below min_logprob) is unknown: it ends the night at the emergency
    # outcome at once, and Whisper, prompted with the screen's phrases, wrote a Caribbean "correct" as
    # "can't breathe" (0.42-0.50 on the test voices at 15 dB, by frame offset; above it once in the
    # live loop at 8 dB). The highest floor at which every emergency phrase heard on the training
    # voices is still heard (calibrate-whisper): a partial guard, not a cure.
    min_logprob_emergency: float


def load(path: Path = THRESHOLDS_FILE) -> Thresholds:
    """The thresholds; ValueError naming the file and the field when it is damaged."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot be read ({error.__class__.__name__}); run scripts/calibrate-whisper") from None
    values = {}
    for field in fields(Thresholds):
        value = data.get(field.name) if isinstance(data, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{path}: {field.name} is missing or not a number; run scripts/calibrate-whisper")
        values[field.name] = float(value)
    return Thresholds(**values)
