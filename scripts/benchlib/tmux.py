"""voiceaid in a detached tmux session on a private tmux server: launched, keyed and read as a user sees it."""

from __future__ import annotations

import os
import subprocess
import time
from typing import Any

from benchlib.common import REPO
from benchlib.home import Home

VOICEAID = REPO / ".venv" / "bin" / "voiceaid"


def voiceaid_command() -> list[str]:
    return [str(VOICEAID)] if VOICEAID.exists() else [str(REPO / ".venv" / "bin" / "python"), "-m", "voiceaid"]


class TmuxApp:
    """voiceaid in a detached 80x24 tmux session on a private tmux server (its own socket).

    The server is started first with a placeholder session, so `launch()` measures what a user at an
    open terminal waits for, not the tmux server's own start-up.
    """

    counter = 0

    def __init__(self, home: Home, args: list[str], env_extra: dict[str, str] | None = None) -> None:
        TmuxApp.counter += 1
        self.socket = f"voiceaid-bench-{os.getpid()}-{TmuxApp.counter}"
        self.home = home
        self.args = args
        self.env = home.env(env_extra)
        self.t0: float | None = None
        self._tmux(["new-session", "-d", "-s", "hold", "-x", "80", "-y", "24", "sleep 100000"], check=True)

    def _tmux(self, args: list[str], check: bool = False, capture: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            check=check,
            stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=self.env,  # the server's environment, which the pane inherits (plus tmux's TERM)
        )

    def launch(self) -> float:
        command = "exec " + " ".join(_quote(a) for a in voiceaid_command() + self.args)
        self.t0 = time.monotonic()
        self._tmux(["new-session", "-d", "-s", "app", "-x", "80", "-y", "24", command], check=True)
        return self.t0

    def screen(self) -> str:
        return self._tmux(["capture-pane", "-p", "-t", "app"], capture=True).stdout or ""

    def send_keys(self, *keys: str) -> None:
        self._tmux(["send-keys", "-t", "app", *keys])

    def pane_pid(self) -> int | None:
        out = self._tmux(["display-message", "-p", "-t", "app", "#{pane_pid}"], capture=True).stdout.strip()
        return int(out) if out.isdigit() else None

    def app_process(self):  # -> psutil.Process | None
        """The voiceaid Python process (the pane's command execs into it)."""
        import psutil

        pid = self.pane_pid()
        if pid is None:
            return None
        try:
            process = psutil.Process(pid)
            for candidate in [process] + process.children(recursive=True):
                if "voiceaid" in " ".join(candidate.cmdline()):
                    return candidate
        except psutil.Error:
            return None
        return None

    def close(self) -> None:
        """Kill the app and every process it started (the synthesis worker runs in its own session)."""
        import psutil

        tree: list[Any] = []
        app = self.app_process()
        if app is not None:
            try:
                tree = [app] + app.children(recursive=True)
            except psutil.Error:
                tree = [app]
        self._tmux(["kill-server"])
        for process in tree:
            try:
                process.terminate()
            except psutil.Error:
                pass
        _, alive = psutil.wait_procs(tree, timeout=3)
        for process in alive:
            try:
                process.kill()
            except psutil.Error:
                pass

    def __enter__(self) -> "TmuxApp":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(str(text))
