"""The diary and `diary export --out` never chmod or replace what is not a regular file of the user's
own: devices, FIFOs, symlinks and /dev/stdout are written to or refused clearly, and a read command
creates no folder. Real subprocess calls; the devices are nodes made in a temporary folder (mknod,
as root) and FIFOs made with mkfifo, so the machine's own /dev is never touched by a failing test.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from voiceaid.diary import Diary

T0 = datetime(2026, 11, 20, 3, 10, tzinfo=timezone.utc)
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")


def _run(*argv: str, env: dict[str, str] | None = None, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    environment = {**os.environ, "TZ": "UTC", **(env or {})}
    return subprocess.run([sys.executable, "-m", "voiceaid", *argv], stdout=stdout, stderr=subprocess.PIPE, text=True, env=environment, timeout=60)


def _device(folder: Path, name: str, minor: int) -> Path:
    """A character device node like /dev/null (minor 3) or /dev/full (minor 7), in `folder`."""
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    os.chmod(path, 0o666)
    return path


def _mode(path: Path) -> int:
    return os.lstat(path).st_mode


def _short_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("voiceaid: ") and result.stderr.count("\n") == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@root_only
@pytest.mark.parametrize("through_symlink", [False, True])
def test_a_diary_path_that_is_a_device_is_refused_and_left_alone(tmp_path: Path, through_symlink: bool) -> None:
    null = _device(tmp_path, "null", 3)
    target = null
    if through_symlink:
        target = tmp_path / "diary.sqlite3"
        target.symlink_to(null)
    before = _mode(null), _mode(target)
    for command in (("diary", "list"), ("diary", "export", "--format", "csv"), ("diary", "add", "--leg", "left")):
        result = _run(*command, env={"VOICEAID_DIARY": str(target)})
        _short_error(result, f"{target}", "not a regular file")
        assert (_mode(null), _mode(target)) == before
    assert stat.S_ISCHR(_mode(null))


def test_a_diary_path_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "diary.sqlite3"
    os.mkfifo(fifo, 0o644)
    result = _run("diary", "list", env={"VOICEAID_DIARY": str(fifo)})
    _short_error(result, "not a regular file")
    assert stat.S_ISFIFO(_mode(fifo)) and stat.S_IMODE(_mode(fifo)) == 0o644


def test_a_diary_reached_through_a_symlink_is_used_but_not_chmodded(tmp_path: Path) -> None:
    real = tmp_path / "real.sqlite3"
    with Diary.open(real) as diary:
        diary.start_episode(T0, "left", "calf")
    real.chmod(0o640)  # the person's own choice for the file the link names
    link = tmp_path / "diary.sqlite3"
    link.symlink_to(real)
    result = _run("diary", "list", env={"VOICEAID_DIARY": str(link)})
    assert result.returncode == 0, result.stderr
    assert "left calf" in result.stdout
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640 and link.is_symlink()


def test_an_own_diary_file_is_still_made_private(tmp_path: Path) -> None:
    db = tmp_path / "diary.sqlite3"
    Diary.open(db).close()
    db.chmod(0o644)
    assert _run("diary", "list", env={"VOICEAID_DIARY": str(db)}).returncode == 0
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_read_commands_create_no_folder_and_no_file(isolated_home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "not" / "yet" / "diary.sqlite3"
    data = isolated_home / ".local" / "share" / "voiceaid"
    for env in ({}, {"VOICEAID_DIARY": str(elsewhere)}):
        for command in (("diary", "list"), ("diary", "list", "--json"), ("diary", "export", "--format", "md"), ("diary", "delete", "1", "--yes")):
            result = _run(*command, env=env)
            assert "Traceback" not in result.stderr
            assert not data.exists() and not elsewhere.parent.parent.exists(), command
        assert "No episodes in the diary" in _run("diary", "list", env=env).stdout
        assert _run("diary", "list", "--json", env=env).stdout.strip() == "[]"
        assert "there is no episode 1" in _run("diary", "delete", "1", "--yes", env=env).stderr
    added = _run("diary", "add", "--leg", "left", env={"VOICEAID_DIARY": str(elsewhere)})
    assert added.returncode == 0, added.stderr  # a write makes its folder, private
    assert stat.S_IMODE(os.stat(elsewhere.parent).st_mode) == 0o700


@pytest.fixture
def diary_with_one(isolated_home: Path) -> None:
    with Diary.open() as diary:
        diary.start_episode(T0, "left", "calf")


def _read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_export_into_a_fifo_writes_into_it(diary_with_one, tmp_path: Path) -> None:
    fifo = tmp_path / "visit.csv"
    os.mkfifo(fifo, 0o644)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = _run("diary", "export", "--format", "csv", "--out", str(fifo))
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert got and got[0].startswith(b"id,started_at") and b"left,calf" in got[0]
    assert stat.S_ISFIFO(_mode(fifo)) and stat.S_IMODE(_mode(fifo)) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "run", "visit.csv"]  # no temporary file left


@root_only
def test_export_into_a_full_device_is_refused_and_the_device_kept(diary_with_one, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    result = _run("diary", "export", "--format", "csv", "--out", str(full))
    _short_error(result, f"--out: cannot write {full}", "No space left on device")
    assert stat.S_ISCHR(_mode(full)) and stat.S_IMODE(_mode(full)) == 0o666


def test_export_to_a_link_to_standard_output_writes_to_standard_output(diary_with_one, tmp_path: Path) -> None:
    """As `--out /dev/stdout` (a link to /proc/self/fd/1), with a link of our own so that a failing
    version replaces only that, never the machine's /dev/stdout."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    result = _run("diary", "export", "--format", "csv", "--out", str(link))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,started_at") and "left,calf" in result.stdout
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert os.path.islink("/dev/stdout")


def test_export_to_standard_output_redirected_to_a_file_keeps_what_was_there(diary_with_one, tmp_path: Path) -> None:
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    out = tmp_path / "out.txt"
    out.write_text("kept\n")
    with open(out, "a") as handle:
        result = _run("diary", "export", "--format", "csv", "--out", str(link), stdout=handle)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("kept\nid,started_at") and "left,calf" in text


def test_export_through_a_symlink_to_a_file_writes_the_file_and_keeps_the_link(diary_with_one, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old text that is longer than the export will be, " * 20)
    real.chmod(0o644)
    link = tmp_path / "visit.csv"
    link.symlink_to(real)
    result = _run("diary", "export", "--format", "csv", "--out", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("id,started_at") and "old text" not in real.read_text()
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o644  # not ours to chmod through a link


def test_export_to_a_new_file_is_private(diary_with_one, tmp_path: Path) -> None:
    out = tmp_path / "visit.md"
    result = _run("diary", "export", "--format", "md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_export_to_a_folder_is_refused(diary_with_one, tmp_path: Path) -> None:
    result = _run("diary", "export", "--format", "md", "--out", str(tmp_path))
    _short_error(result, f"--out: {tmp_path} is a folder")


def test_an_older_open_data_folder_is_made_private_but_a_shared_folder_is_not(isolated_home: Path, tmp_path: Path) -> None:
    data = isolated_home / ".local" / "share" / "voiceaid"
    Diary.open().close()
    data.chmod(0o755)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert _run("diary", "list").returncode == 0
    assert _run("diary", "add", "--leg", "left", env={"VOICEAID_DIARY": str(shared / "diary.sqlite3")}).returncode == 0
    assert stat.S_IMODE(_mode(data)) == 0o700
    assert stat.S_IMODE(_mode(shared)) == 0o755
    assert stat.S_IMODE(_mode(shared / "diary.sqlite3")) == 0o600
