"""The corpus names the background noise under each noisy clip, and the benchmark scores answers by it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tuning import corpus, evaluate
from voiceaid.listen.vocabulary import load_vocabulary


def test_noisy_clips_name_their_background_and_clean_ones_have_none(tmp_path: Path) -> None:
    clips = corpus.build(tmp_path, load_vocabulary(), split="train", only={"noise"}, levels=("clean", "8dB"))
    assert {c.background for c in clips if c.noise == "clean"} == {""}
    assert {c.background for c in clips if c.noise == "8dB"} <= set(corpus.BACKGROUNDS)
    assert len({c.background for c in clips if c.noise == "8dB"}) > 1  # the kinds vary from clip to clip
    assert corpus.load_labels(tmp_path) == clips


def test_naming_the_background_does_not_change_the_audio() -> None:
    signal = np.sin(np.arange(16000) / 10.0) * 0.1
    plain = corpus.add_noise(signal, "8dB", np.random.default_rng(7))
    named, background = corpus.add_background(signal, "8dB", np.random.default_rng(7))
    assert np.array_equal(plain, named)
    assert background in corpus.BACKGROUNDS


def test_labels_written_before_backgrounds_were_named_still_load(tmp_path: Path) -> None:
    old = {"file": "answer/8dB/0000-yes.wav", "kind": "answer", "intent": "yes", "text": "yes", "noise": "8dB", "voice": "en-us+m3", "rate": 160, "pitch": 50}
    (tmp_path / "labels.json").write_text(json.dumps({"split": "test", "clips": [old]}), encoding="utf-8")
    (clip,) = corpus.load_labels(tmp_path)
    assert clip.background == ""
    assert evaluate.by_background([clip], ["yes"], None) == {}


def _clip(intent: str, noise: str, background: str) -> corpus.Clip:
    kind = "answer" if intent != "unknown" else "oov"
    return corpus.Clip(file=f"{intent}.wav", kind=kind, intent=intent, text=intent, noise=noise, background=background)


def test_answers_are_scored_per_level_and_background_and_other_speech_is_left_out() -> None:
    clips = [
        _clip("yes", "8dB", "white"),
        _clip("no", "8dB", "white"),
        _clip("next", "8dB", "white"),  # not an answer on a yes/no screen
        _clip("yes", "8dB", "fan"),
        _clip("unknown", "8dB", "fan"),
        _clip("no", "15dB", "pink"),
        _clip("yes", "clean", ""),
    ]
    heard = ["yes", "unknown", "unknown", "yes", "yes", "no", "yes"]
    scored = evaluate.by_background(clips, heard, evaluate.YES_NO_SCREEN)
    assert scored == {
        "8dB": {"white": {"answers": 2, "accuracy": 0.5}, "fan": {"answers": 1, "accuracy": 1.0}},
        "15dB": {"pink": {"answers": 1, "accuracy": 1.0}},
    }
    assert evaluate.by_background(clips, heard, None)["8dB"]["white"] == {"answers": 3, "accuracy": 0.3333}


def test_answers_are_scored_per_voice_and_level_and_noise_clips_have_no_voice() -> None:
    def said(intent: str, voice: str, noise: str) -> corpus.Clip:
        kind = "answer" if intent != "unknown" else "noise"
        return corpus.Clip(file=f"{voice}-{intent}.wav", kind=kind, intent=intent, text=intent, noise=noise, voice=voice)

    clips = [
        said("yes", "en-029+m1", "clean"),
        said("no", "en-029+m1", "clean"),
        said("next", "en-029+m1", "clean"),  # not an answer on a yes/no screen
        said("no", "en-us+m3", "clean"),
        said("no", "en-us+m3", "8dB"),
        said("unknown", "", "8dB"),  # a cough: nobody's voice
    ]
    heard = ["yes", "unknown", "unknown", "no", "unknown", "no"]
    assert evaluate.by_voice(clips, heard, evaluate.YES_NO_SCREEN) == {
        "en-029+m1": {"clean": {"answers": 2, "accuracy": 0.5}},
        "en-us+m3": {"clean": {"answers": 1, "accuracy": 1.0}, "8dB": {"answers": 1, "accuracy": 0.0}},
    }
    assert evaluate.by_voice(clips, heard, None)["en-029+m1"]["clean"] == {"answers": 3, "accuracy": 0.3333}
