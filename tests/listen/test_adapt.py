"""Building the acoustic model's MLLR transform with sphinxtrain, on real speech."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voiceaid.listen.sphinx import acoustic, lexicon
from tuning import adapt
from voiceaid.listen.audio import read_wav
from voiceaid.listen.sphinx.recogniser import Recogniser

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


ANSWERS = (("yes", "yes"), ("no", "no"), ("go back", "back"), ("stop", "stop"), ("help", "help"))


def _corpus(folder: Path, speech, voices: tuple[str, ...], sounds=None) -> Path:
    """Five answers in each voice (and a cough), labelled as scripts/make-test-audio labels them."""
    (folder / "answer" / "clean").mkdir(parents=True)
    clips = []
    for voice in voices:
        for text, intent in ANSWERS:
            name = f"answer/clean/{len(clips):04d}-{text.replace(' ', '-')}.wav"
            shutil.copy(speech(text, voice), folder / name)
            clips.append({"file": name, "kind": "answer", "intent": intent, "text": text, "noise": "clean", "voice": voice})
    if sounds is not None:
        (folder / "noise" / "clean").mkdir(parents=True)
        shutil.copy(sounds("cough"), folder / "noise" / "clean" / "cough.wav")
        clips.append({"file": "noise/clean/cough.wav", "kind": "noise", "intent": "unknown", "text": "cough", "noise": "clean"})
    (folder / "labels.json").write_text(json.dumps({"split": "tiny", "clips": clips}), encoding="utf-8")
    return folder


@pytest.fixture
def small_corpus(speech, tmp_path) -> Path:
    return _corpus(tmp_path / "corpus", speech, ("en-us+m5",))


def _needs_sphinxtrain() -> None:
    missing = adapt.missing_tools()
    if missing:
        pytest.skip(f"sphinxtrain's tools are not installed (apt-get install {' '.join(missing)})")


def test_a_transform_fitted_to_answers_loads_and_still_hears_them(small_corpus, speech, tmp_path):
    _needs_sphinxtrain()
    out = tmp_path / "fitted.mllr"
    assert adapt.adapt([small_corpus], out, tmp_path / "work") == 5
    numbers = out.read_text(encoding="utf-8").split()
    classes = len(adapt.MLLR_CLASSES) + 1  # and silence with the noise models
    assert numbers[:3] == [str(classes), "3", "13"]  # three feature streams of 13
    matrix = np.array([float(n) for n in numbers[4 : 4 + 13 * 13]]).reshape(13, 13)
    assert not np.allclose(matrix, np.eye(13), atol=1e-3)  # it moved the model
    listed = acoustic.read_transform(out).classes
    assert listed is not None and len(listed) == 42 and set(listed) == set(range(classes))
    phones = [line.split()[0] for line in acoustic.classes_path(out).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert listed[phones.index("IY")] == 0 and listed[phones.index("SIL")] == classes - 1
    recogniser = Recogniser(adaptation=out)
    assert "voiceaid-model-" in recogniser._decoder.config["mean"]
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


def test_the_voices_are_dealt_into_two_halves_of_each_corpus(tmp_path):
    for name, voices in (("espeak", ["b", "a", "d", "c"]), ("recorded", ["flite:x", "flite:y"])):
        folder = tmp_path / name
        folder.mkdir()
        clips = [{"file": f"{v}.wav", "kind": "answer", "intent": "yes", "text": "yes", "noise": "clean", "voice": v} for v in voices]
        clips.append({"file": "cough.wav", "kind": "noise", "intent": "unknown", "text": "cough", "noise": "clean"})
        (folder / "labels.json").write_text(json.dumps({"clips": clips}), encoding="utf-8")
    first, second = adapt.voice_halves([tmp_path / "espeak", tmp_path / "recorded"])
    assert first == {"a", "c", "flite:x"} and second == {"b", "d", "flite:y"}


def test_calibration_decodes_each_voice_with_the_transform_of_the_other_half(speech, sounds, tmp_path):
    """Two voices: each is decoded once, by the transform fitted to (and the pronunciations learned
    from) the other one, and the cough with the first half's clips."""
    _needs_sphinxtrain()
    folder = _corpus(tmp_path / "corpus", speech, ("en-us+m5", "en-gb"), sounds)
    lines: list[str] = []
    decodes = adapt.cross_fitted([folder], tmp_path / "work", progress=lines.append)
    first, second = (tmp_path / "work" / "first.mllr").read_text(), (tmp_path / "work" / "second.mllr").read_text()
    assert first != second  # fitted to different voices
    for half in ("first", "second"):
        assert lexicon.read(tmp_path / "work" / f"{half}-pronunciations.txt")  # learned from that half's voice
    clips = decodes["_decoded"]["clips"]
    assert sorted(c.file for c in clips) == sorted(c["file"] for c in json.loads((folder / "labels.json").read_text())["clips"])
    assert [c.voice for c in clips] == ["en-gb"] * 5 + [""] + ["en-us+m5"] * 5  # first half (en-gb) and the cough, then the second
    assert lines[0] == "first half (en-gb): 5 answers" and lines[1] == "second half (en-us+m5): 5 answers"
    heard = [d.phrase for d in decodes["_decoded"]["decoded"]["full"]]
    assert heard.count("") <= 3  # the answers are still heard with a transform fitted to another voice


def test_adapt_model_will_not_calibrate_without_the_near_misses(small_corpus, tmp_path):
    """An old train split (built before the near misses of yes and no) would calibrate the yes/no
    threshold against nothing hard: refused, with how to rebuild it."""
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "adapt-model"), str(small_corpus), "--calibrate", "--out", str(tmp_path / "x.mllr")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2 and "near misses" in result.stderr and "make-test-audio --split train" in result.stderr
    assert not (tmp_path / "x.mllr").exists()
