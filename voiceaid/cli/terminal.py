"""Everything the command line prints is terminal-safe plain text.

Content, settings, file paths, diary notes and error messages reach standard output and standard
error from many commands; any of them may hold an escape sequence that a terminal would obey
(retitle the window, clear the screen). Rather than trust every `print` to remember, `voiceaid`'s
entry point writes through `safe_output()`: each write is `terminal_safe` (voiceaid.plain_text).
The full-screen app is unaffected: Textual draws on the real terminal (sys.__stderr__), not on
sys.stdout.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Iterator, TextIO

from voiceaid.plain_text import terminal_safe


class SafeStream:
    """A text stream that writes only terminal-safe text; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Within the block, sys.stdout and sys.stderr write terminal-safe text."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = SafeStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
