"""Everything voiceaid writes is private (issue 25 item 13): folders 0700, files 0600 — the speech
cache (its WAVs are named by a hash of what was said, so they tell which answers were given), the
settings, the speech log, `say --to`. Older, looser files of the user's own are tightened. Real
subprocess calls and a real espeak-ng render.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from voiceaid.private import make_private_dir, open_private, tighten
from voiceaid.speech.speech_log import SpeechLog


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voiceaid", *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng to render speech")
def test_the_speech_cache_and_a_wav_written_are_private(isolated_home: Path, tmp_path: Path) -> None:
    cache = isolated_home / ".cache" / "voiceaid"
    speech = cache / "speech"
    speech.mkdir(parents=True)  # as an older version left it: readable by everyone
    for folder in (cache, speech):
        folder.chmod(0o755)
    old = speech / ("0" * 40 + ".wav")
    old.write_bytes(b"RIFF")
    old.chmod(0o644)
    out = tmp_path / "answer.wav"
    result = _run("say", "Yes, I have chest pain.", "--to", str(out))
    assert result.returncode == 0, result.stderr
    wavs = list(speech.glob("*.wav"))
    assert len(wavs) == 2
    assert {p.name: _mode(p) for p in wavs} == {p.name: 0o600 for p in wavs}
    assert (_mode(cache), _mode(speech)) == (0o700, 0o700)
    assert _mode(out) == 0o600


def test_the_config_file_and_its_folder_are_private(isolated_home: Path) -> None:
    config = isolated_home / ".config" / "voiceaid" / "config.yaml"
    assert _run("config", "set", "emergency_number", "999").returncode == 0
    assert (_mode(config.parent), _mode(config)) == (0o700, 0o600)
    config.chmod(0o644)
    config.parent.chmod(0o755)
    assert _run("config", "set", "volume", "0.4").returncode == 0
    assert (_mode(config.parent), _mode(config)) == (0o700, 0o600)
    assert "emergency_number: '999'" in config.read_text()


def test_the_speech_log_is_private(tmp_path: Path) -> None:
    new = tmp_path / "said.jsonl"
    log = SpeechLog(new)
    log.write("start", "instruction", "Do you have chest pain?")
    log.close()
    assert _mode(new) == 0o600
    older = tmp_path / "older.jsonl"
    older.write_text("")
    older.chmod(0o644)
    log = SpeechLog(older)
    log.write("start", "instruction", "Has it eased?")
    log.close()
    assert _mode(older) == 0o600 and "Has it eased?" in older.read_text()


def test_what_is_not_a_plain_file_of_ours_is_never_chmodded(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o644)
    real = tmp_path / "real"
    real.write_text("")
    real.chmod(0o644)
    link = tmp_path / "link"
    link.symlink_to(real)
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert tighten(fifo) is False and _mode(fifo) == 0o644
    assert tighten(link) is False and _mode(real) == 0o644
    assert tighten(real, folder=True) is False and _mode(real) == 0o644
    fd = open_private(link, os.O_WRONLY | os.O_APPEND)
    os.close(fd)
    assert _mode(real) == 0o644  # written through the link, its mode left as the link's owner chose
    make_private_dir(shared / "a" / "b")
    assert (_mode(shared), _mode(shared / "a"), _mode(shared / "a" / "b")) == (0o755, 0o700, 0o700)  # an existing parent is not ours to change
    assert tighten(real) is True and _mode(real) == 0o600
