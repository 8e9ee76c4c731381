"""The calibration that chose the rejection thresholds: fitted on decodes, held to the safety limits.

Built from decodes directly (no audio): what matters here is the fit and the choice of operating
points, which the benchmark's figures rest on."""

from __future__ import annotations

from voiceaid.listen import corpus, rejection
from voiceaid.listen.calibrate import calibrate, merge
from voiceaid.listen.recogniser import Decoded

# An answer the grammar fits well, and other speech it fits badly (per-frame score against the phone loop).
GOOD, BAD = -1.2, -3.4


def _evidence(per_frame: float, snr: float) -> rejection.Evidence:
    return rejection.Evidence(per_frame=per_frame, snr_db=snr, speech_seconds=0.8, coverage=0.6, voicing=0.7)


def _corpus(shift: float = 0.0) -> dict:
    """One level's worth of clips per noise level: answers heard as said, a yes/no screen included, and
    out-of-vocabulary words the grammar took for "no" or "next". Scores spread so the two overlap a little."""
    clips, full, yes_no = [], [], []
    for level, snr in zip(corpus.NOISE_LEVELS, (30.0, 15.0, 8.0)):
        for n in range(12):
            spread = (n - 6) * 0.08 + shift
            for text, intent in (("yes", "yes"), ("no", "no"), ("next", "next")):
                clips.append(corpus.Clip(file=f"{level}/{text}{n}.wav", kind="answer", intent=intent, text=text, noise=level))
                full.append(Decoded(text, _evidence(GOOD + spread, snr)))
                yes_no.append(Decoded(text, _evidence(GOOD + spread, snr)) if intent != "next" else Decoded("", None))
            clips.append(corpus.Clip(file=f"{level}/nose{n}.wav", kind="oov", intent="unknown", text="nose", noise=level))
            full.append(Decoded("no", _evidence(BAD + spread, snr)))
            yes_no.append(Decoded("no", _evidence(BAD + spread, snr)))
            clips.append(corpus.Clip(file=f"{level}/necks{n}.wav", kind="oov", intent="unknown", text="necks", noise=level))
            full.append(Decoded("next", _evidence(BAD + spread, snr)))
            yes_no.append(Decoded("", None))
    return {"corpus": f"synthetic{shift}", "clips": len(clips), "_decoded": {"clips": clips, "decoded": {"full": full, "yes_no": yes_no}}}


def test_thresholds_keep_other_speech_out_and_answers_in() -> None:
    classifier, accept, accept_yes_no = calibrate(_corpus())
    good = classifier.confidence(_evidence(GOOD, 15.0))
    bad = classifier.confidence(_evidence(BAD, 15.0))
    assert good > 0.9 and bad < 0.1  # the fit learnt which side of the score an answer lies on
    assert bad < accept_yes_no <= good and bad < accept <= good
    assert 0.2 <= accept <= 0.95 and 0.2 <= accept_yes_no <= 0.95  # picked from the grid


def test_corpora_are_merged_clip_for_clip() -> None:
    one, two = _corpus(), _corpus(shift=0.05)
    merged = merge([one, two])
    assert merged["clips"] == one["clips"] + two["clips"]
    assert merged["corpus"] == "synthetic0.0, synthetic0.05"
    for mode in ("full", "yes_no"):
        assert merged["_decoded"]["decoded"][mode] == one["_decoded"]["decoded"][mode] + two["_decoded"]["decoded"][mode]
    assert merged["_decoded"]["clips"] == one["_decoded"]["clips"] + two["_decoded"]["clips"]


def test_other_speech_scored_like_the_answers_is_kept_out_at_the_cost_of_answers() -> None:
    """Out-of-vocabulary words that fit the grammar exactly as well as real answers: the thresholds
    then shut out every false "no", even though that costs the answers the same scores."""
    result = _corpus()
    clips = result["_decoded"]["clips"]
    for mode in ("full", "yes_no"):
        decoded = result["_decoded"]["decoded"][mode]
        for index, clip in enumerate(clips):
            if clip.intent == "unknown" and decoded[index].phrase:
                answer = decoded[index - 2 if clip.text == "nose" else index - 4]  # this level's "no" n / "yes" n: the same score
                decoded[index] = Decoded(decoded[index].phrase, answer.evidence)
    classifier, _, accept_yes_no = calibrate(result)
    false_no = [classifier.confidence(d.evidence) for d, c in zip(result["_decoded"]["decoded"]["yes_no"], clips) if c.text == "nose"]
    assert max(false_no) < accept_yes_no
