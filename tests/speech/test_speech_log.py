"""The speech log: one flushed JSON line per event; an unwritable log is reported, never raised."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from voiceaid.speech.speech_log import SpeechLog


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_lines_are_json_with_seconds_since_launch_and_flushed(tmp_path: Path) -> None:
    clock = FakeClock(100.0)
    log = SpeechLog(tmp_path / "speech.jsonl", clock=clock)
    clock.now = 101.25
    log.write("start", "instruction", "Stretch your calf — gently.")
    # Readable before close: every line is flushed as it is written.
    lines = (tmp_path / "speech.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"t": 1.25, "event": "start", "kind": "instruction", "text": "Stretch your calf — gently."}
    ]
    log.write("end", "instruction", "Stretch your calf — gently.", t=103.0)
    log.close()
    assert json.loads((tmp_path / "speech.jsonl").read_text(encoding="utf-8").splitlines()[1])["t"] == 3.0


def test_appends_to_an_existing_log(tmp_path: Path) -> None:
    path = tmp_path / "speech.jsonl"
    path.write_text('{"t": 0, "event": "start", "kind": "cue", "text": "old"}\n')
    log = SpeechLog(path)
    log.write("dropped", "cue", "new")
    log.close()
    assert len(path.read_text().splitlines()) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only directory")
def test_read_only_directory_is_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    log = SpeechLog(folder / "speech.jsonl")
    log.write("start", "cue", "x")
    assert log.problem is not None and "speech.jsonl" in log.problem


def test_unwritable_path_sets_problem_and_later_writes_are_ignored(tmp_path: Path) -> None:
    # A directory where the file should be: fails for root too (EISDIR), like a read-only dir for a user.
    target = tmp_path / "speech.jsonl"
    target.mkdir()
    log = SpeechLog(target)
    log.write("start", "cue", "x")
    problem = log.problem
    assert problem is not None and problem.startswith("Speech log not written") and str(target) in problem
    log.write("end", "cue", "x")
    assert log.problem == problem


def test_disk_full_is_reported(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not available")
    log = SpeechLog(Path("/dev/full"))
    log.write("start", "instruction", "x")
    assert log.problem is not None and "No space left" in log.problem
