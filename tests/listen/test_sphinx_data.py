"""The pocketsphinx engine's learned numbers are data beside its model files, each file headed by the
command that made it, and loading them gives exactly the values the source held before they moved."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from voiceaid.listen import wake
from voiceaid.listen.sphinx import rejection

# What voiceaid/listen/rejection.py and voiceaid/ui/voice_input.py held as source until the numbers
# moved into rejection.yaml and wake.yaml (issue 27): loading must give these, float for float.
BEFORE = {
    "mean": (-1.73673, 25.46433, 1.11503, 0.59684, 0.7383, 12.10901, 4.02201, 1.68554),
    "scale": (0.65917, 11.02557, 0.2898, 0.12164, 0.13571, 3.54528, 0.57915, 0.43935),
    "weights": (1.88296, 0.34458, -0.44962, 0.92574, 0.18234, -0.6433, -0.23924, -0.7406),
    "bias": 2.6774,
}


def test_the_shipped_numbers_are_exactly_those_the_source_held():
    assert dataclasses.asdict(rejection.DEFAULT) == BEFORE
    assert (rejection.ACCEPT, rejection.ACCEPT_YES_NO, rejection.MIN_ANSWER_MARGIN, rejection.CONFIRM_NO) == (0.5, 0.825, 0.1e-3, 0.95)
    assert rejection.WAKE_CONFIDENCE == 0.97
    assert rejection.shipped() == rejection.OperatingPoint(rejection.Classifier(**BEFORE), 0.5, 0.825, 0.1e-3)


@pytest.mark.parametrize(("path", "command"), [
    (rejection.REJECTION_FILE, "# Made by: .venv/bin/python scripts/adapt-model --calibrate\n"),
    (rejection.WAKE_FILE, "# Made by: .venv/bin/python scripts/calibrate-wake\n"),
])  # fmt: skip
def test_each_file_is_headed_by_the_command_that_made_it(path: Path, command: str):
    assert path.parent.name == "sphinx" and path.read_text(encoding="utf-8").startswith(command)


def test_what_is_written_reads_back_the_same(tmp_path: Path):
    tiny = dataclasses.replace(rejection.SHIPPED.point, min_answer_margin=1e-5)  # repr "1e-05": YAML needs "1.0e-05"
    rejection.write(tmp_path / "r.yaml", rejection.Shipped(tiny, 0.9), "a test", "two\nlines")
    assert rejection.read(tmp_path / "r.yaml") == rejection.Shipped(tiny, 0.9)
    wake.write(tmp_path / "w.yaml", 0.955, "a test")
    assert wake.read(tmp_path / "w.yaml") == 0.955


def test_a_damaged_file_names_the_file_the_field_and_the_remedy(tmp_path: Path):
    path = tmp_path / "r.yaml"
    path.write_text(rejection.REJECTION_FILE.read_text(encoding="utf-8").replace("accept: 0.5", "accept: lots"), encoding="utf-8")
    with pytest.raises(rejection.RejectionError, match=r"r\.yaml: accept is missing or not a number; run scripts/adapt-model --calibrate"):
        rejection.read(path)
    path.write_text("classifier:\n  mean: [1, 2]\n", encoding="utf-8")
    with pytest.raises(rejection.RejectionError, match=r"classifier\.mean must be a list of 8 numbers"):
        rejection.read(path)
    with pytest.raises(wake.WakeFileError, match=r"cannot be read .*scripts/calibrate-wake"):
        wake.read(tmp_path / "none.yaml")
    (tmp_path / "w.yaml").write_text("wake_confidence: 1.5\n", encoding="utf-8")
    with pytest.raises(wake.WakeFileError, match=r"w\.yaml: wake_confidence is missing or not a number from 0 to 1"):
        wake.read(tmp_path / "w.yaml")
