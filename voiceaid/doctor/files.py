"""What voiceaid reads and writes: the content, the settings file and the data dir (the diary's home)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from voiceaid.doctor.probe import FAIL, OK, WARN, Check


def check_content(directory: Path | None = None) -> Check:
    name = "content"
    from voiceaid.content.loader import ContentError, load_content, summary

    try:
        content = load_content(directory)
    except ContentError as error:
        first = error.problems[0] if error.problems else "unknown problem"
        more = f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
        where = f" {directory}" if directory else ""
        return Check(name, FAIL, f"{len(error.problems)} problem(s): {first}{more}", f"run `voiceaid check-content{where}` to list them all, and fix the files")
    return Check(name, OK, summary(content))


def check_config() -> Check:
    name = "config"
    from voiceaid.config import DEFAULT_EMERGENCY_NUMBER, config_path, load_settings
    from voiceaid.errors import UserError

    path = config_path()
    try:
        settings, _ = load_settings(path, strict=True)
    except UserError as error:
        return Check(name, FAIL, str(error), "voiceaid config set KEY VALUE (or edit or remove the file); `voiceaid config` shows the values")
    where = str(path) if path.exists() else f"{path} (not created yet: defaults)"
    if not settings.emergency_number_set and settings.emergency_number == DEFAULT_EMERGENCY_NUMBER:
        return Check(
            name,
            WARN,
            f"{where}; the emergency number is the default {DEFAULT_EMERGENCY_NUMBER}",
            "set your local number, e.g.: voiceaid config set emergency_number 999   (112 works across the EU)",
        )
    return Check(name, OK, f"{where}; emergency number {settings.emergency_number}")


def check_data_dir() -> Check:
    name = "data dir"
    from voiceaid import paths

    directory = paths.data_dir()
    fix = f"make {directory} a writable folder (or set XDG_DATA_HOME to one); the diary is kept there"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".doctor-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError as error:
        return Check(name, FAIL, f"{directory} is not writable ({error.strerror or error})", fix)
    return Check(name, OK, f"{directory} is writable")
