"""Fixtures for speech tests: a condition waiter, and a real-time speaker (PulseAudio null sink).

The ALSA `file` device from tests/conftest.py has no clock (a 9 s WAV "plays" in milliseconds), so
it proves that sound came out but cannot show a barge-in. `pulse_sink` runs a private PulseAudio
daemon whose null sink consumes audio at real-time pace, routes ALSA's default device to it through
~/.asoundrc, and records the sink's monitor with parec, so a test can see when sound starts and
stops.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import pytest

from tests.pulse_daemon import PrivatePulse, stop
from tests.waiting import wait_for

RATE = 22050  # the null sink runs at espeak-ng's rate, so nothing is resampled
SILENCE = 200  # |sample| at or below this counts as silence


# The speech tests' waits: bounded, polling every 5 ms (tests/waiting.py), 10 s unless told.
_wait_until = partial(wait_for, timeout=10.0, poll=0.005)


@pytest.fixture(name="wait_until")
def wait_until_fixture() -> Callable[..., bool]:
    """`wait_until(condition, timeout=10.0) -> bool`, for tests."""
    return _wait_until


@dataclass
class PulseSink:
    """A real-time speaker and a recording of everything it plays."""

    recording: Path
    started_at: float  # monotonic time parec started recording

    def recorded_bytes(self) -> int:
        return self.recording.stat().st_size if self.recording.exists() else 0

    def samples(self):
        import numpy as np

        data = self.recording.read_bytes()
        return np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")

    def loud_indexes(self):
        import numpy as np

        return np.flatnonzero(np.abs(self.samples().astype(np.int32)) > SILENCE)

    def has_sound_after(self, byte_offset: int) -> bool:
        loud = self.loud_indexes()
        return bool(len(loud)) and int(loud[-1]) * 2 >= byte_offset


@pytest.fixture
def pulse_sink(isolated_home: Path, tmp_path: Path):
    if not (shutil.which("pulseaudio") and shutil.which("parec")):
        pytest.skip("pulseaudio and parec are needed for real-time audio tests")
    run = tmp_path / "pulse"
    run.mkdir()
    daemon = PrivatePulse(run, f"load-module module-null-sink sink_name=speaker rate={RATE} channels=1\nset-default-sink speaker\n")
    recorder = None
    try:
        if not _wait_until(daemon.socket.exists, timeout=10):
            pytest.fail("PulseAudio did not start: " + daemon.log_tail(500))
        daemon.route_alsa(isolated_home)
        recording = tmp_path / "monitor.raw"
        out = open(recording, "wb")
        recorder = subprocess.Popen(
            ["parec", f"--server={daemon.server}", "-d", "speaker.monitor", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=10"],
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=daemon.env,
        )
        out.close()
        sink = PulseSink(recording=recording, started_at=time.monotonic())
        if not _wait_until(lambda: sink.recorded_bytes() > 0, timeout=10):
            pytest.fail("parec recorded nothing from the null sink's monitor")
        yield sink
    finally:
        stop(recorder)
        daemon.close()
