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
        problems = _listening_problems(directory)
    except ContentError as error:
        problems = error.problems
    if problems:
        print(f"{len(problems)} problem(s) in content:", file=sys.stderr)
        for problem in problems:
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


def _listening_problems(directory: Path | None) -> list[str]:
    """What would stop the speech engine listening for the content's words at all: a phrase it cannot
    take (punctuation, one phrase under two intents) or a word it cannot say (for pocketsphinx, one
    its pronouncing dictionary lacks). Asked of the engine in use, through the engine seam."""
    from voiceaid.config import load_settings
    from voiceaid.listen import engines
    from voiceaid.listen.vocabulary import VocabularyError, content_vocabulary, own_vocabulary

    try:
        vocabulary = content_vocabulary(directory)
    except VocabularyError as error:
        return [str(error)]
    where = own_vocabulary(directory) or "the built-in vocabulary.yaml"
    problems = []
    settings, _ = load_settings(strict=False)  # a bad setting is the config check's business
    for word in engines.unsayable(settings.engine, vocabulary.words()):
        phrases = [phrase for phrase in vocabulary.phrases() if word in phrase.split()]
        problems.append(
            f"{where}: {word!r} (in {', '.join(map(repr, phrases))}) is not in the speech recogniser's dictionary, "
            "so voiceaid could not listen at all; use a word it knows"
        )
    return problems

