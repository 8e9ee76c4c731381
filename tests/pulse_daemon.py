"""A private PulseAudio daemon for the real-time audio rigs (the speech tests' null sink, the bench's
speaker, the live loop's speaker and microphone): one way to start it, route ALSA to it and stop the
processes around it, so the three rigs differ only in the modules they load. Imports nothing heavy.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class PrivatePulse:
    """`pulseaudio -n` with only `modules` (default.pa lines) after its own unix socket, in `folder`:
    no user's daemon, session bus or config is touched. Check readiness with the caller's own test
    (a sink or source it loaded), since the socket appears before the modules are loaded."""

    def __init__(self, folder: Path, modules: str) -> None:
        self.dir = folder
        self.socket = folder / "native"
        self.server = f"unix:{self.socket}"
        script = folder / "default.pa"
        script.write_text(f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n{modules}")
        self.env = dict(os.environ, HOME=str(folder), XDG_RUNTIME_DIR=str(folder), XDG_CONFIG_HOME=str(folder / "config"))
        self.env.pop("PULSE_SERVER", None)  # its clients talk to this daemon, named by --server
        self.log_path = folder / "daemon.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no", "--use-pid-file=no"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
        )  # fmt: skip

    def lists(self, kind: str, name: str) -> bool:
        """The daemon runs and `pactl list short KIND` (sinks, sources) names `name`."""
        if not self.socket.exists() or self.process.poll() is not None:
            return False
        out = subprocess.run(["pactl", f"--server={self.server}", "list", "short", kind], capture_output=True, text=True, env=self.env)
        return any(line.split("\t")[1:2] == [name] for line in out.stdout.splitlines())

    def log_tail(self, characters: int) -> str:
        return self.log_path.read_text(errors="replace")[-characters:]

    def route_alsa(self, home: Path) -> None:
        route_alsa(home, self.server)

    def close(self) -> None:
        stop(self.process)
        self._log.close()


def route_alsa(home: Path, server: str) -> None:
    """ALSA's default device (PortAudio, aplay) in `home` goes to the PulseAudio daemon at `server`."""
    (home / ".asoundrc").write_text(f'pcm.!default {{ type pulse; server "{server}" }}\nctl.!default {{ type pulse; server "{server}" }}\n')


def stop(*processes: subprocess.Popen | None) -> None:
    """End each running process: terminate, and kill what has not ended within 5 s."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
