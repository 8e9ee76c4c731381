"""Diary statistics (pure) and the CSV / Markdown exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from diary_data import NOW, sample_episodes
from voiceaid.diary import stats
from voiceaid.diary.export import CSV_COLUMNS, to_csv, to_markdown
from voiceaid.diary.model import Episode


def _at(days_ago: float, id: int = 0) -> Episode:
    return Episode(id=id, started_at=NOW - timedelta(days=days_ago))


def test_summary_of_the_sample() -> None:
    s = stats.summarize(sample_episodes(), NOW)
    assert (s.total, s.last_7, s.last_30) == (9, 3, 5)
    assert s.weekly == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 3]
    assert s.legs == {"left": 5, "right": 2, "both": 1, "unknown": 1}
    assert s.sites == {"calf": 5, "foot": 1, "back_of_thigh": 1, "front_of_thigh": 1, "unknown": 1}
    assert s.outcomes == {"today": 2, "soon": 1, "self_care": 5, "unknown": 1}
    assert round(s.average_s, 1) == round((200 + 150 + 45 + 320 + 90 + 660 + 120 + 30) / 8, 1)
    assert (s.shortest_s, s.longest_s) == (30, 660)
    assert {q: [e.id for e in found] for q, found in s.red_flags.items()} == {
        "long_cramp": [3],
        "one_leg_swollen": [6],
        "frequent": [9],
    }
    assert [e.id for e in s.episodes] == [9, 8, 7, 6, 5, 4, 3, 2, 1]


def test_is_frequent_counts_the_current_episode_once() -> None:
    current = _at(0, id=10)
    history = [_at(2, id=8), _at(6.5, id=9)]
    assert stats.is_frequent(history + [current], NOW, 3, 7) is True
    assert stats.is_frequent(history + [current, current], NOW, 4, 7) is False  # passed twice, counted once
    assert stats.is_frequent([current, _at(2, id=8), _at(7, id=9)], NOW, 3, 7) is False  # 7 days ago is outside
    assert stats.is_frequent([current, _at(0.5, id=8)], NOW, 2, 1) is True
    assert stats.is_frequent([], NOW, 3, 7) is False


def test_durations_and_labels() -> None:
    assert stats.average_duration_s([_at(1)]) is None
    assert stats.format_duration(None) == "-"
    assert stats.format_duration(45) == "45 s"
    assert stats.format_duration(240) == "4 min"
    assert stats.format_duration(200) == "3 min 20 s"
    assert stats.label("back_of_thigh") == "back of thigh"


ages = st.lists(st.floats(min_value=-3, max_value=120, allow_nan=False), max_size=40)


@settings(max_examples=200, deadline=None)
@given(ages)
def test_weeks_agree_with_the_day_counts(days_ago: list[float]) -> None:
    episodes = [_at(d, id=i) for i, d in enumerate(days_ago)]
    weekly = stats.weekly_counts(episodes, NOW, 12)
    assert len(weekly) == 12
    assert weekly[-1] == stats.count_in_last(episodes, NOW, 7)
    assert sum(weekly) == stats.count_in_last(episodes, NOW, 84)


def test_csv_has_one_row_per_episode_oldest_first() -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(sample_episodes()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [str(i) for i in range(1, 10)]
    newest = rows[-1]
    assert newest == {
        "id": "9",
        "started_at": "2026-11-23T03:10:00Z",
        "ended_at": "2026-11-23T03:15:20Z",
        "leg": "left",
        "site": "calf",
        "steps_done": "3",
        "eased_after_s": "200",
        "disposition": "soon",
        "reasons": "frequent",
        "answers": "frequent=yes;chest_or_breath=no",
        "derived": "frequent",
        "notes": "after a long walk",
        "source": "session",
        "kind": "cramp",
        "happened": "yes",
    }
    manual = rows[4]
    assert (manual["eased_after_s"], manual["disposition"], manual["source"]) == ("", "", "manual")


def test_csv_keeps_a_note_from_running_as_a_spreadsheet_formula() -> None:
    episode = Episode(id=1, started_at=NOW, notes='=HYPERLINK("x")')
    row = list(csv.DictReader(io.StringIO(to_csv([episode]))))[0]
    assert row["notes"] == "'=HYPERLINK(\"x\")"


def test_markdown_page_for_a_doctor() -> None:
    page = to_markdown(sample_episodes(), NOW, tz=timezone.utc, labels={"long_cramp": "Cramp over 10 minutes"})
    assert page.startswith("# Night leg cramp diary\n")
    for line in (
        "- Episodes recorded: 9 (15 Sep 2026 to 23 Nov 2026)",
        "- Last 7 days: 3; last 30 days: 5; about 0.9 a week overall",
        "- Per week, last 12 weeks (oldest first): 0 1 0 1 0 1 0 1 0 1 1 3",
        "- Time to ease: average 3 min 22 s, shortest 30 s, longest 11 min (8 timed)",
        "- Leg: left 5, right 2, both 1, not recorded 1",
        "- Site: calf 5, foot 1, back of thigh 1, front of thigh 1, not recorded 1",
        "- Outcome: today 2, soon 1, self care 5, not recorded 1",
        "- Cramp over 10 minutes (1×: 08 Oct 2026)",
        "- one leg swollen (1×: 12 Nov 2026)",
        "- frequent (1×: 23 Nov 2026)",
        "| Mon 23 Nov 2026 03:10 | left | calf | 3 min 20 s | soon | after a long walk |",
        "| Tue 15 Sep 2026 02:10 | - | - | 30 s | self care |  |",
    ):
        assert line in page.splitlines(), line
    assert len(page.splitlines()) < 60  # one page


def test_markdown_escapes_table_cells_and_handles_an_empty_diary() -> None:
    episode = Episode(id=1, started_at=NOW, notes="left | right\nnext line")
    page = to_markdown([episode], NOW, tz=timezone.utc)
    assert "| left \\| right next line |" in page
    assert "No episodes recorded." in to_markdown([], NOW, tz=timezone.utc)
