"""`voiceaid check-content [DIR]`: validate content and list every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check-content", help="check content YAML and list every problem")
    parser.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="content directory (default: the built-in content)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from voiceaid.content.loader import ContentError, load_content, summary, untranslated

    directory = args.directory or getattr(args, "content", None)  # `voiceaid --content DIR check-content` too
    try:
        content = load_content(directory)
    except ContentError as error:
        print(f"{len(error.problems)} problem(s) in content:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(summary(content))
    if directory is not None:  # a translation: what still shows in the built-in language, and stray keys
        missing, unused = untranslated(directory)
        if missing:
            print(f"{len(missing)} text(s) not in your content, shown from the built-in content: {', '.join(missing)}")
        if unused:
            print(f"{len(unused)} key(s) voiceaid does not use (a typo, or from an older version?): {', '.join(unused)}")
    return 0
