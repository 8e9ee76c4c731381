"""How the diary's stored ids and durations read, in the content's words (the diary screen and the
page for a doctor alike). Stored ids stay English and stable; only what is shown is translated."""

from __future__ import annotations

from typing import Callable

from voiceaid.diary.stats import format_duration, label

Words = Callable[..., str]  # Content.text: a UI string by key, placeholders filled


def named(text: Words, prefix: str, value: str) -> str:
    """A stored id in the content's words (`side_left`, `site_back_of_thigh`, `outcome_name_today`);
    an id it has no word for (a diary written by another version) shows as stored, underscores spaced."""
    key = f"{prefix}{value}"
    shown = text(key)
    return label(value) if shown == key else shown


def duration(text: Words, seconds: float | None) -> str:
    return format_duration(seconds, text("duration_min_s"), text("duration_min"), text("duration_s"))
