"""The `voiceaid` command line.

Each subcommand lives in its own module under `voiceaid.cli` and exposes
`add_parser(subparsers)` and `run(args) -> int`. Modules import their heavy
dependencies inside `run`, so building the parser stays fast and `voiceaid`
reaches its first instruction quickly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import Sequence

from voiceaid import __version__
from voiceaid.cli.terminal import safe_output
from voiceaid.errors import UserError

# Subcommand modules, in the order `--help` lists them.
SUBCOMMANDS = (
    "sessions",
    "triage",
    "say",
    "hear",
    "diary",
    "config",
    "check_content",
    "doctor",
)


def add_session_options(parser: argparse.ArgumentParser, command: bool = False) -> None:
    """Options shared by every command that opens the full-screen assistant. On a command
    (`voiceaid check --no-mic`) they have no defaults of their own, so that the same option given
    before the command (`voiceaid --no-mic check`) is kept, not overwritten."""
    unset = {"default": argparse.SUPPRESS} if command else {}
    parser.add_argument("--content", type=Path, metavar="DIR", help="use content from DIR instead of the built-in content", **unset)
    parser.add_argument("--no-voice", action="store_true", help="text only: do not speak", **unset)
    parser.add_argument("--no-mic", action="store_true", help="keys only: do not listen", **unset)
    parser.add_argument("--speech-log", type=Path, metavar="FILE", help="append one JSON line per utterance to FILE", **unset)
    parser.add_argument("--theme", choices=("night", "contrast"), help="screen theme (default from config: night)", **unset)
    parser.add_argument("--engine", choices=("sphinx", "whisper", "both"), help="speech engine (default from config: sphinx)", **unset)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voiceaid",
        description="Offline, voice-guided help for a night-time leg cramp. Run with no command to start at once.",
    )
    parser.add_argument("--version", action="version", version=f"voiceaid {__version__}")
    parser.add_argument("--kiosk", action="store_true", help="bedside mode: an idle screen that starts on any key")
    add_session_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = _load(name)
        if module is not None:
            module.add_parser(subparsers)
    return parser


def _load(name: str):
    try:
        return importlib.import_module(f"voiceaid.cli.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"voiceaid.cli.{name}":
            return None  # not built yet
        raise


PRIVATE_UMASK = 0o077  # every file and folder voiceaid makes is the user's alone (see voiceaid.private)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Files and folders made meanwhile (by voiceaid, the speech worker it starts,
    or a library) get no group or other permissions; the caller's umask is restored afterwards.
    Content, settings, paths and errors are printed as words, never as terminal commands."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        with safe_output():
            return _main(argv)
    finally:
        os.umask(previous)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from voiceaid.cli.assistant import run_assistant

            return run_assistant(args)
        return int(args.run(args) or 0)
    except UserError as error:
        print(f"voiceaid: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `voiceaid diary list | head -1`: the reader has what it wanted
        from voiceaid.cli.output import discard_stdout

        discard_stdout()
        return 0
