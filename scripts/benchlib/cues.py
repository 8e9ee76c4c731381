"""Cue timing over a bedtime routine: the speech log against the schedule computed by the core itself.

The app runs `voiceaid bedtime` in tmux on the ALSA file device (sound "plays" at once, so an
utterance's logged "start" is when speech began, never delayed by the previous one's playback). The
schedule is replayed from `voiceaid.core.session.Session` with the same content; both are aligned on
the first instruction (log t of the first instruction <-> due 0).
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from tests.waiting import wait_for
from benchlib.common import Measurement, percentile
from benchlib.content import step, write_content
from benchlib.home import Home
from benchlib.tmux import TmuxApp

KINDS = ("cue", "instruction")  # what is compared; notices and questions have no fixed time


@dataclass(frozen=True)
class Due:
    due: float
    text: str
    kind: str


def schedule(content, mode: str = "bedtime", limit: float = 3600.0) -> list[Due]:  # type: ignore[no-untyped-def]
    """Every Say of a session left alone (no keys, no voice), with its due time; due 0 is the start."""
    from voiceaid.core.effects import Say
    from voiceaid.core.session import Session, SessionOptions

    session = Session(content, SessionOptions(mode=mode), 0.0)
    out = [Due(e.due if e.due is not None else 0.0, e.text, e.kind) for e in session.start(0.0) if isinstance(e, Say)]
    now = 0.0
    while now < limit:
        due = session.next_due(now)
        if due is None:
            break
        now = max(due, now)
        out += [Due(e.due if e.due is not None else now, e.text, e.kind) for e in session.tick(now) if isinstance(e, Say)]
    return out


def read_log(path: Path) -> list[dict]:
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return events


def compare(planned: list[Due], events: list[dict]) -> dict:
    """Match each planned cue/instruction, in order, to the log's next start (or dropped) of that text."""
    wanted = [d for d in planned if d.kind in KINDS]
    said = [e for e in events if e.get("event") in ("start", "dropped")]
    first = next((e["t"] for e in said if e["event"] == "start" and e["kind"] == "instruction"), None)
    if first is None:
        raise RuntimeError("no instruction in the speech log")
    rows, position, missing = [], 0, []
    for item in wanted:
        index = next((i for i in range(position, len(said)) if said[i]["text"] == item.text), None)
        if index is None:
            missing.append(item)
            continue
        position = index + 1
        event = said[index]
        rows.append({"due": round(item.due, 3), "kind": item.kind, "text": item.text, "event": event["event"], "offset": event["t"] - item.due})
    # Anchor: the median offset between log and schedule. The first instruction is a poor anchor on
    # its own: in a fresh HOME it is the one utterance synthesised on demand, so it starts late.
    offsets = [r["offset"] for r in rows if r["event"] == "start"]
    anchor = statistics.median(offsets) if offsets else first
    for r in rows:
        r["error"] = round(r.pop("offset") - anchor, 4)
    # The opening instruction is the launch itself (measured by first_audio); judged: everything after it.
    started = [r for r in rows if r["event"] == "start" and not (r is rows[0] and r["kind"] == "instruction")]
    errors = [r["error"] for r in started]
    cues = [r for r in started if r["kind"] == "cue"]
    result: dict = {
        "anchor": "median offset",
        "first_instruction_late_ms": round((first - anchor) * 1000, 1),
        "max_abs_first_instruction_anchor_ms": round(max((abs(e + anchor - first) for e in errors), default=0.0) * 1000, 1),
        "planned": len(wanted),
        "started": sum(1 for r in rows if r["event"] == "start"),
        "dropped": [r for r in rows if r["event"] == "dropped"],
        "missing": [{"due": m.due, "text": m.text} for m in missing],
        "rows": rows,
    }
    result["errors"] = errors
    if errors:
        abs_errors = [abs(e) for e in errors]
        result.update(
            median_abs=statistics.median(abs_errors),
            p95_abs=percentile(abs_errors, 95),
            max_abs=max(abs_errors),
            drift=(cues or started)[-1]["error"] - (cues or started)[0]["error"],
            slope_ms_per_min=_slope([r["due"] for r in started], errors) * 1000 * 60,
            worst=sorted(started, key=lambda r: -abs(r["error"]))[:5],
        )
    return result


def _slope(x: list[float], y: list[float]) -> float:
    if len(x) < 2:
        return 0.0
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxx = sum((a - mx) ** 2 for a in x)
    return sum((a - mx) * (b - my) for a, b in zip(x, y)) / sxx if sxx else 0.0


def quick_content(root: Path) -> Path:
    """A ~40 s bedtime routine: one calf stretch each side and a short hamstring stretch, all cues on."""

    def edit(data: dict) -> None:
        calf, ham = step(data, "bedtime", "bedtime_calf"), step(data, "bedtime", "bedtime_hamstring")
        calf.update(hold=8, repetitions=1, switch_break=3)
        ham.update(hold=8, repetitions=2, rest=3)

    return write_content(root, "bedtime-quick", edit)


def run(cfg) -> list[Measurement]:  # type: ignore[no-untyped-def]
    from voiceaid.content.loader import load_content

    m = Measurement("cue_timing", "cue timing error (|log start - schedule|)", "ms", "max <= 100, no drift", 100.0, check="max")
    content_dir = quick_content(cfg.tmp) if cfg.quick else None
    content = load_content(content_dir)
    planned = schedule(content)
    length = max(d.due for d in planned)
    home = Home(cfg.tmp, "cues")
    home.alsa_file_device()
    args = ["bedtime", "--no-mic", "--speech-log", str(home.speech_log)] + (["--content", str(content_dir)] if content_dir else [])
    done_text = content.prompts["bedtime_done"].say
    try:
        with TmuxApp(home, args) as app:
            app.launch()
            finished = wait_for(
                lambda: home.speech_log.exists() and any(e.get("text", "").startswith(done_text) for e in read_log(home.speech_log)),
                timeout=length + 20,
                poll=0.5,
            )
            time.sleep(0.5)
        events = read_log(home.speech_log)
    finally:
        home.remove()
    result = compare(planned, events)
    errors_ms = [e * 1000 for e in result.get("errors", [])]
    m.values = [abs(e) for e in errors_ms]
    drift_ms = result.get("drift", 0.0) * 1000
    slope = result.get("slope_ms_per_min", 0.0)
    m.details = {
        "routine length s": round(length, 1),
        "content": str(content_dir) if content_dir else "built-in",
        "planned cues+instructions": result["planned"],
        "started": result["started"],
        "rows": result["rows"],
        "dropped": result["dropped"],
        "missing from the log": result["missing"],
        "signed error ms: median": round(statistics.median(errors_ms), 1) if errors_ms else None,
        "abs error ms: median / p95 / max": [round(result.get(k, 0) * 1000, 1) for k in ("median_abs", "p95_abs", "max_abs")],
        "drift ms (last cue - first cue)": round(drift_ms, 1),
        "first instruction started after the session began, ms (its synthesis)": result["first_instruction_late_ms"],
        "max abs error if aligned on the first instruction, ms": result["max_abs_first_instruction_anchor_ms"],
        "slope ms per minute (linear fit)": round(slope, 2),
        "worst": result.get("worst", []),
        "finished": bool(finished),
    }
    m.note = (
        f"{result['started']} of {result['planned']} cues/instructions over {length:.0f} s (the opening instruction, "
        f"{result['first_instruction_late_ms']:.0f} ms after the session began because it is synthesised on demand, is not judged); p95 {result.get('p95_abs', 0) * 1000:.0f} ms, "
        f"drift {drift_ms:+.0f} ms ({slope:+.1f} ms/min); {len(result['dropped'])} dropped, {len(result['missing'])} missing"
    )
    ok = bool(errors_ms) and max(m.values) <= 100 and abs(drift_ms) <= 50 and not result["dropped"] and not result["missing"]
    m.met = ok
    if not ok:
        m.note += ". MISSED: " + _why(result, m.values, drift_ms)
    return [m]


def _why(result: dict, abs_ms: list[float], drift_ms: float) -> str:
    reasons = []
    late = [r for r in result.get("worst", []) if abs(r["error"]) > 0.1]
    if late:
        kinds = sorted({r["kind"] for r in late})
        reasons.append(f"{len([v for v in abs_ms if v > 100])} late beyond 100 ms ({', '.join(kinds)}; worst {late[0]['error'] * 1000:+.0f} ms: '{late[0]['text'][:40]}')")
    if abs(drift_ms) > 50:
        reasons.append(f"drift {drift_ms:+.0f} ms")
    if result["dropped"]:
        texts = sorted({r["text"] for r in result["dropped"]})
        reasons.append(
            f"{len(result['dropped'])} dropped ({', '.join(repr(t) for t in texts)} at "
            + ", ".join(f"{r['due']:g} s" for r in result["dropped"])
            + "): the step's closing release cue is due at the same instant as the next step's instruction "
            "(or the closing notice), which has a higher priority and pre-empts it before it sounds"
        )
    if result["missing"]:
        reasons.append(f"{len(result['missing'])} never logged")
    return "; ".join(reasons) or "no data"
