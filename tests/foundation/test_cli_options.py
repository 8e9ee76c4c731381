"""Options that can go before or after a command (`voiceaid --no-mic check`, `voiceaid check --no-mic`)
mean the same either way: a command's own copy of an option must not reset the one given before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from voiceaid.cli import build_parser


@pytest.mark.parametrize("command", ["check", "bedtime"])
def test_session_options_count_before_or_after_the_command(command: str) -> None:
    parser = build_parser()
    before = parser.parse_args(["--no-voice", "--no-mic", "--theme", "contrast", "--content", "own", "--speech-log", "log", command])
    after = parser.parse_args([command, "--no-voice", "--no-mic", "--theme", "contrast", "--content", "own", "--speech-log", "log"])
    for args in (before, after):
        assert (args.no_voice, args.no_mic, args.theme, args.content, args.speech_log, args.mode) == (
            True, True, "contrast", Path("own"), Path("log"), command,
        )  # fmt: skip
    plain = parser.parse_args([command])
    assert (plain.no_voice, plain.no_mic, plain.theme, plain.content, plain.speech_log) == (False, False, None, None, None)


@pytest.mark.parametrize("command", ["triage", "doctor"])
def test_the_content_dir_counts_before_or_after_the_command(command: str) -> None:
    parser = build_parser()
    assert parser.parse_args(["--content", "own", command]).content == Path("own")
    assert parser.parse_args([command, "--content", "own"]).content == Path("own")
    assert parser.parse_args([command]).content is None
