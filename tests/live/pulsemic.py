"""A real-time bedside for the live loop: a private PulseAudio daemon with a speaker and a microphone.

`module-null-sink` is the speaker (it consumes at real-time pace; `parec` can record its monitor) and
`module-pipe-source` turns a FIFO into a live microphone (design.md, "Testing audio for real"). A
feeder process (tests/live/feeder.py) keeps that FIFO fed at real-time pace: the room (a faint floor,
or a fan at a chosen level) all the time, and the simulated person's spoken clips mixed in at the
monotonic times asked for in a request file. The feeder is its own process so that the app's work
(decoding, Textual) cannot starve it of the GIL; on 2 shared cores it can still be late now and then,
and it records how late (`played.jsonl`, "late_s") so a report can say so.

Used by scripts/bench --only live and tests/live/test_live_loop.py; both run the app in a child
process whose HOME has the `.asoundrc` written by `route_alsa`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.pulse_daemon import PrivatePulse, stop
from tests.waiting import wait_for

MIC_RATE = 16000
SPEAKER_RATE = 22050  # espeak-ng's rate: the null sink resamples nothing
FEEDER = Path(__file__).with_name("feeder.py")


def missing_tools() -> list[str]:
    """What this machine lacks for a real-time microphone ([] when nothing)."""
    return [tool for tool in ("pulseaudio", "pactl", "parec") if shutil.which(tool) is None]


class PulseMic:
    """The daemon, its FIFO microphone and the feeder. `close()` ends what it started, by pid."""

    def __init__(self, root: Path, noise: str = "quiet", noise_dbfs: float = -70.0, seed: int = 0) -> None:
        if missing_tools():
            raise RuntimeError(f"{' and '.join(missing_tools())} needed for a real-time microphone")
        self.dir = Path(tempfile.mkdtemp(prefix="pulsemic-", dir=root))
        self.fifo = self.dir / "mic.fifo"
        self.requests = self.dir / "requests.jsonl"  # what the person says, and when (appended by the app's child)
        self.played = self.dir / "played.jsonl"  # when the feeder really put each clip into the microphone
        self.requests.write_text("")
        self.daemon = PrivatePulse(self.dir, (
            f"load-module module-null-sink sink_name=speaker rate={SPEAKER_RATE} channels=1\n"
            f"load-module module-pipe-source source_name=mic file={self.fifo} format=s16le rate={MIC_RATE} channels=1\n"
            "set-default-sink speaker\nset-default-source mic\n"
        ))  # fmt: skip
        self.server, self.env = self.daemon.server, self.daemon.env
        self.feeder: subprocess.Popen | None = None
        self.drain: subprocess.Popen | None = None
        if not wait_for(lambda: self.daemon.lists("sources", "mic"), timeout=20, poll=0.05):  # the socket comes first
            self.close()
            raise RuntimeError("PulseAudio did not start: " + self.daemon.log_tail(400))
        # A real microphone never hands a new stream audio from before it opened. The pipe source
        # reads its FIFO only while someone records from it, so with no listener the FIFO fills
        # (64 KB, 2 s), the feeder blocks, and the next stream starts with seconds of stale sound.
        # parec records the microphone all night: the FIFO is drained at real-time pace, as a real
        # microphone's sound moves on, and `heard.raw` is what the microphone carried.
        self.recording = self.dir / "heard.raw"
        with open(self.recording, "wb") as out:
            self.drain = subprocess.Popen(
                ["parec", f"--server={self.server}", "-d", "mic", "--format=s16le", f"--rate={MIC_RATE}", "--channels=1", "--latency-msec=20"],
                stdout=out, stderr=subprocess.DEVNULL, env=self.env,
            )  # fmt: skip
        self.feeder = subprocess.Popen(
            [sys.executable, str(FEEDER), str(self.fifo), str(self.requests), str(self.played), noise, str(noise_dbfs), str(seed)],
            stdin=subprocess.DEVNULL, stderr=open(self.dir / "feeder.log", "wb"),
        )  # fmt: skip
        if not wait_for(lambda: self.played.exists(), timeout=10):
            self.close()
            raise RuntimeError("the microphone feeder did not start: " + (self.dir / "feeder.log").read_text(errors="replace")[-400:])

    def route_alsa(self, home: Path) -> None:
        """ALSA's default device (PortAudio, aplay) in `home` goes to this daemon."""
        self.daemon.route_alsa(home)

    def say(self, wav: Path, at: float, gain_db: float = 0.0, label: str = "") -> None:
        """Ask the feeder to mix `wav` (16 kHz mono) into the microphone from monotonic time `at`."""
        with open(self.requests, "a", encoding="utf-8") as out:
            out.write(json.dumps({"wav": str(wav), "at": at, "gain_db": gain_db, "label": label}) + "\n")

    def played_clips(self) -> list[dict]:
        """The feeder's record: {"label", "start", "end", "late_s"} per clip, in monotonic seconds."""
        if not self.played.exists():
            return []
        return [json.loads(line) for line in self.played.read_text(encoding="utf-8").splitlines() if line.strip()]

    def close(self) -> None:
        stop(self.feeder, self.drain)
        self.daemon.close()

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
