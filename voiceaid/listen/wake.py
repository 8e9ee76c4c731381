"""The wake phrase's confidence threshold, one per engine.

The kiosk's idle screen listens for hours: a false wake talks in a dark bedroom, a missed one costs a
key press, so an idle-screen command needs more certainty than an answer does. Engines' confidences
are not on one scale (pocketsphinx's is its rejection classifier's, Whisper's the probability of its
tokens), so each engine has its own `wake.yaml` beside its model, written by
`scripts/calibrate-wake --engine NAME` from the training voices' bedroom hours and measured on the
test voices' hour by `scripts/bench --only wake --engine NAME`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

FIELD = "wake_confidence"


class WakeFileError(ValueError):
    """The wake file is missing or damaged; the message names the file and the remedy."""


def read(path: Path) -> float:
    """The threshold in `path`; WakeFileError when it cannot be read or holds no number in 0-1."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise WakeFileError(f"{path}: cannot be read ({error.__class__.__name__}); run scripts/calibrate-wake") from None
    value = data.get(FIELD) if isinstance(data, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
        raise WakeFileError(f"{path}: {FIELD} is missing or not a number from 0 to 1; run scripts/calibrate-wake")
    return float(value)


def write(path: Path, confidence: float, made_by: str, header: str = "") -> None:
    """Write the file `read` reads, headed by the command that made it and `header` (# comments)."""
    lines = [f"# Made by: {made_by}", *(f"# {line}".rstrip() for line in header.splitlines())]
    path.write_text("\n".join([*lines, f"{FIELD}: {float(confidence)!r}"]) + "\n", encoding="utf-8")
