"""Fixtures for whole-app fault tests: a child-process runner, ALSA set-ups, the diary as the CLI sees it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("runner.py")

# ALSA's default device: playback into a file, capture from a card that does not exist (no microphone).
# Defined inline: a named capture-capable PCM (even a `file` one on `null`) would be picked by
# PortAudio as the default input, and ALSA's null plugin captures junk, not silence.
NO_MIC_ASOUNDRC = """\
pcm.!default {{ type asym; playback.pcm {{ type file; slave.pcm "null"; file "{played}"; format "raw" }}; capture.pcm {{ type hw; card 99 }} }}
"""
# No audio device at all: the default device is a card that does not exist.
NO_DEVICE_ASOUNDRC = "pcm.!default { type hw; card 99 }\nctl.!default { type hw; card 99 }\n"


@dataclass
class ChildRun:
    report: dict
    returncode: int
    stdout: str
    stderr: str

    @property
    def last_status(self) -> str:
        return self.report["statuses"][-1] if self.report.get("statuses") else ""

    @property
    def last_screen(self) -> str:
        return self.report["screens"][-1]["text"] if self.report.get("screens") else ""


@pytest.fixture
def run_child(tmp_path: Path):
    """run_child(scenario, *voiceaid_args, env={...}, prefix=[...]) -> ChildRun (see runner.py)."""

    def run(scenario: str, *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None, timeout: float = 120) -> ChildRun:
        report_path = tmp_path / f"report-{scenario}.json"
        full_env = dict(os.environ)
        full_env.update(env or {})
        command = (prefix or []) + [sys.executable, str(RUNNER), scenario, str(report_path), *args]
        result = subprocess.run(command, cwd=REPO, env=full_env, capture_output=True, text=True, timeout=timeout)
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        if report.get("scenario_error"):
            pytest.fail(f"scenario failed:\n{report['scenario_error']}\n{report['screens'][-1]['text']}")
        assert report, f"no report (exit {result.returncode}):\n{result.stderr[-3000:]}"
        return ChildRun(report, result.returncode, result.stdout, result.stderr)

    return run


def diary_episodes(env: dict[str, str] | None = None) -> list[dict]:
    """`voiceaid diary list --json` in a child process with this HOME (what a person would run)."""
    result = subprocess.run(
        [sys.executable, "-m", "voiceaid", "diary", "list", "--json"],
        cwd=REPO,
        env=dict(os.environ, **(env or {})),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def assert_one_clear_status(status: str, rows: int, *words: str) -> None:
    """The status line is one row, and what is visible of it names the degradation."""
    assert rows == 1, f"the status line takes {rows} rows"
    assert any(word in status for word in words), f"status line {status!r} does not mention any of {words}"
