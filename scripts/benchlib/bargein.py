"""key -> speech stopped, on a real-time speaker (PulseAudio null sink recorded by parec).

Two views of the same thing:
  * speaker: voiceaid.speech.speaker.Speaker in a child process, `stop()` called directly (the brief's
    measurement: what the speech layer itself costs);
  * app: the whole app in tmux, Q sent once with `tmux send-keys` while the first instruction is being
    spoken (terminal -> Textual -> barge-in -> aplay killed -> silence). Only a key that acts stops
    the speech (a key with no meaning does nothing at all); Q once only arms quitting, on the status
    line, so nothing new is said after the stop.
Latency is read on the recording's own timeline: bytes recorded when the stop was asked, against the
last loud sample afterwards. Conservative: parec's ~10 ms capture latency counts against us.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from tests.waiting import wait_for
from benchlib.common import REPO, Measurement
from benchlib.home import Home
from benchlib.pulse import PULSE_RATE, PulseSink
from benchlib.tmux import TmuxApp

LONG_TEXT = (
    "Straighten your knee and gently pull your toes up towards you. Keep breathing slowly while you hold "
    "the stretch, and let the muscle lengthen a little more with every breath out."
)
AFTER = 0.6  # seconds recorded after the stop to find the last sound


def _latency(loud, stop_offset: int) -> tuple[float, float | None]:
    """(seconds of sound after the stop, seconds since the last sound before it: proves it was mid-speech)."""
    if not len(loud):
        return 0.0, None
    after = max(0.0, (int(loud[-1]) * 2 - stop_offset) / 2 / PULSE_RATE)
    before = loud[loud * 2 < stop_offset]
    quiet_for = (stop_offset - int(before[-1]) * 2) / 2 / PULSE_RATE if len(before) else None
    return after, quiet_for


def _players(app: TmuxApp) -> list:
    process = app.app_process()
    if process is None:
        return []
    try:
        return [c for c in process.children(recursive=True) if c.name() == "aplay"]
    except Exception:  # noqa: BLE001
        return []


def _running(process) -> bool:  # type: ignore[no-untyped-def]
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _mid_speech(runs: list[dict]) -> str:
    """Runs whose stop did not fall in the middle of sound prove little; say how many did."""
    mid = sum(1 for r in runs if r.get("quiet_before_stop") is not None and r["quiet_before_stop"] < 0.1)
    return f"; {mid}/{len(runs)} stops fell while sound was playing (loud < 100 ms before)"


# ----------------------------------------------------------------------------- child: Speaker.stop()
def child_main(recording: str, runs: int) -> None:
    """Runs in a child process whose HOME routes ALSA's default device to the PulseAudio sink."""
    import numpy as np

    from voiceaid.config import Settings
    from voiceaid.speech.speaker import Speaker

    path = Path(recording)

    def size() -> int:
        return path.stat().st_size

    def loud_indexes():
        data = path.read_bytes()
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.int32)
        return np.flatnonzero(np.abs(samples) > 200)

    def last_loud() -> int | None:
        loud = loud_indexes()
        return int(loud[-1]) * 2 if len(loud) else None

    speaker = Speaker(Settings())
    results = []
    try:
        speaker.prerender([LONG_TEXT])
        for index in range(runs):
            before = size()
            asked = time.monotonic()
            speaker.say(LONG_TEXT, "instruction")
            if not wait_for(lambda: (last_loud() or -1) >= before, timeout=20, poll=0.01):
                results.append({"error": "no sound reached the speaker"})
                continue
            first_sound = time.monotonic() - asked
            time.sleep(random.Random(index).uniform(0.3, 1.2))  # stop somewhere in the middle
            if not speaker.busy:
                results.append({"error": "finished speaking before the stop"})
                continue
            stop_offset = size()
            t0 = time.monotonic()
            speaker.stop()
            call = time.monotonic() - t0
            wait_for(lambda: not speaker.busy, timeout=2, poll=0.001)
            not_busy = time.monotonic() - t0
            wait_for(lambda: getattr(speaker, "_playback", None) is None, timeout=2, poll=0.001)
            player_gone = time.monotonic() - t0
            wait_for(lambda: size() >= stop_offset + int(AFTER * PULSE_RATE) * 2, timeout=5, poll=0.005)
            latency, quiet_before = _latency(loud_indexes(), stop_offset)
            results.append({"first_sound": first_sound, "stop_call": call, "not_busy": not_busy, "player_gone": player_gone, "silence": latency, "quiet_before_stop": quiet_before})
            time.sleep(0.3)
    finally:
        speaker.close()
    print(json.dumps(results))


def run_speaker(cfg, sink: PulseSink) -> Measurement:  # type: ignore[no-untyped-def]
    m = Measurement("barge_in_speaker", "stop() -> speech stopped (Speaker, real-time sink)", "ms", "max <= 150", 150.0, check="max")
    home = Home(cfg.tmp, "barge")
    home.alsa_pulse(sink.server)
    sink.record()
    env = home.env({"PYTHONPATH": str(REPO / "scripts") + ":" + str(REPO)})
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from benchlib.bargein import child_main; child_main(sys.argv[1], int(sys.argv[2]))", str(sink.recording), str(cfg.barge_runs)],
        capture_output=True, text=True, env=env, cwd=str(REPO / "scripts"), timeout=60 + 15 * cfg.barge_runs,
    )  # fmt: skip
    sink.stop_recording()
    home.remove()
    if proc.returncode != 0:
        raise RuntimeError(f"child failed: {proc.stderr.strip()[-400:]}")
    runs = json.loads(proc.stdout.strip().splitlines()[-1])
    good = [r for r in runs if "silence" in r]
    m.values = [max(r["silence"], r["player_gone"]) * 1000 for r in good]
    m.details = {"runs": runs}
    if good:
        m.details["stop() call ms (max)"] = round(max(r["stop_call"] for r in good) * 1000, 2)
        m.details["busy False after ms (median)"] = round(sorted(r["not_busy"] for r in good)[len(good) // 2] * 1000, 1)
        m.details["player process gone after ms (median)"] = round(sorted(r["player_gone"] for r in good)[len(good) // 2] * 1000, 1)
    m.note = "larger of (last loud sample |x| > 200 in the parec recording after stop(), stop() -> aplay process reaped)" + _mid_speech(good)
    bad = len(runs) - len(good)
    if bad:
        m.note += f"; {bad} run(s) not measured: " + "; ".join(sorted({r.get('error', '') for r in runs if 'silence' not in r}))
    m.judge()
    if m.met is False:
        m.note += ". MISSED: sound kept coming after the stop: aplay buffers ahead into PulseAudio, and killing aplay does not flush what the server has already queued"
    return m


# ----------------------------------------------------------------------------- the app, a key in tmux
def run_app(cfg, sink: PulseSink) -> Measurement:  # type: ignore[no-untyped-def]
    m = Measurement("barge_in_key", "key -> speech stopped (whole app in tmux, real-time sink)", "ms", "max <= 150", 150.0, check="max")
    runs = []
    for index in range(cfg.barge_runs):
        home = Home(cfg.tmp, "barge-app")
        home.alsa_pulse(sink.server)
        sink.record()
        try:
            with TmuxApp(home, ["--no-mic"]) as app:
                t0 = app.launch()
                if not wait_for(lambda: sink.has_sound_after(0), timeout=20, poll=0.01):
                    runs.append({"error": "no sound reached the speaker"})
                    continue
                first_sound = time.monotonic() - t0
                time.sleep(random.Random(index).uniform(0.5, 1.5))
                players = _players(app)
                stop_offset = sink.recorded_bytes()
                t_key = time.monotonic()
                app.send_keys("q")
                gone = None
                if players:
                    wait_for(lambda: not any(_running(p) for p in players), timeout=2, poll=0.001)
                    gone = time.monotonic() - t_key
                wait_for(lambda: sink.recorded_bytes() >= stop_offset + int(AFTER * PULSE_RATE) * 2, timeout=5, poll=0.005)
                latency, quiet_before = _latency(sink.loud_indexes(), stop_offset)
                runs.append({"first_sound": first_sound, "silence": latency, "player_gone": gone, "quiet_before_stop": quiet_before})
        finally:
            sink.stop_recording()
            home.remove()
    good = [r for r in runs if "silence" in r]
    m.values = [max(r["silence"], r["player_gone"] or 0.0) * 1000 for r in good]
    m.details = {"runs": runs}
    m.note = "larger of (last sound in the recording after the key, key -> aplay process gone); Q sent once (it stops the speech and arms quitting, saying nothing new) with tmux send-keys during the first instruction; includes the tmux client and Textual's key path" + _mid_speech(good)
    if len(good) < len(runs):
        m.note += f"; {len(runs) - len(good)} run(s) not measured"
    m.judge()
    if m.met is False:
        m.note += ". MISSED: see the Speaker row: if it meets the target, the extra time is the terminal/Textual key path"
    return m


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    sink = PulseSink(cfg.tmp)
    out = []
    try:
        for fn in (run_speaker, run_app):
            try:
                out.append(fn(cfg, sink))
            except Exception as error:  # noqa: BLE001 - each measurement fails soft
                name = "barge_in_speaker" if fn is run_speaker else "barge_in_key"
                out.append(Measurement(name, name, "ms", "max <= 150", 150.0, error=f"error: {error}", note=f"error: {error}"))
    finally:
        sink.close()
    return out
