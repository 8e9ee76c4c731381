"""CPU and memory of a process tree, sampled over a hold, and a short load test of the machine itself."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

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
