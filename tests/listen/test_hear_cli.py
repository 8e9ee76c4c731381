"""`voiceaid hear`: the JSON shape, bad input, and the real microphone on an ALSA file device."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from voiceaid.cli import main
from tuning import corpus, wake_hour


def test_json_lines_have_exactly_the_documented_shape(speech, sounds, capsys):
    files = [str(speech("yes")), str(speech("emergency")), str(sounds("rustle"))]
    assert main(["hear", "--json", *files]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == files
    for record in records:
        assert set(record) == {"file", "intent", "text", "confidence", "ms", "engine"}
        assert record["engine"] == "sphinx"  # the default engine
        assert 0.0 <= record["confidence"] <= 1.0
        assert record["ms"] >= 0
    assert [r["intent"] for r in records] == ["yes", "emergency", "unknown"]
    assert records[0]["text"] == "yes"


def test_expect_limits_what_is_heard(speech, capsys):
    assert main(["hear", "--json", "--expect", "yes,no,unsure", str(speech("emergency")), str(speech("yes"))]) == 0
    intents = [json.loads(line)["intent"] for line in capsys.readouterr().out.splitlines()]
    assert intents == ["unknown", "yes"]


def test_bad_inputs_give_one_line_each_and_fail(speech, tmp_path, capsys):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    text = tmp_path / "notes.wav"
    text.write_text("hello")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(speech("yes").read_bytes()[:40])
    missing = tmp_path / "missing.wav"
    code = main(["hear", "--json", str(speech("yes")), str(missing), str(empty), str(text), str(cut)])
    captured = capsys.readouterr()
    assert code != 0
    assert len(captured.out.splitlines()) == 1  # the good file is still decoded
    errors = captured.err.splitlines()
    assert len(errors) == 4
    for path, error in zip((missing, empty, text, cut), errors):
        assert error.startswith(f"voiceaid: hear: {path}: ")
    assert "Traceback" not in captured.err


def test_unknown_intent_name_is_a_user_error(speech, capsys):
    assert main(["hear", "--expect", "yes,nah", str(speech("yes"))]) == 2
    error = capsys.readouterr().err
    assert "nah" in error and error.count("\n") == 1


def test_no_files_and_no_mic_is_a_user_error(capsys):
    assert main(["hear"]) == 2
    assert "WAV files" in capsys.readouterr().err


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "1e9"])
def test_a_wait_that_is_no_wait_is_refused_before_the_microphone_opens(timeout, capsys):
    assert main(["hear", "--mic", "--timeout", timeout]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"voiceaid: hear: --timeout {float(timeout):g} is not a wait") and error.count("\n") == 1


@pytest.mark.audio
@pytest.mark.slow
def test_microphone_hears_an_answer_on_an_alsa_file_device(alsa_files):
    rng = np.random.default_rng(3)
    answer = corpus.synthesize("emergency", "en-us+m5", 150, 50)
    signal = np.concatenate([np.zeros(16000), answer * 0.5 / np.abs(answer).max(), np.zeros(32000)])
    signal = corpus.add_noise(signal, "clean", rng)
    alsa_files.mic.write_bytes(np.round(signal * 32767).astype("<i2").tobytes())
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "hear", "--mic", "--json", "--timeout", "3"],
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["file"] == "microphone"
    assert record["intent"] == "emergency"
    assert "ALSA lib" not in result.stderr  # device chatter is silenced
    # The bedside set-up check: how far the answer stood above the room, and what kind of room.
    assert record["room"]["background"] == "quiet" and record["room"]["verdict"] == "good"
    assert record["room"]["speech_db"] >= 20

    as_text = subprocess.run(
        [sys.executable, "-m", "voiceaid", "hear", "--mic", "--timeout", "3"], env=os.environ, capture_output=True, text=True, timeout=60
    )
    assert as_text.returncode == 0, as_text.stderr
    answer, checked = as_text.stdout.splitlines()
    assert answer.startswith('microphone: emergency  "emergency"')
    assert checked.startswith("room: speech ") and "above a quiet background (good)" in checked


@pytest.mark.audio
@pytest.mark.slow
@pytest.mark.parametrize("engine", ["whisper", "both"])
def test_microphone_hears_with_each_engine(alsa_files, engine: str):
    rng = np.random.default_rng(4)
    answer = corpus.synthesize("yes", "en-us", 150, 50)
    signal = np.concatenate([np.zeros(16000), answer * 0.5 / np.abs(answer).max(), np.zeros(32000)])
    alsa_files.mic.write_bytes(np.round(corpus.add_noise(signal, "clean", rng) * 32767).astype("<i2").tobytes())
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "hear", "--mic", "--json", "--timeout", "3", "--engine", engine, "--expect", "yes,no,unsure"],
        env=os.environ, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["engine"] == engine and record["intent"] == "yes", record


def test_no_microphone_is_a_clean_unavailable(tmp_path):
    home = tmp_path / "nomic"
    home.mkdir()
    (home / ".asoundrc").write_text('pcm.!default { type hw; card 99 }\n')
    env = dict(os.environ, HOME=str(home))
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "hear", "--mic"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.startswith("voiceaid: hear: microphone unavailable: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_make_test_audio_builds_the_wake_phrase_background(tmp_path):
    """The minutes the wake benchmark counts false triggers on: built by the script, read back alike."""
    import wave
    from pathlib import Path

    script = Path(__file__).parents[2] / "scripts" / "make-test-audio"
    done = subprocess.run([sys.executable, str(script), "--wake-hour", "--minutes", "2", "--out", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    minutes = wake_hour.load(tmp_path)
    assert [kind for kind, _ in minutes] == ["sounds", "speech"]
    for _, path in minutes:
        with wave.open(str(path)) as audio:
            assert audio.getframerate() == corpus.RATE and audio.getnframes() == 60 * corpus.RATE
    wrong = subprocess.run([sys.executable, str(script), "--wake-hour", "--minutes", "0"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "--minutes" in wrong.stderr and "Traceback" not in wrong.stderr

    for bad, said in ((["--per-phrase", "0"], "--per-phrase must be 1 or more"), (["--vocabulary", str(tmp_path / "none.yaml")], "cannot read the vocabulary")):
        wrong = subprocess.run([sys.executable, str(script), *bad, "--out", str(tmp_path / "corpus")], capture_output=True, text=True)
        assert wrong.returncode == 2 and said in wrong.stderr and "Traceback" not in wrong.stderr
        assert wrong.stderr.count("\n") == 1 and not (tmp_path / "corpus").exists()


def test_hear_listens_with_the_vocabulary_of_the_content_given(speech, tmp_path, capsys):
    """`voiceaid --content DIR hear`: the same words the app listens for with that content."""
    from voiceaid.content.loader import builtin_content_dir

    own = tmp_path / "content"
    own.mkdir()
    vocabulary = (builtin_content_dir() / "vocabulary.yaml").read_text(encoding="utf-8")
    (own / "vocabulary.yaml").write_text(vocabulary.replace("  yes: [", "  thanks: [thank you]\n  yes: [", 1), encoding="utf-8")
    said = str(speech("thank you"))
    assert main(["--content", str(own), "hear", "--json", "--expect", "thanks", said]) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "thanks"
    assert main(["hear", "--expect", "thanks", said]) == 2  # the built-in words have no "thanks"
    assert "unknown intent 'thanks'" in capsys.readouterr().err


def test_the_wake_hours_are_built_per_split_and_never_mistaken_for_each_other(tmp_path):
    """The training voices' hour is what scripts/calibrate-wake chooses the threshold on; the test
    voices' hour, what the benchmark measures it on. A hour of the other split reads as none."""
    from pathlib import Path

    script = Path(__file__).parents[2] / "scripts" / "make-test-audio"
    done = subprocess.run([sys.executable, str(script), "--wake-hour", "--split", "train", "--minutes", "1", "--out", str(tmp_path)],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [kind for kind, _ in wake_hour.load(tmp_path, "train")] == ["sounds"]
    assert wake_hour.load(tmp_path) == []  # the benchmark's (test) hour is not this one
    wrong = subprocess.run([sys.executable, str(script), "--wake-hour", "--split", "test-recorded", "--out", str(tmp_path / "x")],
                           capture_output=True, text=True)  # fmt: skip
    assert wrong.returncode == 2 and "--split test or train" in wrong.stderr and wrong.stderr.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_calibrate_wake_listens_to_the_training_audio_and_names_a_threshold(tmp_path):
    from pathlib import Path

    script = Path(__file__).parents[2] / "scripts" / "calibrate-wake"
    out = tmp_path / "wake.yaml"
    done = subprocess.run([sys.executable, str(script), "--minutes", "2", "--hour", str(tmp_path / "hour"), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "2 minutes, " in done.stdout and "WAKE_CONFIDENCE = 0.9" in done.stdout
    from voiceaid.listen import wake

    assert out.read_text(encoding="utf-8").startswith("# Made by: .venv/bin/python scripts/calibrate-wake --minutes 2\n")
    assert 0.9 <= wake.read(out) < 1.0  # written as data, the shipped file untouched
    assert wake_hour.load(tmp_path / "hour", "train")
    wrong = subprocess.run([sys.executable, str(script), "--minutes", "0"], capture_output=True, text=True)
    assert wrong.returncode == 2 and "--minutes must be 1 or more" in wrong.stderr and "Traceback" not in wrong.stderr
