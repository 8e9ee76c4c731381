"""Idle CPU (% of one core) and peak memory (RSS of the app and its children): a 60 s hold, the kiosk's
idle screen, and the idle screen listening for the wake phrase."""

from __future__ import annotations

import importlib.util
import subprocess
import time
from pathlib import Path

from tests.waiting import wait_for
from benchlib.common import FIRST_INSTRUCTION, REPO, Measurement
from benchlib.content import step, write_content
from benchlib.home import Home
from benchlib.pulse import PulseSink
from benchlib.sampling import TreeSampler
from benchlib.tmux import TmuxApp

SETTLE = 3.0  # seconds after the first screen before measuring


def hold_content(root: Path, seconds: int) -> Path:
    def edit(data: dict) -> None:
        step(data, "calf", "calf_stretch")["hold"] = seconds

    return write_content(root, "hold60", edit)


def wake_phrase_support() -> str | None:
    """None when the app listens for a wake phrase on the kiosk's idle screen, else why not."""
    sources = [p for p in (REPO / "voiceaid").rglob("*.py") if p.name != "config.py"]
    if not any("wake_phrase" in p.read_text(encoding="utf-8", errors="replace") for p in sources):
        return "wake phrase listening not implemented (nothing outside voiceaid/config.py reads the wake_phrase setting)"
    if importlib.util.find_spec("voiceaid.listen.microphone") is None:
        return "wake phrase listening not implemented (no voiceaid.listen.microphone)"
    return None


def measure(app: TmuxApp, ready: str | None, window: float, slices: int, pulse: PulseSink | None = None) -> dict:
    """Wait for `ready` on screen (or any screen), settle, then sample CPU per slice and RSS every 0.5 s."""
    t0 = app.launch()
    found = wait_for(lambda: (ready in app.screen()) if ready else app.screen().strip(), timeout=20, poll=0.05)
    if not found:
        raise RuntimeError(f"the app did not show {ready!r} within 20 s: {app.screen()[:300]!r}")
    shown = time.monotonic() - t0
    mic_after = None
    if pulse is not None and wait_for(lambda: _recording_streams(pulse), timeout=20, poll=0.1):
        mic_after = time.monotonic() - t0  # the first listening turn (loading the recogniser) is excluded
    time.sleep(SETTLE)
    process = app.app_process()
    if process is None:
        raise RuntimeError("could not find the voiceaid process")
    percents, mic_open = [], []
    with TreeSampler(process) as sampler:
        before = sampler.cpu_seconds()
        started = time.monotonic()
        for _ in range(slices):
            c0, w0 = sampler.cpu_seconds(), time.monotonic()
            end = w0 + window / slices
            while time.monotonic() < end:
                if pulse is not None:
                    mic_open.append(_recording_streams(pulse))
                time.sleep(min(1.0, max(0.0, end - time.monotonic())))
            c1, w1 = sampler.cpu_seconds(), time.monotonic()
            percents.append(100.0 * (c1 - c0) / (w1 - w0))
        per_process = _per_process(process)
        mean = 100.0 * (sampler.cpu_seconds() - before) / (time.monotonic() - started)
    return {
        "shown_after_s": round(shown, 3),
        "mic_open_after_s": None if mic_after is None else round(mic_after, 2),
        "cpu_seconds_before_window": round(before, 2),
        "cpu_percent_mean": round(mean, 2),
        "cpu_percent_slices": [round(p, 2) for p in percents],
        "rss_peak_mb": round(sampler.rss_peak / 2**20, 1),
        "rss_last_mb": round((sampler.rss_samples[-1] if sampler.rss_samples else 0) / 2**20, 1),
        "app_vmhwm_mb": round((sampler.hwm() or 0) / 2**20, 1),
        "processes": per_process,
        "mic_streams_seen": (sum(1 for n in mic_open if n) if pulse else None),
        "mic_samples": len(mic_open) if pulse else None,
    }


def _per_process(process) -> list[str]:  # type: ignore[no-untyped-def]
    import psutil

    rows = []
    for p in [process] + process.children(recursive=True):
        try:
            t = p.cpu_times()
            rows.append(f"{p.pid} {p.name()} rss {p.memory_info().rss / 2**20:.1f} MB cpu {t.user + t.system:.2f} s threads {p.num_threads()}")
        except psutil.Error:
            pass
    return rows


def _recording_streams(pulse: PulseSink) -> int:
    """How many clients are recording from PulseAudio (the app's microphone, besides nothing else)."""
    out = subprocess.run(["pactl", f"--server={pulse.server}", "list", "short", "source-outputs"], capture_output=True, text=True, env=pulse.env)
    return len([line for line in out.stdout.splitlines() if line.strip()])


def _pair(name: str, title: str, cpu_target: float, data: dict, note: str) -> list[Measurement]:
    cpu = Measurement(f"{name}_cpu", f"{title}: CPU", "% of a core", f"mean <= {cpu_target:g}", cpu_target, check="mean")
    mem = Measurement(f"{name}_mem", f"{title}: peak memory", "MB", "<= 150", 150.0, check="max")
    cpu.values = data["cpu_percent_slices"]
    mem.values = [data["rss_peak_mb"]]
    cpu.details = mem.details = data
    cpu.note = note + f"; judged on the mean over the window ({data['cpu_percent_mean']:.2f} %), slices {data['cpu_percent_slices']}; {data['cpu_seconds_before_window']:.1f} CPU-s spent before the window (start-up)"
    mem.note = f"RSS of the app + children (synthesis worker, aplay), sampled every 0.5 s; the app alone peaked at {data['app_vmhwm_mb']} MB (VmHWM)"
    cpu.judge()
    mem.judge()
    if cpu.met is False:
        cpu.note += ". MISSED: " + _cpu_why(data)
    if mem.met is False:
        mem.note += ". MISSED: " + "; ".join(data["processes"])
    return [cpu, mem]


def _cpu_why(data: dict) -> str:
    return "busiest processes: " + "; ".join(data["processes"])


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    out: list[Measurement] = []
    hold_window, kiosk_window = (12.0, 8.0) if cfg.quick else (50.0, 30.0)
    slices = 4 if cfg.quick else 5
    # 1. a 60 s hold, keys only
    try:
        content = hold_content(cfg.tmp, 60)
        home = Home(cfg.tmp, "hold")
        home.alsa_file_device()
        with TmuxApp(home, ["--content", str(content), "--no-mic"]) as app:
            data = measure(app, FIRST_INSTRUCTION, hold_window, slices)
        home.remove()
        out += _pair("hold", "60 s hold (--no-mic)", 3.0, data, f"calf stretch held 60 s; measured {hold_window:g} s from first instruction + {SETTLE:g} s (halfway cue inside)")
    except Exception as error:  # noqa: BLE001
        out += _failed("hold", error)
    # 2. the kiosk's idle screen, keys only
    try:
        home = Home(cfg.tmp, "kiosk")
        home.alsa_file_device()
        with TmuxApp(home, ["--kiosk", "--no-mic"]) as app:
            data = measure(app, None, kiosk_window, slices)
        home.remove()
        out += _pair("kiosk", "kiosk idle (--no-mic)", 3.0, data, f"idle screen (clock), {kiosk_window:g} s")
    except Exception as error:  # noqa: BLE001
        out += _failed("kiosk", error)
    # 3. the kiosk's idle screen listening for the wake phrase (microphone: real-time silence from PulseAudio)
    why_not = wake_phrase_support()
    if why_not:
        out += _not_measured("kiosk_wake", "kiosk idle with the wake phrase", 5.0, why_not)
    else:
        try:
            out += _wake(cfg, kiosk_window, slices)
        except Exception as error:  # noqa: BLE001
            out += _failed("kiosk_wake", error)
    # 4. the hold again with the microphone on (the default): listening turns for spoken commands
    if not cfg.quick:
        try:
            out += _hold_listening(cfg, slices)
        except Exception as error:  # noqa: BLE001
            out += _failed("hold_listening", error)
    return out


def _wake(cfg, window: float, slices: int) -> list[Measurement]:  # type: ignore[no-untyped-def]
    pulse = PulseSink(cfg.tmp)
    try:
        home = Home(cfg.tmp, "wake")
        home.alsa_pulse(pulse.server)
        with TmuxApp(home, ["--kiosk"], {"VOICEAID_WAKE_PHRASE": "on"}) as app:
            data = measure(app, None, window, slices, pulse)
        if not cfg.quick:
            data["listen_once on silence (probe)"] = _listen_probe(cfg, pulse)
        home.remove()
    finally:
        pulse.close()
    note = f"VOICEAID_WAKE_PHRASE=on, microphone = PulseAudio null-sink monitor (real-time silence), {window:g} s; PulseAudio's own CPU not counted"
    pair = _pair("kiosk_wake", "kiosk idle with the wake phrase", 5.0, data, note)
    seen, total = data["mic_streams_seen"], data["mic_samples"]
    pair[0].note += f"; microphone open in {seen}/{total} checks"
    if not seen:
        pair[0].met = None
        pair[0].note += " -- the app never opened the microphone, so this is not a wake-phrase measurement"
    return pair


def _hold_listening(cfg, slices: int) -> list[Measurement]:  # type: ignore[no-untyped-def]
    pulse = PulseSink(cfg.tmp)
    try:
        content = hold_content(cfg.tmp, 60)
        home = Home(cfg.tmp, "hold-mic")
        home.alsa_pulse(pulse.server)
        with TmuxApp(home, ["--content", str(content)]) as app:
            data = measure(app, FIRST_INSTRUCTION, 30.0, slices, pulse)
        home.remove()
    finally:
        pulse.close()
    note = "as the 60 s hold but with the microphone on (the default): PulseAudio monitor as microphone, 30 s; target borrowed from the wake phrase's"
    pair = _pair("hold_listening", "60 s hold, microphone on", 5.0, data, note)
    pair[0].note += f"; microphone open in {data['mic_streams_seen']}/{data['mic_samples']} checks"
    return pair


def _failed(name: str, error: Exception) -> list[Measurement]:
    text = f"error: {type(error).__name__}: {error}"
    return [
        Measurement(f"{name}_cpu", f"{name}: CPU", "% of a core", "", None, error=text, note=text),
        Measurement(f"{name}_mem", f"{name}: peak memory", "MB", "<= 150", 150.0, error=text, note=text),
    ]


def _not_measured(name: str, title: str, cpu_target: float, why: str) -> list[Measurement]:
    return [
        Measurement(f"{name}_cpu", f"{title}: CPU", "% of a core", f"<= {cpu_target:g}", cpu_target, note=f"not measured: {why}"),
        Measurement(f"{name}_mem", f"{title}: peak memory", "MB", "<= 150", 150.0, note=f"not measured: {why}"),
    ]


PROBE = """
import json, resource, time
from voiceaid.listen.microphone import Listener
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
rows = []
c, t = cpu(), time.monotonic()
listener = Listener(); ok = listener.available
rows.append({"step": "open + calibrate", "ok": ok, "cpu_s": round(cpu() - c, 3), "wall_s": round(time.monotonic() - t, 3)})
for _ in range(2):
    c, t = cpu(), time.monotonic()
    heard = listener.listen_once({"start", "emergency"}, timeout=3.0)
    rows.append({"step": "listen_once(timeout=3)", "heard": heard.intent, "text": getattr(heard, "text", ""), "cpu_s": round(cpu() - c, 3), "wall_s": round(time.monotonic() - t, 3)})
print(json.dumps(rows))
"""


def _listen_probe(cfg, pulse: PulseSink) -> object:  # type: ignore[no-untyped-def]
    """Where the wake phrase's CPU goes: one Listener, two listening turns on real-time silence."""
    home = Home(cfg.tmp, "probe")
    home.alsa_pulse(pulse.server)
    try:
        proc = subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-c", PROBE], env=home.env(), capture_output=True, text=True, timeout=60)
        return __import__("json").loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else f"probe failed: {proc.stderr.strip()[-200:]}"
    except Exception as error:  # noqa: BLE001
        return f"probe failed: {error}"
    finally:
        home.remove()
