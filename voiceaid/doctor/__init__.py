"""`voiceaid doctor`: is this machine ready for a night-time cramp?

Each check is a small function returning a `Check` (name, status, detail, fix). Speech, audio and
the microphone only WARN when missing, because voiceaid still works on screen and with keys; content
or config it cannot use, or a data dir it cannot write, FAIL. Anything that can hang or print (speech
engines, ALSA, PortAudio) runs in a child process with a timeout and its output captured, so the
terminal only shows the report and the whole run stays within a few seconds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from voiceaid.doctor.files import check_config, check_content, check_data_dir
from voiceaid.doctor.probe import FAIL, OK, WARN, Check
from voiceaid.doctor.sound_in import check_microphone
from voiceaid.doctor.sound_out import check_audio_output, check_espeak, check_speech_engine

__all__ = [
    "FAIL", "OK", "WARN", "Check", "check_audio_output", "check_config", "check_content", "check_data_dir",
    "check_espeak", "check_microphone", "check_recogniser", "check_speech_engine", "check_whisper", "exit_code", "format_report", "run_checks",
]  # fmt: skip


def check_recogniser(content_dir: Path | None = None) -> Check:
    """The pocketsphinx engine, always there: keys-only listening falls back to it."""
    from voiceaid.listen import engines

    return engines.doctor_check("sphinx", content_dir=content_dir)


def check_whisper(engine: str, whisper_model: str = "") -> Check:
    """The Whisper engine: a warning only when `engine` (the setting) asks for it."""
    from voiceaid.listen import engines

    return engines.doctor_check("whisper", engine, whisper_model=whisper_model)


def _settings_for_checks() -> tuple[str, bool, str, str]:
    """The voice, microphone and engine settings, leniently: a bad config is the config check's job."""
    from voiceaid.config import load_settings

    try:
        settings, _ = load_settings(strict=False)
    except Exception:  # noqa: BLE001 - the config check reports it properly
        return "", True, "sphinx", ""
    return settings.voice, settings.microphone, settings.engine, settings.whisper_model


def run_checks(content_dir: Path | None = None) -> list[Check]:
    voice, microphone, engine, whisper_model = _settings_for_checks()
    checks: list[Callable[[], Check]] = [
        lambda: check_speech_engine(voice),
        check_espeak,
        check_audio_output,
        lambda: check_microphone(microphone),
        lambda: check_recogniser(content_dir),
        lambda: check_whisper(engine, whisper_model),
        lambda: check_content(content_dir),
        check_config,
        check_data_dir,
    ]
    names = ["speech engine", "espeak-ng voices", "audio output", "microphone", "recogniser model", "whisper engine", "content", "config", "data dir"]
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        futures = [pool.submit(check) for check in checks]
        results = []
        for name, future in zip(names, futures):
            try:
                results.append(future.result())
            except Exception as error:  # noqa: BLE001 - a broken check is reported, never a traceback
                results.append(Check(name, FAIL, f"the check itself failed: {type(error).__name__}: {error}", "please report this"))
    return results


def format_report(checks: list[Check]) -> list[str]:
    lines = []
    for check in checks:
        lines.append(f"{check.status:<4}  {check.name}: {check.detail}")
        if check.fix and check.status != OK:
            lines.append(f"      fix: {check.fix}")
    counts = {status: sum(1 for c in checks if c.status == status) for status in (OK, WARN, FAIL)}
    verdict = "not ready: fix the FAIL lines" if counts[FAIL] else ("ready (voiceaid works; the WARN lines limit voice or listening)" if counts[WARN] else "ready")
    lines.append(f"{counts[OK]} OK, {counts[WARN]} WARN, {counts[FAIL]} FAIL: {verdict}")
    from voiceaid.problem_log import log_path

    if log_path().is_file():  # the status line's problems, in the system's own words
        lines.append(f"Problems seen while voiceaid ran, in detail: {log_path()}")
    return lines


def exit_code(checks: list[Check]) -> int:
    return 1 if any(check.status == FAIL for check in checks) else 0
