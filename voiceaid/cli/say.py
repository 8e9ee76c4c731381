"""`voiceaid say "TEXT" [--to FILE.wav] [--rate N] [--voice V]`: speak, or write the speech to a WAV.

Uses the same worker, cache and player as the assistant, so it doubles as a check that speech works
on this machine (and as the way tests get real speech). Blocks until the text has been spoken.
Failures end with one line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import replace
from pathlib import Path

from voiceaid.errors import UserError

# About ten minutes at the default rate. espeak-ng through pyttsx3 gives up somewhere past 20,000
# characters (measured: the synthesis worker exits), far beyond anything voiceaid itself says.
MAX_CHARACTERS = 10_000


def _rate(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number of words per minute") from None
    if not 80 <= value <= 300:
        raise argparse.ArgumentTypeError(f"{value} is out of range; use 80 to 300 words per minute")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "say",
        help="speak TEXT with the configured voice, or write it to a WAV file",
        description="Speak TEXT with the configured voice and rate, or write the speech to a WAV file with --to.",
    )
    parser.add_argument("text", metavar="TEXT", help="what to say")
    parser.add_argument("--to", type=Path, metavar="FILE.wav", help="write a WAV file instead of playing it")
    parser.add_argument("--rate", type=_rate, metavar="N", help="words per minute, 80-300 (default from config)")
    parser.add_argument("--voice", metavar="V", help="engine voice id or name, such as en-us (default from config)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voiceaid.config import load_settings
    from voiceaid.speech.player import FAILED, Player
    from voiceaid.speech.synth import Synth

    if not args.text.strip():
        raise UserError("say: TEXT is empty; give the words to speak")
    if len(args.text) > MAX_CHARACTERS:
        raise UserError(f"say: TEXT is {len(args.text)} characters long; give at most {MAX_CHARACTERS} (about ten minutes of speech)")
    if args.to is not None:
        from voiceaid.diary.store import is_diary_file

        if is_diary_file(args.to):
            raise UserError(f"say: {args.to} is the diary itself; writing there would replace every episode; choose another file")
    settings, _problems = load_settings(strict=False)
    if args.rate is not None:
        settings = replace(settings, speech_rate=args.rate)
    if args.voice is not None:
        settings = replace(settings, voice=args.voice.strip())
    synth = Synth()
    try:
        if args.voice is not None and synth.check_voice(settings.voice) is False:  # asked for: never a silent substitute
            raise UserError(f"say: unknown voice {settings.voice!r}")
        wav = synth.render(args.text, settings.voice, settings.speech_rate)
        if wav is None:
            if synth.unavailable:
                raise UserError(f"say: voice unavailable: {synth.unavailable}")
            raise UserError(f"say: {synth.last_error or 'speech could not be rendered'}")
    finally:
        synth.close()
    if args.to is not None:
        try:
            shutil.copyfile(wav, args.to)
        except OSError as error:
            raise UserError(f"say: cannot write {args.to}: {error.strerror or error}") from None
        return 0
    player = Player()
    try:
        playback = player.play(wav, settings.volume)
        if playback is None:
            raise UserError(f"say: no sound: {player.problem}")
        if playback.wait() == FAILED:
            raise UserError(f"say: no sound: {getattr(playback, 'problem', None) or 'audio output failed'}")
    finally:
        player.close()
    return 0
