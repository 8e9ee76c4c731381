"""Settings: defaults, file, environment (env > file > default), clear errors, and `config set`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voiceaid.config import DEFAULT_EMERGENCY_NUMBER, SETTING_KEYS, Settings, config_path, env_var, load_settings, save_setting
from voiceaid.errors import UserError


@pytest.fixture
def cfg(isolated_home: Path) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_config_path_honours_xdg(isolated_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    assert config_path() == isolated_home / ".config" / "voiceaid" / "config.yaml"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert config_path() == tmp_path / "elsewhere" / "voiceaid" / "config.yaml"


def test_defaults_without_a_file():
    settings, problems = load_settings(environ={})
    assert problems == []
    assert settings == Settings()
    assert settings.emergency_number == DEFAULT_EMERGENCY_NUMBER == "112"
    assert settings.emergency_number_set is False
    assert (settings.volume, settings.theme, settings.microphone, settings.speech_rate) == (0.6, "night", True, 150)


def test_values_from_the_file(cfg: Path):
    cfg.write_text("# mine\nemergency_number: 999\nvolume: 0.3\ntheme: contrast\nmicrophone: false\nbedtime_reminder: 22:30\n")
    settings, problems = load_settings(environ={})
    assert problems == []
    assert settings.emergency_number == "999" and settings.emergency_number_set is True
    assert (settings.volume, settings.theme, settings.microphone) == (0.3, "contrast", False)
    assert settings.bedtime_reminder == "22:30"  # YAML 1.2: not the base-60 number 1350


def test_a_number_with_a_leading_zero_is_kept_as_written(cfg: Path):
    cfg.write_text("emergency_number: 017\nspeech_rate: 0150\n")
    settings, problems = load_settings(environ={})
    assert problems == []
    assert settings.emergency_number == "017"  # not the octal 15 of YAML 1.1, nor 17
    assert settings.speech_rate == 150


def test_precedence_env_over_file_over_default(cfg: Path, monkeypatch: pytest.MonkeyPatch):
    cfg.write_text("emergency_number: '999'\nvolume: 0.3\nspeech_rate: 120\n")
    monkeypatch.setenv("VOICEAID_VOLUME", "0.9")
    monkeypatch.setenv("VOICEAID_WAKE_PHRASE", "on")
    settings, _ = load_settings()
    assert settings.volume == 0.9  # env beats file
    assert settings.speech_rate == 120  # file beats default
    assert settings.emergency_number == "999"
    assert settings.wake_phrase is True  # env beats default
    assert settings.theme == "night"  # default
    explicit, _ = load_settings(cfg, environ={"VOICEAID_SPEECH_RATE": "200"})
    assert (explicit.speech_rate, explicit.volume) == (200, 0.3)


def test_env_names():
    assert env_var("emergency_number") == "VOICEAID_EMERGENCY_NUMBER"
    assert set(SETTING_KEYS) >= {"emergency_number", "volume", "theme", "microphone", "speech_rate"}


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("volume: 2", "volume: 2 is not allowed; use a number from 0 to 1"),
        ("theme: bright", "theme: 'bright' is not allowed; use one of night, contrast"),
        ("microphone: maybe", "microphone: 'maybe' is not allowed; use on or off (true/false)"),
        ("speech_rate: fast", "speech_rate: 'fast' is not allowed; use a number from 80 to 300"),
        ("speech_rate: true", "speech_rate: True is not allowed; use a number from 80 to 300"),
        ("emergency_number: call mum", "emergency_number: 'call mum' is not allowed; use a phone number of digits"),
        ("bedtime_reminder: '25:00'", "bedtime_reminder: '25:00' is not allowed; use a time of day as HH:MM"),
        ("voice: [a, b]", "voice: ['a', 'b'] is not allowed; use a plain text value"),
        ("colour: red", "unknown setting 'colour'; known settings: emergency_number, "),
    ],
)
def test_bad_value_in_the_file_names_file_key_and_allowed_values(cfg: Path, line: str, needle: str):
    cfg.write_text(line + "\n")
    with pytest.raises(UserError) as caught:
        load_settings(environ={})
    assert str(caught.value).startswith(f"{cfg}: ")
    assert needle in str(caught.value)


@pytest.mark.parametrize(
    ("key", "raw", "needle"),
    [
        ("VOICEAID_SPEECH_RATE", "fast", "VOICEAID_SPEECH_RATE: speech_rate: 'fast' is not allowed; use a number from 80 to 300"),
        ("VOICEAID_THEME", "pink", "VOICEAID_THEME: theme: 'pink' is not allowed; use one of night, contrast"),
        ("VOICEAID_VOLUME", "nan", "VOICEAID_VOLUME: volume: 'nan' is not allowed; use a number from 0 to 1"),
        ("VOICEAID_LISTEN_TIMEOUT", "inf", "VOICEAID_LISTEN_TIMEOUT: listen_timeout: 'inf' is not allowed; use a number from 2 to 30"),
    ],
)
def test_bad_value_in_the_environment(key: str, raw: str, needle: str):
    with pytest.raises(UserError, match="^" + needle.replace("(", r"\(").replace(")", r"\)")):
        load_settings(environ={key: raw})


def test_not_strict_keeps_defaults_and_lists_problems(cfg: Path):
    cfg.write_text("volume: 5\ntheme: contrast\ncolour: red\n")
    settings, problems = load_settings(environ={"VOICEAID_SPEECH_RATE": "fast"}, strict=False)
    assert settings.volume == Settings().volume
    assert settings.theme == "contrast"
    assert settings.speech_rate == 150
    assert len(problems) == 3
    assert any("volume: 5 is not allowed" in p for p in problems)
    assert any("unknown setting 'colour'" in p for p in problems)
    assert any(p.startswith("VOICEAID_SPEECH_RATE: ") for p in problems)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"- a\n- b\n", "must be a mapping of setting: value"),
        (b"just text\n", "must be a mapping of setting: value"),
        (b"volume: [0.5\n", "not valid YAML"),
        (b"volume: \xff\xfe\n", "not UTF-8 text"),
        (b"a: &x 1\nb: *x\n", "anchors and aliases"),
    ],
)
def test_unusable_files(cfg: Path, content: bytes, needle: str):
    cfg.write_bytes(content)
    with pytest.raises(UserError) as caught:
        load_settings(environ={})
    assert needle in str(caught.value)
    assert str(cfg) in str(caught.value)
    settings, problems = load_settings(environ={}, strict=False)
    assert settings == Settings() and len(problems) == 1


def test_empty_file_means_defaults(cfg: Path):
    cfg.write_text("# nothing yet\n")
    assert load_settings(environ={}) == (Settings(), [])


def test_unreadable_file(cfg: Path):
    cfg.mkdir()  # root can read anything, but not a directory as a file
    with pytest.raises(UserError, match="not a regular file"):
        load_settings(environ={})


def test_fifo_is_refused_without_waiting(cfg: Path):
    os.mkfifo(cfg)
    with pytest.raises(UserError, match="not a regular file"):
        load_settings(environ={})


def test_set_validates_and_saves(cfg: Path):
    assert save_setting("emergency_number", " 999 ") == "999"
    assert save_setting("volume", "0.4") == 0.4
    assert save_setting("microphone", "off") is False
    settings, _ = load_settings(environ={})
    assert (settings.emergency_number, settings.volume, settings.microphone) == ("999", 0.4, False)
    assert settings.emergency_number_set is True


def test_set_creates_the_config_dir(isolated_home: Path):
    path = config_path()
    assert not path.parent.exists()
    save_setting("theme", "contrast")
    assert load_settings(environ={})[0].theme == "contrast"


def test_set_refuses_a_bad_value_and_leaves_the_file(cfg: Path):
    cfg.write_text("volume: 0.3\n")
    with pytest.raises(UserError, match=r"volume: '7' is not allowed; use a number from 0 to 1"):
        save_setting("volume", "7")
    with pytest.raises(UserError, match="unknown setting 'colour'"):
        save_setting("colour", "red")
    assert cfg.read_text() == "volume: 0.3\n"


def test_set_keeps_other_keys_and_comments(cfg: Path):
    cfg.write_text("# my bedside settings\nvolume: 0.3   # quiet\ntheme: contrast\n\nspeech_rate: 120\n")
    save_setting("theme", "night")
    save_setting("emergency_number", "911")
    text = cfg.read_text()
    assert text.startswith("# my bedside settings\nvolume: 0.3   # quiet\ntheme: night\n\nspeech_rate: 120\n")
    assert text.endswith("emergency_number: '911'\n")
    settings, _ = load_settings(environ={})
    assert (settings.volume, settings.theme, settings.speech_rate, settings.emergency_number) == (0.3, "night", 120, "911")


def test_set_fixes_the_bad_value_it_replaces(cfg: Path):
    cfg.write_text("emergency_number: call mum\nvolume: 0.3\n")
    save_setting("emergency_number", "999")
    assert load_settings(environ={})[0].emergency_number == "999"


def test_set_refuses_to_rewrite_a_file_with_other_bad_values(cfg: Path):
    cfg.write_text("volume: loud\n")
    with pytest.raises(UserError, match="volume: 'loud' is not allowed"):
        save_setting("theme", "night")
    assert cfg.read_text() == "volume: loud\n"


def test_set_reports_an_unwritable_place(isolated_home: Path):
    (isolated_home / ".config").write_text("a file where the config dir should be")
    with pytest.raises(UserError, match="cannot save the config file"):
        save_setting("theme", "night")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "voiceaid", "config", *args], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_cli_show_set_and_errors(cfg: Path):
    shown = run_cli()
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0].startswith(f"config file: {cfg}")
    assert "  emergency_number: 112" in shown.stdout
    assert "emergency number 112 is the default" in shown.stdout
    assert "  microphone: on" in shown.stdout and "  whisper: off" in shown.stdout  # as a person writes it

    saved = run_cli("set", "emergency_number", "999")
    assert saved.returncode == 0 and "emergency_number = 999" in saved.stdout
    shown = run_cli(env={"VOICEAID_VOLUME": "0.2"})
    assert "  emergency_number: 999" in shown.stdout
    assert "  volume: 0.2  (from VOICEAID_VOLUME)" in shown.stdout
    assert "is the default" not in shown.stdout
    assert run_cli("path").stdout.strip() == str(cfg)

    bad = run_cli("set", "theme", "pink")
    assert bad.returncode == 2
    assert "theme: 'pink' is not allowed; use one of night, contrast" in bad.stderr
    unknown = run_cli("set", "colour", "red")
    assert unknown.returncode == 2 and "unknown setting 'colour'" in unknown.stderr
    bad_env = run_cli(env={"VOICEAID_SPEECH_RATE": "fast"})
    assert bad_env.returncode == 2 and "VOICEAID_SPEECH_RATE: speech_rate: 'fast' is not allowed" in bad_env.stderr
    cfg.write_text("volume: [\n")
    broken = run_cli()
    assert broken.returncode == 2 and "not valid YAML" in broken.stderr
    for result in (shown, saved, bad, unknown, bad_env, broken):
        assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("raw", ["1", "- -1", "١١٢", "1 1 2", "+", "++112", "1234567890123456", "１１２", "112 ", "-112"])
def test_set_refuses_an_emergency_number_that_is_not_a_phone_number(cfg: Path, raw: str):
    """Issue 25 item 14: ASCII digits, a leading + allowed, 2 to 15 digits; anything else is refused
    and the saved number stays as it was."""
    cfg.write_text("emergency_number: '999'\n")
    if raw.strip() == "112":  # surrounding spaces are trimmed, as for every setting
        assert run_cli("set", "emergency_number", raw).returncode == 0
        return
    result = run_cli("set", "emergency_number", raw)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"emergency_number: {raw!r} is not allowed; use a phone number of digits" in result.stderr
    assert "2 to 15 digits" in result.stderr
    assert cfg.read_text() == "emergency_number: '999'\n"


@pytest.mark.parametrize(("raw", "kept"), [("112", "112"), ("999", "999"), ("+112", "+112"), ("17", "17"), ("017", "017"), ("123456789012345", "123456789012345")])
def test_an_emergency_number_of_digits_is_kept_as_written(cfg: Path, raw: str, kept: str):
    cfg.write_text(f"emergency_number: '{raw}'\n")
    assert load_settings(environ={})[0].emergency_number == kept
