"""The {placeholders} content may use: a misspelt one ({your_legg}) would otherwise be spoken aloud
literally, in the middle of the night, so check-content and the loader refuse it."""

from __future__ import annotations

import string

# Everything voiceaid fills in somewhere: leg and muscle words, numbers and times, and the values the
# screens, the diary and the CLI put into their strings.
KNOWN = frozenset(
    {
        # the person's leg and muscle (voiceaid.core.wording)
        "your_leg", "your_muscle", "one_leg", "other_leg", "muscle", "leg", "side",
        # the emergency number, shown and read digit by digit
        "emergency_number", "emergency_number_spoken",
        # timers, the diary and the routine
        "seconds", "minutes", "min", "s", "count", "days", "title", "tip", "n", "total", "time", "date",
        "duration", "timed", "weeks", "per_week", "first", "last", "longest", "shortest", "average", "peak",
        "counts", "percent", "split", "last_7", "last_30",
        # screen strings
        "choices", "text", "error", "problem", "reason", "name", "rate", "size", "voice",
    }
)  # fmt: skip


def problems_in(text: str) -> list[str]:
    """What is wrong with the placeholders of one text, in words for check-content; [] when all is well."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return ["has a { or } that does not close; write {name} for a placeholder, or leave braces out"]
    unknown = sorted({name for name in names if name not in KNOWN})
    if not unknown:
        return []
    listed = ", ".join("{" + name + "}" for name in unknown)
    return [f"unknown placeholder {listed}: it would be spoken as written; check the spelling (for example {{your_leg}}, {{emergency_number}})"]
