"""A throw-away HOME per run, with ALSA's default device backed by files or routed to PulseAudio."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from tests.pulse_daemon import route_alsa

ASOUNDRC_FILE = """\
pcm.!default {{ type asym; playback.pcm "out"; capture.pcm "in" }}
pcm.out {{ type file; slave.pcm "null"; file "{played}"; format "raw" }}
pcm.in {{ type file; slave.pcm "null"; file "/dev/null"; infile "{mic}"; format "raw" }}
"""


class Home:
    """A throw-away HOME with XDG dirs; the user's real config, cache and diary are never touched."""

    def __init__(self, root: Path, name: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
        for sub in (".config", ".local/share", ".cache", ".local/state", "run"):
            (self.path / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        self.played = self.path / "played.raw"
        self.mic = self.path / "mic.raw"
        self.speech_log = self.path / "speech.jsonl"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOICEAID_")}
        env.update(
            HOME=str(self.path),
            XDG_CONFIG_HOME=str(self.path / ".config"),
            XDG_DATA_HOME=str(self.path / ".local/share"),
            XDG_CACHE_HOME=str(self.path / ".cache"),
            XDG_STATE_HOME=str(self.path / ".local/state"),
            XDG_RUNTIME_DIR=str(self.path / "run"),  # libpulse's runtime files, instead of /tmp/pulse-*
        )
        env.pop("PULSE_SERVER", None)
        env.update(extra or {})
        return env

    def alsa_file_device(self) -> None:
        """ALSA's default device backed by files: played audio lands in `played` at once (no clock)."""
        self.mic.write_bytes(b"")
        (self.path / ".asoundrc").write_text(ASOUNDRC_FILE.format(played=self.played, mic=self.mic))

    def alsa_pulse(self, server: str) -> None:
        route_alsa(self.path, server)

    def copy_speech_cache_from(self, other: "Home") -> None:
        source = other.path / ".cache" / "voiceaid"
        if source.is_dir():
            shutil.copytree(source, self.path / ".cache" / "voiceaid", dirs_exist_ok=True)

    def first_audio_offset(self, start: int = 0) -> tuple[int, int | None]:
        """(bytes read so far, byte offset of the first non-zero 16-bit sample or None)."""
        if not self.played.exists():
            return start, None
        with open(self.played, "rb") as handle:
            handle.seek(start)
            data = handle.read()
        data = data[: len(data) // 2 * 2]
        for index in range(0, len(data), 2):
            if data[index] or data[index + 1]:
                return start + len(data), start + index
        return start + len(data), None

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
