"""What every check shares: its result, and running a command or a Python snippet in a child process
that can neither hang the doctor (a timeout kills its whole process group) nor print onto the terminal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import NamedTuple

OK, WARN, FAIL = "OK", "WARN", "FAIL"
TIMEOUT = 4.0  # seconds for any one child process; checks run side by side, so the run stays under ~5 s
MARK = "VOICEAID-DOCTOR:"  # prefixes the child's JSON answer, so chatter on stdout cannot confuse it
SETUP_HINT = "./scripts/setup.sh installs what is missing"


class Check(NamedTuple):
    name: str
    status: str  # OK, WARN or FAIL
    detail: str
    fix: str = ""


class Result(NamedTuple):
    returncode: int | None  # None: did not finish in time
    stdout: str
    stderr: str


def run_command(argv: list[str], timeout: float = TIMEOUT) -> Result:
    """Run a command with its output captured; on timeout, kill its whole process group."""
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a timeout kills helpers it started too
        )
    except OSError as error:
        return Result(127, "", str(error))
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        out, err = process.communicate()
        return Result(None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    return Result(process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


def run_python(code: str, timeout: float = TIMEOUT, args: tuple[str, ...] = ()) -> tuple[dict | None, Result]:
    """Run `code` in a fresh interpreter (with `args` as sys.argv[1:]); it reports by printing MARK + JSON."""
    result = run_command([sys.executable, "-c", code, *args], timeout)
    for line in reversed(result.stdout.splitlines()):
        if line.startswith(MARK):
            try:
                return json.loads(line[len(MARK) :]), result
            except ValueError:
                break
    return None, result


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no message"
