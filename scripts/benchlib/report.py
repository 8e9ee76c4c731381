"""The machine, and bench/report.json + bench/report.md from the measurements."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchlib.common import REPO, Measurement


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except Exception:  # noqa: BLE001
        pass
    try:
        import voiceaid

        info["voiceaid"] = voiceaid.__version__
    except Exception:  # noqa: BLE001
        info["voiceaid"] = "?"
    info["git_commit"] = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    info["git_dirty"] = bool(dirty)
    if dirty:
        info["git_modified"] = [line[3:] for line in dirty.splitlines()]
    for tool, args in (("tmux", ["-V"]), ("espeak-ng", ["--version"])):
        try:
            info[tool] = subprocess.run([tool, *args], capture_output=True, text=True).stdout.strip().splitlines()[0]
        except Exception:  # noqa: BLE001
            info[tool] = None
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


# ----------------------------------------------------------------------------- formatting
def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "count":
        return f"{value:g}"
    if unit == "% of a core":
        return f"{value:.2f} %"
    if unit in ("%", "MB"):
        return f"{value:.1f} {unit}"
    return f"{value:g} {unit}".strip()


def met_text(m: dict) -> str:
    if m.get("error"):
        return "error"
    if m["met"] is None:
        return "not measured" if m["note"].startswith("not measured") else "–"
    return "yes" if m["met"] else "**NO**"


def rows(measurements: dict[str, dict]) -> list[list[str]]:
    out = []
    for name, m in measurements.items():
        checked = m.get("checked", "median")
        value = fmt(m["median"], m["unit"])
        if m["runs"] and checked != "median":
            value += f" ({checked} {fmt(m.get('checked_value'), m['unit'])})"
        if m["runs"] > 1:
            value += f" ×{m['runs']}"
        out.append([name, value, m["target"], met_text(m), m["note"]])
    return out


def table(measurements: dict[str, dict], markdown: bool = True) -> str:
    header = ["measurement", "median", "target", "met", "note"]
    body = rows(measurements)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in body + [header]) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header[:4], widths)) + "  note"]
    for row in body:
        note = row[4] if len(row[4]) < 140 else row[4][:137] + "..."
        lines.append("  ".join(c.replace("**", "").ljust(w) for c, w in zip(row[:4], widths)) + "  " + note)
    return "\n".join(lines)


def write(out: Path, info: dict, measurements: list[Measurement], command: str, seconds: float, quick: bool) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    summary = {m.name: m.summary() for m in measurements}
    data = {"command": command, "quick": quick, "seconds": round(seconds, 1), "machine": info, "measurements": summary}
    (out / "report.json").write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown(data), encoding="utf-8")
    return data


def markdown(data: dict) -> str:
    info, ms = data["machine"], data["measurements"]
    lines = [
        "# voiceaid benchmark",
        "",
        f"`{data['command']}`{' (quick: fewer runs, shorter holds, a 40 s routine, corpus subsets)' if data['quick'] else ''}"
        f" — {data['seconds']:.0f} s, {info['date']}",
        "",
        f"**Machine:** {info.get('cpu')}, {info.get('cores')} cores, {info.get('memory_gb', '?')} GB; {info.get('platform')}; "
        f"Python {info.get('python')}; voiceaid {info.get('voiceaid')} at {info.get('git_commit', '')[:12]}"
        f"{' (+ uncommitted changes: ' + ', '.join(info.get('git_modified', [])) + ')' if info.get('git_dirty') else ''}; "
        f"{info.get('tmux')}; {info.get('espeak-ng')}; load average at start {info.get('load_average_at_start')}.",
        "",
        "Medians over the runs; where the target is on another statistic (max, mean) it is shown in brackets. "
        "Every run of the app has its own temporary HOME (XDG dirs, `.asoundrc`), so no real config, cache or diary is used.",
        "",
        table(ms),
        "",
    ]
    missed = [(n, m) for n, m in ms.items() if m["met"] is False or m.get("error")]
    if missed:
        lines += ["## Misses and errors", ""]
        lines += [f"- **{n}** — {m.get('error') or m['note']}" for n, m in missed]
        lines.append("")
    engines = next((m["details"]["engines table"] for m in ms.values() if (m.get("details") or {}).get("engines table")), None)
    if engines:
        lines += ["## Engines", "", "sphinx, whisper and both side by side (scripts/engine-scorecard and scripts/bench --only live --engine ENGINE).", "", "```", engines, "```", ""]
    lines += ["## Details", ""]
    shown_tables = set()
    for name, m in ms.items():
        lines += [f"### {name}: {m['title']}", ""]
        values = ", ".join(fmt(v, m["unit"]) for v in m["values"][:40])
        lines.append(f"- runs: {m['runs']}; median {fmt(m['median'], m['unit'])}, min {fmt(m['min'], m['unit'])}, max {fmt(m['max'], m['unit'])}; target {m['target']}")
        if values:
            lines.append(f"- values: {values}{' …' if len(m['values']) > 40 else ''}")
        lines.append(f"- note: {m.get('error') or m['note']}")
        details = m.get("details") or {}
        for key, value in details.items():
            if key in ("runs", "rows", "recogniser", "side-by-side", "worst", "nights", "turns", "engines") or key.endswith("table"):
                continue
            lines.append(f"- {key}: {_short(value)}")
        titles = {
            "table": "recogniser (headline corpus)",
            "side-by-side table": "side by side with the stock recognize_sphinx (same subset)",
            "recorded voices table": "recogniser, voices built from recordings of real people (flite)",
        }
        for key, title in titles.items():
            if details.get(key) and key not in shown_tables:
                shown_tables.add(key)
                lines += ["", f"{title}:", "", "```", details[key], "```"]
        if details.get("live table"):
            lines += ["", "live loop, per turn (nights: " + str(len(details.get("nights", []))) + "):", "", "```", details["live table"], "```", ""]
            lines += [f"- night: {night}" for night in details.get("nights", [])]
        if "worst" in details:
            lines += ["", "worst cues:", ""] + [f"- {r['error'] * 1000:+.0f} ms at {r['due']:g} s ({r['kind']}): {r['text']}" for r in details["worst"]]
        lines.append("")
    return "\n".join(lines)


def _short(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(json.dumps(v, default=str) for v in value[:8]) + (" …" if len(value) > 8 else "")
    if isinstance(value, (dict, list)):
        text = json.dumps(value, default=str)
        return text if len(text) < 1500 else text[:1500] + " …"
    return str(value)
