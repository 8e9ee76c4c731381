"""Start the full-screen assistant: load what it needs without ever refusing to start.

Bad settings fall back to defaults, bad custom content falls back to the built-in routine, missing
voice or microphone means text and keys only: each shown as one line, never a reason to stop.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def run_assistant(args: argparse.Namespace, mode: str = "relief") -> int:
    from voiceaid import problem_log

    problem_log.start()  # details of what goes wrong go to a private file, not under the screen
    try:
        return _run(args, mode)
    finally:
        problem_log.stop()


def _run(args: argparse.Namespace, mode: str) -> int:
    from voiceaid.config import load_settings
    from voiceaid.content.loader import ContentError, load_content

    settings, problems = load_settings(strict=False)
    notices: list[str] = []  # what went wrong at start
    choices: list[str] = []  # what the person turned off
    if getattr(args, "theme", None):
        from dataclasses import replace

        settings = replace(settings, theme=args.theme)
    content_dir: Path | None = getattr(args, "content", None)
    try:
        content = load_content(content_dir, settings.language)
    except ContentError as error:
        if content_dir is None:
            print("voiceaid: the built-in content is damaged; reinstall voiceaid:", file=sys.stderr)
            for problem in error.problems[:10]:
                print(f"  {problem}", file=sys.stderr)
            return 2
        content = load_content(None, settings.language)
        log.warning("content in %s cannot be used, the built-in content is used instead: %s", content_dir, "; ".join(error.problems[:10]))
        notices.append(content.text("content_fallback"))
    if problems:
        log.warning("settings problem, defaults used: %s", "; ".join(problems))
        notices.insert(0, content.text("config_problem", problem=problems[0]))

    from voiceaid.ui.app import AppOptions, VoiceaidApp

    speech_log: Path | None = getattr(args, "speech_log", None)
    if speech_log is not None:
        from voiceaid.diary.store import is_diary_file

        if is_diary_file(speech_log):  # appending there would damage every episode; guidance goes on without it
            notices.append(f"Speech log not written ({speech_log} is the diary)")
            speech_log = None
    speaker = None
    if not getattr(args, "no_voice", False) or speech_log is not None:
        speaker = _speaker(settings, args, content.text, speech_log)
    if getattr(args, "no_voice", False):
        choices.append(content.text("voice_off"))
    listener = None
    if settings.microphone and not getattr(args, "no_mic", False):
        # built by the first listening turn, on a worker thread, off the launch path; it hears the
        # vocabulary of the content in use (a custom content dir may bring its own)
        engine = getattr(args, "engine", None) or settings.engine
        listener = functools.partial(_listener, content.source, engine, settings.whisper_model)
    else:
        choices.append(content.text("mic_off"))
    diary = _diary(content.text)
    options = AppOptions(mode=mode, kiosk=getattr(args, "kiosk", False), notices=notices, choices=choices)
    app = VoiceaidApp(content, settings, options, speaker=speaker, diary=diary, listener=listener)
    try:
        code = app.run()
    finally:
        diary.close()
        app.saved.set()  # the exit watchdog (SIGTERM/SIGHUP) now only bounds what is left of the exit
        if speaker is not None:
            speaker.close()
    return exit_code(app.return_code, code)


def exit_code(return_code: int | None, result: int | None) -> int:
    """The process's exit status. After an unhandled exception Textual prints the traceback and
    `run()` returns None as after a clean quit: only `return_code` (1) tells them apart, and a crash
    must never look like success to a kiosk's service manager or a script."""
    if return_code:
        return return_code
    return int(result or 0)


def _speaker(settings, args, words, speech_log: Path | None):  # type: ignore[no-untyped-def]
    from voiceaid.config import voice_settings
    from voiceaid.speech.speaker import Speaker
    from voiceaid.speech.speech_log import SpeechLog

    log = SpeechLog(speech_log) if speech_log is not None else None
    return Speaker(voice_settings(settings), log, enabled=not getattr(args, "no_voice", False), words=words)


def _listener(content_source: str, engine: str = "sphinx", whisper_model: str = ""):  # type: ignore[no-untyped-def]
    """Built on a worker thread after the first instruction has started (Whisper takes a moment to
    load). An engine that cannot run here falls back to pocketsphinx: listening goes on regardless."""
    from voiceaid.listen import engines
    from voiceaid.listen.microphone import Listener
    from voiceaid.listen.vocabulary import content_vocabulary
    from voiceaid.listen.whisper.model import WhisperUnavailable

    vocabulary = content_vocabulary(Path(content_source))
    try:
        return Listener(engines.build(engine, vocabulary, whisper_model))
    except WhisperUnavailable:
        return Listener(engines.build("sphinx", vocabulary))


def _diary(words):  # type: ignore[no-untyped-def]
    from voiceaid.diary.safe import SafeDiary
    from voiceaid.diary.writer import DiaryWriter

    return DiaryWriter(functools.partial(SafeDiary.open, words=words))
