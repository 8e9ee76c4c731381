"""Diary exports: CSV (one row per saved session, with what it was: `kind`, `happened`) and
Markdown (one page to bring to a doctor, counting real cramps only).

Times in CSV are ISO 8601 UTC, unambiguous for any program; the Markdown page shows local time
(`tz`, the machine's zone when None). `labels` maps question ids to readable text (from the
content); a question without a label is shown as its id with spaces. Legs, sites and outcomes are
named by the content's UI strings (diary/words.py).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, tzinfo
from typing import Iterable, Mapping

from voiceaid.diary.model import Episode
from voiceaid.diary.stats import label, summarize
from voiceaid.diary.words import Words, duration, named, split_text

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
    "kind",
    "happened",
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
                e.kind,
                "yes" if e.happened else "no",
            ]
        )
    return out.getvalue()


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    return value.astimezone(tz) if tz is not None else value.astimezone()


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(
    episodes: Iterable[Episode],
    now: datetime,
    tz: tzinfo | None = None,
    labels: Mapping[str, str] | None = None,
    text: Words | None = None,
) -> str:
    """The page for a doctor, in the content's words (`text`: Content.text; the built-in content's
    when None). Markdown syntax stays here; every word comes from ui.yaml (`export_*`)."""
    labels = labels or {}
    if text is None:
        from voiceaid.content.loader import builtin_text

        text = builtin_text()
    s = summarize(episodes, now)
    day = lambda value: _local(value, tz).strftime(text("export_day"))  # noqa: E731
    when = lambda value: _local(value, tz).strftime(text("export_when"))  # noqa: E731
    lines = [f"# {text('export_title')}", ""]
    lines.append(text("export_printed", date=day(now)))
    lines.append("")
    if not s.total:
        lines.append(text("export_empty"))
        return "\n".join(lines) + "\n"
    assert s.first is not None and s.last is not None
    per_week = s.total / max(1.0, (now - s.first).days / 7)
    timed = len([e for e in s.episodes if e.eased_after_s is not None])
    lines += [
        f"## {text('export_how_often')}",
        "",
        "- " + text("export_recorded", total=s.total, first=day(s.first), last=day(s.last)),
        "- " + text("export_recent_counts", last_7=s.last_7, last_30=s.last_30, per_week=f"{per_week:.1f}"),
        "- " + text("export_weekly", weeks=len(s.weekly), counts=" ".join(str(n) for n in s.weekly)),
        "",
        f"## {text('export_how_long')}",
        "",
        "- "
        + text(
            "export_time_to_ease",
            average=duration(text, s.average_s),
            shortest=duration(text, s.shortest_s),
            longest=duration(text, s.longest_s),
            timed=timed,
        ),
        "- " + text("export_legs", split=split_text(text, "side_", s.legs, text("export_not_recorded"))),
        "- " + text("export_sites", split=split_text(text, "site_", s.sites, text("export_not_recorded"))),
        "- " + text("export_outcomes", split=split_text(text, "outcome_name_", s.outcomes, text("export_not_recorded"))),
        "",
        f"## {text('export_warning_signs')}",
        "",
    ]
    if s.red_flags:
        for question, found in s.red_flags.items():
            dates = ", ".join(day(e.started_at) for e in found)
            lines.append(f"- {labels.get(question, label(question))} ({len(found)}×: {dates})")
    else:
        lines.append(f"- {text('export_none')}")
    columns = [c.strip() for c in text("export_columns").split("|")]
    lines += ["", f"## {text('export_recent')}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for e in s.episodes[:RECENT_ROWS]:
        cells = [
            when(e.started_at),
            named(text, "side_", e.leg) if e.leg else "-",
            named(text, "site_", e.site) if e.site else "-",
            duration(text, e.eased_after_s),
            named(text, "outcome_name_", e.disposition) if e.disposition else "-",
            e.notes or "",
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    if s.total > RECENT_ROWS:
        lines.append("")
        lines.append(text("export_older", count=s.total - RECENT_ROWS))
    return "\n".join(lines) + "\n"
