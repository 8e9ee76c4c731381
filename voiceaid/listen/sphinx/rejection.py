"""Is what the grammar heard really an answer? A small calibrated classifier says how sure we are.

A closed grammar always finds *some* phrase, even in a cough. The evidence that it is real speech of
that phrase: how well the phrase explains the audio compared with a free phone loop (allphone) that
can match any sound (per speech frame), how far the speech stands above the background (SNR), how
long the speech lasts, and how much of it the phrase's words cover. A logistic regression over those
(and the size of the screen's grammar and of the phrase) was fitted on a labelled corpus (`scripts/adapt-model --calibrate`), with out-of-
vocabulary words, a partner talking and bedroom noise as negatives and misrecognitions too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import yaml

from voiceaid.listen import wake

# Operating points, chosen on the two training splits with the classifier (`scripts/adapt-model
# --calibrate`, each half of the voices decoded with the acoustic transform fitted to, and the
# pronunciations learned from and the phone confusions learned from, the other half):
# the yes/no margin and thresholds with the best accuracy at which, in each listening mode, at most 1%
# of all other speech comes back as yes or no, no yes/no swap happens, at every noise level at most
# 12% (full vocabulary) / 8% (yes/no screen) of it comes back as anything, and near misses of yes and
# no ("guess" as "yes", "note" as "nope") get through no more often than before the transform (see
# calibrate.NEAR_MISS_LIMITS). A "yep" heard as "nope" in noise is ruled out by the margin, not by a
# higher threshold. A "no" below CONFIRM_NO is read back, and a wrong "yes" only makes the outcome
# more cautious.
# The numbers are data, in REJECTION_FILE beside this module (loaded below, after the classes):
# accept: below this confidence the answer is "unknown"; accept_yes_no: yes and no decide the
# triage, so more evidence is required; confirm_no: a "no" below this is read back before it counts
# ("I heard no - is that right?").
# A yes or no counts only when its own answer's best phrase explains the speech at least as well as
# the opposite answer's, and better by this much per frame (Evidence.answer_margin): where a "yep" in
# noise fits "nope" better, no confidence makes it an answer (min_answer_margin).
REJECTION_FILE = Path(__file__).with_name("rejection.yaml")
# The kiosk's idle screen wakes on a command heard at least this sure (voiceaid.listen.wake). Chosen by
# scripts/calibrate-wake on three hours of the training voices' bedroom sounds and unrelated speech:
# the lowest confidence that at most one of them reaches ("stomach" heard as "start" at 0.994; the
# next, 0.965), at which 20 of the 34 training wake phrases wake the screen. Measured on the test
# voices' hour: scripts/bench --only wake.
WAKE_FILE = Path(__file__).with_name("wake.yaml")


FEATURES = 8  # the length of Evidence.vector()


@dataclass(frozen=True)
class Evidence:
    """What the recogniser measured about one utterance."""

    per_frame: float  # (grammar score - phone-loop score) per frame, in natural-log units; <= ~0 for a good fit
    snr_db: float  # loud frames over quiet frames, in dB
    speech_seconds: float  # length of the decoded (trimmed) audio
    coverage: float  # share of the decoded audio inside the phrase's words (not silence or filler)
    voicing: float = 0.0  # share of the loud frames that are voiced (periodic, 60-400 Hz): speech, not rustle
    frames_per_phone: float = 8.0  # word frames per phone of the phrase: too long means it is something else
    screen_phrases: int = 20  # how many phrases the screen listens for: a small grammar fits anything less well
    phrase_phones: int = 4  # phones in the phrase heard: a short one ("no") fits a stray sound more easily
    # For a yes or no: (best phrase of that answer - best phrase of the opposite answer) per frame, in
    # the units of per_frame; infinite for other intents. Not a classifier input: a hard rule (OperatingPoint.accepts).
    answer_margin: float = math.inf

    def vector(self) -> np.ndarray:
        """The classifier's FEATURES inputs."""
        return np.array(
            [
                self.per_frame * 1000.0,
                min(self.snr_db, 60.0),
                min(self.speech_seconds, 5.0),
                self.coverage,
                self.voicing,
                min(self.frames_per_phone, 40.0),
                math.log(max(self.screen_phrases, 1)),
                math.log(max(self.phrase_phones, 1)),
            ],
            dtype=np.float64,
        )


@dataclass(frozen=True)
class Classifier:
    mean: Sequence[float]
    scale: Sequence[float]
    weights: Sequence[float]
    bias: float

    def confidence(self, evidence: Evidence) -> float:
        return self.confidence_of(evidence.vector())

    def confidence_of(self, vector: np.ndarray) -> float:
        z = (vector - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = float(np.dot(z, self.weights) + self.bias)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def fit(features: np.ndarray, labels: np.ndarray, l2: float = 1e-2, steps: int = 50) -> Classifier:
    """Logistic regression by Newton's method on standardised features (small, deterministic)."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-6] = 1.0  # a feature that never varies in the data carries no weight
    x = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - labels) + l2 * np.r_[w[:-1], 0.0]
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return Classifier(
        mean=tuple(round(float(v), 5) for v in mean),
        scale=tuple(round(float(v), 5) for v in scale),
        weights=tuple(round(float(v), 5) for v in w[:-1]),
        bias=round(float(w[-1]), 5),
    )


@dataclass(frozen=True)
class OperatingPoint:
    """A classifier and the thresholds an answer must pass: the shipped one (`shipped()`), or one of
    the candidates the calibration tries."""

    classifier: Classifier
    accept: float
    accept_yes_no: float
    min_answer_margin: float

    def accepts(self, intent: str, confidence: float, answer_margin: float) -> bool:
        """Does what the grammar heard count as an answer here?"""
        if answer_margin < self.min_answer_margin:
            return False
        return confidence >= (self.accept_yes_no if intent in ("yes", "no") else self.accept)

    def __str__(self) -> str:
        return (f"classifier = {self.classifier!r}\naccept = {self.accept}\naccept_yes_no = {self.accept_yes_no}\n"
                f"min_answer_margin = {self.min_answer_margin}")  # fmt: skip


class RejectionError(Exception):
    """The rejection file is missing or damaged; the message names the file and the field."""


@dataclass(frozen=True)
class Shipped:
    """What `scripts/adapt-model --calibrate` chose: the operating point, and below which confidence a
    "no" is read back."""

    point: OperatingPoint
    confirm_no: float


def _number(value: object, where: str, remedy: str = "scripts/adapt-model --calibrate") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RejectionError(f"{where} is missing or not a number; run {remedy}")
    return float(value)


def _mapping(path: Path, remedy: str) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise RejectionError(f"{path}: cannot be read ({error.__class__.__name__}); run {remedy}") from None
    return data if isinstance(data, dict) else {}


def read(path: Path = REJECTION_FILE) -> Shipped:
    """The classifier and thresholds in `path` (YAML, # comments); RejectionError when it is damaged."""
    data = _mapping(path, "scripts/adapt-model --calibrate")
    fitted = data.get("classifier") if isinstance(data.get("classifier"), dict) else {}
    vectors = {}
    for name in ("mean", "scale", "weights"):
        values = fitted.get(name)
        if not isinstance(values, list) or len(values) != FEATURES:
            raise RejectionError(f"{path}: classifier.{name} must be a list of {FEATURES} numbers; run scripts/adapt-model --calibrate")
        vectors[name] = tuple(_number(v, f"{path}: classifier.{name}") for v in values)
    classifier = Classifier(bias=_number(fitted.get("bias"), f"{path}: classifier.bias"), **vectors)
    point = OperatingPoint(classifier, *(_number(data.get(name), f"{path}: {name}") for name in ("accept", "accept_yes_no", "min_answer_margin")))
    return Shipped(point, _number(data.get("confirm_no"), f"{path}: confirm_no"))


def _yaml_number(value: float) -> str:
    """`value` as YAML reads it back to the same float (YAML 1.1 wants a dot before an exponent)."""
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text


def write(path: Path, shipped: Shipped, made_by: str, header: str = "") -> None:
    """Write the file `read` reads, headed by the command that made it and `header` (# comments)."""
    c = shipped.point.classifier
    listed = {name: "[" + ", ".join(_yaml_number(v) for v in getattr(c, name)) + "]" for name in ("mean", "scale", "weights")}
    lines = [f"# Made by: {made_by}", *(f"# {line}".rstrip() for line in header.splitlines())]
    lines += ["classifier:", *(f"  {name}: {value}" for name, value in listed.items()), f"  bias: {_yaml_number(c.bias)}"]
    lines += [f"{name}: {_yaml_number(getattr(shipped.point, name))}" for name in ("accept", "accept_yes_no", "min_answer_margin")]
    lines.append(f"confirm_no: {_yaml_number(shipped.confirm_no)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# The shipped numbers, loaded once: DEFAULT is the classifier, the rest the thresholds described above.
SHIPPED = read()
DEFAULT = SHIPPED.point.classifier
ACCEPT = SHIPPED.point.accept
ACCEPT_YES_NO = SHIPPED.point.accept_yes_no
MIN_ANSWER_MARGIN = SHIPPED.point.min_answer_margin
CONFIRM_NO = SHIPPED.confirm_no
WAKE_CONFIDENCE = wake.read(WAKE_FILE)


def shipped(classifier: Classifier | None = None) -> OperatingPoint:
    """The operating point the recogniser decides with: the shipped thresholds, with DEFAULT or `classifier`."""
    return OperatingPoint(classifier or DEFAULT, ACCEPT, ACCEPT_YES_NO, MIN_ANSWER_MARGIN)
