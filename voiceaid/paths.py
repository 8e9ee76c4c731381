"""Where voiceaid keeps its files, per platform conventions (XDG variables honoured on Linux)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs(appname="voiceaid", appauthor=False)


def config_dir() -> Path:
    return Path(_DIRS.user_config_dir)


def data_dir() -> Path:
    return Path(_DIRS.user_data_dir)


def cache_dir() -> Path:
    return Path(_DIRS.user_cache_dir)


def log_dir() -> Path:
    """voiceaid's own log (problems in detail); on Linux ~/.local/state/voiceaid/log."""
    return Path(_DIRS.user_log_dir)
