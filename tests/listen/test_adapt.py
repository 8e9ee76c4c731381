"""Building the acoustic model's MLLR transform with sphinxtrain, on real speech."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voiceaid.listen import adapt
from voiceaid.listen.audio import read_wav
from voiceaid.listen.recogniser import Recogniser

REPO = Path(__file__).resolve().parents[2]
YES_NO = ("yes", "no", "unsure")


def _model() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "en-us"


def test_the_models_sendump_becomes_mixture_weights_that_decode_the_same(speech, tmp_path):
    """sphinxtrain needs mixture_weights; written from sendump they must be the model's own weights:
    pocketsphinx decodes a model that has them instead of sendump to the same words and score."""
    weights = adapt.read_sendump(_model() / "sendump")
    assert weights.shape == (5126, 3, 128)  # senones x feature streams x Gaussians per codebook
    assert np.all(weights > 0) and np.allclose(weights.sum(axis=2), 1.0)
    converted = tmp_path / "model"
    shutil.copytree(_model(), converted, ignore=shutil.ignore_patterns("sendump"))
    adapt.write_s3_array(converted / "mixture_weights", weights)
    from pocketsphinx import Config, Decoder

    def decode(model: Path) -> tuple[str, int]:
        decoder = Decoder(Config(hmm=str(model), loglevel="FATAL"))
        decoder.start_utt()
        decoder.process_raw(read_wav(speech("go back")).tobytes(), full_utt=True)
        decoder.end_utt()
        return decoder.hyp().hypstr, decoder.hyp().best_score

    assert decode(converted) == decode(_model())


def test_a_damaged_sendump_is_a_clear_error(tmp_path):
    damaged = tmp_path / "sendump"
    damaged.write_bytes((_model() / "sendump").read_bytes()[:-10])
    with pytest.raises(adapt.AdaptError, match="bytes of weights"):
        adapt.read_sendump(damaged)


@pytest.fixture
def small_corpus(speech, tmp_path) -> Path:
    """Five answers in one voice, labelled as scripts/make-test-audio labels them."""
    folder = tmp_path / "corpus"
    (folder / "answer" / "clean").mkdir(parents=True)
    clips = []
    for text, intent in (("yes", "yes"), ("no", "no"), ("go back", "back"), ("stop", "stop"), ("help", "help")):
        name = f"answer/clean/{len(clips):04d}-{text.replace(' ', '-')}.wav"
        shutil.copy(speech(text), folder / name)
        clips.append({"file": name, "kind": "answer", "intent": intent, "text": text, "noise": "clean", "voice": "en-us+m5"})
    (folder / "labels.json").write_text(json.dumps({"split": "tiny", "clips": clips}), encoding="utf-8")
    return folder


def _needs_sphinxtrain() -> None:
    missing = adapt.missing_tools()
    if missing:
        pytest.skip(f"sphinxtrain's tools are not installed (apt-get install {' '.join(missing)})")


def test_a_transform_fitted_to_answers_loads_and_still_hears_them(small_corpus, speech, tmp_path):
    _needs_sphinxtrain()
    out = tmp_path / "fitted.mllr"
    assert adapt.adapt([small_corpus], out, tmp_path / "work") == 5
    numbers = out.read_text(encoding="utf-8").split()
    assert numbers[:3] == ["1", "3", "13"]  # one class, three feature streams of 13
    matrix = np.array([float(n) for n in numbers[4 : 4 + 13 * 13]]).reshape(13, 13)
    assert not np.allclose(matrix, np.eye(13), atol=1e-3)  # it moved the model
    recogniser = Recogniser(adaptation=out)
    assert recogniser._decoder.config["mllr"] == str(out)
    assert recogniser.decode_file(speech("yes"), YES_NO).intent == "yes"
    assert recogniser.decode_file(speech("go back")).intent == "back"


def test_only_the_chosen_voices_are_used(small_corpus, tmp_path):
    _needs_sphinxtrain()
    with pytest.raises(adapt.AdaptError, match="no answers to adapt to"):
        adapt.adapt([small_corpus], tmp_path / "none.mllr", tmp_path / "work", voices={"en-gb+f3"})


def test_adapt_model_refuses_a_folder_without_labels(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "adapt-model"), str(tmp_path), "--out", str(tmp_path / "x.mllr")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert "no labels.json" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.mllr").exists()
