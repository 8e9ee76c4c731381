"""Everything voiceaid writes is private to the person using it: folders 0700, files 0600.

The diary, the speech cache (a WAV per sentence said, named by a hash of its text, so its list tells
which answers were given), the settings and the speech log all say something about someone's
health. New files and folders are made private here; an older one of the user's own is tightened.

What is not a plain file or folder of the user's own is never chmodded or replaced: not a device
(`VOICEAID_DIARY=/dev/null` run as root must not make /dev/null 0600), not a FIFO, not what a
symlink names (the link's owner chose that file's mode), not another user's file. Every check opens
the path itself with O_NOFOLLOW and works on that descriptor, so a path swapped in between the
check and the change cannot redirect it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # group and other permission bits


def make_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700 folders. Folders that already exist are left as
    they are (a shared parent such as /tmp must never be chmodded): `tighten` voiceaid's own folders
    by name. Raises OSError when it cannot be made."""
    path = Path(path)
    missing = []
    probe = path
    while not os.path.lexists(probe) and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            pass
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(path))
    return path


def tighten(path: Path, folder: bool = False) -> bool:
    """Remove group and other permissions from `path` when it is itself (not through a symlink) a
    regular file (or, with `folder`, a folder) owned by this user. True when it is private now;
    False when it was left as it is (missing, not ours, a link, a device, a FIFO...)."""
    try:
        found = os.lstat(path)
    except OSError:
        return False
    if not _ours(found, folder):
        return False
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | (os.O_DIRECTORY if folder else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        return tighten_fd(fd, folder)
    finally:
        os.close(fd)


def tighten_fd(fd: int, folder: bool = False) -> bool:
    """`tighten` for an open descriptor (a file just opened for writing, say)."""
    try:
        found = os.fstat(fd)
        if not _ours(found, folder):
            return False
        if found.st_mode & _OTHERS:
            os.fchmod(fd, stat.S_IMODE(found.st_mode) & ~_OTHERS)
        return True
    except OSError:
        return False


def _ours(found: os.stat_result, folder: bool) -> bool:
    right_kind = stat.S_ISDIR(found.st_mode) if folder else stat.S_ISREG(found.st_mode)
    return right_kind and found.st_uid == os.geteuid()


def open_private(path: Path, flags: int) -> int:
    """os.open(path, flags | O_CREAT) making a new file 0600 and tightening an own regular file;
    a device, FIFO or a file named through a symlink is opened as it is, never chmodded."""
    fd = os.open(path, flags | os.O_CREAT | os.O_NOCTTY, FILE_MODE)
    try:
        if not os.path.islink(path):
            tighten_fd(fd)
    except OSError:
        pass
    return fd


def write_private(path: Path, data: bytes) -> None:
    """Replace the regular file `path` with `data` at once (a temporary file renamed over it), 0600.
    Raises OSError; the temporary file never stays behind."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise
