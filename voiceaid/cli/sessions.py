"""`voiceaid check` and `voiceaid bedtime`: the full-screen assistant started in another mode."""

from __future__ import annotations

import argparse

MODES = {
    "check": ("check", "answer the red-flag checklist now, without the routine"),
    "bedtime": ("bedtime", "bedtime stretches that may help prevent cramps"),
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from voiceaid.cli import add_session_options

    for name, (mode, help_text) in MODES.items():
        parser = subparsers.add_parser(name, help=help_text)
        add_session_options(parser, command=True)
        parser.set_defaults(run=run, mode=mode)


def run(args: argparse.Namespace) -> int:
    from voiceaid.cli.assistant import run_assistant

    return run_assistant(args, mode=args.mode)
