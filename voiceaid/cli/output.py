"""Writing a command's result to standard output, which may be closed (`>&-`), full (`> /dev/full`)
or a pipe the reader has left (`| head -1`).

Python reports these late and loudly: `print` to a closed stdout silently does nothing, and a
failed flush at exit prints "Exception ignored ..." after the command has "succeeded". So results are
written and flushed here, and a failure becomes a UserError (or, for a pipe the reader closed, the
quiet end `main` gives it), with what is still buffered dropped so nothing more is tried at exit.
"""

from __future__ import annotations

import os
import sys

from voiceaid.errors import UserError


def write_stdout(text: str, closed_hint: str = "") -> None:
    """Write `text` to standard output now. Raises UserError when it cannot be written, and lets
    BrokenPipeError through (the reader left: not an error, see `voiceaid.cli.main`)."""
    out = sys.stdout
    if out is None:
        raise UserError("standard output is closed; nothing was written" + (f"; {closed_hint}" if closed_hint else ""))
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        discard_stdout()
        raise UserError(f"cannot write to standard output ({error.strerror or error})" + (f"; {closed_hint}" if closed_hint else "")) from None


def discard_stdout() -> None:
    """Point standard output at /dev/null, so what is still buffered is dropped quietly at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass
