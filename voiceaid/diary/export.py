"""Diary exports: CSV (one row per episode) and Markdown (one page to bring to a doctor).

Times in CSV are ISO 8601 UTC, unambiguous for any program; the Markdown page shows local time
(`tz`, the machine's zone when None). `labels` maps question and outcome ids to readable text
(from the content); an id without a label is shown as the id with spaces.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo
from typing import Iterable, Mapping

from voiceaid.diary.model import Episode
from voiceaid.diary.stats import format_duration, label, summarize

CSV_COLUMNS = (
    "id",
    "started_at",
    "ended_at",
    "leg",
    "site",
    "steps_done",
    "eased_after_s",
    "disposition",
    "reasons",
    "answers",
    "derived",
    "notes",
    "source",
)

RECENT_ROWS = 15  # episodes listed on the doctor's page; the counts above cover all of them


def _cell(value: str) -> str:
    """Keep a spreadsheet from running text as a formula (a note starting with = + - @)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _utc(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else ""


def to_csv(episodes: Iterable[Episode]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in sorted(episodes, key=lambda e: (e.started_at, e.id)):
        writer.writerow(
            [
                e.id,
                _utc(e.started_at),
                _utc(e.ended_at),
                e.leg or "",
                e.site or "",
                e.steps_done,
                "" if e.eased_after_s is None else f"{e.eased_after_s:g}",
                e.disposition or "",
                ";".join(e.reasons),
                ";".join(f"{q}={a}" for q, a in e.answers.items()),
                ";".join(e.derived),
                _cell(e.notes),
                e.source,
            ]
        )
    return out.getvalue()


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    return value.astimezone(tz) if tz is not None else value.astimezone()


def _split_text(split: Mapping[str, int], labels: Mapping[str, str]) -> str:
    names = {"unknown": "not recorded", **labels}
    return ", ".join(f"{names.get(k, label(k))} {n}" for k, n in split.items()) or "-"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(
    episodes: Iterable[Episode],
    now: datetime,
    tz: tzinfo | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    labels = labels or {}
    s = summarize(episodes, now)
    day = lambda value: _local(value, tz).strftime("%d %b %Y")  # noqa: E731
    when = lambda value: _local(value, tz).strftime("%a %d %b %Y %H:%M")  # noqa: E731
    lines = ["# Night leg cramp diary", ""]
    lines.append(f"Printed {day(now)}. Kept by the person with voiceaid; a record, not a diagnosis.")
    lines.append("")
    if not s.total:
        lines.append("No episodes recorded.")
        return "\n".join(lines) + "\n"
    assert s.first is not None and s.last is not None
    per_week = s.total / max(1.0, (now - s.first).days / 7)
    lines += [
        "## How often",
        "",
        f"- Episodes recorded: {s.total} ({day(s.first)} to {day(s.last)})",
        f"- Last 7 days: {s.last_7}; last 30 days: {s.last_30}; about {per_week:.1f} a week overall",
        f"- Per week, last 12 weeks (oldest first): {' '.join(str(n) for n in s.weekly)}",
        "",
        "## How long, where",
        "",
        f"- Time to ease: average {format_duration(s.average_s)}, shortest {format_duration(s.shortest_s)}, "
        f"longest {format_duration(s.longest_s)} ({len([e for e in s.episodes if e.eased_after_s is not None])} timed)",
        f"- Leg: {_split_text(s.legs, labels)}",
        f"- Site: {_split_text(s.sites, labels)}",
        f"- Outcome: {_split_text(s.outcomes, labels)}",
        "",
        "## Warning signs answered yes",
        "",
    ]
    if s.red_flags:
        for question, found in s.red_flags.items():
            dates = ", ".join(day(e.started_at) for e in found)
            lines.append(f"- {labels.get(question, label(question))} ({len(found)}×: {dates})")
    else:
        lines.append("- None")
    lines += ["", "## Recent episodes", "", "| When | Leg | Site | Eased after | Outcome | Notes |", "|---|---|---|---|---|---|"]
    for e in s.episodes[:RECENT_ROWS]:
        cells = [
            when(e.started_at),
            e.leg or "-",
            label(e.site) if e.site else "-",
            format_duration(e.eased_after_s),
            labels.get(e.disposition, label(e.disposition)) if e.disposition else "-",
            e.notes or "",
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    if s.total > RECENT_ROWS:
        lines.append("")
        lines.append(f"{s.total - RECENT_ROWS} older episodes are counted above but not listed.")
    return "\n".join(lines) + "\n"
