"""A private PulseAudio daemon with a null sink: a speaker that plays at real-time pace, recorded by parec."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.pulse_daemon import PrivatePulse, stop
from tests.waiting import wait_for

PULSE_RATE = 22050  # espeak-ng's rate: the null sink resamples nothing
SILENCE = 200  # |sample| at or below this is silence (as tests/speech/conftest.py)


class PulseSink:
    """A private PulseAudio daemon with a null sink (plays at real-time pace) recorded by parec.

    Its monitor is also the default source, so a microphone opened through it hears real-time silence.
    """

    def __init__(self, root: Path) -> None:
        if not (shutil.which("pulseaudio") and shutil.which("parec")):
            raise RuntimeError("pulseaudio and parec are needed for real-time audio")
        self.dir = Path(tempfile.mkdtemp(prefix="pulse-", dir=root))
        self.daemon = PrivatePulse(self.dir, (
            f"load-module module-null-sink sink_name=speaker rate={PULSE_RATE} channels=1\n"
            "set-default-sink speaker\nset-default-source speaker.monitor\n"
        ))  # fmt: skip
        self.server, self.env = self.daemon.server, self.daemon.env
        self.recorder: subprocess.Popen | None = None
        self.recording = self.dir / "monitor.raw"
        if not wait_for(lambda: self.daemon.lists("sinks", "speaker"), timeout=15, poll=0.05):  # the socket comes first
            self.close()
            raise RuntimeError("PulseAudio did not start: " + self.daemon.log_tail(300))

    def record(self, attempts: int = 3) -> None:
        """(Re)start recording the sink's monitor into a fresh file."""
        for attempt in range(attempts):
            try:
                return self._record()
            except RuntimeError:
                if attempt == attempts - 1:
                    raise

    def _record(self) -> None:
        self.stop_recording()
        out = open(self.recording, "wb")
        self.recorder = subprocess.Popen(
            ["parec", f"--server={self.server}", "-d", "speaker.monitor", "--format=s16le", f"--rate={PULSE_RATE}", "--channels=1", "--latency-msec=10"],
            stdout=out, stderr=subprocess.DEVNULL, env=self.env,
        )  # fmt: skip
        out.close()
        if not wait_for(lambda: self.recorded_bytes() > 0, timeout=5, poll=0.005):
            self.stop_recording()
            raise RuntimeError("parec recorded nothing from the null sink's monitor")

    def stop_recording(self) -> None:
        stop(self.recorder)
        self.recorder = None

    def recorded_bytes(self) -> int:
        return self.recording.stat().st_size if self.recording.exists() else 0

    def loud_indexes(self):
        import numpy as np

        data = self.recording.read_bytes()
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int32)
        return np.flatnonzero(np.abs(samples) > SILENCE)

    def has_sound_after(self, byte_offset: int) -> bool:
        loud = self.loud_indexes()
        return bool(len(loud)) and int(loud[-1]) * 2 >= byte_offset

    def close(self) -> None:
        self.stop_recording()
        self.daemon.close()
