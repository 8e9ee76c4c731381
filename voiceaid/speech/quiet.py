"""Silence file descriptors 1 and 2 around C libraries that print straight to them.

ALSA, JACK, PortAudio and espeak-ng write warnings to fd 2 (and sometimes fd 1) with no way to turn
them off, and those bytes land on top of the Textual screen. Python-level redirection
(`contextlib.redirect_stderr`) cannot catch them, so the descriptors themselves are pointed at
/dev/null and restored afterwards.

Because file descriptors belong to the whole process, the redirection is shared: the first thread in
redirects, the last one out restores, and a lock keeps the two steps from interleaving. Keep the
window short (opening a device, initialising a library): anything the rest of the process writes to
those descriptors meanwhile, Textual's own output included, is lost too.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_saved: list[tuple[int, int]] = []  # (fd, duplicate of what it pointed at before)

QUIET_FDS = (1, 2)


def _flush_python_streams() -> None:
    """Write out Python's buffers first, so text printed before the window is not swallowed."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass


@contextmanager
def quiet() -> Iterator[None]:
    """Within the block, fds 1 and 2 write to /dev/null; on exit they point where they did before."""
    global _depth
    with _lock:
        if _depth == 0:
            _flush_python_streams()
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                for fd in QUIET_FDS:
                    try:
                        _saved.append((fd, os.dup(fd)))
                    except OSError:
                        continue  # that descriptor is closed: nothing to protect
                    os.dup2(devnull, fd)
            finally:
                os.close(devnull)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                _flush_python_streams()
                while _saved:
                    fd, copy = _saved.pop()
                    os.dup2(copy, fd)
                    os.close(copy)


_alsa_handler: object | None = None  # kept alive: ALSA holds a pointer to it


def silence_alsa_errors() -> None:
    """Route alsa-lib's own error messages ("ALSA lib pcm.c: … underrun") to a no-op, process-wide.

    Unlike `quiet()` this costs nothing afterwards and cannot swallow anyone else's output, so it is
    the better cure for messages printed while audio is already flowing (an underrun mid-utterance).
    A no-op where alsa-lib is not installed.
    """
    global _alsa_handler
    if _alsa_handler is not None:
        return
    try:
        library = ctypes.cdll.LoadLibrary(ctypes.util.find_library("asound") or "libasound.so.2")
        # The handler is variadic in C; ALSA calls it with (file, line, function, err, fmt, ...).
        prototype = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
        handler = prototype(lambda *_: None)
        library.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError):
        return
    _alsa_handler = handler
