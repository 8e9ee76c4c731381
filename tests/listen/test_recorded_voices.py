"""Speech from voices built from recordings of real people (flite's CMU ARCTIC speakers): the corpus
can make it, and the recogniser understands it. espeak-ng's formant synthesis alone says little about
how a person's consonants are heard."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tuning import corpus
from voiceaid.listen.vocabulary import load_vocabulary

pytestmark = pytest.mark.skipif(shutil.which("flite") is None, reason="flite is not installed (apt-get install flite)")

VOICE = "flite:kal16"  # a training voice: the test split's speakers are kept for the benchmark
REPO = Path(__file__).resolve().parents[2]


def test_flite_speech_is_16_khz_and_follows_the_speaking_rate():
    slow = corpus.synthesize("say that again", VOICE, rate=120)
    fast = corpus.synthesize("say that again", VOICE, rate=200)
    assert slow.dtype == np.float64 and 0.05 < np.abs(slow).max() <= 1.0
    assert len(slow) / len(fast) == pytest.approx(200 / 120, rel=0.15)


@pytest.mark.parametrize(
    "text, intent",
    [("yes", "yes"), ("no", "no"), ("not sure", "unsure"), ("emergency", "emergency"), ("chest pain", "emergency"),
     ("pause", "pause"), ("go back", "back"), ("left leg", "left"), ("back of thigh", "back_of_thigh")],
)  # fmt: skip
def test_a_recorded_voice_is_understood(recogniser, speech, text, intent):
    """Each phrase on a screen that listens for it: answers to a question on a yes/no screen (as the
    checklist hears them; with every phrase at once kal's "no" falls just short of ACCEPT_YES_NO),
    the rest with the whole vocabulary."""
    answers = ("yes", "no", "unsure")
    heard = recogniser.decode_file(speech(text, VOICE), expect=answers if intent in answers else None)
    assert heard.intent == intent


def test_a_recorded_voice_saying_something_else_is_not_an_answer(recogniser, speech):
    for text in ("turn off the light", "what time is it"):
        assert recogniser.decode_file(speech(text, VOICE), expect=("yes", "no", "unsure")).intent == "unknown"


def test_the_recorded_splits_use_flite_voices_and_their_own_words(tmp_path):
    assert corpus.missing_engines("train-recorded") == []
    assert corpus.base_split("test-recorded") == "test"
    clips = corpus.build(tmp_path, load_vocabulary(), split="train-recorded", only={"partner"}, levels=("clean",))
    assert {clip.voice for clip in clips} <= set(corpus.VOICES["train-recorded"])
    assert {clip.text for clip in clips} == set(corpus.PARTNER["train"])
    labels = json.loads((tmp_path / "labels.json").read_text())
    assert labels["split"] == "train-recorded" and all((tmp_path / clip["file"]).exists() for clip in labels["clips"])


def test_make_test_audio_offers_the_recorded_splits():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "make-test-audio"), "--help"], capture_output=True, text=True)
    assert "test-recorded" in result.stdout and "train-recorded" in result.stdout
