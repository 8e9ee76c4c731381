"""Run the real `voiceaid` command in a private tmux server, as a person would in a terminal.

The command runs under `sh -c` with a trap on HUP (a handler, not an ignore, so voiceaid itself
still gets the default disposition) that writes voiceaid's exit status to a file once it ends, and
then `stty -a` (was the terminal restored?). Textual draws on stderr, so stderr cannot be captured
apart from the screen: `pipe-pane` records everything written to the terminal, which is searched
for "Traceback".
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.drive import wait_for

VOICEAID = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "voiceaid"


def home_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "TERM": "xterm-256color",
    }


@dataclass
class TmuxApp:
    folder: Path
    home: Path
    socket: str = field(default_factory=lambda: f"voiceaid-faults-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    pids: list[int] = field(default_factory=list)  # processes to SIGKILL at teardown if still alive

    @property
    def exit_file(self) -> Path:
        return self.folder / "exit.txt"

    @property
    def stty_file(self) -> Path:
        return self.folder / "stty.txt"

    @property
    def output_file(self) -> Path:
        return self.folder / "terminal.log"

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True, timeout=20)
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {args}: {result.stderr}")
        return result.stdout

    def start(self, *args: str, width: int = 80, height: int = 24) -> None:
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in home_env(self.home).items())
        command = " ".join(shlex.quote(a) for a in (str(VOICEAID), *args))
        script = (
            "trap 'true' HUP; "
            f"env {env} {command}; echo $? > {shlex.quote(str(self.exit_file))}; "
            f"stty -a > {shlex.quote(str(self.stty_file))} 2>&1; echo VOICEAID-ENDED; sleep 60"
        )
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), "sh -c " + shlex.quote(script))
        self.tmux("pipe-pane", "-o", f"cat >> {shlex.quote(str(self.output_file))}")
        self.pids.append(int(self.tmux("list-panes", "-F", "#{pane_pid}").split()[0]))  # the wrapper shell

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", check=False)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def wait_screen(self, text: str, timeout: float = 40.0) -> bool:
        return wait_for(lambda: text in self.screen(), timeout, poll=0.1)

    def app_pid(self) -> int:
        """voiceaid's pid: the child of the pane's shell."""
        shell = int(self.tmux("list-panes", "-F", "#{pane_pid}").split()[0])
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert children, "voiceaid is not running"
        return int(children[0])

    def exit_code(self, timeout: float = 20.0) -> int | None:
        if not wait_for(lambda: self.exit_file.exists() and self.exit_file.read_text().strip() != "", timeout, poll=0.05):
            return None
        return int(self.exit_file.read_text().strip())

    def alternate_screen_on(self) -> bool:
        return self.tmux("display-message", "-p", "#{alternate_on}", check=False).strip() == "1"

    def terminal_output(self) -> str:
        return self.output_file.read_text(errors="replace") if self.output_file.exists() else ""

    def kill(self) -> None:
        """End the tmux server, then whatever this rig started that outlived it (by pid)."""
        for pid in self.pids:
            self.pids.extend(p for p in children_of(pid) if p not in self.pids)
        self.tmux("kill-server", check=False)
        for pid in self.pids:
            if alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def children_of(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
