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
from typing import Sequence

import numpy as np

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
ACCEPT = 0.5  # below this confidence the answer is "unknown"
ACCEPT_YES_NO = 0.825  # yes and no decide the triage: more evidence is required
CONFIRM_NO = 0.95  # a "no" below this is read back before it counts ("I heard no - is that right?")
# A yes or no counts only when its own answer's best phrase explains the speech at least as well as
# the opposite answer's, and better by this much per frame (Evidence.answer_margin): where a "yep" in
# noise fits "nope" better, no confidence makes it an answer.
MIN_ANSWER_MARGIN = 0.1e-3


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


# Fitted on the "train" and "train-recorded" corpus splits (scripts/make-test-audio --split ...): espeak-ng
# voices and voices built from recordings of real people, decoded with the acoustic transform; see the
# module docstring and the operating points above.
DEFAULT = Classifier(mean=(-1.73673, 25.46433, 1.11503, 0.59684, 0.7383, 12.10901, 4.02201, 1.68554), scale=(0.65917, 11.02557, 0.2898, 0.12164, 0.13571, 3.54528, 0.57915, 0.43935), weights=(1.88296, 0.34458, -0.44962, 0.92574, 0.18234, -0.6433, -0.23924, -0.7406), bias=2.6774)


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
        return (f"DEFAULT = {self.classifier!r}\nACCEPT = {self.accept}\nACCEPT_YES_NO = {self.accept_yes_no}\n"
                f"MIN_ANSWER_MARGIN = {self.min_answer_margin}")  # fmt: skip


def shipped(classifier: Classifier | None = None) -> OperatingPoint:
    """The operating point the recogniser decides with: the thresholds above, with DEFAULT or `classifier`."""
    return OperatingPoint(classifier or DEFAULT, ACCEPT, ACCEPT_YES_NO, MIN_ANSWER_MARGIN)
