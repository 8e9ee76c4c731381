"""How the diary's stored ids and durations read, in the content's words (the diary screen and the
page for a doctor alike). Stored ids stay English and stable; only what is shown is translated."""

from __future__ import annotations

from typing import Callable, Mapping

from voiceaid.diary.stats import format_duration, label
from voiceaid.plain_text import terminal_safe

Words = Callable[..., str]  # Content.text: a UI string by key, placeholders filled


def named(text: Words, prefix: str, value: str) -> str:
    """A stored id in the content's words (`side_left`, `site_back_of_thigh`, `outcome_name_today`);
    an id it has no word for (a diary written by another version) shows as stored, underscores spaced."""
    key = f"{prefix}{value}"
    shown = text(key)
    return label(value) if shown == key else shown


def duration(text: Words, seconds: float | None) -> str:
    return format_duration(seconds, text("duration_min_s"), text("duration_min"), text("duration_s"))


def split_text(text: Words, prefix: str, split: Mapping[str, int], unknown: str | None = None) -> str:
    """"left 5, right 2": counts by stored id, in the content's words. Episodes that did not record
    it (the "unknown" count) are named `unknown`, or left out when it is None."""
    parts = []
    for key, count in split.items():
        if key != "unknown":
            parts.append(f"{named(text, prefix, key)} {count}")
        elif unknown is not None:
            parts.append(f"{unknown} {count}")
    return ", ".join(parts) or "-"


def one_line(text: str) -> str:
    """A note as one line of plain text: line breaks and control characters (a terminal's escape
    sequences among them) are shown as spaces, so one episode stays one line and nothing in a note
    reaches the terminal as a command: an escape sequence goes whole (voiceaid.plain_text)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in terminal_safe(text)).split())
