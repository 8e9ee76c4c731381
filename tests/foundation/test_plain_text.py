"""terminal_safe / plain: escape sequences go whole, control characters go, the words stay exactly."""

from __future__ import annotations

import pytest

from voiceaid.plain_text import plain, terminal_safe


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("Call [NHS] 111 [/]", "Call [NHS] 111 [/]"),
        ("a\x1b]0;pwned\x07\x1b[2Jb", "ab"),  # OSC (BEL-terminated) and CSI, payload and all
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 hyperlink, ST-terminated
        ("a\x1b[1;31mred\x1b[0mb", "aredb"),
        ("a\x9b2Jb\x9d0;t\x9cc", "abc"),  # 8-bit CSI and OSC
        ("a\x1bPq#0;1\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1bcb\x1b(Bc", "abc"),  # reset, charset designation
        ("a\x1b]0;unterminated", "a0;unterminated"),  # only the introducer: the rest are words
        ("line 1\nline 2\r\n\ttab\x00\x08\x7f\x85\x07", "line 1\nline 2\n tab"),
        ("trailing escape\x1b", "trailing escape"),
        ("no ✓ change — at all", "no ✓ change — at all"),
    ],
)
def test_terminal_safe(given: str, shown: str):
    assert terminal_safe(given) == shown


def test_plain_is_never_markup():
    text = plain("[bold]x[/bold] [/] \x1b[2J")
    assert text.plain == "[bold]x[/bold] [/] "
    assert not text.spans
