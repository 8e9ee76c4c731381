"""The acoustic model as the recogniser loads it: the stock means moved by voiceaid's transform, one
map per class of phones, applied here because pocketsphinx applies only a transform's first class."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from voiceaid.listen.sphinx import acoustic
from tuning import adapt
from voiceaid.listen.audio import read_wav
from voiceaid.listen.gate import decodable, padded
from voiceaid.listen.sphinx.recogniser import ADAPTATION, Recogniser

YES_NO = ("yes", "no", "unsure")
STOCK_MEANS = acoustic.stock_model() / "means"


def _write_transform(path: Path, a: np.ndarray, b: np.ndarray, classes: list[str] | None = None) -> Path:
    """A transform file in sphinxtrain's text form: a (classes, 3, 13, 13), b (classes, 3, 13), no
    variance scaling; with `classes`, their list beside it."""
    lines = [str(len(a)), "3"]
    for cls in range(len(a)):
        for stream in range(3):
            lines.append("13")
            lines += [" ".join(f"{v:.6f}" for v in row) for row in a[cls, stream]]
            lines += [" ".join(f"{v:.6f}" for v in b[cls, stream]), " ".join(["1.0"] * 13)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if classes is not None:
        acoustic.classes_path(path).write_text("".join(f"P{index} {cls}\n" for index, cls in enumerate(classes)), encoding="utf-8")
    return path


def _transform_file(path: Path, maps: list[tuple[float, float]], classes: list[str] | None) -> Path:
    """A transform whose class k multiplies every mean by maps[k][0] and adds maps[k][1]."""
    a = np.array([[np.eye(13) * scale] * 3 for scale, _ in maps])
    b = np.array([[np.full(13, shift)] * 3 for _, shift in maps])
    return _write_transform(path, a, b, classes)


def test_the_stock_means_are_read_and_written_back_byte_for_byte(tmp_path):
    means = acoustic.read_gaussians(STOCK_MEANS)
    assert means.shape == (42, 3, 128, 13)
    acoustic.write_gaussians(tmp_path / "means", means)
    assert (tmp_path / "means").read_bytes() == STOCK_MEANS.read_bytes()  # checksum and all


def test_each_class_moves_only_its_own_codebooks(tmp_path):
    means = acoustic.read_gaussians(STOCK_MEANS)
    classes = ["-", "0", "1"] + ["0"] * 39
    moved = acoustic.read_transform(_transform_file(tmp_path / "t.mllr", [(1.0, 0.5), (2.0, 0.0)], classes)).apply(means)
    assert np.array_equal(moved[0], means[0])  # untouched
    assert np.allclose(moved[1], means[1] + 0.5) and np.allclose(moved[3:], means[3:] + 0.5, atol=1e-5)
    assert np.allclose(moved[2], means[2] * 2.0)


def test_one_class_moves_the_model_as_pocketsphinx_itself_would(speech):
    """The shipped transform's first class, applied here and applied by pocketsphinx (`mllr`), gives
    the decoder the same model: the same words at the same score."""
    from pocketsphinx import Config, Decoder

    transform = acoustic.read_transform(ADAPTATION)
    first = acoustic.Transform(transform.a[:1], transform.b[:1], None)
    samples, span = decodable(read_wav(speech("back of my thigh")))
    audio = padded(samples, span).tobytes()

    def decode(**settings: str) -> tuple[str, float]:
        decoder = Decoder(Config(loglevel="FATAL", lm=None, jsgf=None, **settings))
        decoder.add_jsgf_string("g", "#JSGF V1.0;\ngrammar g;\npublic <g> = back of my thigh | front of my thigh | calf | foot;\n")
        decoder.activate_search("g")
        decoder.start_utt()
        decoder.process_raw(audio, full_utt=True)
        decoder.end_utt()
        return decoder.hyp().hypstr, math.log(decoder.hyp().score)

    with tempfile.TemporaryDirectory() as folder:
        mllr = _write_transform(Path(folder) / "one.mllr", first.a, first.b)
        theirs = decode(mllr=str(mllr))
        with acoustic.adapted(mllr) as settings:
            ours = decode(**settings)
    assert ours[0] == theirs[0] == "back of my thigh"
    assert ours[1] == pytest.approx(theirs[1], rel=1e-3)


@pytest.mark.skipif(shutil.which("mllr_transform") is None and not (adapt.SPHINXTRAIN / "mllr_transform").is_file(),
                    reason="apt-get install sphinxtrain")  # fmt: skip
def test_the_shipped_transform_moves_the_means_as_sphinxtrain_does(tmp_path):
    """sphinxtrain's own mllr_transform, given the same transform and classes, writes the same means."""
    transform = acoustic.read_transform(ADAPTATION)
    assert transform.classes is not None and len(set(transform.classes) - {acoustic.UNTOUCHED}) == len(transform.a) > 1
    adapt.write_class_map(tmp_path / "cb2mllr", list(transform.classes))
    subprocess.run([adapt.tool("mllr_transform"), "-inmeanfn", str(STOCK_MEANS), "-outmeanfn", str(tmp_path / "means"),
                    "-mllrmat", str(ADAPTATION), "-cb2mllrfn", str(tmp_path / "cb2mllr")], check=True, capture_output=True)  # fmt: skip
    theirs = acoustic.read_gaussians(tmp_path / "means")
    assert np.allclose(transform.apply(acoustic.read_gaussians(STOCK_MEANS)), theirs, atol=1e-3)


def test_the_moved_means_are_a_temporary_file_gone_once_the_decoder_has_them():
    with acoustic.adapted(ADAPTATION) as settings:
        path = Path(settings["mean"])
        assert path.is_file() and path.stat().st_size == STOCK_MEANS.stat().st_size
    assert not path.exists() and not path.parent.exists()
    with acoustic.adapted(None) as settings:
        assert settings == {}


@pytest.mark.parametrize(
    "text, classes, message",
    [
        ("2\n3\n13\n1 2 3\n", None, "ends early"),
        ("not a number\n", None, "cannot read the acoustic transform"),
        (None, None, "no adaptation.classes"),  # two classes, no list of which phones
        (None, ["0", "7"], "expected a phone and a class"),
    ],
)
def test_a_damaged_transform_is_a_clear_error_and_the_recogniser_falls_back_to_the_stock_model(tmp_path, speech, text, classes, message):
    path = tmp_path / "adaptation.mllr"
    if text is None:
        _transform_file(path, [(1.0, 0.0), (1.0, 0.0)], None)
        if classes is not None:
            acoustic.classes_path(path).write_text("\n".join(f"P {c}" for c in classes) + "\n", encoding="utf-8")
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(acoustic.AcousticError, match=message) as error:
        acoustic.read_transform(path)
    assert str(path) in str(error.value)
    recogniser = Recogniser(adaptation=path)
    assert recogniser._decoder.config["mean"] == str(STOCK_MEANS)
    assert recogniser.decode_file(speech("yes"), YES_NO).intent == "yes"


def test_the_recogniser_decodes_with_the_moved_means(speech):
    adapted = Recogniser()
    assert "voiceaid-model-" in adapted._decoder.config["mean"]
    stock = Recogniser(adaptation=None)
    assert stock._decoder.config["mean"] == str(STOCK_MEANS)
    a = adapted.analyse(read_wav(speech("back of my thigh")))
    b = stock.analyse(read_wav(speech("back of my thigh")))
    assert a.phrase == "back of my thigh" and a.evidence is not None and b.evidence is not None
    assert a.evidence.per_frame != b.evidence.per_frame  # a different model scored it
