"""Shared pieces: measurements and their statistics, an isolated HOME per run, the app in tmux,
a real-time PulseAudio speaker, process-tree sampling, and custom content directories."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

REPO = Path(__file__).resolve().parents[2]
CONTENT_EN = REPO / "content" / "en"
FIRST_INSTRUCTION = "Straighten your knee."  # the calf stretch's show text, first line, no leg chosen yet
PULSE_RATE = 22050  # espeak-ng's rate: the null sink resamples nothing
SILENCE = 200  # |sample| at or below this is silence (as tests/speech/conftest.py)

ASOUNDRC_FILE = """\
pcm.!default {{ type asym; playback.pcm "out"; capture.pcm "in" }}
pcm.out {{ type file; slave.pcm "null"; file "{played}"; format "raw" }}
pcm.in {{ type file; slave.pcm "null"; file "/dev/null"; infile "{mic}"; format "raw" }}
"""


# ----------------------------------------------------------------------------- measurements
@dataclass
class Measurement:
    name: str
    title: str
    unit: str
    target: str  # human-readable, e.g. "<= 0.5"
    limit: float | None  # the number compared with the median (None: informational)
    lower_is_better: bool = True
    values: list[float] = field(default_factory=list)
    met: bool | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    check: str = "median"  # which statistic is compared with the limit: median | max

    def summary(self) -> dict[str, Any]:
        values = [v for v in self.values if v is not None]
        out: dict[str, Any] = {
            "title": self.title,
            "runs": len(values),
            "median": round(statistics.median(values), 4) if values else None,
            "min": round(min(values), 4) if values else None,
            "max": round(max(values), 4) if values else None,
            "unit": self.unit,
            "target": self.target,
            "checked": self.check,
            "checked_value": None if self.checked_value() is None else round(self.checked_value(), 4),
            "met": self.met,
            "note": self.note,
        }
        if self.error:
            out["error"] = self.error
        out["values"] = [round(v, 4) for v in values]
        out["details"] = self.details
        return out

    def checked_value(self) -> float | None:
        if not self.values:
            return None
        if self.check == "max":
            return max(self.values)
        if self.check == "mean":
            return self.details.get("cpu_percent_mean", statistics.fmean(self.values))
        return statistics.median(self.values)

    def judge(self) -> None:
        """Set `met` from the median (or max) against the limit, unless already decided."""
        if self.met is not None or self.limit is None or not self.values:
            return
        value = self.checked_value()
        self.met = value <= self.limit if self.lower_is_better else value >= self.limit


def percentile(values: Iterable[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def wait_until(condition: Callable[[], Any], timeout: float, poll: float = 0.005) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            return None
        time.sleep(poll)


# ----------------------------------------------------------------------------- isolated home
class Home:
    """A throw-away HOME with XDG dirs; the user's real config, cache and diary are never touched."""

    def __init__(self, root: Path, name: str) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
        for sub in (".config", ".local/share", ".cache", ".local/state", "run"):
            (self.path / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        self.played = self.path / "played.raw"
        self.mic = self.path / "mic.raw"
        self.speech_log = self.path / "speech.jsonl"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VOICEAID_")}
        env.update(
            HOME=str(self.path),
            XDG_CONFIG_HOME=str(self.path / ".config"),
            XDG_DATA_HOME=str(self.path / ".local/share"),
            XDG_CACHE_HOME=str(self.path / ".cache"),
            XDG_STATE_HOME=str(self.path / ".local/state"),
            XDG_RUNTIME_DIR=str(self.path / "run"),  # libpulse's runtime files, instead of /tmp/pulse-*
        )
        env.pop("PULSE_SERVER", None)
        env.update(extra or {})
        return env

    def alsa_file_device(self) -> None:
        """ALSA's default device backed by files: played audio lands in `played` at once (no clock)."""
        self.mic.write_bytes(b"")
        (self.path / ".asoundrc").write_text(ASOUNDRC_FILE.format(played=self.played, mic=self.mic))

    def alsa_pulse(self, server: str) -> None:
        (self.path / ".asoundrc").write_text(
            f'pcm.!default {{ type pulse; server "{server}" }}\nctl.!default {{ type pulse; server "{server}" }}\n'
        )

    def copy_speech_cache_from(self, other: "Home") -> None:
        source = other.path / ".cache" / "voiceaid"
        if source.is_dir():
            shutil.copytree(source, self.path / ".cache" / "voiceaid", dirs_exist_ok=True)

    def first_audio_offset(self, start: int = 0) -> tuple[int, int | None]:
        """(bytes read so far, byte offset of the first non-zero 16-bit sample or None)."""
        if not self.played.exists():
            return start, None
        with open(self.played, "rb") as handle:
            handle.seek(start)
            data = handle.read()
        data = data[: len(data) // 2 * 2]
        for index in range(0, len(data), 2):
            if data[index] or data[index + 1]:
                return start + len(data), start + index
        return start + len(data), None

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


# ----------------------------------------------------------------------------- the app in tmux
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


# ----------------------------------------------------------------------------- process sampling
class TreeSampler:
    """CPU time and RSS of a process and all its descendants, sampled on a thread."""

    def __init__(self, process: Any, interval: float = 0.5) -> None:
        self.process = process
        self.interval = interval
        self.rss_peak = 0
        self.rss_samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def cpu_seconds(self) -> float:
        """user+system of the app, its reaped children and its live descendants."""
        import psutil

        times = self.process.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        for child in self.process.children(recursive=True):
            try:
                t = child.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    def rss(self) -> int:
        import psutil

        total = self.process.memory_info().rss
        for child in self.process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def hwm(self) -> int | None:
        """The app process's own peak RSS (VmHWM), from /proc."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                value = self.rss()
            except Exception:  # noqa: BLE001 - the process may be going away
                break
            self.rss_samples.append(value)
            self.rss_peak = max(self.rss_peak, value)
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


# ----------------------------------------------------------------------------- PulseAudio speaker
class PulseSink:
    """A private PulseAudio daemon with a null sink (plays at real-time pace) recorded by parec.

    Its monitor is also the default source, so a microphone opened through it hears real-time silence.
    """

    def __init__(self, root: Path) -> None:
        if not (shutil.which("pulseaudio") and shutil.which("parec")):
            raise RuntimeError("pulseaudio and parec are needed for real-time audio")
        self.dir = Path(tempfile.mkdtemp(prefix="pulse-", dir=root))
        self.socket = self.dir / "native"
        self.server = f"unix:{self.socket}"
        script = self.dir / "default.pa"
        script.write_text(
            f"load-module module-native-protocol-unix socket={self.socket} auth-anonymous=1\n"
            f"load-module module-null-sink sink_name=speaker rate={PULSE_RATE} channels=1\n"
            "set-default-sink speaker\nset-default-source speaker.monitor\n"
        )
        self.env = dict(os.environ, HOME=str(self.dir), XDG_RUNTIME_DIR=str(self.dir), XDG_CONFIG_HOME=str(self.dir / "config"))
        self._log = open(self.dir / "daemon.log", "wb")
        self.daemon = subprocess.Popen(
            ["pulseaudio", "-n", "-F", str(script), "--exit-idle-time=-1", "--daemonize=no", "--use-pid-file=no"],
            env=self.env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
        )  # fmt: skip
        self.recorder: subprocess.Popen | None = None
        self.recording = self.dir / "monitor.raw"
        if not wait_until(self._sink_ready, timeout=15, poll=0.05):
            self.close()
            raise RuntimeError("PulseAudio did not start: " + (self.dir / "daemon.log").read_text(errors="replace")[-300:])

    def _sink_ready(self) -> bool:
        """The socket appears before the null sink is loaded: wait for the sink itself."""
        if not self.socket.exists():
            return False
        out = subprocess.run(["pactl", f"--server={self.server}", "list", "short", "sinks"], capture_output=True, text=True, env=self.env)
        return "speaker" in out.stdout

    def record(self, attempts: int = 3) -> None:
        """(Re)start recording the sink's monitor into a fresh file."""
        for attempt in range(attempts):
            try:
                return self._record()
            except RuntimeError:
                if attempt == attempts - 1:
                    raise

    def _record(self) -> None:
        self.stop_recording()
        out = open(self.recording, "wb")
        self.recorder = subprocess.Popen(
            ["parec", f"--server={self.server}", "-d", "speaker.monitor", "--format=s16le", f"--rate={PULSE_RATE}", "--channels=1", "--latency-msec=10"],
            stdout=out, stderr=subprocess.DEVNULL, env=self.env,
        )  # fmt: skip
        out.close()
        if not wait_until(lambda: self.recorded_bytes() > 0, timeout=5):
            self.stop_recording()
            raise RuntimeError("parec recorded nothing from the null sink's monitor")

    def stop_recording(self) -> None:
        if self.recorder is not None:
            self.recorder.terminate()
            try:
                self.recorder.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.recorder.kill()
                self.recorder.wait()
            self.recorder = None

    def recorded_bytes(self) -> int:
        return self.recording.stat().st_size if self.recording.exists() else 0

    def loud_indexes(self):
        import numpy as np

        data = self.recording.read_bytes()
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int32)
        return np.flatnonzero(np.abs(samples) > SILENCE)

    def has_sound_after(self, byte_offset: int) -> bool:
        loud = self.loud_indexes()
        return bool(len(loud)) and int(loud[-1]) * 2 >= byte_offset

    def close(self) -> None:
        self.stop_recording()
        if self.daemon.poll() is None:
            self.daemon.terminate()
            try:
                self.daemon.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
                self.daemon.wait()
        self._log.close()


# ----------------------------------------------------------------------------- content
def write_content(root: Path, name: str, edit: Callable[[dict], None]) -> Path:
    """A content dir holding only routines.yaml: the built-in one, edited; the rest falls back to built-in."""
    import yaml

    data = yaml.safe_load((CONTENT_EN / "routines.yaml").read_text(encoding="utf-8"))
    edit(data)
    directory = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    (directory / "routines.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(voiceaid_command() + ["check-content", str(directory)], capture_output=True, text=True, env=Home(root, "chk").env())
    if result.returncode != 0:
        raise RuntimeError(f"content {directory} does not pass check-content: {(result.stdout + result.stderr).strip()[:400]}")
    return directory


def step(data: dict, routine: str, step_id: str) -> dict:
    steps = data["bedtime"]["steps"] if routine == "bedtime" else data["routines"][routine]["steps"]
    return next(s for s in steps if s["id"] == step_id)


def asdict_safe(obj: Any) -> Any:
    return asdict(obj)


# ----------------------------------------------------------------------------- background load
def background_load(seconds: float = 1.0) -> dict[str, Any]:
    """The load average and the busiest processes that are not this benchmark's (other users of the machine)."""
    import psutil

    me = psutil.Process()
    ours = {me.pid} | {p.pid for p in me.children(recursive=True)}
    procs = []
    for p in psutil.process_iter(["pid", "name", "cmdline"]):
        if p.pid in ours:
            continue
        try:
            p.cpu_percent(None)
            procs.append(p)
        except psutil.Error:
            pass
    time.sleep(seconds)
    busy = []
    for p in procs:
        try:
            percent = p.cpu_percent(None)
        except psutil.Error:
            continue
        if percent >= 5:
            command = " ".join(p.info.get("cmdline") or [p.info.get("name") or "?"])
            busy.append((percent, f"{percent:.0f}% {command[:80]}"))
    others = sum(percent for percent, _ in busy)
    return {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "other_processes_cpu_percent": round(others, 1),
        "busiest_others": [text for _, text in sorted(busy, reverse=True)[:4]],
    }
