"""Fixed diary data for screen and export tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from voiceaid.diary.model import Episode

NOW = datetime(2026, 11, 24, 7, 0, tzinfo=timezone.utc)


def sample_episodes() -> list[Episode]:
    """Nine episodes over ten weeks, newest first, with every kind of outcome."""

    def ep(id, days_ago, hour, leg, site, eased, disposition, answers=None, notes="", source="session"):
        started = NOW - timedelta(days=days_ago)
        started = started.replace(hour=hour, minute=10)
        return Episode(
            id=id,
            started_at=started,
            leg=leg,
            site=site,
            steps_done=3,
            eased_after_s=eased,
            answers=answers or {},
            derived={"frequent": "From your diary: 3 cramps in the last 7 days."} if (answers or {}).get("frequent") else {},
            disposition=disposition,
            reasons=[q for q, a in (answers or {}).items() if a != "no"],
            notes=notes,
            source=source,
            ended_at=None if eased is None else started + timedelta(seconds=eased + 120),
        )

    return [
        ep(9, 1, 3, "left", "calf", 200, "soon", {"frequent": "yes", "chest_or_breath": "no"}, "after a long walk"),
        ep(8, 3, 2, "left", "calf", 150, "self_care", {"frequent": "no"}),
        ep(7, 5, 4, "right", "foot", 45, "self_care"),
        ep(6, 12, 1, "left", "back_of_thigh", 320, "today", {"one_leg_swollen": "yes"}, "calf still sore next day"),
        ep(5, 20, 3, "both", "calf", None, None, {}, "", "manual"),
        ep(4, 33, 2, "left", "calf", 90, "self_care"),
        ep(3, 47, 5, "right", "front_of_thigh", 660, "today", {"long_cramp": "yes"}),
        ep(2, 61, 3, "left", "calf", 120, "self_care"),
        ep(1, 70, 2, None, None, 30, "self_care", {}, "", "manual"),
    ]
