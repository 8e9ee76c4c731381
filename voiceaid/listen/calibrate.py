"""Refit the rejection classifier and choose its thresholds (`python -m voiceaid.listen.evaluate
TRAIN... --calibrate`): on training corpora only, so the benchmark's test voices stay unheard."""

from __future__ import annotations

import numpy as np

from voiceaid.listen import corpus, rejection
from voiceaid.listen.evaluate import YES_NO_SCREEN, expected, share
from voiceaid.listen.vocabulary import UNKNOWN, load_vocabulary


def calibrate(result: dict) -> tuple[rejection.Classifier, float, float]:
    """Refit the rejection classifier on the decodes of a (training) corpus and choose its operating
    points: (classifier, ACCEPT, ACCEPT_YES_NO), the thresholds with the best accuracy at which, in
    each listening mode, at most 1% of all the non-answers come back as yes or no, no yes/no swap
    happens, and at every noise level at most 12% (full) / 8% (yes/no screen) of the non-answers come
    back as anything. (The 1% is over the noise levels together: per level it allowed no clip at all
    among the ~80 non-answers of the full vocabulary, so one clip set the threshold.)"""
    clips = result["_decoded"]["clips"]
    phrases_all = load_vocabulary().phrases()
    modes = (("full", None), ("yes_no", YES_NO_SCREEN))
    features, labels, rows = [], [], []
    for mode, expect in modes:
        for clip, decoded in zip(clips, result["_decoded"]["decoded"][mode]):
            if decoded.evidence is None:
                rows.append((mode, clip, expected(clip, expect), UNKNOWN, -1))
                continue
            intent = phrases_all[decoded.phrase]
            rows.append((mode, clip, expected(clip, expect), intent, len(features)))
            features.append(decoded.evidence.vector())
            labels.append(1.0 if intent == expected(clip, expect) else 0.0)
    classifier = rejection.fit(np.array(features), np.array(labels))
    confidence = [classifier.confidence_of(vector) for vector in features]
    limits = {"full": 0.12, "yes_no": 0.08}
    best: tuple[float, float, float] | None = None
    grid = [round(0.2 + 0.025 * i, 3) for i in range(31)]
    for accept_yes_no in grid:
        for accept in grid:
            heard = [
                intent if index >= 0 and confidence[index] >= (accept_yes_no if intent in ("yes", "no") else accept) else UNKNOWN
                for _, _, _, intent, index in rows
            ]
            total, fine = 0.0, True
            for mode, _ in modes:
                non_answers = [h for (m, _, want, _, _), h in zip(rows, heard) if m == mode and want == UNKNOWN]
                fine &= share(sum(h in ("yes", "no") for h in non_answers), len(non_answers)) <= 0.01
                for level in corpus.NOISE_LEVELS:
                    picked = [(want, h) for (m, clip, want, _, _), h in zip(rows, heard) if m == mode and clip.noise == level]
                    answers = [(want, h) for want, h in picked if want != UNKNOWN]
                    others = [h for want, h in picked if want == UNKNOWN]
                    total += share(sum(want == h for want, h in answers), len(answers))
                    fine &= share(sum(h != UNKNOWN for h in others), len(others)) <= limits[mode]
                    fine &= not any({want, h} == {"yes", "no"} for want, h in answers)
            if fine and (best is None or total > best[0] + 1e-9):
                best = (total, accept, accept_yes_no)
    if best is None:
        return classifier, 0.95, 0.95
    return classifier, best[1], best[2]


def merge(results: list[dict]) -> dict:
    """Several corpora's decodes as one, for calibration (the clips keep their own labels)."""
    merged = dict(results[0])
    merged["corpus"] = ", ".join(r["corpus"] for r in results)
    merged["clips"] = sum(r["clips"] for r in results)
    merged["_decoded"] = {
        "clips": [clip for r in results for clip in r["_decoded"]["clips"]],
        "decoded": {mode: [d for r in results for d in r["_decoded"]["decoded"][mode]] for mode in results[0]["_decoded"]["decoded"]},
    }
    return merged
