"""Where the diary may live: only a regular file, made private, and never anything else touched.

A device, FIFO or folder named as the diary is refused, never chmodded (as root,
`VOICEAID_DIARY=/dev/null voiceaid diary list` must leave /dev/null as it is). A command that only
reads creates nothing, not even a folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from voiceaid.private import make_private_dir, tighten


class NotADiaryFile(Exception):
    """The path names something that cannot hold the diary; the message says what it is."""


def prepare(path: Path, create: bool) -> bool:
    """Check `path` can hold the diary and make it private; False when there is no diary there and
    `create` is False (a read command: nothing is created, not even a folder).

    Only a regular file is a diary: a device, FIFO or folder is refused, never chmodded (as root,
    `VOICEAID_DIARY=/dev/null` must leave /dev/null as it is). A symlink to a regular file is used
    but its file's mode is left to whoever made the link. A new diary and its folder are 0600/0700.
    """
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    if found is not None and stat.S_ISLNK(found.st_mode):
        try:
            found = os.stat(path)
        except OSError as error:
            raise NotADiaryFile(f"the diary {path} is a link to nothing usable ({error.strerror or error})") from None
        if not stat.S_ISREG(found.st_mode):
            raise NotADiaryFile(f"the diary {path} is not a regular file (it links to {_kind(found)})")
        return True
    if found is not None:
        if not stat.S_ISREG(found.st_mode):
            raise NotADiaryFile(f"the diary {path} is not a regular file (it is {_kind(found)})")
        tighten(path)  # a diary written earlier with a looser mode
        _tighten_data_dir(path.parent)
        return True
    if not create:
        return False
    make_private_dir(path.parent)
    _tighten_data_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    os.close(fd)
    return True


def _tighten_data_dir(folder: Path) -> None:
    """voiceaid's own data folder (not a folder `VOICEAID_DIARY` points into) is made 0700, also
    when an older version made it 0755."""
    from voiceaid.paths import data_dir

    if folder == data_dir():
        tighten(folder, folder=True)


def _kind(found: os.stat_result) -> str:
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
