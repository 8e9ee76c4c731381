"""Writing a command's result to standard output, which may be closed (`>&-`), full (`> /dev/full`)
or a pipe the reader has left (`| head -1`), or to the file `--out` names, which may be a FIFO, a
device, `/dev/stdout` or a symlink: written into, never replaced.

Python reports these late and loudly: `print` to a closed stdout silently does nothing, and a
failed flush at exit prints "Exception ignored ..." after the command has "succeeded". So results are
written and flushed here, and a failure becomes a UserError (or, for a pipe the reader closed, the
quiet end `main` gives it), with what is still buffered dropped so nothing more is tried at exit.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

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


def write_file(out: Path, text: str) -> None:
    """Write `text` to the file `--out` names, never replacing what is not a file of the user's own.

    A new file, or a regular file of the user's own, is replaced at once (a private temporary file
    renamed over it), so a failure leaves the old one whole. Anything else — a FIFO, a device such
    as /dev/full, /dev/stdout, a symlink, a file of another user — is opened and written into as it
    is (a regular file it names is emptied first, unless it is this command's own output, which may
    be appended to), and a failure is reported."""
    from voiceaid.private import write_private

    try:
        found: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise UserError(f"--out: cannot write {out} ({error.strerror or error}); choose another file") from None
    if found is None and not out.parent.is_dir():
        raise UserError(f"--out: the folder {out.parent} does not exist; create it or choose another file")
    if out.is_dir():
        raise UserError(f"--out: {out} is a folder; give a file name in it, e.g. {out / 'cramps.md'}")
    data = text.encode("utf-8")
    try:
        if found is None or (stat.S_ISREG(found.st_mode) and found.st_uid == os.geteuid()):
            write_private(out, data)
            return
        fd = os.open(out, os.O_WRONLY | os.O_NOCTTY)
        try:
            opened = os.fstat(fd)
            own = _own_output(opened)
            if own is not None:
                if own == 1 and sys.stdout is not None:
                    sys.stdout.flush()  # anything printed before comes first
                target = own  # write where (and as) the shell opened it: at its end when appending
            else:
                target = fd
                if stat.S_ISREG(opened.st_mode):
                    os.ftruncate(fd, 0)
            view = memoryview(data)
            while view:
                view = view[os.write(target, view) :]
        finally:
            os.close(fd)
    except OSError as error:
        raise UserError(f"--out: cannot write {out} ({error.strerror or error}); choose another file") from None


def _own_output(opened: os.stat_result) -> int | None:
    """1 or 2 when the file opened is this command's own standard output or error (`--out
    /dev/stdout > file`): the shell opened it as it meant to (emptied, or to append), so it is
    written through that descriptor rather than emptied again."""
    for fd in (1, 2):
        try:
            if os.path.samestat(opened, os.fstat(fd)):
                return fd
        except OSError:
            continue
    return None
