"""The real-people part of the engine scorecard (tuning.real_people): reading the recordings and
their transcripts, counting word errors and summing up what a screen accepted. No model is loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tuning import corpus, real_people
from voiceaid.listen.heard import Heard


@pytest.mark.parametrize(
    ("reference", "heard", "errors"),
    [
        ("he was not an ill disposed young man", "he was not an ill disposed young man", 0),
        ("he was not an ill disposed young man", "he was not an illness those young man", 2),  # two substitutions
        ("ten of clubs", "ten clubs", 1),  # a deletion
        ("five five", "five five five", 1),  # an insertion
        ("seven of clubs", "", 3),  # nothing heard: every word missed
        ("", "thank you", 2),  # words out of silence
        ("go forward ten meters", "forward go ten meters", 2),  # order matters
    ],
)
def test_word_errors_are_the_edit_distance_in_words(reference: str, heard: str, errors: int) -> None:
    assert real_people.word_errors(reference.split(), heard.split()) == errors


def test_transcripts_are_compared_without_case_or_punctuation() -> None:
    assert real_people.words("He was not an ill-disposed young man.") == "he was not an ill disposed young man".split()
    assert real_people.words(" Ten of clubs,  four of clubs! ") == ["ten", "of", "clubs", "four", "of", "clubs"]
    assert real_people.words("Mr. John Dashwood's 10") == ["mr", "john", "dashwood's", "10"]  # digits as they come
    assert real_people.words("'Tis -- ...") == ["tis"]
    assert real_people.words("") == []


def _data(tmp_path: Path) -> Path:
    """A stand-in for the testdata: one reading of two sentences, another of one, one raw file."""
    rng = np.random.default_rng(0)
    for folder, transcript, lines in (
        ("librivox", "transcription", ["<s> he was not an ill disposed young man </s> (a-0880)", "<s> he might even </s> (a-0930)", ""]),
        ("cards", "cards.transcription", ["<s> ten of clubs  </s> (001)"]),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / transcript).write_text("\n".join(lines) + "\n", encoding="utf-8")
        for line in lines:
            if line:
                corpus.write_wav(tmp_path / folder / f"{line.rsplit('(', 1)[1][:-1]}.wav", rng.standard_normal(1600) * 0.1)
    (tmp_path / "goforward.raw").write_bytes(np.array([1, -2, 3, 32767, -32768], dtype="<i2").tobytes() + b"\x00")
    return tmp_path


def test_readings_come_with_their_words_and_raw_files_as_samples(tmp_path: Path) -> None:
    data = _data(tmp_path)
    assert real_people.available(data) and not real_people.available(tmp_path / "nowhere")
    found = real_people.recordings(data)
    assert [r.name for r in found] == ["librivox/a-0880.wav", "librivox/a-0930.wav", "cards/001.wav", "goforward.raw"]
    assert [len(r.words) for r in found] == [8, 3, 3, 0]
    assert [r.reading for r in found] == ["librivox", "librivox", "cards", ""]
    assert found[-1].samples.tolist() == [1, -2, 3, 32767, -32768]  # the odd trailing byte is dropped
    assert found[0].samples.dtype == np.int16 and len(found[0].samples) == 1600


def test_the_summary_counts_and_names_every_recording_accepted() -> None:
    names = ["librivox/a.wav", "cards/001.wav", "goforward.raw", "numbers.raw"]
    heard = [Heard("unknown", ms=40.0), Heard("no", "nope", 0.812, 60.0), Heard("next", "next", 0.9, 50.0), Heard("unknown", ms=200.0)]
    summary = real_people.accepted(names, heard)
    assert summary["recordings"] == 4
    assert summary["accepted"] == 2 and summary["as_yes_no"] == 1
    assert summary["which"] == [
        {"file": "cards/001.wav", "intent": "no", "text": "nope", "confidence": 0.81},
        {"file": "goforward.raw", "intent": "next", "text": "next", "confidence": 0.9},
    ]
    assert summary["ms_median"] == 55.0 and summary["ms_p90"] == 60.0
    assert real_people.accepted([], [])["accepted"] == 0


def test_free_speech_errors_are_summed_per_reading(tmp_path: Path) -> None:
    found = real_people.recordings(_data(tmp_path))
    transcripts = {"librivox/a-0880.wav": "He was not an illness, those young man.", "cards/001.wav": "Ten of clubs."}
    scored = real_people.free_speech(found, transcripts)
    assert set(scored) == {"librivox", "cards"}  # the raw file has no words to score
    assert scored["librivox"]["words"] == 11 and scored["librivox"]["errors"] == 2 + 3  # a-0930 written as nothing
    assert scored["cards"] == {"words": 3, "errors": 0, "heard": [{"file": "cards/001.wav", "text": "Ten of clubs."}]}


@pytest.mark.skipif(not real_people.available(), reason="apt-get install pocketsphinx-testdata")
def test_the_installed_testdata_has_the_reading_the_cards_and_four_raw_recordings() -> None:
    found = real_people.recordings()
    librivox = [r for r in found if r.reading == "librivox"]
    cards = [r for r in found if r.reading == "cards"]
    assert len(librivox) == 5 and sum(len(r.words) for r in librivox) == 71
    assert len(cards) == 5 and sum(len(r.words) for r in cards) == 21
    assert [r.name for r in found if not r.reading] == list(real_people.RAW)
    for r in found:
        assert 1.0 < len(r.samples) / 16000 < 10.0, r.name  # seconds: 16 kHz samples, not bytes or a header
