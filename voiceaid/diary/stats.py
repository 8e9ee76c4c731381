"""What the diary says, computed from a list of episodes: pure functions, `now` always passed in.

Windows are "the last N days up to now": an episode counts when now - N days < started_at <= now.
Weeks are rolling 7-day windows ending at `now` (the last bar is the last 7 days), so the chart,
the 7-day count and the "frequent" rule always agree.
Duration is the time to ease (`eased_after_s`); episodes without it are left out of the average.
Only real cramps (Episode.is_real_cramp) are counted by `summarize` and `is_frequent`: a bedtime
routine, the checklist alone or a launch quit at once is kept in the diary but is not a cramp.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from voiceaid.content.models import fill
from voiceaid.diary.model import DISPOSITIONS, LEGS, SITES, Episode

UNKNOWN = "unknown"


def _unique(episodes: Iterable[Episode]) -> list[Episode]:
    """Each episode once: the same id passed twice (say, the current one from memory and from the diary) counts once."""
    seen: set[int] = set()
    out = []
    for episode in episodes:
        if episode.id in seen:
            continue
        seen.add(episode.id)
        out.append(episode)
    return out


def real_cramps(episodes: Iterable[Episode]) -> list[Episode]:
    """Each real cramp once, leaving out bedtime routines, checklists alone and sessions where nothing happened."""
    return [e for e in _unique(episodes) if e.is_real_cramp]


def in_window(episodes: Iterable[Episode], now: datetime, days: float) -> list[Episode]:
    start = now - timedelta(days=days)
    return [e for e in _unique(episodes) if start < e.started_at <= now]


def count_in_last(episodes: Iterable[Episode], now: datetime, days: int) -> int:
    return len(in_window(episodes, now, days))


def is_frequent(episodes: Iterable[Episode], now: datetime, count: int, days: int) -> bool:
    """True when `count` or more episodes started in the last `days` days, the current one included.

    The current episode counts once and only once: it is in the diary from the moment the routine
    starts, and an episode passed twice (same id) is counted once. So with the defaults, tonight's
    cramp plus two others in the past week makes cramps "frequent".
    """
    return count_in_last(real_cramps(episodes), now, days) >= count


def weekly_counts(episodes: Iterable[Episode], now: datetime, weeks: int = 12) -> list[int]:
    """Episodes per rolling week, oldest first; the last item is the last 7 days."""
    counts = [0] * weeks
    for episode in _unique(episodes):
        age = now - episode.started_at
        if age < timedelta(0):
            continue
        index = age // timedelta(days=7)  # week 0 is (now - 7 days, now], as in count_in_last
        if index < weeks:
            counts[weeks - 1 - index] += 1
    return counts


def durations(episodes: Iterable[Episode]) -> list[float]:
    return [e.eased_after_s for e in _unique(episodes) if e.eased_after_s is not None]


def average_duration_s(episodes: Iterable[Episode]) -> float | None:
    values = durations(episodes)
    return sum(values) / len(values) if values else None


def _split(values: Iterable[str | None], order: Sequence[str]) -> dict[str, int]:
    counter = Counter(v if v is not None else UNKNOWN for v in values)
    keys = [k for k in order if counter[k]] + sorted(k for k in counter if k not in order and k != UNKNOWN)
    if counter[UNKNOWN]:
        keys.append(UNKNOWN)
    return {k: counter[k] for k in keys}


def leg_split(episodes: Iterable[Episode]) -> dict[str, int]:
    return _split((e.leg for e in _unique(episodes)), LEGS)


def site_split(episodes: Iterable[Episode]) -> dict[str, int]:
    return _split((e.site for e in _unique(episodes)), SITES)


def outcomes(episodes: Iterable[Episode]) -> dict[str, int]:
    """Dispositions, most urgent first; "unknown" for episodes that never reached an outcome."""
    return _split((e.disposition for e in _unique(episodes)), DISPOSITIONS)


def red_flags_yes(episodes: Iterable[Episode]) -> dict[str, list[Episode]]:
    """Question id -> the episodes where it was answered "yes" (by the person or derived), oldest first."""
    found: dict[str, list[Episode]] = {}
    for episode in sorted(_unique(episodes), key=lambda e: e.started_at):
        for question, answer in episode.answers.items():
            if answer == "yes":
                found.setdefault(question, []).append(episode)
    return found


@dataclass(frozen=True)
class Summary:
    """Everything the diary screen and the doctor's page show: real cramps only."""

    now: datetime
    total: int
    last_7: int
    last_30: int
    weekly: list[int]
    average_s: float | None
    shortest_s: float | None
    longest_s: float | None
    legs: dict[str, int]
    sites: dict[str, int]
    outcomes: dict[str, int]
    red_flags: dict[str, list[Episode]]
    first: datetime | None
    last: datetime | None
    episodes: list[Episode] = field(default_factory=list)  # newest first


def summarize(episodes: Iterable[Episode], now: datetime, weeks: int = 12) -> Summary:
    items = sorted(real_cramps(episodes), key=lambda e: (e.started_at, e.id), reverse=True)
    values = durations(items)
    return Summary(
        now=now,
        total=len(items),
        last_7=count_in_last(items, now, 7),
        last_30=count_in_last(items, now, 30),
        weekly=weekly_counts(items, now, weeks),
        average_s=average_duration_s(items),
        shortest_s=min(values) if values else None,
        longest_s=max(values) if values else None,
        legs=leg_split(items),
        sites=site_split(items),
        outcomes=outcomes(items),
        red_flags=red_flags_yes(items),
        first=items[-1].started_at if items else None,
        last=items[0].started_at if items else None,
        episodes=items,
    )


def format_duration(seconds: float | None, both: str = "{min} min {s} s", minutes_only: str = "{min} min", seconds_only: str = "{s} s") -> str:
    """"3 min 20 s", "45 s", or "-" when unknown; the diary screen passes its content's words."""
    if seconds is None:
        return "-"
    total = int(round(seconds))
    minutes, secs = divmod(total, 60)
    if minutes == 0:
        return fill(seconds_only, s=secs)
    return fill(both, min=minutes, s=secs) if secs else fill(minutes_only, min=minutes)


def label(value: str) -> str:
    """"back_of_thigh" -> "back of thigh"."""
    return value.replace("_", " ")
