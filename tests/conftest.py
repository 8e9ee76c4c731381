"""Shared fixtures: an isolated HOME/XDG tree for every test, and ALSA devices backed by files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTENT_EN = REPO / "content" / "en"

ASOUNDRC = """\
pcm.!default {{ type asym; playback.pcm "out"; capture.pcm "in" }}
pcm.out {{ type file; slave.pcm "null"; file "{played}"; format "raw" }}
pcm.in {{ type file; slave.pcm "null"; file "/dev/null"; infile "{mic}"; format "raw" }}
"""


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own HOME and XDG dirs, so no test reads or writes the real user's files."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    # Sound libraries (libpulse, which espeak-ng tries first) keep their runtime files here; without it
    # they leave a /tmp/pulse-* directory behind on every run.
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    for var in list(os.environ):
        if var.startswith("VOICEAID_"):
            monkeypatch.delenv(var)
    return home


@dataclass
class AlsaFiles:
    """ALSA's default device, backed by files: what is played lands in `played`, `mic` is what is heard."""

    home: Path
    played: Path
    mic: Path

    def played_bytes(self) -> int:
        return self.played.stat().st_size if self.played.exists() else 0


@pytest.fixture
def alsa_files(isolated_home: Path) -> AlsaFiles:
    played = isolated_home / "played.raw"
    mic = isolated_home / "mic.raw"
    mic.write_bytes(b"")
    (isolated_home / ".asoundrc").write_text(ASOUNDRC.format(played=played, mic=mic))
    return AlsaFiles(home=isolated_home, played=played, mic=mic)
