"""One cramp episode as the diary keeps it, and the checks every stored value passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

LEGS = ("left", "right", "both")
SITES = ("calf", "foot", "back_of_thigh", "front_of_thigh")
ANSWERS = ("yes", "no", "unsure")
DISPOSITIONS = ("emergency", "today", "soon", "self_care")
SOURCES = ("session", "manual")
# What a session was: a cramp (`voiceaid`, the kiosk), the bedtime stretches, or the checklist alone.
KINDS = ("cramp", "bedtime", "check")

# Fields update_episode accepts (everything but the id).
FIELDS = (
    "started_at",
    "leg",
    "site",
    "steps_done",
    "eased_after_s",
    "answers",
    "derived",
    "disposition",
    "reasons",
    "notes",
    "source",
    "ended_at",
    "kind",
    "happened",
)


@dataclass(frozen=True)
class Episode:
    """A night cramp: created when the routine starts, filled in as it goes.

    Times are aware datetimes in UTC. `answers` maps a checklist question id to "yes"/"no"/"unsure";
    `derived` maps the ids voiceaid answered itself (such as "frequent", from this diary) to the
    reason it gave; `reasons` are the question ids behind the disposition.

    `kind` is what the session was (KINDS) and `happened` whether the person did anything in it (a
    step done, an answer, a leg or site given, the emergency outcome): a launch quit at once is saved
    but is not a cramp. Only real cramps count toward "frequent" and in the statistics.
    """

    id: int
    started_at: datetime
    leg: str | None = None
    site: str | None = None
    steps_done: int = 0
    eased_after_s: float | None = None
    answers: dict[str, str] = field(default_factory=dict)
    derived: dict[str, str] = field(default_factory=dict)
    disposition: str | None = None
    reasons: list[str] = field(default_factory=list)
    notes: str = ""
    source: str = "session"
    ended_at: datetime | None = None
    kind: str = "cramp"
    happened: bool = True

    @property
    def is_real_cramp(self) -> bool:
        """A cramp episode in which something happened: what "frequent" and the statistics count."""
        return self.kind == "cramp" and self.happened


# No episode is older than the Unix epoch: an earlier date is a typo ("0026"), times are stored as
# text of a fixed width (four-digit years) so that text order is time order, and some systems cannot
# show an earlier time in local time. (A bedside computer with no clock battery that starts at the
# epoch still saves its episodes.)
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _episode_time(value: datetime, name: str) -> datetime:
    value = utc(value, name)
    if value < EARLIEST:
        raise ValueError(f"{name} must be in {EARLIEST.year} or later, not {value.date().isoformat()}")
    return value


def utc(value: datetime, name: str) -> datetime:
    """An aware datetime converted to UTC; a naive one is a programming error."""
    if not isinstance(value, datetime):
        raise ValueError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(timezone.utc)


def _choice(name: str, value: Any, choices: tuple[str, ...], optional: bool = True) -> Any:
    if value is None and optional:
        return None
    if value not in choices:
        allowed = ", ".join(choices)
        raise ValueError(f"{name} must be one of {allowed}{' or None' if optional else ''}, not {value!r}")
    return value


def _str_map(name: str, value: Any, choices: tuple[str, ...] | None) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"{name} must map question ids to text")
    if choices is not None:
        for key, answer in value.items():
            _choice(f"{name}[{key!r}]", answer, choices, optional=False)
    return dict(value)


def check_field(name: str, value: Any) -> Any:
    """The value to store for one field, or ValueError saying what is wrong."""
    if name in ("started_at",):
        return _episode_time(value, name)
    if name == "ended_at":
        return None if value is None else _episode_time(value, name)
    if name == "leg":
        return _choice(name, value, LEGS)
    if name == "site":
        return _choice(name, value, SITES)
    if name == "disposition":
        return _choice(name, value, DISPOSITIONS)
    if name == "source":
        return _choice(name, value, SOURCES, optional=False)
    if name == "kind":
        return _choice(name, value, KINDS, optional=False)
    if name == "happened":
        if not isinstance(value, bool):
            raise ValueError(f"happened must be True or False, not {value!r}")
        return value
    if name == "steps_done":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"steps_done must be a whole number 0 or more, not {value!r}")
        return value
    if name == "eased_after_s":
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 10**7:
            raise ValueError(f"eased_after_s must be seconds (0 or more), not {value!r}")
        return float(value)
    if name == "answers":
        return _str_map(name, value, ANSWERS)
    if name == "derived":
        return _str_map(name, value, None)
    if name == "reasons":
        if not isinstance(value, (list, tuple)) or not all(isinstance(r, str) for r in value):
            raise ValueError("reasons must be a list of question ids")
        return list(value)
    if name == "notes":
        if not isinstance(value, str):
            raise ValueError("notes must be text")
        try:
            value.encode("utf-8")  # a command-line argument that was not UTF-8 arrives as lone surrogates
        except UnicodeEncodeError:
            raise ValueError("notes must be text in UTF-8; it has bytes that are not (type it again)") from None
        return value
    raise ValueError(f"unknown episode field {name!r}; known fields: {', '.join(FIELDS)}")
