"""`voiceaid check`: the red-flag checklist alone, without the relief routine."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from voiceaid.cli import add_session_options

    parser = subparsers.add_parser("check", help="answer the red-flag checklist now, without the routine")
    add_session_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voiceaid.cli.assistant import run_assistant

    return run_assistant(args, mode="check")
