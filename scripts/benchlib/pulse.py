"""A private PulseAudio daemon with a null sink: a speaker that plays at real-time pace, recorded by parec."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchlib.common import wait_until

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
        self.socket = self.dir / "native"
        self.server = f"unix:{self.socket}"
        script = self.dir / "default.pa"
        script.write_text(
            f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n"
            f"load-module module-null-sink sink_name=speaker rate={PULSE_RATE} channels=1\n"
            "set-default-sink speaker\nset-default-source speaker.monitor\n"
        )
        self.env = dict(os.environ, HOME=str(self.dir), XDG_RUNTIME_DIR=str(self.dir), XDG_CONFIG_HOME=str(self.dir / "config"))
        self._log = open(self.dir / "daemon.log", "wb")
        self.daemon = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no", "--use-pid-file=no"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
        )  # fmt: skip
        self.recorder: subprocess.Popen | None = None
        self.recording = self.dir / "monitor.raw"
        if not wait_until(self._sink_ready, timeout=15, poll=0.05):
            self.close()
            raise RuntimeError("PulseAudio did not start: " + (self.dir / "daemon.log").read_text(errors="replace")[-300:])

    def _sink_ready(self) -> bool:
        """The socket appears before the null sink is loaded: wait for the sink itself."""
        if not self.socket.exists():
            return False
        out = subprocess.run(["pactl", f"--server={self.server}", "list", "short", "sinks"], capture_output=True, text=True, env=self.env)
        return "speaker" in out.stdout

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
        if not wait_until(lambda: self.recorded_bytes() > 0, timeout=5):
            self.stop_recording()
            raise RuntimeError("parec recorded nothing from the null sink's monitor")

    def stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.terminate()
            try:
                self.recorder.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.recorder.kill()
                self.recorder.wait()
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
        if self.daemon.poll() is None:
            self.daemon.terminate()
            try:
                self.daemon.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
        self._log.close()
