"""launch -> first instruction visible (tmux screen) and -> first audio sample (ALSA file device)."""

from __future__ import annotations

import json
import statistics
import subprocess
import time
from pathlib import Path

from benchlib.common import FIRST_INSTRUCTION, REPO, Measurement
from benchlib.home import Home
from benchlib.tmux import TmuxApp, voiceaid_command

TIMEOUT = 20.0


def one_launch(root: Path, warm_from: Home | None = None) -> tuple[dict, Home]:
    """Launch voiceaid once in tmux; poll its screen and the played file every ~5 ms."""
    home = Home(root, "launch")
    home.alsa_file_device()
    if warm_from is not None:
        home.copy_speech_cache_from(warm_from)
    result: dict = {"cache": "warm" if warm_from else "cold"}
    with TmuxApp(home, ["--speech-log", str(home.speech_log)]) as app:
        t0 = app.launch()
        seen = audio = painted = None
        offset = 0
        while time.monotonic() - t0 < TIMEOUT and (seen is None or audio is None):
            if seen is None:
                screen = app.screen()
                now = time.monotonic()
                if painted is None and screen.strip():
                    painted = now - t0
                if FIRST_INSTRUCTION in screen:
                    seen = now - t0
            if audio is None:
                offset, first = home.first_audio_offset(offset)
                if first is not None:
                    audio = time.monotonic() - t0
            time.sleep(0.005)
        result.update(first_paint=painted, first_instruction=seen, first_audio=audio)
        # let the prerender finish so a warm run has what a second night would have
        time.sleep(1.5 if warm_from is None else 0.2)
        result["log"] = _log_start(home.speech_log)
    return result, home


def _log_start(path: Path) -> float | None:
    """The speech log's own 'start' of the first instruction (seconds since the log was created)."""
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            event = json.loads(line)
            if event["event"] == "start" and event["kind"] == "instruction":
                return event["t"]
    except (OSError, ValueError, KeyError):
        return None
    return None


def startup_breakdown(root: Path, repeats: int) -> dict:
    """Where launch time goes before the app can draw: interpreter, imports (median of `repeats`)."""
    python = str(REPO / ".venv" / "bin" / "python")
    env = Home(root, "imports").env()
    probes = {
        "python -c pass": [python, "-c", "pass"],
        "voiceaid --version (CLI parser)": voiceaid_command() + ["--version"],
        "import textual.app": [python, "-c", "import textual.app"],
        "import voiceaid.ui.app": [python, "-c", "import voiceaid.ui.app"],
        "import voiceaid.speech.speaker": [python, "-c", "import voiceaid.speech.speaker"],
        "import voiceaid.listen.microphone (first listening turn, not launch)": [python, "-c", "import voiceaid.listen.microphone"],
    }
    out: dict = {}
    for label, command in probes.items():
        times = []
        for _ in range(repeats):
            started = time.monotonic()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            times.append(time.monotonic() - started)
        out[label] = round(statistics.median(times), 3)
    # the slowest imports on the app's start-up path
    code = "import voiceaid.cli, voiceaid.cli.assistant, voiceaid.config, voiceaid.content.loader, voiceaid.ui.app, voiceaid.speech.speaker, voiceaid.diary.writer, voiceaid.diary.safe"  # the launch path (the listener is built later, off it)
    proc = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True, env=env)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    top = sorted(rows, reverse=True)[:12]
    out["slowest imports (cumulative ms)"] = [f"{us / 1000:.0f} ms {name.strip()} (depth {(len(name) - len(name.lstrip()) - 1) // 2})" for us, name in top]
    return out


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    first = Measurement("first_instruction", "launch -> first instruction visible", "s", "<= 0.5", 0.5)
    cold = Measurement("first_audio_cold", "launch -> first audio sample (fresh install, empty speech cache)", "s", "<= 0.8", 0.8)
    warm = Measurement("first_audio_warm", "launch -> first audio sample (speech cache from an earlier run)", "s", "<= 0.8", 0.8)
    runs: list[dict] = []
    homes: list[Home] = []
    try:
        for _ in range(cfg.runs):
            result, home = one_launch(cfg.tmp)
            runs.append(result)
            homes.append(home)
        for _ in range(cfg.runs):
            result, home = one_launch(cfg.tmp, warm_from=homes[0])
            runs.append(result)
            homes.append(home)
    finally:
        for home in homes:
            home.remove()
    first.values = [r["first_instruction"] for r in runs if r["first_instruction"] is not None]
    cold.values = [r["first_audio"] for r in runs if r["cache"] == "cold" and r["first_audio"] is not None]
    warm.values = [r["first_audio"] for r in runs if r["cache"] == "warm" and r["first_audio"] is not None]
    missing = sum(1 for r in runs if r["first_instruction"] is None or r["first_audio"] is None)
    breakdown = startup_breakdown(cfg.tmp, 3)
    for m in (first, cold, warm):
        m.details["runs"] = runs
        m.judge()
    first.details = {"runs": runs, "startup": breakdown}
    by_cache = {c: [r["first_instruction"] for r in runs if r["cache"] == c and r["first_instruction"]] for c in ("cold", "warm")}
    first.details["median by cache"] = {c: round(statistics.median(v), 3) for c, v in by_cache.items() if v}
    how = "tmux 80x24, capture-pane polled every ~5 ms (each poll spawns a tmux client on the same 2 cores); t0 just before `tmux new-session` on an already running tmux server"
    first.note = how
    cold.note = "ALSA file device, first non-zero sample in played.raw; fresh HOME, so the synthesis worker renders the first instruction"
    warm.note = "as cold, but the speech cache from an earlier run is copied in (what a second night sees)"
    if missing:
        first.note += f"; {missing} run(s) timed out"
    _explain(first, cold, warm, breakdown)
    return [first, cold, warm]


def _explain(first: Measurement, cold: Measurement, warm: Measurement, breakdown: dict) -> None:
    interp = breakdown.get("python -c pass", 0)
    ui = breakdown.get("import voiceaid.ui.app", 0)
    textual = breakdown.get("import textual.app", 0)
    if first.met is False:
        first.note += (
            f". MISSED: before the first frame the interpreter takes {interp:.2f} s and importing the UI {ui:.2f} s "
            f"(Textual alone {textual:.2f} s), then Textual's first compose/CSS pass; see the startup breakdown"
        )
    if cold.met is False:
        cold.note += ". MISSED: the first instruction is rendered only after the synthesis worker has started (a second Python importing pyttsx3) on a busy 2-core machine"
    if warm.met is False:
        warm.note += ". MISSED even with a warm cache: audio cannot start before the app has imported and built its first screen"
