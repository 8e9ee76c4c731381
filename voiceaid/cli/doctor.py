"""`voiceaid doctor`: check speech, audio, microphone, recogniser, content, config and the data dir."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check this machine: speech, audio, microphone, content, config, data dir")
    # SUPPRESS: do not overwrite `voiceaid --content DIR doctor` with None.
    parser.add_argument("--content", type=Path, metavar="DIR", default=argparse.SUPPRESS, help="check content from DIR instead of the built-in content")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voiceaid.doctor import exit_code, format_report, run_checks

    checks = run_checks(getattr(args, "content", None))
    for line in format_report(checks):
        print(line, flush=True)
    return exit_code(checks)
